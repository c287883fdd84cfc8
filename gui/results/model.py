"""The results table's model: a ResultStore in ledger order, adapted for a QTableView.

`data()` only reads the row it is asked about (rebuilt from its cells when stored compactly, and
remembered while it is on screen), so a million-row ledger scrolls as smoothly as a 10-row one.
Sorting and filtering touch every row; they live in filter_proxy.py and row_order.py, which keep
this model in ledger order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from compliance.model.fields import EVENT_DATE_FIELDS
from compliance.model.results import RowResult, Verdict
from compliance.model.status import Status
from compliance.normalise.record import cell_text
from gui.decisions.ledger import LedgerDecisions, decision_cell, decision_ranks
from gui.results.cell_display import (
    country_display,
    date_display,
    first_field,
    party_display,
    reason_display,
    score_display,
    vessel_display,
    written_tip,
)
from gui.results.detail import UNVERIFIED_NOTE
from gui.results.regime_words import RegimeWords, header_text
from gui.results.search_text import search_text
from gui.results.store import ResultStore, release_in_background

StatusRole: Final = Qt.ItemDataRole.UserRole + 1
"""The status of a verdict cell (In force / Draft columns) as its string value; None elsewhere."""
ResultRole: Final = Qt.ItemDataRole.UserRole + 2
"""The RowResult behind any cell of the row."""
ChangeRole: Final = Qt.ItemDataRole.UserRole + 3
"""'relaxed' | 'tightened' | 'unchanged' for every cell of the row."""

REGIMES: Final = ("current", "draft", "compare")
CHANGE_TEXT: Final = {"relaxed": "▼ relaxed", "tightened": "▲ tightened", "unchanged": "—"}

AnyIndex = QModelIndex | QPersistentModelIndex
RELEASE_IN_BACKGROUND_FROM: Final = 100_000
"""Rows from which replaced results are freed on a helper thread (a million take 0.3 s to free)."""
_ROLES: Final = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.BackgroundRole,
        StatusRole,
        ResultRole,
        ChangeRole,
    )
)
CHANGED_TINT: Final = QBrush(QColor(242, 183, 5, 56))
"""Rows the alternative would change, tinted in every view (translucent amber: reads on light and dark palettes)."""
CHANGE_TIPS: Final = {
    "relaxed": "▼ {alternative} would relax this row's verdict.",
    "tightened": "▲ {alternative} would tighten this row's verdict.",
}
NO_REGIMES: Final = RegimeWords("Baseline", "Alternative")
"""What the columns are called before any regime is known."""
ORIGIN_FIELDS: Final = ("origin", "worker_nationality")
DESTINATION_FIELDS: Final = ("destination", "place_of_work")


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


def result_stats(results: Sequence[RowResult]) -> dict[str, Any]:
    """Counts per status under the baseline and the alternative, rows changed, relaxed and tightened by
    the alternative, and measure names: one pass."""
    rows: Iterable[RowResult] = results
    current = dict.fromkeys(Status, 0)
    draft = dict.fromkeys(Status, 0)
    counted = isinstance(results, ResultStore)
    if isinstance(results, ResultStore):
        # Rows stored compactly have no finding and no change: only the rows kept whole are read.
        current.update(results.status_counts("current"))
        draft.update(results.status_counts("draft"))
        rows = (r for r in map(results.kept, results.flagged) if r is not None)
    changed = relaxed = 0
    measures: set[str] = set()
    for r in rows:
        before, after = r.baseline, r.alternative
        if not counted:
            current[before.status] += 1
            draft[after.status] += 1
        if before.status != after.status:
            changed += 1
            relaxed += after.status < before.status
        measures.update(h.measure for h in before.hits)
        measures.update(h.measure for h in after.hits)
    return {
        "current": current,
        "draft": draft,
        "changed": changed,
        "relaxed": relaxed,
        "tightened": changed - relaxed,
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
    Column("date", "Date", lambda r: date_display(first_field(r, *EVENT_DATE_FIELDS), r.source.date_order)),
    Column("description", "Description", _description),
    Column("origin", "Origin", lambda r: country_display(first_field(r, *ORIGIN_FIELDS))),
    Column("destination", "Destination", lambda r: country_display(first_field(r, *DESTINATION_FIELDS))),
    Column("hs_code", "HS code", lambda r: _field(r, "hs_code")),
    # The verdict columns' headers are the regimes' labels (ResultsModel.headerData); these stand in for them.
    Column("current", "Baseline", lambda r: str(r.baseline.status)),
    Column("draft", "Alternative", lambda r: str(r.alternative.status)),
    Column("change", "Change", lambda r: CHANGE_TEXT[r.change]),
    Column("decision", "Decision", lambda r: ""),  # read from the decisions store: see ResultsModel.cell
    Column("reason", "Reason", lambda r: reason_display(r, "current")),
    Column("party", "Parties", party_display),
    Column("vessel", "Vessel", vessel_display),
    Column("score", "Name score", score_display),
)
WRITTEN_AS: Final[dict[str, tuple[str, ...]]] = {
    "date": EVENT_DATE_FIELDS,
    "origin": ORIGIN_FIELDS,
    "destination": DESTINATION_FIELDS,
}
"""Columns the table shows in a uniform form: their tooltip gives the cell as written."""
COLUMN_INDEX: Final[dict[str, int]] = {c.key: i for i, c in enumerate(COLUMNS)}
REASON_COLUMN: Final = COLUMN_INDEX["reason"]
VERDICT_COLUMNS: Final = frozenset({COLUMN_INDEX["current"], COLUMN_INDEX["draft"]})
DECISION_COLUMN: Final = COLUMN_INDEX["decision"]

HEADER_TIPS: Final[dict[str, str]] = {
    "where": "Sheet and row number as Excel shows them",
    "description": "Goods description, or contract type and project",
    "origin": "Country of origin (for labour contracts: the workers' nationality)",
    "destination": "Destination (for contracts: the place of work)",
    "current": "Verdict under {baseline}",
    "draft": "Verdict under {alternative}",
    "change": "How {alternative} would change the verdict: ▼ relaxed, ▲ tightened",
    "date": "The row's date in ISO form (year-month-day), whatever the ledger wrote; the tooltip shows the cell",
    "decision": "The officer's decision on the row's alerts, or undecided",
    "reason": "The measure behind the verdict in this view (in Compare: the baseline's, else the alternative's)",
    "party": "Shipper → consignee, or contractor → counterparty",
    "vessel": "Vessel and IMO number",
    "score": "The highest name score against a designation list (empty when no name matched)",
}
MOST_SEVERE_FIRST: Final = frozenset({"current", "draft", "score"})
"""Columns whose first click sorts descending: the most severe verdict, the closest name match first."""


def verdict_of(result: RowResult, regime: str) -> Verdict:
    """The row's verdict under the baseline ('current') or the alternative ('draft')."""
    return result.alternative if regime == "draft" else result.baseline


