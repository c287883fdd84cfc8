"""Decisions in the window: the detail pane, bulk decisions, the filter and count, re-application, the list.

Each test has its own decisions store (tests/conftest.py sets SANCTIONS_DESK_DATA_DIR per test).
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QItemSelectionModel, Qt, QUrl
from pytestqt.qtbot import QtBot

from compliance.cli import main as cli_main
from compliance.decisions import audit
from compliance.decisions.book import list_decisions
from compliance.decisions.store import Store, StoreError
from compliance.model.status import Status
from compliance.rules.regime import Regime
from gui.app import run_app
from gui.decisions.dialog import DecisionChoice, DecisionDialog
from gui.decisions.ledger import AppScreeningLog, RunSettings
from gui.decisions.window import DecisionsWindow
from gui.lists.dialog import DesignationChoice, DesignationDialog
from gui.mapping.dialog import MappingChoice, MappingDialog
from gui.results.model import COLUMN_INDEX
from gui.settings import Settings
from gui.tasks import TaskState
from gui.window.main_window import MainWindow
from gui.window.report_actions import export_xlsx, make_report
from gui.workers import screen_file
from tests.gui.conftest import SHIPMENT_HEADERS, SHIPMENTS

TIMEOUT = 30_000
DECISION = COLUMN_INDEX["decision"]


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The decision dialog, answered by the test: set `answer` on the list's first item before deciding."""
    calls: list[dict[str, Any]] = [{"answer": None}]

    def ask(_parent: Any, what: str, officer: str) -> DecisionChoice | None:
        calls.append({"what": what, "officer": officer})
        answer: DecisionChoice | None = calls[0]["answer"]
        return answer

    monkeypatch.setattr(DecisionDialog, "ask", classmethod(lambda _cls, *a: ask(*a)))
    return calls


def open_and_wait(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    """Open a file and wait for its results to be on screen."""
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT) as blocker:
        blocker.connect(window.screening_failed)
        window.open_file(path)
    assert not isinstance(blocker.args[0], Exception), blocker.args


def row_of(window: MainWindow, reference: str) -> int:
    """The ledger row of a reference."""
    row = window.model.row_of_reference(reference)
    assert row is not None
    return row


def decision_text(window: MainWindow, reference: str) -> str:
    """The Decision column of a row, as the table shows it."""
    shown = window.proxy.mapFromSource(window.model.index(row_of(window, reference), DECISION))
    assert shown.isValid(), f"{reference} is not on screen"
    return str(shown.data())


def shown_refs(window: MainWindow) -> list[str]:
    """References of the rows on screen, top to bottom."""
    p = window.proxy
    return [p.index(r, COLUMN_INDEX["reference"]).data() for r in range(p.rowCount())]


def alerted_refs(window: MainWindow) -> set[str]:
    """Rows with a review or prohibited finding under either regime (what asks for a decision)."""
    return {
        r.reference for r in window.model.results
        if max(r.baseline.status, r.alternative.status) > Status.PERMITTED
    }  # fmt: skip


def select(window: MainWindow, *references: str) -> None:
    """Select these rows in the table (the first becomes current)."""
    table = window.ui.table
    table.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for n, ref in enumerate(references):
        index = window.proxy.mapFromSource(window.model.index(row_of(window, ref), 0))
        if n == 0:
            table.setCurrentIndex(index)
        table.selectionModel().select(index, flags)


def today() -> str:
    return dt.date.today().isoformat()


def test_deciding_from_the_detail_pane(
    qtbot: QtBot, window: MainWindow, ledger: Path, asked: list[dict[str, Any]], settings: Settings
) -> None:
    open_and_wait(qtbot, window, ledger)
    assert window.select_reference("SHP-001")
    html = window.ui.detail.toHtml()
    assert "Decisions" in html and "UNDECIDED" in html and "decide:0" in html
    assert decision_text(window, "SHP-001") == "undecided"

    asked[0]["answer"] = DecisionChoice("blocked", "Seafood from the DPRK: shipment stopped", "A. Officer")
    window.ui.detail.anchorClicked.emit(QUrl("decide:0"))

    assert asked[1]["officer"] == ""  # nobody named yet: the dialog asks
    assert "SHP-001" in asked[1]["what"]
    assert decision_text(window, "SHP-001") == f"blocked by A. Officer on {today()}"
    html = window.ui.detail.toHtml()
    assert "BLOCKED" in html and "shipment stopped" in html
    assert settings.officer == "A. Officer"  # remembered for the next decision
    with Store.open() as store:
        (taken,) = list_decisions(store)
        assert (taken.decision, taken.officer, taken.ledger, taken.location) == (
            "blocked",
            "A. Officer",
            "ledger.xlsx",
            "ref:SHP-001",
        )
        kinds = [r.kind for r in audit.records(store)]
        assert kinds == ["screening", "decision"]
        assert audit.verify(store).holds

    # The next decision offers the remembered name.
    window.ui.detail.anchorClicked.emit(QUrl("decide:0"))
    assert asked[2]["officer"] == "A. Officer"


