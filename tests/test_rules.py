"""Rule packs: the bundled ones validate and say what domain.md says; broken ones fail clearly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from compliance.model.errors import RuleFileError
from compliance.paths import rules_dir
from compliance.rules.catalog import load_regimes
from compliance.rules.packs import load_pack

DRAFT_PACK = "draft-2019-cn-ru.toml"

ADOPTED = {
    "1718": dt.date(2006, 10, 14),
    "1874": dt.date(2009, 6, 12),
    "2094": dt.date(2013, 3, 7),
    "2270": dt.date(2016, 3, 2),
    "2321": dt.date(2016, 11, 30),
    "2371": dt.date(2017, 8, 5),
    "2375": dt.date(2017, 9, 11),
    "2397": dt.date(2017, 12, 22),
}

# Paragraphs domain.md lists as still unconfirmed: each must carry paragraph_verified = false.
UNCONFIRMED = {
    ("2270", "29"),
    ("2270", "30"),
    ("2321", "28"),
    ("2321", "29"),
    ("2371", "10"),
    ("2371", "11"),
    ("2371", "12"),
    ("2375", "13"),
    ("2375", "14"),
    ("2375", "15"),
    ("2375", "16"),
    ("2397", "7"),
}
CONFIRMED = {
    ("2371", "8"),
    ("2371", "9"),
    ("2375", "17"),
    ("2375", "18"),
    ("2397", "4"),
    ("2397", "5"),
    ("2397", "6"),
    ("2397", "8"),
    ("2397", "14"),
    ("2321", "30"),
    ("2270", "31"),
    ("2321", "26(b)"),
}


def test_bundled_packs_load() -> None:
    current, draft = load_regimes(rules_dir())
    assert current.id == "in-force" and draft.id == "draft-2019"
    assert len(current.book.rules) >= 40
    assert draft.status_note and "never adopted" in draft.status_note


def test_adoption_dates_match_the_resolutions() -> None:
    current, _ = load_regimes(rules_dir())
    for rule in current.book.rules:
        assert rule.citation.adopted == ADOPTED[rule.citation.resolution], rule.id
        for exc in rule.exceptions:
            if exc.citation:
                assert exc.citation.adopted == ADOPTED[exc.citation.resolution]


def test_unconfirmed_paragraphs_are_flagged_and_confirmed_ones_are_not() -> None:
    current, _ = load_regimes(rules_dir())
    seen = set()
    for rule in current.book.rules:
        key = (rule.citation.resolution, rule.citation.paragraph)
        seen.add(key)
        if key in UNCONFIRMED:
            assert not rule.citation.paragraph_verified, rule.id
            assert rule.citation.text().endswith(", unverified")
        if key in CONFIRMED:
            assert rule.citation.paragraph_verified, rule.id
    assert seen >= UNCONFIRMED | CONFIRMED


def test_hs_codes_are_resolution_text_only_for_2397_op6_and_op7() -> None:
    current, _ = load_regimes(rules_dir())
    for rule in current.book.rules:
        if rule.goods and rule.goods.hs_basis == "resolution text":
            assert (rule.citation.resolution, rule.citation.paragraph) in {("2397", "6"), ("2397", "7")}, rule.id


def test_draft_lifts_exactly_the_reported_measures() -> None:
    _, draft = load_regimes(rules_dir())
    assert set(draft.lifted) == {
        "seafood-export",
        "textiles-export",
        "statues-export",
        "statues-possible",
        "workers-freeze-2371",
        "workers-authorizations-2375",
        "repatriation-2397",
    }


def _write(tmp_path: Path, text: str, name: str = "un-dprk-in-force.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD_RULE = """
[pack]
id = "p"
title = "t"
version = "1"
description = "d"

[regime]
id = "in-force"
label = "Measures in force"
status = "in force"
date = 2017-12-22
notice = "n"

[[rule]]
id = "seafood-export"
title = "Seafood"
measure = "seafood"
links = ["from_dprk"]
outcome = "prohibited"
reason = "r"
citation = { resolution = "2371", year = 2017, paragraph = "9", paragraph_verified = false, adopted = 2017-08-05 }
[rule.goods]
hs = ["03"]
hs_basis = "implementation choice"
"""


def test_a_minimal_pack_validates(tmp_path: Path) -> None:
    loaded = load_pack(_write(tmp_path, GOOD_RULE))
    assert loaded.pack.rule[0].id == "seafood-export"
    assert len(loaded.sha256) == 64


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('hs = ["03"]', 'hs = ["3"]'), "rule 'seafood-export', field 'goods.hs'"),
        (('outcome = "prohibited"', 'outcome = "forbidden"'), "rule 'seafood-export', field 'outcome'"),
        (('links = ["from_dprk"]', 'links = ["from_korea"]'), "rule 'seafood-export', field 'links'"),
        (('outcome = "prohibited"', 'outcome = "review"'), "needs the question"),
        (('reason = "r"', 'reason = "r"\nsurprise = 1'), "rule 'seafood-export', field 'surprise'"),
        (("adopted = 2017-08-05", 'adopted = "soon"'), "field 'citation.adopted'"),
    ],
)
def test_broken_rules_name_file_rule_and_field(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    path = _write(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(RuleFileError) as err:
        load_pack(path)
    text = err.value.one_line()
    assert str(path) in text
    assert message in text


def test_duplicate_ids_and_bad_toml_are_refused(tmp_path: Path) -> None:
    twice = GOOD_RULE + GOOD_RULE[GOOD_RULE.index("[[rule]]") :]
    with pytest.raises(RuleFileError, match="duplicate rule ids: seafood-export"):
        load_pack(_write(tmp_path, twice))
    with pytest.raises(RuleFileError, match="not valid TOML"):
        load_pack(_write(tmp_path, "[pack\nid="))
    with pytest.raises(RuleFileError, match="cannot read rule pack"):
        load_pack(tmp_path / "missing.toml")


def test_draft_naming_an_unknown_rule_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, GOOD_RULE)
    draft = (rules_dir() / DRAFT_PACK).read_text(encoding="utf-8")
    _write(tmp_path, draft.replace('based_on = "un-dprk-in-force"', 'based_on = "p"'), DRAFT_PACK)
    with pytest.raises(RuleFileError, match="names rules the base pack does not have"):
        load_regimes(tmp_path)


def test_draft_must_amend_the_loaded_base(tmp_path: Path) -> None:
    _write(tmp_path, GOOD_RULE)
    _write(tmp_path, (rules_dir() / DRAFT_PACK).read_text(encoding="utf-8"), DRAFT_PACK)
    with pytest.raises(RuleFileError, match="amends 'un-dprk-in-force', which is not among the regimes found"):
        load_regimes(tmp_path)
