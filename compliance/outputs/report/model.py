"""The screening report as data: header facts, summary figures, findings, changed rows, appendix.

`build_report` reads a finished run once; `gui.printing.report_html` turns the model into
HTML that QTextDocument and browsers render. Everything the report says is computed here, so the
PDF, the print-out and any later export agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from compliance import __version__
from compliance.model.results import Hit, RowResult, Verdict
from compliance.model.status import STATUSES, Status
from compliance.outputs.report.text import (
    CELL_LIMIT,
    Amount,
    change_measures,
    change_sentence,
    clean,
    compact_reason,
    key_fields,
    money_of,
    money_text,
    money_tuple,
    row_where,
    shorten_quotes,
)
from compliance.rules.regime import Regime
from compliance.run import ScreeningRun

if TYPE_CHECKING:
    from compliance.decisions.recorder import RowDecisions

DEFAULT_TITLE = "DPRK sanctions screening report"
Money = Amount
"""A sum of declared values in one currency ('' when the rows name none)."""
NOTICE = (
    "The December 2019 China-Russia draft was never adopted. This report supports, "
    "and does not replace, a legal judgement."
)


@dataclass(frozen=True, slots=True)
class PackFacts:
    """One rule pack file: title, version and SHA-256."""

    title: str
    version: str
    sha256: str
    file: str


@dataclass(frozen=True, slots=True)
class RegimeFacts:
    """A regime compared: its name, version, hash, the packs it is built from, and its status note."""

    id: str
    title: str
    version: str
    sha256: str
    status_note: str | None
    packs: tuple[PackFacts, ...]


@dataclass(frozen=True, slots=True)
class SheetFacts:
    """A sheet of an input: where its header is and how many data rows were read (or why skipped)."""

    name: str
    header_row: int | None
    rows: int
    skipped: str | None
    notes: tuple[str, ...] = ()
    """What the importer found on reading it (mixed encodings, formulas, two columns for a field)."""


@dataclass(frozen=True, slots=True)
class InputFacts:
    """An input file: name, full path, SHA-256 and its sheets."""

    name: str
    path: str
    sha256: str
    sheets: tuple[SheetFacts, ...]


@dataclass(frozen=True, slots=True)
class DesignationFacts:
    """A designation list as reported: its file, date, hash and number of DPRK entries."""

    name: str
    generated: dt.date | None
    sha256: str
    entries: int


@dataclass(frozen=True, slots=True)
class Header:
    """What was screened, by whom, when, and under which rules."""

    title: str
    organisation: str
    officer: str
    generated_at: dt.datetime
    app_version: str
    as_of: dt.date | None
    inputs: tuple[InputFacts, ...]
    current: RegimeFacts
    draft: RegimeFacts
    designations: tuple[DesignationFacts, ...] = ()
    """The designation lists screened against; empty when party screening was off."""
    thresholds: tuple[float, float] | None = None
    """(match, review) name-score thresholds, when party screening was on."""


@dataclass(frozen=True, slots=True)
class ChangeGroup:
    """Rows the draft would change the same way because of the same measure(s)."""

    change: str
    measure: str
    rows: int
    values: tuple[Amount, ...]
    no_value: int
    """Rows in the group whose value could not be read."""


@dataclass(frozen=True, slots=True)
class MeasureBar:
    """Rows a measure flags (prohibited or review) in force and under the draft, for the chart."""

    measure: str
    current: int
    draft: int


@dataclass(frozen=True, slots=True)
class Summary:
    """Rows per status per regime, the draft's changes by measure, and the chart's figures."""

    rows: int
    current: dict[str, int]
    draft: dict[str, int]
    relaxed: int
    tightened: int
    groups: tuple[ChangeGroup, ...]
    bars: tuple[MeasureBar, ...]
    sentences: tuple[str, ...]
    """'The draft would relax 25 rows worth USD 6.1 m: seafood 11, ...' per direction of change."""

    @property
    def changed(self) -> int:
        """Rows whose verdict the draft would change."""
        return self.relaxed + self.tightened


@dataclass(frozen=True, slots=True)
class VerdictCell:
    """A verdict as a report cell: status, the citations behind it, and measures the regime lifts."""

    status: str
    citations: tuple[str, ...]
    lifted: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FindingRow:
    """A prohibited, review or changed row: where it is, its key facts, both verdicts and why."""

    where: str
    reference: str
    kind: str
    key_fields: tuple[str, ...]
    current: VerdictCell
    draft: VerdictCell
    change: str
    reasons: tuple[str, ...]
    questions: tuple[str, ...]
    measure: str
    """The measure(s) behind the draft's change ('' when the draft changes nothing)."""
    value: str
    number: int = 0
    """The row's number in the findings table, for cross-references."""
    shortened: bool = False
    """Some of the row's text (its reference, a quoted cell) is cut short here; the JSON and Excel keep it."""


