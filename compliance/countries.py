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

__all__ = ["Country", "country_codes_in", "country_name", "normalise_country"]


class Country(NamedTuple):
    """A normalised country cell."""

    code: str | None
    """ISO 3166 alpha-2, e.g. "KP"; None when unknown or ambiguous."""
    ambiguous: bool
    """True when the text could mean more than one country (a bare "Korea", "Dalian / Nampo")."""
    text: str
    """The cleaned input (whitespace collapsed), for evidence and for the officer."""


_EMPTY: Final = Country(None, False, "")


def _listed(spec: str) -> tuple[str, ...]:
    """The items of a ";"-separated table cell, stripped; tables stay readable that way."""
    return tuple(item.strip() for item in spec.split(";") if item.strip())


# Table value for spellings that name no single country; never a valid alpha-2 code.
_AMBIGUOUS: Final = "?"

# Hand-written spellings pycountry lacks, ";"-separated. Keys go through `_key`, so case, accents,
# dots and commas need not be spelled out: "D.P.R.K." and "Korea, North" meet "DPRK", "Korea North".
_ALIASES: Final[dict[str, str]] = {
    "KP": """
        DPRK; North Korea; N Korea; No Korea; Nth Korea; Korea DPR; DPR Korea; DPR of Korea;
        Korea DPRK; Korea North; North-Korea; Nordkorea; Korea Nord;
        Democratic People's Republic of Korea; Democratic Peoples Rep of Korea;
        Dem People's Rep of Korea; Dem People's Rep Korea; Dem Rep of Korea; Dem Rep Korea;
        Korea Dem People's Rep; Korea Dem People's Rep of; Korea Democratic People's Rep;
        Korea Democratic People's Rep of; Korea Democratic People's Republic; Korea Dem Rep;
        Democratic Republic of Korea; People's Republic of Korea;
        Korea People's Democratic Republic; Choson; Chosun; Chosen; North Korean; N Korean;
        DPRK national; Corea del Norte; Coree du Nord; Corea del Nord; Coreia do Norte;
        Noord-Korea
    """,
    "KR": """
        South Korea; S Korea; So Korea; Sth Korea; Republic of Korea; Rep of Korea;
        Korea Rep; Korea Rep of; Korea Republic; Korea Republic of; Korea South; South-Korea;
        ROK; Suedkorea; Sudkorea; Korea Sud; Corea del Sur; Coree du Sud; Corea del Sud;
        Coreia do Sul; Zuid-Korea; South Korean; S Korean
    """,
    _AMBIGUOUS: "Korea; Corea; Coree; Korean; Koreas; Korea Peninsula",
    "RU": "Russia; Russian Fed; Rossiya; Russian",
    "CN": """
        PRC; PR China; China PR; China PRC; People's Rep of China; China People's Republic;
        China People's Republic of; Mainland China; China Mainland; Chinese
    """,
    "TW": "Taiwan; Republic of China; Chinese Taipei; Taiwan ROC; Formosa",
    "HK": "Hong Kong SAR; Hongkong; Hong Kong China; HKSAR",
    "MO": "Macau; Macau SAR; Macao SAR",
    "VN": "Vietnam; Viet Nam; Vietnamese",
    "IR": "Iran; Persia",
    "SY": "Syria",
    "GB": """
        UK; Great Britain; Britain; England; Scotland; Wales; Northern Ireland;
        United Kingdom of Great Britain; British
    """,
    "US": "USA; United States of America; America; US of A; American",
    "AE": "UAE; Emirates; United Arab Emirate",
    "LA": "Laos; Lao; Lao PDR",
    "BO": "Bolivia",
    "VE": "Venezuela",
    "TZ": "Tanzania",
    "CZ": "Czechia; Czech Republic; Czech Rep",
    "TR": "Turkey; Turkiye; Turkish",
    "CI": "Ivory Coast; Cote d Ivoire; Cote d'Ivoire",
    "MM": "Burma",
    "NL": "Holland",
    "MK": "Macedonia; FYROM",
    "SZ": "Swaziland",
    "CV": "Cape Verde",
    "TL": "East Timor",
    "VA": "Vatican; Vatican City; Holy See",
    "CD": """
        DR Congo; DRC; Congo DRC; Congo Kinshasa;
        Democratic Republic of Congo; Congo Dem Rep; Dem Rep Congo; Congo DR
    """,
    "CG": "Congo Brazzaville; Republic of Congo; Congo Rep",
    "BN": "Brunei",
    "FM": "Micronesia",
    "PS": "Palestine",
    "MD": "Moldova",
    "KN": "St Kitts and Nevis; St Kitts",
    "LC": "St Lucia",
    "VC": "St Vincent and the Grenadines; St Vincent",
    "VI": "US Virgin Islands",
    "VG": "BVI",
    "FK": "Falkland Islands; Falklands",
    "MF": "Saint Martin; St Martin",
    "SX": "Sint Maarten",
    "SH": "Saint Helena; St Helena",
    "JP": "Japanese",
    "IN": "Indian",
    "KG": "Kyrgyz Republic; Kirghizia",
    "SK": "Slovak Republic",
    "MY": "Malaysian",
    "SG": "Singaporean",
    "TH": "Thai",
    "ID": "Indonesian",
    "PH": "Filipino; Philippine",
    "MN": "Mongolian",
    "DE": "German; Deutschland",
    "FR": "French",
}

