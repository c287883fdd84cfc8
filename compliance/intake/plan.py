"""A sheet's plan: where its header is, how its columns map to fields, and how its rows are read.

`plan_sheet` finds the header and reads ahead a sample of rows (for the date order); `sheet_rows`
then turns every data row into a SourceRow. `leave_out` and the override checks adjust a plan once
every sheet is planned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any, Final

from compliance.intake.headers import HEADER_SCAN_ROWS, HeaderLayout, find_header, normalise_field_name
from compliance.intake.unread_cells import SheetChecks
from compliance.model.errors import InputFileError, UsageError
from compliance.model.fields import DATE_FIELDS, FIELD_LABELS, FIELDS
from compliance.model.source_row import SheetInfo, SourceRow, mapped_fields

DATE_SAMPLE_ROWS: Final = 200

RowSource = Iterator[tuple[int, list[Any]]]


def _no_rows() -> RowSource:
    return iter(())


def stop_reader(source: RowSource) -> None:
    """Close a sheet's reader (a generator; for a streamed sheet, it stops the reading process)."""
    close = getattr(source, "close", None)
    if close is not None:
        close()


def blank_row(row: list[Any]) -> bool:
    """Whether every cell of a raw row is empty or only whitespace."""
    return all(v is None or v == "" or (isinstance(v, str) and not v.strip()) for v in row)


@dataclass(slots=True)
class SheetPlan:
    """A screened sheet: its layout, the data rows already read, and how to read the rest."""

    info: SheetInfo
    layout: HeaderLayout
    offset: int
    """0-based column of each raw row's first cell (calamine starts rows at the used range)."""
    lookahead: list[tuple[int, list[Any]]]
    rest: Callable[[], RowSource]
    """Returns the data rows in order, starting with those already read ahead."""
    source: RowSource
    """The sheet's reader, closed once its rows are read or no longer wanted."""
    checks: SheetChecks | None = None
    """What each row is checked for (columns that disagree, formulas, foreign bytes), if anything."""

    def close(self) -> None:
        """Let go of the sheet's rows and stop its reader (a second process, for a streamed sheet)."""
        self.lookahead = []
        self.rest = _no_rows
        stop_reader(self.source)


def sheet_rows(plans: list[SheetPlan], path: str, keep: bool) -> Iterator[SourceRow]:
    """The data rows of each planned sheet in order, as SourceRows; fills SheetInfo.rows per sheet."""
    for plan in plans:
        info, offset = plan.info, plan.offset
        columns = [(n, i - offset) for n, i in plan.layout.columns.items() if i >= offset]
        pad = ("",) * offset
        count = 0
        # The loop below runs once per row of a ledger that may hold a million: locals only.
        sheet, hint, order = info.name, info.kind_hint, info.date_order
        checks = plan.checks if plan.checks is not None and plan.checks.wanted else None
        for number, row in plan.rest():
            fields = mapped_fields(columns, row)
            if checks is None:
                if not fields and blank_row(row):
                    continue
                count += 1
                yield SourceRow(path, sheet, number, fields, hint, (pad + tuple(row)) if keep else (), order)
                continue
            if blank_row(row):
                continue
            problems = checks.problems(number, row, fields)
            count += 1
            cells = (pad + tuple(row)) if keep else ()
            yield SourceRow(path, sheet, number, fields, hint, cells, order, problems)
        info.rows = count
        if checks is not None:
            info.notes.extend(checks.notes())
        # Drop the finished sheet's cells before reading the next one.
        plan.close()


def validated_overrides(overrides: Mapping[str, str] | None) -> dict[str, str]:
    result: dict[str, str] = {}
    for key, header in (overrides or {}).items():
        name = normalise_field_name(key)
        if name is None:
            raise UsageError(f"unknown field '{key}' in --map {key}={header}; valid fields: {', '.join(FIELDS)}")
        if not str(header).strip():
            raise UsageError(f"--map {key}= needs the header text of a column")
        if name in result:
            raise UsageError(f"--map gives field '{name}' twice")
        result[name] = str(header).strip()
    return result


def _date_order(values: list[str]) -> str | None:
    if not values:
        return None
    try:  # compliance.normalise.dates is written separately; without it the order stays unknown
        from compliance.normalise.dates import infer_date_order
    except ImportError:
        return None
    return infer_date_order(values)


