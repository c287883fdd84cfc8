"""Text printed to a terminal: control, bidi and unpaired-surrogate characters made visible.

A reference, sheet or file name comes from the ledger or the file system and may hold ESC (terminal
commands), BEL, a carriage return, or a bidi override that reorders what follows it on the line; any
of them can make "1 prohibited" display as "0 prohibited". Every line the command line prints goes
through `printable`, which writes such characters as escapes (`\\x1b`, `\\u202e`) instead.
"""

from __future__ import annotations

import re
from typing import Final, TextIO

BIDI_CONTROLS: Final = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Arabic letter mark, LRM/RLM, the embeddings and overrides, and the isolates."""

_UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029\ufeff\ud800-\udfff]"
)  # C0 and C1 controls with DEL, bidi controls, line/paragraph separators, BOM, lone surrogates


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """The text with every control, bidi or unpaired surrogate character written as an escape."""
    return _UNSAFE.sub(_escape, str(text))


def printable_lines(text: str) -> str:
    """Like `printable`, keeping the line breaks (and only those) of a multi-line message."""
    return "\n".join(printable(line) for line in text.split("\n"))


class PrintableStream:
    """A text stream that passes every line written to it through `printable`, keeping its newlines."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        """Write the text made printable; returns the characters given, as a stream does."""
        self.stream.write(printable_lines(text))
        return len(text)

    def flush(self) -> None:
        """Flush the stream underneath."""
        self.stream.flush()


__all__ = ["BIDI_CONTROLS", "PrintableStream", "printable", "printable_lines"]
