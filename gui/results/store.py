"""Screening results kept compactly, so a million rows fit in the window's memory.

Most rows of a real ledger are permitted under both regimes with no finding. For those the store
keeps only the row's cells (its SourceRow's `cells`, with repeated values shared) and rebuilds the
fields dict and the RowResult when someone asks for that row; a rebuilt row equals the one the
engine produced (checked as each row is stored: a row that would not rebuild exactly is kept
whole). Rows with findings, notes, a record of measures ruled out (a DPRK-tied row), unread cells or a
verdict the alternative changes are kept whole.

`ResultStore` is a read-only Sequence[RowResult] in ledger order, so the report and the Excel export
read it like the list they used to; the table reads single fields through `field()` and the
per-row status ranks, without building RowResults.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Final, overload

from PySide6.QtCore import QTimer

from compliance.model.results import PERMITTED, RowResult
from compliance.model.source_row import SheetInfo, SourceRow, mapped_fields
from compliance.model.status import Status
from compliance.normalise.record import cell_text
from gui.tasks import TaskState, run_task

KINDS: Final = ("shipment", "contract")
_SHARE_LIMIT: Final = 300_000
"""Distinct cell values remembered for sharing between rows (a country name is stored once, not a
million times); past it the memory is cleared, since unique references and amounts fill it."""
RELEASE_SLICE: Final = 16_384
"""Rows freed at a time when a store is let go of in the background (a few milliseconds each)."""
RELEASE_RETRY_MSECS: Final = 250
"""How often a store still being read is looked at again before it is freed."""
_RECENT_ROWS: Final = 1_024
"""Rebuilt rows remembered: a screenful asked for by every paint, with room to scroll."""


@dataclass(frozen=True, slots=True)
class SheetShape:
    """What rows of one sheet have in common: where they come from and which cell holds each field."""

    input: str
    sheet: str
    kind_hint: str | None
    date_order: str | None
    columns: tuple[tuple[str, int], ...]
    """Field -> 0-based position in the row's cells, in the order the importer fills fields."""

    def fields(self, cells: tuple[Any, ...]) -> dict[str, Any]:
        """The fields dict the importer builds from these cells."""
        return mapped_fields(self.columns, cells)


def sheet_columns(info: SheetInfo) -> tuple[tuple[str, int], ...]:
    """Field -> cell position for a sheet, from its mapping and header cells (first header of a name)."""
    where: dict[str, int] = {}
    for i, header in enumerate(info.headers):
        where.setdefault(header, i)
    return tuple((f, where[h]) for f, h in info.mapping.items() if h in where)


def regime_index(view: str) -> int:
    """The regime a view's verdict column reads: the baseline ('current') or the alternative ('draft')."""
    return 1 if view == "draft" else 0


