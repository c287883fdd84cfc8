"""Evaluation: which measures bear on a row, and its verdict under each regime.

The engine is pure: rows and regimes in, results out, no I/O and no globals. It first works out the
row's findings once (rule, outcome, reason, evidence: independent of the regime, since both regimes
share their rules), then reads each regime's verdict from them (lifts and exceptions differ).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from compliance.designations.parties import PartyScreening
from compliance.engine.goods import match_goods
from compliance.model.results import PERMITTED, Evidence, Hit, Qualifier, RowResult, RuledOut, Verdict
from compliance.model.source_row import SourceRow
from compliance.model.status import Status, worst
from compliance.normalise.dates import parse_date
from compliance.normalise.mentions import country_mentions
from compliance.normalise.record import (
    GOODS_LINKS,
    Record,
    cell_text,
    complete,
    first_date,
    link_row,
    row_kind,
    touches_dprk,
)
from compliance.normalise.terms import has_dense_script, readable_words, words
from compliance.rules.packs import Rule
from compliance.rules.regime import CompiledCondition, Regime, RuleBook

EVENT_DATE_FIELDS = ("date", "contract_date", "start_date")
PERIOD_START_FIELDS = ("start_date", "date", "contract_date")


@dataclass(frozen=True, slots=True)
class Finding:
    """A measure that bears on the row, before any regime's lifts and exceptions."""

    index: int
    status: Status
    qualifiers: tuple[Qualifier, ...]
    question: str | None
    evidence: tuple[Evidence, ...]


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


# --- conditions ------------------------------------------------------------------------------------


def _signing_date_known(rec: Record) -> bool:
    """Whether the row says when its written contract was made (a contract or signing date)."""
    names = ("contract_date", "date") if rec.kind == "contract" else ("contract_date",)
    return any(rec.dates.get(n) is not None and rec.dates[n].value is not None for n in names)


def _contract_date(rec: Record) -> dt.date | None:
    """When the written contract was finalised, from whichever column gives it: the contract date, a
    contract row's own (signing) date, or its start date (a contract running by then was made by then)."""
    names = ("contract_date", "date", "start_date") if rec.kind == "contract" else ("contract_date",)
    for name in names:
        parsed = rec.dates.get(name)
        if parsed is not None and parsed.value is not None:
            return parsed.value
    return None


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
        named = (
            rec.all_country_codes()
            if not c.country_fields
            else {code for f in c.country_fields if f in rec.countries and (code := rec.countries[f].code)}
        )
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


@dataclass(frozen=True, slots=True)
class Timed:
    """A rule's outcome for the row once its dates are applied."""

    status: Status
    qualifiers: tuple[Qualifier, ...]
    question: str | None
    evidence: tuple[Evidence, ...] = ()


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


def _event_outcome(rule: Rule, rec: Record, day: dt.date) -> Timed | None:
    """The outcome of an event-timed rule for a row dated `day`, or None when not in force then."""
    adopted = rule.citation.adopted
    if day < adopted or (rule.in_force_until is not None and day > rule.in_force_until):
        return None
    wind = rule.wind_down
    if wind is not None and day <= adopted + dt.timedelta(days=wind.days):
        signed = _contract_date(rec)
        window = f"the {wind.days}-day wind-down after {_fmt(adopted)}"
        if not wind.verified:
            window += " (its length is unverified)"
        if signed is None:
            return Timed(Status.REVIEW, (Qualifier(f"The row falls in {window}."),), wind.question)
        if signed < adopted:
            said = Qualifier(f"Delivered in {window} under a contract dated {_fmt(signed)}.")
            return Timed(Status.REVIEW, (said,), wind.question)
    return Timed(Status(rule.outcome), (), rule.question)


def _period(rec: Record) -> tuple[dt.date | None, dt.date | None]:
    starts, _, _ = _candidate_dates(rec, PERIOD_START_FIELDS)
    ends, _, _ = _candidate_dates(rec, ("end_date",))
    return (min(starts) if starts else None), (max(ends) if ends else None)


