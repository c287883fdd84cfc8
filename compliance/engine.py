"""Evaluation: which measures bear on a row, and its verdict under each regime.

The engine is pure: rows and regimes in, results out, no I/O and no globals. It first works out the
row's findings once (rule, outcome, reason, evidence: independent of the regime, since both regimes
share their rules), then reads each regime's verdict from them (lifts and exceptions differ).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from compliance.dates import parse_date
from compliance.goods import match_goods
from compliance.parties import PartyScreening
from compliance.record import Record, cell_text, complete, first_date, link_row, row_kind, touches_dprk
from compliance.records import SourceRow
from compliance.regime import CompiledCondition, Regime, RuleBook
from compliance.results import PERMITTED, Evidence, Hit, RowResult, Verdict
from compliance.rules import Rule
from compliance.status import Status, worst

EVENT_DATE_FIELDS = ("date", "contract_date", "start_date")
PERIOD_START_FIELDS = ("start_date", "date", "contract_date")


@dataclass(frozen=True, slots=True)
class Finding:
    """A measure that bears on the row, before any regime's lifts and exceptions."""

    index: int
    status: Status
    reason: str
    question: str | None
    evidence: tuple[Evidence, ...]


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


# --- conditions ------------------------------------------------------------------------------------


def _contract_date(rec: Record) -> dt.date | None:
    """When the written contract was finalised: the contract date, or a contract row's own date."""
    names = ("contract_date", "date") if rec.kind == "contract" else ("contract_date",)
    day, _, _ = first_date(rec, names)
    return day


def condition_evidence(cond: CompiledCondition, rec: Record) -> list[Evidence] | None:
    """The evidence for a condition when it holds for the row, else None."""
    c = cond.source
    found: list[Evidence] = []
    if cond.terms is not None:
        for name in cond.fields:
            text = rec.text(name)
            if text and cond.terms.find(text):
                found.append(Evidence(name, text))
                break
        else:
            return None
    if c.countries_include:
        named = rec.all_country_codes() if not c.country_fields else {
            rec.countries[f].code for f in c.country_fields if f in rec.countries and rec.countries[f].code
        }
        hit = sorted(named & set(c.countries_include))
        if not hit:
            return None
        for name, country in rec.countries.items():
            if country.code in hit and (not c.country_fields or name in c.country_fields):
                found.append(Evidence(name, rec.text(name)))
                break
    if c.origin_not:
        origin = rec.countries.get("origin")
        if origin is None or origin.code is None or origin.code in c.origin_not:
            return None
        found.append(Evidence("origin", rec.text("origin")))
    for name in c.fields_present:
        if name not in rec.source.fields:
            return None
        found.append(Evidence(name, rec.text(name)))
    if c.contract_before is not None:
        signed = _contract_date(rec)
        if signed is None or signed >= c.contract_before:
            return None
        found.append(Evidence("contract_date", signed.isoformat()))
    for part in cond.all_of:
        more = condition_evidence(part, rec)
        if more is None:
            return None
        found.extend(more)
    if cond.any_of:
        for branch in cond.any_of:
            more = condition_evidence(branch, rec)
            if more is not None:
                found.extend(more)
                break
        else:
            return None
    if any(condition_evidence(part, rec) is not None for part in cond.none_of):
        return None
    return found


# --- dates -----------------------------------------------------------------------------------------


def _candidate_dates(rec: Record, names: tuple[str, ...]) -> tuple[list[dt.date], str | None, str | None]:
    """Possible dates of the row (two for an ambiguous 03/04/2019), the field, and any problem."""
    day, name, problem = first_date(rec, names)
    if day is not None:
        return [day], name, None
    if name is None:
        return [], None, None
    parsed = rec.dates[name]
    if parsed.ambiguous:
        raw = rec.source.fields.get(name)
        options = {parse_date(raw, order).value for order in ("dmy", "mdy")}
        days = sorted(d for d in options if d is not None)
        return days, name, problem
    return [], name, problem