# Native-script names seen on Chinese, Korean, Japanese and Russian documents.
_NATIVE: Final[dict[str, str]] = {
    "KP": """
        조선; 북한; 북조선; 朝鲜; 北朝鲜; 北朝鮮; 北韩; 北韓; 朝鲜民主主义人民共和国;
        朝鮮民主主義人民共和国; КНДР; Северная Корея
    """,
    "KR": """
        한국; 대한민국; 남한; 韩国; 韓国; 韓國; 南韩; 南韓; 大韩民国; 大韓民国; Южная Корея;
        Республика Корея
    """,
    _AMBIGUOUS: "Корея",
    "RU": "Россия; 俄罗斯; 러시아",
    "CN": "中国; 중국",
    "JP": "日本",
}

# Ports and cities, so "Port of Nampho" or "Busan, Korea" resolve. DPRK names come with the
# romanisations seen on bills of lading (McCune-Reischauer with or without breves, and the
# South Korean Revised Romanisation).
_PLACES: Final[dict[str, str]] = {
    "KP": """
        Nampho; Nampo; Namp'o; Chinnampo; Rajin; Najin; Rason; Raseon; Rajin-Sonbong;
        Rajin Sonbong; Rajinsonbong; Najin-Sonbong; Sonbong; Unggi; Chongjin; Cheongjin;
        Wonsan; Hungnam; Heungnam; Hamhung; Hamheung; Haeju; Songrim; Songnim; Pyongyang;
        Pyeongyang; Pyong Yang; Sinuiju; Sinujiu; Sineuiju; Kimchaek; Kim Chaek; Songjin;
        Tanchon; Dancheon; Kaesong; Gaeseong; Kaesong Industrial Complex; Hyesan; Manpo;
        Sariwon; Kangso; Ryongampho; Ryongampo
    """,
    "KR": """
        Busan; Pusan; Incheon; Inchon; Seoul; Ulsan; Gwangyang; Kwangyang; Pyeongtaek;
        Pyongtaek; Pyeongtaek-Dangjin; Mokpo; Yeosu; Yosu; Gunsan; Kunsan; Pohang; Daesan;
        Masan; Donghae; Daegu; Taegu; Gwangju; Daejeon; Changwon; Okpo; Geoje
    """,
    "CN": """
        Dandong; Tantung; Dalian; Dairen; Shanghai; Qingdao; Tsingtao; Tianjin; Tientsin;
        Xingang; Tianjin Xingang; Longkou; Yantai; Ningbo; Zhoushan; Ningbo-Zhoushan;
        Nantong; Hunchun; Yingkou; Jinzhou; Rizhao; Lianyungang; Shenzhen; Guangzhou; Xiamen;
        Fuzhou; Beijing; Peking; Shenyang; Yanji; Tumen; Ji'an; Weihai; Shidao; Qinhuangdao;
        Caofeidian; Jingtang; Huludao
    """,
    "RU": """
        Vladivostok; Nakhodka; Khasan; Vostochny; Vostochnyy; Posyet; Posiet; Slavyanka;
        Zarubino; Kholmsk; Korsakov; Moscow; St Petersburg; Saint Petersburg
    """,
    "NL": "Rotterdam; Amsterdam",
    "SG": "Singapore",
    "HK": "Kowloon",
    "TW": "Kaohsiung; Keelung; Taichung; Taipei",
    "JP": "Tokyo; Yokohama; Kobe; Osaka; Nagoya; Niigata; Maizuru; Sakaiminato",
    "AE": "Dubai; Jebel Ali; Abu Dhabi; Sharjah; Fujairah; Khor Fakkan",
    "MY": "Port Klang; Klang; Tanjung Pelepas; Kuala Lumpur; Penang",
    "VN": "Haiphong; Hai Phong; Ho Chi Minh City; Saigon; Hanoi; Cai Mep",
    "TH": "Bangkok; Laem Chabang",
    "PH": "Manila",
    "ID": "Jakarta; Tanjung Priok; Surabaya",
    "DE": "Hamburg; Bremerhaven; Berlin",
    "BE": "Antwerp; Antwerpen; Zeebrugge",
    "GB": "London; Felixstowe; Southampton",
    "US": "Los Angeles; Long Beach; New York; New Jersey; New Mexico; Houston",
    "IN": "Mumbai; Nhava Sheva; JNPT; Chennai; Kolkata; Mundra",
    "PK": "Karachi",
    "LK": "Colombo",
    "MN": "Ulaanbaatar; Ulan Bator",
    "SA": "Jeddah",
    "EG": "Port Said",
    "PA": "Panama City",
}

