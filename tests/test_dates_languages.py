"""Dates written the Chinese, Japanese, Korean and Russian way."""

# ruff: noqa: RUF001 - Russian dates are Cyrillic, letters that look Latin included.

from __future__ import annotations

import datetime as dt

import pytest

from compliance.normalise.dates import parse_date

NOV_2 = dt.date(2019, 11, 2)


@pytest.mark.parametrize(
    "text",
    [
        "2019年11月2日",
        "2019年11月2号",
        "2019年11月02日",
        "2019 年 11 月 2 日",
        "２０１９年１１月２日",
        "2019-11-02",
        "2019.11.02",
        "2019. 11. 2.",
        "2019.11.2.",
        "2019년 11월 2일",
        "2019년11월2일",
        "02.11.2019",
        "02.11.2019 г.",
        "2 ноября 2019 г.",
        "2 ноября 2019 года",
        "«2» ноября 2019 г.",
        "02 нояб. 2019",
        "2 НОЯБРЯ 2019",
        "2 ноя 2019",
        "2019年11月2日 10:30",
        "２０１９．１１．０２",
    ],
)
def test_local_dates(text: str) -> None:
    assert parse_date(text) == (NOV_2, False, None)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("22 декабря 2019 г.", dt.date(2019, 12, 22)),
        ("1 мая 2019", dt.date(2019, 5, 1)),
        ("11 сентября 2017", dt.date(2017, 9, 11)),
        ("5 авг. 2017 г.", dt.date(2017, 8, 5)),
        ("2017年9月11日", dt.date(2017, 9, 11)),
        ("2017년 9월 11일", dt.date(2017, 9, 11)),
    ],
)
def test_each_month_name_and_form(text: str, day: dt.date) -> None:
    assert parse_date(text).value == day


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2019年2月30日", "February 2019 has 28 days"),
        ("31 сентября 2019", "September 2019 has 30 days"),
        ("2019년 13월 1일", "there is no month 13"),
        ("2019年11月", "names a month, not a day"),
        ("ноябрь 2019", "names a month, not a day"),
        ("2 абвгд 2019", "is not a date"),
    ],
)
def test_impossible_and_partial_local_dates_say_why(text: str, problem: str) -> None:
    parsed = parse_date(text)
    assert parsed.value is None
    assert parsed.problem is not None
    assert problem in parsed.problem
    assert text in parsed.problem


def test_local_year_first_forms_are_never_ambiguous() -> None:
    # Year-month-day is the order in every one of these languages; there is nothing to guess.
    assert parse_date("2019年3月4日") == (dt.date(2019, 3, 4), False, None)
    assert parse_date("2019. 3. 4.", order="mdy") == (dt.date(2019, 3, 4), False, None)
