"""What the importer hands the engine: one row of a sheet, as the officer sees it in Excel.

Rows are slotted dataclasses rather than pydantic models: a ledger can hold a million of them and
they come from our own importer, so validation happens once per cell during normalisation instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A screened cell the importer could not read for certain (a formula with no stored value,
    bytes in another encoding, two columns for one field that disagree).

    The engine never guesses past it: the row goes to `review` under every regime, with the question.
    """

    field: str
    """The canonical field the cell would have given."""
    column: str
    """The column's header as written (or its letter), for the officer to find the cell."""
    value: str
    """The cell as read, or '' when nothing could be read."""
    problem: str
    """What is wrong, in the officer's words: "this cell is a formula; its value was not stored"."""
    question: str
    """What the officer must establish to settle the row."""


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One data row of a sheet: where it is, and its cells keyed by canonical field name."""

    input: str
    """The input file's name as the user gave it."""
    sheet: str
    row: int
    """1-based row number as Excel shows it."""
    fields: dict[str, Any]
    """Canonical field -> raw cell value; only mapped, non-empty cells."""
    kind_hint: str | None = None
    """'shipment' or 'contract' when the sheet's name says so."""
    cells: tuple[Any, ...] = ()
    """The row's original cells, in sheet column order (for the detail view and exports)."""
    date_order: str | None = None
    """'dmy' or 'mdy' when the sheet's written dates show which comes first (from SheetInfo)."""
    problems: tuple[CellProblem, ...] = ()
    """Screened cells that could not be read for certain; each sends the row to `review`."""


def mapped_fields(columns: Sequence[tuple[str, int]], cells: Sequence[Any]) -> dict[str, Any]:
    """A row's fields from its cells: field -> value of its column, text stripped, empty cells left out.

    The one reading of a row into fields: the importer builds every SourceRow with it, and a compact
    copy of a result is rebuilt with it.
    """
    fields: dict[str, Any] = {}
    width = len(cells)
    for name, index in columns:
        if index < width:
            value = cells[index]
            if isinstance(value, str):
                if not value or not (value := value.strip()):
                    continue
            elif value is None:
                continue
            fields[name] = value
    return fields


@dataclass(slots=True)
class SheetInfo:
    """How one sheet was read: where its header is and how each header was understood."""

    name: str
    header_row: int | None
    """1-based row of the header, None when the sheet was skipped."""
    mapping: dict[str, str]
    """Canonical field -> header text as written in the sheet."""
    headers: tuple[str, ...] = ()
    """Every header cell in column order (empty string for blank header cells)."""
    unmapped: tuple[str, ...] = ()
    """Headers that matched no field (kept in exports, not screened)."""
    kind_hint: str | None = None
    skipped: str | None = None
    """Why the sheet was not screened (empty, no recognisable header), else None."""
    rows: int = 0
    """Data rows read; filled in once the sheet has been read to the end."""
    date_order: str | None = field(default=None)
    """'dmy' or 'mdy' when the sheet's written dates show which comes first, else None."""
    duplicates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Field -> further headers that name it too; their cells are read and compared."""
    notes: list[str] = field(default_factory=list)
    """What the officer must know of how the sheet was read (columns that disagree, formulas
    without a stored value, bytes of another encoding); some are added once its rows are read."""