def test_a_decision_needs_a_choice_a_note_and_a_name(qtbot: QtBot) -> None:
    dialog = DecisionDialog(None, "SHP-003: coal", "")
    qtbot.addWidget(dialog)
    ok = dialog.box.buttons()[0]
    assert not ok.isEnabled()
    dialog.buttons["cleared"].setChecked(True)
    dialog.note.setPlainText("Australian coal in transit")
    assert not ok.isEnabled() and "officer" in dialog.problem.text()
    dialog.officer.setText("B. Officer")
    assert ok.isEnabled()
    dialog.has_until.setChecked(True)
    assert not ok.isEnabled() and "exemption" in dialog.problem.text()
    dialog.exemption.setText("1718 Committee 2018/12")
    assert ok.isEnabled()
    dialog.until.setDate(dialog.until.date().fromString("2019-01-31", "yyyy-MM-dd"))
    assert dialog.choice() == DecisionChoice(
        "cleared", "Australian coal in transit", "B. Officer", "1718 Committee 2018/12", dt.date(2019, 1, 31)
    )
    # An exemption belongs to a clearance: blocking drops it.
    dialog.buttons["blocked"].setChecked(True)
    assert not dialog.exemption.isEnabled()
    assert dialog.choice().exemption is None and dialog.choice().valid_until is None


def test_deciding_in_bulk_from_the_context_menu(
    qtbot: QtBot, window: MainWindow, ledger: Path, asked: list[dict[str, Any]]
) -> None:
    open_and_wait(qtbot, window, ledger)
    alerted = alerted_refs(window)
    assert {"SHP-001", "SHP-003", "SHP-004"} <= alerted and "SHP-002" not in alerted
    select(window, "SHP-001", "SHP-002", "SHP-003", "SHP-004")
    menu = window.table_menu()
    (action,) = [a for a in menu.actions() if a.text().startswith("&Decide")]
    assert action.text() == "&Decide 3 rows with alerts…" and action.isEnabled()

    asked[0]["answer"] = DecisionChoice("escalated", "Sent to legal for review", "A. Officer")
    action.trigger()

    assert "3 rows" in asked[1]["what"]
    for ref in ("SHP-001", "SHP-003", "SHP-004"):
        assert decision_text(window, ref) == f"escalated by A. Officer on {today()}"
    assert decision_text(window, "SHP-002") == ""  # permitted: nothing to decide
    with Store.open() as store:
        taken = list_decisions(store)
    assert {d.location for d in taken} == {"ref:SHP-001", "ref:SHP-003", "ref:SHP-004"}
    assert all(d.decision == "escalated" and d.note == "Sent to legal for review" for d in taken)


def test_a_menu_on_rows_without_alerts_offers_no_decision(
    qtbot: QtBot, window: MainWindow, ledger: Path, asked: list[dict[str, Any]]
) -> None:
    open_and_wait(qtbot, window, ledger)
    select(window, "SHP-002")
    (action,) = [a for a in window.table_menu().actions() if a.text().startswith("&Decide")]
    assert not action.isEnabled()
    window.decision_desk.decide_selected()
    assert len(asked) == 1  # the dialog never opened


