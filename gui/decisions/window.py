"""View ▸ Decisions: the decisions in the store, filtered by kind, exported to CSV or Excel.

The list and the export are the command line's (`decisions list [--status S] [--all] --export OUT`):
the same `list_decisions` and `export_decisions`, so the app and the CLI write the same file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from compliance.decisions.book import DECISIONS, EXPORT_HEADERS, Decision, export_row, list_decisions
from compliance.decisions.commands import export_decisions
from compliance.decisions.store import Store
from compliance.model.errors import ComplianceError
from gui.errors import show_error

EXPORT_FILTER: Final = "Excel workbook (*.xlsx);;CSV (*.csv)"
SHOWN_COLUMNS: Final = ("decided at", "decision", "officer", "rule or listing", "row or reference", "note",
                        "exemption", "valid until", "ledger", "sheet")  # fmt: skip
"""The export's columns the window shows (the export has them all)."""


class DecisionsModel(QAbstractTableModel):
    """Decisions as rows, with a few of the export's columns."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.decisions: list[Decision] = []
        self._rows: list[list[Any]] = []
        self._columns = [EXPORT_HEADERS.index(c) for c in SHOWN_COLUMNS]

    def set_decisions(self, decisions: list[Decision]) -> None:
        """Show these decisions."""
        self.beginResetModel()
        self.decisions = decisions
        self._rows = [export_row(d) for d in decisions]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Decisions (none under a valid parent)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Columns shown."""
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's text (the note also as its tooltip)."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self._rows[index.row()][self._columns[index.column()]]
            return str(value) if value not in (None, "") else ("" if role == Qt.ItemDataRole.DisplayRole else None)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column names as the export writes them."""
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self._columns):
            return SHOWN_COLUMNS[section].capitalize()
        return None


class DecisionsWindow(QDialog):
    """The decisions list: a status filter, replaced decisions on request, and Export."""

    def __init__(self, parent: QWidget | None, store: Callable[[], Store], export_folder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Decisions — Sanctions Desk")
        self.setModal(False)
        self._store = store
        self.export_folder = export_folder
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.status = QComboBox(self)
        self.status.addItem("Every decision", None)
        for decision in DECISIONS:
            self.status.addItem(decision.capitalize(), decision)
        self.status.setAccessibleName("Decision filter")
        label = QLabel("&Show:", self)
        label.setBuddy(self.status)
        self.replaced = QCheckBox("Include &replaced decisions", self)
        self.replaced.setToolTip("Decisions a later one on the same alert replaced (the store and the log keep them)")
        self.count = QLabel(self)
        self.count.setAccessibleName("Decisions shown")
        self.export_button = QPushButton("&Export…", self)
        self.export_button.setToolTip("Save the decisions shown as an Excel workbook or CSV file")
        for widget in (label, self.status, self.replaced):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.count)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.model = DecisionsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Decisions")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(False)  # one line a decision; the note's tooltip has it whole
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.replaced.toggled.connect(lambda _on: self.refresh())
        self.export_button.clicked.connect(self.export)
        self.resize(1100, 520)
        self.refresh()

    def found(self) -> list[Decision]:
        """The decisions the filters ask for, newest first."""
        return list_decisions(self._store(), self.status.currentData(), current_only=not self.replaced.isChecked())

    def refresh(self) -> None:
        """Read the store again (a decision taken in this or another window shows)."""
        try:
            found = self.found()
        except ComplianceError as exc:
            show_error(self, exc)
            return
        self.model.set_decisions(found)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):  # a long note must not push the rest off screen
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 320))
        noun = "decision" if len(found) == 1 else "decisions"
        self.count.setText(f"{len(found):,} {noun}")
        self.export_button.setEnabled(bool(found))

    @classmethod
    def ask_export_path(cls, parent: QWidget | None, folder: str) -> str | None:
        """Where to save the export; None when cancelled (tests monkeypatch this)."""
        path, chosen = QFileDialog.getSaveFileName(
            parent, "Export decisions", str(Path(folder) / "decisions.xlsx"), EXPORT_FILTER
        )
        if path and not Path(path).suffix:
            path += ".csv" if chosen.startswith("CSV") else ".xlsx"
        return path or None

    def export(self) -> str | None:
        """Export the decisions shown; the path written, or None."""
        path = self.ask_export_path(self, self.export_folder or str(Path.home()))
        if not path:
            return None
        try:
            count = export_decisions(self.found(), path)
        except (ComplianceError, OSError) as exc:
            show_error(self, exc)
            return None
        self.export_folder = str(Path(path).parent)
        self.count.setText(f"Written: {Path(path).name} ({count:,} decisions)")
        return path


def grab_decisions(app: QApplication, show_list: Callable[[], DecisionsWindow], window: QWidget, out: str) -> bool:
    """The decisions list as a picture (`main.py --screenshot OUT --picture decisions`), sized to the window."""
    listing = show_list()
    listing.resize(min(1100, window.width()), min(520, window.height()))
    for _ in range(5):
        app.processEvents()
    try:
        return listing.grab().save(out)
    finally:
        listing.close()