# Spellings that only count when they are the whole cell (or a whole part of it): inside longer
# text they are ordinary words ("in", "us", "no") or too loose ("America" in "Latin America").
_EXACT_ONLY_ALIASES: Final = frozenset(
    _listed(
        "us; america; american; british; chinese; indian; german; french; russian; thai; "
        "filipino; lao; korean"
    )
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

_APOSTROPHES: Final = re.compile(r"['`\u2018\u2019\u00b4\u02bc]")
_NON_WORD: Final = re.compile(r"[\W_]+")
# Parts of "Rajin (DPRK)", "Dalian/Nampo", "Nampo - North Korea"; commas are split after these,
# because "Korea, Republic of" is one name while "Dandong, China" is two.
_SPLIT: Final = re.compile(
    r"[;/\\|()\[\]{}]|\s[-\u2013\u2014]\s|\s+[-\u2013\u2014]+$|^[-\u2013\u2014]+\s+"
)
# Words around a place name that do not change the country: "Port of Nampho", "DPRK origin".
_PREFIXES: Final = tuple(
    f"{word} "
    for word in _listed("port of; port; made in; product of; origin; country of origin; city of")
)
_SUFFIXES: Final = tuple(
    f" {word}"
    for word in _listed(
        "port; harbour; harbor; city; province; terminal; anchorage; origin; sar; area"
    )
)


def _key(text: str) -> str:
    """Lookup key: no accents, case, apostrophes or punctuation; initials joined ('d p r k')."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
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


class _Tables(NamedTuple):
    exact: dict[str, str]
    """Every known spelling's key -> code (or `_AMBIGUOUS`)."""
    scan: dict[str, str]
    """The spellings safe to spot inside longer text: names, not codes or common words."""
    scan_words: int
    """Words in the longest scannable spelling: the widest window the scan needs to try."""
    names: dict[str, str]
    """Code -> display name."""


@cache
def _tables() -> _Tables:
    # Built on first use, not at import: loading pycountry's data costs tens of milliseconds.
    exact: dict[str, str] = {}
    scan: dict[str, str] = {}
    names: dict[str, str] = {}

    def add(spelling: str, code: str, *, scannable: bool = True) -> None:
        key = _key(spelling)
        if not key:
            return
        exact[key] = code
        if scannable and key not in _EXACT_ONLY_ALIASES:
            scan[key] = code

    for country in pycountry.countries:
        code = country.alpha_2
        add(code, code, scannable=False)
        add(country.alpha_3, code, scannable=False)
        add(country.numeric, code, scannable=False)
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                add(name, code)
        names[code] = _DISPLAY_NAMES.get(
            code, getattr(country, "common_name", None) or country.name
        )
    for table in (_PLACES, _ALIASES, _NATIVE):
        for code, spellings in table.items():
            for spelling in _listed(spellings):
                # Three-letter aliases (ROK, PRC, UAE) are as risky as codes inside free text.
                add(spelling, code, scannable=len(_key(spelling)) > 3)
    return _Tables(exact, scan, max(key.count(" ") + 1 for key in scan), names)


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
            i += 1
    return found


def _combine(found: Iterable[str]) -> str | None:
    """One code when the definite findings agree, `_AMBIGUOUS` when they clash or only 'Korea'."""
    definite: list[str] = []
    ambiguous = False
    for code in found:
        if code == _AMBIGUOUS:
            ambiguous = True
        elif code not in definite:
            definite.append(code)
    if len(definite) == 1:
        return definite[0]
    if definite or ambiguous:
        return _AMBIGUOUS
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
    if code == _AMBIGUOUS:
        return Country(None, True, cleaned)
    return Country(code, False, cleaned)


@lru_cache(maxsize=1 << 16)
def _codes_in_text(text: str) -> tuple[str, ...]:
    cleaned = _clean(text)
    if not cleaned or _is_placeholder(cleaned):
        return ()
    return tuple(dict.fromkeys(c for c in _findings(cleaned) if c != _AMBIGUOUS))


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


@lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """Short English name for display: 'North Korea (DPRK)' for KP, else pycountry's name."""
    upper = str(code).strip().upper()
    return _tables().names.get(upper, upper)
