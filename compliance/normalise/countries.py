"""Country cells as traders write them -> ISO 3166 alpha-2, keeping North (KP) and South (KR) apart.

Ledgers name countries every way imaginable: codes, official names, "N. Korea", "Korea, Rep.",
a port ("Nampho"), or "city, country". A bare "Korea" is the classic screening trap (most KP hits
in customs data are KR typed carelessly, and vice versa), so it is reported as ambiguous instead
of guessed. Lookups are cached: a million-row ledger holds only a few hundred distinct spellings.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Final, NamedTuple

import pycountry

from compliance.normalise.country_names import (
    ALIASES,
    AMBIGUOUS,
    EXCLUSIONS,
    NATIVE,
    NATIVE_PLACES,
    ORGANISATIONS,
    PLACES,
    QUALIFIED,
    QUALIFIERS,
    translated_names,
)
from compliance.normalise.country_names import listed as _listed
from compliance.normalise.script_scan import CjkTable, build_cjk_table, find_in_run, has_cjk

__all__ = [
    "Country",
    "SpellingTables",
    "country_codes_in",
    "country_name",
    "normalise_country",
    "spelling_key",
    "spelling_tables",
]


class Country(NamedTuple):
    """A normalised country cell."""

    code: str | None
    """ISO 3166 alpha-2, e.g. "KP"; None when unknown or ambiguous."""
    ambiguous: bool
    """True when the text could mean more than one country (a bare "Korea", "Dalian / Nampo")."""
    text: str
    """The cleaned input (whitespace collapsed), for evidence and for the officer."""


_EMPTY: Final = Country(None, False, "")


# Spellings that only count when they are the whole cell (or a whole part of it): inside longer
# text they are ordinary words ("in", "us", "no") or too loose ("America" in "Latin America").
_EXACT_ONLY_ALIASES: Final = frozenset(
    _listed("us; america; american; british; chinese; indian; german; french; russian; thai; filipino; lao; korean")
)

# Cells that say "no country" in words; "n.a." would otherwise read as NA (Namibia).
_PLACEHOLDERS: Final = frozenset(
    _listed(
        "n/a; n.a.; n.a; na; n/a.; -; --; ---; ?; ??; none; nil; null; unknown; tbc; tba; tbd; "
        "not applicable; not known; various; xx; xxx"
    )
)

_DISPLAY_NAMES: Final[dict[str, str]] = {
    "KP": "North Korea (DPRK)",
    "KR": "South Korea",
    "RU": "Russia",
    "GB": "United Kingdom",
    "US": "United States",
    "CD": "DR Congo",
    "BN": "Brunei",
    "FM": "Micronesia",
    "PS": "Palestine",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "US Virgin Islands",
    "FK": "Falkland Islands",
    "MF": "Saint Martin",
    "SX": "Sint Maarten",
    "SH": "Saint Helena",
}

_KANA_MARKS: Final = frozenset("\u3099\u309a")
_APOSTROPHES: Final = re.compile(r"['`\u2018\u2019\u00b4\u02bc]")
_NON_WORD: Final = re.compile(r"[\W_]+")
# Parts of "Rajin (DPRK)", "Dalian/Nampo", "Nampo - North Korea"; commas are split after these,
# because "Korea, Republic of" is one name while "Dandong, China" is two.
_SPLIT: Final = re.compile(r"[;/\\|()\[\]{}]|\s[-\u2013\u2014]\s|\s+[-\u2013\u2014]+$|^[-\u2013\u2014]+\s+")
# Words around a place name that do not change the country: "Port of Nampho", "DPRK origin".
_PREFIXES: Final = tuple(
    f"{word} " for word in _listed("port of; port; made in; product of; origin; country of origin; city of")
)
_SUFFIXES: Final = tuple(
    f" {word}" for word in _listed("port; harbour; harbor; city; province; terminal; anchorage; origin; sar; area")
)


def _key(text: str) -> str:
    """Lookup key: no accents, case, apostrophes or punctuation; initials joined ('d p r k')."""
    decomposed = unicodedata.normalize("NFKD", text)
    # Accents go, but not the kana voicing marks: ピョンヤン must not become ヒョンヤン.
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch in _KANA_MARKS)
    folded = unicodedata.normalize("NFC", stripped).casefold().replace("&", " and ")
    words = _NON_WORD.sub(" ", _APOSTROPHES.sub("", folded)).split()
    # Join runs of single letters so "D.P.R.K.", "D P R K" and "DPRK" meet, while "N. Korea"
    # keeps its "n" apart from "korea". "the" goes, so ISO's "Korea (the Republic of)" meets
    # pycountry's "Korea, Republic of".
    out: list[str] = []
    run: list[str] = []
    for word in words:
        if word == "the":
            continue
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if run:
            out.append("".join(run) if len(run) > 1 else run[0])
            run = []
        out.append(word)
    if run:
        out.append("".join(run) if len(run) > 1 else run[0])
    return " ".join(out)


class SpellingTables(NamedTuple):
    """Every spelling the country readers know, keyed for lookup."""

    exact: dict[str, str]
    """Every known spelling's key -> code (or `AMBIGUOUS`)."""
    scan: dict[str, str]
    """The spellings safe to spot inside longer text: names, not codes or common words."""
    scan_words: int
    """Words in the longest scannable spelling: the widest window the scan needs to try."""
    names: dict[str, str]
    """Code -> display name."""
    cjk: CjkTable
    """Chinese, Japanese and Korean names, found inside unspaced text."""


