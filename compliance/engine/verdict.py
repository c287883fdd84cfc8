"""A row's verdict under one regime, read from its findings: lifts, exceptions, data checks."""

from __future__ import annotations

from compliance.engine.conditions import condition_evidence, signing_date_known
from compliance.engine.findings import Finding
from compliance.engine.timing import day_text
from compliance.model.results import PERMITTED, Hit, Qualifier, Verdict
from compliance.model.status import Status, worst
from compliance.normalise.record import Record
from compliance.rules.regime import Regime


def verdict(rec: Record, found: list[Finding], checks: tuple[Hit, ...], regime: Regime) -> Verdict:
    """The row's verdict under one regime, from its findings.

    The doctrine: a row tied to the target is `permitted` only when every measure that could bear on it
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
        if f.index not in regime.active:
            continue  # another regime's measure (added, or a changed version of one of this regime's)
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
                    if before is not None and f.status > Status.REVIEW and not signing_date_known(rec):
                        # Only a start before the date proves the contract was made before it; a later
                        # start does not prove it was made later. Ask rather than pass over the exception.
                        hit = Hit(
                            rule.id,
                            Status.REVIEW,
                            rule.reason,
                            f.evidence,
                            rule,
                            f"When was the written contract finalised? If before {day_text(before)}, "
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


def with_hits(verdict: Verdict, extra: tuple[Hit, ...]) -> Verdict:
    """A verdict with more hits (designations, unread cells), re-ranked."""
    if not extra:
        return verdict
    hits = sorted(verdict.hits + extra, key=lambda h: -h.status.rank)
    return Verdict(worst([h.status for h in hits]), tuple(hits))
