"""Which rows the table shows, and in what order: sort keys and filters over a whole ResultStore.

Plain functions with no Qt, so the same code runs inline for small ledgers and on a pool thread for
large ones (gui/results/filter_proxy.py decides). Long loops call `checkpoint` every CHUNK rows: it raises
(gui.tasks.Cancelled) when a newer request has made this one pointless, and gives the GUI thread
the interpreter now and then. Nothing here holds the interpreter for long in one C call: a million
string keys are never sorted in one go (that alone blocks every other thread for about a second).
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, compress
from typing import Any, Final

from compliance.model.fields import EVENT_DATE_FIELDS
from compliance.model.results import RowResult
from compliance.model.status import Status
from compliance.normalise.dates import parse_date
from compliance.normalise.record import cell_text
from gui.results.cell_display import country_display, match_score, reason_display
from gui.results.store import ResultStore, regime_index

CHUNK: Final = 16_384
"""Rows between checkpoints: a few milliseconds of work."""
BUCKETS_UP_TO: Final = 50_000
"""Distinct keys up to which a sort places rows in buckets (one pass) instead of merging sorted runs."""
CHANGE_RANK: Final = {"relaxed": 0, "tightened": 1, "unchanged": 2}
JOINED_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "party": ("shipper", "consignee", "contractor", "counterparty"),
    "vessel": ("vessel", "imo"),
}
TEXT_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "origin": ("origin", "worker_nationality"),
    "destination": ("destination", "place_of_work"),
    "hs_code": ("hs_code",),
}

Checkpoint = Callable[[], None]


def no_checkpoint() -> None:
    """The checkpoint of work done inline: never superseded, nothing to yield to."""


@dataclass(frozen=True, slots=True)
class SortSpec:
    """A sort the officer asked for: a column key and a direction ('where' ascending is ledger order)."""

    column: str = "where"
    descending: bool = False
    regime: str = "current"
    """The view, for the Reason column, whose text depends on it (any other column ignores it)."""
    ranks: tuple[tuple[int, int], ...] = ()
    """For the Decision column: (row, rank) of the rows with an alert; other rows rank 0."""


@dataclass(frozen=True, slots=True)
class FilterSpec:
    """The filters the officer set; rows pass when they meet all of them."""

    regime: str = "current"
    status: Status | None = None
    measure: str | None = None
    changed_only: bool = False
    change: str | None = None
    """With changed_only: only the rows the alternative 'relaxed' or 'tightened' (None: either)."""
    text: str = ""
    rows: frozenset[int] | None = None
    """Only these ledger rows (the decision filter), or None."""

    @property
    def active(self) -> bool:
        """True when any filter narrows the rows."""
        return bool(self.status or self.measure or self.changed_only or self.text) or self.rows is not None

    def rows_key(self) -> tuple[Any, ...]:
        """What decides which rows pass: the regime only matters to the status and measure filters."""
        if not self.active:
            return ()
        regime = self.regime if (self.status or self.measure) else None
        change = self.change if self.changed_only else None
        return (regime, self.status, self.measure, self.changed_only, change, self.text, self.rows)


# --- sorting -----------------------------------------------------------------------------------------


def _as_array(positions: list[int], checkpoint: Checkpoint) -> array[int]:
    """Positions as a compact array (4 bytes a row instead of a list's 36), a slice at a time."""
    # array("i", iterator) appends item by item and holds the interpreter for 150 ms a million.
    out = array("i")
    step = CHUNK * 8
    for start in range(0, len(positions), step):
        out.fromlist(positions[start : start + step])
        checkpoint()
    return out


def _chunks(n: int, checkpoint: Checkpoint) -> Iterator[range]:
    for start in range(0, n, CHUNK):
        checkpoint()
        yield range(start, min(n, start + CHUNK))


def _first_of(store: ResultStore, names: tuple[str, ...], i: int) -> Any:
    for name in names:
        value = store.field(i, name)
        if value is not None:
            return value
    return None


def _text_keys(store: ResultStore, names: tuple[str, ...], checkpoint: Checkpoint) -> list[str]:
    """Per row, the column's text as the table shows it, case-folded (cached per distinct cell)."""
    shown = country_display if names[0] in ("origin", "destination") else cell_text
    seen: dict[Any, str] = {}
    keys: list[str] = []
    for rows in _chunks(len(store), checkpoint):
        for i in rows:
            value = _first_of(store, names, i)
            key = seen.get(value) if value is not None else ""
            if key is None:
                key = seen[value] = shown(value).casefold()
            keys.append(key)
    return keys


def _description_keys(store: ResultStore, checkpoint: Checkpoint) -> list[str]:
    """Per row, the description as the table shows it (or contract type · project), case-folded."""
    seen: dict[Any, str] = {}
    keys: list[str] = []
    for rows in _chunks(len(store), checkpoint):
        for i in rows:
            value = store.field(i, "description")
            if value is not None:
                key = seen.get(value)
                if key is None:
                    key = seen[value] = cell_text(value).casefold()
            else:
                parts = (store.field(i, "contract_type"), store.field(i, "project"))
                key = " · ".join(cell_text(p) for p in parts if p is not None).casefold()
            keys.append(key)
    return keys


def _date_keys(store: ResultStore, checkpoint: Checkpoint) -> list[tuple[int, Any]]:
    """Dates in calendar order, then cells that are not dates by their text, then rows with none."""
    seen: dict[Any, tuple[int, Any]] = {}
    keys: list[tuple[int, Any]] = []
    none = (2, "")
    for rows in _chunks(len(store), checkpoint):
        for i in rows:
            raw = _first_of(store, EVENT_DATE_FIELDS, i)
            if raw is None:
                keys.append(none)
                continue
            key = seen.get(raw)
            if key is None:
                day = parse_date(raw).value
                key = seen[raw] = (0, day.toordinal()) if day else (1, cell_text(raw).casefold())
            keys.append(key)
    return keys


def _finding_keys(store: ResultStore, column: str, regime: str, checkpoint: Checkpoint) -> list[Any]:
    """Reason (measure title, rows with none last) or name score (rows with none lowest): flagged rows only."""
    none: Any = (1, "") if column == "reason" else -1.0
    keys: list[Any] = [none] * len(store)
    for k, i in enumerate(store.flagged):
        if not k % CHUNK:
            checkpoint()
        kept = store.kept(i)
        if kept is None:
            continue
        if column == "reason":
            text = reason_display(kept, regime)
            keys[i] = (0, text.casefold()) if text else none
        else:
            score = match_score(kept)
            keys[i] = none if score is None else score
    return keys


def _joined_keys(store: ResultStore, names: tuple[str, ...], checkpoint: Checkpoint) -> list[str]:
    """Per row, its values of these fields joined, case-folded (the Parties and Vessel columns)."""
    keys: list[str] = []
    for rows in _chunks(len(store), checkpoint):
        for i in rows:
            values = (store.field(i, name) for name in names)
            keys.append(" ".join(cell_text(v) for v in values if v is not None).casefold())
    return keys


def sort_keys(store: ResultStore, column: str, checkpoint: Checkpoint, regime: str = "current") -> list[Any]:
    """Per row in ledger order, the key a column sorts by."""
    n = len(store)
    if column in ("current", "draft"):
        return list(store.ranks[regime_index(column)])
    if column == "change":
        keys = [CHANGE_RANK["unchanged"]] * n
        for i in store.flagged:
            kept = store.kept(i)
            if kept is not None:
                keys[i] = CHANGE_RANK[kept.change]
        return keys
    if column == "date":
        return _date_keys(store, checkpoint)
    if column == "reference":
        out: list[str] = []
        for rows in _chunks(n, checkpoint):
            out.extend(store.reference(i).casefold() for i in rows)
        return out
    if column == "description":
        return _description_keys(store, checkpoint)
    if column in ("reason", "score"):
        return _finding_keys(store, column, regime, checkpoint)
    if column in JOINED_COLUMNS:
        return _joined_keys(store, JOINED_COLUMNS[column], checkpoint)
    if column in TEXT_COLUMNS:
        return _text_keys(store, TEXT_COLUMNS[column], checkpoint)
    raise ValueError(f"unknown column '{column}'")


def ordered(keys: Sequence[Any], descending: bool, checkpoint: Checkpoint) -> array[int]:
    """Row positions by key; ties keep ledger order whichever the direction."""
    n = len(keys)
    distinct: set[Any] = set()
    for start in range(0, n, CHUNK):  # a slice at a time: hashing a million tuples takes a while
        distinct.update(keys[start : start + CHUNK])
        if len(distinct) > BUCKETS_UP_TO:
            break
        checkpoint()
    if len(distinct) <= BUCKETS_UP_TO:
        # Few distinct keys (statuses, countries, dates): one pass dropping rows into buckets.
        rank = {k: r for r, k in enumerate(sorted(distinct, reverse=descending))}
        buckets: list[list[int]] = [[] for _ in rank]
        appenders = [b.append for b in buckets]
        for rows in _chunks(n, checkpoint):
            for i in rows:
                appenders[rank[keys[i]]](i)
        return _as_array(list(chain.from_iterable(buckets)), checkpoint)
    # Many distinct keys (references): short sorted runs, merged in Python so other threads get turns.
    runs = []
    for rows in _chunks(n, checkpoint):
        run = sorted(rows, key=keys.__getitem__, reverse=descending)
        runs.append(run)
    merged = array("i")
    for k, i in enumerate(heapq.merge(*runs, key=keys.__getitem__, reverse=descending)):
        merged.append(i)
        if not k % CHUNK:
            checkpoint()
    return merged


def sort_order(store: ResultStore, spec: SortSpec, checkpoint: Checkpoint) -> Sequence[int]:
    """Row positions in the order a sort asks for (a range for ledger order: no memory at all)."""
    n = len(store)
    if spec.column == "where":
        return range(n - 1, -1, -1) if spec.descending else range(n)
    if spec.column == "decision":
        keys = [0] * n
        for row, rank in spec.ranks:
            if 0 <= row < n:
                keys[row] = rank
        return ordered(keys, spec.descending, checkpoint)
    return ordered(sort_keys(store, spec.column, checkpoint, spec.regime), spec.descending, checkpoint)


# --- filtering ---------------------------------------------------------------------------------------


def _passes(result: RowResult, spec: FilterSpec) -> bool:
    """Whether a row kept whole passes the status, measure and changed-only filters."""
    verdicts = (
        (result.baseline, result.alternative)
        if spec.regime == "compare"
        else ((result.alternative,) if spec.regime == "draft" else (result.baseline,))
    )
    if spec.status is not None and all(v.status != spec.status for v in verdicts):
        return False
    if spec.changed_only and (
        result.baseline.status == result.alternative.status or spec.change not in (None, result.change)
    ):
        return False
    return spec.measure is None or any(h.measure == spec.measure for v in verdicts for h in v.hits)


def accepted(store: ResultStore, texts: Sequence[str], spec: FilterSpec, checkpoint: Checkpoint) -> bytearray | None:
    """Per row in ledger order, 1 when it passes the filters; None when no filter is set."""
    if not spec.active:
        return None
    n = len(store)
    # Rows stored compactly are permitted under both regimes with no finding and no change.
    plain_pass = spec.status in (None, Status.PERMITTED) and not spec.changed_only and spec.measure is None
    mask = bytearray(b"\x01") * n if plain_pass else bytearray(n)
    for k, i in enumerate(store.flagged):
        if not k % CHUNK:
            checkpoint()
        kept = store.kept(i)
        if kept is not None:
            mask[i] = _passes(kept, spec)
    if spec.rows is not None:
        only = bytearray(n)
        for i in spec.rows:
            if 0 <= i < n:
                only[i] = mask[i]
        mask = only
    if spec.text:
        needle = spec.text
        for rows in _chunks(n, checkpoint):
            for i in rows:
                if mask[i] and needle not in texts[i]:
                    mask[i] = 0
    return mask


def shown_rows(order: Sequence[int], mask: bytearray | None, checkpoint: Checkpoint) -> Sequence[int]:
    """The rows on screen, in order: the sort order with the rows the filters drop left out."""
    if mask is None:
        return order
    out = array("i")
    step = CHUNK * 4  # a slice at a time: one pass over a million rows holds the interpreter 50 ms
    for start in range(0, len(order), step):
        part = order[start : start + step]
        if isinstance(part, range) and part.step == 1:  # ledger order: the mask lines up with it
            out.fromlist(list(compress(part, mask[part.start : part.stop])))
        else:
            out.fromlist(list(compress(part, map(mask.__getitem__, part))))
        checkpoint()
    return out


def positions(shown: Sequence[int], rows: int, checkpoint: Checkpoint) -> Sequence[int]:
    """Per ledger row, its position on screen (-1 when filtered out): the inverse of `shown`."""
    if isinstance(shown, range) and shown.step == 1 and len(shown) == rows:
        return shown
    inverse = array("i", [-1]) * rows
    for k, i in enumerate(shown):
        if not k % CHUNK:
            checkpoint()
        inverse[i] = k
    return inverse
