"""The import layer's public entry: vet a spreadsheet or CSV, find each sheet's header, stream rows.

    opened = open_input("shipments.xlsx", overrides={"hs_code": "Tariff"})
    for row in opened.rows():
        ...

`open_input` does everything that can fail on a bad file (safety checks, header detection,
override checks) before returning, so a caller either gets rows or one InputFileError.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from typing import Any, Final

from compliance.intake.csv_reader import detect_format, iter_records
from compliance.intake.headers import HEADER_SCAN_ROWS, HeaderLayout, find_header, normalise_field_name
from compliance.intake.safety.formula_scan import STALE, UNSTORED, formula_cells
from compliance.intake.safety.vet import CheckedFile, check_input_file
from compliance.intake.unread_cells import SheetChecks
from compliance.intake.workbook_reader import SheetLoader, open_workbook, sheet_kinds
from compliance.model.errors import InputFileError, UsageError
from compliance.model.fields import DATE_FIELDS, FIELD_LABELS, FIELDS
from compliance.model.source_row import SheetInfo, SourceRow, mapped_fields

__all__ = ["OpenedInput", "kind_hint", "open_input"]

DATE_SAMPLE_ROWS: Final = 200
NO_HEADER: Final = (
    "no sheet has a recognisable header row; expected columns such as reference, date, "
    "HS code, description, origin, destination"
)

_SHIPMENT = re.compile(
    r"\b(?:shipments?|shipping|cargo(?:es|s)?|invoices?|exports?|imports?|b ?/ ?ls?|trade|"
    r"trades|trading)\b"
)
_CONTRACT = re.compile(r"\b(?:contracts?|employment|workers?|labou?r|joint ventures?|jvs?|investments?|projects?)\b")

RowSource = Iterator[tuple[int, list[Any]]]


def kind_hint(sheet_name: str) -> str | None:
    """'shipment' or 'contract' when a sheet's (or CSV file's) name says so, else None."""
    text = re.sub(r"[^0-9a-z/]+", " ", sheet_name.casefold())
    text = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", text)
    shipment, contract = _SHIPMENT.search(text), _CONTRACT.search(text)
    if shipment and contract:
        # "Export contracts" is about contracts: the last word names the thing.
        return "shipment" if shipment.end() > contract.end() else "contract"
    if shipment:
        return "shipment"
    return "contract" if contract else None


def _no_rows() -> RowSource:
    return iter(())


def _stop(source: RowSource) -> None:
    """Close a sheet's reader (a generator; for a streamed sheet, it stops the reading process)."""
    close = getattr(source, "close", None)
    if close is not None:
        close()


def _blank(row: list[Any]) -> bool:
    return all(v is None or v == "" or (isinstance(v, str) and not v.strip()) for v in row)


@dataclass(slots=True)
class _SheetPlan:
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
        _stop(self.source)


@dataclass
class OpenedInput:
    """A vetted input file: what was found in each sheet, and its data rows on demand."""

    path: str
    name: str
    sha256: str
    sheets: list[SheetInfo]
    keep_cells: bool = True
    _plans: list[_SheetPlan] = field(default_factory=list, repr=False, compare=False)
    _consumed: bool = field(default=False, repr=False, compare=False)
    _checked: CheckedFile | None = field(default=None, repr=False, compare=False)

    def close(self) -> None:
        """Stop every sheet's reader and remove the private copy of the file (rows() does both)."""
        for plan in self._plans:
            plan.close()
        if self._checked is not None:
            self._checked.discard()

    def rows(self) -> Iterator[SourceRow]:
        """Data rows of every screened sheet in workbook order; fills SheetInfo.rows per sheet."""
        if self._consumed:
            raise RuntimeError("OpenedInput.rows() can only be iterated once")
        self._consumed = True
        return self._rows()

    def _rows(self) -> Iterator[SourceRow]:
        try:
            yield from self._sheet_rows()
            # Every row was screened from the private copy: the run may only be written if the
            # file still holds those bytes (the copy was hashed as it was made).
            if self._checked is not None:
                self._checked.verify_unchanged()
        finally:
            # Stopped early (a cancelled screening): no sheet reader goes on in the background.
            self.close()

    def _sheet_rows(self) -> Iterator[SourceRow]:
        for plan in self._plans:
            info, offset = plan.info, plan.offset
            columns = [(n, i - offset) for n, i in plan.layout.columns.items() if i >= offset]
            pad = ("",) * offset
            count = 0
            # The loop below runs once per row of a ledger that may hold a million: locals only.
            path, sheet, hint, order, keep = self.path, info.name, info.kind_hint, info.date_order, self.keep_cells
            checks = plan.checks if plan.checks is not None and plan.checks.wanted else None
            for number, row in plan.rest():
                fields = mapped_fields(columns, row)
                if checks is None:
                    if not fields and _blank(row):
                        continue
                    count += 1
                    yield SourceRow(path, sheet, number, fields, hint, (pad + tuple(row)) if keep else (), order)
                    continue
                if _blank(row):
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


def _validated_overrides(overrides: Mapping[str, str] | None) -> dict[str, str]:
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


