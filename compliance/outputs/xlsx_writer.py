"""The results as an Excel workbook: a Summary sheet, then one results sheet per screened input sheet.

Each results sheet begins with where the row is and both verdicts with their reasons, then that input
sheet's own columns, cut at Excel's last column (XFD, 16,384; the Summary says how many were left out).
Sheet names follow Excel's rules (31 characters, unique, none of : \\ / ? * [ ]). Written with
xlsxwriter's constant-memory mode (rows stream to scratch files, one sheet at a time, in a scratch folder
of the export's own that is removed whatever happens) and saved atomically. Ledger text is untrusted: a
cell such as '=HYPERLINK(...)' or '+1' is stored as text with Excel's quote prefix, never as a formula.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO, Final

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException

from compliance.designations.parties import OFF_NOTICE, PartyScreening
from compliance.model.errors import OutputFileError
from compliance.model.results import RowResult
from compliance.model.source_row import SheetInfo
from compliance.model.status import STATUSES
from compliance.outputs.atomic import atomic_write
from compliance.outputs.xlsx_cells import (
    BOLD_TEXT,
    HEADER,
    STATUS_STYLES,
    CellWriter,
    Style,
    Styled,
    excel_value,
    needs_quote,
    safe_text,
    text_cell,
)
from compliance.outputs.xlsx_tabs import (
    MAX_COLUMNS,
    MAX_SHEETS,
    SUMMARY_TITLE,
    DecisionsOf,
    Plan,
    check_sheet_count,
    regime_columns,
    write_results,
)
from compliance.run import ScreeningRun, Tally, regime_roles

ROLE_NAMES: Final = {"baseline": "Baseline", "alternative": "Alternative", "other": "Further alternative"}
"""A regime's role in the comparison, as the Summary names it."""
JUDGEMENT_NOTICE: Final = "This export supports, and does not replace, a legal judgement."


def export_notices(run: ScreeningRun) -> list[str]:
    """What the workbook must say before any verdict: each regime that is not law, by its own notice,
    then that the export supports a legal judgement."""
    return [*dict.fromkeys(r.notice for r in run.regimes if r.notice), JUDGEMENT_NOTICE]


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
        return [
            [
                "Party screening",
                f"{OFF_NOTICE} Names and IMO numbers were not screened: a permitted row "
                "may still name a designated party or vessel.",
            ]
        ]
    lines = [
        [
            "Party screening",
            f"Names matched as prohibited from a score of {parties.match_threshold:g}, "
            f"review from {parties.review_threshold:g}",
        ]
    ]
    for listed in parties.lists:
        day = listed.generated.isoformat() if listed.generated else "undated"
        age = (today - listed.generated).days if listed.generated else None
        stale = (
            ""
            if age is not None and age <= LIST_MAX_AGE_DAYS
            else (
                f"; {age:,} days old on {today.isoformat()}: listings made since may be missing"
                if age is not None
                else "; undated: listings made since may be missing"
            )
        )
        lines.append(["  list", f"{listed.name} ({day}, SHA-256 {listed.sha256}){stale}"])
    return lines


TITLE: Final = Style(bold=True, size=14)


class _Lines:
    """The Summary sheet, written line after line."""

    def __init__(self, ws: Any, cells: CellWriter) -> None:
        self.ws, self.cells, self.at = ws, cells, 0

    def add(self, *values: Any, style: Style | None = None) -> None:
        self.cells.row(self.ws, self.at, list(values), style)
        self.at += 1

    def heading(self, text: str) -> None:
        self.at += 1  # a blank line before
        self.add(text, style=Style(bold=True, fill=HEADER.fill))


def _write_summary(
    ws: Any, cells: CellWriter, run: ScreeningRun, tally: Tally, generated_at: dt.datetime,
    plans: list[Plan] | None = None,
) -> None:  # fmt: skip
    """Counts, the regimes with versions and hashes, the inputs with SHA-256, and the regimes' notices."""
    for col, width in enumerate((28, 70, 24, 70)):
        ws.set_column(col, col, width)
    lines = _Lines(ws, cells)
    lines.add("Sanctions Desk screening results", style=TITLE)
    for notice in export_notices(run):
        lines.add(notice, style=BOLD_TEXT)
    lines.add("Generated", generated_at.isoformat(sep=" ", timespec="seconds"))
    as_of = f"every row judged as of {run.as_of.isoformat()}" if run.as_of else "each row judged at its own date"
    lines.add("As-of setting", as_of)
    for label, text in _party_lines(run.parties, generated_at.date()):
        lines.add(label, Styled(text, BOLD_TEXT if run.parties is None else None))
    labels = regime_columns(run.regimes)
    lines.heading("Rows per status")
    lines.add("Status", *labels, style=BOLD_TEXT)
    for status in STATUSES:
        s = status.value
        lines.add(Styled(s, STATUS_STYLES[s]), *(counts[s] for counts in tally.per_regime))
    lines.add("Rows screened", *([tally.rows] * len(run.regimes)))
    for i, label in enumerate(labels[1:], start=1):
        lines.add(f"Rows {label} would change", tally.relaxed_by[i] + tally.tightened_by[i])
        lines.add("  relaxed", tally.relaxed_by[i])
        lines.add("  tightened", tally.tightened_by[i])
    lines.heading("Regimes compared")
    lines.add("Regime", "Title", "Version", "SHA-256 of the rule pack", style=BOLD_TEXT)
    for role, label, regime in zip(regime_roles(len(run.regimes)), labels, run.regimes, strict=True):
        lines.add(f"{ROLE_NAMES[role]}: {label}", regime.title, regime.version, regime.sha256)
        for note in dict.fromkeys(n for n in (regime.notice, regime.status_note) if n):
            lines.add("", Styled(note, BOLD_TEXT))
        for loaded in regime.packs[:-1]:
            pack = loaded.pack.pack
            lines.add("  based on", pack.title, pack.version, loaded.sha256)
    lines.heading("Inputs")
    lines.add("File", "Path", "Sheet and rows", "SHA-256", style=BOLD_TEXT)
    in_order = iter(plans or [])  # one plan per screened sheet, in the same order
    for opened in run.inputs:
        lines.add(opened.name, opened.path, None, opened.sha256)
        for sheet in opened.sheets:
            plan = next(in_order, None) if sheet.skipped is None else None
            lines.add("", "", _sheet_line(sheet, plan))


