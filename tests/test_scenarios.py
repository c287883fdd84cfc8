"""Scenarios an analyst builds: written as pack amendments into the user's regimes folder, read back
by the catalog with the same measures, exported and imported; a file that would not load is refused
with its file, line and reason, and nothing is kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from compliance.model.errors import RuleFileError
from compliance.paths import rules_dir
from compliance.rules.catalog import find_regimes, load_regime
from compliance.rules.diff import diff_regimes
from compliance.rules.measure_groups import (
    CAPS,
    EXPORTS,
    GROUPS,
    IMPORTS,
    INVESTMENT,
    PERSONS,
    VESSELS,
    cap_text,
    grouped,
    measure_entries,
    parse_cap,
    parse_date,
    parse_list,
)
from compliance.rules.packs import Rule
from compliance.rules.regime import Regime
from compliance.scenarios import (
    AddedBan,
    AddedExemption,
    Scenario,
    export_scenario,
    import_scenario,
    save_scenario,
    scenario_id,
    slug,
    user_regimes_dir,
)

FIXTURE = Path(__file__).parent / "data" / "regimes" / "textiles-lifted.toml"
TODAY = dt.date(2026, 12, 5)


@pytest.fixture
def user(tmp_path: Path) -> Path:
    return tmp_path / "regimes"


@pytest.fixture(scope="module")
def in_force() -> Regime:
    return load_regime("in-force", rules_dir())


def _rules(regime: Regime) -> dict[str, Rule]:
    return {regime.book.rules[i].id: regime.book.rules[i] for i in regime.active}


def test_the_users_folder_is_in_the_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SANCTIONS_DESK_DATA_DIR", str(tmp_path / "desk"))
    assert user_regimes_dir() == tmp_path / "desk" / "regimes"


def test_a_scenario_lifting_only_textiles_reloads_with_the_same_lifts(user: Path, in_force: Regime) -> None:
    scenario = Scenario(name="Textiles lifted", base="in-force", lifts={"textiles-export": "What if textiles went?"})
    path = save_scenario(scenario, rules_dir(), user, today=TODAY)
    assert path == user / "textiles-lifted.toml" and scenario.id == "textiles-lifted"
    found = {i.id: i for i in find_regimes(rules_dir(), user)}
    info = found["textiles-lifted"]
    assert (info.status, info.label, info.date, info.base, info.shipped) == (
        "user scenario",
        "Textiles lifted",
        TODAY,
        "in-force",
        False,
    )
    assert "analyst's scenario, not law" in info.notice
    saved = load_regime("textiles-lifted", rules_dir(), user)
    assert saved.lifted == {"textiles-export": "What if textiles went?"}
    assert [(c.kind, c.rule) for c in diff_regimes(in_force, saved).changes] == [("lifted", "textiles-export")]
    by_hand = load_regime(FIXTURE, rules_dir())
    assert set(saved.lifted) == set(by_hand.lifted)
    assert _rules(saved) == _rules(by_hand)


def _only_change(scenario: Scenario, user: Path, in_force: Regime) -> tuple[Regime, list[tuple[str, str]]]:
    save_scenario(scenario, rules_dir(), user, today=TODAY)
    assert scenario.id is not None
    regime = load_regime(scenario.id, rules_dir(), user)
    return regime, [(c.kind, c.rule) for c in diff_regimes(in_force, regime).changes]


def test_a_cap_change_round_trips(user: Path, in_force: Regime) -> None:
    scenario = Scenario(name="Half the crude", base="in-force", caps={"crude-oil-cap-2397": (2_000_000, 262_500)})
    regime, changes = _only_change(scenario, user, in_force)
    assert changes == [("modified", "crude-oil-cap-2397")]
    cap = regime.book.rules[next(i for i in regime.active if regime.book.rules[i].id == "crude-oil-cap-2397")].cap
    assert cap is not None and cap_text(cap.limits) == "2,000,000 bbl or 262,500 t"
    modified = diff_regimes(in_force, regime).changes[0]
    assert ("cap.limits", "4,000,000 bbl or 525,000 t", "2,000,000 bbl or 262,500 t") in {
        (f.field, f.old, f.new) for f in modified.fields
    }


def test_a_refined_petroleum_cap_keeps_its_barrels_per_tonne(user: Path, in_force: Regime) -> None:
    scenario = Scenario(name="Refined", base="in-force", caps={"refined-petroleum-cap-2397": (250_000,)})
    regime, _ = _only_change(scenario, user, in_force)
    before = _rules(in_force)["refined-petroleum-cap-2397"]
    after = _rules(regime)["refined-petroleum-cap-2397"]
    assert after.cap is not None and before.cap is not None
    assert after.cap.barrels_per_tonne == before.cap.barrels_per_tonne
    assert cap_text(after.cap.limits) == "250,000 bbl"


def test_start_and_end_dates_round_trip(user: Path, in_force: Regime) -> None:
    scenario = Scenario(
        name="Dates",
        base="in-force",
        starts={"seafood-export": dt.date(2018, 1, 1)},
        ends={"luxury-rugs": dt.date(2020, 6, 30)},
    )
    regime, changes = _only_change(scenario, user, in_force)
    assert sorted(changes) == [("modified", "luxury-rugs"), ("modified", "seafood-export")]
    rules = _rules(regime)
    assert rules["seafood-export"].citation.adopted == dt.date(2018, 1, 1)
    assert rules["luxury-rugs"].in_force_until == dt.date(2020, 6, 30)


@pytest.mark.parametrize(
    ("ban", "links"),
    [
        (AddedBan("Cigarettes", "to_dprk", hs=("2402", "2403")), ("to_dprk",)),
        (AddedBan("Ginseng", "from_dprk", terms=("ginseng", "red ginseng"), start=dt.date(2019, 1, 1)), ("from_dprk",)),
    ],
)
def test_an_added_ban_round_trips(user: Path, in_force: Regime, ban: AddedBan, links: tuple[str, ...]) -> None:
    regime, changes = _only_change(Scenario(name="A ban", base="in-force", bans=[ban]), user, in_force)
    assert changes == [("added", "a-ban-ban-1")]
    rule = _rules(regime)["a-ban-ban-1"]
    assert rule.links == links and rule.outcome == "prohibited"
    assert rule.goods is not None and (rule.goods.hs, rule.goods.terms) == (ban.hs, ban.terms)
    assert rule.citation.adopted == (ban.start or dt.date(2017, 12, 22))
    assert rule.citation.text() == "Scenario 'A ban' (2026), reported item"


def test_an_added_exemption_round_trips(user: Path, in_force: Regime) -> None:
    exemption = AddedExemption("Rail parts", ("machinery-import", "metals-import"), ("rail", "sleepers"))
    regime, changes = _only_change(Scenario(name="Rail", base="in-force", exemptions=[exemption]), user, in_force)
    assert changes == [("exemption added", "machinery-import"), ("exemption added", "metals-import")]
    index = next(i for i in regime.active if regime.book.rules[i].id == "metals-import")
    added = [c.exception for c in regime.exceptions[index] if c.exception.id == "rail-exemption-1"]
    assert len(added) == 1 and added[0].outcome == "permitted" and added[0].when.terms == ("rail", "sleepers")


def test_a_lifted_measure_is_not_also_modified(user: Path, in_force: Regime) -> None:
    scenario = Scenario(
        name="Both", base="in-force", lifts={"crude-oil-cap-2397": "gone"}, caps={"crude-oil-cap-2397": (1.0, 1.0)}
    )
    regime, changes = _only_change(scenario, user, in_force)
    assert changes == [("lifted", "crude-oil-cap-2397")]
    assert regime.lifted == {"crude-oil-cap-2397": "gone"}


def test_a_scenario_on_a_proposal_keeps_the_proposals_lifts(user: Path) -> None:
    scenario = Scenario(name="More relief", base="draft-2019", lifts={"coal-iron-2371": "and coal"})
    save_scenario(scenario, rules_dir(), user, today=TODAY)
    draft = load_regime("draft-2019", rules_dir())
    regime = load_regime("more-relief", rules_dir(), user)
    assert set(regime.lifted) == set(draft.lifted) | {"coal-iron-2371"}


def test_ids_are_unique_and_saving_again_replaces_the_same_file(user: Path) -> None:
    first = Scenario(name="Textiles lifted", base="in-force", lifts={"textiles-export": "a"})
    second = Scenario(name="Textiles lifted", base="in-force", lifts={"textiles-export": "b"})
    assert save_scenario(first, rules_dir(), user, today=TODAY).name == "textiles-lifted.toml"
    assert save_scenario(second, rules_dir(), user, today=TODAY).name == "textiles-lifted-2.toml"
    first.lifts["seafood-export"] = "and seafood"
    assert save_scenario(first, rules_dir(), user, today=TODAY).name == "textiles-lifted.toml"
    assert sorted(p.name for p in user.iterdir()) == ["textiles-lifted-2.toml", "textiles-lifted.toml"]
    assert set(load_regime("textiles-lifted", rules_dir(), user).lifted) == {"textiles-export", "seafood-export"}
    shipped = Scenario(name="In force", base="in-force", lifts={"textiles-export": "a"})
    assert save_scenario(shipped, rules_dir(), user, today=TODAY).name == "in-force-2.toml"


def test_slugs() -> None:
    assert slug("Textiles & seafood, 2026!") == "textiles-seafood-2026"
    assert slug("Ré-export à Nampo") == "re-export-a-nampo"
    assert slug("조선") == "scenario"
    assert scenario_id("Draft 2019", {"draft-2019", "draft-2019-2"}) == "draft-2019-3"


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        (Scenario(name="Nothing", base="in-force"), "the scenario changes nothing"),
        (Scenario(name="  ", base="in-force", lifts={"textiles-export": "r"}), "give the scenario a name"),
        (Scenario(name="Bad ban", base="in-force", bans=[AddedBan("Tea", "to_dprk")]), "give HS codes or description"),
        (
            Scenario(name="Bad hs", base="in-force", bans=[AddedBan("Tea", "to_dprk", hs=("090",))]),
            "HS codes are 2, 4, 6, 8 or 10 digits, not 090",
        ),
        (
            Scenario(name="Early end", base="in-force", ends={"textiles-export": dt.date(2010, 1, 1)}),
            "measure 'textiles-export' would end on 2010-01-01, before it starts (2017-09-11)",
        ),
        (
            Scenario(name="No cap", base="in-force", caps={"textiles-export": (5.0,)}),
            "measure 'textiles-export' has no cap to change",
        ),
        (
            Scenario(name="Exempt", base="in-force", exemptions=[AddedExemption("x", ("no-such-rule",), ("a",))]),
            "names rules the base pack does not have: no-such-rule",
        ),
    ],
)
def test_a_scenario_that_would_not_load_is_refused_and_nothing_is_kept(
    user: Path, scenario: Scenario, message: str
) -> None:
    with pytest.raises(RuleFileError) as err:
        save_scenario(scenario, rules_dir(), user, today=TODAY)
    assert message in err.value.one_line()
    assert err.value.path is not None and Path(err.value.path).parent == user
    assert not user.exists() or not list(user.iterdir())
    assert scenario.id is None


def test_a_valid_shared_file_is_imported_under_its_id(user: Path, tmp_path: Path) -> None:
    source = tmp_path / "from-a-colleague.toml"
    source.write_text(SHARED, encoding="utf-8")
    assert import_scenario(source, rules_dir(), user) == user / "rugs.toml"
    assert [
        c.rule
        for c in diff_regimes(load_regime("in-force", rules_dir()), load_regime("rugs", rules_dir(), user)).changes
    ] == ["luxury-rugs"]


def test_export_and_import_carry_a_scenario_to_another_desk(user: Path, tmp_path: Path) -> None:
    scenario = Scenario(name="Shared", base="in-force", lifts={"textiles-export": "r"})
    saved = save_scenario(scenario, rules_dir(), user, today=TODAY)
    shared = export_scenario(saved, tmp_path / "outbox" / "for-a-colleague.toml")
    assert shared.read_bytes() == saved.read_bytes()
    other_desk = tmp_path / "other-desk"
    kept = import_scenario(shared, rules_dir(), other_desk)
    assert kept == other_desk / "shared.toml" and kept.read_bytes() == saved.read_bytes()
    assert load_regime("shared", rules_dir(), other_desk).lifted == {"textiles-export": "r"}
    with pytest.raises(RuleFileError, match="a regime with the id 'shared' is already there"):
        import_scenario(shared, rules_dir(), other_desk)


SHARED = """\
[pack]
id = "rugs"
title = "Scenario: rugs"
version = "1"
based_on = "in-force"
description = "Rugs."

