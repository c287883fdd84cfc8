"""The designation dialog's table: one row per list file, with what was read from it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from compliance.designations import DesignationList
from gui.lists.party_lists import SHA_PREFIX

KIND_LABELS: Final = {"un-consolidated-xml": "Consolidated list (XML)", "un-1718-vessels-csv": "Vessel list (CSV)"}
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Entry:
    """A row of the dialog: a list file, and what was read from it (None while not yet read)."""

    path: str
    designations: DesignationList | None = None


def _text(entry: Entry, key: str) -> str:
    d = entry.designations
    if key == "file":
        return entry.path
    if d is None:
        return "not read yet" if key == "name" else ""
    values: dict[str, Callable[[DesignationList], str]] = {
        "name": lambda x: x.name,
        "kind": lambda x: KIND_LABELS.get(x.kind, x.kind),
        "generated": lambda x: x.generated.isoformat() if x.generated else "undated",
        "entries": lambda x: f"{len(x.listings):,}",
        "sha256": lambda x: x.sha256[:SHA_PREFIX] + "…",
    }
    return values[key](d)


COLUMNS: Final = (
    ("name", "List"),
    ("kind", "Kind"),
    ("generated", "Generated"),
    ("entries", "DPRK entries"),
    ("sha256", "SHA-256"),
    ("file", "File"),
)
WIDTH_SAMPLES: Final = {  # columns sized for typical content, so an empty table is laid out the same
    "name": "UN Security Council Consolidated List (DPRK entries)",
    "kind": "Consolidated list (XML)",
    "generated": "2017-07-03",
    "entries": "DPRK entries",
    "sha256": "4ea9d976981d…",
}


class ListsModel(QAbstractTableModel):
    """The chosen lists, one per row."""

    def __init__(self, entries: Sequence[Entry] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries = list(entries)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Lists (none under a valid parent: a flat table)."""
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Columns (none under a valid parent)."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; the full path and hash as tooltips."""
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(entry, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "sha256" and entry.designations is not None:
                return entry.designations.sha256
            return entry.path
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "entries":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section][1]
        return None

    def put(self, designations: DesignationList) -> None:
        """Add a list, or refresh the row of the same file."""
        for row, entry in enumerate(self.entries):
            if entry.path == designations.path:
                self.entries[row] = Entry(designations.path, designations)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return
        self.beginInsertRows(QModelIndex(), len(self.entries), len(self.entries))
        self.entries.append(Entry(designations.path, designations))
        self.endInsertRows()

    def remove(self, row: int) -> None:
        """Take a list off."""
        if 0 <= row < len(self.entries):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.entries[row]
            self.endRemoveRows()