def _event_outcome(rule: Rule, rec: Record, day: dt.date) -> tuple[Status, str, str | None] | None:
    """The outcome of an event-timed rule for a row dated `day`, or None when not in force then."""
    adopted = rule.citation.adopted
    if day < adopted or (rule.in_force_until is not None and day > rule.in_force_until):
        return None
    status, reason, question = Status(rule.outcome), rule.reason, rule.question
    wind = rule.wind_down
    if wind is not None and day <= adopted + dt.timedelta(days=wind.days):
        signed = _contract_date(rec)
        window = f"the {wind.days}-day wind-down after {_fmt(adopted)}"
        if not wind.verified:
            window += " (its length is unverified)"
        if signed is None:
            return Status.REVIEW, f"{reason} The row falls in {window}.", wind.question
        if signed < adopted:
            return (
                Status.REVIEW,
                f"{reason} Delivered in {window} under a contract dated {_fmt(signed)}.",
                wind.question,
            )
    return status, reason, question


def _ongoing_outcome(rule: Rule, rec: Record, as_of: dt.date | None) -> list[tuple[Status, str, str | None]] | None:
    """Outcomes of an ongoing rule over the row's period (or at as_of); None when not in force."""
    adopted, until = rule.citation.adopted, rule.in_force_until
    starts, _, _ = _candidate_dates(rec, PERIOD_START_FIELDS)
    ends, _, _ = _candidate_dates(rec, ("end_date",))
    start = min(starts) if starts else None
    end = max(ends) if ends else None
    if as_of is not None:
        if as_of < adopted or (until is not None and as_of > until):
            return None
    elif (end is not None and end < adopted) or (until is not None and start is not None and start > until):
        return None
    status, reason, question = Status(rule.outcome), rule.reason, rule.question
    deadline = rule.deadline
    if deadline is None:
        return [(status, reason, question)]
    if deadline.existing_only and start is not None and start >= adopted:
        return [(status, f"{reason} It began on or after {_fmt(adopted)}.", question)]
    last = _fmt(deadline.last_day)
    if end is None:
        return [(Status.REVIEW, reason, deadline.question)]
    if end <= deadline.last_day:
        return None
    return [(status, f"{reason} The row runs to {_fmt(end)}, after {last}.", question)]


def _timed_outcome(
    rule: Rule, rec: Record, as_of: dt.date | None
) -> tuple[Status, str, str | None, tuple[Evidence, ...]] | None:
    """Apply the rule's dates to the row: in force or not, wind-downs, deadlines, unusable dates."""
    if rule.timing == "ongoing":
        outcomes = _ongoing_outcome(rule, rec, as_of)
        if outcomes is None:
            return None
        status, reason, question = outcomes[0]
        return status, reason, question, ()
    if as_of is not None:
        days, name, problem = [as_of], None, None
    else:
        days, name, problem = _candidate_dates(rec, EVENT_DATE_FIELDS)
    if not days:
        if rule.in_force_until is not None:
            return None  # an undated row is judged by the measures now in force, not superseded ones
        why = problem or "the row has no date"
        return (
            Status.REVIEW,
            f"{rule.reason} ({why}; this measure applies from {_fmt(rule.citation.adopted)}.)",
            f"Is the row dated on or after {_fmt(rule.citation.adopted)}?",
            (Evidence(name, rec.text(name)),) if name else (),
        )
    outcomes = {_event_outcome(rule, rec, d) for d in days}
    ev = (Evidence(name, rec.text(name)),) if name else ()
    if len(outcomes) == 1:
        only = outcomes.pop()
        return None if only is None else (*only, ev)
    readings = " or ".join(_fmt(d) for d in days)
    return (
        Status.REVIEW,
        f"{rule.reason} (The date '{rec.text(name or 'date')}' could be {readings}, and the two "
        f"readings give different answers.)",
        f"Which date is meant: {readings}?",
        ev,
    )


# --- findings ---------------------------------------------------------------------------------------


def _candidates(rec: Record, book: RuleBook, term_hits: dict[int, str]) -> list[int]:
    """Rules worth trying for this row: by its links, then by HS chapter and description terms."""
    idx = book.index
    linked = set(rec.links) | set(rec.maybe_links)
    by_link: set[int] = set()
    for link in linked:
        by_link.update(idx.by_link.get(link, ()))
    wanted = set(idx.unconditional) | set(term_hits)
    hs = rec.hs
    if hs is not None and hs.digits:
        wanted.update(idx.by_chapter.get(hs.digits[:2], ()))
        if len(hs.digits) == 2:
            wanted.update(idx.by_chapter.get(hs.digits, ()))
    return sorted(by_link & wanted)


