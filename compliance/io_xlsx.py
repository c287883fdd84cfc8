"""The results as an Excel workbook: a Summary sheet, then one results sheet per screened input sheet.

Each results sheet begins with where the row is and both verdicts with their reasons, then that input
sheet's own columns, cut at Excel's last column (XFD, 16,384; the Summary says how many were left out).
Sheet names follow Excel's rules (31 characters, unique, none of : \\ / ? * [ ]). Written with
openpyxl's write-only mode (rows stream to disk, one sheet at a time; styles, frozen panes, widths and
the autofilter all survive it) and saved atomically. Ledger text is untrusted: a cell such as
'=HYPERLINK(...)' or '+1' is stored as text with Excel's quote prefix, never as a formula.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO, Final
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from compliance.atomic import atomic_write
from compliance.errors import OutputFileError
from compliance.parties import OFF_NOTICE, PartyScreening
from compliance.records import SheetInfo
from compliance.results import RowResult
from compliance.screening import ScreeningRun, Tally
from compliance.status import STATUSES
from compliance.xlsx_cells import BOLD, HEADER_FILL, STATUS_FILLS, excel_value, needs_quote, safe_text, text_cell
from compliance.xlsx_tabs import (
    MAX_COLUMNS,
    MAX_SHEETS,
    SUMMARY_TITLE,
    DecisionsOf,
    Plan,
    check_sheet_count,
    write_results,
)

DRAFT_NOTICE: Final = (
    "The December 2019 China-Russia draft was never adopted; its column is a comparison only. "
    "This export supports, and does not replace, a legal judgement."
)


def _sheet_line(sheet: SheetInfo, plan: Plan | None) -> str:
    if sheet.skipped is not None or plan is None:
        return f"{sheet.name}: {sheet.skipped or 'not screened'}"
    line = f"{sheet.name}: {sheet.rows} rows, header in row {sheet.header_row}"
    if plan.titles:
        line += "; results in sheet " + ", ".join(f"'{t}'" for t in plan.titles)
    if plan.left_out:
        line += (
            f"; its last {plan.left_out:,} columns are beyond Excel's last column (XFD) "
            "and are not in this workbook (every value is in the JSON)"
        )
    return line


LIST_MAX_AGE_DAYS: Final = 30
"""A designation list older than this on the day of the export is flagged as possibly missing listings."""


def _party_lines(parties: PartyScreening | None, today: dt.date) -> list[list[str]]:
    """What names were screened against: the lists with dates and hashes, or that they were not screened."""
    if parties is None:
        return [["Party screening", f"{OFF_NOTICE} Names and IMO numbers were not screened: a permitted row "
                 "may still name a designated party or vessel."]]
    lines = [["Party screening", f"Names matched as prohibited from a score of {parties.match_threshold:g}, "
              f"review from {parties.review_threshold:g}"]]
    for listed in parties.lists:
        day = listed.generated.isoformat() if listed.generated else "undated"
        age = (today - listed.generated).days if listed.generated else None
        stale = "" if age is not None and age <= LIST_MAX_AGE_DAYS else (
            f"; {age:,} days old on {today.isoformat()}: listings made since may be missing" if age is not None
            else "; undated: listings made since may be missing")
        lines.append(["  list", f"{listed.name} ({day}, SHA-256 {listed.sha256}){stale}"])
    return lines


def _write_summary(
    ws: Any, run: ScreeningRun, tally: Tally, generated_at: dt.datetime, plans: list[Plan] | None = None
) -> None:
    """Counts, the regimes with versions and hashes, the inputs with SHA-256, and the draft notice."""
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 70
    ws.column_dimensions["C"].width = 24
    ws.column_dimensions["D"].width = 70

    def heading(text: str) -> None:
        ws.append([])
        ws.append([text_cell(ws, text, font=BOLD, fill=HEADER_FILL)])

    ws.append([text_cell(ws, "Sanctions Desk screening results", font=Font(bold=True, size=14))])
    ws.append([text_cell(ws, DRAFT_NOTICE, font=BOLD)])
    ws.append(["Generated", text_cell(ws, generated_at.isoformat(sep=" ", timespec="seconds"))])
    as_of = f"every row judged as of {run.as_of.isoformat()}" if run.as_of else "each row judged at its own date"
    ws.append(["As-of setting", as_of])
    for label, text in _party_lines(run.parties, generated_at.date()):
        ws.append([label, text_cell(ws, text, **({"font": BOLD} if run.parties is None else {}))])
    heading("Rows per status")
    ws.append([text_cell(ws, h, font=BOLD) for h in ("Status", "Measures in force", "Draft (never adopted)")])
    for status in STATUSES:
        s = status.value
        ws.append([text_cell(ws, s, fill=STATUS_FILLS[s]), tally.current[s], tally.draft[s]])
    ws.append(["Rows screened", tally.rows, tally.rows])
    ws.append(["Rows the draft would change", tally.changed])
    ws.append(["  relaxed", tally.relaxed])
    ws.append(["  tightened", tally.tightened])
    heading("Regimes compared")
    ws.append([text_cell(ws, h, font=BOLD) for h in ("Regime", "Title", "Version", "SHA-256 of the rule pack")])
    for label, regime in (("Measures in force", run.current), ("Draft (never adopted)", run.draft)):
        ws.append([label, text_cell(ws, regime.title), text_cell(ws, regime.version), regime.sha256])
        if regime.status_note:
            ws.append(["", text_cell(ws, regime.status_note, font=BOLD)])
        for loaded in regime.packs[:-1]:
            pack = loaded.pack.pack
            ws.append(["  based on", text_cell(ws, pack.title), text_cell(ws, pack.version), loaded.sha256])
    heading("Inputs")
    ws.append([text_cell(ws, h, font=BOLD) for h in ("File", "Path", "Sheet and rows", "SHA-256")])
    in_order = iter(plans or [])  # one plan per screened sheet, in the same order
    for opened in run.inputs:
        ws.append([text_cell(ws, opened.name), text_cell(ws, opened.path), None, opened.sha256])
        for sheet in opened.sheets:
            plan = next(in_order, None) if sheet.skipped is None else None
            ws.append(["", "", text_cell(ws, _sheet_line(sheet, plan))])


def _discard(wb: Workbook) -> None:
    """Close a workbook abandoned half-way and delete its sheets' scratch files (write-only mode)."""
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):  # already closed by a save that failed later, or never begun
            ws.close()
        scratch = getattr(getattr(ws, "_writer", None), "out", None)
        if scratch:
            with contextlib.suppress(OSError):
                os.remove(scratch)