class ResultStore(Sequence[RowResult]):
    """Every row's result in ledger order; most rows held as their cells alone."""

    def __init__(
        self,
        rows: list[tuple[Any, ...] | RowResult],
        shape_of: bytes | array[int],
        row_numbers: array[int],
        kinds: bytearray,
        shapes: list[SheetShape],
        regimes: int = 2,
    ) -> None:
        self._rows = rows
        self.regimes = regimes
        """How many regimes each row was screened under (a compact row is permitted under all)."""
        self._shape_of = shape_of
        self._row_numbers = row_numbers
        self._kinds = kinds
        self._shapes = shapes
        self._columns = [dict(s.columns) for s in shapes]
        self._recent: dict[int, RowResult] = {}
        self.flagged: list[int] = [i for i, r in enumerate(rows) if type(r) is not tuple]
        """Positions of the rows kept whole: the only ones with findings, notes or a change."""
        self.ranks = [bytearray(len(rows)) for _ in range(regimes)]
        """Per regime screened: the status rank of each row (0 permitted, 1 review, 2 prohibited)."""
        for i in self.flagged:
            kept = rows[i]
            assert isinstance(kept, RowResult)
            for ranks, verdict in zip(self.ranks, kept.verdicts, strict=True):
                ranks[i] = verdict.status.rank

    @classmethod
    def of(cls, results: Iterable[RowResult], sheets: Iterable[SheetInfo] = ()) -> ResultStore:
        """A store of these results (`sheets`: how the inputs' sheets were read, for compact rows)."""
        builder = StoreBuilder(sheets)
        for result in results:
            builder.add(result)
        return builder.finish()

    # --- Sequence[RowResult] ----------------------------------------------------------------------

    def __len__(self) -> int:
        """Rows."""
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> RowResult: ...
    @overload
    def __getitem__(self, index: slice) -> list[RowResult]: ...
    def __getitem__(self, index: int | slice) -> RowResult | list[RowResult]:
        """The row's result, rebuilt if it was stored compactly."""
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._rows)))]
        row = self._rows[index]
        if type(row) is not tuple:
            return row  # type: ignore[return-value]
        if index < 0:
            index += len(self._rows)
        recent = self._recent.get(index)
        if recent is None:
            if len(self._recent) >= _RECENT_ROWS:
                self._recent.clear()
            recent = self._recent[index] = self._rebuild(index, row)
        return recent

    def __iter__(self) -> Iterator[RowResult]:
        """Every row in ledger order (rebuilt rows are not remembered: exports walk them all once)."""
        for i, row in enumerate(self._rows):
            yield self._rebuild(i, row) if type(row) is tuple else row  # type: ignore[misc]

    def _rebuild(self, i: int, cells: tuple[Any, ...]) -> RowResult:
        shape = self._shapes[self._shape_of[i]]
        fields = shape.fields(cells)
        source = SourceRow(
            shape.input, shape.sheet, self._row_numbers[i], fields, shape.kind_hint, cells, shape.date_order
        )
        reference = fields.get("reference")
        text = "" if reference is None else cell_text(reference)
        return RowResult(source, text, KINDS[self._kinds[i]], (PERMITTED,) * self.regimes)

    # --- single values, without rebuilding rows ---------------------------------------------------

    def field(self, i: int, name: str) -> Any:
        """The row's `fields.get(name)`."""
        row = self._rows[i]
        if type(row) is not tuple:
            return row.source.fields.get(name)  # type: ignore[union-attr]
        index = self._columns[self._shape_of[i]].get(name)
        if index is None or index >= len(row):
            return None
        value = row[index]
        if isinstance(value, str):
            return value.strip() or None
        return value

    def reference(self, i: int) -> str:
        """The row's reference as text."""
        row = self._rows[i]
        if type(row) is not tuple:
            return row.reference  # type: ignore[union-attr]
        value = self.field(i, "reference")
        return "" if value is None else cell_text(value)

    def widest_where(self) -> str:
        """The longest 'Sheet!row' label of any row, for sizing the column without reading every row."""
        last = max(self._row_numbers, default=0)
        labels = [f"{s.sheet}!{last}" for s in self._shapes]
        labels += [f"{r.source.sheet}!{r.source.row}" for r in map(self.kept, self.flagged) if r is not None]
        return max(labels, key=len, default="")

    def kept(self, i: int) -> RowResult | None:
        """The row's result when it was kept whole (it has findings, notes or a change), else None."""
        row = self._rows[i]
        return None if type(row) is tuple else row  # type: ignore[return-value]

    def status_counts(self, regime: str) -> dict[Status, int]:
        """Rows per status under the baseline ('current') or the alternative ('draft')."""
        ranks = self.ranks[regime_index(regime)]
        by_rank = {s.rank: s for s in Status}
        return {by_rank[r]: ranks.count(r) for r in sorted(by_rank)}

    def empty(self, pause: Callable[[], None]) -> None:
        """Drop every row a slice at a time, calling `pause` between slices; the store ends up empty."""
        self._recent.clear()
        for items in (self._rows, self.flagged):
            while items:
                del items[-RELEASE_SLICE:]
                pause()
        self._shape_of, self._row_numbers = array("H"), array("I")
        self.ranks = [bytearray() for _ in self.ranks]


def release_in_background(store: ResultStore, texts: list[str] | None = None) -> None:
    """Let go of a store (and its search texts) as a background task, a slice at a time.

    Freeing a million rows in one go holds the interpreter for about 0.3 s, freezing the window
    whichever thread drops the last reference. The task runs once nothing else holds them (an
    export of the old results may still be reading): until then it is tried again every so often,
    without keeping a pool thread waiting.
    """
    _release_when_free([store, texts])  # handed over in a list, so no frame but the task's holds them


def _release_when_free(box: list[Any]) -> None:
    def again(freed: bool) -> None:
        if not freed:
            QTimer.singleShot(RELEASE_RETRY_MSECS, lambda: _release_when_free(box))

    run_task(lambda state: release(box, state), again, label="Freeing old results")