def _ongoing_outcome(rule: Rule, rec: Record, as_of: dt.date | None) -> Timed | str:
    """The outcome of an ongoing rule over the row's period (or on as_of); None when not in force.

    Judged at one date, the question is whether the contract is running on that date: one that ended
    before it, or starts after it, is not; one with no end date may still be running.
    """
    adopted, until = rule.citation.adopted, rule.in_force_until
    start, end = _period(rec)
    if as_of is not None:
        if as_of < adopted or (until is not None and as_of > until):
            return f"not in force on {_fmt(as_of)}"
        if (end is not None and end < as_of) or (start is not None and start > as_of):
            return f"the contract was not running on {_fmt(as_of)}"
        start = max(start, as_of) if start is not None else as_of
    elif end is not None and end < adopted:
        return f"the row ended on {_fmt(end)}, before this measure ({_fmt(adopted)})"
    elif until is not None and start is not None and start > until:
        return f"the row began on {_fmt(start)}, after this measure was replaced ({_fmt(until)})"
    status, question = Status(rule.outcome), rule.question
    deadline = rule.deadline
    if deadline is None:
        return Timed(status, (), question)
    if deadline.existing_only and start is not None and start >= adopted and as_of is None:
        return Timed(status, (Qualifier(f"It began on or after {_fmt(adopted)}."),), question)
    if as_of is not None and as_of > deadline.last_day and (end is None or end > deadline.last_day):
        return Timed(status, (Qualifier(f"Judged on {_fmt(as_of)}, after {_fmt(deadline.last_day)}."),), question)
    if end is None:
        return Timed(Status.REVIEW, (), deadline.question)
    if end <= deadline.last_day:
        return f"the row ended on {_fmt(end)}, by the last permitted day {_fmt(deadline.last_day)}"
    runs = Qualifier(f"The row runs to {_fmt(end)}, after {_fmt(deadline.last_day)}.")
    return Timed(status, (runs,), question)


def _timed_outcome(rule: Rule, rec: Record, as_of: dt.date | None) -> Timed | str:
    """Apply the rule's dates to the row: in force or not, wind-downs, deadlines, unusable dates."""
    if rule.timing == "ongoing":
        return _ongoing_outcome(rule, rec, as_of)
    if as_of is not None:
        days, name, problem = [as_of], None, None
    else:
        days, name, problem = _candidate_dates(rec, EVENT_DATE_FIELDS)
    if not days:
        if rule.in_force_until is not None:
            # An undated row is judged by the measures now in force, not superseded ones.
            return f"superseded on {_fmt(rule.in_force_until)}, and the row has no date"
        why = problem or "the row has no date"
        return Timed(
            Status.REVIEW,
            (Qualifier(f"({why[0].upper()}{why[1:]}; this measure applies from {_fmt(rule.citation.adopted)}.)"),),
            f"Is the row dated on or after {_fmt(rule.citation.adopted)}?",
            (Evidence(name, rec.text(name)),) if name else (),
        )
    outcomes = {_event_outcome(rule, rec, d) for d in days}
    ev = (Evidence(name, rec.text(name)),) if name else ()
    if len(outcomes) == 1:
        only = outcomes.pop()
        if only is None:
            return f"not in force on {' or '.join(_fmt(d) for d in days)}"
        return Timed(only.status, only.qualifiers, only.question, ev)
    readings = " or ".join(_fmt(d) for d in days)
    both = Qualifier(
        f"(The date '{rec.text(name or 'date')}' could be {readings}, and the two readings give different answers.)"
    )
    return Timed(Status.REVIEW, (both,), f"Which date is meant: {readings}?", ev)


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
    """The cells that tie the row to the DPRK as this rule needs, and any doubt about the tie.

    A doubt (an ambiguous 'Korea', goods whose direction the row does not give) keeps the finding at
    `review` with the question that settles it.
    """
    sure = [e for link in rule.links for e in rec.links.get(link, ())]
    if sure:
        return sure, None, None
    maybe = [e for link in rule.links for e in rec.maybe_links.get(link, ())]
    if maybe:
        cells = ", ".join(f"{e.field.replace('_', ' ')} '{e.value}'" for e in maybe)
        return (
            maybe,
            Qualifier(f"'Korea' is ambiguous ({cells}). If it means the DPRK:", before=True),
            "Does 'Korea' here mean the DPRK (North Korea) or the Republic of Korea (South Korea)?",
        )
    if rec.unsure_direction and rule.goods is not None and set(rule.links) & set(GOODS_LINKS):
        way = "out of the DPRK" if "from_dprk" in rule.links else "into the DPRK"
        return (
            list(rec.unsure_direction),
            Qualifier(f"The row does not say which way the goods go. If they go {way}:", before=True),
            "Which way do the goods go: out of the DPRK, into it, or neither?",
        )
    return None