def _save(wb: Workbook, out: BinaryIO) -> None:
    """What Workbook.save does, but the zip is closed even when writing fails: left open, its finaliser
    would later write to a closed file and print a traceback on standard error."""
    archive = ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(wb, archive).write_data()
    except BaseException:
        with contextlib.suppress(Exception):
            archive.close()
        raise
    archive.close()


def save_results_xlsx(
    out: BinaryIO,
    run: ScreeningRun,
    results: Iterable[RowResult],
    *,
    path: str | Path = "",
    generated_at: dt.datetime | None = None,
    decisions_of: DecisionsOf | None = None,
) -> int:
    """Write the workbook into an open binary file (`path` names it in errors); the result rows written.

    With `decisions_of` (a screening with the decisions store), each row's decisions fill its decision columns.

    Any failure, a full disk included, is an OutputFileError; openpyxl's scratch files are removed
    whatever happens (an interrupt too).
    """
    wb = Workbook(write_only=True)
    try:
        summary = wb.create_sheet(SUMMARY_TITLE)  # first tab: the draft notice is the first thing seen
        tally, plans = write_results(wb, run, results, decisions_of)
        _write_summary(summary, run, tally, generated_at or dt.datetime.now().astimezone(), plans)
        _save(wb, out)
    except OSError as exc:
        _discard(wb)
        raise OutputFileError(f"cannot write the workbook: {exc.strerror or exc}", path=str(path)) from None
    except BaseException:
        _discard(wb)
        raise
    return tally.rows


def write_results_xlsx(
    path: str | Path,
    run: ScreeningRun,
    results: Iterable[RowResult],
    *,
    generated_at: dt.datetime | None = None,
    decisions_of: DecisionsOf | None = None,
) -> int:
    """Write the Summary and results sheets atomically; returns the number of result rows written."""
    try:
        with atomic_write(path) as out:
            return save_results_xlsx(
                out, run, results, path=path, generated_at=generated_at, decisions_of=decisions_of
            )
    except OSError as exc:
        raise OutputFileError(f"cannot write the workbook: {exc.strerror or exc}", path=str(path)) from None


__all__ = [
    "DRAFT_NOTICE", "MAX_COLUMNS", "MAX_SHEETS", "check_sheet_count", "excel_value", "needs_quote",
    "safe_text", "save_results_xlsx", "text_cell", "write_results_xlsx",
]  # fmt: skip