def test_the_decision_filter_and_the_undecided_count(
    qtbot: QtBot, window: MainWindow, ledger: Path, asked: list[dict[str, Any]]
) -> None:
    open_and_wait(qtbot, window, ledger)
    alerted = alerted_refs(window)
    desk = window.decision_desk
    assert desk.undecided.text() == f"{len(alerted)} rows undecided"

    desk.filter.setCurrentIndex(desk.filter.findData("undecided"))
    assert set(shown_refs(window)) == alerted
    assert window.ui.summary.shown.text() == f"Showing {len(alerted)} of {window.model.rowCount()} rows"

    asked[0]["answer"] = DecisionChoice("cleared", "Squid is Peruvian, certificate on file", "A. Officer")
    assert desk.decide_rows([row_of(window, "SHP-001")]) == 1

    assert "SHP-001" not in shown_refs(window)  # decided: no longer undecided
    assert set(shown_refs(window)) == alerted - {"SHP-001"}
    assert desk.undecided.text() == f"{len(alerted) - 1} rows undecided"
    desk.filter.setCurrentIndex(desk.filter.findData("cleared"))
    assert shown_refs(window) == ["SHP-001"]
    desk.filter.setCurrentIndex(desk.filter.findData("blocked"))
    assert shown_refs(window) == []

    window.clear_filters()  # View > Show all rows clears the decision filter too
    assert desk.filter.currentData() is None
    assert len(shown_refs(window)) == window.model.rowCount()


def test_sorting_by_decision_puts_undecided_rows_together(
    qtbot: QtBot, window: MainWindow, ledger: Path, asked: list[dict[str, Any]]
) -> None:
    open_and_wait(qtbot, window, ledger)
    window.ui.table.sortByColumn(DECISION, Qt.SortOrder.DescendingOrder)
    texts = [window.proxy.index(r, DECISION).data() for r in range(window.proxy.rowCount())]
    undecided = sum(1 for t in texts if t == "undecided")
    assert texts[:undecided] == ["undecided"] * undecided and undecided == len(alerted_refs(window))
    # A decision taken while sorted by decision moves its row at once.
    asked[0]["answer"] = DecisionChoice("blocked", "Coal: stopped", "A. Officer")
    window.decision_desk.decide_rows([row_of(window, "SHP-003")])
    texts = [window.proxy.index(r, DECISION).data() for r in range(window.proxy.rowCount())]
    assert texts[: undecided - 1] == ["undecided"] * (undecided - 1)
    assert texts[undecided - 1].startswith("blocked by A. Officer")


def _rewrite(path: Path, squid_consignee: str) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Shipments"
    ws.append(SHIPMENT_HEADERS)
    for values in SHIPMENTS:
        row = list(values)
        if row[0] == "SHP-001":
            row[7] = squid_consignee
        ws.append(row)
    wb.save(path)


def test_a_decision_is_applied_again_when_the_ledger_is_opened_again(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, asked: list[dict[str, Any]]
) -> None:
    ledger = tmp_path / "ledger.xlsx"
    _rewrite(ledger, "Dalian Ocean Foods")
    open_and_wait(qtbot, window, ledger)
    asked[0]["answer"] = DecisionChoice("cleared", "Checked with the consignee", "A. Officer")
    window.decision_desk.decide_rows([row_of(window, "SHP-001")])
    undecided = window.decision_desk.decisions.undecided_count()

    open_and_wait(qtbot, window, ledger)  # the same ledger, screened again

    assert decision_text(window, "SHP-001") == f"cleared by A. Officer on {today()}"
    assert window.decision_desk.decisions.undecided_count() == undecided
    window.select_reference("SHP-001")
    assert "Checked with the consignee" in window.ui.detail.toHtml()

    _rewrite(ledger, "Another Buyer Ltd")  # the decided row's content changed
    open_and_wait(qtbot, window, ledger)

    assert decision_text(window, "SHP-001") == "undecided (a decision no longer applies)"
    window.select_reference("SHP-001")
    pane = window.ui.detail.toPlainText()
    assert (
        "No longer applies: the row changed since the decision: consignee 'dalian ocean foods' -> "
        "'another buyer ltd'" in pane
    )
    with Store.open() as store:
        screenings = [r for r in audit.records(store) if r.kind == "screening"]
    assert len(screenings) == 3 and all(r.payload["outcome"] == "completed" for r in screenings)


def test_an_exemption_already_expired_at_the_rows_date_does_not_apply(
    qtbot: QtBot, window: MainWindow, ledger: Path, asked: list[dict[str, Any]]
) -> None:
    open_and_wait(qtbot, window, ledger)
    # SHP-003 is dated 10 February 2018; the exemption claimed ran out at the end of January.
    until = dt.date(2018, 1, 31)
    asked[0]["answer"] = DecisionChoice("cleared", "Exempted coal", "A. Officer", "Exemption 17/2", until)
    window.decision_desk.decide_rows([row_of(window, "SHP-003")])
    assert decision_text(window, "SHP-003") == "undecided (a decision no longer applies)"
    window.select_reference("SHP-003")
    assert "the exemption Exemption 17/2 expired on 2018-01-31" in window.ui.detail.toHtml()