def _could_bear(rule: Rule, tied: set[str], unsure: bool) -> bool:
    """Whether the row is tied to the DPRK the way this measure needs (for sure, or in doubt)."""
    if not tied.isdisjoint(rule.links):
        return True
    return unsure and rule.goods is not None and not _GOODS_LINK_SET.isdisjoint(rule.links)


_GOODS_LINK_SET = frozenset(GOODS_LINKS)


def _assess(i: int, rec: Record, book: RuleBook, as_of: dt.date | None, term_hits: dict[int, str]) -> Finding | str:
    """One measure against the row: the finding, or why the measure is ruled out (for the record)."""
    rule = book.rules[i]
    if rule.kinds and rec.kind not in rule.kinds:
        return f"applies to {' and '.join(rule.kinds)} rows, and this is a {rec.kind} row"
    evidence: list[Evidence] = []
    if rule.contract_types:
        said = [t for t in rule.contract_types if t in rec.contract_types]
        if not said:
            wanted = ", ".join(t.replace("_", " ") for t in rule.contract_types)
            return f"the row is not a contract of that kind ({wanted})"
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
                Qualifier(f"(The description '{_quoted(rec.text('description'))}' was read as {kind}: '{described}'.)")
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
        return "the row is not tied to the DPRK the way this measure needs"
    link_cells, doubt, doubt_question = linked
    timed = _timed_outcome(rule, rec, as_of)
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
    if hs is not None and hs.digits:
        return f"HS {hs.digits} is outside this measure's goods"
    description = rec.text("description")
    if description:
        return "the description names none of this measure's goods"
    return "the row names no goods"


def findings(
    rec: Record, book: RuleBook, as_of: dt.date | None, term_hits: dict[int, str]
) -> tuple[list[Finding], list[RuledOut]]:
    """Every measure that could bear on a completed, linked record: found, or ruled out and why.

    Each measure whose tie to the DPRK the row has (for sure, or in doubt) is assessed in full; one
    that does not apply is recorded with the reason it was ruled out, so a `permitted` verdict on a
    DPRK-tied row always stands on a reason for every measure that could have borne on it.
    """
    found: list[Finding] = []
    ruled_out: list[RuledOut] = []
    tied = set(rec.links) | set(rec.maybe_links)
    unsure = bool(rec.unsure_direction)
    for i, rule in enumerate(book.rules):
        if not _could_bear(rule, tied, unsure):
            continue
        outcome = _assess(i, rec, book, as_of, term_hits)
        if isinstance(outcome, Finding):
            found.append(outcome)
        else:
            ruled_out.append(RuledOut(rule.id, outcome))
    return found, ruled_out


# Words that say goods are there without saying what they are.
_GENERIC_TEXT = """goods general merchandise cargo sample samples item items product products various assorted
    mixed misc miscellaneous sundry sundries part parts spare spares equipment material materials supplies supply stuff
    consignment shipment shipments package packages packed box boxes carton cartons pallet pallets piece pieces
    pcs lot lots set sets kit kits other others accessories accessory commodity commodities article articles
    per invoice order po contract ref reference see attached list as of for and the a an with in to from on by
    new used unit units total qty quantity description goods freight trade trading export import delivery
    personal effects general cargo household agreed agreement terms conditions basis business deal
    transaction arrangement according schedule time counterparty buyer seller customer client consignee
    consignor supplier showroom office premises warehouse store company firm party parties exchange"""
_GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())


