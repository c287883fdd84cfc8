"""The results table's model: list[RowResult] adapted for a QTableView (filters: filter_proxy.py).

`data()` only reads attributes of the row it is asked about, so a 100,000-row ledger scrolls as
smoothly as a 10-row one; anything that touches every row (sorting, filtering) runs once per
user action over plain Python lists, not once per paint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from compliance.dates import parse_date
from compliance.record import cell_text
from compliance.results import RowResult, Verdict
from compliance.status import Status

StatusRole: Final = Qt.ItemDataRole.UserRole + 1
"""The status of a verdict cell (In force / Draft columns) as its string value; None elsewhere."""
ResultRole: Final = Qt.ItemDataRole.UserRole + 2
"""The RowResult behind any cell of the row."""
ChangeRole: Final = Qt.ItemDataRole.UserRole + 3
"""'relaxed' | 'tightened' | 'unchanged' for every cell of the row."""

REGIMES: Final = ("current", "draft", "compare")
SEARCH_FIELDS: Final = (
    "shipper", "consignee", "contractor", "counterparty", "description", "project", "contract_type",
)
CHANGE_TEXT: Final = {"relaxed": "▼ relaxed", "tightened": "▲ tightened", "unchanged": "—"}
_CHANGE_RANK: Final = {"relaxed": 0, "tightened": 1, "unchanged": 2}

AnyIndex = QModelIndex | QPersistentModelIndex


def _field(result: RowResult, *names: str) -> str:
    fields = result.source.fields
    for name in names:
        value = fields.get(name)
        if value is not None and value != "":
            return cell_text(value)
    return ""


def _description(result: RowResult) -> str:
    text = _field(result, "description")
    if text:
        return text
    parts = [_field(result, "contract_type"), _field(result, "project")]
    return " · ".join(p for p in parts if p)


def search_text(result: RowResult) -> str:
    """What free-text search looks in: reference, parties, goods and project, lower-cased."""
    fields = result.source.fields
    parts = [result.reference]
    for name in SEARCH_FIELDS:
        value = fields.get(name)
        if value is not None:
            parts.append(value if isinstance(value, str) else cell_text(value))
    return "\x1f".join(parts).casefold()


def result_stats(results: Sequence[RowResult]) -> dict[str, Any]:
    """Counts per status per regime, rows changed by the draft, and measure names: one pass."""
    current = dict.fromkeys(Status, 0)
    draft = dict.fromkeys(Status, 0)
    changed = 0
    measures: set[str] = set()
    for r in results:
        before, after = r.current, r.draft
        current[before.status] += 1
        draft[after.status] += 1
        if before.status != after.status:
            changed += 1
        measures.update(h.measure for h in before.hits)
        measures.update(h.measure for h in after.hits)
    return {
        "current": current,
        "draft": draft,
        "changed": changed,
        "measures": sorted(measures, key=str.casefold),
    }


class Column(NamedTuple):
    """One table column: a stable key, the header the officer sees, and how to read a row."""

    key: str
    header: str
    getter: Callable[[RowResult], str]


COLUMNS: Final[tuple[Column, ...]] = (
    Column("where", "Sheet/row", lambda r: f"{r.source.sheet}!{r.source.row}"),
    Column("reference", "Reference", lambda r: r.reference),
    Column("date", "Date", lambda r: _field(r, "date", "contract_date", "start_date")),
    Column("description", "Description", _description),
    Column("origin", "Origin", lambda r: _field(r, "origin", "worker_nationality")),
    Column("destination", "Destination", lambda r: _field(r, "destination", "place_of_work")),
    Column("hs_code", "HS code", lambda r: _field(r, "hs_code")),
    Column("current", "In force", lambda r: str(r.current.status)),
    Column("draft", "Draft", lambda r: str(r.draft.status)),
    Column("change", "Change", lambda r: CHANGE_TEXT[r.change]),
)
COLUMN_INDEX: Final[dict[str, int]] = {c.key: i for i, c in enumerate(COLUMNS)}
VERDICT_COLUMNS: Final = frozenset({COLUMN_INDEX["current"], COLUMN_INDEX["draft"]})

HEADER_TIPS: Final[dict[str, str]] = {
    "where": "Sheet and row number as Excel shows them",
    "description": "Goods description, or contract type and project",
    "origin": "Country of origin (for labour contracts: the workers' nationality)",
    "destination": "Destination (for contracts: the place of work)",
    "current": "Verdict under the UN Security Council measures in force",
    "draft": "Verdict under the December 2019 China-Russia draft (never adopted)",
    "change": "How the draft would change the verdict",
}


def _date_key(result: RowResult) -> tuple[int, Any]:
    for name in ("date", "contract_date", "start_date"):
        raw = result.source.fields.get(name)
        if raw is not None:
            day = parse_date(raw).value
            return (0, day.toordinal()) if day else (1, cell_text(raw).casefold())
    return (2, "")


SORT_KEYS: Final[dict[str, Callable[[RowResult], Any]]] = {
    "date": _date_key,
    "current": lambda r: r.current.status.rank,
    "draft": lambda r: r.draft.status.rank,
    "change": lambda r: _CHANGE_RANK[r.change],
}


def verdict_of(result: RowResult, regime: str) -> Verdict:
    """The row's verdict under 'current' or 'draft'."""
    return result.draft if regime == "draft" else result.current