@dataclass(frozen=True, slots=True)
class AppendixMeasure:
    """One measure applied: its citation, whether the paragraph is verified, HS basis, and the draft."""

    rule_id: str
    title: str
    measure: str
    citation: str
    paragraph_verified: bool
    adopted: dt.date
    hs_basis: str | None
    reason: str
    draft: str | None
    """Why the draft lifts it, or None when the draft keeps it."""
    rows_current: int
    rows_draft: int


@dataclass(frozen=True, slots=True)
class AppendixException:
    """An exception a regime applies: its title, outcome, the measures it covers and why."""

    regime: str
    title: str
    outcome: str
    applies_to: str
    reason: str
    citation: str


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """An alert of a flagged row with the officer's decision beside it (or why the one taken lapsed)."""

    where: str
    reference: str
    answers: str
    """The measure's title and id, or the listing reference."""
    status: str
    decision: str
    """'cleared by A. Officer on 2026-12-05', or 'undecided'."""
    note: str
    lapsed: str = ""
    """Why an earlier decision no longer applies ('' when none lapsed)."""


@dataclass(frozen=True, slots=True)
class DecisionsPart:
    """The report's decisions section and sign-off block (present when screened with the decisions store)."""

    rows: tuple[DecisionRow, ...]
    alerted: int
    undecided: int
    lapsed: int
    prepared_by: str
    reviewed_by: str
    signed_on: dt.date


@dataclass(frozen=True, slots=True)
class Report:
    """The whole report: header, summary, findings (prohibited, review), changed rows, appendix."""

    header: Header
    summary: Summary
    findings: tuple[FindingRow, ...]
    changed: tuple[FindingRow, ...]
    measures: tuple[AppendixMeasure, ...]
    exceptions: tuple[AppendixException, ...]
    notice: str = NOTICE
    decisions: DecisionsPart | None = None
    scope: str = ""
    """Which rows the report covers when not every row of the screening ('' for all): said on every page."""


def _regime_facts(regime: Regime) -> RegimeFacts:
    packs = tuple(PackFacts(p.pack.pack.title, p.pack.pack.version, p.sha256, Path(p.path).name) for p in regime.packs)
    return RegimeFacts(regime.id, regime.title, regime.version, regime.sha256, regime.status_note, packs)


def _header(run: ScreeningRun, title: str, organisation: str, officer: str, generated_at: dt.datetime) -> Header:
    inputs = tuple(
        InputFacts(
            i.name,
            i.path,
            i.sha256,
            tuple(SheetFacts(s.name, s.header_row, s.rows, s.skipped, tuple(s.notes)) for s in i.sheets),
        )
        for i in run.inputs
    )
    parties = run.parties
    designations = tuple(
        DesignationFacts(d.name, d.generated, d.sha256, len(d.listings)) for d in (parties.lists if parties else ())
    )
    thresholds = (parties.match_threshold, parties.review_threshold) if parties else None
    return Header(
        title, organisation, officer, generated_at, __version__, run.as_of, inputs,
        _regime_facts(run.current), _regime_facts(run.draft), designations, thresholds,
    )  # fmt: skip


def _flagged(verdict: Verdict) -> list[Hit]:
    return [h for h in verdict.hits if h.status is not Status.PERMITTED]


def _verdict_cell(verdict: Verdict) -> VerdictCell:
    citations = dict.fromkeys(h.citation_text() or h.title for h in _flagged(verdict))
    lifted = dict.fromkeys(h.citation_text() or h.title for h in verdict.hits if h.lifted)
    return VerdictCell(verdict.status.value, tuple(citations), tuple(lifted))


def _finding(result: RowResult, measure: str, file_name: str | None) -> FindingRow:
    current, draft = result.current, result.draft
    keys = key_fields(result.source.fields, result.kind)
    reasons = dict.fromkeys(compact_reason(h) for h in _flagged(current))
    questions = dict.fromkeys(h.question for h in _flagged(current) if h.question)
    if result.change != "unchanged":
        # Say why the draft differs: its lift or exemption text, or what it flags that the law does not.
        cur_ids = {h.rule_id: h.status for h in current.hits}
        for h in draft.hits:
            # A lifted measure needs no line here: the draft's column already says "lifts <citation>".
            if not h.lifted and (h.exception or h.status > cur_ids.get(h.rule_id, Status.PERMITTED)):
                reasons.setdefault("Draft: " + compact_reason(h), None)
    value = money_of(result.source.fields)
    # Long cells are cut here, so a ledger of huge cells makes a report of ordinary length.
    reference = clean(result.reference, CELL_LIMIT)
    texts = (*reasons, *(q for q in questions if q))
    short = {t: shorten_quotes(t) for t in texts}
    short_reasons = tuple(dict.fromkeys(short[r] for r in reasons))
    short_questions = tuple(dict.fromkeys(short[q] for q in questions if q))
    shortened = (
        reference != clean(result.reference)
        or any(short[t] != clean(t) for t in texts)
        or any(k.endswith("\u2026") for k in keys)
    )
    return FindingRow(
        where=row_where(result.source, file_name),
        reference=reference,
        kind=result.kind,
        key_fields=keys,
        current=_verdict_cell(current),
        draft=_verdict_cell(draft),
        change=result.change,
        reasons=short_reasons,
        questions=short_questions,
        shortened=shortened,
        measure=measure,
        value=value.label if value else "",
    )


