"""The results as an Excel workbook: the input's own columns plus both verdicts, and a Summary sheet.

Written with openpyxl's write-only mode (rows stream to disk; styles, frozen panes, widths and the
autofilter all survive it) and saved atomically. Ledger text is untrusted: a cell such as
'=HYPERLINK(...)' or '+1' is stored as text with Excel's quote prefix, never as a formula.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter

from compliance.atomic import atomic_write
from compliance.errors import OutputFileError
from compliance.fields import FIELD_LABELS
from compliance.results import RowResult, Verdict
from compliance.screening import ScreeningRun, Tally
from compliance.status import STATUSES

STATUS_FILLS: Final = {
    "prohibited": PatternFill("solid", start_color="F2C4C0"),
    "review": PatternFill("solid", start_color="FBE3A6"),
    "permitted": PatternFill("solid", start_color="D5EAD0"),
    "relaxed": PatternFill("solid", start_color="DDEBF7"),
    "tightened": PatternFill("solid", start_color="F8CBAD"),
}
HEADER_FILL: Final = PatternFill("solid", start_color="E4E8EE")
BOLD: Final = Font(bold=True)
MAX_CELL: Final = 32767  # Excel's limit on the characters in one cell
WIDTH_SAMPLE: Final = 200  # rows read ahead to size the columns (write-only sheets fix widths first)
_FORMULA_STARTS: Final = ("=", "+", "-", "@")
_VERDICT_COLUMNS: Final = (
    "In force: measures", "In force: citations", "In force: reasons", "In force: questions",
    "Draft: measures", "Draft: citations", "Draft: reasons", "Notes",
)  # fmt: skip


def needs_quote(text: str) -> bool:
    """True when Excel could read the text as a formula: =, +, - or @ first, even after blanks or tabs."""
    return text.lstrip(" \t\r\n\u00a0").startswith(_FORMULA_STARTS) or text.startswith(("\t", "\r"))


def safe_text(text: str) -> str:
    """Text Excel accepts: no control characters openpyxl refuses, at most 32,767 characters."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)[:MAX_CELL]


def excel_value(value: Any) -> Any:
    """A ledger value as openpyxl can store it (numbers, dates, text); anything else becomes text."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else str(value)
    if isinstance(value, dt.datetime):
        # Excel has no time zones; keep an aware time as written rather than shift it.
        return value if value.tzinfo is None else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return value
    return safe_text(value if isinstance(value, str) else str(value))


def text_cell(ws: Any, value: Any, **style: Any) -> Any:
    """A cell for `value`; text is always stored as a string, quote-prefixed when it looks like a formula."""
    value = excel_value(value)
    if not isinstance(value, str):
        if not style:
            return value
        cell = WriteOnlyCell(ws, value)
    else:
        risky = needs_quote(value) or value in ERROR_CODES
        if not risky and not style:
            return value
        cell = WriteOnlyCell(ws, value)
        # openpyxl reads a leading '=' as a formula and '#N/A' as an error: force plain text.
        cell.data_type = "s"
        if risky:
            cell.quotePrefix = True
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


@dataclass(slots=True)
class _Columns:
    """The original columns, merged across sheets by header text, and where each sheet's cells go."""

    names: list[str] = field(default_factory=list)
    by_cell: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    by_field: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)

    def index(self, name: str, taken: set[str]) -> int:
        """The merged column for a header, making repeated headers within one sheet distinct."""
        key, n = name, 2
        while key in taken:
            key, n = f"{name} ({n})", n + 1
        taken.add(key)
        if key not in self.names:
            self.names.append(key)
        return self.names.index(key)


def _plan_columns(run: ScreeningRun) -> _Columns:
    cols = _Columns()
    for opened in run.inputs:
        for sheet in opened.sheets:
            if sheet.skipped is not None:
                continue
            taken: set[str] = set()
            key = (opened.path, sheet.name)
            if opened.keep_cells:
                cols.by_cell[key] = [
                    cols.index(safe_text(h.strip()) or f"Column {get_column_letter(i + 1)}", taken)
                    for i, h in enumerate(sheet.headers)
                ]
                where = {h: i for i, h in enumerate(sheet.headers)}
                cols.by_field[key] = {f: cols.by_cell[key][where[h]] for f, h in sheet.mapping.items() if h in where}
            else:
                cols.by_field[key] = {f: cols.index(safe_text(h.strip()), taken) for f, h in sheet.mapping.items()}
    return cols


def _originals(result: RowResult, cols: _Columns) -> list[Any]:
    source = result.source
    key = (source.input, source.sheet)
    out: list[Any] = [None] * len(cols.names)
    places = cols.by_cell.get(key)
    if source.cells and places is not None:
        for i, value in enumerate(source.cells[: len(places)]):
            out[places[i]] = value
        return out
    by_field = cols.by_field.get(key)
    if by_field is None:
        # A row from a sheet the run does not describe (the columns are fixed by now): fields go to the
        # column of the same name, if any.
        labels = {FIELD_LABELS.get(f, f): f for f in source.fields}
        by_field = cols.by_field.setdefault(key, {labels[n]: i for i, n in enumerate(cols.names) if n in labels})
    for name, value in source.fields.items():
        if name in by_field:
            out[by_field[name]] = value
    return out


def _joined(items: Iterable[str], sep: str = "; ") -> str:
    return sep.join(dict.fromkeys(i for i in items if i))


