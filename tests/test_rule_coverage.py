"""The rule-coverage check itself: what counts as firing, and what it reports as never fired."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.engine.evaluate import screen_row
from compliance.model.source_row import SourceRow
from compliance.model.status import Status
from compliance.paths import rules_dir
from compliance.rules.catalog import load_regimes
from compliance.rules.packs import LoadedPack
from tests.rule_coverage import Fired, RuleCoverage, shipped_packs, uncovered


@pytest.fixture(scope="module")
def packs() -> list[LoadedPack]:
    return shipped_packs(rules_dir())


def _base_and_draft(packs: list[LoadedPack]) -> tuple[LoadedPack, LoadedPack]:
    base = next(p for p in packs if p.pack.pack.based_on is None)
    draft = next(p for p in packs if p.pack.pack.based_on is not None)
    return base, draft


def _amendments(packs: list[LoadedPack]) -> list[LoadedPack]:
    return [p for p in packs if p.pack.pack.based_on is not None]


def _amended_rules(pack: LoadedPack) -> list[str]:
    """The rules an amendment adds, puts in place of another, or modifies."""
    p = pack.pack
    return [r.id for r in p.add] + [rep.by.id for rep in p.replace] + [mod.rule for mod in p.modify]


def _everything(packs: list[LoadedPack]) -> set[Fired]:
    """A hit for every rule (with its own outcome), every exception and every lift, of every pack."""
    base, _ = _base_and_draft(packs)
    b = base.sha256
    fired = set()
    for rule in base.pack.rule:
        fired.add(Fired(b, b, rule.id, None, False, Status(rule.outcome)))
        fired.update(Fired(b, b, rule.id, e.id, False, Status.REVIEW) for e in rule.exceptions)
    for exc in base.pack.exception:
        target = base.pack.rule[0].id if "*" in exc.rules else exc.rules[0]
        fired.add(Fired(b, b, target, exc.id, False, Status.REVIEW))
    for amendment in _amendments(packs):
        d = amendment.sha256
        for lift in amendment.pack.lift:
            fired.add(Fired(b, d, lift.rule, None, True, Status.PERMITTED))
        for exc in amendment.pack.exception:
            fired.add(Fired(b, d, exc.rules[0], exc.id, False, Status.PERMITTED))
        for rule_id in _amended_rules(amendment):
            fired.add(Fired(b, d, rule_id, None, False, Status.PROHIBITED))
    return fired


def test_the_proposals_are_checked_too(packs: list[LoadedPack]) -> None:
    names = {Path(p.path).name for p in packs}
    assert {"draft-2019-cn-ru.toml", "draft-2021-cn-ru.toml", "us-draft-2022.toml"} <= names
    us = next(p for p in packs if Path(p.path).name == "us-draft-2022.toml")
    assert _amended_rules(us)  # the regime that tightens: added and modified measures


def test_nothing_fired_lists_every_rule_exception_and_lift(packs: list[LoadedPack]) -> None:
    base, _ = _base_and_draft(packs)
    amendments = _amendments(packs)
    result = uncovered(packs, set())
    assert result.failed
    amended = sum(len(_amended_rules(a)) for a in amendments)
    assert len(result.rules) == len(base.pack.rule) + amended == result.checked["rules"]
    assert len(result.lifts) == sum(len(a.pack.lift) for a in amendments) == result.checked["lifts"]
    own = sum(len(r.exceptions) for r in base.pack.rule)
    shared = len(base.pack.exception) + sum(len(a.pack.exception) for a in amendments)
    assert len(result.exceptions) == own + shared
    assert f"{Path(base.path).name}: rule 'seafood-export'" in result.rules
    assert "us-draft-2022.toml: added rule 'tobacco-import'" in result.rules
    assert "us-draft-2022.toml: modified rule 'refined-petroleum-cap-2397'" in result.rules
    assert "draft-2021-cn-ru.toml: lift of rule 'refined-petroleum-cap-2375'" in result.lifts


def test_an_added_rule_counts_only_under_its_own_regime(packs: list[LoadedPack]) -> None:
    base, draft_2019 = _base_and_draft(packs)
    moved = {
        f._replace(regime_sha256=draft_2019.sha256) if f.rule_id == "watches-export" else f for f in _everything(packs)
    }
    result = uncovered(packs, moved)
    assert result.rules == ["us-draft-2022.toml: added rule 'watches-export'"]
    # A modified rule firing under the measures in force is the unmodified one: it does not count.
    us = next(p for p in packs if Path(p.path).name == "us-draft-2022.toml")
    unmodified = {
        f._replace(regime_sha256=base.sha256) if f.regime_sha256 == us.sha256 and f.rule_id == "crude-oil-cap-2397"
        else f
        for f in _everything(packs)
    }  # fmt: skip
    assert uncovered(packs, unmodified).rules == ["us-draft-2022.toml: modified rule 'crude-oil-cap-2397'"]


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
