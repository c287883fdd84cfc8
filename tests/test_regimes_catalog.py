"""The regimes shipped as data: the catalog lists them, diffs say measure by measure what each
changes, the two regimes of today load as before, and an analyst's scenario round-trips as TOML."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from compliance.model.errors import RuleFileError
from compliance.paths import rules_dir
from compliance.rules.catalog import find_regimes, load_regime, load_regimes, load_screening
from compliance.rules.diff import diff_regimes
from compliance.rules.regime import Regime

SHIPPED = {
    "in-force": ("in force", dt.date(2017, 12, 22), None),
    "draft-2019": ("proposal, never adopted", dt.date(2019, 12, 16), "in-force"),
    "draft-2021": ("proposal, never adopted", dt.date(2021, 10, 29), "in-force"),
    "us-draft-2022": ("vetoed draft", dt.date(2022, 5, 26), "in-force"),
}


@pytest.fixture(scope="module")
def screened() -> dict[str, Regime]:
    """The four shipped regimes, compiled together into one rule book."""
    regimes = load_screening(list(SHIPPED), rules_dir())
    return {r.declared.id: r for r in regimes if r.declared}


def _ids(regime: Regime, indexes: frozenset[int] | set[int]) -> set[str]:
    return {regime.book.rules[i].id for i in indexes}


def test_the_catalog_lists_the_four_shipped_regimes_with_status_date_and_base() -> None:
    found = find_regimes(rules_dir())
    assert [i.id for i in found] == list(SHIPPED)
    for info in found:
        status, date, base = SHIPPED[info.id]
        assert (info.status, info.date, info.base) == (status, date, base), info.id
        assert info.shipped and Path(info.path).is_file() and info.label and info.notice
        if info.status != "in force":
            assert "never adopted" in info.notice, info.id
            assert "as if it had been adopted before each row's date" in info.notice, info.id


def test_todays_two_regimes_load_as_before() -> None:
    current, draft = load_regimes(rules_dir())
    assert (current.id, draft.id) == ("in-force", "draft-2019")
    assert current.book is draft.book
    every = frozenset(range(len(current.book.rules)))
    assert current.active == draft.active == every
    assert current.declared and current.declared.id == "in-force"
    assert draft.declared and draft.declared.id == "draft-2019"
    assert draft.declared.banner == "Proposal by China and Russia, Dec 2019 — never adopted; not law"


def test_regimes_screened_together_share_one_book_holding_every_variant(screened: dict[str, Regime]) -> None:
    books = {id(r.book) for r in screened.values()}
    assert len(books) == 1
    in_force, us = screened["in-force"], screened["us-draft-2022"]
    # The base's rules keep their places, so the in-force regime is exactly the base pack's rules.
    assert in_force.active == frozenset(range(len(in_force.packs[0].pack.rule)))
    assert screened["draft-2019"].active == in_force.active == screened["draft-2021"].active
    assert _ids(us, us.active - in_force.active) == {
        "crude-oil-cap-2397",
        "refined-petroleum-cap-2397",
        "mineral-fuels-export",
        "watches-export",
        "tobacco-import",
    }
    # The caps it modifies keep their ids; the versions in force are not active under it.
    assert _ids(us, in_force.active - us.active) == {"crude-oil-cap-2397", "refined-petroleum-cap-2397"}


def test_us_draft_2022_has_the_tobacco_watch_and_mineral_fuel_bans(screened: dict[str, Regime]) -> None:
    us = screened["us-draft-2022"]
    active = {us.book.rules[i].id: us.book.rules[i] for i in us.active}
    tobacco, watches, fuels = active["tobacco-import"], active["watches-export"], active["mineral-fuels-export"]
    assert tobacco.links == ("to_dprk",) and tobacco.goods and tobacco.goods.hs == ("24",)
    assert watches.links == ("from_dprk",) and watches.goods and watches.goods.hs == ("91",)
    assert fuels.links == ("from_dprk",) and fuels.goods and fuels.goods.hs == ("27",)
    for rule in (tobacco, watches, fuels):
        assert rule.outcome == "prohibited"
        assert rule.citation.text() == "US draft (2022), reported item"
        assert rule.citation.adopted == dt.date(2022, 5, 26)
        assert rule.note and "unconfirmed" in rule.note
    assert "Direction unconfirmed" in (tobacco.note or "")
    caps = {active[k].cap for k in ("crude-oil-cap-2397", "refined-petroleum-cap-2397")}
    limits = {(lim.amount, lim.unit) for cap in caps if cap for lim in cap.limits}
    assert limits == {(3_000_000, "bbl"), (393_750, "t"), (375_000, "bbl")}


def test_diff_in_force_against_us_draft_names_the_added_bans_and_lowered_caps(screened: dict[str, Regime]) -> None:
    diff = diff_regimes(screened["in-force"], screened["us-draft-2022"])
    assert (diff.a, diff.b) == ("in-force", "us-draft-2022")
    assert {c.rule for c in diff.of_kind("added")} == {"tobacco-import", "watches-export", "mineral-fuels-export"}
    assert all(c.citation == "US draft (2022), reported item" for c in diff.of_kind("added"))
    modified = {c.rule: {f.field: (f.old, f.new) for f in c.fields} for c in diff.of_kind("modified")}
    assert modified["crude-oil-cap-2397"]["cap.limits"] == ("4,000,000 bbl or 525,000 t", "3,000,000 bbl or 393,750 t")
    assert modified["refined-petroleum-cap-2397"]["cap.limits"] == ("500,000 bbl", "375,000 bbl")
    assert not diff.of_kind("lifted")
    back = diff_regimes(screened["us-draft-2022"], screened["in-force"])
    assert {c.rule for c in back.of_kind("dropped")} == {"tobacco-import", "watches-export", "mineral-fuels-export"}


def test_diff_in_force_against_draft_2021_names_the_refined_petroleum_cap(screened: dict[str, Regime]) -> None:
    diff = diff_regimes(screened["in-force"], screened["draft-2021"])
    lifted = {c.rule: c.detail for c in diff.of_kind("lifted")}
    assert "refined-petroleum-cap-2397" in lifted
    assert "refined-petroleum" in lifted["refined-petroleum-cap-2397"]
    assert "draft (2021), reported item" in lifted["refined-petroleum-cap-2397"]
    # The 2019 draft's items, and not the crude-oil cap (reported by no one for 2019 or 2021).
    assert set(screened["draft-2019"].lifted) < set(lifted)
    assert "crude-oil-cap-2397" not in lifted
    exempted = {(c.rule, c.detail) for c in diff.of_kind("exemption added")}
    assert (
        "machinery-import",
        "Goods the October 2021 draft would exempt from the 2397 import ban (reported examples)",
    ) in exempted
    # Against the 2019 draft, what the revision adds.
    later = diff_regimes(screened["draft-2019"], screened["draft-2021"])
    assert {c.rule for c in later.of_kind("lifted")} == {"refined-petroleum-cap-2375", "refined-petroleum-cap-2397"}


def test_later_drafts_cite_their_items_as_reported_never_by_paragraph() -> None:
    for info in find_regimes(rules_dir()):
        if info.id not in ("draft-2021", "us-draft-2022"):
            continue
        data = tomllib.loads(Path(info.path).read_text(encoding="utf-8"))
        cited = f"draft ({info.date.year}), reported item"
        texts = [e["reason"] for e in data.get("lift", []) + data.get("add", []) + data.get("exception", [])]
        texts += [e["change"] for e in data.get("modify", []) + data.get("replace", [])]
        assert texts, info.id
        for text in texts:
            assert cited in text, (info.id, text)
        for entry in data.get("add", []) + data.get("exception", []):
            citation = entry.get("citation")
            if citation is not None:
                assert set(citation) == {"draft", "year", "adopted"}, (info.id, entry["id"])
                assert citation["year"] == info.date.year


# --- a user scenario, written with tomli-w as the scenario editor will ----------------------------


def _scenario(**more: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "pack": {
            "id": "textiles-only",
            "title": "Scenario: textile ban lifted, luxury rug threshold raised",
            "version": "1",
            "based_on": "in-force",
            "description": "What if only the textile ban went, and rugs counted as luxury above USD 1,000?",
        },
        "regime": {
            "id": "textiles-only",
            "label": "Scenario: textiles lifted",
            "status": "user scenario",
            "date": dt.date(2026, 12, 1),
            "notice": "An analyst's scenario, not law: verdicts under it are a comparison only.",
        },
        "lift": [{"rule": "textiles-export", "reason": "Scenario: the textile export ban lifted."}],
        "modify": [
            {
                "rule": "luxury-rugs",
                "change": "Rugs count as luxury goods above USD 1,000 a unit (scenario).",
                "unit_value_above_usd": 1000.0,
            }
        ],
    }
    data.update(more)
    return data


def test_a_user_scenario_round_trips_through_toml(tmp_path: Path) -> None:
    user = tmp_path / "scenarios"
    user.mkdir()
    path = user / "textiles-only.toml"
    path.write_bytes(tomli_w.dumps(_scenario()).encode("utf-8"))
    infos = {i.id: i for i in find_regimes(rules_dir(), user)}
    assert infos["textiles-only"].status == "user scenario" and not infos["textiles-only"].shipped
    by_id = load_regime("textiles-only", rules_dir(), user)
    by_path = load_regime(path, rules_dir())
    again = tmp_path / "again.toml"
    again.write_bytes(tomli_w.dumps(tomllib.loads(path.read_text(encoding="utf-8"))).encode("utf-8"))
    reloaded = load_regime(again, rules_dir())
    for regime in (by_path, reloaded):
        assert regime.lifted == by_id.lifted == {"textiles-export": "Scenario: the textile export ban lifted."}
        assert _ids(regime, regime.active) == _ids(by_id, by_id.active)
        assert {regime.book.rules[i] for i in regime.active} == {by_id.book.rules[i] for i in by_id.active}
    in_force = load_regime("in-force", rules_dir())
    diff = diff_regimes(in_force, by_id)
    assert [(c.kind, c.rule) for c in diff.changes] == [("lifted", "textiles-export"), ("modified", "luxury-rugs")]
    rugs = diff.of_kind("modified")[0]
    assert [(f.field, f.old, f.new) for f in rugs.fields] == [("goods.unit_value_above_usd", "500", "1,000")]
    assert rugs.detail == "Rugs count as luxury goods above USD 1,000 a unit (scenario)."


def test_a_scenario_may_amend_a_proposal_and_replace_a_measure(tmp_path: Path) -> None:
    screened_2019 = load_regime("draft-2019", rules_dir())
    tobacco = {
        "id": "tobacco-import-scenario",
        "title": "Tobacco into the DPRK (scenario)",
        "measure": "tobacco",
        "links": ["to_dprk"],
        "outcome": "review",
        "reason": "Scenario.",
        "question": "Is it tobacco?",
        "citation": {"draft": "Scenario", "year": 2026, "adopted": dt.date(2026, 1, 1)},
        "goods": {"hs": ["24"], "hs_basis": "implementation choice"},
    }
    data = _scenario(add=[tobacco])
    data["pack"]["based_on"] = "draft-2019"
    data["replace"] = [
        {
            "rule": "luxury-yachts",
            "change": "Yachts: review instead (scenario).",
            "by": {
                **tobacco,
                "id": "yachts-review",
                "measure": "luxury goods",
                "goods": {"hs": ["8903"], "hs_basis": "implementation choice"},
            },
        }
    ]
    path = tmp_path / "on-2019.toml"
    path.write_bytes(tomli_w.dumps(data).encode("utf-8"))
    regime = load_regime(path, rules_dir())
    assert [Path(p.path).name for p in regime.packs] == [
        "un-dprk-in-force.toml",
        "draft-2019-cn-ru.toml",
        "on-2019.toml",
    ]
    assert set(regime.lifted) == set(screened_2019.lifted) | {"textiles-export"}
    diff = diff_regimes(screened_2019, regime)
    kinds = {(c.kind, c.rule, c.by) for c in diff.changes}
    assert ("replaced", "luxury-yachts", "yachts-review") in kinds
    assert ("added", "tobacco-import-scenario", None) in kinds
    assert ("lifted", "textiles-export", None) not in kinds  # lifted by the 2019 draft already


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"lift": [{"rule": "no-such-rule", "reason": "r"}]}, "names rules the base pack does not have: no-such-rule"),
        (
            {"modify": [{"rule": "luxury-rugs", "change": "c", "unit_value_above_usd": -1}]},
            "modify 'luxury-rugs', field 'unit_value_above_usd'",
        ),
        (
            {"modify": [{"rule": "repatriation-2397", "change": "c", "outcome": "review"}]},
            "modify 'repatriation-2397': ",
        ),
        ({"regime": {**_scenario()["regime"], "status": "in force"}}, "not the measures in force"),
        ({"regime": {**_scenario()["regime"], "status": "adopted"}}, "field 'regime.status'"),
    ],
)
def test_a_broken_scenario_is_refused_with_file_and_reason(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    path = tmp_path / "broken.toml"
    path.write_bytes(tomli_w.dumps(_scenario(**change)).encode("utf-8"))
    with pytest.raises(RuleFileError) as err:
        load_regime(path, rules_dir())
    assert err.value.one_line().startswith(str(path))
    assert message in err.value.one_line()


def test_the_catalog_refuses_ids_twice_packs_without_a_regime_and_unknown_ids(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    data = _scenario()
    data["regime"]["id"] = "draft-2019"
    (user / "clash.toml").write_bytes(tomli_w.dumps(data).encode("utf-8"))
    with pytest.raises(RuleFileError, match="regime id 'draft-2019' is also declared by"):
        find_regimes(rules_dir(), user)
    del data["regime"]
    (user / "clash.toml").write_bytes(tomli_w.dumps(data).encode("utf-8"))
    with pytest.raises(RuleFileError, match="declares no \\[regime\\] table"):
        find_regimes(rules_dir(), user)
    with pytest.raises(RuleFileError, match="no regime 'draft-2030'"):
        load_regime("draft-2030", rules_dir())


def test_an_amendment_of_a_missing_regime_is_refused(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    (rules / "un-dprk-in-force.toml").unlink()
    with pytest.raises(RuleFileError, match="amends 'un-dprk-in-force', which is not among the regimes found"):
        load_regime("draft-2019", rules)
