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
from typing import TYPE_CHECKING

from compliance.model.results import RowResult
from compliance.model.status import Status
from compliance.outputs.report.findings import finding_row, flagged_hits, header_facts
from compliance.outputs.report.parts import (
    DEFAULT_TITLE,
    NOTICE,
    AlternativeChanges,
    AppendixException,
    AppendixMeasure,
    ChangeGroup,
    DecisionRow,
    DecisionsPart,
    DesignationFacts,
    FindingRow,
    Header,
    InputFacts,
    MeasureBar,
    Money,
    PackFacts,
    RegimeFacts,
    Report,
    SheetFacts,
    Summary,
    VerdictCell,
)
from compliance.outputs.report.text import (
    change_measures,
    change_sentence,
    money_of,
    money_text,
    money_tuple,
    row_where,
)
from compliance.rules.regime import Regime
from compliance.run import ScreeningRun, Tally

if TYPE_CHECKING:
    from compliance.decisions.recorder import RowDecisions


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
        self.tally = Tally(regimes=len(run.regimes))
        # Per regime compared with the baseline (index 1 on; index 0 stays empty): rows changed by measure.
        self.groups_by: list[dict[tuple[str, str], _GroupAcc]] = [{} for _ in run.regimes]
        self.bars_current: Counter[str] = Counter()
        self.bars_draft: Counter[str] = Counter()
        self.rule_rows: dict[str, Counter[str]] = {"current": Counter(), "draft": Counter()}
        self.findings: list[FindingRow] = []
        self.names = {i.path: i.name for i in run.inputs}

    @property
    def rows(self) -> int:
        """Rows counted so far."""
        return self.tally.rows

    @rows.setter
    def rows(self, rows: int) -> None:
        # The look-back report sets the totals its workers counted: it hands only flagged rows to `add`.
        self.tally.rows = rows

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        """Rows per status, per regime ('current', 'draft')."""
        return {"current": self.tally.baseline, "draft": self.tally.alternative}

    @counts.setter
    def counts(self, counts: dict[str, dict[str, int]]) -> None:
        self.tally.per_regime[0], self.tally.per_regime[1] = dict(counts["current"]), dict(counts["draft"])

    @property
    def groups(self) -> dict[tuple[str, str], _GroupAcc]:
        """Rows the alternative changes, by (change, measure)."""
        return self.groups_by[1] if len(self.groups_by) > 1 else {}

    def add(self, result: RowResult) -> None:
        """Count one row, and keep it when it has a finding under the baseline or the alternative."""
        self.tally.add(result)
        if all(v.status is Status.PERMITTED for v in result.verdicts):
            return  # most rows of a ledger: nothing more to count
        for i in range(2, len(result.verdicts)):
            if result.change_to(i) != "unchanged":
                self._count_change(i, result, " + ".join(change_measures(result, i)))
        if result.baseline.status is Status.PERMITTED and result.alternative.status is Status.PERMITTED:
            return  # flagged only under a further alternative: counted in its changes, not listed
        for regime, verdict, bars in (
            ("current", result.baseline, self.bars_current),
            ("draft", result.alternative, self.bars_draft),
        ):
            flagged = flagged_hits(verdict)
            bars.update({h.measure for h in flagged})
            self.rule_rows[regime].update({h.rule_id for h in flagged})
        measure = ""
        if result.change != "unchanged":
            measure = " + ".join(change_measures(result))
            self._count_change(1, result, measure)
        file_name = self.names.get(result.source.input) if len(self.names) > 1 else None
        self.findings.append(finding_row(result, measure, file_name, self.run.alternative.label))
        if self.decisions_of is not None:
            self._add_decisions(result, self.decisions_of(result), file_name)

    def _count_change(self, regime: int, result: RowResult, measure: str) -> None:
        """Count a row regime `regime` changes, with its declared value, under the measure(s) deciding it."""
        acc = self.groups_by[regime].setdefault((result.change_to(regime), measure), _GroupAcc())
        acc.rows += 1
        value = money_of(result.source.fields)
        if value is None:
            acc.no_value += 1
        else:
            acc.sums[value.currency] += value.amount

    def _alternative(self, regime: int) -> AlternativeChanges:
        """What regime `regime` would change against the baseline, by measure, with its sentences."""
        label = self.run.regimes[regime].label
        groups = sorted(
            (
                ChangeGroup(c, m, a.rows, money_tuple(a.sums), a.no_value)
                for (c, m), a in self.groups_by[regime].items()
            ),
            key=lambda g: (g.change != "relaxed", -g.rows, g.measure),
        )
        sentences = tuple(
            change_sentence(c, [(g.measure, g.rows, g.values, g.no_value) for g in groups if g.change == c], label)
            for c in ("relaxed", "tightened")
            if any(g.change == c for g in groups)
        )
        return AlternativeChanges(
            label, self.run.regimes[regime].notice, self.tally.relaxed_by[regime], self.tally.tightened_by[regime],
            tuple(groups), sentences,
        )  # fmt: skip

    def _add_decisions(self, result: RowResult, decisions: RowDecisions, file_name: str | None) -> None:
        """Keep each alert of the row with its decision, for the decisions section."""
        if not decisions.hits:
            return
        self.alerted += 1
        self.undecided += decisions.undecided
        seen: set[tuple[str, str]] = set()
        for hit in (*result.baseline.hits, *result.alternative.hits):
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
        alternatives = tuple(self._alternative(i) for i in range(1, len(self.run.regimes)))
        pair = alternatives[0] if alternatives else AlternativeChanges("", "", 0, 0, (), ())
        bars_current, bars_draft = self.bars_current, self.bars_draft
        measures_seen = sorted(set(bars_current) | set(bars_draft), key=lambda m: (-bars_current[m], -bars_draft[m], m))
        summary = Summary(
            rows=self.tally.rows,
            baseline=self.tally.baseline,
            alternative=self.tally.alternative,
            relaxed=self.tally.relaxed,
            tightened=self.tally.tightened,
            groups=pair.groups,
            bars=tuple(MeasureBar(m, bars_current[m], bars_draft[m]) for m in measures_seen),
            sentences=pair.sentences,
            labels=tuple(r.label for r in self.run.regimes),
            per_regime=tuple(dict(c) for c in self.tally.per_regime),
            alternatives=alternatives,
        )
        # Prohibited first, then review, then rows only the draft flags; each in ledger order.
        ledger_order = self.findings
        findings = sorted(ledger_order, key=lambda f: -Status(f.baseline.status).rank)
        numbers = {id(f): n for n, f in enumerate(findings, 1)}
        numbered = [replace(f, number=numbers[id(f)]) for f in findings]
        changed = [replace(f, number=numbers[id(f)]) for f in ledger_order if f.change != "unchanged"]
        return Report(
            header=header_facts(self.run, title, organisation, officer, generated_at),
            summary=summary,
            findings=tuple(numbered),
            changed=tuple(changed),
            measures=_appendix_measures(self.run, self.rule_rows),
            exceptions=_appendix_exceptions(self.run),
            notice=report_notice(self.run.regimes),
            decisions=self._decisions_part(officer, reviewed_by, generated_at.date()),
            page_notice=page_notice(self.run.regimes),
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


def report_notice(regimes: Iterable[Regime]) -> str:
    """The notice of each regime compared that is not law, then that the report supports a judgement."""
    return " ".join([*dict.fromkeys(r.notice for r in regimes if r.notice), NOTICE])


def page_notice(regimes: Iterable[Regime]) -> str:
    """The notice for the page footer: in full for one regime that is not law, by each one's banner
    (its notice in a few words) when there are several, so the footer keeps to its two lines."""
    not_law = [r for r in regimes if r.notice]
    if len(not_law) < 2:
        return report_notice(not_law)
    banners = dict.fromkeys((r.declared.banner if r.declared else None) or r.label for r in not_law)
    return "; ".join(banners) + ". Verdicts under them are a comparison only. " + NOTICE


def _alternative_says(run: ScreeningRun, index: int) -> str | None:
    """What the alternative does to the book's rule at `index`, or None when it keeps it as the baseline has it."""
    base, alternative = run.baseline, run.alternative
    rule = base.book.rules[index]
    if index not in alternative.active:
        replaced_by = alternative.replaced.get(rule.id)
        return f"replaced by {replaced_by}" if replaced_by else "not applied"
    if rule.id in alternative.lifted:
        return alternative.lifted[rule.id]
    if index not in base.active:
        return f"added: {alternative.amended.get(rule.id, rule.title)}"
    if rule.id in alternative.amended and alternative.amended.get(rule.id) != base.amended.get(rule.id):
        return f"changed: {alternative.amended[rule.id]}"
    return None


def _appendix_measures(run: ScreeningRun, rule_rows: dict[str, Counter[str]]) -> tuple[AppendixMeasure, ...]:
    book = run.baseline.book
    applied = sorted(run.baseline.active | run.alternative.active) if run.baseline.active else range(len(book.rules))
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
            alternative=_alternative_says(run, i),
            rows_current=rule_rows["current"][r.id],
            rows_draft=rule_rows["draft"][r.id],
        )
        for i, r in ((i, book.rules[i]) for i in applied)
    )


def _appendix_exceptions(run: ScreeningRun) -> tuple[AppendixException, ...]:
    out: list[AppendixException] = []
    titles = {r.id: r.title for r in run.baseline.book.rules}
    for regime in run.regimes:
        label = regime.label
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
    "AlternativeChanges",
    "AppendixException",
    "AppendixMeasure",
    "ChangeGroup",
    "DecisionRow",
    "DecisionsPart",
    "DesignationFacts",
    "FindingRow",
    "Header",
    "InputFacts",
    "MeasureBar",
    "Money",
    "PackFacts",
    "RegimeFacts",
    "Report",
    "ReportBuilder",
    "SheetFacts",
    "Summary",
    "VerdictCell",
    "build_report",
    "money_text",
    "page_notice",
    "report_notice",
]
