"""HS code cells: Excel's lost zeros, dotted and spaced notations, and plain-words problems."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from compliance.normalise.hscodes import HsCode, hs_chapter, normalise_hs

VALID = [
    # (cell, digits, restored_zero)
    (30743, "030743", True),
    (30743.0, "030743", True),
    (3074300.0, "03074300", True),
    (3, "03", True),
    (307, "0307", True),
    (307.0, "0307", True),
    (160520, "160520", False),
    (8471300000, "8471300000", False),
    ("0307.43", "030743", False),
    ("0307 43", "030743", False),
    ("03.07.43", "030743", False),
    ("0307-43", "030743", False),
    ("8471.30.00.00", "8471300000", False),
    ("8471 30 00", "84713000", False),
    ("HS 0307.43", "030743", False),
    ("HS: 0307", "0307", False),
    ("HS0307", "0307", False),
    ("hs code 0307.43", "030743", False),
    ("HS Code: 6109.10", "610910", False),
    ("H.S. 9703", "9703", False),
    ("HTS 8471.30.0100", "8471300100", False),
    ("HSN 5208", "5208", False),
    ("  0307  ", "0307", False),
    ("3", "03", True),
    ("307", "0307", True),
    ("307.43", "030743", True),
    ("30743", "030743", True),
    ("0303", "0303", False),
    ("2701", "2701", False),
    ("27", "27", False),
    ("9703.00", "970300", False),
    # Excel turned "0307.43" into the number 307.43, and "8471.30" into 8471.3.
    (307.43, "030743", True),
    (8471.3, "847130", True),
    (6109.1, "610910", True),
    (2710.1981, "27101981", False),
    # The same numbers after a trip through CSV text.
    ("30743.0", "030743", True),
    ("8471.3", "847130", True),
    (Decimal("30743"), "030743", True),
    (Decimal("307.43"), "030743", True),
]


@pytest.mark.parametrize(("cell", "digits", "restored"), VALID)
def test_valid_codes(cell: object, digits: str, restored: bool) -> None:
    code = normalise_hs(cell)
    assert code.digits == digits
    assert code.valid is True
    assert code.restored_zero is restored
    assert code.problem is None


INVALID = [
    # (cell, words the problem must contain)
    ("0307x", "letters"),
    ("03O7", "letters"),
    ("ex 0307", "letters"),
    ("fish", "letters"),
    ("12345678901", "11 digits"),
    (12345678901, "11 digits"),
    ("123456789012", "12 digits"),
    ("HS", "no digits"),
    ("...", "no digits"),
    ("00", "chapter 00"),
    ("0012", "chapter 00"),
    (0, "chapter 00"),
    ("7701", "chapter 77"),
    (7701, "chapter 77"),
    ("98", "chapter 98"),
    ("9801.00", "chapter 98"),
    ("99", "chapter 99"),
    (990000, "chapter 99"),
    (3.5, "decimal number"),
    (0.5, "decimal number"),
    (3.07, "decimal number"),
    (123456789.5, "decimal number"),
    (-307, "negative"),
    ("0307, 0303", "more than one"),
    ("0307; 0303", "more than one"),
    ("0307 and 0303", "more than one"),
    ("0307/43", "not part of an HS code"),
    ("0307*", "not part of an HS code"),
    (True, "yes/no"),
    (False, "yes/no"),
    (float("inf"), "not a number"),
    (dt.date(2019, 12, 22), "a date"),
    pytest.param(10**5000, "over 100 digits", id="5000-digit-int"),
]


@pytest.mark.parametrize(("cell", "words"), INVALID)
def test_invalid_codes_say_why(cell: object, words: str) -> None:
    code = normalise_hs(cell)
    assert code.valid is False
    assert code.digits is None
    assert code.problem is not None
    assert words in code.problem


@pytest.mark.parametrize("cell", [None, "", "   ", float("nan"), Decimal("NaN")])
def test_no_code_given(cell: object) -> None:
    assert normalise_hs(cell) == HsCode(None, True, False, None, "")


@pytest.mark.parametrize(("cell", "raw"), [(30743, "30743"), (30743.0, "30743.0"), (" HS 0307 ", "HS 0307")])
def test_raw_keeps_what_the_cell_said(cell: object, raw: str) -> None:
    assert normalise_hs(cell).raw == raw


def test_problem_quotes_the_cell() -> None:
    assert normalise_hs("0307x").problem == "'0307x' has letters in it"
    assert normalise_hs("9901").problem == ("'9901' is in chapter 99, which is for national use and not part of the HS")


@pytest.mark.parametrize(("digits", "chapter"), [("030743", "03"), ("03", "03"), ("8471300000", "84"), ("2701", "27")])
def test_hs_chapter(digits: str, chapter: str) -> None:
    assert hs_chapter(digits) == chapter


ANY_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(),
    st.text(alphabet="0123456789. -HSs:,x", max_size=20),
    st.dates(),
    st.datetimes(),
)


@given(ANY_CELL)
@example(10**5000)
@example(-(10**5000))
@example(1e308)
@example(Decimal("1e999999"))
@example(Decimal("sNaN"))
def test_normalise_hs_never_raises(cell: object) -> None:
    code = normalise_hs(cell)
    assert isinstance(code, HsCode)
    assert isinstance(code.raw, str)
    if code.valid:
        assert code.problem is None
        if code.digits is not None:
            assert code.digits.isascii()
            assert code.digits.isdigit()
            assert len(code.digits) in (2, 4, 6, 8, 10)
            assert hs_chapter(code.digits) not in ("00", "77", "98", "99")
    else:
        assert code.digits is None
        assert code.problem


USABLE_CHAPTER = st.integers(1, 97).filter(lambda c: c != 77)


@given(USABLE_CHAPTER, st.integers(0, 4), st.data())
def test_excel_number_gives_back_the_code(chapter: int, pairs: int, data: st.DataObject) -> None:
    rest = "".join(data.draw(st.text("0123456789", min_size=2 * pairs, max_size=2 * pairs)))
    code = f"{chapter:02d}{rest}"
    as_number = int(code)
    result = normalise_hs(as_number)
    assert result.digits == code
    assert result.restored_zero is (chapter < 10)
    assert normalise_hs(float(as_number)).digits == code
    assert normalise_hs(code).digits == code
    assert normalise_hs(code).restored_zero is False


@given(USABLE_CHAPTER, st.integers(0, 99), st.integers(0, 99))
def test_dotted_and_spaced_notations_agree(chapter: int, heading: int, sub: int) -> None:
    digits = f"{chapter:02d}{heading:02d}{sub:02d}"
    for text in (
        f"{chapter:02d}{heading:02d}.{sub:02d}",
        f"{chapter:02d}.{heading:02d}.{sub:02d}",
        f"{chapter:02d}{heading:02d} {sub:02d}",
        f"HS {chapter:02d}{heading:02d}.{sub:02d}",
    ):
        assert normalise_hs(text).digits == digits
