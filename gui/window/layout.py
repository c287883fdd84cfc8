"""The main window's central area: workbook line, view and as-of controls, summary, filters, table, detail.

Built here so main_window.py keeps to behaviour; the widgets become attributes of the window, as
the tests and menus know them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.results.detail import empty_html
from gui.results.view import ResultsTable
from gui.window.bars import AsOfControl, FilterBar, ProgressPanel, RegimeToggle, SummaryBar
from gui.window.notices import WARNING_COLOURS, banner, draft_banner

if TYPE_CHECKING:
    from gui.window.main_window import MainWindow

PLACEHOLDER: Final = (
    "<p style='font-size:large'>Open a workbook to screen it</p>"
    "<p>File ▸ Open (Ctrl+O), drop a .xlsx, .xls, .ods or .csv file here,<br>"
    "or Help ▸ Open sample to try the sample ledger.</p>"
)


def build_central(window: MainWindow) -> None:
    """Create the central widgets as attributes of the window and lay them out."""
    window.file_label = QLabel("No workbook open", window)
    bold = QFont(window.file_label.font())
    bold.setBold(True)
    window.file_label.setFont(bold)
    window.file_label.setAccessibleName("Workbook")
    # A long file name must not force the window wider than a laptop screen.
    window.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    window.toggle = RegimeToggle(window)
    window.toggle.changed.connect(window.set_regime)
    window.as_of = AsOfControl(window)
    top = QHBoxLayout()
    top.addWidget(window.file_label, 1)
    view_label = QLabel("View:", window)
    top.addWidget(view_label)
    top.addWidget(window.toggle)
    top.addSpacing(16)
    top.addWidget(window.as_of)
    window.info = QLabel(window)
    window.info.setWordWrap(True)
    window.info.setTextFormat(Qt.TextFormat.RichText)
    window.info.linkActivated.connect(lambda _link: window.show_import_details())
    window.info.setAccessibleName("Import notes")
    window.info.hide()
    window.summary = SummaryBar(window)
    window.summary.show_changed.connect(window.show_changed_rows)
    window.summary.party_clicked.connect(window.edit_designations)
    window.draft_banner = draft_banner(window)
    window.draft_banner.hide()  # shown while a view puts draft verdicts on screen
    window.names_banner = banner(window, "", WARNING_COLOURS, "Names not screened")
    window.names_banner.hide()
    window.filters = FilterBar(window)
    window.filters.setEnabled(False)  # nothing to filter until a workbook is open

    window.table = ResultsTable(window.proxy, window)

    window.placeholder = QLabel(PLACEHOLDER, window)
    window.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
    window.placeholder.setTextFormat(Qt.TextFormat.RichText)
    window.stack = QStackedWidget(window)
    window.stack.addWidget(window.placeholder)
    window.stack.addWidget(window.table)

    window.detail = QTextBrowser(window)
    window.detail.setAccessibleName("Row details")
    window.detail.setOpenLinks(False)
    window.detail.setHtml(empty_html())
    window.splitter = QSplitter(Qt.Orientation.Horizontal, window)
    window.splitter.addWidget(window.stack)
    window.splitter.addWidget(window.detail)
    window.splitter.setStretchFactor(0, 3)
    window.splitter.setStretchFactor(1, 2)
    window.splitter.setChildrenCollapsible(False)

    central = QWidget(window)
    layout = QVBoxLayout(central)
    layout.addLayout(top)
    layout.addWidget(window.info)
    layout.addWidget(window.summary)
    layout.addWidget(window.draft_banner)
    layout.addWidget(window.names_banner)
    layout.addWidget(window.filters)
    layout.addWidget(window.splitter, 1)
    window.setCentralWidget(central)
    fit_to_screen(window, QSize(1440, 880))


def fit_to_screen(window: MainWindow, wanted: QSize) -> None:
    """Size the window to `wanted`, within the screen's available area (a 1366 x 768 laptop, a taskbar)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    width, height = wanted.width(), wanted.height()
    if room is not None and room.width() > 0 and room.height() > 0:
        # The frame (title bar, borders) comes on top of the size given here.
        width, height = min(width, room.width() - 16), min(height, room.height() - 40)
    window.resize(width, height)
    detail = max(320, min(440, width * 3 // 10))
    window.splitter.setSizes([width - detail, detail])


def build_status_bar(window: MainWindow) -> None:
    """The status bar's two progress panels: screening, and the running export or print job."""
    window.progress_panel = ProgressPanel(window)
    window.progress_panel.cancel_button.clicked.connect(window.cancel)
    window.statusBar().addPermanentWidget(window.progress_panel)
    window.progress_panel.hide()
    window.task_panel = ProgressPanel(window, "Export", "Stop the export; no file is written")
    window.task_panel.cancel_button.clicked.connect(window.cancel_task)
    window.statusBar().addPermanentWidget(window.task_panel)
    window.task_panel.hide()
    window.busy_label = QLabel(window)
    window.busy_label.setAccessibleName("Table busy")
    window.statusBar().addPermanentWidget(window.busy_label)
    window.busy_label.hide()
