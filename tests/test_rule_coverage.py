"""The rule-coverage check itself: what counts as firing, and what it reports as never fired."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.engine.evaluate import screen_row
from compliance.model.source_row import SourceRow
from compliance.model.status import Status
from compliance.paths import rules_dir
from compliance.rules.catalog import load_regimes
from compliance.rules.packs import LoadedPack, load_pack
from tests.rule_coverage import Fired, RuleCoverage, uncovered


@pytest.fixture(scope="module")
def packs() -> list[LoadedPack]:
    return [load_pack(path) for path in sorted(rules_dir().glob("*.toml"))]


def _base_and_draft(packs: list[LoadedPack]) -> tuple[LoadedPack, LoadedPack]:
    base = next(p for p in packs if p.pack.pack.based_on is None)
    draft = next(p for p in packs if p.pack.pack.based_on is not None)
    return base, draft


def _everything(packs: list[LoadedPack]) -> set[Fired]:
    """A hit for every rule (with its own outcome), every exception and every lift."""
    base, draft = _base_and_draft(packs)
    b, d = base.sha256, draft.sha256
    fired = set()
    for rule in base.pack.rule:
        fired.add(Fired(b, b, rule.id, None, False, Status(rule.outcome)))
        fired.update(Fired(b, b, rule.id, e.id, False, Status.REVIEW) for e in rule.exceptions)
    for exc in base.pack.exception:
        target = base.pack.rule[0].id if "*" in exc.rules else exc.rules[0]
        fired.add(Fired(b, b, target, exc.id, False, Status.REVIEW))
    for lift in draft.pack.lift:
        fired.add(Fired(b, d, lift.rule, None, True, Status.PERMITTED))
    for exc in draft.pack.exception:
        fired.add(Fired(b, d, exc.rules[0], exc.id, False, Status.PERMITTED))
    return fired


def test_nothing_fired_lists_every_rule_exception_and_lift(packs: list[LoadedPack]) -> None:
    base, draft = _base_and_draft(packs)
    result = uncovered(packs, set())
    assert result.failed
    assert len(result.rules) == len(base.pack.rule) == result.checked["rules"]
    assert len(result.lifts) == len(draft.pack.lift) == result.checked["lifts"]
    own = sum(len(r.exceptions) for r in base.pack.rule)
    assert len(result.exceptions) == own + len(base.pack.exception) + len(draft.pack.exception)
    assert f"{Path(base.path).name}: rule 'seafood-export'" in result.rules


def test_everything_fired_passes(packs: list[LoadedPack]) -> None:
    result = uncovered(packs, _everything(packs))
    assert not result.failed
    assert result.never_own_outcome == []


def test_a_missing_rule_is_named(packs: list[LoadedPack]) -> None:
    fired = {f for f in _everything(packs) if f.rule_id != "arms-import" or f.lifted}
    result = uncovered(packs, fired)
    assert [r.split(": ", 1)[1] for r in result.rules] == ["rule 'arms-import'"]
    assert result.exceptions == [] and result.lifts == []


def test_an_exception_counts_only_on_its_own_rule(packs: list[LoadedPack]) -> None:
    base, _ = _base_and_draft(packs)
    rule = next(r for r in base.pack.rule if r.exceptions)
    exc = rule.exceptions[0]
    other = next(r for r in base.pack.rule if all(e.id != exc.id for e in r.exceptions))
    fired = {f for f in _everything(packs) if not (f.rule_id == rule.id and f.exception == exc.id)}
    fired.add(Fired(base.sha256, base.sha256, other.id, exc.id, False, Status.REVIEW))
    result = uncovered(packs, fired)
    assert f"exception '{exc.id}' of rule '{rule.id}'" in " ".join(result.exceptions)


def test_hits_under_other_packs_do_not_count(packs: list[LoadedPack]) -> None:
    moved = {f._replace(base_sha256="0" * 64, regime_sha256="0" * 64) for f in _everything(packs)}
    result = uncovered(packs, moved)
    assert result.checked == uncovered(packs, set()).checked
    assert len(result.rules) == result.checked["rules"] and len(result.lifts) == result.checked["lifts"]


def test_a_prohibited_rule_seen_only_as_review_is_noted(packs: list[LoadedPack]) -> None:
    fired = {
        f._replace(status=Status.REVIEW) if f.rule_id == "seafood-export" and not f.lifted else f
        for f in _everything(packs)
    }
    result = uncovered(packs, fired)
    assert not result.failed
    assert [n.split(": ", 1)[1] for n in result.never_own_outcome] == ["rule 'seafood-export' (prohibited)"]


def test_the_engine_hits_are_recorded(pytestconfig: pytest.Config) -> None:
    coverage = pytestconfig.pluginmanager.get_plugin("rule-coverage")
    if coverage is None:
        pytest.skip("rule coverage is switched off (-p no:rule-coverage)")
    assert isinstance(coverage, RuleCoverage)
    before = set(coverage.fired)
    try:
        coverage.fired.clear()
        current, draft = load_regimes(rules_dir())
        fields = {"date": "2018-03-01", "origin": "North Korea", "destination": "China", "hs_code": "030743"}
        screen_row(SourceRow("ledger.xlsx", "Shipments", 2, fields), (current, draft))
        screen_row(
            SourceRow("ledger.xlsx", "Shipments", 3, {"origin": "France", "hs_code": "030743"}), (current, draft)
        )
        seen = {(f.regime_sha256 == draft.sha256, f.rule_id, f.lifted, f.status) for f in coverage.fired}
        assert seen == {
            (False, "seafood-export", False, Status.PROHIBITED),
            (True, "seafood-export", True, Status.PERMITTED),
        }
    finally:
        coverage.fired.clear()
        coverage.fired.update(before)
