"""The window end to end: open, toggle, filter, select, cancel, errors, mapping, settings."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

import gui.workers
from compliance.model.status import Status
from compliance.paths import rules_dir
from compliance.rules.regime import Regime
from compliance.run import start_run
from gui.errors import GENERIC_MESSAGE
from gui.mapping.model import mapping_view
from gui.results.model import COLUMN_INDEX
from gui.settings import Settings
from gui.window.dialogs import AboutDialog, MappingChoice, MappingDialog, about_html
from gui.window.main_window import MainWindow
from gui.workers import run_headers

TIMEOUT = 30_000


def open_and_wait(qtbot: QtBot, window: MainWindow, path: Path, **kwargs: Any) -> None:
    """Open a file and wait for its results to be on screen."""
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT) as blocker:
        blocker.connect(window.screening_failed)
        window.open_file(path, **kwargs)
    assert not isinstance(blocker.args[0], Exception), blocker.args


def shown_refs(window: MainWindow) -> list[str]:
    """References of the rows the table shows, top to bottom."""
    p = window.proxy
    return [p.index(r, COLUMN_INDEX["reference"]).data() for r in range(p.rowCount())]


def test_opening_fills_the_model_with_the_engines_verdicts(
    qtbot: QtBot, window: MainWindow, ledger: Path, calls: list[dict[str, Any]]
) -> None:
    open_and_wait(qtbot, window, ledger)
    engine = list(start_run([ledger], rules_dir=rules_dir(), keep_cells=True).results())
    assert [r.as_json() for r in window.model.results] == [r.as_json() for r in engine]
    assert len(calls) == 1
    assert calls[0]["as_of"] is None
    assert window.ui.stack.currentWidget() is window.ui.table
    assert "ledger.xlsx" in window.ui.file_label.text()
    assert window.settings.recent_files[0] == str(ledger.resolve())


def test_qtmodeltester_on_the_windows_models(
    qtbot: QtBot, window: MainWindow, ledger: Path, qtmodeltester: ModelTester
) -> None:
    open_and_wait(qtbot, window, ledger)
    qtmodeltester.check(window.model, force_py=True)
    window.ui.filters.search.setText("dprk")
    window.ui.filters.flush()
    qtmodeltester.check(window.proxy, force_py=True)


def test_toggle_changes_what_is_shown_without_rescreening(
    qtbot: QtBot, window: MainWindow, ledger: Path, calls: list[dict[str, Any]]
) -> None:
    open_and_wait(qtbot, window, ledger)
    hidden = lambda key: window.ui.table.isColumnHidden(COLUMN_INDEX[key])  # noqa: E731
    assert not hidden("current")
    assert hidden("draft")
    assert hidden("change")
    baseline, draft = (f"{r.label}:" for r in window.regimes)
    assert baseline in window.ui.summary.counts.text()
    assert "4 prohibited" in window.ui.summary.counts.text()
    qtbot.mouseClick(window.ui.toggle.buttons["draft"], Qt.MouseButton.LeftButton)
    assert window.ui.toggle.regime == "draft"
    assert hidden("current")
    assert not hidden("draft")
    assert hidden("change")
    assert draft in window.ui.summary.counts.text()
    assert baseline not in window.ui.summary.counts.text()
    assert "1 prohibited" in window.ui.summary.counts.text()
    assert window.actions_["view_draft"].isChecked()
    window.actions_["view_current"].trigger()
    assert window.ui.toggle.regime == "current"
    assert not hidden("current")
    assert len(calls) == 1
    assert window.jobs_started == 1


def test_compare_mode_and_the_changed_rows_link(
    qtbot: QtBot, window: MainWindow, ledger: Path, calls: list[dict[str, Any]]
) -> None:
    open_and_wait(qtbot, window, ledger)
    window.set_regime("compare")
    assert not any(window.ui.table.isColumnHidden(c) for c in range(window.model.columnCount()))
    text = window.ui.summary.counts.text()
    assert f"{window.regimes[0].label}:" in text
    assert f"{window.regimes[1].label}:" in text
    button = window.ui.summary.changed_button
    assert button.text().startswith(f"3 rows would change under {window.regimes[1].label} (3 relaxed)")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.ui.filters.changed_only.isChecked()
    assert shown_refs(window) == ["SHP-001", "SHP-004", "CT-001"]
    assert window.ui.summary.shown.text() == "Showing 3 of 6 rows"
    assert len(calls) == 1


def test_filters_from_the_filter_bar(qtbot: QtBot, window: MainWindow, ledger: Path) -> None:
    open_and_wait(qtbot, window, ledger)
    bar = window.ui.filters
    bar.status.setCurrentIndex(bar.status.findData(Status.PROHIBITED))
    assert shown_refs(window) == ["SHP-001", "SHP-003", "SHP-004", "CT-001"]
    window.set_regime("draft")
    assert shown_refs(window) == ["SHP-003"]
    window.set_regime("current")
    bar.changed_only.setChecked(True)
    assert shown_refs(window) == ["SHP-001", "SHP-004", "CT-001"]
    qtbot.keyClicks(bar.search, "squid")
    bar.flush()
    assert shown_refs(window) == ["SHP-001"]
    bar.measure.setCurrentIndex(bar.measure.findData("textiles"))
    assert shown_refs(window) == []
    window.clear_filters()
    assert window.proxy.rowCount() == 6


def test_the_search_is_applied_after_typing_stops(qtbot: QtBot, window: MainWindow, ledger: Path) -> None:
    open_and_wait(qtbot, window, ledger)
    qtbot.keyClicks(window.ui.filters.search, "amur")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 2, timeout=2_000)


def test_detail_pane_for_seafood_and_workers_rows(
    qtbot: QtBot, window: MainWindow, ledger: Path, seafood_citation: str
) -> None:
    open_and_wait(qtbot, window, ledger, select="SHP-001")
    text = window.ui.detail.toPlainText()
    assert "SHP-001" in text
    assert seafood_citation in text
    assert window.select_reference("CT-001")
    text = window.ui.detail.toPlainText()
    assert "UNSCR 2375 (2017) OP17" in text
    assert "Labour supply" in text
    # Selecting with the keyboard moves the pane too.
    window.ui.table.setFocus()
    qtbot.keyClick(window.ui.table, Qt.Key.Key_Down)
    assert "CT-002" in window.ui.detail.toPlainText()


def test_cancel_stops_a_long_screening(
    qtbot: QtBot,
    window: MainWindow,
    big_csv: Callable[[int], Path],
    ledger: Path,
    calls: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_and_wait(qtbot, window, ledger)
    path = big_csv(50_000)
    returned: list[int] = []
    reached, resume = threading.Event(), threading.Event()
    counting = gui.workers.screen_file

    def recording(p: Any, **kwargs: Any) -> Any:
        report = kwargs["progress"]

        def progress(n: int) -> None:
            report(n)
            # Hold the worker at its first report until the test has pressed Cancel, so the
            # test does not depend on how fast this machine screens 50,000 rows.
            reached.set()
            resume.wait(TIMEOUT / 1000)

        run, results = counting(p, **{**kwargs, "progress": progress})
        returned.append(len(results))
        return run, results

    monkeypatch.setattr(gui.workers, "screen_file", recording)
    window.open_file(path)
    worker = window.job
    assert worker is not None
    assert window.ui.progress_panel.cancel_button.isVisible()
    qtbot.waitUntil(reached.is_set, timeout=TIMEOUT)
    with qtbot.waitSignal(worker.signals.finished, timeout=TIMEOUT):
        qtbot.mouseClick(window.ui.progress_panel.cancel_button, Qt.MouseButton.LeftButton)
        resume.set()
    assert returned
    assert returned[0] < 50_000
    assert not window.busy
    assert not window.ui.progress_panel.cancel_button.isVisible()
    assert window.screening is not None
    assert window.screening.path == str(ledger)
    assert window.model.rowCount() == 6
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_newer_screening_supersedes_a_running_one(
    qtbot: QtBot, window: MainWindow, big_csv: Callable[[int], Path], ledger: Path
) -> None:
    path = big_csv(20_000)
    window.open_file(path)
    first = window.job
    assert first is not None
    with qtbot.waitSignal(first.signals.finished, timeout=TIMEOUT):
        open_and_wait(qtbot, window, ledger)
    qtbot.wait(50)  # let any late signal of the first job arrive: it must change nothing
    assert window.jobs_started == 2
    assert window.model.rowCount() == 6
    assert window.screening is not None
    assert window.screening.path == str(ledger)


def test_a_corrupt_file_shows_the_error_and_keeps_the_results(
    qtbot: QtBot,
    window: MainWindow,
    ledger: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_and_wait(qtbot, window, ledger)
    window.select_reference("SHP-003")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: shown.append((title, text)))
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not really a workbook")
    with qtbot.waitSignal(window.screening_failed, timeout=TIMEOUT):
        window.open_file(corrupt)
    assert len(shown) == 1
    assert "corrupt.xlsx" in shown[0][1]
    assert "\n" not in shown[0][1]
    assert "Traceback" not in shown[0][1]
    assert window.model.rowCount() == 6
    assert window.screening is not None
    assert window.screening.path == str(ledger)
    assert "SHP-003" in window.ui.detail.toPlainText()
    assert str(corrupt.resolve()) not in window.settings.recent_files


def test_an_unexpected_error_is_logged_and_shown_generically(
    qtbot: QtBot,
    window: MainWindow,
    ledger: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: shown.append(text))

    def broken(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(gui.workers, "screen_file", broken)
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(window.screening_failed, timeout=TIMEOUT):
        window.open_file(ledger)
    assert shown == [GENERIC_MESSAGE]
    assert "disk on fire" in caplog.text
    assert "Traceback" in caplog.text


def test_changing_the_as_of_date_rescreens(
    qtbot: QtBot, window: MainWindow, ledger: Path, calls: list[dict[str, Any]]
) -> None:
    open_and_wait(qtbot, window, ledger, select="SHP-001")
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.ui.as_of.set_value(dt.date(2017, 1, 1))
        window.ui.as_of._emit()
    assert calls[-1]["as_of"] == dt.date(2017, 1, 1)
    row = window.model.row_of_reference("SHP-001")
    assert row is not None
    # Before 2371 (5 Aug 2017) there was no seafood ban.
    assert window.model.result(row).baseline.status is Status.PERMITTED
    assert "SHP-001" in window.ui.detail.toPlainText(), "the selected row stays selected"
    assert "2017-01-01" in window.ui.file_label.text()
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.ui.as_of.mode.setCurrentIndex(0)
    assert calls[-1]["as_of"] is None


def test_column_mapping_corrects_rescreens_and_is_remembered(
    qtbot: QtBot,
    window: MainWindow,
    ledger: Path,
    calls: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_and_wait(qtbot, window, ledger)
    assert window.actions_["mapping"].isEnabled()
    asked: list[tuple[Any, ...]] = []
    swapped = {"origin": "Destination", "destination": "Country of Origin"}

    def ask(_parent: Any, sheets: Any) -> MappingChoice:
        asked.append(sheets)
        shipments = sheets[0]
        return MappingChoice({shipments.sheet: {**shipments.mapping, **swapped}}, remember=True)

    monkeypatch.setattr(MappingDialog, "ask", ask)
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.actions_["mapping"].trigger()
    shipments = asked[0][0]
    assert shipments.mapping["hs_code"] == "HS Code"
    assert shipments.examples["HS Code"] == "030743"
    headers = run_headers(window.screening.run)
    assert calls[-1]["overrides"] == swapped
    row = window.model.row_of_reference("SHP-001")
    assert row is not None
    # Origin and destination swapped: the squid no longer comes from a DPRK origin, but its shipper,
    # "Rason Marine Products", names a DPRK port, so the row is still a DPRK supply, now by the shipper.
    seafood = next(h for h in window.model.result(row).baseline.hits if h.rule_id == "seafood-export")
    assert {e.field for e in seafood.evidence} & {"origin", "shipper"} == {"shipper"}
    assert window.settings.mapping_for(headers) == swapped
    # Opening a workbook with the same headers again uses the remembered mapping.
    open_and_wait(qtbot, window, ledger)
    assert calls[-1]["overrides"] is None
    assert window.screening is not None
    assert window.screening.overrides == swapped
    row = window.model.row_of_reference("SHP-001")
    assert row is not None
    seafood = next(h for h in window.model.result(row).baseline.hits if h.rule_id == "seafood-export")
    assert {e.field for e in seafood.evidence} & {"origin", "shipper"} == {"shipper"}


def test_a_column_set_to_not_screened_is_left_out(
    qtbot: QtBot,
    window: MainWindow,
    ledger: Path,
    calls: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_and_wait(qtbot, window, ledger)

    def ask(_parent: Any, sheets: Any) -> MappingChoice:
        return MappingChoice(
            {s.sheet: {f: h for f, h in s.mapping.items() if h != "HS Code"} for s in sheets}, remember=False
        )

    monkeypatch.setattr(MappingDialog, "ask", ask)
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.edit_mapping()
    assert calls[-1]["overrides"] == {"hs_code": ""}
    assert window.ui.info.isVisible()
    assert "1 column not screened" in window.ui.info.text()  # one short line; the column is in the detail
    assert "“HS Code”" in window.ui.info.toolTip()
    row = window.model.row_of_reference("SHP-001")
    assert row is not None
    assert window.model.index(row, COLUMN_INDEX["hs_code"]).data() == ""
    assert window.settings.mappings() == {}, "not remembered when the officer said so"


def test_mapping_dialog_offers_every_field_and_refuses_duplicates(
    qtbot: QtBot, ledger: Path, regimes: tuple[Regime, Regime]
) -> None:
    run, _ = gui.workers.screen_file(ledger, as_of=None, overrides=None, regimes=regimes)
    dialog = MappingDialog(None, mapping_view(run, []))
    qtbot.addWidget(dialog)
    combo = dialog.combos[("Shipments", "HS Code")]
    assert combo.currentData() == "hs_code"
    assert combo.itemText(0) == "(not screened)"
    assert dialog.chosen()["Shipments"]["hs_code"] == "HS Code"
    destination = dialog.combos[("Shipments", "Destination")]
    destination.setCurrentIndex(destination.findData("origin"))
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    assert "Origin" in dialog.message.text()
    destination.setCurrentIndex(0)
    assert ok.isEnabled()
    assert "destination" not in dialog.chosen()["Shipments"]


def test_about_names_the_rule_packs(
    window: MainWindow, regimes: tuple[Regime, Regime], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = about_html(regimes)
    for regime in regimes:
        assert regime.title in text
        assert regime.version in text
        assert regime.sha256[:12] in text
    assert "never adopted" in text
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, _t, body: shown.append(body))
    window.actions_["about"].trigger()
    assert shown == [text]
    assert callable(AboutDialog.show)


def test_open_via_menu_drop_and_recent(
    qtbot: QtBot, window: MainWindow, ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MainWindow, "ask_open_path", classmethod(lambda cls, p, d: str(ledger)))
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.actions_["open"].trigger()
    assert window.settings.last_directory == str(ledger.parent.resolve())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(ledger))])
    event = QDropEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.dropEvent(event)
    assert window.jobs_started == 2
    assert window.settings.recent_files == [str(ledger.resolve())]


def test_geometry_is_remembered(qtbot: QtBot, settings: Settings, regimes: tuple[Regime, Regime]) -> None:
    first = MainWindow(settings, regimes)
    qtbot.addWidget(first)
    first.resize(780, 540)  # within the offscreen screen, which restoreGeometry clamps to
    first.show()
    size = first.size()
    first.close()
    second = MainWindow(Settings(settings.file_name), regimes)
    qtbot.addWidget(second)
    assert second.size() == size
    assert size.height() == 540


def test_controls_have_accessible_names_and_shortcuts(window: MainWindow) -> None:
    for widget in (
        window.ui.table,
        window.ui.detail,
        window.ui.filters.search,
        window.ui.filters.status,
        window.ui.filters.measure,
        window.ui.filters.changed_only,
        window.ui.as_of.mode,
        window.ui.as_of.date,
        window.ui.progress_panel.cancel_button,
        *window.ui.toggle.buttons.values(),
    ):
        assert widget.accessibleName(), widget
    keys = {name: a.shortcut().toString() for name, a in window.actions_.items()}
    assert keys["open"] == "Ctrl+O"
    assert keys["quit"] == "Ctrl+Q"
    assert (keys["view_current"], keys["view_draft"], keys["view_compare"]) == ("Ctrl+1", "Ctrl+2", "Ctrl+3")


def test_open_sample(qtbot: QtBot, window: MainWindow) -> None:
    from compliance.paths import sample_workbook

    if not sample_workbook().exists():
        pytest.skip("seeds/sample-ledger.xlsx is not there yet")
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.actions_["sample"].trigger()
    assert window.model.rowCount() > 50
    assert window.model.changed_count() > 0
