"""The main window's menus and their keyboard shortcuts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from gui.decisions.desk import decision_actions
from gui.window.bars import REGIME_LABELS

if TYPE_CHECKING:
    from gui.window.main_window import MainWindow


def _fill_recent(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    recent = window.settings.recent_files
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
    menu.addAction("&Clear list").triggered.connect(window.settings.clear_recent_files)


def _report_actions(window: MainWindow, menu: QMenu, actions: dict[str, QAction]) -> None:
    # Disabled until there are results (ReportActions enables them).
    specs = (
        (
            "preview",
            "Print Pre&view…",
            QKeySequence("Ctrl+Shift+P"),
            "See the screening report as it will print",
            window.reports.preview,
        ),
        ("print", "&Print…", QKeySequence.StandardKey.Print, "Print the screening report", window.reports.print_report),
        (
            "export_pdf",
            "Export P&DF…",
            QKeySequence("Ctrl+Shift+E"),
            "Save the screening report of every row as a PDF",
            window.reports.export_pdf,
        ),
        (
            "export_excel",
            "Export E&xcel…",
            QKeySequence("Ctrl+Shift+X"),
            "Save every row with its verdicts as an Excel workbook",
            window.reports.export_excel,
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


def _edit_menu(window: MainWindow, actions: dict[str, QAction]) -> None:
    menu = window.menuBar().addMenu("&Edit")
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


def build_menus(window: MainWindow) -> dict[str, QAction]:
    """Create File, View and Help; returns the actions by name."""
    bar = window.menuBar()
    actions: dict[str, QAction] = {}

    file_menu = bar.addMenu("&File")
    open_action = file_menu.addAction("&Open…")
    open_action.setShortcut(QKeySequence.StandardKey.Open)
    open_action.setStatusTip("Open a workbook or csv file and screen it")
    open_action.triggered.connect(window.choose_file)
    actions["open"] = open_action
    recent = file_menu.addMenu("Recent &files")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    _fill_recent(window, recent)
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
    _report_actions(window, file_menu, actions)
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

    _edit_menu(window, actions)

    view_menu = bar.addMenu("&View")
    group = QActionGroup(window)
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
    changed = view_menu.addAction("Rows the draft would &change")
    changed.setShortcut(QKeySequence("Ctrl+D"))
    changed.triggered.connect(window.show_changed_rows)
    actions["changed"] = changed
    columns = view_menu.addMenu("Colu&mns")
    columns.aboutToShow.connect(lambda: window.table.column_menu(columns))
    actions["columns"] = columns.menuAction()
    clear = view_menu.addAction("&Show all rows")
    clear.setShortcut(QKeySequence("Ctrl+Shift+A"))
    clear.triggered.connect(window.clear_filters)
    actions["clear_filters"] = clear
    search = view_menu.addAction("&Find…")
    search.setShortcut(QKeySequence.StandardKey.Find)
    search.triggered.connect(lambda: (window.filters.search.setFocus(), window.filters.search.selectAll()))
    actions["find"] = search
    cancel = view_menu.addAction("Cancel screening")
    cancel.setShortcut(QKeySequence("Esc"))
    cancel.triggered.connect(window.cancel)
    actions["cancel"] = cancel
    decision_actions(window, view_menu, actions)

    help_menu = bar.addMenu("&Help")
    sample = help_menu.addAction("Open &sample")
    sample.setStatusTip("Open the sample ledger that comes with the app")
    sample.triggered.connect(window.open_sample)
    actions["sample"] = sample
    about = help_menu.addAction("&About Sanctions Desk")
    about.triggered.connect(window.show_about)
    actions["about"] = about
    return actions
