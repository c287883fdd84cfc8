"""A measure's dates applied to a row: in force or not, wind-downs, deadlines, unusable dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from compliance.engine.conditions import contract_date
from compliance.model.fields import EVENT_DATE_FIELDS
from compliance.model.results import Evidence, Qualifier
from compliance.model.status import Status
from compliance.normalise.dates import parse_date
from compliance.normalise.record import Record, first_date
from compliance.rules.packs import Rule

PERIOD_START_FIELDS = ("start_date", "date", "contract_date")


def day_text(day: dt.date) -> str:
    """A date as reasons write it: '5 Aug 2017'."""
    return f"{day.day} {day:%b %Y}"


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


def _start(rule: Rule) -> dt.date:
    """The first day a measure binds: its adoption, or any day for a proposal's own measure."""
    return dt.date.min if rule.as_if_adopted else rule.citation.adopted


def _event_outcome(rule: Rule, rec: Record, day: dt.date) -> Timed | None:
    """The outcome of an event-timed rule for a row dated `day`, or None when not in force then."""
    adopted = _start(rule)
    if day < adopted or (rule.in_force_until is not None and day > rule.in_force_until):
        return None
    wind = rule.wind_down
    if wind is not None and day <= adopted + dt.timedelta(days=wind.days):
        signed = contract_date(rec)
        window = f"the {wind.days}-day wind-down after {day_text(adopted)}"
        if not wind.verified:
            window += " (its length is unverified)"
        if signed is None:
            return Timed(Status.REVIEW, (Qualifier(f"The row falls in {window}."),), wind.question)
        if signed < adopted:
            said = Qualifier(f"Delivered in {window} under a contract dated {day_text(signed)}.")
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
    adopted, until = _start(rule), rule.in_force_until
    start, end = _period(rec)
    if as_of is not None:
        if as_of < adopted or (until is not None and as_of > until):
            return f"not in force on {day_text(as_of)}"
        if (end is not None and end < as_of) or (start is not None and start > as_of):
            return f"the contract was not running on {day_text(as_of)}"
        start = max(start, as_of) if start is not None else as_of
    elif end is not None and end < adopted:
        return f"the row ended on {day_text(end)}, before this measure ({day_text(adopted)})"
    elif until is not None and start is not None and start > until:
        return f"the row began on {day_text(start)}, after this measure was replaced ({day_text(until)})"
    status, question = Status(rule.outcome), rule.question
    deadline = rule.deadline
    if deadline is None:
        return Timed(status, (), question)
    if deadline.existing_only and not rule.as_if_adopted and start is not None and start >= adopted and as_of is None:
        return Timed(status, (Qualifier(f"It began on or after {day_text(adopted)}."),), question)
    if as_of is not None and as_of > deadline.last_day and (end is None or end > deadline.last_day):
        return Timed(
            status, (Qualifier(f"Judged on {day_text(as_of)}, after {day_text(deadline.last_day)}."),), question
        )
    if end is None:
        return Timed(Status.REVIEW, (), deadline.question)
    if end <= deadline.last_day:
        return f"the row ended on {day_text(end)}, by the last permitted day {day_text(deadline.last_day)}"
    runs = Qualifier(f"The row runs to {day_text(end)}, after {day_text(deadline.last_day)}.")
    return Timed(status, (runs,), question)


def timed_outcome(rule: Rule, rec: Record, as_of: dt.date | None) -> Timed | str:
    """Apply the rule's dates to the row: in force or not, wind-downs, deadlines, unusable dates."""
    if rule.timing == "ongoing":
        return _ongoing_outcome(rule, rec, as_of)
    if rule.as_if_adopted and rule.in_force_until is None:
        return Timed(Status(rule.outcome), (), rule.question)
    if as_of is not None:
        days, name, problem = [as_of], None, None
    else:
        days, name, problem = _candidate_dates(rec, EVENT_DATE_FIELDS)
    if not days:
        if rule.in_force_until is not None and rule.as_if_adopted:
            # A proposal's measure that ends: with no date, the row may fall before its end.
            until = day_text(rule.in_force_until)
            return Timed(
                Status.REVIEW,
                (Qualifier(f"(The row has no date; this measure applies until {until}.)"),),
                f"Is the row dated on or before {until}?",
            )
        if rule.in_force_until is not None:
            # An undated row is judged by the measures now in force, not superseded ones.
            return f"superseded on {day_text(rule.in_force_until)}, and the row has no date"
        why = problem or "the row has no date"
        return Timed(
            Status.REVIEW,
            (Qualifier(f"({why[0].upper()}{why[1:]}; this measure applies from {day_text(rule.citation.adopted)}.)"),),
            f"Is the row dated on or after {day_text(rule.citation.adopted)}?",
            (Evidence(name, rec.text(name)),) if name else (),
        )
    outcomes = {_event_outcome(rule, rec, d) for d in days}
    ev = (Evidence(name, rec.text(name)),) if name else ()
    if len(outcomes) == 1:
        only = outcomes.pop()
        if only is None:
            return f"not in force on {' or '.join(day_text(d) for d in days)}"
        return Timed(only.status, only.qualifiers, only.question, ev)
    readings = " or ".join(day_text(d) for d in days)
    both = Qualifier(
        f"(The date '{rec.text(name or 'date')}' could be {readings}, and the two readings give different answers.)"
    )
    return Timed(Status.REVIEW, (both,), f"Which date is meant: {readings}?", ev)
