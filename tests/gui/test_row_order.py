"""Large-ledger plumbing: the compact result store, and sorting and filtering in the background."""

from __future__ import annotations

import datetime as dt
import sys
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from compliance.model.status import Status
from compliance.paths import rules_dir, sample_workbook
from compliance.rules.regime import Regime
from compliance.run import start_run
from gui.results import row_order
from gui.results.filter_proxy import ResultsFilterProxy
from gui.results.model import COLUMN_INDEX, COLUMNS, ResultsModel
from gui.results.store import ResultStore, release_in_background
from gui.settings import Settings
from gui.window.main_window import MainWindow
from gui.workers import screen_file

FILTER_CASES = (
    {},
    {"status": Status.PROHIBITED},
    {"status": Status.PERMITTED, "regime": "compare"},
    {"status": Status.REVIEW, "regime": "draft"},
    {"changed_only": True, "regime": "compare"},
    {"measure": "seafood"},
    {"text": "frozen"},
    {"text": "co., ltd", "status": Status.PERMITTED},
)


def _engine(path: Path) -> list:
    return list(start_run([path], rules_dir=rules_dir(), keep_cells=True).results())


@pytest.fixture
def mixed_ledger(big_csv: Callable[[int], Path]) -> Path:
    """3,000 rows: dates over two years, DPRK seafood every fiftieth row, 97 customers."""
    return big_csv(3_000)


@pytest.fixture(scope="module")
def generated_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4,000 rows of benchmarks/make_ledger.py: every status, measure and change, blanks, Korea."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from make_ledger import write_ledger

    return write_ledger(tmp_path_factory.mktemp("generated") / "ledger.xlsx", 4_000)


@pytest.fixture
def model(generated_ledger: Path, regimes: tuple[Regime, Regime]) -> ResultsModel:
    """A model over the generated ledger, screened as the window screens it."""
    texts: list[str] = []
    _, store = screen_file(generated_ledger, as_of=None, overrides=None, regimes=regimes, texts=texts)
    m = ResultsModel()
    m.set_results(store, texts)
    return m


def _proxy(model: ResultsModel, background: bool) -> ResultsFilterProxy:
    proxy = ResultsFilterProxy()
    proxy.background_from_rows = 0 if background else 10**9
    proxy.setSourceModel(model)
    return proxy


def _shown(proxy: ResultsFilterProxy) -> list[int]:
    return [proxy.mapToSource(proxy.index(r, 0)).row() for r in range(proxy.rowCount())]


def _settle(qtbot: QtBot, proxy: ResultsFilterProxy) -> None:
    qtbot.waitUntil(lambda: not proxy.busy, timeout=30_000)


# --- the store ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["sample", "csv", "generated"])
def test_store_rebuilds_every_row_as_the_engine_screened_it(
    which: str, mixed_ledger: Path, generated_ledger: Path, regimes: tuple[Regime, Regime]
) -> None:
    path = {"sample": sample_workbook(), "csv": mixed_ledger, "generated": generated_ledger}[which]
    _, store = screen_file(path, as_of=None, overrides=None, regimes=regimes)
    engine = _engine(path)
    assert len(store) == len(engine)
    assert len(store.flagged) < len(store), "plain rows are stored compactly"
    for mine, theirs in zip(store, engine, strict=True):
        assert mine.as_json() == theirs.as_json()
        assert mine.source.fields == theirs.source.fields
        assert mine.source.cells == theirs.source.cells
        assert [type(c) for c in mine.source.cells] == [type(c) for c in theirs.source.cells]
        assert (mine.source.sheet, mine.source.row, mine.kind) == (theirs.source.sheet, theirs.source.row, theirs.kind)


def test_shared_cells_never_change_type(tmp_path: Path, regimes: tuple[Regime, Regime]) -> None:
    # True == 1 == 1.0: a cell shared by value could come back as another type.
    wb = Workbook()
    ws = wb.active
    ws.append(("Reference", "Shipment Date", "Country of Origin", "Destination", "Checked", "Note"))
    for i, flag in enumerate((True, 1.0, 1, " padded ", "  ", None)):
        ws.append((f"R{i}", dt.datetime(2019, 1, 1 + i), "Japan", "China", flag, f"  note {i} "))
    path = tmp_path / "types.xlsx"
    wb.save(path)
    _, store = screen_file(path, as_of=None, overrides=None, regimes=regimes)
    for mine, theirs in zip(store, _engine(path), strict=True):
        assert [type(c) for c in mine.source.cells] == [type(c) for c in theirs.source.cells]
        assert mine.source.cells == theirs.source.cells
        assert mine.source.fields == theirs.source.fields


