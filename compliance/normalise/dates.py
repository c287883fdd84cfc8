"""Date cells -> datetime.date, refusing to guess when day and month could be swapped.

Wind-down windows and the 22 Dec 2019 repatriation deadline turn on single days, so "03/04/2019"
is never silently read one way: it is reported as ambiguous unless the caller knows the sheet's
order (see `infer_date_order`, which looks for a "22/12/2019" or "12/22/2019" elsewhere).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Final, NamedTuple

__all__ = ["ParsedDate", "infer_date_order", "parse_date"]


class ParsedDate(NamedTuple):
    """A parsed date cell."""

    value: dt.date | None
    """The date; None when the cell is empty, not a date, or ambiguous."""
    ambiguous: bool
    """True when day and month could be either way round ("03/04/2019")."""
    problem: str | None
    """Why no date could be read, in plain words; None when fine or empty."""


_EMPTY: Final = ParsedDate(None, False, None)
_ORDERS: Final = (None, "dmy", "mdy")
# Excel's day zero is 30 Dec 1899 (it counts a 29 Feb 1900 that never was); 20000-80000 covers
# 1954 to 2119, wide enough for contracts and narrow enough that quantities are not read as dates.
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)
_SERIAL_MIN: Final = 20000
_SERIAL_MAX: Final = 80000

# English names only, fixed here rather than taken from `calendar`, which follows the locale.
_MONTH_NAMES: Final = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Russian month names as dates write them (genitive: "2 ноября 2019"), as a month stands alone
# (nominative: "ноябрь 2019") and abbreviated ("02 нояб. 2019").
_RUSSIAN_MONTHS: Final = (
    "январь января янв",
    "февраль февраля фев февр",
    "март марта мар",
    "апрель апреля апр",
    "май мая",
    "июнь июня июн",
    "июль июля июл",
    "август августа авг",
    "сентябрь сентября сен сент",
    "октябрь октября окт",
    "ноябрь ноября ноя нояб",
    "декабрь декабря дек",
)
_MONTHS: Final[dict[str, int]] = {
    **{name.lower(): number for number, name in enumerate(_MONTH_NAMES) if name},
    **{name[:3].lower(): number for number, name in enumerate(_MONTH_NAMES) if name},
    "sept": 9,
    **{word: number for number, words in enumerate(_RUSSIAN_MONTHS, 1) for word in words.split()},
}

# Time of day after the date ("2019-12-22T10:00:00", "2019-12-22 10:00", "22/12/2019 9:30 pm").
_TIME: Final = re.compile(
    r"(?:t|\s)\s*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
_WEEKDAY: Final = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_ISO: Final = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
_COMPACT: Final = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DOTTED: Final = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2}|\d{4})\.?$")
_NUMERIC: Final = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{2}|\d{4})$")
_DAY_MONTH_YEAR: Final = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th)?[\s./-]*(?:of\s+)?([^\W\d_]{3,9})\.?,?[\s./-]*(\d{2}|\d{4})$",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR: Final = re.compile(
    r"^([a-z]{3,9})\.?[\s./-]*(\d{1,2})(?:st|nd|rd|th)?(?:,\s*|[\s./-]+)(\d{2}|\d{4})$",
    re.IGNORECASE,
)
_MONTH_YEAR: Final = re.compile(r"^([^\W\d_]{3,9})\.?,?[\s./-]*(\d{4})$", re.IGNORECASE)
_YEAR_MONTH_DAY: Final = re.compile(r"^(\d{4})[\s./-]*([a-z]{3,9})\.?[\s./-]*(\d{1,2})$", re.IGNORECASE)
# Chinese and Japanese 2019年11月2日 (号 in speech-like Chinese), Korean 2019년 11월 2일.
_YEAR_MONTH_DAY_CJK: Final = re.compile(r"^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日号號일]?$")
_YEAR_MONTH_CJK: Final = re.compile(r"^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]$")
# Korean "2019. 11. 2." (spaces after the dots, a dot to close).
_YEAR_MONTH_DAY_DOTS: Final = re.compile(r"^(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?$")
# Russian dates end with the word for year, abbreviated (a Cyrillic "g.") or whole ("года"), and
# often quote the day: «2» ноября 2019 года.
_RUSSIAN_YEAR_WORD: Final = re.compile(r"(?<=\d)\s*(?:\u0433\.?|года|год)$", re.IGNORECASE)
_QUOTES: Final = re.compile('[«»"\u201c\u201d\u201e]')
# A spreadsheet date number that went through a CSV and came back as text.
_SERIAL_TEXT: Final = re.compile(r"^\d{5}(?:\.\d+)?$")


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        # 00-69 -> 2000s, 70-99 -> 1900s: the pivot Excel and most ERPs use.
        return year + (2000 if year < 70 else 1900)
    return year


def _build(year: int, month: int, day: int, shown: str) -> ParsedDate:
    if not 1 <= month <= 12:
        return ParsedDate(None, False, f"'{shown}' is not a real date: there is no month {month}")
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return ParsedDate(None, False, f"'{shown}' is not a real date: year {year} is out of range")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return ParsedDate(
            None,
            False,
            f"'{shown}' is not a real date: {_MONTH_NAMES[month]} {year} has {last} days",
        )
    return ParsedDate(dt.date(year, month, day), False, None)


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and dt.MINYEAR <= year <= dt.MAXYEAR and 1 <= day <= calendar.monthrange(year, month)[1]


def _from_serial(number: float, shown: str) -> ParsedDate:
    if _SERIAL_MIN <= number <= _SERIAL_MAX:
        # The fraction is the time of day.
        return ParsedDate(_EXCEL_EPOCH + dt.timedelta(days=int(number)), False, None)
    # yyyymmdd typed into a number cell (20191222) is as clear as the same digits as text.
    if number.is_integer() and 19000101 <= number <= 21001231:
        digits = str(int(number))
        parsed = _build(int(digits[:4]), int(digits[4:6]), int(digits[6:]), digits)
        if parsed.value is not None:
            return parsed
    return ParsedDate(None, False, f"'{shown}' is a number, not a date")


def _numeric(first: int, second: int, year: int, shown: str, order: str | None) -> ParsedDate:
    as_dmy = _valid(year, second, first)
    as_mdy = _valid(year, first, second)
    if as_dmy and as_mdy and first != second:
        if order == "dmy":
            return _build(year, second, first, shown)
        if order == "mdy":
            return _build(year, first, second, shown)
        return ParsedDate(
            None,
            True,
            f"{shown} could be {first} {_MONTH_NAMES[second]} or {second} {_MONTH_NAMES[first]}",
        )
    # At most one reading is a real date. The sheet's order is a tie-breaker, not an override, so
    # a "22/12/2019" in a month-first sheet still reads as 22 December; when neither reading is
    # real, the problem is worded from the sheet's order (day first if unknown).
    if as_mdy or (order == "mdy" and not as_dmy):
        return _build(year, first, second, shown)
    return _build(year, second, first, shown)


def _from_named_month(day: str, month: str, year: str, shown: str) -> ParsedDate | None:
    number = _MONTHS.get(month.lower())
    if number is None:
        return None
    return _build(_year(year), number, int(day), shown)


@lru_cache(maxsize=1 << 16)
def _from_text(text: str, order: str | None) -> ParsedDate:
    shown = " ".join(text.split())
    if not shown:
        return _EMPTY
    # NFKC reads the full-width digits of CJK input methods (２０１９年) as ASCII ones.
    core = _WEEKDAY.sub("", _TIME.sub("", unicodedata.normalize("NFKC", shown))).strip()
    core = _RUSSIAN_YEAR_WORD.sub("", _QUOTES.sub("", core)).strip()

    if m := _YEAR_MONTH_DAY_CJK.match(core) or _YEAR_MONTH_DAY_DOTS.match(core):
        return _build(int(m[1]), int(m[2]), int(m[3]), shown)
    if _YEAR_MONTH_CJK.match(core):
        return ParsedDate(None, False, f"'{shown}' names a month, not a day")
    if m := _ISO.match(core):
        return _build(int(m[1]), int(m[3]), int(m[4]), shown)
    if m := _COMPACT.match(core):
        return _build(int(m[1]), int(m[2]), int(m[3]), shown)
    if m := _DOTTED.match(core):
        # Dots are the European day.month.year convention; they are never month-first.
        return _build(_year(m[3]), int(m[2]), int(m[1]), shown)
    if m := _NUMERIC.match(core):
        return _numeric(int(m[1]), int(m[3]), _year(m[4]), shown, order)
    if m := _DAY_MONTH_YEAR.match(core):
        parsed = _from_named_month(m[1], m[2], m[3], shown)
        if parsed is not None:
            return parsed
    if m := _MONTH_DAY_YEAR.match(core):
        parsed = _from_named_month(m[2], m[1], m[3], shown)
        if parsed is not None:
            return parsed
    if m := _YEAR_MONTH_DAY.match(core):
        parsed = _from_named_month(m[3], m[2], m[1], shown)
        if parsed is not None:
            return parsed
    if (m := _MONTH_YEAR.match(core)) and m[1].lower() in _MONTHS:
        return ParsedDate(None, False, f"'{shown}' names a month, not a day")
    if _SERIAL_TEXT.match(core):
        return _from_serial(float(core), shown)
    return ParsedDate(None, False, f"'{shown}' is not a date")


def _shown_number(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def parse_date(value: object, order: str | None = None) -> ParsedDate:
    """Read a date cell; order 'dmy' or 'mdy' settles '03/04/2019', otherwise it is ambiguous."""
    if order not in _ORDERS:
        raise ValueError(f"date order must be 'dmy', 'mdy' or None, not {order!r}")
    if isinstance(value, str):
        return _from_text(value, order)
    if value is None:
        return _EMPTY
    if isinstance(value, dt.datetime):
        return ParsedDate(value.date(), False, None)
    if isinstance(value, dt.date):
        return ParsedDate(value, False, None)
    if isinstance(value, bool):
        return ParsedDate(None, False, f"'{value}' is a yes/no value, not a date")
    if isinstance(value, Decimal):
        if value.is_nan():
            return _EMPTY
        value = float(value)
    if isinstance(value, float):
        if math.isnan(value):
            # NaN is how data frames spell an empty cell.
            return _EMPTY
        if math.isinf(value):
            return ParsedDate(None, False, f"'{value}' is not a date")
        return _from_serial(value, _shown_number(value))
    if isinstance(value, int):
        if abs(value) >= 10**100:
            # Too long to print (Python refuses beyond 4300 digits), and no date anyway.
            return ParsedDate(None, False, "a number of over 100 digits is not a date")
        return _from_serial(float(value), str(value))
    return _from_text(str(value), order)


def infer_date_order(values: Iterable[object]) -> str | None:
    """'dmy' or 'mdy' when the column's slash/dash dates show which part is the day, else None."""
    day_first = month_first = False
    for value in values:
        if not isinstance(value, str):
            continue
        m = _NUMERIC.match(_TIME.sub("", value.strip()).strip())
        if m is None:
            continue
        first, second = int(m[1]), int(m[3])
        if first > 12 and second <= 12:
            day_first = True
        elif second > 12 and first <= 12:
            month_first = True
    if day_first and not month_first:
        return "dmy"
    if month_first and not day_first:
        return "mdy"
    return None