def _verdict_texts(v: Verdict) -> list[str]:
    hits = v.hits
    return [
        _joined(h.title for h in hits),
        _joined(h.citation_text() for h in hits),
        _joined((h.reason for h in hits), "\n"),
        _joined((h.question or "" for h in hits), "\n"),
    ]


@dataclass(slots=True)
class _Sheet:
    lead: list[str]
    cols: _Columns
    multi: bool


def _row(ws: Any, result: RowResult, sheet: _Sheet) -> list[Any]:
    source, now, draft = result.source, result.current.status.value, result.draft.status.value
    lead: list[Any] = [text_cell(ws, Path(source.input).name)] if sheet.multi else []
    lead += [
        text_cell(ws, source.sheet),
        source.row,
        text_cell(ws, now, fill=STATUS_FILLS[now]),
        text_cell(ws, draft, fill=STATUS_FILLS[draft]),
        text_cell(ws, result.change, **({"fill": STATUS_FILLS[result.change]} if result.change != "unchanged" else {})),
    ]
    originals = [text_cell(ws, v) for v in _originals(result, sheet.cols)]
    current_texts = _verdict_texts(result.current)
    draft_texts = _verdict_texts(result.draft)[:3]
    tail = [text_cell(ws, t) for t in (*current_texts, *draft_texts, "\n".join(result.notes))]
    return lead + originals + tail


def _width(values: Iterable[Any]) -> float:
    lengths = sorted(len(str(v)) if not isinstance(v, dt.date) else 10 for v in values if v not in (None, ""))
    if not lengths:
        return 0.0
    return float(lengths[int(len(lengths) * 0.9)])  # the 90th percentile: one long cell should not widen all


DRAFT_NOTICE: Final = (
    "The December 2019 China-Russia draft was never adopted; its column is a comparison only. "
    "This export supports, and does not replace, a legal judgement."
)


def _write_summary(ws: Any, run: ScreeningRun, tally: Tally, generated_at: dt.datetime) -> None:
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
    for opened in run.inputs:
        ws.append([text_cell(ws, opened.name), text_cell(ws, opened.path), None, opened.sha256])
        for sheet in opened.sheets:
            state = f"{sheet.rows} rows, header in row {sheet.header_row}" if sheet.skipped is None else sheet.skipped
            ws.append(["", "", text_cell(ws, f"{sheet.name}: {state}")])


def _discard(wb: Workbook) -> None:
    """Close a workbook abandoned half-way and delete its sheets' scratch files (write-only mode)."""
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):  # already closed by a save that failed later, or never begun
            ws.close()
        scratch = getattr(getattr(ws, "_writer", None), "out", None)
        if scratch:
            with contextlib.suppress(OSError):
                os.remove(scratch)


def _write_results(ws: Any, run: ScreeningRun, results: Iterable[RowResult]) -> Tally:
    """Stream the Results sheet: widths from the first rows, frozen header, filter over every row."""
    multi = len(run.inputs) > 1
    cols = _plan_columns(run)
    lead = (["File"] if multi else []) + ["Sheet", "Row", "In force", "Draft (never adopted)", "Change"]
    sheet = _Sheet(lead, cols, multi)
    rows: Iterator[RowResult] = iter(results)
    ahead = list(islice(rows, WIDTH_SAMPLE))
    sample = [_row(ws, r, sheet) for r in ahead]
    headers = lead + cols.names + list(_VERDICT_COLUMNS)
    caps = [14.0] * len(lead) + [40.0] * len(cols.names) + [60.0] * len(_VERDICT_COLUMNS)
    for i, name in enumerate(headers):
        seen = _width(getattr(c, "value", c) for c in (r[i] for r in sample if i < len(r)))
        width = max(8.0, min(max(len(name) * 0.9, seen) + 2, caps[i]))
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    # Write-only sheets take panes and widths before the first row; the filter may come at the end.
    ws.freeze_panes = f"{get_column_letter(len(lead) + 1)}2"
    header_style = {"font": BOLD, "fill": HEADER_FILL, "alignment": Alignment(wrap_text=True, vertical="bottom")}
    ws.append([text_cell(ws, h, **header_style) for h in headers])
    tally = Tally()
    for result in chain(ahead, rows):
        ws.append(sample[tally.rows] if tally.rows < len(sample) else _row(ws, result, sheet))
        tally.add(result)
    ws.auto_filter = AutoFilter(ref=f"A1:{get_column_letter(len(headers))}{tally.rows + 1}")
    return tally


def write_results_xlsx(
    path: str | Path,
    run: ScreeningRun,
    results: Iterable[RowResult],
    *,
    generated_at: dt.datetime | None = None,
) -> int:
    """Write the Results and Summary sheets atomically; returns the number of result rows written."""
    wb = Workbook(write_only=True)
    try:
        summary = wb.create_sheet("Summary")  # first tab: the draft notice is the first thing seen
        tally = _write_results(wb.create_sheet("Results"), run, results)
        _write_summary(summary, run, tally, generated_at or dt.datetime.now().astimezone())
        try:
            with atomic_write(path) as out:
                wb.save(out)
        except OSError as exc:
            raise OutputFileError(f"cannot write the workbook: {exc.strerror or exc}", path=str(path)) from None
    except BaseException:
        _discard(wb)
        raise
    return tally.rows


__all__ = ["DRAFT_NOTICE", "excel_value", "needs_quote", "safe_text", "text_cell", "write_results_xlsx"]
