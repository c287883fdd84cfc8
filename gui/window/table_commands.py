"""The window's commands on the table's rows: copy them, step to flagged rows, the context menu, find by reference.

A mixin of MainWindow: what it uses of the window is declared below, so the type checker holds it to that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from gui.window import table_actions

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QStatusBar

    from gui.results.filter_proxy import ResultsFilterProxy
    from gui.results.model import ResultsModel
    from gui.window.decisions_desk import DecisionDesk
    from gui.window.detail_pane import DetailPane
    from gui.window.layout import Ui
    from gui.workers import Screening


class TableCommands:
    """Copy rows, F8 to the next flagged row, the context menu, select a reference, clear the filters."""

    screening: Screening | None
    ui: Ui
    proxy: ResultsFilterProxy
    model: ResultsModel
    detail_pane: DetailPane
    decision_desk: DecisionDesk
    actions_: dict[str, QAction]
    _select_row: int | None

    if TYPE_CHECKING:

        def statusBar(self) -> QStatusBar: ...

    def copy_rows(self) -> None:
        """Edit > Copy rows: the selected rows as tab-separated text, with the headers on screen."""
        said = table_actions.copy_selected(self.ui.table)
        if said:
            self.statusBar().showMessage(said, 5_000)

    def go_to_flagged(self, step: int) -> None:
        """F8 / Shift+F8: the next or previous row that is not permitted in this view (or changed, in Compare)."""
        if self.screening is None or self.proxy.busy:
            return
        if not table_actions.step_to_flagged(self.ui.table, self.proxy, self.model, self.ui.toggle.regime, step):
            self.statusBar().showMessage("No further flagged row in this view.", 5_000)

    def show_table_menu(self, pos: QPoint) -> None:
        """The table's context menu: copy, open the detail, step to flagged rows."""
        menu = self.table_menu()
        menu.exec(self.ui.table.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def table_menu(self) -> QMenu:
        """The context menu's actions (a decision section may be added here)."""
        has_detail = self.detail_pane.row is not None
        menu = table_actions.table_menu(self.ui.table, self.actions_, self.ui.detail, has_detail=has_detail)
        self.decision_desk.add_menu_section(menu)
        return menu

    def select_reference(self, reference: str) -> bool:
        """Select the first row with this reference (clearing filters that hide it)."""
        row = self.model.row_of_reference(reference)
        if row is None:
            return False
        if not self.proxy.mapFromSource(self.model.index(row, 0)).isValid():
            self.clear_filters()
        if self.proxy.busy:
            self._select_row = row  # selected once the rows being worked out are on screen
        else:
            self.ui.table.select_source_row(self.proxy, row)
        return True

    def clear_filters(self) -> None:
        """Show every row."""
        self.decision_desk.reset()
        self.ui.filters.reset()
