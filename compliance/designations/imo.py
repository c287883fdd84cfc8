"""IMO numbers: the check digit, finding them in free text, and reading one from a cell."""

from __future__ import annotations

import re
from typing import Final

_IMO_IN_TEXT: Final = re.compile(
    r"\bIMO\b\)?[ \t]*(?:(?:number|no|nr|num)\b\.?)?[ \t]*[:#.]?[ \t]*(\d{7})(?!\d)", re.IGNORECASE
)
_IMO_CELL: Final = re.compile(
    r"(?:IMO\b\)?\s*(?:(?:number|no|nr|num)\b\.?)?\s*[:#.]?\s*)?(\d{7})(?:\.0+)?", re.IGNORECASE
)


def imo_check_digit(digits: str) -> bool:
    """True for seven digits whose last is the IMO check digit (not all zeros): 9144598 is valid."""
    if len(digits) != 7 or not digits.isascii() or not digits.isdigit() or digits == "0000000":
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(digits[6])


def imo_numbers_in(text: str) -> tuple[str, ...]:
    """IMO numbers written after the 'IMO' token in free text; other seven-digit numbers are ignored."""
    return tuple(dict.fromkeys(_IMO_IN_TEXT.findall(text or "")))


def imo_digits(value: object) -> str | None:
    """The seven digits a cell gives as an IMO number ('IMO 9144598', 9144598, 9144598.0), unchecked."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return None
        value = str(int(value))
    match = _IMO_CELL.fullmatch(" ".join(str(value).split()))
    return match.group(1) if match else None


def parse_imo(value: object) -> str | None:
    """A cell's IMO number if it is one (seven digits with a valid check digit), else None."""
    digits = imo_digits(value)
    return digits if digits and imo_check_digit(digits) else None


def imo_problem(value: object) -> str | None:
    """Why a non-empty IMO cell is not a valid IMO number, in plain words; None when it is (or is empty)."""
    text = "" if value is None else " ".join(str(value).split())
    if not text:
        return None
    digits = imo_digits(value)
    if digits is None:
        return f"'{text}' is not an IMO number (IMO numbers are seven digits, e.g. IMO 9144598)"
    if digits == "0000000":
        return f"'{text}' is all zeros, a placeholder rather than an IMO number"
    if not imo_check_digit(digits):
        return f"'{text}' fails the IMO check digit; the number is mistyped or not a ship's IMO number"
    return None
