"""Fail closed: a row tied to the DPRK is permitted only when every measure that could bear on it is ruled out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from compliance.engine import evaluate, screen_row
from compliance.paths import rules_dir
from compliance.records import CellProblem, SourceRow
from compliance.regime import Regime, load_regimes
from compliance.results import RowResult
from compliance.status import Status

P, R, OK = Status.PROHIBITED, Status.REVIEW, Status.PERMITTED


@pytest.fixture(scope="module")
def regimes() -> tuple[Regime, Regime]:
    return load_regimes(rules_dir())


def row(problems: tuple[CellProblem, ...] = (), **fields: Any) -> SourceRow:
    cells = {k: v for k, v in fields.items() if v is not None}
    return SourceRow("ledger.csv", "ledger", 9, cells, problems=problems)


def run(regimes: tuple[Regime, Regime], as_of: dt.date | None = None, **fields: Any) -> RowResult:
    return screen_row(row(**fields), *regimes, as_of=as_of)


FORMULA = CellProblem(
    "origin", "Country of Origin", "", "this cell is a formula; its value was not stored",
    "What is the country of origin? Open the workbook in Excel, recalculate and save it, then screen it again.",
)


@pytest.mark.parametrize("linked", [False, True])
def test_an_unread_cell_holds_any_row_at_review_under_every_regime(
    regimes: tuple[Regime, Regime], linked: bool
) -> None:
    fields: dict[str, Any] = {"date": "2018-03-01", "description": "plastic buckets", "destination": "Viet Nam"}
    if linked:
        fields["shipper_country"] = "DPRK"
    result = screen_row(row((FORMULA,), **fields), *regimes)
    for verdict in (result.current, result.draft):
        assert verdict.status == R
        hit = next(h for h in verdict.hits if h.rule_id == "check-cell")
        assert "formula" in hit.reason and "Country of Origin" in hit.reason
        assert hit.question == FORMULA.question
    assert evaluate(row((FORMULA,), **fields), regimes[0]).status == R
