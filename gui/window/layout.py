"""The main window's widgets, declared in one `Ui` object: workbook line, view and as-of controls,
summary, notices, filters, table, detail, and the status bar's panels.

Built here and only laid out here (as Qt Designer's Ui classes are): the window connects the signals
to its behaviour, so nothing here knows the window's methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QAbstractItemModel, QSize, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.notices import WARNING_COLOURS, banner, not_law_label
from gui.results.detail import empty_html
from gui.results.view import ResultsTable
from gui.window.as_of import AsOfControl
from gui.window.bars import FilterBar, SummaryBar
from gui.window.progress import ProgressPanel
from gui.window.regime_bar import RegimeChooser, RegimeToggle

PLACEHOLDER: Final = (
    "<p style='font-size:large'>Open a workbook to screen it</p>"
    "<p>File ▸ Open (Ctrl+O), drop a .xlsx, .xls, .ods or .csv file here,<br>"
    "or Help ▸ Open sample to try the sample ledger.</p>"
)


@dataclass(frozen=True, slots=True)
class Ui:
    """Every widget of the main window that its behaviour reads or changes."""

    file_label: QLabel
    """The open workbook's name and what was screened."""
    chooser: RegimeChooser
    """The baseline and the alternative regimes compared."""
    toggle: RegimeToggle
    as_of: AsOfControl
    info: QLabel
    """The import notes, with a 'details' link."""
    summary: SummaryBar
    draft_banner: QLabel
    """The notice of the regimes on screen that are not law (the alternative's, usually)."""
    names_banner: QLabel
    filters: FilterBar
    table: ResultsTable
    placeholder: QLabel
    stack: QStackedWidget
    """The placeholder until a workbook is open, then the table."""
    detail: QTextBrowser
    splitter: QSplitter
    progress_panel: ProgressPanel
    """The status bar's screening progress and Cancel."""
    task_panel: ProgressPanel
    """The status bar's export or print progress and Stop."""
    busy_label: QLabel
    """The status bar's 'sorting…' note while a large table is worked out in the background."""


def build_ui(window: QMainWindow, rows: QAbstractItemModel) -> Ui:
    """Create the window's widgets, lay them out, and size the window to the screen; `rows` feeds the table."""
    file_label = QLabel("No workbook open", window)
    bold = QFont(file_label.font())
    bold.setBold(True)
    file_label.setFont(bold)
    file_label.setAccessibleName("Workbook")
    # A long file name must not force the window wider than a laptop screen.
    file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    chooser = RegimeChooser(window)
    toggle = RegimeToggle(window)
    as_of = AsOfControl(window)
    top = QHBoxLayout()
    top.addWidget(file_label, 1)
    top.addSpacing(16)
    top.addWidget(as_of)
    # The regime bar: which two regimes are compared, and whose verdicts are on screen.
    regime_bar = QHBoxLayout()
    regime_bar.addWidget(chooser)
    regime_bar.addSpacing(16)
    regime_bar.addWidget(QLabel("View:", window))
    regime_bar.addWidget(toggle)
    regime_bar.addStretch(1)
    info = QLabel(window)
    info.setWordWrap(True)
    info.setTextFormat(Qt.TextFormat.RichText)
    info.setAccessibleName("Import notes")
    info.hide()
    summary = SummaryBar(window)
    draft = not_law_label(window)
    draft.hide()  # shown while a view puts verdicts of a regime that is not law on screen
    names = banner(window, "", WARNING_COLOURS, "Names not screened")
    names.hide()
    filters = FilterBar(window)
    filters.setEnabled(False)  # nothing to filter until a workbook is open

    table = ResultsTable(rows, window)
    placeholder = QLabel(PLACEHOLDER, window)
    placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
    placeholder.setTextFormat(Qt.TextFormat.RichText)
    stack = QStackedWidget(window)
    stack.addWidget(placeholder)
    stack.addWidget(table)

    detail = QTextBrowser(window)
    detail.setAccessibleName("Row details")
    detail.setOpenLinks(False)
    detail.setHtml(empty_html())
    splitter = QSplitter(Qt.Orientation.Horizontal, window)
    splitter.addWidget(stack)
    splitter.addWidget(detail)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    splitter.setChildrenCollapsible(False)

    central = QWidget(window)
    layout = QVBoxLayout(central)
    layout.addLayout(top)
    layout.addLayout(regime_bar)
    for widget in (info, summary, draft, names, filters):
        layout.addWidget(widget)
    layout.addWidget(splitter, 1)
    window.setCentralWidget(central)

    ui = Ui(
        file_label, chooser, toggle, as_of, info, summary, draft, names, filters, table, placeholder, stack, detail,
        splitter, *_status_bar(window),
    )  # fmt: skip
    fit_to_screen(window, splitter, QSize(1440, 880))
    return ui


def fit_to_screen(window: QWidget, splitter: QSplitter, wanted: QSize) -> None:
    """Size the window to `wanted`, within the screen's available area (a 1366 x 768 laptop, a taskbar)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    width, height = wanted.width(), wanted.height()
    if room is not None and room.width() > 0 and room.height() > 0:
        # The frame (title bar, borders) comes on top of the size given here.
        width, height = min(width, room.width() - 16), min(height, room.height() - 40)
    fit_exactly(window, splitter, width, height)


def fit_exactly(window: QWidget, splitter: QSplitter, width: int, height: int) -> None:
    """The window at this size, whatever the screen; the detail pane gets about three tenths of the width."""
    window.resize(width, height)
    detail = max(320, min(440, width * 3 // 10))
    splitter.setSizes([width - detail, detail])


def _status_bar(window: QMainWindow) -> tuple[ProgressPanel, ProgressPanel, QLabel]:
    """The status bar's two progress panels (screening; the running export or print job) and busy note."""
    progress = ProgressPanel(window)
    task = ProgressPanel(window, "Export", "Stop the export; no file is written")
    busy = QLabel(window)
    busy.setAccessibleName("Table busy")
    for widget in (progress, task, busy):
        window.statusBar().addPermanentWidget(widget)
        widget.hide()
    return progress, task, busy
