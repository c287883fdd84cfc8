"""A row's findings: every measure that could bear on a row tied to the target, found or ruled out and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from compliance.engine.conditions import condition_evidence
from compliance.engine.goods import match_goods
from compliance.engine.shortcuts import goods_ruled_out, other_contract, other_kind, shortcuts
from compliance.engine.timing import timed_outcome
from compliance.model.results import Evidence, Qualifier, RuledOut
from compliance.model.status import Status
from compliance.normalise.record import GOODS_LINKS, Record
from compliance.rules.packs import Rule
from compliance.rules.regime import RuleBook


@dataclass(frozen=True, slots=True)
class Finding:
    """A measure that bears on the row, before any regime's lifts and exceptions."""

    index: int
    status: Status
    qualifiers: tuple[Qualifier, ...]
    question: str | None
    evidence: tuple[Evidence, ...]


_QUOTE_LIMIT = 60


def quoted(text: str) -> str:
    """A cell as quoted in a reason: long cells are cut (the evidence keeps the whole value)."""
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


# --- caps ------------------------------------------------------------------------------------------


def _unit_key(unit: str) -> str:
    return unit.strip().casefold().rstrip(".").replace(" ", "_").replace("metric_tons", "metric_ton")


def _over_cap(rule: Rule, rec: Record, units: dict[str, dict[str, float]]) -> Qualifier | None:
    """Whether the row's own quantity or value is larger than the whole annual cap, saying which figure."""
    cap = rule.cap
    if cap is None:
        return None
    quantity, unit = rec.quantity, rec.text("unit")
    amounts: dict[str, tuple[float, str]] = {}
    if quantity is not None and quantity > 0 and unit:
        key = _unit_key(unit)
        for measure, factors in units.items():
            if key in factors:
                amounts[measure] = (quantity * factors[key], f"{rec.text('quantity')} {unit}")
    if "t" in amounts and "bbl" not in amounts and cap.barrels_per_tonne:
        tonnes, written = amounts["t"]
        amounts["bbl"] = (tonnes * cap.barrels_per_tonne, f"{written} at {cap.barrels_per_tonne:g} barrels a tonne")
    if rec.value is not None and rec.currency == "USD":
        amounts["USD"] = (rec.value, f"USD {rec.value:,.0f}")
    for limit in cap.limits:
        figure = amounts.get(limit.unit)
        if figure is not None and figure[0] > limit.amount:
            shown = f"{figure[0]:,.0f} {limit.unit}" if limit.unit != "USD" else f"USD {figure[0]:,.0f}"
            whole = f"{limit.amount:,.0f} {limit.unit}" if limit.unit != "USD" else f"USD {limit.amount:,.0f}"
            return Qualifier(
                f"This row alone, {shown} ({figure[1]}), is more than the whole annual cap of {whole}: "
                "it cannot be within the cap whatever the Committee's running total."
            )
    return None


# --- findings ---------------------------------------------------------------------------------------


def _link_evidence(rule: Rule, rec: Record) -> tuple[list[Evidence], Qualifier | None, str | None] | None:
    """The cells that tie the row to the target as this rule needs, and any doubt about the tie.

    A doubt (an ambiguous 'Korea', goods whose direction the row does not give) keeps the finding at
    `review` with the question that settles it.
    """
    sure = [e for link in rule.links for e in rec.links.get(link, ())]
    if sure:
        return sure, None, None
    maybe = [e for link in rule.links for e in rec.maybe_links.get(link, ())]
    target = rec.target
    if maybe and target.ambiguous is not None:
        cells = ", ".join(f"{e.field.replace('_', ' ')} '{e.value}'" for e in maybe)
        return (
            maybe,
            Qualifier(target.ambiguous.doubt.replace("{cells}", cells), before=True),
            target.ambiguous.question,
        )
    if maybe:
        # A cell naming the target among other countries ("Dalian / Fredport" where one is meant).
        cells = ", ".join(f"{e.field.replace('_', ' ')} '{e.value}'" for e in maybe)
        return (
            maybe,
            Qualifier(f"The row names more than one country ({cells}). If it means {target.name}:", before=True),
            f"Which country does the row mean here: {target.name} or another?",
        )
    if rec.unsure_direction and rule.goods is not None and set(rule.links) & set(GOODS_LINKS):
        way = f"out of {target.name}" if "from_dprk" in rule.links else f"into {target.name}"
        return (
            list(rec.unsure_direction),
            Qualifier(f"The row does not say which way the goods go. If they go {way}:", before=True),
            f"Which way do the goods go: out of {target.name}, into it, or neither?",
        )
    return None


