"""Cell values as python-calamine gives them: empty and error cells, booleans, dates, ISO text, numbers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

from compliance.intake.xlsx_stream.errors import XlsxStreamError
from compliance.intake.xlsx_stream.formats import _DURATION

# --- values -------------------------------------------------------------------------------------

_EMPTY: Final = None
"""calamine's Data::Empty: a cell that neither holds a value nor widens the used range."""
_ERROR_VALUE: Final = ""
"""An error cell (#N/A...): python-calamine shows it as "", but it does widen the used range."""
_ERRORS: Final = frozenset((b"#DIV/0!", b"#N/A", b"#NAME?", b"#NULL!", b"#NUM!", b"#REF!", b"#VALUE!"))
_BOOLS: Final = {b"1": True, b"0": False, b"true": True, b"false": False}


_EPOCH_ORDINAL: Final = dt.date(1899, 12, 30).toordinal()
_MS_PER_DAY: Final = 86_400_000
_I64_MAX: Final = 2**63 - 1
_I64_MIN: Final = -(2**63)


def _days_before_year(year: int) -> int:
    y = year - 1
    return y * 365 + y // 4 - y // 100 + y // 400


# chrono's NaiveDate range (years -262144 to 262143), as proleptic Gregorian ordinals.
_CHRONO_MIN_ORDINAL: Final = _days_before_year(-262_144) + 1
_CHRONO_MAX_ORDINAL: Final = _days_before_year(262_144)
_PY_MAX_ORDINAL: Final = dt.date.max.toordinal()


def _rounded_i64(value: float) -> int:
    """Rust's `value.round() as i64`: halves away from zero, saturating, NaN to 0."""
    if value != value:
        return 0
    if value >= 9.223372036854775807e18:
        return _I64_MAX
    if value <= -9.223372036854775808e18:
        return _I64_MIN
    whole = int(value)
    fraction = value - whole
    if fraction >= 0.5:
        return whole + 1
    if fraction <= -0.5:
        return whole - 1
    return whole


def _excel_instant(value: float, is_1904: bool) -> tuple[int, int] | None:
    """(proleptic ordinal, milliseconds into the day) of an Excel serial, or None out of range."""
    serial = value + 1462.0 if is_1904 else value
    if not serial >= 60.0:  # Excel's phantom 29 Feb 1900
        serial += 1.0
    ms = _rounded_i64(serial * _MS_PER_DAY)
    if ms == _I64_MIN:
        return None
    days, rest = divmod(ms, _MS_PER_DAY)
    ordinal = _EPOCH_ORDINAL + days
    if not _CHRONO_MIN_ORDINAL <= ordinal <= _CHRONO_MAX_ORDINAL:
        return None
    return ordinal, rest


def _time_of_day(ms: int) -> dt.time:
    return dt.time(ms // 3_600_000, ms // 60_000 % 60, ms // 1000 % 60, ms % 1000 * 1000)


def excel_date_value(value: float, kind: int, is_1904: bool) -> Any:
    """What python-calamine gives for a number in a date (1) or duration (2) format."""
    if kind == _DURATION:
        try:
            return dt.timedelta(milliseconds=_rounded_i64(value * _MS_PER_DAY))
        except OverflowError:
            raise XlsxStreamError(f"has a duration too large to represent ({value})") from None
    if value < 1.0:
        instant = _excel_instant(value, is_1904)
        return value if instant is None else _time_of_day(instant[1])
    instant = _excel_instant(value, is_1904)
    if instant is None or not 1 <= instant[0] <= _PY_MAX_ORDINAL:
        return value  # beyond year 9999: python-calamine keeps the number
    day = dt.date.fromordinal(instant[0])
    if value < 18446744073709551616.0 and value == int(value):
        return day
    return dt.datetime.combine(day, _time_of_day(instant[1]))


_ISO_DATE = re.compile(r"\s*\+?(\d{1,4})-(\d{1,2})-(\d{1,2})\s*")
_ISO_TIME = re.compile(r"\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*")
_ISO_DATETIME = re.compile(r"\s*\+?(\d{1,4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*")


def _iso_time(hour: str, minute: str, second: str | None, fraction: str | None) -> dt.time | None:
    h, m, s = int(hour), int(minute), int(second or 0)
    micro = int((fraction or "0")[:9].ljust(9, "0")) // 1000
    if s == 60:  # a leap second: Python has none, python-calamine steps back to :59
        s = 59
    if h > 23 or m > 59 or s > 59:
        return None
    return dt.time(h, m, s, micro)


def iso_value(text: str) -> Any:
    """A t="d" cell (ISO 8601 text) as python-calamine gives it: date, time, datetime or the text."""
    try:
        if "T" in text:
            match = _ISO_DATETIME.fullmatch(text)
            if match:
                year, month, day, hour, minute, second, fraction = match.groups()
                clock = _iso_time(hour, minute, second, fraction)
                if clock is not None:
                    return dt.datetime.combine(dt.date(int(year), int(month), int(day)), clock)
        elif ":" in text:
            match = _ISO_TIME.fullmatch(text)
            if match:
                clock = _iso_time(*match.groups())
                if clock is not None:
                    return clock
        else:
            match = _ISO_DATE.fullmatch(text)
            if match:
                return dt.date(*map(int, match.groups()))
    except ValueError:
        pass
    return text


# fast_float's grammar (Python's float() also takes "1_0" and " 1", which calamine does not).
_FLOAT = re.compile(
    rb"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?"
    rb"|[nN][aA][nN])"
)
