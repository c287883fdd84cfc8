"""The import layer's public entry: vet a spreadsheet or CSV, find each sheet's header, stream rows.

    opened = open_input("shipments.xlsx", overrides={"hs_code": "Tariff"})
    for row in opened.rows():
        ...

`open_input` does everything that can fail on a bad file (safety checks, header detection,
override checks) before returning, so a caller either gets rows or one InputFileError. How a
sheet's header is found and its rows are built is `compliance.intake.plan`.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, Final

from compliance.intake.csv_reader import detect_format, iter_records
from compliance.intake.plan import (
    RowSource,
    SheetPlan,
    check_overrides,
    checks_for,
    leave_out,
    plan_sheet,
    sheet_rows,
    stop_reader,
    validated_fields,
    validated_overrides,
)
from compliance.intake.safety.formula_scan import STALE, UNSTORED, formula_cells
from compliance.intake.safety.vet import CheckedFile, check_input_file
from compliance.intake.workbook_reader import SheetLoader, open_workbook, sheet_kinds
from compliance.model.errors import InputFileError
from compliance.model.source_row import SheetInfo, SourceRow

__all__ = ["OpenedInput", "kind_hint", "open_input"]

NO_HEADER: Final = (
    "no sheet has a recognisable header row; expected columns such as reference, date, "
    "HS code, description, origin, destination"
)

_SHIPMENT = re.compile(
    r"\b(?:shipments?|shipping|cargo(?:es|s)?|invoices?|exports?|imports?|b ?/ ?ls?|trade|"
    r"trades|trading)\b"
)
_CONTRACT = re.compile(r"\b(?:contracts?|employment|workers?|labou?r|joint ventures?|jvs?|investments?|projects?)\b")


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


@dataclass
class OpenedInput:
    """A vetted input file: what was found in each sheet, and its data rows on demand."""

    path: str
    name: str
    sha256: str
    sheets: list[SheetInfo]
    keep_cells: bool = True
    _plans: list[SheetPlan] = field(default_factory=list, repr=False, compare=False)
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
        yield from sheet_rows(self._plans, self.path, self.keep_cells)


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
) -> tuple[list[SheetInfo], list[SheetPlan]]:
    workbook = open_workbook(checked.read_path, checked.path)
    infos: list[SheetInfo] = []
    plans: list[SheetPlan] = []
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
            plan = plan_sheet(info, offset, source, overrides, _continue_after)
            if plan is None:
                stop_reader(source)  # a sheet with no table: its reader is not needed
                continue
            plans.append(plan)
            plan.checks = checks_for(plan)
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


def _find_formulas(plan: SheetPlan, checked: CheckedFile, part: str, recalculate: bool) -> None:
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
) -> tuple[list[SheetInfo], list[SheetPlan]]:
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

    plan = plan_sheet(info, 0, iter_records(checked.read_path, fmt, checked.path), overrides, restart)
    if plan is None:
        return [info], []
    plan.checks = checks_for(plan)
    plan.checks.mixed_encoding = fmt.mixed
    return [info], [plan]


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
    wanted_overrides = validated_overrides(overrides)
    unscreened = validated_fields(left_out)
    return _planned(check_input_file(path), sheet, wanted_overrides, unscreened, keep_cells)


def _planned(
    checked: CheckedFile, sheet: str | None, overrides: dict[str, str], unscreened: frozenset[str], keep_cells: bool
) -> OpenedInput:
    """A vetted file's sheets planned (header, mapping, corrections); the copy discarded on any failure."""
    plans: list[SheetPlan] = []
    try:
        if checked.kind == "csv":
            infos, plans = _open_csv(checked, sheet, overrides)
        else:
            infos, plans = _open_workbook(checked, sheet, overrides)
        if not plans:
            raise _no_sheet_error(infos, sheet, checked.path)
        check_overrides(overrides, plans, checked.path)
        for plan in plans:
            leave_out(plan, unscreened)
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
    wanted_overrides, unscreened = validated_overrides(overrides), validated_fields(left_out)
    opened._checked = None  # handed over: closing `opened` must not remove the copy
    opened.close()
    return _planned(checked, sheet, wanted_overrides, unscreened, opened.keep_cells)
