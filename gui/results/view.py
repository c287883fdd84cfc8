"""The results table view: chips for verdicts, fixed row heights, columns per regime view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from PySide6.QtCore import QAbstractItemModel, QAbstractProxyModel, QPoint, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView, QWidget

from gui.results.delegates import VerdictDelegate, chip_width
from gui.results.model import COLUMN_INDEX, COLUMNS

COLUMN_SAMPLES: Final = {
    "where": "Shipments!999",
    "reference": "ETC1806052",
    "date": "2018-06-20",
    "origin": "North Korea (DPRK)",
    "destination": "Dandong, China",
    "hs_code": "030743",
    "change": "▲ tightened",
    "reason": "Lifted: Seafood from the DPRK",
    "party": "Korea Nampo Trading → Dandong Co",
    "vessel": "Liaodong Carrier (IMO 9144000)",
    "score": "100",
    "decision": "cleared by A. Officer on 2026-12-05",
}
"""Typical values each fixed-width column must show in full."""
VISUAL_ORDER: Final = ("where", "reference", "current", "draft", "change", "decision", "reason", "description", "date",
                       "origin", "destination", "hs_code", "party", "vessel", "score")  # fmt: skip
"""The columns left to right on screen (the model keeps its own order)."""
DESCRIPTION_WIDTH: Final = 240
ALWAYS_SHOWN: Final = frozenset({"where", "reference", "current", "draft", "change"})
"""Columns the chooser does not offer: the row's place and its verdicts are always on screen."""
WIDTH_RANGE: Final = (24, 900)
"""Remembered widths outside this are ignored (a settings file edited by hand, a column squeezed to nothing)."""
HIDDEN_COLUMNS: Final = {
    "current": ("draft", "change"),
    "draft": ("current", "change"),
    "compare": (),
}


class ResultsTable(QTableView):
    """A QTableView set up for a million rows: no per-row widgets, no measuring rows."""

    columns_changed = Signal()
    """The officer showed or hid a column (the window remembers the table's columns)."""

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chosen_hidden: set[str] = set()
        """Columns the officer hid with the column chooser."""
        self.regime = "current"
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
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_column_menu)
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
            fit = max(cell.horizontalAdvance(sample) + 14, head.horizontalAdvance(COLUMNS[column].header) + 26)
            self.setColumnWidth(column, fit)
        self.fit_verdict_columns()
        self.setColumnWidth(COLUMN_INDEX["description"], DESCRIPTION_WIDTH)

    def fit_verdict_columns(self) -> None:
        """Size the verdict columns to their regimes' labels, read whole (a regime's status is never cut)."""
        head = self.horizontalHeader().fontMetrics()
        for key in ("current", "draft"):
            lines = str(self.model().headerData(COLUMN_INDEX[key], Qt.Orientation.Horizontal)).splitlines()
            header_fit = max((head.horizontalAdvance(line) for line in lines), default=0) + 26
            self.setColumnWidth(COLUMN_INDEX[key], max(chip_width(self.font()) + 2, header_fit))

    def show_regime(self, regime: str) -> None:
        """Show the verdict columns of 'current', 'draft' or 'compare' (both, and the change)."""
        self.regime = regime
        self._apply_hidden()

    def _apply_hidden(self) -> None:
        hidden = set(HIDDEN_COLUMNS[self.regime]) | self.chosen_hidden
        for column in COLUMNS:
            self.setColumnHidden(COLUMN_INDEX[column.key], column.key in hidden)

    # --- the column chooser, and remembering the columns -------------------------------------------

    def column_menu(self, menu: QMenu | None = None) -> QMenu:
        """A menu of checkable columns to show or hide (the header's context menu, View ▸ Columns)."""
        menu = menu if menu is not None else QMenu(self)
        menu.clear()
        header = self.horizontalHeader()
        for visual in range(header.count()):
            column = COLUMNS[header.logicalIndex(visual)]
            if column.key in ALWAYS_SHOWN:
                continue
            action = menu.addAction(column.header)
            action.setCheckable(True)
            action.setChecked(column.key not in self.chosen_hidden)
            action.toggled.connect(lambda on, key=column.key: self.set_column_shown(key, on))
        menu.addSeparator()
        menu.addAction("Reset columns").triggered.connect(self.reset_columns)
        return menu

    def _show_column_menu(self, pos: QPoint) -> None:
        menu = self.column_menu()
        menu.exec(self.horizontalHeader().mapToGlobal(pos))
        menu.deleteLater()

    def set_column_shown(self, key: str, shown: bool) -> None:
        """Show or hide a column the chooser offers."""
        if key in ALWAYS_SHOWN:
            return
        (self.chosen_hidden.discard if shown else self.chosen_hidden.add)(key)
        self._apply_hidden()  # a column shown again comes back at the width it had
        self.columns_changed.emit()

    def reset_columns(self) -> None:
        """Every column shown, in the standard order and widths."""
        header = self.horizontalHeader()
        for at, key in enumerate(VISUAL_ORDER):
            header.moveSection(header.visualIndex(COLUMN_INDEX[key]), at)
        self.chosen_hidden.clear()
        self._apply_hidden()
        self.fit_columns()
        self.columns_changed.emit()

    def column_state(self) -> dict[str, object]:
        """Order, hidden columns and widths by column key, to remember between sessions."""
        header = self.horizontalHeader()
        order = [COLUMNS[header.logicalIndex(v)].key for v in range(header.count())]
        widths = {c.key: header.sectionSize(i) for i, c in enumerate(COLUMNS) if header.sectionSize(i) > 0}
        return {"order": order, "hidden": sorted(self.chosen_hidden), "widths": widths}

    def restore_column_state(self, state: Mapping[str, object]) -> None:
        """Put back what column_state() gave; unknown keys and odd widths are ignored."""
        header = self.horizontalHeader()
        order = state.get("order")
        if isinstance(order, list):
            known = [k for k in order if isinstance(k, str) and k in COLUMN_INDEX]
            for at, key in enumerate(dict.fromkeys(known)):
                header.moveSection(header.visualIndex(COLUMN_INDEX[key]), at)
        widths = state.get("widths")
        if isinstance(widths, dict):
            low, high = WIDTH_RANGE
            for key, width in widths.items():
                if key in COLUMN_INDEX and isinstance(width, int) and low <= width <= high:
                    self.setColumnWidth(COLUMN_INDEX[key], width)
        hidden = state.get("hidden")
        if isinstance(hidden, list):
            self.chosen_hidden = {k for k in hidden if isinstance(k, str) and k in COLUMN_INDEX} - ALWAYS_SHOWN
        self._apply_hidden()
