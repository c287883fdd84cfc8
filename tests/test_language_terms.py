"""The goods and contract terms of rules/languages/*.toml: they parse, and every list is one the packs know."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

LANGUAGES = Path(__file__).resolve().parent.parent / "rules" / "languages"

GOODS_LISTS = frozenset(
    {
        "seafood",
        "textiles",
        "statues",
        "coal",
        "iron",
        "iron_ore",
        "lead",
        "gold",
        "titanium_ore",
        "vanadium_ore",
        "rare_earths",
        "copper",
        "nickel",
        "silver",
        "zinc",
        "food_agriculture",
        "machinery",
        "electrical",
        "earth_stone",
        "wood",
        "vessels",
        "arms",
        "vehicles",
        "metals",
        "helicopters",
        "condensates_ngl",
        "aviation_fuel",
        "refined_petroleum",
        "crude_oil",
        "jewellery",
        "yachts",
        "luxury_watches",
        "rugs",
        "tableware",
        "luxury_cars",
        "lead_crystal",
        "sports_equipment",
        "snowmobiles",
        "water_recreation",
        "tobacco",
        "mineral_fuels",
        "watches",
    }
)
CONTRACT_TYPES = frozenset(
    {
        "employment",
        "joint_venture",
        "fishing_rights",
        "construction",
        "services",
        "sale",
        "purchase",
        "processing",
        "charter",
        "vessel_services",
        "ship_to_ship",
    }
)
# Languages written without spaces between words, matched as substrings of the cell.
UNSPACED = frozenset({"zh", "ja", "ko"})
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")

FILES = sorted(LANGUAGES.glob("*.toml"))


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def test_every_language_asked_for_is_there() -> None:
    assert {path.stem for path in FILES} >= {"zh", "ru", "ko", "ja"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_file_has_its_sections_and_nothing_else(path: Path) -> None:
    data = _load(path)
    assert set(data) == {"language", "terms", "exclusions", "contract_types"}
    language = data["language"]
    assert language["code"] == path.stem
    assert language["name"]
    assert len(language["sources"].strip()) > 40


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_list_names_are_the_packs_own(path: Path) -> None:
    data = _load(path)
    assert set(data["terms"]) <= GOODS_LISTS
    assert set(data["exclusions"]) <= set(data["terms"])
    assert set(data["contract_types"]) <= CONTRACT_TYPES
    # Generous: nearly every list is there, and every contract type.
    assert len(data["terms"]) >= len(GOODS_LISTS) - 2
    assert set(data["contract_types"]) == CONTRACT_TYPES


def _lists(data: dict[str, Any]) -> list[tuple[str, str, list[Any]]]:
    sections = ("terms", "exclusions", "contract_types")
    return [(section, name, terms) for section in sections for name, terms in data[section].items()]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_entry_is_a_distinct_trimmed_phrase_in_the_language(path: Path) -> None:
    data = _load(path)
    script = _CYRILLIC if path.stem == "ru" else _CJK
    for section, name, terms in _lists(data):
        assert terms, f"{section}.{name} is empty"
        assert all(isinstance(t, str) and t == t.strip() and t for t in terms), f"{section}.{name}"
        duplicates = sorted({t for t in terms if terms.count(t) > 1})
        assert duplicates == [], f"{section}.{name} repeats {duplicates}"
        foreign = [t for t in terms if not script.search(t)]
        assert foreign == [], f"{section}.{name} has entries not in the language: {foreign}"


@pytest.mark.parametrize("path", [p for p in FILES if p.stem in UNSPACED], ids=lambda p: p.stem)
def test_unspaced_terms_have_two_characters_or_more(path: Path) -> None:
    data = _load(path)
    for section, name, terms in _lists(data):
        short = [t for t in terms if len(t.replace(" ", "")) < 2]
        assert short == [], f"{section}.{name}: {short}"


@pytest.mark.parametrize("path", [p for p in FILES if p.stem in UNSPACED], ids=lambda p: p.stem)
def test_an_exclusion_holds_a_term_of_its_list_and_is_not_one(path: Path) -> None:
    # An exclusion exists to stop a term that would match inside it; one holding no term stops nothing.
    data = _load(path)
    for name, exclusions in data["exclusions"].items():
        terms = data["terms"][name]
        idle = [e for e in exclusions if not any(t in e for t in terms)]
        assert idle == [], f"exclusions.{name} hold no term of their list: {idle}"
        assert not set(exclusions) & set(terms), f"exclusions.{name} repeat terms"


@pytest.mark.parametrize(
    ("code", "list_name", "description"),
    [
        ("zh", "seafood", "冷冻鱿鱼"),
        ("zh", "textiles", "男式棉衬衫"),
        ("zh", "coal", "无烟煤"),
        ("zh", "machinery", "挖掘机"),
        ("ko", "seafood", "냉동 오징어"),
        ("ja", "seafood", "冷凍イカ"),
        ("ko", "coal", "무연탄"),
        ("ja", "coal", "無煙炭"),
    ],
)
def test_the_issue_s_descriptions_contain_a_term(code: str, list_name: str, description: str) -> None:
    terms = _load(LANGUAGES / f"{code}.toml")["terms"][list_name]
    assert any(term in description for term in terms)


def test_the_issue_s_russian_description_opens_with_a_term_s_stem() -> None:
    # "мороженый кальмар": the engine matches Russian by stem, so the nominative "кальмар" must be there.
    terms = _load(LANGUAGES / "ru.toml")["terms"]["seafood"]
    assert "кальмар" in terms
    assert {"уголь", "антрацит", "кокс"} <= set(_load(LANGUAGES / "ru.toml")["terms"]["coal"])
