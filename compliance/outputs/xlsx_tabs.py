"""The results sheets of the workbook: one per screened input sheet, its own columns after the verdicts.

Rows arrive sheet by sheet, so one sheet is written at a time (in constant-memory mode each sheet's rows
go to a scratch file, closed when the sheet is done: a workbook of 4,000 sheets must not hold 4,000 open).
Columns stop at Excel's last (XFD), rows at its last row (the rest of a sheet continues in a sheet of its
own), and every sheet name is one Excel accepts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from xlsxwriter.utility import xl_col_to_name

from compliance.model.errors import OutputFileError
from compliance.model.fields import DATE_FIELDS, FIELD_LABELS
from compliance.model.results import RowResult, Verdict
from compliance.model.source_row import SheetInfo
from compliance.normalise.dates import parse_date
from compliance.outputs.decision_columns import DECISION_COLUMNS, decision_texts
from compliance.outputs.xlsx_cells import CONTROL_CHARACTERS, HEADER, STATUS_STYLES, CellWriter, safe_text
from compliance.run import ScreeningRun, Tally

if TYPE_CHECKING:
    from compliance.decisions.recorder import RowDecisions
    from compliance.intake.importer import OpenedInput
    from compliance.rules.regime import Regime

SUMMARY_TITLE: Final = "Summary"
WIDTH_SAMPLE: Final = 200  # the first rows of a tab, from which its columns are sized
WIDTH_COLUMNS: Final = 1_000  # columns sized from those rows; any further keep Excel's default width
MAX_COLUMNS: Final = 16_384  # Excel's last column, XFD
MAX_ROWS: Final = 1_048_576  # Excel's last row
MAX_TITLE: Final = 31  # characters in a sheet name
MAX_SHEETS: Final = 5_000
"""Sheets in one results workbook; Excel has no fixed limit, but past this it opens too slowly to use."""
_BAD_TITLE: Final = re.compile(r"[:\\/?*\[\]]")
_VERDICT_PARTS: Final = ("measures", "citations", "reasons", "questions")
DecisionsOf = Callable[[RowResult], "RowDecisions"]


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
    base = _BAD_TITLE.sub("_", CONTROL_CHARACTERS.sub("", name)).strip().strip("'").strip() or "Sheet"
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
        columns = [safe_text(h.strip()) or f"Column {xl_col_to_name(i)}" for i, h in enumerate(headers[:room])]
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


def regime_columns(regimes: Sequence[Regime]) -> tuple[str, ...]:
    """Each regime's name in the column headers: its label, with its id when two regimes share a label."""
    labels = [r.label for r in regimes]
    return tuple(
        label if labels.count(label) == 1 else f"{label} ({r.id})" for label, r in zip(labels, regimes, strict=True)
    )


def _status_columns(labels: Sequence[str]) -> list[str]:
    """The baseline's and the alternative's statuses and the change, then each further regime's status
    and its change against the baseline."""
    further = [name for label in labels[2:] for name in (label, f"Change: {label}")]
    return [labels[0], labels[1] if len(labels) > 1 else labels[0], "Change", *further]


def _verdict_columns(labels: Sequence[str]) -> list[str]:
    return [f"{label}: {part}" for label in labels for part in _VERDICT_PARTS] + ["Notes"]


def lead_columns(multi: bool, decisions: bool = False, *, labels: Sequence[str]) -> list[str]:
    """The columns every results tab begins with: where the row is, each regime's verdict (by `labels`,
    the baseline first) and the changes, then their reasons (and, for a screening with the decisions
    store, the decisions)."""
    return (
        (["File"] if multi else [])
        + ["Sheet", "Row"]
        + _status_columns(labels)
        + _verdict_columns(labels)
        + list(_text_columns(decisions))
    )


def _text_columns(decisions: bool) -> tuple[str, ...]:
    """The columns after the verdicts that hold text (they share a wider width cap)."""
    return DECISION_COLUMNS if decisions else ()


def plan_tabs(run: ScreeningRun, decisions: bool = False) -> list[Plan]:
    """One plan per screened input sheet, in workbook order."""
    multi = len(run.inputs) > 1
    room = MAX_COLUMNS - len(lead_columns(multi, decisions, labels=regime_columns(run.regimes)))
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


def _row(result: RowResult, plan: Plan, multi: bool, decisions_of: DecisionsOf | None = None) -> list[Any]:
    """The row's values: where it is, both verdicts and the change, their texts, then the sheet's own cells."""
    source = result.source
    lead: list[Any] = [Path(source.input).name] if multi else []
    lead += [source.sheet, source.row, result.baseline.status.value, result.alternative.status.value, result.change]
    for i in range(2, len(result.verdicts)):
        lead += [result.verdicts[i].status.value, result.change_to(i)]
    return [
        *lead,
        *(text for verdict in result.verdicts for text in _verdict_texts(verdict)),
        "\n".join(result.notes),
        *(decision_texts(decisions_of(result)) if decisions_of else ()),
        *_originals(result, plan),
    ]


