"""Date cells: Excel serials, ISO, European dots, named months, and the 03/04 trap."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from compliance.normalise.dates import ParsedDate, infer_date_order, parse_date

DEADLINE = dt.date(2019, 12, 22)

SAME_DAY = [
    DEADLINE,
    dt.datetime(2019, 12, 22, 10, 0),
    43821,
    43821.0,
    43821.75,
    Decimal("43821"),
    "43821",
    20191222,
    "2019-12-22",
    "2019/12/22",
    "2019.12.22",
    "20191222",
    "22.12.2019",
    "22.12.19",
    "22. 12. 2019",
    "22/12/2019",
    "12/22/2019",
    "22-12-2019",
    "12-22-2019",
    "22/12/19",
    "22 Dec 2019",
    "22 December 2019",
    "22nd December 2019",
    "Sunday, 22 December 2019",
    "Dec 22, 2019",
    "Dec. 22, 2019",
    "December 22 2019",
    "December 22, 2019",
    "22-Dec-19",
    "22-DEC-2019",
    "22-dec-2019",
    "22/Dec/2019",
    "2019-Dec-22",
    "2019-12-22T10:00:00",
    "2019-12-22T10:00:00.000Z",
    "2019-12-22T10:00:00+09:00",
    "2019-12-22 10:00",
    "2019-12-22 00:00:00",
    "22/12/2019 9:30 pm",
    "  22.12.2019  ",
]


@pytest.mark.parametrize("cell", SAME_DAY)
def test_the_repatriation_deadline_written_every_way(cell: object) -> None:
    assert parse_date(cell) == ParsedDate(DEADLINE, False, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/04/2019", "03/04/2019 could be 3 April or 4 March"),
        ("04/03/2019", "04/03/2019 could be 4 March or 3 April"),
        ("1/2/2020", "1/2/2020 could be 1 February or 2 January"),
        ("05-08-2017", "05-08-2017 could be 5 August or 8 May"),
    ],
)
def test_day_month_swaps_are_ambiguous_without_an_order(text: str, expected: str) -> None:
    assert parse_date(text) == ParsedDate(None, True, expected)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("03/04/2019", "dmy", dt.date(2019, 4, 3)),
        ("03/04/2019", "mdy", dt.date(2019, 3, 4)),
        ("05-08-2017", "dmy", dt.date(2017, 8, 5)),
        ("05-08-2017", "mdy", dt.date(2017, 5, 8)),
        # Only one reading is a real date: the order does not override it.
        ("22/12/2019", "mdy", DEADLINE),
        ("12/22/2019", "dmy", DEADLINE),
        # Dots are day-first whatever the sheet's order.
        ("03.04.2019", "mdy", dt.date(2019, 4, 3)),
        ("2019-04-03", "mdy", dt.date(2019, 4, 3)),
    ],
)
def test_order_settles_ambiguous_dates(text: str, order: str, expected: dt.date) -> None:
    assert parse_date(text, order) == ParsedDate(expected, False, None)


@pytest.mark.parametrize("text", ["03/03/2019", "11/11/2018", "1/1/2020"])
def test_same_day_and_month_is_not_ambiguous(text: str) -> None:
    parsed = parse_date(text)
    assert parsed.value is not None
    assert parsed.ambiguous is False


@pytest.mark.parametrize(
    ("text", "year"),
    [("01.01.00", 2000), ("01.01.69", 2069), ("01.01.70", 1970), ("01.01.99", 1999),
     ("1-Jan-17", 2017), ("Jan 1, 85", 1985)],
)  # fmt: skip
def test_two_digit_years_pivot_at_70(text: str, year: int) -> None:
    assert parse_date(text).value == dt.date(year, 1, 1)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("31.02.2019", "'31.02.2019' is not a real date: February 2019 has 28 days"),
        ("29.02.2019", "'29.02.2019' is not a real date: February 2019 has 28 days"),
        ("31/04/2019", "'31/04/2019' is not a real date: April 2019 has 30 days"),
        ("2019-13-01", "'2019-13-01' is not a real date: there is no month 13"),
        ("13/13/2019", "'13/13/2019' is not a real date: there is no month 13"),
        ("12.22.2019", "'12.22.2019' is not a real date: there is no month 22"),
        ("Feb 30, 2020", "'Feb 30, 2020' is not a real date: February 2020 has 29 days"),
        ("0000-01-01", "'0000-01-01' is not a real date: year 0 is out of range"),
    ],
)
def test_impossible_dates_say_why(text: str, problem: str) -> None:
    assert parse_date(text) == ParsedDate(None, False, problem)


def test_leap_day_is_real() -> None:
    assert parse_date("29.02.2020").value == dt.date(2020, 2, 29)


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("soon", "'soon' is not a date"),
        ("TBC", "'TBC' is not a date"),
        ("Q4 2019", "'Q4 2019' is not a date"),
        ("22 Foo 2019", "'22 Foo 2019' is not a date"),
        ("December 2019", "'December 2019' names a month, not a day"),
        (12, "'12' is a number, not a date"),
        (3.5, "'3.5' is a number, not a date"),
        (19999, "'19999' is a number, not a date"),
        (80001, "'80001' is a number, not a date"),
        (-43821, "'-43821' is a number, not a date"),
        (True, "'True' is a yes/no value, not a date"),
        (float("inf"), "'inf' is not a date"),
    ],
)
def test_non_dates_say_why(cell: object, problem: str) -> None:
    assert parse_date(cell) == ParsedDate(None, False, problem)


@pytest.mark.parametrize("cell", [None, "", "   ", float("nan")])
def test_empty_cells(cell: object) -> None:
    assert parse_date(cell) == ParsedDate(None, False, None)


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (20000, dt.date(1954, 10, 3)),
        (80000, dt.date(2119, 1, 11)),
        (43831, dt.date(2020, 1, 1)),
        (42952, dt.date(2017, 8, 5)),  # 2371 adopted
        (42989, dt.date(2017, 9, 11)),  # 2375 adopted
        (43091, dt.date(2017, 12, 22)),  # 2397 adopted
    ],
)
def test_excel_serials(serial: int, expected: dt.date) -> None:
    assert parse_date(serial).value == expected


def test_bad_order_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="date order"):
        parse_date("03/04/2019", "ymd")


@pytest.mark.parametrize(
    ("values", "order"),
    [
        (["22/12/2019", "03/04/2019"], "dmy"),
        (["03/04/2019", "12/22/2019"], "mdy"),
        (["13-01-2018", None, 43821, "n/a"], "dmy"),
        (["01-13-2018 10:00"], "mdy"),
        (["22/12/2019", "12/22/2019"], None),
        (["03/04/2019", "05/06/2019"], None),
        (["2019-12-22", "22.12.2019", "22 Dec 2019"], None),
        ([], None),
        ([DEADLINE, 43821, None], None),
    ],
)
def test_infer_date_order(values: list[object], order: str | None) -> None:
    assert infer_date_order(values) == order


def test_infer_date_order_reads_a_generator_once() -> None:
    assert infer_date_order(v for v in ["03/04/2019", "25/04/2019"]) == "dmy"


ANY_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(),
    st.text(alphabet="0123456789/-.: TZDecJanMay,st", max_size=25),
    st.dates(),
    st.datetimes(),
)
ORDERS = st.sampled_from([None, "dmy", "mdy"])


@given(ANY_CELL, ORDERS)
@example(10**5000, None)
@example(1e308, None)
@example(Decimal("sNaN"), None)
@example("99/99/9999", "mdy")
def test_parse_date_never_raises(cell: object, order: str | None) -> None:
    parsed = parse_date(cell, order)
    assert isinstance(parsed, ParsedDate)
    if parsed.ambiguous:
        assert parsed.value is None
        assert order is None
    if parsed.value is not None:
        assert parsed.problem is None
        assert type(parsed.value) is dt.date
    if parsed.ambiguous or (parsed.value is None and parsed.problem is not None):
        assert parsed.problem


@given(st.lists(ANY_CELL, max_size=20))
def test_infer_date_order_never_raises(values: list[object]) -> None:
    assert infer_date_order(values) in (None, "dmy", "mdy")


UNAMBIGUOUS_PATTERNS = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%d.%m.%Y", "%d.%m.%y", "%d %b %Y", "%d %B %Y",
    "%b %d, %Y", "%B %d %Y", "%d-%b-%y", "%d-%b-%Y", "%Y-%m-%dT%H:%M:%S", "%A, %d %B %Y",
)  # fmt: skip
CONTRACT_DATES = st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2069, 12, 31))


@given(CONTRACT_DATES)
def test_unambiguous_formats_round_trip(day: dt.date) -> None:
    for pattern in UNAMBIGUOUS_PATTERNS:
        assert parse_date(day.strftime(pattern)).value == day, pattern


@given(CONTRACT_DATES)
def test_slash_dates_round_trip_with_their_order(day: dt.date) -> None:
    assert parse_date(day.strftime("%d/%m/%Y"), "dmy").value == day
    assert parse_date(day.strftime("%m/%d/%Y"), "mdy").value == day
    assert parse_date(day.strftime("%d-%m-%y"), "dmy").value == day


@given(CONTRACT_DATES)
def test_slash_dates_without_order_are_read_or_flagged(day: dt.date) -> None:
    parsed = parse_date(day.strftime("%d/%m/%Y"))
    if day.day > 12 or day.day == day.month:
        assert parsed == ParsedDate(day, False, None)
    else:
        assert parsed.ambiguous
        assert parsed.value is None


# The last day is one before serial 80000, so that serial + 0.5 (midday) stays inside the accepted range.
@given(st.dates(min_value=dt.date(1954, 10, 3), max_value=dt.date(2119, 1, 10)))
def test_excel_serials_round_trip(day: dt.date) -> None:
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(serial).value == day
    assert parse_date(float(serial) + 0.5).value == day


@given(st.lists(CONTRACT_DATES, min_size=1, max_size=10))
def test_a_day_above_12_reveals_the_order(days: list[dt.date]) -> None:
    assume(any(d.day > 12 for d in days))
    assert infer_date_order([d.strftime("%d/%m/%Y") for d in days]) == "dmy"
    assert infer_date_order([d.strftime("%m/%d/%Y") for d in days]) == "mdy"