[regime]
id = "rugs"
label = "Rugs"
status = "user scenario"
date = 2026-12-05
notice = "An analyst's scenario, not law."

[[modify]]
rule = "luxury-rugs"
change = "Cheaper rugs."
unit_value_above_usd = 5000
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SHARED.replace("= 5000", "= -5"), "line 15, modify 'luxury-rugs', field 'unit_value_above_usd'"),
        (
            SHARED.replace('rule = "luxury-rugs"', 'rule = "luxury-rugs'),
            "not valid TOML: Illegal character '\\n' (at line 16",
        ),
        (SHARED.replace('status = "user scenario"', 'status = "law"'), "line 8, field 'regime.status'"),
        (SHARED.replace("luxury-rugs", "no-such-rule"), "names rules the base pack does not have: no-such-rule"),
        (SHARED.replace('based_on = "in-force"\n', ""), "only an amendment (pack.based_on) may lift"),
        (SHARED.replace('"in-force"', '"draft-2030"'), "amends 'draft-2030', which is not among the regimes"),
    ],
)
def test_an_invalid_import_is_refused_naming_file_line_and_reason(
    user: Path, tmp_path: Path, text: str, expected: str
) -> None:
    source = tmp_path / "from-a-colleague.toml"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        import_scenario(source, rules_dir(), user)
    line = err.value.one_line()
    assert line.startswith(f"{source}: ") and expected in line, line
    assert not user.exists() or not list(user.iterdir())


