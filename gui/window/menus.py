"""The main window's menus and their keyboard shortcuts.

The menus see only the commands they trigger (the protocols below), never the window itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from gui.window.decisions_desk import DecisionCommands, decision_actions
from gui.window.regime_bar import REGIME_LABELS


class WindowCommands(Protocol):
    """What the File, Edit, View and Help menus ask the window to do."""

    def choose_file(self) -> None: ...
    def open_file(self, path: str | Path, select: str | None = None) -> None: ...
    def open_sample(self) -> None: ...
    def edit_mapping(self) -> None: ...
    def undo_mapping(self) -> None: ...
    def edit_designations(self) -> None: ...
    def edit_preferences(self) -> None: ...
    def copy_rows(self) -> None: ...
    def go_to_flagged(self, step: int) -> None: ...
    def set_regime(self, regime: str) -> None: ...
    def show_changed_rows(self) -> None: ...
    def show_regimes(self) -> object: ...
    def new_scenario(self) -> object: ...
    def clear_filters(self) -> None: ...
    def cancel(self) -> None: ...
    def show_about(self) -> None: ...
    def close(self) -> bool: ...


class ReportCommands(Protocol):
    """File ▸ Print, Print Preview, Export PDF and Export Excel."""

    def preview(self) -> None: ...
    def print_report(self) -> None: ...
    def export_pdf(self) -> None: ...
    def export_excel(self) -> None: ...


class RecentFiles(Protocol):
    """The files opened lately, newest first (the settings keep them)."""

    @property
    def recent_files(self) -> Sequence[str]: ...
    def clear_recent_files(self) -> None: ...


def _fill_recent(window: WindowCommands, recent_files: RecentFiles, menu: QMenu) -> None:
    menu.clear()
    recent = recent_files.recent_files
    for i, path in enumerate(recent, start=1):
        # Numbered mnemonics (&1 ... &8) make the list keyboard-friendly.
        action = menu.addAction(f"&{i} {Path(path).name}")
        action.setToolTip(path)
        action.setStatusTip(path)
        action.triggered.connect(lambda _checked=False, p=path: window.open_file(p))
    if not recent:
        menu.addAction("No recent files").setEnabled(False)
        return
    menu.addSeparator()
    menu.addAction("&Clear list").triggered.connect(recent_files.clear_recent_files)


def _report_actions(reports: ReportCommands, menu: QMenu, actions: dict[str, QAction]) -> None:
    # Disabled until there are results (ReportActions enables them).
    specs = (
        (
            "preview",
            "Print Pre&view…",
            QKeySequence("Ctrl+Shift+P"),
            "See the screening report as it will print",
            reports.preview,
        ),
        ("print", "&Print…", QKeySequence.StandardKey.Print, "Print the screening report", reports.print_report),
        (
            "export_pdf",
            "Export P&DF…",
            QKeySequence("Ctrl+Shift+E"),
            "Save the screening report of every row as a PDF",
            reports.export_pdf,
        ),
        (
            "export_excel",
            "Export E&xcel…",
            QKeySequence("Ctrl+Shift+X"),
            "Save every row with its verdicts as an Excel workbook",
            reports.export_excel,
        ),
    )
    for name, text, key, tip, slot in specs:
        action = menu.addAction(text)
        if key is not None:
            action.setShortcut(key)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        action.setEnabled(False)
        actions[name] = action


def _edit_menu(window: WindowCommands, bar: QMenuBar, actions: dict[str, QAction]) -> None:
    menu = bar.addMenu("&Edit")
    undo = menu.addAction("&Undo mapping change")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    undo.setStatusTip("Re-screen with the column mapping as it was before the last change")
    undo.triggered.connect(window.undo_mapping)
    undo.setEnabled(False)
    actions["undo_mapping"] = undo
    menu.addSeparator()
    copy = menu.addAction("&Copy rows")
    copy.setShortcut(QKeySequence.StandardKey.Copy)
    copy.setStatusTip("Copy the selected rows, with the column headers, as tab-separated text")
    copy.triggered.connect(window.copy_rows)
    actions["copy"] = copy
    menu.addSeparator()
    for name, text, key, step in (
        ("next_flagged", "&Next flagged row", "F8", 1),
        ("previous_flagged", "&Previous flagged row", "Shift+F8", -1),
    ):
        action = menu.addAction(text)
        action.setShortcut(QKeySequence(key))
        action.setStatusTip("Go to the next row that is not permitted in this view (in Compare: or changed)")
        action.triggered.connect(lambda _checked=False, s=step: window.go_to_flagged(s))
        actions[name] = action


def build_menus(
    bar: QMenuBar,
    window: WindowCommands,
    *,
    reports: ReportCommands,
    decisions: DecisionCommands,
    recent_files: RecentFiles,
    column_menu: Callable[[QMenu], object],
    find: Callable[[], None],
) -> dict[str, QAction]:
    """Create File, Edit, View and Help in the menu bar; returns the actions by name."""
    actions: dict[str, QAction] = {}

    file_menu = bar.addMenu("&File")
    open_action = file_menu.addAction("&Open…")
    open_action.setShortcut(QKeySequence.StandardKey.Open)
    open_action.setStatusTip("Open a workbook or csv file and screen it")
    open_action.triggered.connect(window.choose_file)
    actions["open"] = open_action
    recent = file_menu.addMenu("Recent &files")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent_files, recent))
    _fill_recent(window, recent_files, recent)
    actions["recent"] = recent.menuAction()
    mapping = file_menu.addAction("Column &mapping…")
    mapping.setShortcut(QKeySequence("Ctrl+M"))
    mapping.setStatusTip("See and correct how each column was understood, then re-screen")
    mapping.triggered.connect(window.edit_mapping)
    mapping.setEnabled(False)
    actions["mapping"] = mapping
    designations = file_menu.addAction("Designation &lists…")
    designations.setShortcut(QKeySequence("Ctrl+L"))
    designations.setStatusTip("Choose the UN 1718 lists names and IMO numbers are screened against")
    designations.triggered.connect(window.edit_designations)
    actions["designations"] = designations
    file_menu.addSeparator()
    _report_actions(reports, file_menu, actions)
    file_menu.addSeparator()
    preferences = file_menu.addAction("Pr&eferences…")
    preferences.setShortcut(QKeySequence("Ctrl+,"))
    preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
    preferences.setStatusTip("Organisation, compliance officer and page size for reports")
    preferences.triggered.connect(window.edit_preferences)
    actions["preferences"] = preferences
    file_menu.addSeparator()
    quit_action = file_menu.addAction("&Quit")
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    quit_action.triggered.connect(window.close)
    actions["quit"] = quit_action

    _edit_menu(window, bar, actions)

    view_menu = bar.addMenu("&View")
    group = QActionGroup(bar)
    group.setExclusive(True)
    for n, (regime, label) in enumerate(REGIME_LABELS.items(), start=1):
        action = view_menu.addAction(f"&{label}")
        action.setCheckable(True)
        action.setShortcut(QKeySequence(f"Ctrl+{n}"))
        action.triggered.connect(lambda _checked=False, r=regime: window.set_regime(r))
        group.addAction(action)
        actions[f"view_{regime}"] = action
    actions["view_current"].setChecked(True)
    view_menu.addSeparator()
    changed = view_menu.addAction("Rows the alternative would &change")
    changed.setShortcut(QKeySequence("Ctrl+D"))
    changed.triggered.connect(window.show_changed_rows)
    actions["changed"] = changed
    regimes = view_menu.addAction("&Regimes…")
    regimes.setStatusTip("What two regimes differ by, measure by measure")
    regimes.triggered.connect(window.show_regimes)
    actions["regimes"] = regimes
    scenario = view_menu.addAction("&New scenario…")
    scenario.setStatusTip("Build a scenario on the baseline regime: lift, change or add measures")
    scenario.triggered.connect(window.new_scenario)
    actions["new_scenario"] = scenario
    columns = view_menu.addMenu("Colu&mns")
    columns.aboutToShow.connect(lambda: column_menu(columns))
    actions["columns"] = columns.menuAction()
    clear = view_menu.addAction("&Show all rows")
    clear.setShortcut(QKeySequence("Ctrl+Shift+A"))
    clear.triggered.connect(window.clear_filters)
    actions["clear_filters"] = clear
    search = view_menu.addAction("&Find…")
    search.setShortcut(QKeySequence.StandardKey.Find)
    search.triggered.connect(find)
    actions["find"] = search
    cancel = view_menu.addAction("Cancel screening")
    cancel.setShortcut(QKeySequence("Esc"))
    cancel.triggered.connect(window.cancel)
    actions["cancel"] = cancel
    decision_actions(decisions, view_menu, actions)

    help_menu = bar.addMenu("&Help")
    sample = help_menu.addAction("Open &sample")
    sample.setStatusTip("Open the sample ledger that comes with the app")
    sample.triggered.connect(window.open_sample)
    actions["sample"] = sample
    about = help_menu.addAction("&About Sanctions Desk")
    about.triggered.connect(window.show_about)
    actions["about"] = about
    return actions