def test_store_of_a_plain_list_keeps_every_row(ledger: Path) -> None:
    results = _engine(ledger)
    store = ResultStore.of(results)
    assert list(store) == results
    assert store[-1] is results[-1]


def test_replaced_results_are_freed_in_the_background_once_nobody_reads_them(
    qtbot: QtBot, generated_ledger: Path, regimes: tuple[Regime, Regime]
) -> None:
    _, store = screen_file(generated_ledger, as_of=None, overrides=None, regimes=regimes)
    alive = weakref.ref(store)
    exporting = store  # an export of the old results still reading them
    release_in_background(store)
    del store
    qtbot.wait(400)
    assert len(exporting) == 4_000, "rows still being read are never freed"
    del exporting
    qtbot.waitUntil(lambda: alive() is None, timeout=5_000)


@pytest.mark.parametrize("descending", [False, True])
def test_bucket_and_merge_sorts_agree(monkeypatch: pytest.MonkeyPatch, descending: bool) -> None:
    # Few distinct keys go into buckets, many into merged runs; both keep ties in ledger order.
    keys = [f"k{(i * 7919) % 613:04d}" for i in range(40_000)]
    expected = sorted(range(len(keys)), key=lambda i: keys[i], reverse=descending)  # stable, ties ascending
    assert list(row_order.ordered(keys, descending, row_order.no_checkpoint)) == expected
    monkeypatch.setattr(row_order, "BUCKETS_UP_TO", 10)
    assert list(row_order.ordered(keys, descending, row_order.no_checkpoint)) == expected


# --- sorting and filtering ------------------------------------------------------------------------------


@pytest.mark.parametrize("column", [c.key for c in COLUMNS])
def test_background_sort_gives_the_inline_order(qtbot: QtBot, model: ResultsModel, column: str) -> None:
    inline, background = _proxy(model, False), _proxy(model, True)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        inline.sort(COLUMN_INDEX[column], order)
        background.sort(COLUMN_INDEX[column], order)
        assert background.busy or (column, order) == ("where", Qt.SortOrder.AscendingOrder)
        _settle(qtbot, background)
        assert _shown(background) == _shown(inline)
        # The order is the one the officer reads: by the text shown (dates and verdicts by meaning).
        if column in ("reference", "description", "origin", "destination", "hs_code"):
            texts = [inline.index(r, COLUMN_INDEX[column]).data().casefold() for r in range(inline.rowCount())]
            assert texts == sorted(texts, reverse=order == Qt.SortOrder.DescendingOrder)
        ledger = _shown(inline)
        keys = [inline.index(r, COLUMN_INDEX[column]).data() for r in range(inline.rowCount())]
        for a in range(1, len(ledger)):
            if keys[a] == keys[a - 1]:
                assert ledger[a] > ledger[a - 1], "ties keep ledger order"


