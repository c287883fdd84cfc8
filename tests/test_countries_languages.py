"""Countries and places in Chinese, Russian, Korean and Japanese, in country cells and inside free text."""

# ruff: noqa: RUF001 - Russian test data is Cyrillic, letters that look Latin included.

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from compliance.normalise.countries import country_codes_in, normalise_country
from compliance.normalise.country_names import translated_names
from compliance.normalise.mentions import Mention, country_mentions, dprk_mentions

DATA = Path(__file__).parent / "data" / "countries"

DPRK_NAMES = [
    # Chinese, simplified and traditional
    "朝鲜",
    "北韩",
    "北朝鲜",
    "朝鲜民主主义人民共和国",
    "朝鮮",
    "北朝鮮",
    "北韓",
    "朝鮮民主主義人民共和國",
    # Japanese
    "朝鮮民主主義人民共和国",
    # Russian
    "КНДР",
    "Северная Корея",
    "Корейская Народно-Демократическая Республика",
    "Северной Кореи",
    # Korean, the North's usage and the South's
    "조선",
    "북한",
    "조선민주주의인민공화국",
    "북조선",
    "조선 민주주의 인민 공화국",
]
DPRK_PLACES = [
    "平壤",
    "南浦",
    "罗先",
    "羅先",
    "罗津",
    "羅津",
    "新义州",
    "新義州",
    "元山",
    "清津",
    "海州",
    "咸兴",
    "平壌",
    "Пхеньян",
    "Нампхо",
    "Расон",
    "Раджин",
    "Синыйджу",
    "Вонсан",
    "Чхонджин",
    "Хэджу",
    "평양",
    "남포",
    "라선",
    "나선",
    "라진",
    "나진",
    "신의주",
    "원산",
    "청진",
    "해주",
    "함흥",
    "ピョンヤン",
    "ナムポ",
    "ラソン",
    "ラジン",
    "シニジュ",
    "ウォンサン",
    "チョンジン",
    "ヘジュ",
    "ハムフン",
    "ﾋﾟｮﾝﾔﾝ",
]
NOT_DPRK = [
    "韩国",
    "韓國",
    "南韩",
    "大韩民国",
    "大韓民國",
    "Южная Корея",
    "Республика Корея",
    "대한민국",
    "한국",
    "남한",
    "韓国",
    "大韓民国",
    "釜山",
    "Пусан",
    "부산",
    "Республики Корея",
    "남조선",
    "南朝鲜",
]
AMBIGUOUS_KOREA = ["Корея", "Кореи", "코리아", "コリア", "朝鲜半岛", "한반도"]


@pytest.mark.parametrize("text", DPRK_NAMES + DPRK_PLACES)
def test_dprk_names_and_places_are_kp(text: str) -> None:
    country = normalise_country(text)
    assert (country.code, country.ambiguous) == ("KP", False)


@pytest.mark.parametrize("text", NOT_DPRK)
def test_south_korean_names_and_busan_are_kr(text: str) -> None:
    country = normalise_country(text)
    assert (country.code, country.ambiguous) == ("KR", False)


@pytest.mark.parametrize("text", AMBIGUOUS_KOREA)
def test_korea_alone_stays_ambiguous_in_every_language(text: str) -> None:
    country = normalise_country(text)
    assert (country.code, country.ambiguous) == (None, True)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("中国", "CN"),
        ("中華人民共和國", "CN"),
        ("Китай", "CN"),
        ("중국", "CN"),
        ("中国大连", "CN"),
        ("Россия", "RU"),
        ("Российская Федерация", "RU"),
        ("러시아 연방", "RU"),
        ("ロシア連邦", "RU"),
        ("俄罗斯", "RU"),
        ("日本", "JP"),
        ("Япония", "JP"),
        ("Владивосток", "RU"),
        ("丹东", "CN"),
        ("ベトナム", "VN"),
        ("Вьетнам", "VN"),
        ("베트남", "VN"),
        ("越南", "VN"),
        ("大韓民国 (韓国)", "KR"),
        ("中國香港", "HK"),
        ("中国台湾", "TW"),
        ("日照", "CN"),
        ("鲸湾港", "NA"),
        ("Порт-Судан", "SD"),
        ("룽커우", "CN"),
        ("Туманган", "KP"),
        ("판문역", "KP"),
        ("도라산역", "KR"),
        ("朝鲜平壤", "KP"),
        ("朝鲜南浦港", "KP"),
        ("평양시 중구", "KP"),
    ],
)
def test_other_countries_in_native_script(text: str, code: str) -> None:
    assert normalise_country(text).code == code


def _catalogue_names() -> list[tuple[str, str]]:
    # A name the catalogues give to one country only; a few are shared by error (Saint Martin and
    # Sint Maarten are both 聖馬丁), and those are left to whichever reading came first.
    owners = Counter(name for names in translated_names().values() for name in set(names))
    return [(code, name) for code, names in sorted(translated_names().items()) for name in names if owners[name] == 1]


def test_the_catalogues_give_every_language_asked_for() -> None:
    names = translated_names()
    for expected in ("朝鲜民主主义人民共和国", "北韓", "Северная Корея", "조선민주주의인민공화국", "北朝鮮"):
        assert expected in names["KP"]
    assert len(_catalogue_names()) > 1000


def test_every_name_in_the_catalogues_reads_back_as_its_country() -> None:
    wrong = [
        (code, name, normalise_country(name).code)
        for code, name in _catalogue_names()
        if normalise_country(name).code != code
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "text",
    ["延边朝鲜族自治州", "朝鲜族", "원산지", "북한산", "북한강", "청진기", "连云港市海州区", "朝鲜蓟"],
)
def test_words_that_contain_a_dprk_name_but_mean_something_else(text: str) -> None:
    assert "KP" not in country_codes_in(text)
    assert normalise_country(text).code != "KP"