def release(box: list[Any], state: TaskState) -> bool:
    """Empty [store, texts] in slices once only `box` holds them, letting the GUI thread in; False if still held."""
    # The box's reference and getrefcount's own argument: 2 means nobody else holds it.
    if any(box[i] is not None and sys.getrefcount(box[i]) > 2 for i in range(len(box))):
        return False
    store, texts = box.pop(0), box.pop(0)
    store.empty(state.let_gui_in)
    while texts:
        del texts[-RELEASE_SLICE:]
        state.let_gui_in()
    return True


class StoreBuilder:
    """Collects results one at a time (on the screening thread) into a ResultStore."""

    def __init__(self, sheets: Iterable[SheetInfo] = ()) -> None:
        self._columns = {s.name: sheet_columns(s) for s in sheets if not s.skipped}
        self._rows: list[tuple[Any, ...] | RowResult] = []
        self._shape_of = array("H")
        self._row_numbers = array("I")
        self._kinds = bytearray()
        self._shapes: list[SheetShape] = []
        self._shape_index: dict[tuple[Any, ...], int] = {}
        self._quick: list[tuple[tuple[str, ...], Any, int] | None] = []
        self._shared: dict[Any, Any] = {}
        self._regimes = 2

    def add(self, result: RowResult) -> None:
        """Store one result, compactly when it can be rebuilt exactly."""
        # Runs once per row of a ledger that may hold a million: one method, locals, no detours.
        source = result.source
        key = (source.input, source.sheet, source.kind_hint, source.date_order)
        shape = self._shape_index.get(key)
        if shape is None:
            shape = self._new_shape(key)
        row = source.row
        stored: tuple[Any, ...] | RowResult = result
        if (
            shape >= 0
            and all(v is PERMITTED for v in result.verdicts)
            and not result.notes
            and not result.ruled_out
            and not source.problems
            and source.cells
            and 0 <= row < 4_294_967_296
            and result.kind in KINDS
        ):
            stored = self._compact(result, shape) or result
        self._rows.append(stored)
        self._shape_of.append(max(shape, 0))
        self._row_numbers.append(row if stored is not result else 0)
        self._regimes = len(result.verdicts)
        self._kinds.append(result.kind == "contract")

    def finish(self) -> ResultStore:
        """The store; the builder must not be used afterwards."""
        self._shared = {}
        return ResultStore(self._rows, self._shape_of, self._row_numbers, self._kinds, self._shapes, self._regimes)

    def _new_shape(self, key: tuple[Any, ...]) -> int:
        """Index of a new sheet shape, or -1 (rows kept whole) when the sheet's columns are unknown."""
        columns = self._columns.get(key[1])
        if columns is None or len(self._shapes) >= 65_536:
            self._shape_index[key] = -1
            return -1
        self._shape_index[key] = len(self._shapes)
        input_, sheet, kind_hint, date_order = key
        self._shapes.append(SheetShape(input_, sheet, kind_hint, date_order, columns))
        indexes = [i for _, i in columns]
        names = tuple(name for name, _ in columns)
        # itemgetter of two or more positions returns a tuple: one position is left to the rebuild.
        self._quick.append((names, itemgetter(*indexes), max(indexes)) if len(indexes) > 1 else None)
        return len(self._shapes) - 1

    def _compact(self, result: RowResult, shape: int) -> tuple[Any, ...] | None:
        """The row's shared cells when it rebuilds exactly from them, else None."""
        cells = result.source.cells
        shared = self._shared
        if len(shared) >= _SHARE_LIMIT:
            shared.clear()
        kept = tuple(map(shared.setdefault, cells, cells))
        if list(map(type, kept)) != list(map(type, cells)):
            kept = cells  # 1 == 1.0 == True: sharing must never change a cell's type
        fields = result.source.fields
        quick = self._quick[shape]
        if quick is not None and len(kept) > quick[2]:
            picked = quick[1](kept)
            mapped = dict(zip(quick[0], picked, strict=True))
            # Every field equal to its mapped cell, and every other mapped cell empty ("" or None),
            # is exactly what the rebuild gives (fields are never empty, so the empties are the others).
            same = fields.items() <= mapped.items() and (
                len(mapped) - len(fields) == picked.count("") + picked.count(None)
            )
        else:
            same = False
        if not same and self._shapes[shape].fields(kept) != fields:
            return None
        reference = fields.get("reference")
        if type(reference) is str:  # already stripped by the importer: cell_text would return it as is
            return kept if result.reference == reference else None
        return kept if result.reference == ("" if reference is None else cell_text(reference)) else None
