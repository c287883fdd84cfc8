"""Evaluation: which measures bear on a row, and its verdict under each regime.

The engine is pure: rows and regimes in, results out, no I/O and no globals. It first works out the
row's findings once (rule, outcome, reason, evidence: independent of the regime, since both regimes
share their rules), then reads each regime's verdict from them (lifts and exceptions differ).

Each step has its module: `findings` (which measures bear, with `conditions`, `goods` and
`timing`), `checks` (what the row leaves open), `verdict` (one regime's reading of the findings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from compliance.designations.parties import PartyScreening
from compliance.engine.checks import cell_checks, data_checks
from compliance.engine.findings import findings
from compliance.engine.verdict import verdict, with_hits
from compliance.model.results import PERMITTED, Hit, RowResult, RuledOut, Verdict
from compliance.model.source_row import SourceRow
from compliance.normalise.record import Record, cell_text, complete, link_row, row_kind, touches_target
from compliance.rules.packs import Citation
from compliance.rules.regime import Regime

__all__ = ["evaluate", "screen", "screen_row", "verdict"]


def _row_level_hits(source: SourceRow, parties: PartyScreening | None, regime: Regime) -> tuple[Hit, ...]:
    """Hits that bind under every regime: designations (no amendment touches them), unread cells."""
    extra = parties.hits(source.fields, _designation_basis(regime)) if parties is not None else ()
    return extra + cell_checks(source) if source.problems else extra


def _designation_basis(regime: Regime) -> Citation:
    basis = regime.book.designation_basis
    if basis is None:
        raise ValueError(f"{regime.label}: the base rule pack cites no basis for designations")
    return basis


def _judge_linked(
    source: SourceRow, regimes: tuple[Regime, ...], as_of: dt.date | None
) -> tuple[Record, tuple[Verdict, ...], tuple[RuledOut, ...]] | None:
    """The verdicts of a row tied (or perhaps tied) to the target under each regime; None when untied."""
    book = regimes[0].book
    rec = link_row(source, book.target)
    if not rec.linked:
        return None
    complete(rec, book.contract_types, book.contract_types_from_fields, book.contract_types_from_text)
    description = rec.text("description")
    term_hits = book.index.goods_terms.find(description) if description else {}
    found, ruled_out = findings(rec, book, as_of, term_hits)
    all_checks: tuple[Hit, ...] | None = None
    verdicts = []
    for regime in regimes:
        # The book holds every screened regime's measures; each regime reads only its own.
        if len(regime.active) == len(book.rules):
            if all_checks is None:
                all_checks = data_checks(rec, found, term_hits)
            verdicts.append(verdict(rec, found, all_checks, regime))
            continue
        mine = [f for f in found if f.index in regime.active]
        # A term only another regime's measure names does not identify the goods under this one.
        own_terms = {i: term for i, term in term_hits.items() if i in regime.active}
        verdicts.append(verdict(rec, mine, data_checks(rec, mine, own_terms), regime))
    rec.notes.extend(rec.inferred)
    if len(regimes) > 1 and ruled_out:
        ruled_out = _ruled_out_everywhere(ruled_out, verdicts)
    return rec, tuple(verdicts), tuple(ruled_out)


def _ruled_out_everywhere(ruled_out: list[RuledOut], verdicts: list[Verdict]) -> list[RuledOut]:
    """The measures ruled out, once each, leaving out any that bears on the row under every regime (a
    changed version of a measure can be ruled out where the version a regime applies binds). One that
    bears under some regimes only stays: it explains the verdicts of the others."""
    bearing = set.intersection(*({h.rule_id for h in v.hits} for v in verdicts))
    return list(dict.fromkeys(r for r in ruled_out if r.rule_id not in bearing))


def screen_row(
    source: SourceRow,
    regimes: Sequence[Regime],
    as_of: dt.date | None = None,
    parties: PartyScreening | None = None,
) -> RowResult:
    """Screen one row under each regime (and against the designations, if loaded), in one pass."""
    # Most rows have no designation list to check and no unread cell: no hit to add, nothing to build.
    extra = _row_level_hits(source, parties, regimes[0]) if parties is not None or source.problems else ()
    tied = touches_target(source, regimes[0].book.target)
    judged = _judge_linked(source, tuple(regimes), as_of) if tied else None
    if judged is None:
        reference = source.fields.get("reference")
        ref = "" if reference is None else cell_text(reference)
        each = with_hits(PERMITTED, extra) if extra else PERMITTED
        return RowResult(source, ref, row_kind(source), (each,) * len(regimes))
    rec, verdicts, ruled_out = judged
    if extra:
        verdicts = tuple(with_hits(v, extra) for v in verdicts)
    return RowResult(source, rec.reference, rec.kind, verdicts, tuple(rec.notes), ruled_out)


def screen(
    rows: Iterable[SourceRow],
    regimes: Sequence[Regime],
    as_of: dt.date | None = None,
    parties: PartyScreening | None = None,
) -> Iterator[RowResult]:
    """Screen rows in order under every regime; a generator, so a ledger streams through."""
    if not regimes:
        raise ValueError("screening needs at least one regime")
    if any(r.book is not regimes[0].book for r in regimes):
        raise ValueError("the regimes screened together must share one rule book (load them together)")
    for source in rows:
        yield screen_row(source, regimes, as_of, parties)


def evaluate(
    source: SourceRow, regime: Regime, as_of: dt.date | None = None, parties: PartyScreening | None = None
) -> Verdict:
    """A row's verdict under a single regime (the same computation screen() uses)."""
    extra = _row_level_hits(source, parties, regime)
    judged = _judge_linked(source, (regime,), as_of) if touches_target(source, regime.book.target) else None
    return with_hits(PERMITTED if judged is None else judged[1][0], extra)