def _verdict_tip(verdict: Verdict, title: str) -> str:
    lines = [f"{title}: {verdict.status}"]
    for hit in verdict.hits:
        cite = f" ({hit.citation_text()})" if hit.citation else ""
        lines.append(f"• {hit.status}: {hit.title}{cite}")
    return "\n".join(lines)


class ResultsModel(QAbstractTableModel):
    """Rows of screening results, one per ledger row, in the ledger's order until sorted."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._loaded: list[RowResult] = []
        self._rows: list[RowResult] = []
        self._loaded_texts: list[str] | None = None
        self._texts: list[str] | None = None
        self._order: list[int] = []
        self._stats: dict[str, Any] = {}
        self.version = 0
        """Bumped whenever row numbers change meaning (load, sort), so filter caches know."""

    # --- loading and reading ----------------------------------------------------------------------

    def set_results(
        self,
        results: Sequence[RowResult],
        texts: Sequence[str] | None = None,
        stats: dict[str, Any] | None = None,
    ) -> None:
        """Replace every row (one reset); texts and stats may come precomputed from the worker."""
        self.beginResetModel()
        self._loaded = list(results)
        self._rows = list(self._loaded)
        self._order = list(range(len(self._loaded)))
        self._loaded_texts = list(texts) if texts is not None else None
        self._texts = self._loaded_texts
        self._stats = dict(stats) if stats is not None else {}
        self.version += 1
        self.endResetModel()

    @property
    def results(self) -> list[RowResult]:
        """The rows in display order."""
        return self._rows

    def result(self, row: int) -> RowResult:
        """The result shown in a row."""
        return self._rows[row]

    def row_of_reference(self, reference: str) -> int | None:
        """The first row with this reference (case-insensitive), or None."""
        wanted = reference.strip().casefold()
        for i, result in enumerate(self._rows):
            if result.reference.casefold() == wanted:
                return i
        return None

    def search_texts(self) -> list[str]:
        """Per row in display order, the text free-text search looks in."""
        if self._loaded_texts is None:
            # Normally built on the worker thread; this is the fallback for results set directly.
            self._loaded_texts = [search_text(r) for r in self._loaded]
        if self._texts is None:
            self._texts = [self._loaded_texts[i] for i in self._order]
        return self._texts

    def _stat(self, key: str) -> Any:
        # Counts cover every row whatever the sort, so they are computed once per load.
        if not self._stats:
            self._stats = result_stats(self._loaded)
        return self._stats[key]

    def measures(self) -> list[str]:
        """Every measure name any row's hits mention, under either regime."""
        return list(self._stat("measures"))

    def counts(self, regime: str) -> dict[Status, int]:
        """Rows per status under 'current' or 'draft'."""
        return dict(self._stat(regime))

    def changed_count(self) -> int:
        """Rows whose verdict the draft would change."""
        return int(self._stat("changed"))

    # --- Qt model interface -----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Rows (none under a valid parent: this is a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Columns (none under a valid parent)."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell data; cheap, since views call it for every visible cell on every paint."""
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= col < len(COLUMNS)):
            return None
        result = self._rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[col].getter(result)
        if role == StatusRole:
            if col in VERDICT_COLUMNS:
                return str(verdict_of(result, COLUMNS[col].key).status)
            return None
        if role == ResultRole:
            return result
        if role == ChangeRole:
            return result.change
        if role == Qt.ItemDataRole.ToolTipRole:
            key = COLUMNS[col].key
            if key == "current":
                return _verdict_tip(result.current, "Measures in force")
            if key == "draft":
                return _verdict_tip(result.draft, "Draft (never adopted)")
            text = COLUMNS[col].getter(result)
            return text or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column headers and their tooltips; row headers are the display position."""
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(COLUMNS):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section].header
            if role == Qt.ItemDataRole.ToolTipRole:
                return HEADER_TIPS.get(COLUMNS[section].key)
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by precomputed keys with Python's sort (fast at 100,000 rows; no pair callbacks)."""
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column].key
        positions = range(len(self._loaded))
        if key == "where":
            order_ = list(positions)
        else:
            keyfunc = SORT_KEYS.get(key)
            getter = COLUMNS[column].getter
            keys = [keyfunc(r) if keyfunc else getter(r).casefold() for r in self._loaded]
            order_ = sorted(positions, key=keys.__getitem__)  # stable: ties keep ledger order
        if order == Qt.SortOrder.DescendingOrder:
            order_.reverse()
        self.layoutAboutToBeChanged.emit()
        previous = self._rows
        self._order = order_
        self._rows = [self._loaded[i] for i in order_]
        new_row = {id(r): i for i, r in enumerate(self._rows)}
        self._texts = None
        self.version += 1
        # Keep the selection and current row on the same ledger rows.
        old = self.persistentIndexList()
        new = [
            self.index(new_row[id(previous[p.row()])], p.column()) if p.isValid() else QModelIndex()
            for p in old
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
