# ruff: noqa: RUF001, RUF003 - Russian currency words are Cyrillic, letters that look Latin included.
"""Amount and quantity cells -> floats, and currency cells -> ISO 4217 codes.

Ledgers mix English ("1,234.50"), continental ("1.234,50"), Swiss ("1'234.50") and French
("1 234,50") notation, with currency codes or symbols stuck to either end. Caps and luxury
thresholds compare these amounts, so text that cannot be read unambiguously gives None rather
than a guess.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from functools import cache, lru_cache
from typing import Final

import pycountry

__all__ = ["parse_currency", "parse_number"]

# Symbols and words that name one currency, as "CODE = spelling spelling ...".
_STRONG_SPEC: Final = """
    USD = us$ usd$ u.s.$
    HKD = hk$
    SGD = s$ sg$
    AUD = a$ au$
    CAD = c$ ca$
    TWD = nt$
    NZD = nz$
    EUR = € euro euros
    GBP = £ sterling
    RUB = ₽ rouble roubles ruble rubles руб рубль рубля рублей рубли 卢布 盧布 루블 ルーブル
    INR = ₹
    CNY = 元 人民币 人民幣 rmb yuan renminbi cn¥ юань юаня юаней 위안 위안화 人民元
    JPY = 円 yen jp¥ 日元 日圓 엔화 иена иены иен
    KRW = 원 원화 韩元 韓元 韩币 ウォン вона воны
    KPW = 朝鲜元 朝鮮元 북한원
    USD = 美元 美金 미국달러 미화 米ドル сша
    EUR = 欧元 歐元 유로 ユーロ евро
    HKD = 港元 港币 港幣 홍콩달러
"""
# The brief's readings of bare symbols: "$" is USD, "¥" is CNY (this tool's trade is mostly
# China-DPRK), "₩" is KRW. They are weak: a code beside them ("AUD $", "JPY ¥", "KPW ₩") wins.
_WEAK_SPEC: Final = """
    USD = $ dollar dollars 달러 ドル долл доллар доллара долларов доллары
    CNY = ¥ ￥
    KRW = ₩ won
