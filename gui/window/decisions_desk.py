"""The window's side of decisions: deciding rows, the Decision filter and count, settings changes, the list.

`DecisionDesk` holds the window's own connection to the decisions store, opened on the GUI thread
(a screening's recorder has its own, on the worker thread, and holds a read snapshot while it runs:
decisions are never written through it). The window calls it from a few clearly marked places.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMenu, QTableView, QTextBrowser, QWidget

from compliance.decisions import audit
from compliance.decisions.book import Alert, Decision, decide_many
from compliance.decisions.runs import alert_for
from compliance.decisions.store import Store
from compliance.model.errors import ComplianceError
from compliance.model.results import Hit, RowResult
from gui.decisions.dialog import DecisionDialog
from gui.decisions.ledger import (
    DECISION_FILTERS,
    LedgerDecisions,
    RunSettings,
    alert_hits,
    judged_on,
    verdict_settings,
)
from gui.decisions.window import DecisionsWindow
from gui.errors import show_error
from gui.results.decisions_panel import DECIDE_SCHEME, decisions_html
from gui.results.model import COLUMN_INDEX
from gui.window.bars import SummaryBar
from gui.window.screened_window import ScreenedWindow
from gui.window.table_actions import selected_rows

if TYPE_CHECKING:
    from gui.window.detail_pane import DetailPane
    from gui.workers import Screening


class DeskWindow(ScreenedWindow, Protocol):
    """What the desk reads and asks of the main window, beyond what every helper may."""

    @property
    def busy(self) -> bool: ...
    @property
    def detail_pane(self) -> DetailPane: ...
    def update_summary(self) -> None: ...


class DecisionDesk(QObject):
    """Decisions taken from the window, and what the window shows of them."""

    def __init__(self, window: DeskWindow, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self._parent = parent
        """Dialogs and the decisions list open over this (the main window)."""
        self._table: QTableView | None = None
        self._store: Store | None = None
        self.list_window: DecisionsWindow | None = None
        self.filter = QComboBox(parent)
        self.filter.addItem("Any decision", None)
        for state in DECISION_FILTERS:
            self.filter.addItem(state.capitalize(), state)
        self.filter.setAccessibleName("Decision filter")
        self.filter.setToolTip("Show rows whose alerts are undecided, or cleared, blocked or escalated")
        self.filter_label = QLabel("&Decision:", parent)
        self.filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.undecided = QLabel(parent)
        self.undecided.setAccessibleName("Rows undecided")
        self.undecided.setToolTip("Rows with a review or prohibited finding that no decision answers")
        self._sorted_by_decision: Qt.SortOrder | None = None
        self._taken_while_screening: list[tuple[str, str, Decision, dt.date]] = []
        """Decisions taken since the running screening began: its snapshot of the store cannot hold them."""

    # --- set-up -----------------------------------------------------------------------------------

    def place(self, summary: SummaryBar, detail: QTextBrowser, table: QTableView) -> None:
        """Put the undecided count and the decision filter at the end of the summary bar's second line.

        There, beside the party notice (which shortens itself), they never widen the window; the filter
        bar and the counts line are full on a narrow window already. Decide… links in the detail pane
        and the rows selected in the table are the desk's to act on.
        """
        second = summary.second_line
        second.addWidget(self.undecided)
        second.addSpacing(12)
        second.addWidget(self.filter_label)
        second.addWidget(self.filter)
        self.undecided.hide()
        detail.anchorClicked.connect(self.follow_link)
        self._table = table
        header = table.horizontalHeader()
        header.sortIndicatorChanged.connect(self._sort_changed)

    def store(self) -> Store:
        """The window's connection to the store (opened on first use, on this thread)."""
        if self._store is None:
            self._store = Store.open()
        return self._store

    def close(self) -> None:
        """Close the store and the list (the window is closing)."""
        if self.list_window is not None:
            self.list_window.close()
        if self._store is not None:
            self._store.close()
            self._store = None

    def run_settings(self, as_of: dt.date | None, overrides: dict[str, str] | None) -> RunSettings:
        """Who screens and with which settings, for the run's audit record."""
        choice = self.window.parties.choice
        self._taken_while_screening = []
        return RunSettings(
            self.window.settings.officer,
            verdict_settings(as_of, overrides, choice.paths, (choice.match, choice.review)),
        )

    # --- showing ----------------------------------------------------------------------------------

    @property
    def decisions(self) -> LedgerDecisions:
        """The decisions beside the rows on screen."""
        return self.window.model.decisions

    def show_screening(self, screening: Screening) -> None:
        """A new screening is on screen: its decisions in the table, the filter and the count."""
        self.window.model.decisions = screening.decisions if screening.decisions is not None else LedgerDecisions()
        if screening.decisions is not None:
            for fingerprint, subject, decision, on in self._taken_while_screening:
                screening.decisions.record(fingerprint, subject, decision, on)
        self._taken_while_screening = []
        self.apply_filter()
        if self._sorted_by_decision is not None:  # the order on screen was worked out from the last screening's ranks
            self.window.proxy.sort(COLUMN_INDEX["decision"], self._sorted_by_decision)
        self.update_count()

    def filters(self) -> dict[str, Any]:
        """The decision filter as ResultsFilterProxy.set_filters takes it."""
        wanted = self.filter.currentData()
        return {"rows": self.decisions.rows_in(wanted) if wanted else None}

    def apply_filter(self) -> None:
        """Filter the table by decision (again, after a decision changes which rows pass)."""
        self.window.proxy.set_filters(**self.filters())
        self.window.update_summary()

    def reset(self) -> None:
        """Any decision (Show all rows)."""
        self.filter.blockSignals(True)
        self.filter.setCurrentIndex(0)
        self.filter.blockSignals(False)
        self.window.proxy.set_filters(rows=None)

    def update_count(self) -> None:
        """The summary bar's count of undecided rows."""
        if self.window.screening is None:
            self.undecided.hide()
            return
        count = self.decisions.undecided_count()
        if self.window.screening.decisions is None:
            self.undecided.setText("Decisions: not recorded")
        else:
            self.undecided.setText(f"{count:,} {'row' if count == 1 else 'rows'} undecided")
        self.undecided.setStyleSheet("color: #b3261e; font-weight: 600" if count else "")
        self.undecided.show()

    def section(self, row: int, result: RowResult) -> str:
        """The detail pane's Decisions section for a ledger row."""
        recorded = self.window.screening is not None and self.window.screening.decisions is not None
        return decisions_html(result, self.decisions.of(row), recorded)

    # --- deciding ---------------------------------------------------------------------------------

    def follow_link(self, url: QUrl) -> None:
        """A 'Decide…' link in the detail pane."""
        row = self.window.detail_pane.row
        if url.scheme() != DECIDE_SCHEME or row is None:
            return
        which = url.path()
        self.decide_rows([row], None if which == "all" else int(which))

    def decide_selected(self) -> None:
        """Decide every alert of the rows selected in the table (the context menu, Edit ▸ Decide)."""
        proxy = self.window.proxy
        self.decide_rows([proxy.source_row(r) for r in self._selected()])

    def _alerts(self, rows: list[int], which: int | None) -> list[tuple[RowResult, Hit, Alert]]:
        screening = self.window.screening
        assert screening is not None
        found: dict[tuple[str, str], tuple[RowResult, Hit, Alert]] = {}
        for row in rows:
            result = self.window.model.result(row)
            hits = alert_hits(result)
            if which is not None:
                hits = hits[which : which + 1]
            for hit in hits:
                alert = alert_for(screening.run, result, hit)
                # The same row twice in a ledger is one alert: one decision answers both.
                found.setdefault((alert.fingerprint, alert.subject.key), (result, hit, alert))
        return list(found.values())

    def decide_rows(self, rows: list[int], which: int | None = None) -> int:
        """Ask for one decision on the alerts of these ledger rows and record it; returns the decisions taken."""
        screening = self.window.screening
        if screening is None or not rows:
            return 0
        if screening.decisions is None:
            self.window.statusBar().showMessage("This screening was not recorded: screen the file again to decide.")
            return 0
        alerts = self._alerts(rows, which)
        if not alerts:
            self.window.statusBar().showMessage("No review or prohibited finding in the rows selected.", 5_000)
            return 0
        choice = DecisionDialog.ask(self._parent, describe(alerts, len(rows)), self.window.settings.officer)
        if choice is None:
            return 0
        self.window.settings.officer = choice.officer  # asked once, remembered
        try:
            # One transaction: a decision on many rows is recorded whole or not at all.
            taken = decide_many(
                self.store(),
                [alert for _r, _h, alert in alerts],
                choice.decision,
                note=choice.note,
                officer=choice.officer,
                exemption=choice.exemption,
                valid_until=choice.valid_until,
            )
        except ComplianceError as exc:
            show_error(self._parent, exc)
            return 0
        changed: set[int] = set()
        for (result, _hit, alert), decision in zip(alerts, taken, strict=True):
            on = judged_on(result, screening.as_of)
            changed.update(self.decisions.record(alert.fingerprint, alert.subject.key, decision, on))
            if self.window.busy:
                self._taken_while_screening.append((alert.fingerprint, alert.subject.key, decision, on))
        self._decisions_changed(changed)
        noun = "decision" if len(taken) == 1 else "decisions"
        self.window.statusBar().showMessage(f"Recorded {len(taken):,} {noun}: {choice.decision}.", 8_000)
        return len(taken)

    def _decisions_changed(self, rows: set[int]) -> None:
        model = self.window.model
        column = COLUMN_INDEX["decision"]
        for row in rows:
            index = model.index(row, column)
            model.dataChanged.emit(index, index)
        self.apply_filter()
        if self._sorted_by_decision is not None:
            self.window.proxy.sort(column, self._sorted_by_decision)  # the ranks changed
        self.update_count()
        pane = self.window.detail_pane
        if pane.row in rows:
            pane.show(pane.row, self.window.screening)
        if self.list_window is not None and self.list_window.isVisible():
            self.list_window.refresh()

    def _selected(self) -> list[int]:
        """Rows selected on screen, as the table shows them."""
        return selected_rows(self._table) if self._table is not None else []

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        self._sorted_by_decision = order if column == COLUMN_INDEX["decision"] else None

    def add_menu_section(self, menu: QMenu) -> None:
        """The table's context menu: Decide… for the rows selected."""
        menu.addSeparator()
        rows = [self.window.proxy.source_row(r) for r in self._selected()]
        with_alerts = sum(1 for r in rows if self.decisions.of(r) is not None)
        text = "&Decide…" if len(rows) <= 1 else f"&Decide {with_alerts:,} rows with alerts…"
        action = menu.addAction(text)
        action.setEnabled(with_alerts > 0)
        action.triggered.connect(self.decide_selected)

    # --- the list, and settings that bear on verdicts ---------------------------------------------

    def show_list(self) -> DecisionsWindow:
        """View ▸ Decisions list (opened once, then brought to the front and read again)."""
        if self.list_window is None:
            self.list_window = DecisionsWindow(self._parent, self.store, self.window.settings.last_export_directory)
        else:
            self.list_window.refresh()
        self.list_window.show()
        self.list_window.raise_()
        return self.list_window

    def setting_changed(self, setting: str, before: Any, after: Any) -> None:
        """Record a change of a setting that bears on verdicts in the audit log."""
        if before == after:
            return
        try:
            audit.record(
                self.store(),
                "settings",
                self.window.settings.officer,
                {"setting": setting, "from": before, "to": after},
            )
        except ComplianceError as exc:
            self.window.statusBar().showMessage(f"The settings change could not be logged: {exc.one_line()}", 10_000)


