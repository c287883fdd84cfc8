"""The rule-pack schema refuses what means nothing or can be read two ways, naming file and rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.model.errors import RuleFileError
from compliance.rules.packs import load_pack

PACK = """
[pack]
id = "p"
title = "t"
version = "1"
description = "d"

[vocabulary.conditions.korean]
terms = ["inter-korean"]

[vocabulary.terms.seafood]
en = ["squid"]

[vocabulary.exceptions.pre-contract]
title = "Old contract"
when = { contract_before = 2017-08-05 }
outcome = "review"
reason = "r"
question = "q?"

[vocabulary.wind_downs.thirty]
days = 30
verified = false
question = "q?"

[[rule]]
id = "seafood-export"
title = "Seafood"
measure = "seafood"
links = ["from_dprk"]
outcome = "prohibited"
reason = "r"
citation = { resolution = "2371", year = 2017, paragraph = "9", paragraph_verified = true, adopted = 2017-08-05 }
wind_down = "thirty"
exceptions = ["pre-contract"]
WHEN
[rule.goods]
hs = ["03"]
term_lists = ["seafood"]
hs_basis = "implementation choice"
"""


def _load(tmp_path: Path, when: str = "", **replace: str) -> object:
    text = PACK.replace("WHEN", when)
    for old, new in replace.items():
        text = text.replace(old, new)
    path = tmp_path / "pack.toml"
    path.write_text(text, encoding="utf-8")
    return load_pack(path)


def test_shared_term_lists_exceptions_and_wind_downs_are_resolved(tmp_path: Path) -> None:
    rule = _load(tmp_path).pack.rule[0]  # type: ignore[attr-defined]
    assert rule.wind_down.days == 30
    assert rule.exceptions[0].id == "pre-contract"
    assert rule.goods.term_lists == ("seafood",)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ('when = { named = "korean", terms = ["rail"] }', "may not carry other keys"),
        ("when = {}", "empty condition"),
        ('when = { fields = ["description"], fields_present = ["flag"] }', "there are none"),
        ('when = { country_fields = ["origin"], terms = ["x"] }', "there are none"),
    ],
)
def test_conditions_that_mean_nothing_or_two_things_are_refused(tmp_path: Path, when: str, message: str) -> None:
    with pytest.raises(RuleFileError) as err:
        _load(tmp_path, when)
    assert message in err.value.one_line()
    assert "seafood-export" in err.value.one_line()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('wind_down = "thirty"', 'wind_down = "sixty"', "unknown wind-down 'sixty'"),
        ('exceptions = ["pre-contract"]', 'exceptions = ["post-contract"]', "unknown exception 'post-contract'"),
        ('term_lists = ["seafood"]', 'term_lists = ["fish"]', "term lists not in the vocabulary"),
        ('question = "q?"\n\n[vocabulary.wind', 'question = "q?"\nnote_ = 1\n\n[vocabulary.wind', "note_"),
        ('wind_down = "thirty"', 'wind_down = "thirty"\ntiming = "ongoing"', "needs timing = 'event'"),
        ('hs = ["03"]', 'hs = ["03"]\nhs_exclude = ["0301"]\nhs_ordinary = ["0302"]', "go together"),
    ],
)
def test_references_and_fields_out_of_place_are_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(RuleFileError) as err:
        _load(tmp_path, **{old: new})
    assert message in err.value.one_line()


def test_a_question_on_an_exception_that_does_not_ask_is_refused(tmp_path: Path) -> None:
    asking = 'outcome = "review"\nreason = "r"\nquestion = "q?"'
    with pytest.raises(RuleFileError) as err:
        _load(tmp_path, **{asking: asking.replace('"review"', '"permitted"')})
    assert "means nothing" in err.value.one_line()


# --- amendments: lift, add, replace, modify; the regime a pack declares -----------------------------

AMENDMENT = """\
[pack]
id = "a"
title = "t"
version = "1"
based_on = "in-force"
description = "d"

[regime]
id = "scenario-a"
label = "Scenario A"
status = "user scenario"
date = 2026-01-01
notice = "A scenario, not law."

[[lift]]
rule = "seafood-export"
reason = "Scenario: lifted."

[[add]]
id = "tobacco-import"
title = "Tobacco into the DPRK"
measure = "tobacco"
links = ["to_dprk"]
outcome = "prohibited"
reason = "r"
citation = { draft = "US draft", year = 2022, adopted = 2022-05-26 }
[add.goods]
hs = ["24"]
hs_basis = "implementation choice"