@dataclass(slots=True)
class _GroupAcc:
    rows: int = 0
    no_value: int = 0
    sums: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))


class ReportBuilder:
    """The report model gathered row by row as a screening streams (only rows with findings are kept)."""

    def __init__(self, run: ScreeningRun, decisions_of: Callable[[RowResult], RowDecisions] | None = None) -> None:
        self.run = run
        self.decisions_of = decisions_of
        self.decision_rows: list[DecisionRow] = []
        self.alerted = self.undecided = self.lapsed = 0
        self.counts = {regime: dict.fromkeys((s.value for s in STATUSES), 0) for regime in ("current", "draft")}
        self.relaxed = self.tightened = self.rows = 0
        self.groups: dict[tuple[str, str], _GroupAcc] = {}
        self.bars_current: Counter[str] = Counter()
        self.bars_draft: Counter[str] = Counter()
        self.rule_rows: dict[str, Counter[str]] = {"current": Counter(), "draft": Counter()}
        self.findings: list[FindingRow] = []
        self.names = {i.path: i.name for i in run.inputs}

    def add(self, result: RowResult) -> None:
        """Count one row, and keep it when it has a finding under either regime."""
        self.rows += 1
        self.counts["current"][result.current.status.value] += 1
        self.counts["draft"][result.draft.status.value] += 1
        if result.current.status is Status.PERMITTED and result.draft.status is Status.PERMITTED:
            return  # most rows of a ledger: nothing more to count
        for regime, verdict, bars in (
            ("current", result.current, self.bars_current),
            ("draft", result.draft, self.bars_draft),
        ):
            flagged = _flagged(verdict)
            bars.update({h.measure for h in flagged})
            self.rule_rows[regime].update({h.rule_id for h in flagged})
        change = result.change
        measure = ""
        if change != "unchanged":
            self.relaxed += change == "relaxed"
            self.tightened += change == "tightened"
            measure = " + ".join(change_measures(result))
            acc = self.groups.setdefault((change, measure), _GroupAcc())
            acc.rows += 1
            value = money_of(result.source.fields)
            if value is None:
                acc.no_value += 1
            else:
                acc.sums[value.currency] += value.amount
        file_name = self.names.get(result.source.input) if len(self.names) > 1 else None
        self.findings.append(_finding(result, measure, file_name))
        if self.decisions_of is not None:
            self._add_decisions(result, self.decisions_of(result), file_name)

    def _add_decisions(self, result: RowResult, decisions: RowDecisions, file_name: str | None) -> None:
        """Keep each alert of the row with its decision, for the decisions section."""
        if not decisions.hits:
            return
        self.alerted += 1
        self.undecided += decisions.undecided
        seen: set[tuple[str, str]] = set()
        for hit in (*result.current.hits, *result.draft.hits):
            beside = decisions.for_hit(hit)
            if beside is None or (hit.rule_id, beside.subject.key) in seen:
                continue
            seen.add((hit.rule_id, beside.subject.key))
            taken = beside.decision
            answers = beside.subject.key if beside.subject.kind == "listing" else f"{hit.title} ({hit.rule_id})"
            note = ""
            if taken is not None:
                note = taken.note
                if taken.exemption:
                    until = f", valid until {taken.valid_until.isoformat()}" if taken.valid_until else ""
                    note += f" (exemption {taken.exemption}{until})"
            self.lapsed += beside.lapsed is not None
            if taken is None and beside.lapsed is None:
                continue  # undecided: counted, and listed among the findings already
            self.decision_rows.append(
                DecisionRow(
                    where=row_where(result.source, file_name),
                    reference=result.reference,
                    answers=answers,
                    status=str(hit.status),
                    decision=taken.label() if taken is not None else "undecided",
                    note=note,
                    lapsed=beside.lapsed_reason,
                )
            )

    def report(
        self,
        *,
        organisation: str,
        officer: str,
        generated_at: dt.datetime,
        title: str = DEFAULT_TITLE,
        reviewed_by: str = "",
    ) -> Report:
        """The report of every row added so far."""
        change_groups = sorted(
            (ChangeGroup(c, m, a.rows, money_tuple(a.sums), a.no_value) for (c, m), a in self.groups.items()),
            key=lambda g: (g.change != "relaxed", -g.rows, g.measure),
        )
        sentences = tuple(
            change_sentence(c, [(g.measure, g.rows, g.values, g.no_value) for g in change_groups if g.change == c])
            for c in ("relaxed", "tightened")
            if any(g.change == c for g in change_groups)
        )
        bars_current, bars_draft = self.bars_current, self.bars_draft
        measures_seen = sorted(set(bars_current) | set(bars_draft), key=lambda m: (-bars_current[m], -bars_draft[m], m))
        summary = Summary(
            rows=self.rows,
            current=self.counts["current"],
            draft=self.counts["draft"],
            relaxed=self.relaxed,
            tightened=self.tightened,
            groups=tuple(change_groups),
            bars=tuple(MeasureBar(m, bars_current[m], bars_draft[m]) for m in measures_seen),
            sentences=sentences,
        )
        # Prohibited first, then review, then rows only the draft flags; each in ledger order.
        order = {Status.PROHIBITED.value: 0, Status.REVIEW.value: 1, Status.PERMITTED.value: 2}
        ledger_order = self.findings
        findings = sorted(ledger_order, key=lambda f: order[f.current.status])
        numbers = {id(f): n for n, f in enumerate(findings, 1)}
        numbered = [replace(f, number=numbers[id(f)]) for f in findings]
        changed = [replace(f, number=numbers[id(f)]) for f in ledger_order if f.change != "unchanged"]
        return Report(
            header=_header(self.run, title, organisation, officer, generated_at),
            summary=summary,
            findings=tuple(numbered),
            changed=tuple(changed),
            measures=_appendix_measures(self.run, self.rule_rows),
            exceptions=_appendix_exceptions(self.run),
            decisions=self._decisions_part(officer, reviewed_by, generated_at.date()),
        )

    def _decisions_part(self, officer: str, reviewed_by: str, day: dt.date) -> DecisionsPart | None:
        if self.decisions_of is None:
            return None
        rows = tuple(self.decision_rows)
        return DecisionsPart(rows, self.alerted, self.undecided, self.lapsed, officer, reviewed_by, day)


