"""The rows on screen: the results model sorted and filtered, from a precomputed list of rows.

Qt's QSortFilterProxyModel asks Python once per row (`filterAcceptsRow`, `lessThan`), which at a
million rows freezes the window for seconds. This proxy instead holds `shown`, the ledger positions
of the rows on screen in order, and maps rows by looking them up. The list is worked out by
row_order.py: inline for small ledgers, as a task of the app's runner above BACKGROUND_FROM_ROWS,
while the table keeps showing the previous rows and the window says it is busy. A request
supersedes any still running (the old one stops at its next checkpoint and its answer is dropped),
and the new rows arrive in one layoutChanged that keeps the selection on the same ledger rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, Qt, Signal

from compliance.model.status import Status
from gui.results.model import COLUMNS, REGIMES, AnyIndex, ResultsModel
from gui.results.row_order import (
    FilterSpec,
    SortSpec,
    accepted,
    no_checkpoint,
    positions,
    shown_rows,
    sort_order,
)
from gui.results.store import ResultStore
from gui.tasks import TaskRunner, TaskState

BACKGROUND_FROM_ROWS: Final = 50_000
"""Ledgers from this size sort and filter on a pool thread (below it, inline takes under 0.2 s)."""
FILTERS: Final = ("regime", "status", "measure", "changed_only", "change", "text", "rows")
CHANGES: Final = (None, "relaxed", "tightened")


@dataclass(frozen=True, slots=True)
class Answer:
    """What a request works out: the sort order, the rows that pass, and the rows on screen."""

    sort: SortSpec
    order: Sequence[int]
    rows_key: tuple[Any, ...]
    mask: bytearray | None
    shown: Sequence[int]
    inverse: Sequence[int]


def work_out(
    store: ResultStore,
    texts: Sequence[str],
    sort: SortSpec,
    filters: FilterSpec,
    known: Answer | None,
    checkpoint: Any = no_checkpoint,
) -> Answer:
    """The rows on screen for a sort and filters, reusing the order or the rows of `known` if they still hold."""
    reuse = known is not None and known.sort == sort
    order = known.order if known is not None and reuse else sort_order(store, sort, checkpoint)
    rows_key = filters.rows_key()
    reuse = known is not None and known.rows_key == rows_key
    mask = known.mask if known is not None and reuse else accepted(store, texts, filters, checkpoint)
    checkpoint()
    shown = shown_rows(order, mask, checkpoint)
    return Answer(sort, order, rows_key, mask, shown, positions(shown, len(store), checkpoint))


class ResultsFilterProxy(QAbstractProxyModel):
    """The results sorted by any column and filtered by status, measure, the alternative's change and text."""

    busy_changed = Signal(str)
    """'Sorting 1,000,000 rows…' while a background request runs, '' once its rows are on screen."""
    failed = Signal(object)
    """A background request failed (the exception); the rows on screen stay."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._model: ResultsModel | None = None
        self._filters = FilterSpec()
        self._sort = SortSpec()
        self._answer: Answer | None = None
        self._shown: Sequence[int] = range(0)
        self._inverse: Sequence[int] = range(0)
        self.busy_text = ""
        self.background_from_rows = BACKGROUND_FROM_ROWS
        self.runner = TaskRunner(self)
        """One request at a time: a newer one supersedes it, and a superseded one stops within ms."""

    # --- what the officer asks for ----------------------------------------------------------------

    def setSourceModel(self, model: Any) -> None:
        """Sort and filter a ResultsModel."""
        if not isinstance(model, ResultsModel):
            raise TypeError("ResultsFilterProxy filters a ResultsModel")
        self._supersede()
        self.beginResetModel()
        self._model = model
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self._source_about_to_reset)
        model.modelReset.connect(self._source_reset)
        self._source_reset()

    @property
    def regime(self) -> str:
        """The view the status and measure filters apply to: 'current', 'draft' or 'compare'."""
        return self._filters.regime

    @property
    def status(self) -> Status | None:
        """The status filter."""
        return self._filters.status

    @property
    def measure(self) -> str | None:
        """The measure filter."""
        return self._filters.measure

    @property
    def changed_only(self) -> bool:
        """Whether only rows the alternative would change are shown."""
        return self._filters.changed_only

    @property
    def change(self) -> str | None:
        """With changed_only: 'relaxed' or 'tightened' rows only, or None for either."""
        return self._filters.change

    @property
    def text(self) -> str:
        """The search text, stripped and case-folded."""
        return self._filters.text

    @property
    def active(self) -> bool:
        """True when any filter narrows the rows."""
        return self._filters.active

    def shown_rows(self) -> Sequence[int]:
        """The ledger positions of the rows on screen, in screen order."""
        return self._shown

    def describe(self) -> list[str]:
        """The filters in force, in the officer's words: ['status review (measures in force)', 'search “coal”']."""
        f = self._filters
        words = self._source().words if self._model is not None else None
        view = "either regime" if f.regime == "compare" or words is None else words.short(f.regime)
        said = []
        if f.status is not None:
            said.append(f"status {f.status} ({view})")
        if f.measure is not None:
            said.append(f"measure {f.measure} ({view})")
        if f.changed_only:
            alternative = words.alternative if words is not None else "the alternative"
            how = f"{f.change} by" if f.change else "changed by"
            said.append(f"{how} {alternative} only")
        if f.text:
            said.append(f"search “{f.text}”")
        return said

    @property
    def busy(self) -> bool:
        """True while a background request is being worked out."""
        return self.runner.busy

    def set_filters(self, **changes: Any) -> None:
        """Change any of regime, status, measure, changed_only, change, text, and re-filter once."""
        for name, value in changes.items():
            if name not in FILTERS:
                raise TypeError(f"unknown filter '{name}'")
            if name == "regime" and value not in REGIMES:
                raise ValueError(f"unknown regime '{value}'")
            if name == "change" and value not in CHANGES:
                raise ValueError(f"unknown change '{value}'")
        new = {k: (v.strip().casefold() if k == "text" else v) for k, v in changes.items()}
        filters = replace(self._filters, **new)
        if filters == self._filters:
            return
        self._filters = filters
        if self._sort.column == "reason" and self._sort.regime != filters.regime:
            self._sort = replace(self._sort, regime=filters.regime)  # the Reason column reads the view
        self._refresh("Filtering")

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (ties keep ledger order), in the background for large ledgers."""
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column].key
        regime = self._filters.regime if key == "reason" else "current"
        spec = SortSpec(key, order == Qt.SortOrder.DescendingOrder, regime)
        if spec.column == "decision":
            spec = replace(spec, ranks=self._source().decision_ranks())
        if spec != self._sort:
            self._sort = spec
            self._refresh("Sorting")

    # --- working out the rows -----------------------------------------------------------------------

    def _source(self) -> ResultsModel:
        if self._model is None:
            raise RuntimeError("no source model")
        return self._model

    def _work(self, known: Answer | None) -> dict[str, Any]:
        model = self._source()
        texts = model.search_texts() if self._filters.text else ()
        return {"store": model.store, "texts": texts, "sort": self._sort, "filters": self._filters, "known": known}

    def _refresh(self, verb: str) -> None:
        """Work out the rows for the current sort and filters, unless the rows on screen already fit."""
        known = self._answer
        if known is not None and known.sort == self._sort and known.rows_key == self._filters.rows_key():
            self._supersede()  # an older request is still running: what is on screen is what is wanted
            return
        self._start(verb, known)

    def _start(self, verb: str, known: Answer | None) -> None:
        self._supersede()
        rows = len(self._source().store)
        if rows < self.background_from_rows:
            self._apply(work_out(**self._work(known)))
            return
        work = self._work(known)

        def body(state: TaskState) -> Answer:
            return work_out(**work, checkpoint=state.check)

        label = f"{verb} {rows:,} rows…"
        self.runner.start(label, body, self._on_done, self._on_failed)
        self._set_busy(label)

    def _supersede(self) -> None:
        # An answer already on its way from the old request is dropped on arrival.
        if self.runner.cancel():
            self._set_busy("")

    def _set_busy(self, text: str) -> None:
        if text != self.busy_text:
            self.busy_text = text
            self.busy_changed.emit(text)

    def _on_done(self, answer: Answer) -> None:
        self._apply(answer)
        self._set_busy("")

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy("")
        self.failed.emit(exc)

    def cancel(self) -> None:
        """Stop any background request; the rows on screen stay."""
        self._supersede()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for any background request to finish (tests, closing the window)."""
        return self.runner.wait(msecs)

    def _apply(self, answer: Answer) -> None:
        """Put the answer's rows on screen in one layout change, keeping selected rows selected."""
        self.layoutAboutToBeChanged.emit()
        old_shown = self._shown
        old = self.persistentIndexList()
        new = []
        for p in old:
            row = p.row()
            source = old_shown[row] if p.isValid() and 0 <= row < len(old_shown) else -1
            at = answer.inverse[source] if 0 <= source < len(answer.inverse) else -1
            new.append(self.index(at, p.column()) if at >= 0 else QModelIndex())
        self._answer = answer
        self._shown, self._inverse = answer.shown, answer.inverse
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _source_about_to_reset(self) -> None:
        self._supersede()
        self.beginResetModel()

    def _source_reset(self) -> None:
        """The model holds new rows: show them at once in ledger order, else once worked out."""
        rows = len(self._source().store)
        self._answer = None
        self._shown = self._inverse = range(0)
        if self._sort == SortSpec() and not self._filters.active:
            # Ledger order, every row: nothing to work out, and nothing kept per row.
            self._answer = Answer(self._sort, range(rows), (), None, range(rows), range(rows))
            self._shown = self._inverse = range(rows)
        self.endResetModel()
        if self._answer is None:
            self._start("Sorting" if self._sort != SortSpec() else "Filtering", None)

    # --- QAbstractProxyModel ------------------------------------------------------------------------

    def mapToSource(self, proxy: AnyIndex) -> QModelIndex:
        """The model index behind a row on screen."""
        if not proxy.isValid() or not 0 <= proxy.row() < len(self._shown) or self._model is None:
            return QModelIndex()
        return self._model.index(self._shown[proxy.row()], proxy.column())

    def mapFromSource(self, source: AnyIndex) -> QModelIndex:
        """Where a model row is on screen (invalid when filtered out)."""
        if not source.isValid() or not 0 <= source.row() < len(self._inverse):
            return QModelIndex()
        row = self._inverse[source.row()]
        return self.index(row, source.column()) if row >= 0 else QModelIndex()

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """An index on screen (a flat table: nothing under a valid parent)."""
        if parent.isValid() or not (0 <= row < len(self._shown) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """Every row is top level."""
        return QModelIndex()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Rows on screen."""
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Columns (none under a valid parent)."""
        return 0 if parent.isValid() else len(COLUMNS)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        """Only the root has rows."""
        return not parent.isValid() and len(self._shown) > 0

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The model's data for the row on screen."""
        if not index.isValid() or self._model is None or not 0 <= index.row() < len(self._shown):
            return None
        return self._model.cell(self._shown[index.row()], index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column headers from the model; row headers are the position on screen."""
        if orientation == Qt.Orientation.Horizontal:
            return self._source().headerData(section, orientation, role)
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._shown):
            return str(section + 1)
        return None

    def source_row(self, row: int) -> int:
        """The ledger position of a row on screen."""
        return self._shown[row]