def goods_unknown(rec: Record, term_hits: dict[int, str]) -> tuple[str, str] | None:
    """Why the row's goods cannot be identified (reason, question), or None when they can.

    Goods are identified by a usable HS code, by a description that names goods a measure covers, or
    by an English description that says specifically what the goods are. A description only in a
    script whose words the packs do not know is not read as clear.
    """
    hs = rec.hs
    if hs is not None and hs.digits:
        return None
    if term_hits:
        return None
    description = rec.text("description")
    if not description:
        if hs is not None and not hs.valid:
            return None  # the unusable code has its own check, which asks the same question
        return (
            "The row is tied to the DPRK and names no goods: neither an HS code nor a description.",
            "What are the goods? Give an HS code or a specific description.",
        )
    # A description says what the goods are when some word of it is neither a word for "goods", nor
    # deal wording ("as agreed", "to the counterparty"), nor a place ("showroom in Pyongyang").
    latin = [w for w in words(description) if len(w) >= 3 and not w.isdigit()]
    places = {w for m in country_mentions(description) for w in words(m.phrase)}
    if any(w not in _GENERIC_WORDS and w not in places for w in latin):
        return None
    if has_dense_script(description) or any(not w.isascii() for w in readable_words(description)):
        return (
            f"The row is tied to the DPRK and its description '{description}' could not be read: no term "
            "of any language the rule packs know names its goods.",
            "The description could not be read: what are the goods? Give an HS code.",
        )
    return (
        f"The row is tied to the DPRK and its description '{description}' does not say what the goods are.",
        "What are the goods? Give an HS code or a specific description.",
    )


_GOODS_CONTRACTS = frozenset({"sale", "purchase", "processing", "construction"})
_CONTRACT_NATURES = "goods (which, and which way), services, employment of DPRK nationals or a joint venture"


def _carries_goods(rec: Record) -> bool:
    if rec.kind == "shipment":
        ties = set(rec.links) | set(rec.maybe_links)
        return not ties <= {"dprk_nationals"}
    return "hs_code" in rec.source.fields or bool(set(rec.contract_types) & _GOODS_CONTRACTS)


def data_checks(rec: Record, found: list[Finding], term_hits: dict[int, str]) -> tuple[Hit, ...]:
    """Review hits for what a DPRK-tied row leaves open that no measure finding already covers:
    an unusable HS code, goods that cannot be identified, a contract whose nature is not stated."""
    checks: list[Hit] = []
    hs = rec.hs
    if hs is not None and not hs.valid and not any(e.field == "hs_code" for f in found for e in f.evidence):
        checks.append(
            Hit(
                "check-hs-code",
                Status.REVIEW,
                f"The HS code '{_quoted(hs.raw)}' is unusable ({hs.problem}), and the row is tied to the DPRK: "
                "the goods cannot be checked against the measures.",
                (Evidence("hs_code", hs.raw),),
                question="What are the goods, and what is their correct HS code?",
            )
        )
    if _carries_goods(rec) and not any(f.status > Status.PERMITTED for f in found):
        unknown = goods_unknown(rec, term_hits)
        if unknown is not None:
            cells = (Evidence("description", rec.text("description")),) if "description" in rec.source.fields else ()
            checks.append(
                Hit("check-goods", Status.REVIEW, unknown[0], cells, question=unknown[1], heading="Goods unknown")
            )
    if (
        rec.kind == "contract"
        and not rec.contract_types
        and not found
        and rec.links.keys() & {"dprk_party", "in_dprk"}
        and goods_unknown(rec, term_hits) is not None
    ):
        checks.append(
            Hit(
                "check-contract",
                Status.REVIEW,
                "The contract is tied to the DPRK, and the row does not say what it covers.",
                tuple(e for link in ("dprk_party", "in_dprk") for e in rec.links.get(link, ())),
                question=f"What does the contract cover: {_CONTRACT_NATURES}?",
                heading="Contract unclear",
            )
        )
    return tuple(checks)


_QUOTE_LIMIT = 60


def _quoted(text: str) -> str:
    """A cell as quoted in a reason: long cells are cut (the evidence keeps the whole value)."""
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


def cell_checks(source: SourceRow) -> tuple[Hit, ...]:
    """Review hits for screened cells the importer could not read for certain, on any row.

    An unread cell could hide the DPRK tie or the goods, so it holds the row at `review` whether or
    not the rest of the row is tied to the DPRK.
    """
    return tuple(
        Hit(
            "check-cell",
            Status.REVIEW,
            f"The {p.field.replace('_', ' ')} cell (column '{p.column}') could not be read for certain: {p.problem}.",
            (Evidence(p.field, p.value),),
            question=p.question,
            heading="Unread cell",
        )
        for p in source.problems
    )