@cache
def _tables() -> SpellingTables:
    # Built on first use, not at import: loading pycountry's data and catalogues costs milliseconds.
    exact: dict[str, str] = {}
    scan: dict[str, str] = {}
    names: dict[str, str] = {}

    def add(spelling: str, code: str, *, scannable: bool = True) -> None:
        key = _key(spelling)
        if not key:
            return
        exact.setdefault(key, code)
        if scannable and key not in _EXACT_ONLY_ALIASES:
            scan.setdefault(key, code)

    # The hand-written tables first: where a translation reads as another country's name
    # elsewhere, the curated reading wins.
    for table in (PLACES, ALIASES, NATIVE, NATIVE_PLACES):
        for code, spellings in table.items():
            for spelling in _listed(spellings):
                # Three-letter aliases (ROK, PRC, UAE) are as risky as codes inside free text.
                add(spelling, code, scannable=len(_key(spelling)) > 3)
    for country in pycountry.countries:
        code = country.alpha_2
        add(code, code, scannable=False)
        add(country.alpha_3, code, scannable=False)
        add(country.numeric, code, scannable=False)
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                add(name, code)
        names[code] = _DISPLAY_NAMES.get(code, getattr(country, "common_name", None) or country.name)
    for code, translations in translated_names().items():
        for spelling in translations:
            # Whole cells only: short translations are ordinary words elsewhere (Togo's Russian
            # name is also a pronoun, India's Korean one means 'delivery').
            add(spelling, code, scannable=False)
    cjk = build_cjk_table(
        (
            (spelling, code)
            for table in (NATIVE, NATIVE_PLACES)
            for code, spellings in table.items()
            for spelling in _listed(spellings)
        ),
        EXCLUSIONS,
        QUALIFIED,
        QUALIFIERS,
        ORGANISATIONS,
    )
    return SpellingTables(exact, scan, max(key.count(" ") + 1 for key in scan), names, cjk)


def _strip_affixes(key: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                key = key[len(prefix) :]
                changed = True
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
                changed = True
    return key


def _lookup(part: str) -> str | None:
    exact = _tables().exact
    key = _key(part)
    hit = exact.get(key)
    if hit is None:
        hit = exact.get(_strip_affixes(key))
    return hit


def _scan(part: str) -> list[str]:
    # Free text such as "Nampo North Korea" or "Made in DPRK, 2019": longest known phrase first.
    tables = _tables()
    scan = tables.scan
    words = _key(part).split()
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(tables.scan_words, len(words) - i), 0, -1):
            hit = scan.get(" ".join(words[i : i + n]))
            if hit is not None:
                found.append(hit)
                i += n
                break
        else:
            if has_cjk(words[i]):
                found.extend(code for _, _, code in find_in_run(words[i], tables.cjk))
            i += 1
    return found


