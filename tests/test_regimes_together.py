"""A regime's verdicts do not depend on which other regimes are screened with it, and a proposal's
replacing measure is judged as if adopted before the row's date, like the measures it adds."""

from __future__ import annotations

from pathlib import Path

from compliance.engine.evaluate import screen_row
from compliance.model.source_row import SourceRow
from compliance.paths import rules_dir
from compliance.rules.catalog import load_screening

PACKS = Path(__file__).parent / "data" / "regimes" / "review"


def _statuses(fields: dict[str, object], regimes: list[str]) -> list[tuple[str, list[str]]]:
    result = screen_row(SourceRow("l.csv", "l", 2, fields), load_screening(regimes, rules_dir()))
    return [(v.status.value, [h.rule_id for h in v.hits]) for v in result.verdicts]


def test_a_term_only_a_scenario_names_does_not_identify_the_goods_under_the_measures_in_force() -> None:
    # Dated after the scenario's start: a user scenario's measures keep their dates.
    cigarettes = {"origin": "China", "destination": "North Korea", "description": "香烟", "date": "2026-12-03"}
    alone = _statuses(cigarettes, ["in-force"])
    together = _statuses(cigarettes, ["in-force", str(PACKS / "zh-tobacco.toml")])
    assert alone == [("review", ["check-goods"])]
    assert together[0] == alone[0]
    assert together[1] == ("prohibited", ["zh-tobacco-import"])


def test_a_proposals_replacing_measure_binds_before_the_proposals_date() -> None:
    trousers = {"origin": "North Korea", "destination": "China", "hs_code": "620342", "date": "2019-03-01"}
    regimes = load_screening(["in-force", str(PACKS / "prop-replace.toml")], rules_dir())
    result = screen_row(SourceRow("l.csv", "l", 2, trousers), regimes)
    assert [v.status.value for v in result.verdicts] == ["prohibited", "prohibited"]
    # A measure bearing on the row under one regime is not listed as ruled out for it.
    assert "textiles-export" not in {r.rule_id for r in result.ruled_out}
    footwear = {"origin": "North Korea", "destination": "China", "hs_code": "640399", "date": "2019-03-01"}
    shoes = screen_row(SourceRow("l.csv", "l", 3, footwear), regimes)
    assert [v.status.value for v in shoes.verdicts] == ["permitted", "prohibited"]
    assert shoes.change == "tightened"


def test_measures_ruled_out_are_listed_once() -> None:
    rice = {"origin": "China", "destination": "North Korea", "hs_code": "100630", "date": "2019-03-01"}
    result = screen_row(SourceRow("l.csv", "l", 2, rice), load_screening(["in-force", "us-draft-2022"], rules_dir()))
    assert [v.status.value for v in result.verdicts] == ["permitted", "permitted"]
    listed = [(r.rule_id, r.why) for r in result.ruled_out]
    assert len(listed) == len(set(listed)) and listed
