"""How a workbook was read: the column mapping the dialog shows, and notes on skipped columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final, NamedTuple

from compliance.intake.plan import DATE_SAMPLE_ROWS
from compliance.model.fields import FIELD_LABELS
from compliance.model.results import RowResult
from compliance.normalise.record import cell_text
from compliance.paths import rules_dir
from compliance.rules.regime import Regime
from compliance.run import ScreeningRun, start_run

EXAMPLE_ROWS: Final = DATE_SAMPLE_ROWS
"""Rows per sheet an example is looked for in: the rows the importer read ahead when it opened the sheet."""


class SheetColumns(NamedTuple):
    """One sheet as the mapping dialog shows it: its headers, how they were read, and examples."""

    sheet: str
    headers: tuple[str, ...]
    mapping: dict[str, str]
    """Field -> header as the rows on screen were screened."""
    detected: dict[str, str]
    """Field -> header as the headers alone were understood, before any correction."""
    examples: dict[str, str]
    """Header -> the first non-empty value in the column's first EXAMPLE_ROWS rows."""


def sheet_headers(run: ScreeningRun, sheet: str) -> tuple[str, ...]:
    """The header cells of a sheet of the run ('' for blank ones); () when unknown."""
    for opened in run.inputs:
        for info in opened.sheets:
            if info.name == sheet:
                return info.headers
    return ()


def _examples(run: ScreeningRun, results: Sequence[RowResult]) -> dict[str, dict[str, str]]:
    """Per sheet, header -> the first non-empty value among the sheet's first EXAMPLE_ROWS rows.

    Only the rows the importer itself sampled are looked at: a column empty everywhere must not
    make the GUI thread rebuild every stored row (3.6 s at 200,000 rows).
    """
    found: dict[str, dict[str, str]] = {}
    start = 0
    for opened in run.inputs:
        for info in opened.sheets:
            if info.skipped:
                continue
            names = info.headers
            examples = found.setdefault(info.name, {})
            for i in range(start, min(start + info.rows, start + EXAMPLE_ROWS, len(results))):
                source = results[i].source
                if source.sheet != info.name:
                    break  # the rows are not where the sheet's count says: no guessing
                for header, value in zip(names, source.cells, strict=False):
                    if header and value not in (None, "") and header not in examples:
                        examples[header] = cell_text(value)
            start += info.rows
    return found


def mapping_view(
    run: ScreeningRun, results: Sequence[RowResult], detected: Mapping[str, Mapping[str, str]] | None = None
) -> list[SheetColumns]:
    """Each screened sheet's columns, how they were read and (`detected`, by sheet) understood at first."""
    examples = _examples(run, results)
    sheets = []
    for opened in run.inputs:
        for info in opened.sheets:
            if info.skipped:
                continue
            mapping = dict(info.mapping)
            first = dict((detected or {}).get(info.name, mapping))
            headers = tuple(h for h in info.headers if h and h.strip())
            sheets.append(SheetColumns(info.name, headers, mapping, first, examples.get(info.name, {})))
    return sheets


def detected_mappings(path: str, regimes: tuple[Regime, ...]) -> dict[str, dict[str, str]]:
    """Per sheet, field -> header as the headers alone are understood (the file is opened, not screened)."""
    run = start_run([path], rules_dir=rules_dir(), keep_cells=True, regimes=regimes)
    try:
        return {info.name: dict(info.mapping) for o in run.inputs for info in o.sheets if not info.skipped}
    finally:
        for opened in run.inputs:
            opened.close()


def sheet_corrections(
    sheets: Sequence[SheetColumns], chosen: Mapping[str, Mapping[str, str]], previous: Mapping[str, str] | None
) -> tuple[dict[str, str], list[str]]:
    """Overrides turning each sheet's mapping into the one chosen, and what cannot be expressed.

    A correction names a field and a header, and applies to every sheet with that header; a field left
    out is left out of every sheet. So two sheets asking for one field from different columns, or one
    leaving out a field another reads, cannot both be had: those are returned as problems.
    """
    wanted: dict[str, dict[str, str]] = {}  # field -> header -> the sheet asking
    for sheet in sheets:
        for field, header in corrections(sheet.mapping, chosen.get(sheet.sheet, sheet.mapping), None).items():
            wanted.setdefault(field, {}).setdefault(header, sheet.sheet)
    problems = []
    out = dict(previous or {})
    for field, asks in wanted.items():
        if len(asks) > 1:
            label = FIELD_LABELS.get(field, field)
            said = "; ".join(f"sheet “{s}” {'leaves it out' if not h else f'reads “{h}”'}" for h, s in asks.items())
            problems.append(f"“{label}”: {said}. A field is corrected for the whole workbook: choose one.")
            continue
        out[field] = next(iter(asks))
    return out, problems


def corrections(
    understood: Mapping[str, str], chosen: Mapping[str, str], previous: Mapping[str, str] | None
) -> dict[str, str]:
    """Overrides turning the mapping understood into the one chosen ('' = field not screened)."""
    # Built on the previous overrides: the mapping understood already reflects them.
    out = dict(previous or {})
    for field, header in chosen.items():
        if understood.get(field) != header:
            out[field] = header
    for field in understood:
        if field not in chosen:
            out[field] = ""
    return out


class ImportNotes(NamedTuple):
    """How the workbook was read, as one short line for the window and the detail behind it."""

    line: str
    details: tuple[str, ...]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def import_notes(run: ScreeningRun) -> ImportNotes:
    """'1 sheet skipped · 1 column not screened · 2 reading notes', with every sheet's detail behind it.

    The detail includes each sheet's own notes (mixed encodings, formulas without a stored value, two
    columns for one field), which the importer fills as it reads.
    """
    skipped = unscreened = reading = 0
    details: list[str] = []
    for opened in run.inputs:
        for info in opened.sheets:
            if info.skipped:
                skipped += 1
                details.append(f"Sheet “{info.name}” not screened: {info.skipped}.")
                continue
            if info.unmapped:
                unscreened += len(info.unmapped)
                columns = ", ".join(f"“{h}”" for h in info.unmapped)
                details.append(f"Sheet “{info.name}”, columns not screened: {columns} (File ▸ Column mapping… "
                               "to change).")  # fmt: skip
            for note in info.notes:
                reading += 1
                details.append(f"Sheet “{info.name}”: {note[:1].upper()}{note[1:]}")
    parts = []
    if skipped:
        parts.append(_count(skipped, "sheet skipped", "sheets skipped"))
    if unscreened:
        parts.append(_count(unscreened, "column not screened", "columns not screened"))
    if reading:
        parts.append(_count(reading, "reading note", "reading notes"))
    return ImportNotes(" · ".join(parts), tuple(details))


def describe_input(run: ScreeningRun, path: str, as_of: dt.date | None) -> tuple[str, str]:
    """A title line (file, sheets, rows, dates) and notes on sheets and columns not screened."""
    sheets, notes = [], []
    for opened in run.inputs:
        for info in opened.sheets:
            if info.skipped:
                notes.append(f"Sheet “{info.name}” not screened: {info.skipped}.")
                continue
            sheets.append(f"{info.name}: {info.rows:,} rows")
            if info.unmapped:
                columns = ", ".join(f"“{h}”" for h in info.unmapped)
                notes.append(
                    f"Sheet “{info.name}”, columns not screened: {columns} (File ▸ Column mapping… to change)."
                )
    when = f"judged at {as_of.isoformat()}" if as_of else "each row judged at its own date"
    return f"{Path(path).name} — {'; '.join(sheets)} — {when}", " ".join(notes)