_SCRATCH: set[str] = set()
"""Scratch folders of exports still being written (removed at exit if an export could not remove its own)."""


@atexit.register
def _remove_scratch() -> None:
    for folder in list(_SCRATCH):
        shutil.rmtree(folder, ignore_errors=True)


def _scratch_folder() -> str:
    """A new folder in the temporary folder for one export's scratch files (the sheets' rows until saved)."""
    folder = tempfile.mkdtemp(prefix="sanctions-desk-xlsx.")
    _SCRATCH.add(folder)
    return folder


def _discard(wb: Any, folder: str) -> None:
    """Close every scratch file the workbook may hold open, then remove its scratch folder."""
    for ws in wb.worksheets() if wb is not None else ():
        for handle in (getattr(ws, "row_data_fh", None), getattr(ws, "fh", None)):
            if handle is not None:
                with contextlib.suppress(Exception):
                    handle.close()
    if wb is not None:
        wb.fileclosed = True  # saved, or abandoned: nothing is to write it later
    shutil.rmtree(folder, ignore_errors=True)
    _SCRATCH.discard(folder)


class _Sink:
    """The output as the zip writer sees it. Once the export has failed it takes nothing more: xlsxwriter
    leaves its zip unclosed when saving fails, and the zip's finaliser would later write into a closed
    file and print a traceback on standard error."""

    def __init__(self, out: BinaryIO) -> None:
        self.out, self.abandoned, self.position = out, False, 0

    def abandon(self) -> None:
        """Take nothing more; positions are still counted, so the zip can finish its bookkeeping."""
        with contextlib.suppress(Exception):
            self.position = self.out.tell()
        self.abandoned = True

    def write(self, data: bytes) -> int:
        if self.abandoned:
            self.position += len(data)
            return len(data)
        return self.out.write(data)

    def tell(self) -> int:
        return self.position if self.abandoned else self.out.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        if self.abandoned:
            self.position = offset if whence == 0 else self.position + offset
            return self.position
        return self.out.seek(offset, whence)

    def flush(self) -> None:
        if not self.abandoned:
            self.out.flush()


def _cause(exc: XlsxWriterException) -> OSError | None:
    """The OSError behind xlsxwriter's own error on saving (a full disk shows as one), if any."""
    inner = exc.args[0] if exc.args else None
    return inner if isinstance(inner, OSError) else None


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

    Any failure, a full disk included, is an OutputFileError; the scratch folder is removed whatever
    happens (an interrupt too).
    """
    try:
        folder = _scratch_folder()
    except OSError as exc:
        raise OutputFileError(
            f"cannot make a scratch folder for the workbook: {exc.strerror or exc}", path=str(path)
        ) from None
    options = {
        "constant_memory": True,
        "tmpdir": folder,
        "use_zip64": True,  # only a part over 4 GB needs it; without it such a workbook could not be saved
        # Never guess: text is text (no formulas, numbers or links made from it).
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    wb, sink = None, _Sink(out)
    try:
        wb = xlsxwriter.Workbook(sink, options)
        cells = CellWriter(wb)
        # The first tab: the regimes' notices are the first thing seen. Its rows are written last, once counted.
        summary = wb.add_worksheet(SUMMARY_TITLE)
        tally, plans = write_results(cells, run, results, decisions_of)
        _write_summary(summary, cells, run, tally, generated_at or dt.datetime.now().astimezone(), plans)
        wb.close()
    except BaseException as exc:
        sink.abandon()
        if isinstance(exc, OSError | XlsxWriterException):
            cause = _cause(exc) if isinstance(exc, XlsxWriterException) else exc
            reason = (cause.strerror or str(cause)) if cause is not None else str(exc)
            raise OutputFileError(f"cannot write the workbook: {reason}", path=str(path)) from None
        raise
    finally:
        _discard(wb, folder)
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
            return save_results_xlsx(out, run, results, path=path, generated_at=generated_at, decisions_of=decisions_of)
    except OSError as exc:
        raise OutputFileError(f"cannot write the workbook: {exc.strerror or exc}", path=str(path)) from None


__all__ = [
    "JUDGEMENT_NOTICE", "MAX_COLUMNS", "MAX_SHEETS", "check_sheet_count", "excel_value", "export_notices",
    "needs_quote", "safe_text", "save_results_xlsx", "text_cell", "write_results_xlsx",
]  # fmt: skip