def build_report(
    run: ScreeningRun,
    results: Iterable[RowResult],
    *,
    organisation: str,
    officer: str,
    generated_at: dt.datetime,
    title: str = DEFAULT_TITLE,
    decisions_of: Callable[[RowResult], RowDecisions] | None = None,
) -> Report:
    """Build the report model from a run and its results (read once; a generator is fine); with
    `decisions_of`, the officer's decisions on each row's alerts make the decisions section."""
    builder = ReportBuilder(run, decisions_of)
    for result in results:
        builder.add(result)
    return builder.report(organisation=organisation, officer=officer, generated_at=generated_at, title=title)


def _appendix_measures(run: ScreeningRun, rule_rows: dict[str, Counter[str]]) -> tuple[AppendixMeasure, ...]:
    lifted = run.draft.lifted
    return tuple(
        AppendixMeasure(
            rule_id=r.id,
            title=r.title,
            measure=r.measure,
            citation=r.citation.text(),
            paragraph_verified=r.citation.paragraph_verified,
            adopted=r.citation.adopted,
            hs_basis=r.goods.hs_basis if r.goods else None,
            reason=r.reason,
            draft=lifted.get(r.id),
            rows_current=rule_rows["current"][r.id],
            rows_draft=rule_rows["draft"][r.id],
        )
        for r in run.current.book.rules
    )


def _appendix_exceptions(run: ScreeningRun) -> tuple[AppendixException, ...]:
    out: list[AppendixException] = []
    titles = {r.id: r.title for r in run.current.book.rules}
    for label, regime in (("in force", run.current), ("draft", run.draft)):
        for exc in regime.packs[-1].pack.exception:
            applies = "every measure" if "*" in exc.rules else "; ".join(titles.get(r, r) for r in exc.rules)
            out.append(
                AppendixException(
                    label, exc.title, exc.outcome, applies, exc.reason, exc.citation.text() if exc.citation else ""
                )
            )
    return tuple(out)


def covering(report: Report, scope: str) -> Report:
    """The report said to cover only some rows (the table's filtered rows): `scope` says which, on every page."""
    return replace(report, scope=scope)


__all__ = [
    "NOTICE",
    "AppendixException",
    "AppendixMeasure",
    "ChangeGroup",
    "DecisionRow",
    "DecisionsPart",
    "FindingRow",
    "Header",
    "InputFacts",
    "MeasureBar",
    "Money",
    "Report",
    "ReportBuilder",
    "Summary",
    "build_report",
    "money_text",
]