"""
# Upper-case English words that are also ISO 4217 codes; only read as currencies when alone.
_WORDLIKE_SPEC: Final = "ALL TOP CUP PEN GEL SOS BOB MAD TRY BAM CAD MOP PAB LAK ANG NAD WST"
_WORDLIKE_CODES: Final = frozenset(_WORDLIKE_SPEC.split())


def _spec(text: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in text.strip().splitlines():
        code, _, spellings = line.partition("=")
        for spelling in spellings.split():
            table[spelling] = code.strip()
    return table


_STRONG_ALIASES: Final = _spec(_STRONG_SPEC)
_WEAK_ALIASES: Final = _spec(_WEAK_SPEC)

# One currency mark: "US$", "U.S.$", "HK$", "JP¥", a word ("USD", "RMB", "yuan"), or a symbol.
_TOKEN_PATTERN: Final = r"[A-Za-z]{1,3}(?:\.[A-Za-z]\.)?[$¥]|[^\W\d_]+|[$€£¥₩₽₹]"
_TOKEN: Final = re.compile(_TOKEN_PATTERN)
# Marks that group thousands and nothing else: spaces (plain, no-break, thin) and apostrophes.
_GROUP_CHARS: Final = "\u00a0\u202f\u2009 '\u2019"
_NUMBER_CHARS: Final = re.compile(f"^[0-9.,{_GROUP_CHARS}]*[0-9][0-9.,{_GROUP_CHARS}]*$")
_SCIENTIFIC: Final = re.compile(r"^[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+$")
# A currency at either end, with the dot of an abbreviation ("руб.", "долл.").
_CURRENCY_EDGE: Final = re.compile(f"^(?:{_TOKEN_PATTERN})\\.?\\s*|\\s*(?:{_TOKEN_PATTERN})\\.?$")
# Counting words after the digits: Chinese and Japanese 万 (ten thousand) and 亿 (a hundred million),
# Korean 만 and 억, Russian "тыс." and "млн" ("12万元", "1,000만원", "10 тыс. руб.").
_MULTIPLIERS: Final[dict[str, float]] = {
    "万": 1e4,
    "萬": 1e4,
    "만": 1e4,
    "亿": 1e8,
    "億": 1e8,
    "억": 1e8,
    "тыс": 1e3,
    "тысяч": 1e3,
    "тысячи": 1e3,
    "млн": 1e6,
    "миллиона": 1e6,
    "миллионов": 1e6,
    "млрд": 1e9,
}
_MULTIPLIER: Final = re.compile(
    f"(?<=\\d)\\s*({'|'.join(sorted(_MULTIPLIERS, key=len, reverse=True))})\\.?(?=\\D*$)", re.IGNORECASE
)
_GROUPED_3: Final = re.compile(r"^\d{1,3}(?:,\d{3})+$")
# Indian lakh/crore grouping: 1,23,45,678.
_GROUPED_INDIAN: Final = re.compile(r"^\d{1,2}(?:,\d{2})*,\d{3}$")
# Hyphen, minus sign, en dash: all three turn up as minus signs in exported ledgers.
_MINUSES: Final = "-\u2212\u2013"
_DIGITS: Final = frozenset("0123456789")
_GROUP_MARKS: Final = re.compile(f"[{_GROUP_CHARS}]")


@cache
def _iso_codes() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def _token_code(token: str, *, alone: bool) -> tuple[str | None, bool]:
    """The currency a token names and whether it is a strong signal."""
    folded = token.casefold()
    if folded in _STRONG_ALIASES:
        return _STRONG_ALIASES[folded], True
    if folded in _WEAK_ALIASES:
        return _WEAK_ALIASES[folded], False
    upper = token.upper()
    # Lower-case "usd" counts when it is all the cell says; inside text only "USD" does.
    if len(token) == 3 and upper in _iso_codes() and (alone or (token.isupper() and upper not in _WORDLIKE_CODES)):
        return upper, True
    return None, False


def _integer_digits(integer: str) -> str | None:
    """The integer part without its thousands separators, or None if the grouping is wrong."""
    marks = set(integer) - _DIGITS
    if not marks:
        return integer
    if len(marks) > 1:
        return None
    mark = marks.pop()
    normal = integer.replace(mark, ",")
    if _GROUPED_3.match(normal) or (mark == "," and _GROUPED_INDIAN.match(normal)):
        return normal.replace(",", "")
    return None


def _parse_body(body: str) -> float | None:
    if _SCIENTIFIC.match(body):
        return float(body)
    if not _NUMBER_CHARS.match(body):
        return None
    # Spaces and apostrophes only ever group thousands ("12 000", "1'234"): one mark for them.
    body = _GROUP_MARKS.sub("'", body)
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        decimal = "." if body.rfind(".") > body.rfind(",") else ","
    elif commas == 1:
        integer, _, fraction = body.partition(",")
        # "1,234" groups thousands; "1,5", "1,50", "0,123" and ",5" are decimal commas.
        decimal = "" if len(fraction) == 3 and integer.strip("0'") else ","
    elif dots == 1:
        # A lone dot is a decimal point: "1.234" is 1.234, as English-language ledgers mean it.
        decimal = "."
    else:
        decimal = ""
    if decimal:
        if body.count(decimal) != 1:
            return None
        integer, _, fraction = body.partition(decimal)
        if fraction and not fraction.isdigit():
            return None
    else:
        integer, fraction = body, ""
    digits = _integer_digits(integer)
    if digits is None or not (digits or fraction):
        return None
    return float(f"{digits or '0'}.{fraction or '0'}")


@lru_cache(maxsize=1 << 16)
def _number_from_text(text: str) -> float | None:
    # NFKC turns full-width digits and signs from CJK documents into ASCII.
    s = unicodedata.normalize("NFKC", text).strip()
    factor = 1.0
    if (m := _MULTIPLIER.search(s)) is not None:
        factor = _MULTIPLIERS[m[1].casefold()]
        s = f"{s[: m.start()]} {s[m.end() :]}".strip()
    negative = False
    # Peel signs, brackets and currency marks off both ends in whatever order they come:
    # "-$1,200", "USD -1,200", "(1,200)", "EUR (1.200,00)", "1,200.00-".
    for _ in range(4):
        before = s
        if len(s) > 1 and s[0] == "(" and s[-1] == ")":
            negative = not negative
            s = s[1:-1].strip()
        if s and s[0] in _MINUSES + "+":
            negative ^= s[0] != "+"
            s = s[1:].lstrip()
        if len(s) > 1 and s[-1] in _MINUSES:
            negative = not negative
            s = s[:-1].rstrip()
        m = _CURRENCY_EDGE.search(s)
        if m is not None and _token_code(m.group().strip().rstrip("."), alone=True)[0] is not None:
            s = (s[: m.start()] + s[m.end() :]).strip()
        if s == before:
            break
    number = _parse_body(s) if s else None
    if number is None:
        return None
    number *= factor
    if math.isinf(number):
        return None
    return -number if negative else number


def parse_number(value: object) -> float | None:
    """Read an amount or quantity cell ('1.234,50', 'USD 12,000', '(1,200)') as a float."""
    if isinstance(value, str):
        return _number_from_text(value)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            return None
    if isinstance(value, float):
        # NaN is a data frame's empty cell; infinity is no amount.
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() and math.isfinite(float(value)) else None
    return None


@lru_cache(maxsize=1 << 14)
def _currency_from_text(text: str) -> str | None:
    # "12万元": the counting word is no part of the currency's name.
    tokens = _TOKEN.findall(_MULTIPLIER.sub(" ", unicodedata.normalize("NFKC", text)))
    alone = len(tokens) == 1
    strong: list[str] = []
    weak: list[str] = []
    for token in tokens:
        code, is_strong = _token_code(token, alone=alone)
        if code is None:
            continue
        bucket = strong if is_strong else weak
        if code not in bucket:
            bucket.append(code)
    if strong:
        return strong[0] if len(strong) == 1 else None
    return weak[0] if len(weak) == 1 else None


def parse_currency(value: object) -> str | None:
    """ISO 4217 code named by a currency cell or an amount's text ('US$', '€', 'RMB'), else None."""
    if isinstance(value, str):
        return _currency_from_text(value)
    return None