def plan_sheet(
    info: SheetInfo,
    offset: int,
    source: RowSource,
    overrides: Mapping[str, str],
    rest: Callable[[RowSource, list[tuple[int, list[Any]]], int], Callable[[], RowSource]],
) -> SheetPlan | None:
    """Find the header among the first non-empty rows and read ahead a sample of data rows."""
    pad = ("",) * offset
    scanned = list(islice(((n, r) for n, r in source if not blank_row(r)), HEADER_SCAN_ROWS))
    if not scanned:
        info.skipped = "the sheet is empty"
        return None
    layout = find_header([(n, pad + tuple(r)) for n, r in scanned], overrides)
    if layout is None:
        info.skipped = (
            f"no header row found in its first {HEADER_SCAN_ROWS} non-empty rows "
            "(at least two columns named like reference, date, HS code, description, origin...)"
        )
        return None
    info.header_row = layout.row
    info.headers = layout.headers
    info.mapping = layout.mapping
    info.unmapped = layout.unmapped
    _describe_duplicates(info, layout)
    lookahead = [(n, r) for n, r in scanned if n > layout.row]
    needed = DATE_SAMPLE_ROWS - len(lookahead)
    if needed > 0:
        lookahead.extend(islice(((n, r) for n, r in source if not blank_row(r)), needed))
    if not lookahead:
        info.skipped = f"the header is in row {layout.row} but no data rows follow it"
        return None
    dates = [i - offset for n, i in layout.columns.items() if n in DATE_FIELDS and i >= offset]
    info.date_order = _date_order(
        [
            row[i].strip()
            for _, row in lookahead[:DATE_SAMPLE_ROWS]
            for i in dates
            if i < len(row) and isinstance(row[i], str) and row[i].strip()
        ]
    )
    return SheetPlan(info, layout, offset, lookahead, rest(source, lookahead, layout.row), source)


_ALL_GIVE = " all give the "


def _describe_duplicates(info: SheetInfo, layout: HeaderLayout) -> None:
    """Name each field that several columns give, in the sheet's notes (again after --leave-out)."""
    info.notes = [n for n in info.notes if _ALL_GIVE not in n]
    info.duplicates = {name: tuple(layout.headers[i] for i in extra) for name, extra in layout.duplicates.items()}
    for name, extra in info.duplicates.items():
        headers = ", ".join(f"'{h}'" for h in (layout.headers[layout.columns[name]], *extra))
        label = FIELD_LABELS.get(name, name).lower().replace("hs code", "HS code")
        info.notes.append(
            f"columns {headers}{_ALL_GIVE}{label}: each is screened, and a row where they differ is sent to review"
        )


def checks_for(plan: SheetPlan) -> SheetChecks:
    layout = plan.layout
    return SheetChecks(layout.headers, layout.columns, plan.offset, layout.duplicates)


def check_overrides(overrides: Mapping[str, str], plans: list[SheetPlan], path: str) -> None:
    for name, header in overrides.items():
        if any(name in p.layout.overrides_found for p in plans):
            continue
        sheet = plans[0].info.name if len(plans) == 1 else None
        where = (
            f"the header row (row {plans[0].layout.row}) has: "
            + ", ".join(f"'{h}'" for h in plans[0].layout.headers if h)
            if len(plans) == 1
            else "it is in none of the screened sheets: " + ", ".join(p.info.name for p in plans)
        )
        raise InputFileError(
            f"no column is headed '{header}' (from --map {name}={header}); {where}",
            path=path,
            sheet=sheet,
        )


def validated_fields(names: Iterable[str]) -> frozenset[str]:
    found: set[str] = set()
    for given in names:
        name = normalise_field_name(given)
        if name is None:
            raise UsageError(f"unknown field '{given}' in --leave-out; valid fields: {', '.join(FIELDS)}")
        found.add(name)
    return frozenset(found)


def leave_out(plan: SheetPlan, fields: frozenset[str]) -> None:
    """Stop reading these fields from the sheet: their columns are shown as not screened."""
    layout = plan.layout
    dropped = [name for name in layout.columns if name in fields]
    if not dropped:
        return
    headers = tuple(
        layout.headers[index] for name in dropped for index in (layout.columns[name], *layout.duplicates.get(name, ()))
    )
    kept = {name: index for name, index in layout.columns.items() if name not in fields}
    duplicates = {name: extra for name, extra in layout.duplicates.items() if name not in fields}
    plan.layout = replace(layout, columns=kept, unmapped=layout.unmapped + headers, duplicates=duplicates)
    plan.info.mapping = plan.layout.mapping
    plan.info.unmapped = plan.layout.unmapped
    _describe_duplicates(plan.info, plan.layout)
    if plan.checks is not None:
        checks = plan.checks
        plan.checks = SheetChecks(
            plan.layout.headers, kept, plan.offset, duplicates, checks.formulas, checks.mixed_encoding
        )
