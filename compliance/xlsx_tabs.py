"""The results sheets of the workbook: one per screened input sheet, its own columns after the verdicts.

Rows arrive sheet by sheet, so one sheet is open at a time (write-only sheets each hold a scratch file
open until closed: a workbook of 4,000 sheets must not hold 4,000). Columns stop at Excel's last (XFD),
rows at its last row (the rest of a sheet continues in a sheet of its own), and every sheet name is
one Excel accepts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter

from compliance.dates import parse_date
from compliance.decisions.columns import DECISION_COLUMNS, decision_texts
from compliance.decisions.recorder import RowDecisions
from compliance.errors import OutputFileError
from compliance.fields import DATE_FIELDS, FIELD_LABELS
from compliance.importer import OpenedInput
from compliance.records import SheetInfo
from compliance.results import RowResult, Verdict
from compliance.screening import ScreeningRun, Tally
from compliance.xlsx_cells import BOLD, HEADER_ALIGNMENT, HEADER_FILL, STATUS_FILLS, safe_text, text_cell

SUMMARY_TITLE: Final = "Summary"
WIDTH_SAMPLE: Final = 200  # rows read ahead to size the columns (write-only sheets fix widths first)
WIDTH_COLUMNS: Final = 1_000  # columns sized from those rows; any further keep Excel's default width
MAX_COLUMNS: Final = 16_384  # Excel's last column, XFD
MAX_ROWS: Final = 1_048_576  # Excel's last row
MAX_TITLE: Final = 31  # characters in a sheet name
MAX_SHEETS: Final = 5_000
"""Sheets in one results workbook; Excel has no fixed limit, but past this it opens too slowly to use."""
_BAD_TITLE: Final = re.compile(r"[:\\/?*\[\]]")
_LEAD_COLUMNS: Final = ("Sheet", "Row", "In force", "Draft (never adopted)", "Change")
_VERDICT_COLUMNS: Final = (
    "In force: measures", "In force: citations", "In force: reasons", "In force: questions",
    "Draft (never adopted): measures", "Draft (never adopted): citations", "Draft (never adopted): reasons",
    "Draft (never adopted): questions", "Notes",
)  # fmt: skip
DecisionsOf = Callable[[RowResult], RowDecisions]


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, units: int) -> str:
    """The text cut to at most `units` UTF-16 code units (how Excel counts a sheet name's characters)."""
    text = text[:units]  # every character takes at least one unit
    while _utf16_units(text) > units:
        text = text[:-1]
    return text


def tab_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts, made from `name` and unique among `taken` (compared as Excel does).

    At most 31 characters, none of : \\ / ? * [ ], no control character, not beginning or ending with an
    apostrophe, not 'History' (reserved by Excel); a name already taken gets ' (2)', ' (3)' ...
    """
    base = _BAD_TITLE.sub("_", ILLEGAL_CHARACTERS_RE.sub("", name)).strip().strip("'").strip() or "Sheet"
    n = 1
    while True:
        suffix = "" if n == 1 else f" ({n})"
        title = _cut(base, MAX_TITLE - len(suffix)).rstrip().rstrip("'") + suffix
        if title.casefold() not in taken and title.casefold() != "history":
            taken.add(title.casefold())
            return title
        n += 1


@dataclass(slots=True)
class Plan:
    """One input sheet's results: its tab, its own columns (bounded) and where its fields go."""

    key: tuple[str, str]
    """(input path, sheet name): what a result's source names."""
    base: str
    """The tab name before it is made valid and unique."""
    columns: list[str]
    from_cells: bool
    """The rows carry every cell of the sheet (else only the screened fields)."""
    by_field: dict[str, int]
    left_out: int = 0
    """Columns of the sheet beyond Excel's last column, not written."""
    titles: list[str] = field(default_factory=list)
    """The tabs this sheet's rows went to: more than one past Excel's row limit."""


def _tab_base(opened: OpenedInput, sheet_name: str, multi: bool) -> str:
    stem = Path(opened.name).stem
    return f"{stem} {sheet_name}" if multi and sheet_name != stem else sheet_name


def _plan(opened: OpenedInput, sheet: SheetInfo, room: int, multi: bool) -> Plan:
    key, base = (opened.path, sheet.name), _tab_base(opened, sheet.name, multi)
    if opened.keep_cells:
        headers = list(sheet.headers)
        columns = [safe_text(h.strip()) or f"Column {get_column_letter(i + 1)}" for i, h in enumerate(headers[:room])]
        where: dict[str, int] = {}
        for i, h in enumerate(headers[:room]):
            where.setdefault(h, i)
        by_field = {f: where[h] for f, h in sheet.mapping.items() if h in where}
        return Plan(key, base, columns, True, by_field, max(0, len(headers) - room))
    mapped = set(sheet.mapping.values())
    order = [h for h in dict.fromkeys(sheet.headers) if h in mapped] or list(dict.fromkeys(sheet.mapping.values()))
    columns = [safe_text(h.strip()) for h in order[:room]]
    place = {h: i for i, h in enumerate(order[:room])}
    by_field = {f: place[h] for f, h in sheet.mapping.items() if h in place}
    return Plan(key, base, columns, False, by_field, max(0, len(order) - room))


def _stray_plan(result: RowResult, multi: bool) -> Plan:
    """A plan for a row from a sheet the run does not describe: its screened fields, by label."""
    source = result.source
    names = list(source.fields)
    base = f"{Path(source.input).stem} {source.sheet}" if multi else source.sheet
    return Plan((source.input, source.sheet), base, [FIELD_LABELS.get(n, n) for n in names], False,
                 {n: i for i, n in enumerate(names)})  # fmt: skip


def lead_columns(multi: bool, decisions: bool = False) -> list[str]:
    """The columns every results tab begins with: where the row is, both verdicts, then their reasons
    (and, for a screening with the decisions store, the decisions)."""
    return (["File"] if multi else []) + list(_LEAD_COLUMNS) + list(_VERDICT_COLUMNS) + list(_text_columns(decisions))


def _text_columns(decisions: bool) -> tuple[str, ...]:
    """The columns after the verdicts that hold text (they share a wider width cap)."""
    return DECISION_COLUMNS if decisions else ()


def plan_tabs(run: ScreeningRun, decisions: bool = False) -> list[Plan]:
    """One plan per screened input sheet, in workbook order."""
    multi = len(run.inputs) > 1
    room = MAX_COLUMNS - len(lead_columns(multi, decisions))
    return [
        _plan(opened, sheet, room, multi) for opened in run.inputs for sheet in opened.sheets if sheet.skipped is None
    ]


def check_sheet_count(run: ScreeningRun) -> None:
    """OutputFileError (one line) when the results would need more tabs than the workbook may hold."""
    tabs = len(plan_tabs(run)) + 1
    if tabs > MAX_SHEETS:
        raise OutputFileError(
            f"the results would need {tabs:,} sheets (one per screened input sheet, and the summary); "
            f"a results workbook holds at most {MAX_SHEETS:,}: choose one sheet with --sheet, or write --json"
        )


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


def as_date(value: Any, order: str | None) -> Any:
    """A date column's cell as a date Excel can sort and filter, when it reads as one date; else as written."""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() and value.tzinfo is None else value
    if not isinstance(value, str) or not value.strip():
        return value
    parsed = parse_date(value, order)
    return parsed.value if parsed.value is not None else value


def _originals(result: RowResult, plan: Plan) -> list[Any]:
    source = result.source
    width = len(plan.columns)
    if plan.from_cells and source.cells:
        out = list(source.cells[:width])
    else:
        out = [None] * width
        for name, value in source.fields.items():
            at = plan.by_field.get(name)
            if at is not None:
                out[at] = value
    for name in DATE_FIELDS:
        at = plan.by_field.get(name)
        if at is not None and at < width:
            out[at] = as_date(out[at], source.date_order)
    return out


def _row(ws: Any, result: RowResult, plan: Plan, multi: bool, decisions_of: DecisionsOf | None = None) -> list[Any]:
    source, now, draft = result.source, result.current.status.value, result.draft.status.value
    lead: list[Any] = [text_cell(ws, Path(source.input).name)] if multi else []
    lead += [
        text_cell(ws, source.sheet),
        source.row,
        text_cell(ws, now, fill=STATUS_FILLS[now]),
        text_cell(ws, draft, fill=STATUS_FILLS[draft]),
        text_cell(ws, result.change, **({"fill": STATUS_FILLS[result.change]} if result.change != "unchanged" else {})),
    ]
    texts = (
        *_verdict_texts(result.current),
        *_verdict_texts(result.draft),
        "\n".join(result.notes),
        *(decision_texts(decisions_of(result)) if decisions_of else ()),
    )
    return lead + [text_cell(ws, t) for t in texts] + [text_cell(ws, v) for v in _originals(result, plan)]


def _width(values: Iterable[Any]) -> float:
    lengths = sorted(len(str(v)) if not isinstance(v, dt.date) else 10 for v in values if v not in (None, ""))
    if not lengths:
        return 0.0
    return float(lengths[int(len(lengths) * 0.9)])  # the 90th percentile: one long cell should not widen all


class _Tab:
    """A results tab being written: its first rows wait until the column widths are known."""

    def __init__(self, ws: Any, plan: Plan, multi: bool, decisions_of: DecisionsOf | None = None) -> None:
        self.ws, self.plan, self.multi = ws, plan, multi
        self.decisions_of = decisions_of
        self.sample: list[list[Any]] | None = []
        self.rows = 0
        self.headers = lead_columns(multi, decisions_of is not None) + plan.columns

    def add(self, result: RowResult) -> None:
        row = _row(self.ws, result, self.plan, self.multi, self.decisions_of)
        self.rows += 1
        if self.sample is None:
            self.ws.append(row)
            return
        self.sample.append(row)
        if len(self.sample) >= WIDTH_SAMPLE:
            self._begin()

    def _begin(self) -> None:
        """Widths from the rows read ahead, frozen panes, the header, then those rows (write-only order)."""
        sample, self.sample = self.sample or [], None
        ws, lead = self.ws, len(lead_columns(self.multi, self.decisions_of is not None))
        texts = len(_VERDICT_COLUMNS) + len(_text_columns(self.decisions_of is not None))
        caps = [14.0] * (lead - texts) + [60.0] * texts
        for i, name in enumerate(self.headers[:WIDTH_COLUMNS]):
            seen = _width(getattr(c, "value", c) for c in (r[i] for r in sample if i < len(r)))
            cap = caps[i] if i < lead else 40.0
            ws.column_dimensions[get_column_letter(i + 1)].width = max(8.0, min(max(len(name) * 0.9, seen) + 2, cap))
        ws.freeze_panes = f"{get_column_letter(lead - texts + 1)}2"
        header_style = {"font": BOLD, "fill": HEADER_FILL, "alignment": HEADER_ALIGNMENT}
        ws.append([text_cell(ws, h, **header_style) for h in self.headers])
        for row in sample:
            ws.append(row)

    @property
    def full(self) -> bool:
        """Excel's last row is taken: the sheet's next rows go to a tab of their own."""
        return self.rows >= MAX_ROWS - 1

    def close(self) -> None:
        """Finish the tab: its filter covers every row; its scratch file is closed (one open at a time)."""
        if self.sample is not None:
            self._begin()
        self.ws.auto_filter = AutoFilter(ref=f"A1:{get_column_letter(len(self.headers))}{self.rows + 1}")
        self.ws.close()


class _Tabs:
    """Rows to results tabs: one tab per input sheet, in workbook order, written one after another."""

    def __init__(
        self, wb: Workbook, run: ScreeningRun, plans: list[Plan], decisions_of: DecisionsOf | None = None
    ) -> None:
        self.wb, self.plans, self.multi = wb, plans, len(run.inputs) > 1
        self.decisions_of = decisions_of
        self.taken = {SUMMARY_TITLE.casefold()}
        self.next = 0
        self.opened = 1  # the Summary
        self.tab: _Tab | None = None

    def add(self, result: RowResult) -> None:
        """Write one row to its sheet's tab."""
        key = (result.source.input, result.source.sheet)
        if self.tab is None or self.tab.plan.key != key:
            self._switch(key, result)
        elif self.tab.full:
            self._open(self.tab.plan)
        assert self.tab is not None
        self.tab.add(result)

    def _switch(self, key: tuple[str, str], result: RowResult) -> None:
        ahead = next((j for j in range(self.next, len(self.plans)) if self.plans[j].key == key), None)
        if ahead is not None:
            for plan in self.plans[self.next : ahead]:  # sheets with no rows still get their (empty) tab
                self._open(plan)
            self.next = ahead + 1
            self._open(self.plans[ahead])
            return
        # A sheet whose tab is already closed (rows out of workbook order) or one the run does not describe.
        earlier = next((p for p in self.plans if p.key == key), None)
        if earlier is None:
            earlier = _stray_plan(result, self.multi)
            self.plans.append(earlier)
        self._open(earlier)

    def _open(self, plan: Plan) -> None:
        self._close()
        if self.opened >= MAX_SHEETS:
            raise OutputFileError(f"the results would need more than {MAX_SHEETS:,} sheets; choose fewer with --sheet")
        title = tab_title(plan.base, self.taken)
        plan.titles.append(title)
        self.opened += 1
        self.tab = _Tab(self.wb.create_sheet(title), plan, self.multi, self.decisions_of)

    def _close(self) -> None:
        if self.tab is not None:
            self.tab.close()
            self.tab = None

    def finish(self) -> None:
        """Close the last tab and give the sheets that had no rows their empty tabs."""
        for plan in self.plans[self.next :]:
            self._open(plan)
        self.next = len(self.plans)
        self._close()


def write_results(
    wb: Workbook, run: ScreeningRun, results: Iterable[RowResult], decisions_of: DecisionsOf | None = None
) -> tuple[Tally, list[Plan]]:
    """Stream every row to its sheet's tab (with its decisions when given); the tally and the tabs' plans."""
    plans = plan_tabs(run, decisions_of is not None)
    if len(plans) + 1 > MAX_SHEETS:
        check_sheet_count(run)
    tabs = _Tabs(wb, run, plans, decisions_of)
    tally = Tally()
    for result in results:
        tabs.add(result)
        tally.add(result)
    tabs.finish()
    return tally, tabs.plans


__all__ = [
    "MAX_COLUMNS", "MAX_ROWS", "MAX_SHEETS", "SUMMARY_TITLE", "Plan", "check_sheet_count", "lead_columns",
    "plan_tabs", "tab_title", "write_results",
]  # fmt: skip