def test_the_apps_runs_and_settings_changes_are_in_the_audit_log(
    qtbot: QtBot, window: MainWindow, ledger: Path, settings: Settings
) -> None:
    settings.officer = "C. Officer"
    open_and_wait(qtbot, window, ledger)
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.ui.as_of.set_value(dt.date(2018, 1, 1))
        window.ui.as_of.changed.emit(dt.date(2018, 1, 1))
    with Store.open() as store:
        records = list(audit.records(store))
    kinds = [r.kind for r in records]
    assert kinds == ["screening", "settings", "screening"]
    first, change, second = records
    assert first.officer == "C. Officer" and first.machine_user == audit.machine_user()
    assert first.payload["inputs"][0]["name"] == "ledger.xlsx" and first.payload["inputs"][0]["sha256"]
    assert first.payload["settings"]["as_of"] is None
    assert change.payload == {"setting": "as_of", "from": None, "to": "2018-01-01"}
    assert second.payload["as_of"] == "2018-01-01" and second.payload["settings"]["as_of"] == "2018-01-01"


def test_the_decisions_window_lists_filters_and_exports_as_the_cli_does(
    qtbot: QtBot,
    window: MainWindow,
    ledger: Path,
    asked: list[dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_and_wait(qtbot, window, ledger)
    desk = window.decision_desk
    asked[0]["answer"] = DecisionChoice("blocked", "Stopped", "A. Officer")
    desk.decide_rows([row_of(window, "SHP-001")])
    asked[0]["answer"] = DecisionChoice("cleared", "False match", "A. Officer")
    desk.decide_rows([row_of(window, "SHP-003")])

    listing = desk.show_list()
    qtbot.addWidget(listing)
    assert listing.model.rowCount() == 2 and listing.count.text() == "2 decisions"
    listing.status.setCurrentIndex(listing.status.findData("cleared"))
    assert [d.location for d in listing.model.decisions] == ["ref:SHP-003"]

    # A later decision shows at once in the open list.
    desk.decide_rows([row_of(window, "SHP-004")])
    assert [d.location for d in listing.model.decisions] == ["ref:SHP-004", "ref:SHP-003"]

    for suffix in ("csv", "xlsx"):
        target = tmp_path / f"app.{suffix}"
        monkeypatch.setattr(DecisionsWindow, "ask_export_path", classmethod(lambda _c, _p, _f, t=target: str(t)))
        assert listing.export() == str(target)
        expected = tmp_path / f"cli.{suffix}"
        assert cli_main(["decisions", "list", "--status", "cleared", "--export", str(expected)], out=io.StringIO()) == 0
        if suffix == "csv":
            assert target.read_bytes() == expected.read_bytes()
        else:
            sheet = [list(r) for r in load_workbook(target, read_only=True).active.iter_rows(values_only=True)]
            cli = [list(r) for r in load_workbook(expected, read_only=True).active.iter_rows(values_only=True)]
            assert sheet == cli
            assert sheet[0][:3] == ["id", "decision", "officer"] and len(sheet) == 3


def test_a_cancelled_screening_is_recorded_as_cancelled(ledger: Path, regimes: tuple[Regime, Regime]) -> None:
    log = AppScreeningLog(str(ledger), RunSettings("A. Officer", {"as_of": None}))
    screen_file(ledger, as_of=None, overrides=None, regimes=regimes, cancelled=lambda: True, log=log)
    with Store.open() as store:
        (record,) = audit.records(store)
    assert record.kind == "screening" and record.officer == "A. Officer"
    assert record.payload["outcome"] == "cancelled"


def test_without_a_usable_store_the_screening_fails_with_one_line(
    ledger: Path, regimes: tuple[Regime, Regime], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be")
    monkeypatch.setenv("SANCTIONS_DESK_DATA_DIR", str(blocked))
    log = AppScreeningLog(str(ledger), RunSettings("A. Officer"))
    with pytest.raises(StoreError) as raised:
        screen_file(ledger, as_of=None, overrides=None, regimes=regimes, log=log)
    assert "decisions store" in raised.value.one_line() and "\n" not in raised.value.one_line()


def test_the_decisions_list_picture(ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "decisions.png"
    assert run_app([str(ledger), "--screenshot", str(out), "--size", "1366x768", "--picture", "decisions"]) == 0
    assert out.stat().st_size > 1000


def test_a_change_of_name_thresholds_is_in_the_audit_log(
    qtbot: QtBot, window: MainWindow, ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_and_wait(qtbot, window, ledger)
    before = window.parties.choice
    chosen = DesignationChoice(replace(before, match=before.match - 5, review=before.review - 5), ())
    monkeypatch.setattr(DesignationDialog, "ask", classmethod(lambda _cls, *_a, **_k: chosen))
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.edit_designations()
    with Store.open() as store:
        changes = [r.payload for r in audit.records(store) if r.kind == "settings"]
    assert changes == [
        {
            "setting": "designation lists",
            "from": {"paths": [], "match": before.match, "review": before.review},
            "to": {"paths": [], "match": before.match - 5, "review": before.review - 5},
        }
    ]


def test_a_decision_taken_while_the_ledger_is_screened_again_stays_on_screen(
    qtbot: QtBot, window: MainWindow, ledger: Path, asked: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    open_and_wait(qtbot, window, ledger)
    snapshot_taken, go_on = threading.Event(), threading.Event()
    real_add = AppScreeningLog.add

    def add_after_the_decision(self: AppScreeningLog, position: int, result: Any) -> None:
        real_add(self, position, result)  # the first row (SHP-001) is looked up: the run's snapshot is open
        snapshot_taken.set()
        go_on.wait(TIMEOUT / 1000)

    monkeypatch.setattr(AppScreeningLog, "add", add_after_the_decision)
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.rescreen()
        assert snapshot_taken.wait(TIMEOUT / 1000)
        asked[0]["answer"] = DecisionChoice("blocked", "Stopped at the port", "A. Officer")
        assert window.decision_desk.decide_rows([row_of(window, "SHP-001")]) == 1
        go_on.set()
    assert decision_text(window, "SHP-001") == f"blocked by A. Officer on {today()}"


def test_the_apps_decisions_reach_its_report_and_workbook_exports(
    qtbot: QtBot, window: MainWindow, ledger: Path, asked: list[dict[str, Any]], tmp_path: Path
) -> None:
    open_and_wait(qtbot, window, ledger)
    asked[0]["answer"] = DecisionChoice("blocked", "Stopped at the port", "A. Officer")
    window.decision_desk.decide_rows([row_of(window, "SHP-001")])
    screening = window.screening
    assert screening is not None
    # The app's own export functions, as File > Export PDF and Export Excel run them.
    part = make_report(screening, "", "A. Officer", TaskState()).decisions
    assert part is not None
    assert (part.alerted, part.undecided) == (len(alerted_refs(window)), len(alerted_refs(window)) - 1)

    target = tmp_path / "out.xlsx"
    export_xlsx(screening, str(target), TaskState())
    sheet = load_workbook(target, read_only=True)["Shipments"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if "Decision" in r)
    by_ref = {r[header.index("Reference")]: r for r in rows[rows.index(header) + 1 :] if r[0] is not None}
    assert by_ref["SHP-001"][header.index("Decision")] == "blocked"
    assert by_ref["SHP-001"][header.index("Decided by")] == "A. Officer"
    assert by_ref["SHP-003"][header.index("Decision")] == "undecided"
    assert by_ref["SHP-002"][header.index("Decision")] in ("", None)


def test_a_mapping_change_and_its_undo_are_in_the_audit_log(
    qtbot: QtBot, window: MainWindow, ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_and_wait(qtbot, window, ledger)

    def ask(_parent: Any, sheets: Any) -> MappingChoice:
        return MappingChoice(
            {s.sheet: {f: h for f, h in s.mapping.items() if h != "HS Code"} for s in sheets}, remember=False
        )

    monkeypatch.setattr(MappingDialog, "ask", ask)
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.edit_mapping()
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.undo_mapping()
    with Store.open() as store:
        changes = [r.payload for r in audit.records(store) if r.kind == "settings"]
    assert changes == [
        {"setting": "mapping", "from": {}, "to": {"hs_code": ""}},
        {"setting": "mapping", "from": {"hs_code": ""}, "to": {}},
    ]