def _verdict_tip(verdict: Verdict, title: str) -> str:
    lines = [f"{title}: {verdict.status}"]
    unverified = False
    for hit in verdict.hits:
        cite = f" ({hit.citation_text()})" if hit.citation else ""
        lines.append(f"• {hit.status}: {hit.title}{cite}")
        unverified |= hit.citation is not None and bool(hit.citation.paragraph) and not hit.citation.paragraph_verified
    if unverified:
        lines.append(f"“{UNVERIFIED_NOTE}”")
    return "\n".join(lines)


class ResultsModel(QAbstractTableModel):
    """Rows of screening results, one per ledger row, always in ledger order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = ResultStore.of(())
        self._texts: list[str] | None = None
        self._stats: dict[str, Any] = {}
        self.names_note = ""
        """Said on every verdict's tooltip when names were not screened (no designation list)."""
        self.regime = "current"
        """The view on screen: the Reason column gives the measure behind its verdict."""
        self.decisions = LedgerDecisions()
        """The decisions beside the rows' alerts (the Decision column)."""
        self.words = NO_REGIMES
        """The names of the baseline and the alternative regimes of the rows (headers, tooltips)."""

    def set_words(self, words: RegimeWords) -> None:
        """Name the verdict columns after the regimes the rows were screened under."""
        if words != self.words:
            self.words = words
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def set_regime(self, regime: str) -> None:
        """Show the Reason column for 'current', 'draft' or 'compare'."""
        if regime != self.regime:
            self.regime = regime
            column = COLUMN_INDEX["reason"]
            if self.rowCount():
                self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column))

    # --- loading and reading ----------------------------------------------------------------------

    def set_results(
        self,
        results: Sequence[RowResult],
        texts: Sequence[str] | None = None,
        stats: dict[str, Any] | None = None,
    ) -> None:
        """Replace every row (one reset); texts and stats may come precomputed from the worker."""
        store = results if isinstance(results, ResultStore) else ResultStore.of(results)
        old_store, old_texts = self._store, self._texts
        self.beginResetModel()
        self._store = store
        self._texts = list(texts) if texts is not None and not isinstance(texts, list) else texts
        self._stats = dict(stats) if stats is not None else {}
        self.endResetModel()
        if len(old_store) >= RELEASE_IN_BACKGROUND_FROM and old_store is not store:
            release_in_background(old_store, old_texts if old_texts is not self._texts else None)

    @property
    def results(self) -> ResultStore:
        """Every row in ledger order."""
        return self._store

    @property
    def store(self) -> ResultStore:
        """The rows, as the sort and filter code reads them."""
        return self._store

    def result(self, row: int) -> RowResult:
        """The result in a row (ledger order)."""
        return self._store[row]

    def row_of_reference(self, reference: str) -> int | None:
        """The first row with this reference (case-insensitive), or None."""
        wanted = reference.strip().casefold()
        # Each search text starts with the case-folded reference: one string test per row.
        prefix = wanted + "\x1f"
        for i, text in enumerate(self.search_texts()):
            if text.startswith(prefix) or text == wanted:
                return i
        return None

    def search_texts(self) -> list[str]:
        """Per row in ledger order, the text free-text search looks in."""
        if self._texts is None:
            # Normally built on the worker thread; this is the fallback for results set directly.
            self._texts = [search_text(r) for r in self._store]
        return self._texts

    def _stat(self, key: str) -> Any:
        # Counts cover every row whatever the sort, so they are computed once per load.
        if not self._stats:
            self._stats = result_stats(self._store)
        return self._stats[key]

    def measures(self) -> list[str]:
        """Every measure name any row's hits mention, under either regime."""
        return list(self._stat("measures"))

    def counts(self, regime: str) -> dict[Status, int]:
        """Rows per status under the baseline ('current') or the alternative ('draft')."""
        return dict(self._stat(regime))

    def changed_count(self, direction: str = "changed") -> int:
        """Rows whose verdict the alternative would change ('changed'), or only relax or only tighten."""
        return int(self._stat(direction))

    # --- Qt model interface -----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Rows (none under a valid parent: this is a flat table)."""
        return 0 if parent.isValid() else len(self._store)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Columns (none under a valid parent)."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell data; cheap, since views call it for every visible cell on every paint."""
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, col: int, role: int) -> Any:
        """data() for a row and column, without a QModelIndex (the filter proxy calls this)."""
        # A view asks about eight roles per cell per paint; most are none of ours.
        if role not in _ROLES or not (0 <= row < len(self._store) and 0 <= col < len(COLUMNS)):
            return None
        if col == DECISION_COLUMN and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return decision_cell(self.decisions, row, role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.BackgroundRole:
            # Only rows kept whole can be changed by the alternative: the rest need no rebuild to say no.
            kept = self._store.kept(row)
            return CHANGED_TINT if kept is not None and kept.change != "unchanged" else None
        result = self._store[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == REASON_COLUMN:
                return reason_display(result, self.regime)
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
            if key in ("current", "draft"):
                tip = _verdict_tip(verdict_of(result, key), self.words.label(key))
                return f"{tip}\n{self.names_note}" if self.names_note else tip
            text = reason_display(result, self.regime) if col == REASON_COLUMN else COLUMNS[col].getter(result)
            written = WRITTEN_AS.get(key)
            cell_tip = written_tip(first_field(result, *written), text) if written else (text or None)
            change = CHANGE_TIPS.get(result.change, "").format(alternative=self.words.alternative)
            if change:
                return f"{cell_tip}\n{change}" if cell_tip else change
            return cell_tip
        return None

    def header(self, section: int) -> str:
        """A column's header on one line: a verdict column's is its regime's label."""
        key = COLUMNS[section].key
        return self.words.label(key) if key in ("current", "draft") else COLUMNS[section].header

    def decision_ranks(self) -> tuple[tuple[int, int], ...]:
        """(row, rank) for sorting by the Decision column."""
        return decision_ranks(self.decisions)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column headers and their tooltips; row headers are the display position."""
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(COLUMNS):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return header_text(self.header(section))
            if role == Qt.ItemDataRole.ToolTipRole:
                tip = HEADER_TIPS.get(COLUMNS[section].key)
                return tip.format(baseline=self.words.baseline, alternative=self.words.alternative) if tip else None
            if role == Qt.ItemDataRole.InitialSortOrderRole:
                # The first click on a verdict puts the most severe rows on top.
                key = COLUMNS[section].key
                return Qt.SortOrder.DescendingOrder if key in MOST_SEVERE_FIRST else Qt.SortOrder.AscendingOrder
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._store):
            return str(section + 1)
        return None
