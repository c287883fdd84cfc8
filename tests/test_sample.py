"""The bundled sample, screened through the same path as the CLI, against its independent expectation."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from compliance.model.results import RowResult
from compliance.paths import rules_dir, sample_workbook, seeds_dir
from compliance.run import start_run


@pytest.fixture(scope="module")
def results() -> list[RowResult]:
    run = start_run([sample_workbook()], rules_dir=rules_dir())
    return list(run.results())


def expected() -> dict[tuple[str, int], dict[str, str]]:
    with (seeds_dir() / "sample-expected.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["sheet"], int(r["row"])): r for r in csv.DictReader(handle)}


def test_every_sample_row_matches_the_expectation(results: list[RowResult]) -> None:
    want = expected()
    assert len(results) == len(want) >= 40
    wrong = [
        f"{r.source.sheet}!{r.source.row} {r.reference}: want {want[(r.source.sheet, r.source.row)]['current']}/"
        f"{want[(r.source.sheet, r.source.row)]['draft']}, got {r.baseline.status}/{r.alternative.status}"
        for r in results
        if (str(r.baseline.status), str(r.alternative.status))
        != (want[(r.source.sheet, r.source.row)]["current"], want[(r.source.sheet, r.source.row)]["draft"])
    ]
    assert wrong == []


def test_sample_covers_both_sheets_every_status_and_a_relaxation(results: list[RowResult]) -> None:
    sheets = Counter(r.source.sheet for r in results)
    assert sheets["Shipments"] >= 30 and sheets["Contracts"] >= 10
    assert {str(r.baseline.status) for r in results} == {"prohibited", "review", "permitted"}
    assert any(r.change == "relaxed" for r in results)
    assert not any(r.change == "tightened" for r in results)


def test_sample_exercises_most_measures(results: list[RowResult]) -> None:
    fired = {h.rule_id for r in results for h in r.baseline.hits}
    rules = {r.id for r in start_run([], rules_dir=rules_dir()).baseline.book.rules}
    assert len(fired & rules) >= 0.75 * len(rules), sorted(rules - fired)