def _combine(found: Iterable[str]) -> str | None:
    """One code when the definite findings agree, `AMBIGUOUS` when they clash or only 'Korea'."""
    definite: list[str] = []
    ambiguous = False
    for code in found:
        if code == AMBIGUOUS:
            ambiguous = True
        elif code not in definite:
            definite.append(code)
    if len(definite) == 1:
        return definite[0]
    if definite or ambiguous:
        return AMBIGUOUS
    return None


def _part_findings(part: str) -> list[str]:
    hit = _lookup(part)
    if hit is not None:
        return [hit]
    pieces = [piece for piece in part.split(",") if piece.strip()]
    if len(pieces) < 2:
        return _scan(part)
    found: list[str] = []
    i = 0
    while i < len(pieces):
        # Inverted names keep their comma: "Nampho, Korea, Democratic People's Republic of".
        if i + 1 < len(pieces):
            hit = _lookup(f"{pieces[i]},{pieces[i + 1]}")
            if hit is not None:
                found.append(hit)
                i += 2
                continue
        hit = _lookup(pieces[i])
        if hit is not None:
            found.append(hit)
        else:
            found.extend(_scan(pieces[i]))
        i += 1
    return found


def _findings(cleaned: str) -> list[str]:
    whole = _lookup(cleaned)
    if whole is not None:
        return [whole]
    found: list[str] = []
    for part in _SPLIT.split(cleaned):
        if part.strip():
            found.extend(_part_findings(part))
    return found


def _clean(text: str) -> str:
    return " ".join(text.split())


def _is_placeholder(cleaned: str) -> bool:
    # Upper-case "NA" in a country column is Namibia's code; "n/a", "n.a.", "na" are not.
    return cleaned != "NA" and cleaned.casefold() in _PLACEHOLDERS


@lru_cache(maxsize=1 << 16)
def _from_text(text: str) -> Country:
    cleaned = _clean(text)
    if not cleaned:
        return _EMPTY
    if _is_placeholder(cleaned):
        return Country(None, False, cleaned)
    code = _combine(_findings(cleaned))
    if code == AMBIGUOUS:
        return Country(None, True, cleaned)
    return Country(code, False, cleaned)


@lru_cache(maxsize=1 << 16)
def _codes_in_text(text: str) -> tuple[str, ...]:
    cleaned = _clean(text)
    if not cleaned or _is_placeholder(cleaned):
        return ()
    return tuple(dict.fromkeys(c for c in _findings(cleaned) if c != AMBIGUOUS))


def _as_text(value: object) -> str | None:
    """The cell as text for lookup; None when the cell is empty."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer() and abs(value) < 1e15:
            value = int(value)
        else:
            return repr(value)
    if isinstance(value, int):
        # ISO 3166 numeric codes (408 = KP) arrive as numbers from Excel and lose their zeros.
        if 0 < value < 1000:
            return f"{value:03d}"
        return str(value) if abs(value) < 10**100 else "a very large number"
    try:
        return str(value)
    except Exception:
        return type(value).__name__


def normalise_country(value: object) -> Country:
    """Read a country cell (code, name, alias, port or 'city, country') as an ISO alpha-2 code."""
    if isinstance(value, str):
        return _from_text(value)
    text = _as_text(value)
    return _EMPTY if text is None else _from_text(text)


def country_codes_in(value: object) -> tuple[str, ...]:
    """Every definite country a cell names, in order: ('CN', 'KP') for 'Dalian / Nampo'."""
    text = value if isinstance(value, str) else _as_text(value)
    return () if text is None else _codes_in_text(text)


def spelling_key(text: str) -> str:
    """The lookup key of a spelling, as the tables store it: 'D.P.R.K.' -> 'dprk'."""
    return _key(text)


def spelling_tables() -> SpellingTables:
    """The spelling tables, built once on first use; for readers of free text."""
    return _tables()


@lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """Short English name for display: 'North Korea (DPRK)' for KP, else pycountry's name."""
    upper = str(code).strip().upper()
    return _tables().names.get(upper, upper)