[[replace]]
rule = "luxury-yachts"
change = "Yachts: review instead."
[replace.by]
id = "yachts-review"
title = "Yachts"
measure = "luxury goods"
links = ["to_dprk"]
outcome = "review"
reason = "r"
question = "q?"
citation = { resolution = "2094", year = 2013, paragraph = "Annex IV", paragraph_verified = true, adopted = 2013-03-07 }
[replace.by.goods]
hs = ["8903"]
hs_basis = "implementation choice"

[[modify]]
rule = "crude-oil-cap-2397"
change = "Cap lowered."
cap = { limits = [{ amount = 3000000, unit = "bbl" }] }
in_force_from = 2022-05-26
"""


def _amendment(tmp_path: Path, old: str = "", new: str = "", *more: tuple[str, str]) -> object:
    text = AMENDMENT
    for a, b in ((old, new), *more):
        text = text.replace(a, b) if a else text
    path = tmp_path / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    return load_pack(path)


def test_an_amendment_may_lift_add_replace_and_modify(tmp_path: Path) -> None:
    pack = _amendment(tmp_path).pack  # type: ignore[attr-defined]
    assert pack.is_amendment and pack.regime.status == "user scenario"
    assert pack.targets == ["seafood-export", "luxury-yachts", "crude-oil-cap-2397"]
    assert [r.id for r in pack.add] == ["tobacco-import"]
    assert pack.add[0].citation.text() == "US draft (2022), reported item"
    assert pack.replace[0].by.id == "yachts-review"
    assert pack.modify[0].cap.limits[0].amount == 3_000_000


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('hs = ["24"]', 'hs = ["2"]', "line 19, add 'tobacco-import', field 'goods.hs'"),
        ('status = "user scenario"', 'status = "law"', "line 8, field 'regime.status'"),
        ('status = "user scenario"', 'status = "in force"', "not the measures in force"),
        (
            'change = "Cap lowered."\ncap',
            'change = "Cap lowered."\nnothing = 1\ncap',
            "line 47, modify 'crude-oil-cap-2397', field 'nothing'",
        ),
        ('rule = "luxury-yachts"', 'rule = "seafood-export"', "named twice: seafood-export"),
        ('id = "yachts-review"', 'id = "tobacco-import"', "duplicate ids of added or replacing rules: tobacco-import"),
        ("[[add]]", "[vocabulary.terms.x]\nen = ['x']\n\n[[add]]", "has none of its own"),
        (
            "year = 2022, adopted",
            'year = 2022, paragraph = "3", adopted',
            "cited as 'draft (year), reported item'",
        ),
        ('paragraph = "Annex IV", paragraph_verified = true, ', "", "gives 'paragraph' and 'paragraph_verified'"),
        ('draft = "US draft", ', "", "names a resolution, or the draft"),
        ('outcome = "review"\nreason = "r"\nquestion = "q?"', 'outcome = "review"\nreason = "r"', "needs the question"),
    ],
)
def test_a_broken_amendment_is_refused_with_line_entry_and_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in AMENDMENT
    with pytest.raises(RuleFileError) as err:
        _amendment(tmp_path, old, new)
    assert err.value.one_line().startswith(str(tmp_path / "scenario.toml"))
    assert message in err.value.one_line()


def test_a_modification_must_change_something(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="changes at least one key"):
        _amendment(tmp_path, 'cap = { limits = [{ amount = 3000000, unit = "bbl" }] }\nin_force_from = 2022-05-26', "")


def test_a_base_pack_does_not_amend_and_an_amendment_defines_no_rule(tmp_path: Path) -> None:
    base = PACK + '\n[[lift]]\nrule = "seafood-export"\nreason = "r"\n'
    path = tmp_path / "base.toml"
    path.write_text(base.replace("WHEN", ""), encoding="utf-8")
    with pytest.raises(RuleFileError, match="only an amendment"):
        load_pack(path)
    with pytest.raises(RuleFileError, match="does not define rules of its own"):
        _amendment(tmp_path, "[[add]]", "[[rule]]", ("[add.goods]", "[rule.goods]"))
    scenario_base = PACK.replace("WHEN", "").replace(
        'description = "d"\n',
        'description = "d"\n\n[regime]\nid = "x"\nlabel = "x"\nstatus = "user scenario"\n'
        'date = 2026-01-01\nnotice = "n"\n',
    )
    path.write_text(scenario_base, encoding="utf-8")
    with pytest.raises(RuleFileError, match="defines the measures in force, not a 'user scenario'"):
        load_pack(path)