def describe(alerts: list[tuple[RowResult, Hit, Alert]], rows: int) -> str:
    """The dialog's heading: the one alert decided, or how many."""
    if len(alerts) == 1:
        result, hit, alert = alerts[0]
        ref = result.reference or f"row {alert.row}"
        return f"{ref} ({alert.sheet}, row {alert.row}): {hit.title} — {hit.status}"
    rows_with = len({(a.ledger, a.sheet, a.row) for _r, _h, a in alerts})
    return f"One decision on {len(alerts)} alerts of {rows_with} rows (of {rows} selected)."


def as_of_text(day: dt.date | None) -> str | None:
    """The as-of setting as the log keeps it."""
    return day.isoformat() if day else None


class DecisionCommands(Protocol):
    """What View ▸ Decide… and View ▸ Decisions list… ask for."""

    def decide_selected(self) -> None: ...
    def show_list(self) -> DecisionsWindow: ...


def decision_actions(desk: DecisionCommands, menu: QMenu, actions: dict[str, QAction]) -> None:
    """View ▸ Decide… (the rows selected) and View ▸ Decisions list…"""
    menu.addSeparator()
    decide_action = menu.addAction("D&ecide…")
    decide_action.setShortcut(QKeySequence("Ctrl+E"))
    decide_action.setStatusTip("Record a decision on the alerts of the rows selected")
    decide_action.triggered.connect(desk.decide_selected)
    actions["decide"] = decide_action
    listing = menu.addAction("Decisions &list…")
    listing.setShortcut(QKeySequence("Ctrl+Shift+D"))
    listing.setStatusTip("The decisions taken, filtered by kind, exported to Excel or CSV")
    listing.triggered.connect(desk.show_list)
    actions["decisions"] = listing
