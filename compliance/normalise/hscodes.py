"""HS code cells -> digit strings: repair what Excel did to them, say plainly what is wrong.

Excel stores "0307.43" as the number 307.43 and "030743" as 30743: the leading zero of chapters
01-09 is lost, and with it the seafood chapter 03 that matters most here. HS codes always have an
even number of digits, so an odd count means a dropped zero and it can be put back safely.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from functools import lru_cache
from typing import Final, NamedTuple

__all__ = ["HsCode", "hs_chapter", "normalise_hs"]


class HsCode(NamedTuple):
    """A normalised HS code cell."""

    digits: str | None
    """2 to 10 digits, even length; None when no code was given or the cell is invalid."""
    valid: bool
    """False when the cell holds something that is not an HS code (see `problem`)."""
    restored_zero: bool
    """True when a zero Excel dropped was put back (leading, or trailing after a decimal point)."""
    problem: str | None
    """Why the cell is invalid, in plain words; None when valid."""
    raw: str
    """The cell as received, as text."""


_NO_CODE: Final = HsCode(None, True, False, None, "")
_MAX_DIGITS: Final = 10

# "HS 0307.43", "HS: 0307", "H.S. code 0307", "HSN 0307", "HTS 8471.30.0100", "HS-0307".
_PREFIX: Final = re.compile(
    r"^(?:h\.?\s?s\.?(?:\s*n\b|\s*code\b)?|hts(?:us)?\b)\s*(?:no\.?|nr\.?|number|#)?\s*[:#=\-]?\s*",
    re.IGNORECASE,
)
_SEPARATORS: Final = re.compile(r"[.\s\-\u00a0\u202f\u2009]+")
_SEVERAL: Final = re.compile(r"[,;&+\n]|\band\b", re.IGNORECASE)
_LETTER: Final = re.compile(r"[^\W\d_]")
# A number Excel turned into text: "30743.0" or "8471.3" (one decimal digit never occurs in a
# dotted HS code, whose groups after the first are 2 or 4 digits).
_FLOAT_TEXT: Final = re.compile(r"^\d+\.\d$")


def _invalid(raw: str, problem: str) -> HsCode:
    return HsCode(None, False, False, problem, raw)


def _from_digits(digits: str, raw: str, *, restored: bool = False) -> HsCode:
    if not digits:
        return _invalid(raw, f"'{raw}' has no digits")
    if len(digits) > _MAX_DIGITS:
        return _invalid(raw, f"'{raw}' has {len(digits)} digits; HS codes have at most 10")
    if len(digits) % 2:
        digits = "0" + digits
        restored = True
        if len(digits) > _MAX_DIGITS:
            return _invalid(raw, f"'{raw}' has more than 10 digits once its leading zero is restored")
    chapter = digits[:2]
    if chapter == "00":
        return _invalid(raw, f"'{raw}' is in chapter 00, which does not exist")
    if chapter == "77":
        return _invalid(raw, f"'{raw}' is in chapter 77, which the HS keeps reserved and unused")
    if chapter in ("98", "99"):
        return _invalid(
            raw,
            f"'{raw}' is in chapter {chapter}, which is for national use and not part of the HS",
        )
    return HsCode(digits, True, restored, None, raw)


@lru_cache(maxsize=1 << 14)
def _from_int(value: int) -> HsCode:
    # Guard before str(): Python refuses to print ints of more than 4300 digits.
    if abs(value) >= 10**100:
        return _invalid("a very large number", "a number of over 100 digits is not an HS code")
    if value >= 10**_MAX_DIGITS:
        raw = str(value)
        return _invalid(raw, f"'{raw}' has {len(raw)} digits; HS codes have at most 10")
    raw = str(value)
    if value < 0:
        return _invalid(raw, f"'{raw}' is a negative number, not an HS code")
    return _from_digits(raw, raw)


@lru_cache(maxsize=1 << 14)
def _from_float(value: float) -> HsCode:
    raw = repr(value)
    if math.isinf(value):
        return _invalid(raw, f"'{raw}' is not a number")
    if value.is_integer():
        return _with_raw(_from_int(int(value)), raw)
    # A heading typed with a decimal point (0307.43, 8471.30) and stored as a number: the
    # integer part must be a heading, and Excel drops the trailing zero of ".30" as well.
    whole, _, fraction = raw.partition(".")
    if value < 0 or "e" in raw or not 3 <= len(whole) <= 4 or len(whole) + len(fraction) > 11:
        return _invalid(raw, f"'{raw}' is a decimal number, not an HS code")
    restored = False
    if len(fraction) % 2:
        fraction += "0"
        restored = True
    if len(whole) % 2:
        whole = "0" + whole
        restored = True
    return _from_digits(whole + fraction, raw, restored=restored)


def _with_raw(code: HsCode, raw: str) -> HsCode:
    return code._replace(raw=raw)


@lru_cache(maxsize=1 << 16)
def _from_text(text: str) -> HsCode:
    raw = text.strip()
    if not raw:
        return _NO_CODE
    if _FLOAT_TEXT.match(raw):
        return _with_raw(_from_float(float(raw)), raw)
    body = _PREFIX.sub("", raw, count=1)
    if _SEVERAL.search(body) and sum(ch.isdigit() for ch in body) > 2:
        return _invalid(raw, f"'{raw}' looks like more than one HS code; give one code per row")
    if _LETTER.search(body):
        return _invalid(raw, f"'{raw}' has letters in it")
    compact = _SEPARATORS.sub("", body)
    if not compact.isascii() or not compact.isdigit():
        if not compact:
            return _invalid(raw, f"'{raw}' has no digits")
        return _invalid(raw, f"'{raw}' has characters that are not part of an HS code")
    return _from_digits(compact, raw)


def normalise_hs(value: object) -> HsCode:
    """Read an HS code cell (text or Excel number), restoring a zero Excel dropped."""
    if isinstance(value, str):
        return _from_text(value)
    if value is None:
        return _NO_CODE
    if isinstance(value, bool):
        return _invalid(str(value), f"'{value}' is a yes/no value, not an HS code")
    if isinstance(value, int):
        return _from_int(value)
    if isinstance(value, float):
        # NaN is how data frames spell an empty cell.
        return _NO_CODE if math.isnan(value) else _from_float(value)
    if isinstance(value, Decimal):
        if value.is_nan():
            return _NO_CODE
        if not value.is_finite() or abs(value) >= 10**_MAX_DIGITS:
            return _invalid(str(value), f"'{value}' is not an HS code")
        if value == value.to_integral_value():
            return _from_int(int(value))
        return _from_float(float(value))
    if isinstance(value, dt.date):
        return _invalid(str(value), f"'{value}' is a date, not an HS code")
    return _from_text(str(value))


def hs_chapter(digits: str) -> str:
    """The HS chapter (first two digits) of a normalised code."""
    return digits[:2]
