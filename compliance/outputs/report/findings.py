"""A run's header facts and one row's finding line, as the report states them (cut to printable length)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from compliance import __version__
from compliance.model.results import Hit, RowResult, Verdict
from compliance.model.status import Status
from compliance.outputs.report.parts import (
    DesignationFacts,
    FindingRow,
    Header,
    InputFacts,
    PackFacts,
    RegimeFacts,
    SheetFacts,
    VerdictCell,
)
from compliance.outputs.report.text import (
    CELL_LIMIT,
    clean,
    compact_reason,
    key_fields,
    money_of,
    row_where,
    shorten_quotes,
)
from compliance.rules.regime import Regime
from compliance.run import ScreeningRun


def regime_facts(regime: Regime) -> RegimeFacts:
    """A regime as the header states it: id, title, version, hash, its packs, label and notice."""
    packs = tuple(PackFacts(p.pack.pack.title, p.pack.pack.version, p.sha256, Path(p.path).name) for p in regime.packs)
    banner = (regime.declared.banner or "") if regime.declared and not regime.is_law else ""
    return RegimeFacts(
        regime.id, regime.title, regime.version, regime.sha256, regime.status_note, packs,
        label=regime.label, notice=regime.notice, banner=banner or regime.notice,
    )  # fmt: skip


def header_facts(run: ScreeningRun, title: str, organisation: str, officer: str, generated_at: dt.datetime) -> Header:
    """The report's header: who, when, which inputs, regimes and designation lists."""
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
        regime_facts(run.baseline), regime_facts(run.alternative), designations, thresholds,
        tuple(regime_facts(r) for r in run.regimes[2:]),
    )  # fmt: skip


def flagged_hits(verdict: Verdict) -> list[Hit]:
    """The hits that make the verdict more than permitted."""
    return [h for h in verdict.hits if h.status is not Status.PERMITTED]


def verdict_cell(verdict: Verdict) -> VerdictCell:
    """A verdict as its report cell: status, measures cited, measures lifted."""
    citations = dict.fromkeys(h.citation_text() or h.title for h in flagged_hits(verdict))
    lifted = dict.fromkeys(h.citation_text() or h.title for h in verdict.hits if h.lifted)
    return VerdictCell(verdict.status.value, tuple(citations), tuple(lifted))


def finding_row(
    result: RowResult, measure: str, file_name: str | None, alternative: str = "The alternative"
) -> FindingRow:
    """One row's line among the findings, its long cells and quotes cut to printable length; `alternative`
    is the alternative regime's label, which prefixes its own reasons."""
    current, draft = result.baseline, result.alternative
    keys = key_fields(result.source.fields, result.kind)
    reasons = dict.fromkeys(compact_reason(h) for h in flagged_hits(current))
    questions = dict.fromkeys(h.question for h in flagged_hits(current) if h.question)
    if result.change != "unchanged":
        # Say why the alternative differs: its lift or exemption text, or what it flags that the baseline does not.
        cur_ids = {h.rule_id: h.status for h in current.hits}
        for h in draft.hits:
            # A lifted measure needs no line here: the alternative's column already says "lifts <citation>".
            if not h.lifted and (h.exception or h.status > cur_ids.get(h.rule_id, Status.PERMITTED)):
                reasons.setdefault(f"{alternative}: " + compact_reason(h), None)
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
        baseline=verdict_cell(current),
        alternative=verdict_cell(draft),
        change=result.change,
        reasons=short_reasons,
        questions=short_questions,
        shortened=shortened,
        measure=measure,
        value=value.label if value else "",
    )
