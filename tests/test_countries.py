"""Country cells: codes, names, aliases, ports, 'city, country', and the KP/KR trap."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pycountry
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from compliance.normalise.countries import Country, country_codes_in, country_name, normalise_country

KP_SPELLINGS = [
    "DPRK",
    "D.P.R.K.",
    "D.P.R.K",
    "dprk",
    "North Korea",
    "NORTH KOREA",
    "north korea",
    "North-Korea",
    "N. Korea",
    "N.Korea",
    "N Korea",
    "Korea DPR",
    "DPR Korea",
    "D.P.R. Korea",
    "Korea (North)",
    "Korea, North",
    "Korea North",
    "Democratic People's Republic of Korea",
    "Democratic People\u2019s Republic of Korea",
    "Democratic Peoples Republic of Korea",
    "Korea, Democratic People's Republic of",
    "Korea, Dem. People's Rep.",
    "Korea (Democratic People's Republic of)",
    "PRK",
    "KP",
    "kp",
    "Choson",
    "Chosŏn",
    "Chosun",
    "North Korean",
    "Corée du Nord",
    "朝鲜",
    "조선",
    "КНДР",
]

KR_SPELLINGS = [
    "South Korea",
    "SOUTH KOREA",
    "S. Korea",
    "S Korea",
    "Republic of Korea",
    "Korea, Republic of",
    "Korea (Republic of)",
    "Korea (South)",
    "Korea, South",
    "Rep. of Korea",
    "Korea, Rep.",
    "ROK",
    "R.O.K.",
    "KOR",
    "KR",
    "South Korean",
    "대한민국",
    "韩国",
]

AMBIGUOUS_KOREA = ["Korea", "KOREA", "korea", "korea.", "Korea.", " Korea ", "Corea", "Korean"]

OTHER_COUNTRIES = [
    ("Russia", "RU"),
    ("Russian Federation", "RU"),
    ("RUS", "RU"),
    ("Vietnam", "VN"),
    ("Viet Nam", "VN"),
    ("Iran", "IR"),
    ("Iran, Islamic Republic of", "IR"),
    ("Syria", "SY"),
    ("Syrian Arab Republic", "SY"),
    ("UK", "GB"),
    ("U.K.", "GB"),
    ("United Kingdom", "GB"),
    ("Great Britain", "GB"),
    ("GB", "GB"),
    ("USA", "US"),
    ("U.S.A.", "US"),
    ("US", "US"),
    ("U.S.", "US"),
    ("United States", "US"),
    ("United States of America", "US"),
    ("America", "US"),
    ("UAE", "AE"),
    ("U.A.E.", "AE"),
    ("United Arab Emirates", "AE"),
    ("Taiwan", "TW"),
    ("Taiwan, Province of China", "TW"),
    ("Hong Kong", "HK"),
    ("Hong Kong SAR", "HK"),
    ("Macau", "MO"),
    ("Macao", "MO"),
    ("Laos", "LA"),
    ("Lao PDR", "LA"),
    ("Bolivia", "BO"),
    ("Venezuela", "VE"),
    ("Tanzania", "TZ"),
    ("Czechia", "CZ"),
    ("Czech Republic", "CZ"),
    ("Türkiye", "TR"),
    ("Turkiye", "TR"),
    ("Turkey", "TR"),
    ("Ivory Coast", "CI"),
    ("Côte d'Ivoire", "CI"),
    ("Cote d'Ivoire", "CI"),
    ("China", "CN"),
    ("CHN", "CN"),
    ("P.R. China", "CN"),
    ("People's Republic of China", "CN"),
    ("PRC", "CN"),
    ("Japan", "JP"),
    ("Singapore", "SG"),
    ("Mongolia", "MN"),
    ("Burma", "MM"),
    ("Holland", "NL"),
    ("The Netherlands", "NL"),
    ("DR Congo", "CD"),
    ("Democratic Republic of the Congo", "CD"),
    ("Republic of the Congo", "CG"),
    ("The Bahamas", "BS"),
    ("Gambia", "GM"),
    ("Trinidad & Tobago", "TT"),
    ("Åland Islands", "AX"),
    ("Curacao", "CW"),
]

PORTS_AND_CITIES = [
    ("Nampho", "KP"),
    ("Nampo", "KP"),
    ("NAMPO", "KP"),
    ("Namp'o", "KP"),
    ("Rajin", "KP"),
    ("Najin", "KP"),
    ("Rason", "KP"),
    ("Rajin-Sonbong", "KP"),
    ("Rajin Sonbong", "KP"),
    ("Sonbong", "KP"),
    ("Chongjin", "KP"),
    ("Ch'ŏngjin", "KP"),
    ("Wonsan", "KP"),
    ("Hungnam", "KP"),
    ("Haeju", "KP"),
    ("Songrim", "KP"),
    ("Pyongyang", "KP"),
    ("P'yŏngyang", "KP"),
    ("Sinuiju", "KP"),
    ("Sinŭiju", "KP"),
    ("Kimchaek", "KP"),
    ("Tanchon", "KP"),
    ("Busan", "KR"),
    ("Pusan", "KR"),
    ("Incheon", "KR"),
    ("Inchon", "KR"),
    ("Seoul", "KR"),
    ("Ulsan", "KR"),
    ("Gwangyang", "KR"),
    ("Pyeongtaek", "KR"),
    ("Dandong", "CN"),
    ("Dalian", "CN"),
    ("Shanghai", "CN"),
    ("Qingdao", "CN"),
    ("Tianjin", "CN"),
    ("Longkou", "CN"),
    ("Vladivostok", "RU"),
    ("Nakhodka", "RU"),
    ("Khasan", "RU"),
    ("Rotterdam", "NL"),
    ("Singapore", "SG"),
]

COMPOUND = [
    ("Dandong, China", "CN"),
    ("Rajin (DPRK)", "KP"),
    ("Nampo, North Korea", "KP"),
    ("Busan, Korea", "KR"),
    ("Korea, Busan", "KR"),
    ("Nampo, Korea", "KP"),
    ("Port of Nampho", "KP"),
    ("PORT OF NAMPO", "KP"),
    ("Nampho Port", "KP"),
    ("Nampo port, DPRK", "KP"),
    ("Nampo - North Korea", "KP"),
    ("Vladivostok / Russia", "RU"),
    ("Rotterdam (NL)", "NL"),
    ("Pyongyang City", "KP"),
    ("Made in DPRK", "KP"),
    ("Made in China", "CN"),
    ("DPRK origin", "KP"),
    ("Nampo North Korea", "KP"),
    ("North Korea (DPRK)", "KP"),
    ("Korea (Pyongyang)", "KP"),
    ("Qingdao, P.R. China", "CN"),
    ("Korea, Republic of (South)", "KR"),
    ("Nampho, Korea, Democratic People's Republic of", "KP"),
    ("Busan, Korea, Republic of", "KR"),
    ("SOUTH KOREA (ROK)", "KR"),
    # ISO 3166's own short names put the article in brackets.
    ("Korea (the Democratic People's Republic of)", "KP"),
    ("Korea (the Republic of)", "KR"),
    ("Congo (the Democratic Republic of the)", "CD"),
    ("Iran (Islamic Republic of)", "IR"),
]


@pytest.mark.parametrize("text", KP_SPELLINGS)
def test_north_korea_spellings_are_kp(text: str) -> None:
    assert normalise_country(text) == Country("KP", False, " ".join(text.split()))


@pytest.mark.parametrize("text", KR_SPELLINGS)
def test_south_korea_spellings_are_kr(text: str) -> None:
    assert normalise_country(text) == Country("KR", False, " ".join(text.split()))


@pytest.mark.parametrize("text", AMBIGUOUS_KOREA)
def test_bare_korea_is_ambiguous_not_guessed(text: str) -> None:
    assert normalise_country(text) == Country(None, True, text.strip())


@pytest.mark.parametrize(("text", "code"), OTHER_COUNTRIES)
def test_other_countries(text: str, code: str) -> None:
    result = normalise_country(text)
    assert result.code == code
    assert not result.ambiguous


@pytest.mark.parametrize(("text", "code"), PORTS_AND_CITIES)
def test_ports_and_cities(text: str, code: str) -> None:
    assert normalise_country(text).code == code


@pytest.mark.parametrize(("text", "code"), COMPOUND)
def test_city_country_and_port_phrases(text: str, code: str) -> None:
    result = normalise_country(text)
    assert result == Country(code, False, text)


@pytest.mark.parametrize(
    "text",
    [
        "Dalian / Nampo",
        "Pyongyang, South Korea",
        "Nampo, China",
        "China / North Korea",
        "Busan, North Korea",
        "Seoul, Korea, Democratic People's Republic of",
    ],
)
def test_parts_naming_different_countries_are_ambiguous(text: str) -> None:
    assert normalise_country(text) == Country(None, True, text)


@pytest.mark.parametrize(
    ("value", "code"),
    [("KP", "KP"), ("kp", "KP"), ("Kp", "KP"), ("PRK", "KP"), ("prk", "KP"), ("KOR", "KR")],
)
def test_codes_are_case_insensitive(value: str, code: str) -> None:
    assert normalise_country(value).code == code


@pytest.mark.parametrize(("value", "code"), [("408", "KP"), (408, "KP"), (408.0, "KP"), (410, "KR")])
def test_iso_numeric_codes(value: object, code: str) -> None:
    assert normalise_country(value).code == code


@pytest.mark.parametrize("value", [None, "", "   ", "\t\n", float("nan")])
def test_empty_cells(value: object) -> None:
    assert normalise_country(value) == Country(None, False, "")


@pytest.mark.parametrize(
    "text", ["Atlantis", "see attached", "Latin America", "12345", "N/A", "n.a.", "n/a", "-", "TBC"]
)
def test_unrecognised_text_is_kept(text: str) -> None:
    assert normalise_country(text) == Country(None, False, text)


def test_upper_case_na_is_namibia_but_placeholders_are_not() -> None:
    assert normalise_country("NA").code == "NA"
    assert normalise_country("Namibia").code == "NA"
    assert normalise_country("n.a.").code is None
    assert normalise_country("na").code is None


def test_text_is_the_input_with_whitespace_collapsed() -> None:
    assert normalise_country("  North \t  Korea \n").text == "North Korea"


def test_non_string_cells_do_not_crash() -> None:
    assert normalise_country(True) == Country(None, False, "True")
    assert normalise_country(dt.date(2019, 12, 22)) == Country(None, False, "2019-12-22")
    assert normalise_country(Decimal("1.5")).code is None
    assert normalise_country(10**5000).code is None


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("Dalian / Nampo", ("CN", "KP")),
        ("Dalian, China - Nampo, DPRK", ("CN", "KP")),
        ("via Vladivostok and Rajin", ("RU", "KP")),
        ("Korea", ()),
        ("Busan, Korea", ("KR",)),
        ("", ()),
        (None, ()),
        ("n/a", ()),
        ("DPRK", ("KP",)),
    ],
)
def test_country_codes_in_lists_every_definite_country(value: object, codes: tuple) -> None:
    assert country_codes_in(value) == codes


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("KP", "North Korea (DPRK)"),
        ("KR", "South Korea"),
        ("kp", "North Korea (DPRK)"),
        ("CN", "China"),
        ("RU", "Russia"),
        ("VN", "Vietnam"),
        ("IR", "Iran"),
        ("TW", "Taiwan"),
        ("GB", "United Kingdom"),
        ("US", "United States"),
        ("LA", "Laos"),
        ("XX", "XX"),
    ],
)
def test_country_name(code: str, name: str) -> None:
    assert country_name(code) == name


@pytest.mark.parametrize("code", sorted(c.alpha_2 for c in pycountry.countries))
def test_every_display_name_reads_back_as_its_code(code: str) -> None:
    assert normalise_country(country_name(code)).code == code


@pytest.mark.parametrize("text", [t for t in KP_SPELLINGS + KR_SPELLINGS if t.isascii()] + [t for t, _ in COMPOUND])
def test_case_and_spacing_do_not_matter(text: str) -> None:
    expected = normalise_country(text).code
    for variant in (
        text.upper(),
        text.lower(),
        text.title(),
        f"  {text}  ",
        text.replace(" ", "  "),
    ):
        assert normalise_country(variant).code == expected


ANY_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(),
    st.text(alphabet="KoreaNthSuDPRK.,()/- '", max_size=30),
    st.dates(),
    st.datetimes(),
)
ALPHA_2 = frozenset(c.alpha_2 for c in pycountry.countries)


@given(ANY_CELL)
@example(10**5000)
@example("Korea, Korea")
@example("((((")
@example(Decimal("sNaN"))
def test_normalise_country_never_raises(value: object) -> None:
    result = normalise_country(value)
    assert isinstance(result, Country)
    assert result.code is None or result.code in ALPHA_2
    assert not (result.ambiguous and result.code is not None)
    assert isinstance(result.text, str)
    assert result.text == result.text.strip()


@given(ANY_CELL)
def test_country_codes_in_never_raises(value: object) -> None:
    codes = country_codes_in(value)
    assert all(code in ALPHA_2 for code in codes)
    assert len(set(codes)) == len(codes)
    single = normalise_country(value).code
    if single is not None:
        assert single in codes


@given(st.text())
def test_country_name_never_raises(code: str) -> None:
    assert isinstance(country_name(code), str)


@given(st.sampled_from(sorted(ALPHA_2)))
def test_alpha_codes_and_names_agree(code: str) -> None:
    country = pycountry.countries.get(alpha_2=code)
    assert normalise_country(code).code == code
    assert normalise_country(country.alpha_3).code == code
    assert normalise_country(country.name).code == code
    assert normalise_country(country.numeric).code == code