def _assess(i: int, rec: Record, book: RuleBook, as_of: dt.date | None, term_hits: dict[int, str]) -> Finding | str:
    """One measure against the row: the finding, or why the measure is ruled out (for the record)."""
    rule = book.rules[i]
    if rule.kinds and rec.kind not in rule.kinds:
        return other_kind(rule, rec.kind)
    evidence: list[Evidence] = []
    if rule.contract_types:
        said = [t for t in rule.contract_types if t in rec.contract_types]
        if not said:
            return other_contract(rule)
        evidence.append(rec.contract_types[said[0]])
    qualifiers: list[Qualifier] = []
    question: str | None = None
    classification = False
    if rule.goods is not None:
        described = term_hits.get(i)
        match = match_goods(rule, rec, described)
        if match is None:
            return _goods_ruled_out(rule, rec)
        evidence.extend(match.evidence)
        kind = book.read_as.get(described) if described else None
        if kind is not None:
            # The cell is quoted as written; say what it was read as.
            qualifiers.append(
                Qualifier(f"(The description '{quoted(rec.text('description'))}' was read as {kind}: '{described}'.)")
            )
        if match.review_reason:
            qualifiers.append(Qualifier(match.review_reason, before=True))
            question = match.question
            classification = True
    when = book.when[i]
    if when is not None:
        more = condition_evidence(when, rec)
        if more is None:
            return "the facts this measure turns on are not on the row"
        evidence.extend(more)
    linked = _link_evidence(rule, rec)
    if linked is None:
        return f"the row is not tied to {rec.target.name} the way this measure needs"
    link_cells, doubt, doubt_question = linked
    timed = timed_outcome(rule, rec, as_of)
    if isinstance(timed, str):
        return timed
    status = timed.status
    qualifiers.extend(timed.qualifiers)
    question = question or timed.question
    if classification and timed.question and timed.status == Status.REVIEW:
        question = timed.question
    over = _over_cap(rule, rec, book.units) if not classification and doubt is None else None
    if over is not None and status == Status.REVIEW and not timed.qualifiers:
        status, question = Status.PROHIBITED, None
        qualifiers.append(over)
    if classification and status > Status.REVIEW:
        status = Status.REVIEW
    if doubt is not None:
        qualifiers.insert(0, doubt)
        if status > Status.REVIEW:
            status = Status.REVIEW
        question = doubt_question
    cells = tuple(dict.fromkeys([*link_cells, *evidence, *timed.evidence]))
    return Finding(i, status, tuple(qualifiers), question, cells)


def _goods_ruled_out(rule: Rule, rec: Record) -> str:
    """Why a goods measure does not cover the row's goods, as the officer would check it."""
    hs = rec.hs
    return goods_ruled_out(hs.digits if hs is not None else None, bool(rec.text("description")))


def findings(
    rec: Record, book: RuleBook, as_of: dt.date | None, term_hits: dict[int, str]
) -> tuple[list[Finding], list[RuledOut]]:
    """Every measure that could bear on a completed, linked record: found, or ruled out and why.

    Each measure whose tie to the target the row has (for sure, or in doubt) is assessed in full; one
    that does not apply is recorded with the reason it was ruled out, so a `permitted` verdict on a
    tied row always stands on a reason for every measure that could have borne on it.
    """
    found: list[Finding] = []
    ruled_out: list[RuledOut] = []
    known = shortcuts(book)
    bearing = known.bearing(frozenset(rec.links.keys() | rec.maybe_links.keys()), bool(rec.unsure_direction))
    hs = rec.hs
    outside = known.outside(hs.digits if hs is not None else None, bool(rec.text("description")))
    unsaid = known.unsaid(rec.kind) if not rec.contract_types else {}
    for i in bearing:
        # What _assess would conclude from the row's kind, or its code alone (compliance.engine.shortcuts).
        ruled = unsaid.get(i)
        if ruled is None:
            ruled = outside.get(i)
            if ruled is not None and i in term_hits:
                ruled = None  # the description names the measure's goods: assessed in full
        if ruled is not None:
            ruled_out.append(ruled)
            continue
        outcome = _assess(i, rec, book, as_of, term_hits)
        if isinstance(outcome, Finding):
            found.append(outcome)
        else:
            ruled_out.append(RuledOut(book.rules[i].id, outcome))
    return found, ruled_out
