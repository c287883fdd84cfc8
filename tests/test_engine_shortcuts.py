"""The engine's remembered answers (compliance.engine.shortcuts) conclude what assessing each measure does.

A DPRK-tied row's findings are built with two shortcuts: the measures a kind of tie can bear on, and
the goods measures an HS code is outside. Both are checked here against the long way round (every
measure of the book, each assessed in full) on generated ledger rows, and the code test against
`match_goods` on every prefix the shipped packs name.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from compliance.engine.findings import Finding, _assess, findings
from compliance.engine.goods import match_goods
from compliance.engine.shortcuts import code_outside, could_bear, shortcuts
from compliance.intake.importer import open_input
from compliance.model.results import RuledOut
from compliance.model.source_row import SourceRow
from compliance.normalise.record import Record, complete, link_row
from compliance.paths import rules_dir, sample_workbook
from compliance.rules.catalog import load_regimes
from compliance.rules.regime import Regime, RuleBook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from make_ledger import write_ledger


@pytest.fixture(scope="module")
def regimes() -> tuple[Regime, Regime]:
    return load_regimes(rules_dir())


def _record(source: SourceRow, book: RuleBook) -> Record:
    rec = link_row(source, book.target)
    complete(rec, book.contract_types, book.contract_types_from_fields, book.contract_types_from_text)
    return rec


def _long_way(
    rec: Record, book: RuleBook, as_of: dt.date | None, term_hits: dict[int, str]
) -> tuple[list[Finding], list[RuledOut]]:
    """Every measure of the book that could bear on the row, each assessed in full."""
    found: list[Finding] = []
    ruled_out: list[RuledOut] = []
    tied = frozenset(rec.links.keys() | rec.maybe_links.keys())
    for i, rule in enumerate(book.rules):
        if not could_bear(rule, tied, bool(rec.unsure_direction)):
            continue
        outcome = _assess(i, rec, book, as_of, term_hits)
        if isinstance(outcome, Finding):
            found.append(outcome)
        else:
            ruled_out.append(RuledOut(rule.id, outcome))
    return found, ruled_out


def _compared(rows: list[SourceRow], book: RuleBook, as_of: dt.date | None) -> tuple[int, int]:
    """(tied rows whose findings were compared, measures ruled out by a row's code) over the rows."""
    compared = ruled_out_by_code = 0
    for source in rows:
        rec = _record(source, book)
        if not rec.linked:
            continue
        description = rec.text("description")
        term_hits = book.index.goods_terms.find(description) if description else {}
        quick = findings(rec, book, as_of, term_hits)
        assert quick == _long_way(rec, book, as_of, term_hits), f"row {source.row}"
        compared += 1
        ruled_out_by_code += sum(1 for r in quick[1] if r.why.endswith("outside this measure's goods"))
    return compared, ruled_out_by_code


@pytest.mark.parametrize("as_of", [None, dt.date(2018, 6, 1)])
def test_findings_are_those_of_every_measure_assessed(
    regimes: tuple[Regime, Regime], tmp_path: Path, as_of: dt.date | None
) -> None:
    ledger = write_ledger(tmp_path / "tied.csv", 1500, seed=11, dprk_share=0.8)
    compared, by_code = _compared(list(open_input(ledger, keep_cells=False).rows()), regimes[0].book, as_of)
    # The ledger exercises both shortcuts: many tied rows, many measures ruled out by their code.
    assert compared > 1000
    assert by_code > compared


def test_findings_on_the_sample_contracts_and_shipments(regimes: tuple[Regime, Regime]) -> None:
    rows = list(open_input(sample_workbook(), keep_cells=False).rows())
    contracts = [r for r in rows if r.sheet == "Contracts"]
    assert len(contracts) > 10
    compared, _ = _compared(rows, regimes[0].book, None)
    assert compared > 50


def _codes(book: RuleBook) -> set[str]:
    """Every prefix the packs name, cut shorter and made longer, and a few codes no measure names."""
    codes = {"010121", "8703", "87", "99", "271019", "2710", "27", "9403"}
    for rule in book.rules:
        goods = rule.goods
        if goods is None:
            continue
        for prefix in (*goods.hs, *goods.hs_exclude, *goods.hs_if_described, *goods.hs_ordinary):
            codes.update({prefix, prefix[:2], prefix[:4], prefix[:6], prefix + "00", prefix + "9"})
    return {c for c in codes if c}


def test_code_outside_agrees_with_match_goods(regimes: tuple[Regime, Regime]) -> None:
    book = regimes[0].book
    goods_rules = [r for r in book.rules if r.goods is not None]
    assert goods_rules
    disagreements = []
    outside_seen = inside_seen = 0
    for written in sorted(_codes(book)):
        source = SourceRow("l.xlsx", "S", 2, {"origin": "DPRK", "destination": "China", "hs_code": written})
        rec = _record(source, book)
        assert rec.hs is not None
        code = rec.hs.digits
        if code is None:  # an unusable code: the row is judged as one with no code (the first test)
            continue
        for rule in goods_rules:
            outside = code_outside(rule.goods, code)  # type: ignore[arg-type]
            if outside != (match_goods(rule, rec, None) is None):
                disagreements.append((rule.id, code))
            outside_seen += outside
            inside_seen += not outside
    assert not disagreements
    assert outside_seen and inside_seen


def test_book_shortcuts_are_per_book(regimes: tuple[Regime, Regime]) -> None:
    book = regimes[0].book
    known = shortcuts(book)
    assert shortcuts(book) is known
    other = load_regimes(rules_dir())[0].book
    assert shortcuts(other) is not known
    assert shortcuts(other).book is other
