"""Amounts and currencies written the Chinese, Japanese, Korean and Russian way."""

# ruff: noqa: RUF001 - Russian amounts are Cyrillic, letters that look Latin included.

from __future__ import annotations

import pytest

from compliance.normalise.numbers import parse_currency, parse_number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("１２３", 123.0),
        ("１，２３４．５０", 1234.5),
        ("1 234,50", 1234.5),
        ("1\u00a0234,50", 1234.5),
        ("1\u202f234,50", 1234.5),
        ("1.234,50", 1234.5),
        ("12万", 120_000.0),
        ("12.5万", 125_000.0),
        ("１２万", 120_000.0),
        ("3亿", 300_000_000.0),
        ("12万元", 120_000.0),
        ("RMB 12万元", 120_000.0),
        ("1,000만원", 10_000_000.0),
        ("100美元", 100.0),
        ("1 234,50 руб.", 1234.5),
        ("5000 долл. США", 5000.0),
        ("10 тыс. руб.", 10_000.0),
        ("1,5 млн руб.", 1_500_000.0),
        ("1,000달러", 1000.0),
        ("-12万", -120_000.0),
    ],
)
def test_local_amounts(text: str, number: float) -> None:
    assert parse_number(text) == pytest.approx(number)


@pytest.mark.parametrize("text", ["万", "12万万", "万12", "руб.", "тыс.", "十二万"])
def test_counting_words_without_digits_are_no_amount(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("美元", "USD"),
        ("USD", "USD"),
        ("美金", "USD"),
        ("долл. США", "USD"),
        ("доллар США", "USD"),
        ("달러", "USD"),
        ("미국달러", "USD"),
        ("米ドル", "USD"),
        ("人民币", "CNY"),
        ("元", "CNY"),
        ("12万元", "CNY"),
        ("юань", "CNY"),
        ("위안화", "CNY"),
        ("руб.", "RUB"),
        ("рублей", "RUB"),
        ("рубль", "RUB"),
        ("卢布", "RUB"),
        ("루블", "RUB"),
        ("원", "KRW"),
        ("1,000원", "KRW"),
        ("韩元", "KRW"),
        ("원화", "KRW"),
        ("日元", "JPY"),
        ("円", "JPY"),
        ("欧元", "EUR"),
        ("евро", "EUR"),
        ("港元", "HKD"),
        ("朝鲜元", "KPW"),
    ],
)
def test_local_currency_words(text: str, code: str) -> None:
    assert parse_currency(text) == code


def test_a_code_beside_a_weak_local_word_wins() -> None:
    # "доллар" and "달러" name some dollar; the code says which.
    assert parse_currency("HKD доллар") == "HKD"
    assert parse_currency("AUD 달러") == "AUD"
    assert parse_currency("美元 人民币") is None
