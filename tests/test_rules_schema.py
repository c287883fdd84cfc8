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
regime = "current"
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