def _plan_sheet(
    info: SheetInfo,
    offset: int,
    source: RowSource,
    overrides: Mapping[str, str],
    rest: Callable[[RowSource, list[tuple[int, list[Any]]], int], Callable[[], RowSource]],
) -> _SheetPlan | None:
    """Find the header among the first non-empty rows and read ahead a sample of data rows."""
    pad = ("",) * offset
    scanned = list(islice(((n, r) for n, r in source if not _blank(r)), HEADER_SCAN_ROWS))
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
        lookahead.extend(islice(((n, r) for n, r in source if not _blank(r)), needed))
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
    return _SheetPlan(info, layout, offset, lookahead, rest(source, lookahead, layout.row), source)


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


def _checks_for(plan: _SheetPlan) -> SheetChecks:
    layout = plan.layout
    return SheetChecks(layout.headers, layout.columns, plan.offset, layout.duplicates)


def _unique_names(names: list[str]) -> list[str]:
    """Sheet names as shown: a second sheet of one name (a crafted .xlsx) becomes 'Data (2)'."""
    shown: list[str] = []
    taken = {n.casefold() for n in names}
    seen: set[str] = set()
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            shown.append(name)
            continue
        number = 2
        while f"{name} ({number})".casefold() in taken:
            number += 1
        unique = f"{name} ({number})"
        taken.add(unique.casefold())
        shown.append(unique)
    return shown


def _continue_after(source: RowSource, lookahead: list[tuple[int, list[Any]]], _header: int) -> Callable[[], RowSource]:
    # Workbook sheets: replay what was read ahead, then go on with the same iterator.
    return lambda: chain(lookahead, source)


