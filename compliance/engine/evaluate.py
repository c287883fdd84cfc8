"""Evaluation: which measures bear on a row, and its verdict under each regime.

The engine is pure: rows and regimes in, results out, no I/O and no globals. It first works out the
row's findings once (rule, outcome, reason, evidence: independent of the regime, since both regimes
share their rules), then reads each regime's verdict from them (lifts and exceptions differ).

Each step has its module: `findings` (which measures bear, with `conditions`, `goods` and
`timing`), `checks` (what the row leaves open), `verdict` (one regime's reading of the findings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from compliance.designations.parties import PartyScreening
from compliance.engine.checks import cell_checks, data_checks
from compliance.engine.findings import findings
from compliance.engine.verdict import verdict, with_hits
from compliance.model.results import PERMITTED, Hit, RowResult, RuledOut, Verdict
from compliance.model.source_row import SourceRow
from compliance.normalise.record import Record, cell_text, complete, link_row, row_kind, touches_dprk
from compliance.rules.regime import Regime

__all__ = ["evaluate", "screen", "screen_row", "verdict"]


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
    # Most rows have no designation list to check and no unread cell: no hit to add, nothing to build.
    extra = _row_level_hits(source, parties) if parties is not None or source.problems else ()
    judged = _judge_linked(source, (current, draft), as_of) if touches_dprk(source) else None
    if judged is None:
        reference = source.fields.get("reference")
        ref = "" if reference is None else cell_text(reference)
        both = with_hits(PERMITTED, extra) if extra else PERMITTED
        return RowResult(source, ref, row_kind(source), both, both)
    rec, (now, then), ruled_out = judged
    return RowResult(
        source, rec.reference, rec.kind, with_hits(now, extra), with_hits(then, extra), tuple(rec.notes), ruled_out
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
    return with_hits(PERMITTED if judged is None else judged[1][0], extra)