def _link_evidence(rule: Rule, rec: Record) -> tuple[list[Evidence], bool] | None:
    """The cells that tie the row to the DPRK as this rule needs; flag True when only via 'Korea'."""
    sure = [e for link in rule.links for e in rec.links.get(link, ())]
    if sure:
        return sure, False
    maybe = [e for link in rule.links for e in rec.maybe_links.get(link, ())]
    return (maybe, True) if maybe else None


def findings(rec: Record, book: RuleBook, as_of: dt.date | None = None) -> list[Finding]:
    """Every measure that bears on a completed, linked record, with outcome and evidence."""
    term_hits = book.index.goods_terms.find(rec.text("description")) if "description" in rec.source.fields else {}
    found: list[Finding] = []
    for i in _candidates(rec, book, term_hits):
        rule = book.rules[i]
        if rule.kinds and rec.kind not in rule.kinds:
            continue
        evidence: list[Evidence] = []
        if rule.contract_types:
            said = [t for t in rule.contract_types if t in rec.contract_types]
            if not said:
                continue
            evidence.append(rec.contract_types[said[0]])
        cap: tuple[str, str | None] | None = None
        if rule.goods is not None:
            match = match_goods(rule, rec, term_hits.get(i))
            if match is None:
                continue
            evidence.extend(match.evidence)
            if match.review_reason:
                cap = (match.review_reason, match.question)
        when = book.when[i]
        if when is not None:
            more = condition_evidence(when, rec)
            if more is None:
                continue
            evidence.extend(more)
        linked = _link_evidence(rule, rec)
        if linked is None:
            continue
        link_cells, only_maybe = linked
        timed = _timed_outcome(rule, rec, as_of)
        if timed is None:
            continue
        status, reason, question, date_ev = timed
        if cap is not None and status > Status.REVIEW:
            status, reason, question = Status.REVIEW, f"{cap[0]} {reason}", cap[1] or question
        elif cap is not None:
            reason = f"{cap[0]} {reason}"
        if only_maybe and status > Status.REVIEW:
            cells = ", ".join(f"{e.field.replace('_', ' ')} '{e.value}'" for e in link_cells)
            status = Status.REVIEW
            reason = f"'Korea' is ambiguous ({cells}). If it means the DPRK: {reason}"
            question = "Does 'Korea' here mean the DPRK (North Korea) or the Republic of Korea (South Korea)?"
        cells = tuple(dict.fromkeys([*link_cells, *evidence, *date_ev]))
        found.append(Finding(i, status, reason, question, cells))
    return found


def data_checks(rec: Record, found: list[Finding]) -> tuple[Hit, ...]:
    """Review hits for data problems on a DPRK-linked row that no measure finding already covers."""
    hs = rec.hs
    if hs is None or hs.valid or any(e.field == "hs_code" for f in found for e in f.evidence):
        return ()
    return (
        Hit(
            rule_id="check-hs-code",
            status=Status.REVIEW,
            reason=f"The HS code '{hs.raw}' is unusable ({hs.problem}), and the row is tied to the DPRK: "
            "the goods cannot be checked against the measures.",
            evidence=(Evidence("hs_code", hs.raw),),
            question="What are the goods, and what is their correct HS code?",
        ),
    )


def cell_checks(source: SourceRow) -> tuple[Hit, ...]:
    """Review hits for screened cells the importer could not read for certain, on any row.

    An unread cell could hide the DPRK tie or the goods, so it holds the row at `review` whether or
    not the rest of the row is tied to the DPRK.
    """
    return tuple(
        Hit(
            rule_id="check-cell",
            status=Status.REVIEW,
            reason=f"The {p.field.replace('_', ' ')} cell (column '{p.column}') could not be read for certain: "
            f"{p.problem}.",
            evidence=(Evidence(p.field, p.value),),
            question=p.question,
            heading="Unread cell",
        )
        for p in source.problems
    )