def test_the_measures_in_force_cannot_be_imported_as_a_scenario(user: Path) -> None:
    with pytest.raises(RuleFileError, match="not a scenario: it must amend a regime"):
        import_scenario(rules_dir() / "un-dprk-in-force.toml", rules_dir(), user)
    assert not user.exists()


def test_every_measure_in_force_is_in_one_group(in_force: Regime) -> None:
    entries = measure_entries(in_force)
    assert len(entries) == len(in_force.active) == len({e.id for e in entries})
    groups = dict(grouped(entries))
    assert [g for g in GROUPS if g in groups] == list(groups)
    where = {e.id: g for g, items in groups.items() for e in items}
    assert where["textiles-export"] == where["fishing-rights"] == EXPORTS
    assert where["luxury-rugs"] == where["vessels-import"] == IMPORTS
    assert where["repatriation-2397"] == PERSONS
    assert where["joint-ventures-2375"] == where["inter-korean-rail-road"] == INVESTMENT
    assert where["crude-oil-cap-2397"] == where["coal-cap-2321"] == CAPS
    assert where["ship-to-ship"] == where["vessel-services"] == VESSELS
    crude = next(e for e in entries if e.id == "crude-oil-cap-2397")
    assert crude.citation == "UNSCR 2397 (2017) OP4" and cap_text(crude.cap) == "4,000,000 bbl or 525,000 t"


