"""What a new officer hits in the first hour: the draft said to be no law, a mapping that cannot change
by accident, a detail pane that follows the table, party-blind verdicts said to be so, the keyboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from pytestqt.qtbot import QtBot

import gui.workers
from compliance.designations.lists import DesignationList
from compliance.designations.parties import PartyScreening, party_screening_from_lists
from compliance.model.status import Status
from compliance.outputs.xlsx_writer import write_results_xlsx
from compliance.rules.regime import Regime
from gui.mapping.dialog import MappingChoice, MappingDialog
from gui.mapping.model import mapping_view
from gui.notices import LIST_MAX_AGE_DAYS, staleness_text
from gui.results.model import COLUMN_INDEX
from gui.window.main_window import MainWindow
from gui.workers import run_headers

TIMEOUT = 30_000


def open_and_wait(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    """Open a file and wait for its results on screen."""
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.open_file(path)


def select(window: MainWindow, reference: str) -> None:
    """Select a row by its reference."""
    assert window.select_reference(reference)


def detail_text(window: MainWindow) -> str:
    """The detail pane as plain text."""
    return window.ui.detail.toPlainText()


# --- 1. the draft is never on screen without saying it was never adopted ---------------------------


def test_draft_verdicts_come_with_a_banner_title_and_header(qtbot: QtBot, window: MainWindow, ledger: Path) -> None:
    open_and_wait(qtbot, window, ledger)
    assert not window.ui.draft_banner.isVisible(), "the In force view shows no draft verdict"
    assert "never adopted" not in window.windowTitle()
    for view in ("draft", "compare"):
        window.set_regime(view)
        assert window.ui.draft_banner.isVisible(), view
        assert "never adopted; not law" in window.ui.draft_banner.text()
        assert "never adopted" in window.windowTitle()
        draft = COLUMN_INDEX["draft"]
        assert not window.ui.table.isColumnHidden(draft)
        assert "never adopted" in window.proxy.headerData(draft, Qt.Orientation.Horizontal)
        # The header is wide enough to read it whole, not "Draft (nev…".
        header = window.ui.table.horizontalHeader()
        assert window.ui.table.columnWidth(draft) >= header.fontMetrics().horizontalAdvance("(never adopted)")
    window.set_regime("current")
    assert not window.ui.draft_banner.isVisible()


def test_copied_rows_say_the_draft_was_never_adopted(qtbot: QtBot, window: MainWindow, ledger: Path) -> None:
    open_and_wait(qtbot, window, ledger)
    window.set_regime("compare")
    select(window, "SHP-001")
    window.actions_["copy"].trigger()
    lines = QGuiApplication.clipboard().text().splitlines()
    header = lines[0].split("\t")
    baseline, draft = (r.label for r in window.regimes)
    assert "never adopted" in draft and draft in header
    row = dict(zip(header, lines[1].split("\t"), strict=True))
    assert row["Reference"] == "SHP-001"
    assert row[baseline] == "prohibited"
    assert row[draft] == "permitted"


def test_the_excel_export_says_never_adopted_and_names_not_screened(
    tmp_path: Path, ledger: Path, regimes: tuple[Regime, Regime]
) -> None:
    run, results = gui.workers.screen_file(ledger, as_of=None, overrides=None, regimes=regimes)
    out = tmp_path / "results.xlsx"
    write_results_xlsx(out, run, list(results))
    wb = load_workbook(out, read_only=True)
    summary = [str(c) for row in wb["Summary"].iter_rows(values_only=True) for c in row if c]
    assert any("never adopted" in c for c in summary)
    assert any("Party screening is off" in c and "not screened" in c for c in summary), summary
    header = next(wb["Shipments"].iter_rows(max_row=1, values_only=True))
    draft = regimes[1].label
    assert "never adopted" in draft and draft in header
    assert all("never adopted" in h for h in header if h and str(h).startswith(draft))


# --- 2. a mapping never changes by accident ---------------------------------------------------------


def test_the_wheel_over_an_unfocused_mapping_dropdown_changes_nothing(
    qtbot: QtBot, ledger: Path, regimes: tuple[Regime, Regime]
) -> None:
    run, results = gui.workers.screen_file(ledger, as_of=None, overrides=None, regimes=regimes)
    dialog = MappingDialog(None, mapping_view(run, list(results)))
    qtbot.addWidget(dialog)
    dialog.show()
    combo = dialog.combos[("Shipments", "Shipment Date")]
    before = combo.currentData()
    assert not combo.hasFocus()
    wheel = QWheelEvent(
        QPointF(5, 5),
        QPointF(combo.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(combo, wheel)
    assert combo.currentData() == before == "date"
    assert not dialog.remember.isChecked(), "remembering for other workbooks is never ticked for the officer"
    assert dialog.changed() == []
    assert not dialog.reset_button.isEnabled()


def test_the_dialog_lists_changes_and_resets_to_detected(
    qtbot: QtBot, ledger: Path, regimes: tuple[Regime, Regime]
) -> None:
    run, results = gui.workers.screen_file(ledger, as_of=None, overrides=None, regimes=regimes)
    dialog = MappingDialog(None, mapping_view(run, list(results)))
    qtbot.addWidget(dialog)
    combo = dialog.combos[("Shipments", "Shipment Date")]
    combo.setCurrentIndex(combo.findData("kind"))
    assert dialog.changed() == ["Sheet “Shipments”, “Shipment Date”: detected as Date, now Kind"]
    assert "1 column differs" in dialog.changes.text()
    assert dialog.marks[("Shipments", "Shipment Date")].text() == "changed (detected: Date)"
    dialog.reset_button.click()
    assert combo.currentData() == "date"
    assert dialog.changed() == []


def test_a_mapping_change_can_be_undone(
    qtbot: QtBot, window: MainWindow, ledger: Path, calls: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    open_and_wait(qtbot, window, ledger)
    assert window.screening is not None
    prohibited = window.model.counts("current")[Status.PROHIBITED]
    assert not window.actions_["undo_mapping"].isEnabled()

    def ask(_parent: Any, sheets: Any) -> MappingChoice:
        shipments = sheets[0]
        wrong = {f: h for f, h in shipments.mapping.items() if h != "Shipment Date"} | {"kind": "Shipment Date"}
        return MappingChoice({shipments.sheet: wrong}, remember=True)

    monkeypatch.setattr(MappingDialog, "ask", ask)
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.edit_mapping()
    headers = run_headers(window.screening.run)
    assert calls[-1]["overrides"] == {"kind": "Shipment Date", "date": ""}
    assert window.settings.mapping_for(headers) == {"kind": "Shipment Date", "date": ""}
    assert window.actions_["undo_mapping"].isEnabled()
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.actions_["undo_mapping"].trigger()
    assert calls[-1]["overrides"] == {}
    assert window.settings.mapping_for(headers) is None, "the remembered mapping is undone too"
    assert window.model.counts("current")[Status.PROHIBITED] == prohibited
    assert not window.actions_["undo_mapping"].isEnabled()


# --- 3. the detail pane follows the table -----------------------------------------------------------


def test_the_detail_pane_never_describes_a_row_the_table_hides(qtbot: QtBot, window: MainWindow, ledger: Path) -> None:
    open_and_wait(qtbot, window, ledger)
    select(window, "SHP-001")
    assert "SHP-001" in detail_text(window)
    window.ui.filters.search.setText("cotton shirts")
    window.ui.filters.flush()
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1)
    assert "SHP-001" not in detail_text(window)
    assert "no longer in the table" in detail_text(window)
    window.ui.filters.search.clear()
    window.ui.filters.flush()
    select(window, "SHP-003")
    window.ui.filters.status.setCurrentIndex(window.ui.filters.status.findData(Status.PROHIBITED))
    assert "SHP-003" in detail_text(window), "a row still shown keeps its detail"


# --- 4. a verdict reached without the designation lists says so -------------------------------------


def test_without_a_list_the_row_pane_and_summary_say_names_were_not_screened(
    qtbot: QtBot, window: MainWindow, ledger: Path
) -> None:
    window.resize(1366, 740)
    open_and_wait(qtbot, window, ledger)
    window.set_regime("compare")
    assert window.ui.names_banner.isVisible()
    assert "Names were not screened" in window.ui.names_banner.text()
    party = window.ui.summary.party
    assert "no designation list loaded" in party.full_text()
    qtbot.waitUntil(lambda: party.text() == party.full_text())  # in full, not elided, at 1366 px
    row = window.model.row_of_reference("SHP-002")
    assert row is not None
    tip = window.model.index(row, COLUMN_INDEX["current"]).data(Qt.ItemDataRole.ToolTipRole)
    assert "Names not screened" in tip
    select(window, "SHP-002")
    assert "Names not screened" in detail_text(window)
    assert "Its names were not screened" in detail_text(window)


def test_an_old_designation_list_is_warned_about() -> None:
    def screening(generated: dt.date | None) -> PartyScreening:
        listed = DesignationList("x.xml", "UN list", "0" * 64, "un-consolidated-xml", generated, ())
        return party_screening_from_lists([listed], 0.9, 0.8)

    today = dt.date(2026, 12, 5)
    fresh = screening(today - dt.timedelta(days=LIST_MAX_AGE_DAYS))
    old = screening(today - dt.timedelta(days=LIST_MAX_AGE_DAYS + 1))
    assert staleness_text(fresh, today) == ""
    assert "UN list is 31 days old" in staleness_text(old, today)
    assert "undated" in staleness_text(screening(None), today)
    assert staleness_text(None, today) == ""


# --- 10. keyboard and selection ---------------------------------------------------------------------


def _mnemonics(window: MainWindow) -> list[str]:
    keys = [a.text() for a in window.menuBar().actions()]
    keys += [w.text() for w in window.findChildren(QLabel) if w.buddy() is not None]
    keys += [w.text() for w in window.findChildren(QAbstractButton)]
    found = []
    for text in keys:
        at = text.replace("&&", "").find("&")
        if at >= 0 and at + 1 < len(text):
            found.append(text.replace("&&", "")[at + 1].lower())
    return found


def test_no_two_controls_share_an_alt_key(window: MainWindow) -> None:
    keys = _mnemonics(window)
    assert "h" in keys  # Help
    assert "c" in keys  # Changed by draft only
    assert len(keys) == len(set(keys)), sorted(keys)


def test_shortcuts_for_copy_flagged_rows_and_print_preview(window: MainWindow) -> None:
    keys = {name: a.shortcut().toString() for name, a in window.actions_.items()}
    assert keys["copy"] == "Ctrl+C"
    assert keys["next_flagged"] == "F8"
    assert keys["previous_flagged"] == "Shift+F8"
    assert keys["preview"] == "Ctrl+Shift+P"
    assert len({k for k in keys.values() if k}) == len([k for k in keys.values() if k]), keys


def test_f8_steps_through_the_flagged_rows_of_the_view(qtbot: QtBot, window: MainWindow, ledger: Path) -> None:
    open_and_wait(qtbot, window, ledger)
    window.ui.table.setFocus()
    window.ui.table.setCurrentIndex(QModelIndex())  # from the top: focus alone makes the first row current
    flagged = []
    for _ in range(window.proxy.rowCount()):
        before = window.ui.table.currentIndex().row()
        qtbot.keyClick(window.ui.table, Qt.Key.Key_F8)
        now = window.ui.table.currentIndex().row()
        if now == before:
            break
        flagged.append(window.proxy.index(now, COLUMN_INDEX["reference"]).data())
    statuses = {r: window.model.result(window.model.row_of_reference(r)).baseline.status for r in flagged}
    assert flagged == ["SHP-001", "SHP-003", "SHP-004", "CT-001"], statuses
    assert all(s > Status.PERMITTED for s in statuses.values())
    qtbot.keyClick(window.ui.table, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.proxy.index(window.ui.table.currentIndex().row(), COLUMN_INDEX["reference"]).data() == "SHP-004"


def test_several_rows_copy_as_tab_separated_text(qtbot: QtBot, window: MainWindow, ledger: Path) -> None:
    open_and_wait(qtbot, window, ledger)
    window.ui.table.setFocus()
    flags = QItemSelectionModel.SelectionFlag
    window.ui.table.selectionModel().select(window.proxy.index(0, 0), flags.ClearAndSelect | flags.Rows)
    window.ui.table.selectionModel().select(window.proxy.index(2, 0), flags.Select | flags.Rows)
    qtbot.keyClick(window.ui.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert len(lines) == 3
    assert lines[0].split("\t")[:2] == ["Sheet/row", "Reference"]
    assert [line.split("\t")[1] for line in lines[1:]] == ["SHP-001", "SHP-003"]


def test_the_table_context_menu_copies_and_steps(qtbot: QtBot, window: MainWindow, ledger: Path) -> None:
    open_and_wait(qtbot, window, ledger)
    select(window, "SHP-001")
    menu = window.table_menu()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["&Copy rows", "Open &detail", "&Next flagged row", "&Previous flagged row", "&Decide…"]
    assert all(a.isEnabled() for a in menu.actions() if not a.isSeparator())


def test_esc_clears_the_search(qtbot: QtBot, window: MainWindow, ledger: Path) -> None:
    open_and_wait(qtbot, window, ledger)
    window.ui.filters.search.setFocus()
    qtbot.keyClicks(window.ui.filters.search, "squid")
    qtbot.keyClick(window.ui.filters.search, Qt.Key.Key_Escape)
    assert window.ui.filters.search.text() == ""


# --- 16. the mapping per sheet ----------------------------------------------------------------------


def test_each_sheet_lists_its_own_columns(qtbot: QtBot, ledger: Path, regimes: tuple[Regime, Regime]) -> None:
    run, results = gui.workers.screen_file(ledger, as_of=None, overrides=None, regimes=regimes)
    sheets = mapping_view(run, list(results))
    assert [s.sheet for s in sheets] == ["Shipments", "Contracts"]
    dialog = MappingDialog(None, sheets)
    qtbot.addWidget(dialog)
    contracts = {h: c.currentData() for (s, h), c in dialog.combos.items() if s == "Contracts"}
    shipments = {h: c.currentData() for (s, h), c in dialog.combos.items() if s == "Shipments"}
    assert set(contracts) == {
        "Reference",
        "Contract Type",
        "Contractor",
        "Worker Nationality",
        "Place of Work",
        "Start Date",
        "End Date",
    }
    assert "Goods Description" not in contracts
    assert "Contract Type" not in shipments
    # The Contracts sheet's columns are read as the contracts' fields, not shown as "not screened".
    assert contracts["Reference"] == "reference" == shipments["Reference"]
    assert contracts["Start Date"] == "start_date"
    assert contracts["Worker Nationality"] == "worker_nationality"
    assert sheets[1].examples["Contract Type"] == "Labour supply"
    assert dialog.chosen()["Contracts"]["reference"] == "Reference"