def _width(values: Iterable[Any]) -> float:
    lengths = sorted(len(str(v)) if not isinstance(v, dt.date) else 10 for v in values if v not in (None, ""))
    if not lengths:
        return 0.0
    return float(lengths[int(len(lengths) * 0.9)])  # the 90th percentile: one long cell should not widen all


class _Tab:
    """A results tab being written, row after row; its column widths come from its first rows."""

    def __init__(
        self,
        ws: Any,
        cells: CellWriter,
        plan: Plan,
        multi: bool,
        labels: Sequence[str],
        decisions_of: DecisionsOf | None = None,
    ) -> None:
        self.ws, self.cells, self.plan, self.multi = ws, cells, plan, multi
        self.decisions_of = decisions_of
        self.sample: list[list[Any]] = []
        self.rows = 0
        lead = lead_columns(multi, decisions_of is not None, labels=labels)
        self.headers = lead + plan.columns
        self.lead = len(lead)
        self.texts = len(_verdict_columns(labels)) + len(_text_columns(decisions_of is not None))
        statuses = len(_status_columns(labels))
        self.verdicts = range(self.lead - self.texts - statuses, self.lead - self.texts)  # statuses and changes
        for col, name in enumerate(self.headers):
            cells.text(ws, 0, col, name, HEADER)
        ws.freeze_panes(1, self.lead - self.texts)  # the header and where the row is and its verdicts stay

    def add(self, result: RowResult) -> None:
        values = _row(result, self.plan, self.multi, self.decisions_of)
        self.rows += 1
        ws, put, row, verdicts = self.ws, self.cells.put, self.rows, self.verdicts
        for col, value in enumerate(values):
            put(ws, row, col, value, STATUS_STYLES.get(value) if col in verdicts else None)
        if len(self.sample) < WIDTH_SAMPLE:
            self.sample.append(values)

    def _size_columns(self) -> None:
        """Widths from the first rows: wide enough for most values and the header, within a cap."""
        caps = [14.0] * (self.lead - self.texts) + [60.0] * self.texts
        for i, name in enumerate(self.headers[:WIDTH_COLUMNS]):
            seen = _width(r[i] for r in self.sample if i < len(r))
            cap = caps[i] if i < self.lead else 40.0
            self.ws.set_column(i, i, max(8.0, min(max(len(name) * 0.9, seen) + 2, cap)))

    @property
    def full(self) -> bool:
        """Excel's last row is taken: the sheet's next rows go to a tab of their own."""
        return self.rows >= MAX_ROWS - 1

    def close(self) -> None:
        """Finish the tab: its filter covers every row; its scratch file is closed (one open at a time)."""
        self._size_columns()
        self.ws.autofilter(0, 0, self.rows, len(self.headers) - 1)
        # xlsxwriter reopens the scratch file itself when the workbook is saved; the row it still holds
        # in memory is written then.
        self.ws._opt_close()


class _Tabs:
    """Rows to results tabs: one tab per input sheet, in workbook order, written one after another."""

    def __init__(
        self, wb: Any, cells: CellWriter, run: ScreeningRun, plans: list[Plan], decisions_of: DecisionsOf | None = None
    ) -> None:
        self.wb, self.cells, self.plans, self.multi = wb, cells, plans, len(run.inputs) > 1
        self.labels = regime_columns(run.regimes)
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
        self.tab = _Tab(self.wb.add_worksheet(title), self.cells, plan, self.multi, self.labels, self.decisions_of)

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
    cells: CellWriter, run: ScreeningRun, results: Iterable[RowResult], decisions_of: DecisionsOf | None = None
) -> tuple[Tally, list[Plan]]:
    """Stream every row to its sheet's tab in `cells`' workbook (with its decisions when given); the tally
    and the tabs' plans."""
    plans = plan_tabs(run, decisions_of is not None)
    if len(plans) + 1 > MAX_SHEETS:
        check_sheet_count(run)
    tabs = _Tabs(cells.workbook, cells, run, plans, decisions_of)
    tally = Tally(regimes=len(run.regimes))
    for result in results:
        tabs.add(result)
        tally.add(result)
    tabs.finish()
    return tally, tabs.plans


__all__ = [
    "MAX_COLUMNS", "MAX_ROWS", "MAX_SHEETS", "SUMMARY_TITLE", "Plan", "check_sheet_count", "lead_columns",
    "plan_tabs", "regime_columns", "tab_title", "write_results",
]  # fmt: skip