def test_typed_caps_dates_and_lists_are_read_or_refused_with_the_reason(in_force: Regime) -> None:
    crude = next(e for e in measure_entries(in_force) if e.id == "crude-oil-cap-2397")
    assert parse_cap("3,000,000 bbl or 393,750 t", crude.cap) == (3_000_000.0, 393_750.0)
    assert parse_cap("3000000 or 393750", crude.cap) == (3_000_000.0, 393_750.0)
    with pytest.raises(ValueError, match="give 2 amount"):
        parse_cap("3,000,000 bbl", crude.cap)
    with pytest.raises(ValueError, match="'lots t' is not an amount in t"):
        parse_cap("5 bbl or lots t", crude.cap)
    with pytest.raises(ValueError, match="more than zero"):
        parse_cap("0 or 5", crude.cap)
    assert parse_date(" 2018-01-31 ") == dt.date(2018, 1, 31)
    with pytest.raises(ValueError, match="'31/01/2018' is not a date"):
        parse_date("31/01/2018")
    assert parse_list("2402, 2403;2402 ,, ") == ("2402", "2403")


def test_a_name_typed_over_several_lines_is_kept_on_one(user: Path) -> None:
    scenario = Scenario(name="Textiles\n  lifted ", base="in-force", lifts={"textiles-export": "r"})
    path = save_scenario(scenario, rules_dir(), user, today=TODAY)
    assert path.read_text(encoding="utf-8").splitlines()[0].startswith("# Textiles lifted: ")
    assert {i.id: i.label for i in find_regimes(rules_dir(), user)}["textiles-lifted"] == "Textiles lifted"
