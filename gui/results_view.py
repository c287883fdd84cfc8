"""The results table view: chips for verdicts, fixed row heights, columns per regime view."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QAbstractItemModel, QAbstractProxyModel, Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from gui.delegates import VerdictDelegate, chip_width
from gui.results_model import COLUMN_INDEX, COLUMNS

COLUMN_SAMPLES: Final = {
    "where": "Shipments!999", "reference": "ETC1806052", "date": "2018-06-20",
    "origin": "North Korea", "destination": "Dandong, China", "hs_code": "030743", "change": "▲ tightened",
    "decision": "cleared by A. Officer on 2026-12-05",
}
"""Typical values each fixed-width column must show in full."""
VISUAL_ORDER: Final = ("where", "reference", "current", "draft", "change", "decision", "description", "date",
                       "origin", "destination", "hs_code")  # fmt: skip
"""The columns left to right on screen (the model keeps its own order)."""
DESCRIPTION_WIDTH: Final = 240
HIDDEN_COLUMNS: Final = {
    "current": ("draft", "change"),
    "draft": ("current", "change"),
    "compare": (),
}


class ResultsTable(QTableView):
    """A QTableView set up for a million rows: no per-row widgets, no measuring rows."""

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName("Screening results")
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        # Several rows may be selected to copy them; the detail pane follows the current row.
        self.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        delegate = VerdictDelegate(self)
        for key in ("current", "draft"):
            self.setItemDelegateForColumn(COLUMN_INDEX[key], delegate)
        rows = self.verticalHeader()
        rows.hide()
        # Fixed, uniform row heights: the view never measures rows to lay them out.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        # The verdicts come right after the reference, so they stay in view beside the detail pane
        # however narrow the window; the description then fills what is left, scrolling beyond a minimum.
        for at, key in enumerate(VISUAL_ORDER):
            header.moveSection(header.visualIndex(COLUMN_INDEX[key]), at)
        header.setStretchLastSection(True)
        header.setSortIndicator(COLUMN_INDEX["where"], Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.fit_columns()

    def select_source_row(self, proxy: QAbstractProxyModel, row: int) -> None:
        """Select and show the row at this ledger position, if the filters let it through."""
        index = proxy.mapFromSource(proxy.sourceModel().index(row, 0))
        if not index.isValid():
            return
        self.setCurrentIndex(index)
        self.selectRow(index.row())
        self.scrollTo(index, QTableView.ScrollHint.PositionAtCenter)

    def fit_where(self, widest: str) -> None:
        """Widen the Sheet/row column for the rows on screen (a million rows need seven digits)."""
        column = COLUMN_INDEX["where"]
        fit = self.fontMetrics().horizontalAdvance(widest) + 14
        if fit > self.columnWidth(column):
            self.setColumnWidth(column, fit)

    def fit_columns(self) -> None:
        """Size columns from typical values (measuring a million rows would stall the window)."""
        cell = self.fontMetrics()
        head = self.horizontalHeader().fontMetrics()
        for key, sample in COLUMN_SAMPLES.items():
            column = COLUMN_INDEX[key]
            # Room for the sample value, or for the header and its sort arrow.
            fit = max(cell.horizontalAdvance(sample) + 14,
                      head.horizontalAdvance(COLUMNS[column].header) + 26)
            self.setColumnWidth(column, fit)
        for key in ("current", "draft"):
            # The header says "never adopted" in full (on two lines): it must not be cut to "Draft (nev…".
            lines = str(self.model().headerData(COLUMN_INDEX[key], Qt.Orientation.Horizontal)).splitlines()
            header_fit = max(head.horizontalAdvance(line) for line in lines) + 26
            self.setColumnWidth(COLUMN_INDEX[key], max(chip_width(self.font()) + 2, header_fit))
        self.setColumnWidth(COLUMN_INDEX["description"], DESCRIPTION_WIDTH)

    def show_regime(self, regime: str) -> None:
        """Show the verdict columns of 'current', 'draft' or 'compare' (both, and the change)."""
        hidden = HIDDEN_COLUMNS[regime]
        for key in ("current", "draft", "change"):
            self.setColumnHidden(COLUMN_INDEX[key], key in hidden)