@pytest.mark.parametrize("filters", FILTER_CASES, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
def test_background_filter_gives_the_inline_rows(qtbot: QtBot, model: ResultsModel, filters: dict) -> None:
    inline, background = _proxy(model, False), _proxy(model, True)
    for proxy in (inline, background):
        proxy.sort(COLUMN_INDEX["date"], Qt.SortOrder.DescendingOrder)
        proxy.set_filters(**filters)
    _settle(qtbot, background)
    assert _shown(background) == _shown(inline)
    assert 0 < inline.rowCount() <= model.rowCount()


def test_filters_match_a_plain_reading_of_each_row(model: ResultsModel) -> None:
    proxy = _proxy(model, False)
    proxy.set_filters(status=Status.REVIEW, regime="compare", text="ltd")
    expected = [
        i
        for i, r in enumerate(model.results)
        if Status.REVIEW in (r.baseline.status, r.alternative.status)
        and any(
            "ltd" in str(v).casefold()
            for k, v in r.source.fields.items()
            if k in ("reference", "shipper", "consignee", "description")
        )
    ]
    assert expected
    assert _shown(proxy) == expected


def test_a_superseded_request_is_never_applied(qtbot: QtBot, model: ResultsModel) -> None:
    proxy = _proxy(model, True)
    applied: list[int] = []
    proxy.layoutChanged.connect(lambda *_: applied.append(proxy.rowCount()))
    proxy.sort(COLUMN_INDEX["reference"], Qt.SortOrder.DescendingOrder)
    proxy.set_filters(status=Status.PROHIBITED)
    proxy.sort(COLUMN_INDEX["date"], Qt.SortOrder.AscendingOrder)  # supersedes both
    _settle(qtbot, proxy)
    qtbot.wait(50)  # any late answer of the superseded jobs would arrive by now
    assert applied == [proxy.rowCount()], "only the latest request reaches the screen, once"
    inline = _proxy(model, False)
    inline.set_filters(status=Status.PROHIBITED)
    inline.sort(COLUMN_INDEX["date"], Qt.SortOrder.AscendingOrder)
    assert _shown(proxy) == _shown(inline)


def test_asking_for_what_is_on_screen_drops_the_running_request(qtbot: QtBot, model: ResultsModel) -> None:
    proxy = _proxy(model, True)
    before = _shown(proxy)
    proxy.set_filters(text="rason")
    assert proxy.busy
    proxy.set_filters(text="")  # back to the rows on screen: nothing to wait for
    assert not proxy.busy
    qtbot.wait(50)
    assert _shown(proxy) == before


def test_background_proxy_passes_qtmodeltester(qtbot: QtBot, qtmodeltester: ModelTester, model: ResultsModel) -> None:
    proxy = _proxy(model, True)
    qtmodeltester.check(proxy, force_py=True)
    proxy.set_filters(status=Status.PROHIBITED, regime="compare")
    proxy.sort(COLUMN_INDEX["origin"], Qt.SortOrder.DescendingOrder)
    _settle(qtbot, proxy)
    qtmodeltester.check(proxy, force_py=True)


def test_selection_stays_on_the_same_ledger_row(
    qtbot: QtBot, settings: Settings, regimes: tuple[Regime, Regime], mixed_ledger: Path
) -> None:
    window = MainWindow(settings, regimes)
    qtbot.addWidget(window)
    window.proxy.background_from_rows = 0  # every sort and filter in the background
    with qtbot.waitSignal(window.screening_done, timeout=60_000):
        window.open_file(mixed_ledger)
    assert window.select_reference("R000150")  # a DPRK seafood row
    kept = QPersistentModelIndex(window.ui.table.currentIndex())

    def selected() -> str:
        return window.model.result(window.proxy.mapToSource(window.ui.table.currentIndex()).row()).reference

    window.ui.table.sortByColumn(COLUMN_INDEX["destination"], Qt.SortOrder.DescendingOrder)
    _settle(qtbot, window.proxy)
    assert selected() == "R000150"
    assert window.ui.table.selectionModel().isRowSelected(window.ui.table.currentIndex().row())
    window.ui.filters.status.setCurrentIndex(window.ui.filters.status.findData(Status.PROHIBITED))
    _settle(qtbot, window.proxy)
    assert window.proxy.rowCount() == 60
    assert selected() == "R000150"
    window.set_regime("draft")  # seafood is lifted by the draft: the row is filtered out
    _settle(qtbot, window.proxy)
    assert not kept.isValid()
    window.set_regime("current")
    assert window.select_reference("R000150")
    _settle(qtbot, window.proxy)
    assert selected() == "R000150"
    # Selecting a row the filters hide clears them, and selects it once the rows are worked out.
    assert window.select_reference("R000151")
    _settle(qtbot, window.proxy)
    assert window.proxy.rowCount() == 3_000
    assert selected() == "R000151"
    assert "R000151" in window.ui.detail.toPlainText()
    window.close()


def test_the_window_says_when_it_is_busy(
    qtbot: QtBot, settings: Settings, regimes: tuple[Regime, Regime], mixed_ledger: Path
) -> None:
    window = MainWindow(settings, regimes)
    qtbot.addWidget(window)
    window.show()
    window.proxy.background_from_rows = 0
    with qtbot.waitSignal(window.screening_done, timeout=60_000):
        window.open_file(mixed_ledger)
    window.ui.table.sortByColumn(COLUMN_INDEX["reference"], Qt.SortOrder.DescendingOrder)
    assert window.ui.busy_label.isVisible()
    assert window.ui.busy_label.text() == "Sorting 3,000 rows…"
    _settle(qtbot, window.proxy)
    assert not window.ui.busy_label.isVisible()
    window.ui.filters.search.setText("customer 5")
    window.ui.filters.flush()
    assert window.ui.busy_label.text() == "Filtering 3,000 rows…"
    _settle(qtbot, window.proxy)
    matching = sum("customer 5" in t for t in window.model.search_texts())
    assert window.ui.summary.shown.text() == f"Showing {matching:,} of 3,000 rows", "counted once the rows arrive"
    window.close()
