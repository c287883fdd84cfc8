"""Regimes on the bundled sample: a scenario that lifts only textiles changes exactly the rows whose
textile finding decided them, and the 2019 draft read through the catalog changes what it did before."""

from __future__ import annotations

from pathlib import Path

from compliance.model.results import RowResult
from compliance.model.status import Status
from compliance.paths import rules_dir, sample_workbook
from compliance.rules.catalog import find_regimes, load_screening
from compliance.run import start_run

SCENARIOS = Path(__file__).parent / "data" / "regimes"


def _screen(alternative: str) -> list[RowResult]:
    baseline, other = load_screening(["in-force", alternative], rules_dir(), SCENARIOS)
    return list(start_run([sample_workbook()], rules_dir=rules_dir(), regimes=(baseline, other)).results())


def _decided_by_textiles(result: RowResult) -> bool:
    """The row's verdict in force rests on the textile ban alone: no other hit is as severe."""
    verdict = result.baseline
    worst = [h for h in verdict.hits if h.status == verdict.status]
    return verdict.status > Status.PERMITTED and {h.rule_id for h in worst} == {"textiles-export"}


def test_the_scenario_is_found_in_the_users_folder() -> None:
    found = {i.id: i for i in find_regimes(rules_dir(), SCENARIOS)}
    assert found["textiles-lifted"].status == "user scenario" and not found["textiles-lifted"].shipped


def test_a_scenario_lifting_only_textiles_changes_exactly_the_textile_rows() -> None:
    results = _screen("textiles-lifted")
    changed = {(r.source.sheet, r.source.row) for r in results if r.change != "unchanged"}
    textile = {(r.source.sheet, r.source.row) for r in results if _decided_by_textiles(r)}
    assert changed == textile and len(changed) >= 2
    assert all(r.change == "relaxed" for r in results if r.change != "unchanged")
    for r in results:
        lifted = [h.rule_id for h in r.alternative.hits if h.lifted]
        assert lifted in ([], ["textiles-export"])


def test_the_2019_draft_through_the_catalog_gives_the_verdicts_of_today() -> None:
    today = list(start_run([sample_workbook()], rules_dir=rules_dir()).results())
    through_catalog = _screen("draft-2019")
    assert [(str(r.baseline.status), str(r.alternative.status), r.change) for r in through_catalog] == [
        (str(r.baseline.status), str(r.alternative.status), r.change) for r in today
    ]