def _select(names: list[str], wanted: str | None, path: str) -> str | None:
    if wanted is None:
        return None
    if wanted in names:
        return wanted
    folded = [n for n in names if n.casefold() == wanted.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    listed = ", ".join(f"'{n}'" for n in names)
    raise InputFileError(f"has no sheet named '{wanted}'; its sheets are: {listed}", path=path)


def _open_workbook(
    checked: CheckedFile, wanted: str | None, overrides: Mapping[str, str]
) -> tuple[list[SheetInfo], list[_SheetPlan]]:
    workbook = open_workbook(checked.read_path, checked.path)
    infos: list[SheetInfo] = []
    plans: list[_SheetPlan] = []
    try:
        kinds = sheet_kinds(workbook)
        written = [n for n, _ in kinds]
        names = _unique_names(written)
        # calamine reads each sheet whole; sheets too large for memory are streamed instead.
        loader = SheetLoader(workbook, checked, written)
        selected = _select(names, wanted, checked.path)
        seen: set[str] = set()
        for index, ((written_name, kind), name) in enumerate(zip(kinds, names, strict=True)):
            first_of_name = written_name not in seen
            seen.add(written_name)
            info = SheetInfo(name=name, header_row=None, mapping={}, kind_hint=kind_hint(name))
            infos.append(info)
            if name != written_name:
                info.notes.append(
                    f"the workbook has another sheet named '{written_name}'; this one is shown as '{name}'"
                )
            if selected is not None and name != selected:
                info.skipped = f"not selected (only sheet '{selected}' is screened)"
                continue
            if kind != "worksheet":
                info.skipped = f"a {kind} sheet, not a table of rows"
                continue
            offset, source = loader.rows(index, written_name, first_of_name)
            plan = _plan_sheet(info, offset, source, overrides, _continue_after)
            if plan is None:
                _stop(source)  # a sheet with no table: its reader is not needed
                continue
            plans.append(plan)
            plan.checks = _checks_for(plan)
            part = loader.part(index)
            if part is not None and part.formulas and checked.workbook is not None:
                _find_formulas(plan, checked, part.part, checked.workbook.recalculate)
    except BaseException:
        for plan in plans:
            plan.close()
        raise
    finally:
        workbook.close()
    return infos, plans


def _find_formulas(plan: _SheetPlan, checked: CheckedFile, part: str, recalculate: bool) -> None:
    """Note the formula cells of the screened columns whose value was not stored (or may be stale)."""
    assert plan.checks is not None
    layout = plan.layout
    screened = {*layout.columns.values(), *(i for extra in layout.duplicates.values() for i in extra)}
    found = formula_cells(checked.read_path, part, screened, recalculate, checked.path, plan.info.name)
    # The header row's own formulas are not data.
    found = {row: cells for row, cells in found.items() if row > layout.row}
    plan.checks.formulas = found
    kinds = Counter(problem for cells in found.values() for problem in cells.values())
    if kinds[UNSTORED]:
        plan.info.notes.append(
            f"{kinds[UNSTORED]:,} formula cells in screened columns have no stored value; their rows are sent to review"
        )
    if kinds[STALE]:
        plan.info.notes.append(
            f"{kinds[STALE]:,} formula cells in screened columns may hold stale values (the workbook asks for "
            "recalculation on opening); their rows are sent to review"
        )


def _open_csv(
    checked: CheckedFile, wanted: str | None, overrides: Mapping[str, str]
) -> tuple[list[SheetInfo], list[_SheetPlan]]:
    name = os.path.splitext(checked.name)[0] or checked.name
    _select([name], wanted, checked.path)
    fmt = detect_format(checked.read_path, checked.head, checked.path)
    info = SheetInfo(name=name, header_row=None, mapping={}, kind_hint=kind_hint(name))
    if fmt.mixed:
        info.notes.append(
            "the file is UTF-8 but holds bytes of another encoding in places; those cells are read as "
            "Windows-1252 and shown with the bytes escaped, and a row with one in a screened column "
            "is sent to review"
        )

    def restart(source: RowSource, _lookahead: list[tuple[int, list[Any]]], header: int) -> Callable[[], RowSource]:
        """CSV: rows() reads the file again from the top, past the header."""
        close = getattr(source, "close", None)
        if close is not None:
            close()  # release the file now; rows() reads it again from the top
        return lambda: ((n, r) for n, r in iter_records(checked.read_path, fmt, checked.path) if n > header)

    plan = _plan_sheet(info, 0, iter_records(checked.read_path, fmt, checked.path), overrides, restart)
    if plan is None:
        return [info], []
    plan.checks = _checks_for(plan)
    plan.checks.mixed_encoding = fmt.mixed
    return [info], [plan]


def _check_overrides(overrides: Mapping[str, str], plans: list[_SheetPlan], path: str) -> None:
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


def _no_sheet_error(infos: list[SheetInfo], wanted: str | None, path: str) -> InputFileError:
    if wanted is not None:
        chosen = next((i for i in infos if i.skipped and not i.skipped.startswith("not selected")), None)
        if chosen is not None:
            return InputFileError(
                f"cannot be screened: {chosen.skipped}; expected columns such as reference, "
                "date, HS code, description, origin, destination",
                path=path,
                sheet=chosen.name,
            )
    reasons = "; ".join(f"sheet '{i.name}': {i.skipped}" for i in infos if i.skipped)
    return InputFileError(f"{NO_HEADER} ({reasons})" if reasons else NO_HEADER, path=path)


def _validated_fields(names: Iterable[str]) -> frozenset[str]:
    found: set[str] = set()
    for given in names:
        name = normalise_field_name(given)
        if name is None:
            raise UsageError(f"unknown field '{given}' in --leave-out; valid fields: {', '.join(FIELDS)}")
        found.add(name)
    return frozenset(found)


def _leave_out(plan: _SheetPlan, fields: frozenset[str]) -> None:
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


def open_input(
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str] | None = None,
    keep_cells: bool = True,
    left_out: Iterable[str] = (),
) -> OpenedInput:
    """Vet and open a workbook or CSV; raise UsageError or InputFileError with one clear reason.

    `left_out` names fields the officer chose not to screen: the header is found as usual, but
    those columns are read as unmapped ones (kept in exports, never screened).
    """
    wanted_overrides = _validated_overrides(overrides)
    unscreened = _validated_fields(left_out)
    checked = check_input_file(path)
    plans: list[_SheetPlan] = []
    try:
        if checked.kind == "csv":
            infos, plans = _open_csv(checked, sheet, wanted_overrides)
        else:
            infos, plans = _open_workbook(checked, sheet, wanted_overrides)
        if not plans:
            raise _no_sheet_error(infos, sheet, checked.path)
        _check_overrides(wanted_overrides, plans, checked.path)
        for plan in plans:
            _leave_out(plan, unscreened)
    except BaseException:
        for plan in plans:
            plan.close()
        checked.discard()
        raise
    return OpenedInput(
        path=checked.path,
        name=checked.name,
        sha256=checked.sha256,
        sheets=infos,
        keep_cells=keep_cells,
        _plans=plans,
        _checked=checked,
    )


def reopen_input(
    opened: OpenedInput,
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str] | None = None,
    left_out: Iterable[str] = (),
) -> OpenedInput:
    """The same vetted file planned again with other column corrections, before any of its rows is read.

    The file is not checked, copied or hashed again: `opened` hands its private copy over and must
    not be used afterwards (its sheet readers are stopped). Used when the mapping to screen with is
    known only once the headers are (a mapping remembered for them).
    """
    checked = opened._checked
    if opened._consumed or checked is None:
        raise RuntimeError("only an input whose rows were not read can be planned again")
    opened._checked = None  # handed over: closing `opened` must not remove the copy
    opened.close()
    wanted_overrides = _validated_overrides(overrides)
    unscreened = _validated_fields(left_out)
    plans: list[_SheetPlan] = []
    try:
        if checked.kind == "csv":
            infos, plans = _open_csv(checked, sheet, wanted_overrides)
        else:
            infos, plans = _open_workbook(checked, sheet, wanted_overrides)
        if not plans:
            raise _no_sheet_error(infos, sheet, checked.path)
        _check_overrides(wanted_overrides, plans, checked.path)
        for plan in plans:
            _leave_out(plan, unscreened)
    except BaseException:
        for plan in plans:
            plan.close()
        checked.discard()
        raise
    return OpenedInput(
        path=checked.path,
        name=checked.name,
        sha256=checked.sha256,
        sheets=infos,
        keep_cells=opened.keep_cells,
        _plans=plans,
        _checked=checked,
    )
