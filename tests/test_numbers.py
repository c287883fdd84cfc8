"""Amounts in every notation ledgers use, and the currency an amount or currency cell names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from compliance.normalise.numbers import parse_currency, parse_number

AMOUNTS = [
    (12, 12.0),
    (12.5, 12.5),
    (-3, -3.0),
    (0, 0.0),
    (Decimal("1.5"), 1.5),
    ("12", 12.0),
    ("1,234.50", 1234.5),
    ("1.234,50", 1234.5),
    ("1 234,50", 1234.5),
    ("1\u00a0234,50", 1234.5),
    ("1\u202f234,50", 1234.5),
    ("12 000", 12000.0),
    ("1'234", 1234.0),
    ("1'234.50", 1234.5),
    ("1\u2019234.50", 1234.5),
    ("USD 12,000", 12000.0),
    ("USD12,000", 12000.0),
    ("usd 12,000", 12000.0),
    ("$1,200", 1200.0),
    ("$ 1,200", 1200.0),
    ("US$ 1,200", 1200.0),
    ("US$1,200.00", 1200.0),
    ("12,000 USD", 12000.0),
    ("EUR 1.200,00", 1200.0),
    ("€1.200,00", 1200.0),
    ("1.200,00 €", 1200.0),
    ("¥ 80,000", 80000.0),
    ("RMB 80,000", 80000.0),
    ("80000元", 80000.0),
    ("₩ 1,500,000", 1500000.0),
    ("(1,200)", -1200.0),
    ("(USD 1,200)", -1200.0),
    ("USD (1,200)", -1200.0),
    ("-1,200", -1200.0),
    ("-$1,200", -1200.0),
    ("$-1,200", -1200.0),
    ("USD -1,200", -1200.0),
    ("\u22121,200", -1200.0),
    ("1,200.00-", -1200.0),
    ("+1,200", 1200.0),
    ("1,5", 1.5),
    ("1,50", 1.5),
    ("0,123", 0.123),
    (",5", 0.5),
    ("1,234", 1234.0),
    ("1,234,567", 1234567.0),
    ("1.234.567", 1234567.0),
    ("1.234.567,89", 1234567.89),
    ("1,234,567.89", 1234567.89),
    ("1,23,456", 123456.0),
    ("1.234", 1.234),
    ("0.5", 0.5),
    (".5", 0.5),
    ("12.", 12.0),
    ("1.2E+05", 120000.0),
    ("3e2", 300.0),
    ("  12 000  ", 12000.0),
    ("\uff11\uff12\uff10\uff10\uff10", 12000.0),
]


@pytest.mark.parametrize(("cell", "expected"), AMOUNTS)
def test_amounts(cell: object, expected: float) -> None:
    result = parse_number(cell)
    assert result == pytest.approx(expected, rel=1e-12)
    assert isinstance(result, float)


@pytest.mark.parametrize(
    "cell",
    [
        None,
        "",
        "   ",
        True,
        False,
        "abc",
        "n/a",
        "-",
        ".",
        "$",
        "USD",
        "nan",
        "inf",
        "Infinity",
        "12%",
        "12k",
        "1.2 million",
        "abc 12",
        "12 abc",
        "1 2",
        "12 34",
        "1,234.5.6",
        "1,000,5",
        "1.2.3",
        "1'234,567.89",
        "1e400",
        float("nan"),
        float("inf"),
        float("-inf"),
        dt.date(2019, 12, 22),
        [12],
    ],
)
def test_not_numbers(cell: object) -> None:
    assert parse_number(cell) is None


CURRENCIES = [
    ("USD", "USD"),
    ("usd", "USD"),
    (" Usd ", "USD"),
    ("US$", "USD"),
    ("U.S.$", "USD"),
    ("$", "USD"),
    ("US dollars", "USD"),
    ("€", "EUR"),
    ("EUR", "EUR"),
    ("euro", "EUR"),
    ("¥", "CNY"),
    ("RMB", "CNY"),
    ("rmb", "CNY"),
    ("CNY", "CNY"),
    ("yuan", "CNY"),
    ("元", "CNY"),
    ("£", "GBP"),
    ("GBP", "GBP"),
    ("₩", "KRW"),
    ("KRW", "KRW"),
    ("KPW", "KPW"),
    ("RUB", "RUB"),
    ("₽", "RUB"),
    ("JPY", "JPY"),
    ("HK$", "HKD"),
    ("USD 12,000", "USD"),
    ("12,000 USD", "USD"),
    ("$1,200", "USD"),
    ("US$ 1,200", "USD"),
    ("EUR 1.200,00", "EUR"),
    ("1.200,00 €", "EUR"),
    ("(USD 1,200)", "USD"),
    ("Amount in USD", "USD"),
    ("RMB80000", "CNY"),
    # A code beside a bare symbol names the currency the symbol stands for.
    ("AUD $1,200", "AUD"),
    ("JPY ¥1,000", "JPY"),
    ("KPW ₩1,000", "KPW"),
]


@pytest.mark.parametrize(("cell", "code"), CURRENCIES)
def test_currencies(cell: str, code: str) -> None:
    assert parse_currency(cell) == code


@pytest.mark.parametrize(
    "cell",
    [
        None,
        "",
        "12,000",
        "hello",
        "n/a",
        "USD/EUR",
        "USD 12 EUR",
        "Amount all in cash",
        12000,
        12000.0,
        True,
    ],
)
def test_no_currency(cell: object) -> None:
    assert parse_currency(cell) is None


ANY_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(),
    st.text(alphabet="0123456789.,' -()$€USDEUR", max_size=20),
    st.dates(),
    st.datetimes(),
)


@given(ANY_CELL)
@example(10**5000)
@example(Decimal("1e999999"))
@example(Decimal("sNaN"))
@example("9" * 400)
def test_parse_number_never_raises(cell: object) -> None:
    result = parse_number(cell)
    assert result is None or isinstance(result, float)
    if result is not None:
        assert result == result  # not NaN
        assert abs(result) != float("inf")


@given(ANY_CELL)
def test_parse_currency_never_raises(cell: object) -> None:
    code = parse_currency(cell)
    assert code is None or (len(code) == 3 and code.isupper())


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_finite_floats_pass_through(value: float) -> None:
    assert parse_number(value) == value


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_ints_become_floats(value: int) -> None:
    assert parse_number(value) == float(value)


MONEY = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e12"), places=2)


@given(MONEY)
def test_english_and_continental_notations_agree(amount: Decimal) -> None:
    english = f"{amount:,.2f}"
    continental = english.translate(str.maketrans(",.", ".,"))
    french = english.replace(",", " ").replace(".", ",")
    swiss = english.replace(",", "'")
    expected = float(amount)
    for text in (english, continental, french, swiss, f"USD {english}", f"{continental} EUR"):
        assert parse_number(text) == pytest.approx(expected, rel=1e-12), text
    assert parse_number(f"({english})") == pytest.approx(-expected, rel=1e-12)


@given(st.integers(min_value=1000, max_value=10**12))
def test_thousands_separated_integers(amount: int) -> None:
    grouped = f"{amount:,}"
    assert parse_number(grouped) == float(amount)
    assert parse_number(grouped.replace(",", " ")) == float(amount)
    assert parse_number(grouped.replace(",", "'")) == float(amount)
    # One dot is a decimal point ("1.234" is 1.234); two or more can only group thousands.
    dotted = grouped.replace(",", ".")
    expected = float(amount) if amount >= 10**6 else float(dotted)
    assert parse_number(dotted) == expected