def verdict(rec: Record, found: list[Finding], checks: tuple[Hit, ...], regime: Regime) -> Verdict:
    """The row's verdict under one regime, from its findings."""
    if not found and not checks:
        return PERMITTED
    hits: list[Hit] = []
    book = regime.book
    for f in found:
        rule = book.rules[f.index]
        lifted = regime.lifted.get(rule.id)
        if lifted is not None:
            hits.append(Hit(rule.id, Status.PERMITTED, lifted, f.evidence, rule, lifted=True, citation=rule.citation))
            continue
        hit = Hit(rule.id, f.status, f.reason, f.evidence, rule, f.question, citation=rule.citation)
        if f.status > Status.PERMITTED:
            for exc in regime.exceptions[f.index]:
                ev = condition_evidence(exc.when, rec)
                if ev is None:
                    continue
                e = exc.exception
                status = min(f.status, Status(e.outcome))
                hit = Hit(
                    rule.id,
                    status,
                    f"{e.title}: {e.reason} (Measure: {rule.title}.)",
                    tuple(dict.fromkeys(f.evidence + tuple(ev))),
                    rule,
                    e.question if status == Status.REVIEW else None,
                    exception=e.id,
                    citation=e.citation or rule.citation,
                )
                break
        hits.append(hit)
    hits.extend(checks)
    hits.sort(key=lambda h: -h.status.rank)
    return Verdict(worst([h.status for h in hits]), tuple(hits))


def _with(verdict: Verdict, extra: tuple[Hit, ...]) -> Verdict:
    """A verdict with more hits (designations), re-ranked."""
    if not extra:
        return verdict
    hits = sorted(verdict.hits + extra, key=lambda h: -h.status.rank)
    return Verdict(worst([h.status for h in hits]), tuple(hits))


def screen_row(
    source: SourceRow,
    current: Regime,
    draft: Regime,
    as_of: dt.date | None = None,
    parties: PartyScreening | None = None,
) -> RowResult:
    """Screen one row under the measures in force and under the draft (and designations, if loaded)."""
    # Designations bind under both regimes: the draft does not touch them; nor does an unread cell.
    designated = parties.hits(source.fields) if parties is not None else ()
    if source.problems:
        designated += cell_checks(source)
    if not touches_dprk(source):
        reference = source.fields.get("reference")
        ref = "" if reference is None else cell_text(reference)
        if designated:
            both = _with(PERMITTED, designated)
            return RowResult(source, ref, row_kind(source), both, both)
        return RowResult(source, ref, row_kind(source), PERMITTED, PERMITTED)
    rec = link_row(source)
    if not rec.linked:
        both = _with(PERMITTED, designated)
        return RowResult(source, rec.reference, rec.kind, both, both)
    book = current.book
    complete(rec, book.contract_types, book.contract_types_from_fields)
    found = findings(rec, book, as_of)
    checks = data_checks(rec, found)
    return RowResult(
        source,
        rec.reference,
        rec.kind,
        _with(verdict(rec, found, checks, current), designated),
        _with(verdict(rec, found, checks, draft), designated),
        tuple(rec.notes),
    )


def screen(
    rows: Iterable[SourceRow],
    current: Regime,
    draft: Regime,
    as_of: dt.date | None = None,
    parties: PartyScreening | None = None,
) -> Iterator[RowResult]:
    """Screen rows in order under both regimes; a generator, so a ledger streams through."""
    if current.book is not draft.book:
        raise ValueError("the draft must amend the measures in force being screened")
    for source in rows:
        yield screen_row(source, current, draft, as_of, parties)


def evaluate(
    source: SourceRow, regime: Regime, as_of: dt.date | None = None, parties: PartyScreening | None = None
) -> Verdict:
    """A row's verdict under a single regime (the same computation screen() uses)."""
    designated = parties.hits(source.fields) if parties is not None else ()
    if source.problems:
        designated += cell_checks(source)
    rec = link_row(source)
    if not rec.linked:
        return _with(PERMITTED, designated)
    complete(rec, regime.book.contract_types, regime.book.contract_types_from_fields)
    found = findings(rec, regime.book, as_of)
    return _with(verdict(rec, found, data_checks(rec, found), regime), designated)
