"""The results model and its filter proxy, without a view, over real screening results."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from compliance.model.results import RowResult
from compliance.model.status import Status
from compliance.rules.regime import Regime
from gui.results.filter_proxy import ResultsFilterProxy
from gui.results.model import COLUMN_INDEX, COLUMNS, ResultRole, ResultsModel, StatusRole
from gui.results.regime_words import header_text, regime_words
from gui.workers import screen_file


@pytest.fixture
def results(ledger: Path, regimes: tuple[Regime, Regime]) -> list[RowResult]:
    """The test ledger, screened."""
    return screen_file(ledger, as_of=None, overrides=None, regimes=regimes)[1]


@pytest.fixture
def model(results: list[RowResult]) -> ResultsModel:
    """A model holding the screened ledger."""
    m = ResultsModel()
    m.set_results(results)
    return m


@pytest.fixture
def proxy(model: ResultsModel) -> ResultsFilterProxy:
    """A filter proxy over the model."""
    p = ResultsFilterProxy()
    p.setSourceModel(model)
    return p


def _refs(proxy: ResultsFilterProxy) -> list[str]:
    return [proxy.index(r, COLUMN_INDEX["reference"]).data() for r in range(proxy.rowCount())]


def _row(model: ResultsModel, ref: str) -> list[str]:
    row = model.row_of_reference(ref)
    assert row is not None
    return [model.index(row, c).data() for c in range(len(COLUMNS))]


def test_model_passes_qtmodeltester(qtmodeltester: ModelTester, model: ResultsModel) -> None:
    qtmodeltester.check(model, force_py=True)


def test_proxy_passes_qtmodeltester_filtered_and_sorted(qtmodeltester: ModelTester, proxy: ResultsFilterProxy) -> None:
    proxy.set_filters(status=Status.PROHIBITED)
    proxy.sort(COLUMN_INDEX["reference"], Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy, force_py=True)


def test_columns_show_the_rows_facts_and_both_verdicts(model: ResultsModel, regimes: tuple[Regime, Regime]) -> None:
    assert [c.header for c in COLUMNS] == [
        "Sheet/row",
        "Reference",
        "Date",
        "Description",
        "Origin",
        "Destination",
        "HS code",
        "Baseline",  # stand-ins: the model names the verdict columns after the regimes screened
        "Alternative",
        "Change",
        "Decision",
        "Reason",
        "Parties",
        "Vessel",
        "Name score",
    ]
    model.set_words(regime_words(regimes))
    current, draft = COLUMN_INDEX["current"], COLUMN_INDEX["draft"]
    assert model.header(current) == regimes[0].label
    assert model.header(draft) == regimes[1].label
    assert model.headerData(draft, Qt.Orientation.Horizontal) == header_text(regimes[1].label)
    assert _row(model, "SHP-001")[:11] == [
        "Shipments!2",
        "SHP-001",
        "2018-03-01",
        "Frozen squid",
        "DPRK",
        "China",
        "030743",
        "prohibited",
        "permitted",
        "▼ relaxed",
        "",  # no decisions store behind this model
    ]
    contract = _row(model, "CT-001")
    assert contract[:6] == [
        "Contracts!2",
        "CT-001",
        "2018-03-01",
        "Labour supply",
        "DPRK",
        "Russia",
    ]
    assert contract[7:11] == ["prohibited", "permitted", "▼ relaxed", ""]
    assert _row(model, "SHP-002")[7:11] == ["permitted", "permitted", "—", ""]


def test_custom_roles(model: ResultsModel) -> None:
    row = model.row_of_reference("SHP-003")
    assert row is not None
    assert model.index(row, COLUMN_INDEX["current"]).data(StatusRole) == Status.PROHIBITED
    assert model.index(row, COLUMN_INDEX["draft"]).data(StatusRole) == Status.PROHIBITED
    assert model.index(row, COLUMN_INDEX["reference"]).data(StatusRole) is None
    assert model.index(row, 0).data(ResultRole).reference == "SHP-003"
    tip = model.index(row, COLUMN_INDEX["current"]).data(Qt.ItemDataRole.ToolTipRole)
    assert "coal" in tip.lower()
    assert "UNSCR" in tip


def test_status_filter_follows_the_chosen_regime(proxy: ResultsFilterProxy) -> None:
    proxy.set_filters(status=Status.PROHIBITED)
    assert _refs(proxy) == ["SHP-001", "SHP-003", "SHP-004", "CT-001"]
    proxy.set_filters(regime="draft")
    assert _refs(proxy) == ["SHP-003"]
    proxy.set_filters(regime="compare", status=Status.PERMITTED)
    # In Compare a row matches when either verdict has the status.
    assert _refs(proxy) == ["SHP-001", "SHP-002", "SHP-004", "CT-001", "CT-002"]


def test_changed_measure_and_text_filters_combine(proxy: ResultsFilterProxy) -> None:
    proxy.set_filters(changed_only=True)
    assert _refs(proxy) == ["SHP-001", "SHP-004", "CT-001"]
    proxy.set_filters(text="  RASON ")
    assert _refs(proxy) == ["SHP-001"]
    proxy.set_filters(text="amur")  # the contractor is searched too
    assert _refs(proxy) == ["CT-001"]
    proxy.set_filters(changed_only=False, text="", measure="textiles")
    assert _refs(proxy) == ["SHP-004"]
    proxy.set_filters(measure=None)
    assert proxy.rowCount() == 6


def test_sorting_keeps_the_selected_row(model: ResultsModel, proxy: ResultsFilterProxy) -> None:
    from PySide6.QtCore import QPersistentModelIndex

    kept = QPersistentModelIndex(proxy.index(1, 0))
    assert kept.data() == "Shipments!3"
    proxy.sort(COLUMN_INDEX["current"], Qt.SortOrder.DescendingOrder)
    statuses = [proxy.index(r, COLUMN_INDEX["current"]).data() for r in range(proxy.rowCount())]
    assert statuses == sorted(statuses, key=lambda s: -Status(s).rank)
    assert kept.data() == "Shipments!3"
    proxy.sort(COLUMN_INDEX["where"], Qt.SortOrder.AscendingOrder)
    assert _refs(proxy)[0] == "SHP-001"


def test_counts(model: ResultsModel) -> None:
    assert model.counts("current") == {
        Status.PROHIBITED: 4,
        Status.REVIEW: 0,
        Status.PERMITTED: 2,
    }
    assert model.counts("draft")[Status.PROHIBITED] == 1
    assert model.changed_count() == 3
    assert "seafood" in model.measures()