def verdict(rec: Record, found: list[Finding], checks: tuple[Hit, ...], regime: Regime) -> Verdict:
    """The row's verdict under one regime, from its findings.

    The doctrine: a row tied to the DPRK is `permitted` only when every measure that could bear on it
    has been ruled out (see `findings`, which records why each one was) and no data check is open.
    Where several exceptions of a measure hold, the first in this order applies: the rule's own, in
    the order the pack writes them, then the base pack's shared exceptions, then the amendment's.
    An exception never makes a finding harsher.
    """
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
        hit = Hit(
            rule.id,
            f.status,
            rule.reason,
            f.evidence,
            rule,
            f.question,
            citation=rule.citation,
            qualifiers=f.qualifiers,
        )
        if f.status > Status.PERMITTED:
            for exc in regime.exceptions[f.index]:
                ev = condition_evidence(exc.when, rec)
                if ev is None:
                    before = exc.when.source.contract_before
                    if before is not None and f.status > Status.REVIEW and not _signing_date_known(rec):
                        # Only a start before the date proves the contract was made before it; a later
                        # start does not prove it was made later. Ask rather than pass over the exception.
                        hit = Hit(
                            rule.id,
                            Status.REVIEW,
                            rule.reason,
                            f.evidence,
                            rule,
                            f"When was the written contract finalised? If before {_fmt(before)}, "
                            f"'{exc.exception.title}' applies.",
                            citation=rule.citation,
                            qualifiers=(*f.qualifiers, Qualifier("The row does not say when the contract was made.")),
                        )
                    continue
                e = exc.exception
                status = min(f.status, Status(e.outcome))
                hit = Hit(
                    rule.id,
                    status,
                    e.reason,
                    tuple(dict.fromkeys(f.evidence + tuple(ev))),
                    rule,
                    e.question if status == Status.REVIEW else None,
                    exception=e.id,
                    citation=e.citation or rule.citation,
                    qualifiers=(Qualifier(f"{e.title}:", before=True), Qualifier(f"(Measure: {rule.title}.)")),
                )
                break
        hits.append(hit)
    hits.extend(checks)
    hits.sort(key=lambda h: -h.status.rank)
    return Verdict(worst([h.status for h in hits]), tuple(hits))


def _with(verdict: Verdict, extra: tuple[Hit, ...]) -> Verdict:
    """A verdict with more hits (designations, unread cells), re-ranked."""
    if not extra:
        return verdict
    hits = sorted(verdict.hits + extra, key=lambda h: -h.status.rank)
    return Verdict(worst([h.status for h in hits]), tuple(hits))


def _row_level_hits(source: SourceRow, parties: PartyScreening | None) -> tuple[Hit, ...]:
    """Hits that bind under every regime: designations (the draft does not touch them), unread cells."""
    extra = parties.hits(source.fields) if parties is not None else ()
    return extra + cell_checks(source) if source.problems else extra


def _judge_linked(
    source: SourceRow, regimes: tuple[Regime, ...], as_of: dt.date | None
) -> tuple[Record, tuple[Verdict, ...], tuple[RuledOut, ...]] | None:
    """The verdicts of a row tied (or perhaps tied) to the DPRK under each regime; None when untied."""
    rec = link_row(source)
    if not rec.linked:
        return None
    book = regimes[0].book
    complete(rec, book.contract_types, book.contract_types_from_fields, book.contract_types_from_text)
    description = rec.text("description")
    term_hits = book.index.goods_terms.find(description) if description else {}
    found, ruled_out = findings(rec, book, as_of, term_hits)
    checks = data_checks(rec, found, term_hits)
    rec.notes.extend(rec.inferred)
    return rec, tuple(verdict(rec, found, checks, r) for r in regimes), tuple(ruled_out)


def screen_row(
    source: SourceRow,
    current: Regime,
    draft: Regime,
    as_of: dt.date | None = None,
    parties: PartyScreening | None = None,
) -> RowResult:
    """Screen one row under the measures in force and under the draft (and designations, if loaded)."""
    extra = _row_level_hits(source, parties)
    judged = _judge_linked(source, (current, draft), as_of) if touches_dprk(source) else None
    if judged is None:
        reference = source.fields.get("reference")
        ref = "" if reference is None else cell_text(reference)
        both = _with(PERMITTED, extra)
        return RowResult(source, ref, row_kind(source), both, both)
    rec, (now, then), ruled_out = judged
    return RowResult(
        source, rec.reference, rec.kind, _with(now, extra), _with(then, extra), tuple(rec.notes), ruled_out
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
    extra = _row_level_hits(source, parties)
    judged = _judge_linked(source, (regime,), as_of) if touches_dprk(source) else None
    return _with(PERMITTED if judged is None else judged[1][0], extra)
