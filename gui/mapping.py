"""How a workbook was read: the column mapping the dialog shows, and notes on skipped columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from compliance.record import cell_text
from compliance.results import RowResult
from compliance.screening import ScreeningRun
from gui.workers import run_headers


class MappingView(NamedTuple):
    """What the mapping dialog needs: every header, field -> header as read, header -> example."""

    headers: tuple[str, ...]
    mapping: dict[str, str]
    examples: dict[str, str]


def sheet_headers(run: ScreeningRun, sheet: str) -> tuple[str, ...]:
    """The header cells of a sheet of the run ('' for blank ones); () when unknown."""
    for opened in run.inputs:
        for info in opened.sheets:
            if info.name == sheet:
                return info.headers
    return ()


def mapping_view(run: ScreeningRun, results: list[RowResult]) -> MappingView:
    """How the run's sheets were read, with the first non-empty value of each column."""
    headers = run_headers(run)
    mapping: dict[str, str] = {}
    for opened in run.inputs:
        for info in opened.sheets:
            for field, header in info.mapping.items():
                mapping.setdefault(field, header)
    examples: dict[str, str] = {}
    for result in results:
        names = sheet_headers(run, result.source.sheet)
        for header, value in zip(names, result.source.cells, strict=False):
            if header and value not in (None, "") and header not in examples:
                examples[header] = cell_text(value)
        if len(examples) >= len(headers):
            break  # every column has its example: no need to walk 100,000 rows
    return MappingView(headers, mapping, examples)


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
                notes.append(f"Sheet “{info.name}”, columns not screened: {columns} "
                             "(File ▸ Column mapping… to change).")
    when = f"judged at {as_of.isoformat()}" if as_of else "each row judged at its own date"
    return f"{Path(path).name} — {'; '.join(sheets)} — {when}", " ".join(notes)