@pytest.mark.parametrize(
    "text",
    ["DPRK", "D.P.R.K.", "North Korea", "Korea, DPR", "Korea (North)", "Korea, Democratic People's Republic of"],
)
def test_english_forms_still_read_as_kp(text: str) -> None:
    assert normalise_country(text).code == "KP"


# ---- free text -------------------------------------------------------------------------------


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _dprk_cases() -> list[tuple[str, str]]:
    return [tuple(line.split(" | ", 1)) for line in _lines("dprk_text.txt")]  # type: ignore[misc]


def test_the_committed_lists_are_long_enough() -> None:
    assert len(_lines("not_dprk_text.txt")) >= 50
    assert len(_dprk_cases()) >= 40


@pytest.mark.parametrize("text", _lines("not_dprk_text.txt"))
def test_party_names_and_addresses_elsewhere_give_no_dprk_mention(text: str) -> None:
    assert dprk_mentions(text) == ()


@pytest.mark.parametrize(("phrase", "text"), _dprk_cases())
def test_dprk_names_and_places_are_found_inside_text(phrase: str, text: str) -> None:
    found = dprk_mentions(text)
    assert phrase in [m.phrase for m in found]
    assert all(m == Mention("KP", m.phrase, False) for m in found)


def test_a_mention_says_what_it_found_in_order() -> None:
    assert country_mentions("Korea Ryongbong Trading, Pyongyang, DPRK") == (
        Mention("KP", "Pyongyang", False),
        Mention("KP", "DPRK", False),
    )
    assert country_mentions("Dalian, China / Nampo") == (
        Mention("CN", "Dalian", False),
        Mention("CN", "China", False),
        Mention("KP", "Nampo", False),
    )


@pytest.mark.parametrize(
    "text",
    [
        "Korea Trading Co., Ltd.",
        "Korea Ryongbong General Corporation",
        "Корея Трейд",
        "코리아 무역",
        "コリア貿易",
        "Chosun Trading",
        "조선칠성무역회사",
    ],
)
def test_only_an_ambiguous_korea(text: str) -> None:
    found = country_mentions(text)
    assert found
    assert all(m.ambiguous and m.code is None for m in found)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Korea Exchange Bank, Seoul", "KR"),
        ("Korea Trading, Busan", "KR"),
        ("Korea Ryongbong, Pyongyang", "KP"),
        ("Корея, Пхеньян", "KP"),
        ("Корея, Пусан", "KR"),
    ],
)
def test_a_definite_korea_settles_the_bare_one(text: str, code: str) -> None:
    assert [(m.code, m.ambiguous) for m in country_mentions(text)] == [(code, False)]


@pytest.mark.parametrize(
    "text",
    [
        "Parasonic Ltd",
        "Arasonic",
        "DPRKX Holdings",
        "Pyongyangsky",
        "Democratic Republic of the Congo",
        "People's Republic of China",
        "Korean Air",
        "Lao People's Democratic Republic",
        "Rajin Kumar",
        "The chosen route",
        "Nampak",
        "Wonsang",
    ],
)
def test_latin_names_are_whole_words_and_false_ties_stay_apart(text: str) -> None:
    assert dprk_mentions(text) == ()


def test_congo_and_china_are_read_as_themselves() -> None:
    assert [m.code for m in country_mentions("Democratic Republic of the Congo")] == ["CD"]
    assert [m.code for m in country_mentions("People's Republic of China")] == ["CN"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Rajin port", True),
        ("Port of Rajin", True),
        ("port Rajin", True),
        ("Rajin-Sonbong", True),
        ("Rajin Traders", False),
        ("Rajin", True),
        ("RAJIN", True),
        ("南浦港", True),
        ("南浦", True),
        ("南浦大桥", False),
        ("上海南浦港", False),
        ("朝鲜南浦", True),
        ("해주시", True),
        ("해주", True),
        ("해주 세요", False),
        ("확인해주시기 바랍니다", False),
        ("남포항", True),
        ("남포", True),
        ("남포동", False),
        ("부산 남포", False),
        ("개성 있는 디자인", False),
    ],
)
def test_short_names_count_only_as_places(text: str, found: bool) -> None:
    assert bool(dprk_mentions(text)) is found


def test_quoted_phrases_keep_the_brackets_and_dots_they_open() -> None:
    assert [m.phrase for m in country_mentions("Sinuiju, Korea (North)")] == ["Sinuiju", "Korea (North)"]
    assert [m.phrase for m in country_mentions("Made in D.P.R.K. 2019")] == ["D.P.R.K."]


def test_full_width_and_half_width_text() -> None:
    assert dprk_mentions("ＤＰＲＫ") == (Mention("KP", "DPRK", False),)
    assert dprk_mentions("ﾋﾟｮﾝﾔﾝ市") == (Mention("KP", "ピョンヤン", False),)


@pytest.mark.parametrize("value", [None, 408, 4.5, b"DPRK", "", "   ", ["DPRK"]])
def test_non_text_and_empty_cells_mention_nothing(value: object) -> None:
    assert country_mentions(value) == ()


def test_repeated_values_are_read_once() -> None:
    from compliance.normalise import mentions

    mentions._mentions_in.cache_clear()
    for _ in range(5):
        country_mentions("Nampo, North Korea")
    info = mentions._mentions_in.cache_info()
    assert (info.misses, info.hits) == (1, 4)
