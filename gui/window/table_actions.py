"""What an officer does with the table's rows: copy them, step between flagged rows.

Plain functions over the view and its models, so the menus, the context menu and the tests share them.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu, QTableView, QWidget

from compliance.model.results import RowResult
from compliance.model.status import Status
from gui.results.filter_proxy import ResultsFilterProxy
from gui.results.model import ResultsModel, verdict_of

COPY_LIMIT: Final = 100_000
"""Rows one copy takes at most (a million rows of text would stall the window and the clipboard)."""


def _visible_columns(table: QTableView) -> list[int]:
    header = table.horizontalHeader()
    logical = (header.logicalIndex(v) for v in range(header.count()))
    return [c for c in logical if not table.isColumnHidden(c)]


def _clean(text: object) -> str:
    # A tab or line break inside a cell would split it across columns or rows when pasted.
    return " ".join(str(text or "").split())


def selected_rows(table: QTableView) -> list[int]:
    """Rows selected on screen, top to bottom (the current row when nothing is selected)."""
    model = table.selectionModel()
    rows = sorted({i.row() for i in model.selectedRows()}) if model is not None else []
    if not rows and table.currentIndex().isValid():
        rows = [table.currentIndex().row()]
    return rows


def rows_as_text(table: QTableView, rows: list[int]) -> str:
    """The rows as tab-separated text with the visible columns' headers first, as on screen."""
    model = table.model()
    columns = _visible_columns(table)
    header = [_clean(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns]
    lines = ["\t".join(header)]
    for row in rows[:COPY_LIMIT]:
        lines.append("\t".join(_clean(model.index(row, c).data()) for c in columns))
    return "\n".join(lines) + "\n"


def is_flagged(result: RowResult, regime: str) -> bool:
    """True when the row needs the officer's attention in this view (not permitted, or changed by the alternative)."""
    if regime == "compare":
        return result.change != "unchanged" or max(result.baseline.status, result.alternative.status) > Status.PERMITTED
    return verdict_of(result, regime).status > Status.PERMITTED


def next_flagged(proxy: ResultsFilterProxy, model: ResultsModel, after: int, regime: str, step: int) -> int | None:
    """The next (step 1) or previous (step -1) row on screen after row `after` that is flagged, or None.

    Only rows kept whole can be flagged (the store keeps plain rows compactly), so only those are read.
    """
    candidates: list[int] = []
    for source in model.store.flagged:
        result = model.store.kept(source)
        if result is None or not is_flagged(result, regime):
            continue
        at = proxy.mapFromSource(model.index(source, 0))
        if at.isValid():
            candidates.append(at.row())
    ahead = [r for r in candidates if (r - after) * step > 0]
    if not ahead:
        return None
    return min(ahead) if step > 0 else max(ahead)


def go_to_row(table: QTableView, row: int) -> None:
    """Make a row on screen the current, selected and visible one."""
    index: QModelIndex = table.model().index(row, 0)
    table.setCurrentIndex(index)
    table.selectRow(row)
    table.scrollTo(index, QTableView.ScrollHint.PositionAtCenter)


def copy_selected(table: QTableView) -> str:
    """Copy the selected rows to the clipboard as text (headers first); what was copied, '' when nothing."""
    rows = selected_rows(table)
    if not rows:
        return ""
    QGuiApplication.clipboard().setText(rows_as_text(table, rows))
    noun = "row" if len(rows) == 1 else "rows"
    return f"Copied {len(rows):,} {noun} with their headers."


def step_to_flagged(table: QTableView, proxy: ResultsFilterProxy, model: ResultsModel, regime: str, step: int) -> bool:
    """Go to the next (step 1) or previous (step -1) flagged row on screen; False when there is none."""
    current = table.currentIndex()
    after = current.row() if current.isValid() else (-1 if step > 0 else proxy.rowCount())
    row = next_flagged(proxy, model, after, regime, step)
    if row is None:
        return False
    go_to_row(table, row)
    return True


def table_menu(table: QTableView, actions: dict[str, QAction], detail: QWidget, *, has_detail: bool) -> QMenu:
    """The table's context menu: copy, open the detail, step to flagged rows."""
    menu = QMenu(table)
    menu.addAction(actions["copy"])
    details = menu.addAction("Open &detail")
    details.triggered.connect(detail.setFocus)
    details.setEnabled(has_detail)
    menu.addSeparator()
    menu.addAction(actions["next_flagged"])
    menu.addAction(actions["previous_flagged"])
    return menu


def current_result(table: QTableView, proxy: ResultsFilterProxy, model: ResultsModel) -> RowResult | None:
    """The result of the table's current row, if there is one."""
    index = table.currentIndex()
    return model.result(proxy.mapToSource(index).row()) if index.isValid() else None
