"""Number formats: which cell styles calamine reads as dates, times or durations."""

from __future__ import annotations

from typing import Final

_OTHER, _DATETIME, _DURATION = 0, 1, 2
# Built-in number formats calamine reads as dates and times ([h]:mm:ss, 46, as a duration).
_BUILTIN_DATES: Final = frozenset(str(i) for i in (*range(14, 23), *range(27, 37), 45, 47, *range(50, 59)))
_BUILTIN_DURATION: Final = "46"


def number_format_kind(code: str) -> int:
    """0 for a plain number format, 1 for a date/time, 2 for a duration ([h]:mm) (calamine's rule)."""
    escaped = quoted = ap = hms = False
    brackets = 0
    prev = " "
    for char in code:
        if escaped:
            escaped = False
        elif char in "_\\*":  # the next character is a literal (or a fill / width character)
            escaped = True
        elif quoted:
            if char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == ";":
            return _OTHER  # only the first section counts
        elif char == "[":
            brackets += 1
        elif char == "]" and brackets == 1 and hms:
            return _DURATION
        elif char == "]":
            brackets = max(brackets - 1, 0)
        elif char in "aA" and not ap and brackets == 0:
            ap = True
        elif brackets == 0 and ((ap and char in "pmPM/") or (not ap and char in "dmhysDMHYS")):
            return _DATETIME
        elif not (hms and char.lower() == prev.lower()):
            hms = prev == "[" and char in "mhsMHS"
        prev = char
    return _OTHER
