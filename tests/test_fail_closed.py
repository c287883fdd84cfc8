"""Fail closed: a row tied to the DPRK is permitted only when every measure that could bear on it is ruled out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from compliance.engine.evaluate import evaluate, screen_row
from compliance.model.results import RowResult
from compliance.model.source_row import CellProblem, SourceRow
from compliance.model.status import Status
from compliance.paths import rules_dir
from compliance.rules.catalog import load_regimes
from compliance.rules.regime import Regime

P, R, OK = Status.PROHIBITED, Status.REVIEW, Status.PERMITTED


@pytest.fixture(scope="module")
def regimes() -> tuple[Regime, Regime]:
    return load_regimes(rules_dir())


def row(problems: tuple[CellProblem, ...] = (), **fields: Any) -> SourceRow:
    cells = {k: v for k, v in fields.items() if v is not None}
    return SourceRow("ledger.csv", "ledger", 9, cells, problems=problems)


def run(regimes: tuple[Regime, Regime], as_of: dt.date | None = None, **fields: Any) -> RowResult:
    return screen_row(row(**fields), regimes, as_of=as_of)


FORMULA = CellProblem(
    "origin",
    "Country of Origin",
    "",
    "this cell is a formula; its value was not stored",
    "What is the country of origin? Open the workbook in Excel, recalculate and save it, then screen it again.",
)


@pytest.mark.parametrize("linked", [False, True])
def test_an_unread_cell_holds_any_row_at_review_under_every_regime(
    regimes: tuple[Regime, Regime], linked: bool
) -> None:
    fields: dict[str, Any] = {"date": "2018-03-01", "description": "plastic buckets", "destination": "Viet Nam"}
    if linked:
        fields["shipper_country"] = "DPRK"
    result = screen_row(row((FORMULA,), **fields), regimes)
    for verdict in (result.baseline, result.alternative):
        assert verdict.status == R
        hit = next(h for h in verdict.hits if h.rule_id == "check-cell")
        assert "formula" in hit.reason and "Country of Origin" in hit.reason
        assert hit.question == FORMULA.question
    assert evaluate(row((FORMULA,), **fields), regimes[0]).status == R


def statuses(result: RowResult) -> tuple[Status, Status]:
    return result.baseline.status, result.alternative.status


def hit_ids(result: RowResult, regime: str = "current") -> dict[str, Status]:
    verdict = result.baseline if regime == "current" else result.alternative
    return {h.rule_id: h.status for h in verdict.hits}


# --- 1. goods that cannot be identified --------------------------------------------------------------


UNCLEAR = [None, "general merchandise", "goods", "samples", "Assorted items, see invoice"]
OUT_OF_DPRK = {"origin": "DPRK", "destination": "China"}
INTO_DPRK = {"origin": "China", "destination": "DPRK"}


@pytest.mark.parametrize("description", UNCLEAR)
@pytest.mark.parametrize("direction", ["from", "into"])
def test_unidentified_goods_on_a_dprk_tied_row_are_review_in_both_directions_and_regimes(
    regimes: tuple[Regime, Regime], description: str | None, direction: str
) -> None:
    tie = OUT_OF_DPRK if direction == "from" else INTO_DPRK
    result = run(regimes, date="2019-03-01", description=description, **tie)
    assert statuses(result) == (R, R)
    hit = next(h for h in result.baseline.hits if h.rule_id == "check-goods")
    assert "What are the goods?" in (hit.question or "")


def test_an_unreadable_description_asks_for_an_hs_code(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, date="2019-03-01", origin="DPRK", destination="China", description="塑料桶")
    hit = next(h for h in result.baseline.hits if h.rule_id == "check-goods")
    assert "could not be read" in (hit.question or "")


def test_a_specific_benign_description_or_code_rules_the_goods_out(regimes: tuple[Regime, Regime]) -> None:
    for fields in ({"description": "plastic buckets"}, {"hs_code": "392410"}):
        result = run(regimes, date="2019-03-01", origin="China", destination="DPRK", **fields)
        assert statuses(result) == (OK, OK)
        assert result.ruled_out, "a permitted DPRK-tied row records why each measure is ruled out"


def test_a_row_with_no_dprk_tie_stays_permitted_without_ceremony(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, date="2019-03-01", origin="China", destination="Viet Nam", description="goods")
    assert statuses(result) == (OK, OK)
    assert result.baseline.hits == () and result.ruled_out == ()


# --- 2. contracts carry goods -----------------------------------------------------------------------


def contract(**fields: Any) -> dict[str, Any]:
    return {"kind": "contract", "date": "2019-04-01", **fields}


def test_a_purchase_of_squid_from_a_dprk_seller_is_the_seafood_ban(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        **contract(
            contract_type="Purchase agreement",
            counterparty="Ryugyong Fisheries",
            counterparty_country="DPRK",
            description="Frozen squid, 200 t",
        ),
    )
    assert hit_ids(result)["seafood-export"] == P
    assert statuses(result) == (P, OK)
    assert any("inferred" in n for n in result.notes)


def test_a_supply_contract_for_excavators_to_a_dprk_company_is_the_machinery_ban(
    regimes: tuple[Regime, Regime],
) -> None:
    result = run(
        regimes,
        **contract(
            contract_type="Supply contract",
            counterparty="Korea Ryongsong Trading",
            counterparty_country="DPRK",
            description="Supply of 12 excavators",
        ),
    )
    assert hit_ids(result)["machinery-import"] == P


def test_garment_processing_in_sinuiju_is_the_textile_ban(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        **contract(
            contract_type="Processing agreement",
            contractor_country="China",
            place_of_work="Sinuiju",
            description="Processing of men's cotton shirts",
        ),
    )
    assert hit_ids(result)["textiles-export"] == P


def test_generators_installed_in_pyongyang_go_into_the_dprk(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        **contract(
            contract_type="Installation",
            contractor_country="Russia",
            place_of_work="Pyongyang",
            description="Diesel generators installed at a plant",
        ),
    )
    assert statuses(result)[0] == P
    assert "machinery-import" in hit_ids(result)


def test_a_contract_whose_direction_cannot_be_told_asks_which_way(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        **contract(contract_type="Agreement", counterparty_country="DPRK", description="Anthracite coal, 50,000 t"),
    )
    hit = next(h for h in result.baseline.hits if h.rule_id == "coal-iron-2371")
    assert hit.status == R and "Which way do the goods go" in (hit.question or "")


def test_a_dprk_contract_that_says_nothing_of_what_it_covers_is_review(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **contract(counterparty="Korea Ryongbong General Corporation", counterparty_country="DPRK"))
    assert statuses(result) == (R, R)
    assert "check-contract" in hit_ids(result)


# --- 3. a tie written in a name or address ----------------------------------------------------------


def test_a_dprk_address_in_the_shipper_cell_ties_the_row(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        date="2018-03-01",
        shipper="Korea Ryongbong Trading, Pyongyang, DPRK",
        destination="China",
        hs_code="030743",
    )
    assert hit_ids(result)["seafood-export"] == P
    assert any(e.field == "shipper" for h in result.baseline.hits for e in h.evidence)


def test_a_dprk_port_in_the_consignee_cell_ties_the_row(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes, date="2018-03-01", consignee="Haegumgang Trading, Nampo, North Korea", origin="China", hs_code="847130"
    )
    assert hit_ids(result)["machinery-import"] == P


def test_a_south_korean_company_name_is_no_tie(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        date="2018-03-01",
        shipper="Korea Exchange Bank, Seoul",
        origin="Japan",
        destination="China",
        hs_code="030743",
    )
    assert statuses(result) == (OK, OK)


# --- 4. vessels -------------------------------------------------------------------------------------


def test_chartering_a_dprk_flagged_vessel_is_prohibited(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **contract(contract_type="Time charter", flag="DPRK", vessel="Chon Ma San"))
    assert hit_ids(result)["vessel-services"] == P
    assert statuses(result) == (P, P)


def test_insuring_a_dprk_vessel_found_in_the_description(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        date="2018-06-01",
        flag="North Korea",
        description="Hull and P&I insurance for MV Rye Song",
        kind="contract",
    )
    assert hit_ids(result)["vessel-services"] == P


def test_cargo_on_a_dprk_flagged_vessel_meets_the_cargo_rules(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, date="2018-06-01", origin="Russia", destination="China", flag="DPRK", hs_code="270112")
    assert hit_ids(result)["coal-iron-2371"] == P


# --- 5. joint ventures from the description -------------------------------------------------------------


def test_a_cooperation_agreement_setting_up_a_joint_company_is_a_joint_venture(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        **contract(
            contract_type="Cooperation agreement",
            counterparty_country="DPRK",
            description="Agreement to set up a joint company for hotel operation",
            start_date="2019-01-01",
        ),
    )
    assert hit_ids(result)["joint-ventures-2375"] == P


# --- 6. words in context --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "not_fired"),
    [
        ("Polyethylene water tanks, 1000 L", "arms-import"),
        ("Machine-made rugs", "machinery-import"),
        ("Goods ready, ship to Dalian", "vessels-import"),
        ("Crude palm oil", "crude-oil-cap-2397"),
    ],
)
def test_words_out_of_context_trigger_nothing(regimes: tuple[Regime, Regime], description: str, not_fired: str) -> None:
    result = run(regimes, date="2019-03-01", origin="China", destination="DPRK", description=description)
    assert not_fired not in hit_ids(result)


def benign_descriptions() -> list[str]:
    path = __import__("pathlib").Path(__file__).parent / "data" / "benign-descriptions.txt"
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_at_least_200_benign_descriptions_trigger_no_measure(regimes: tuple[Regime, Regime]) -> None:
    lines = benign_descriptions()
    assert len(lines) >= 200
    index = regimes[0].book.index.goods_terms
    fired = {line: index.find(line) for line in lines}
    wrong = {line: [regimes[0].book.rules[i].id for i in hits] for line, hits in fired.items() if hits}
    assert wrong == {}


# --- 7. caps --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hs", "quantity", "unit", "rule", "expected"),
    [
        ("270112", 8_000_000, "t", "coal-cap-2321", P),
        ("270112", 8_000_000_000, "kg", "coal-cap-2321", P),
        ("270112", 50_000, "t", "coal-cap-2321", R),
        ("271019", 600_000, "bbl", "refined-petroleum-cap-2397", P),
        ("271019", 100_000, "kL", "refined-petroleum-cap-2397", P),
        ("271019", 70_000, "t", "refined-petroleum-cap-2397", R),
        ("271019", 80_000, "t", "refined-petroleum-cap-2397", P),
        ("270900", 4_500_000, "bbl", "crude-oil-cap-2397", P),
        ("270900", 600_000, "t", "crude-oil-cap-2397", P),
        ("270900", 700_000, "m3", "crude-oil-cap-2397", P),
        ("270900", 100_000, "bbl", "crude-oil-cap-2397", R),
    ],
)
def test_one_row_above_the_whole_annual_cap_is_prohibited(
    regimes: tuple[Regime, Regime], hs: str, quantity: float, unit: str, rule: str, expected: Status
) -> None:
    date = "2017-03-01" if rule == "coal-cap-2321" else "2019-03-01"
    tie = OUT_OF_DPRK if rule.startswith("coal") else INTO_DPRK
    result = run(regimes, date=date, hs_code=hs, quantity=quantity, unit=unit, **tie)
    hit = next(h for h in result.baseline.hits if h.rule_id == rule)
    assert hit.status == expected
    if expected == P:
        assert "whole annual cap" in hit.reason


# --- 8. coverage gaps -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({**INTO_DPRK, "hs_code": "271112", "description": "LPG"}, "condensates-ngl-import"),
        ({"origin": "DPRK", "destination": "China", "hs_code": "230120"}, "seafood-export"),
        ({"origin": "DPRK", "destination": "China", "hs_code": "720810"}, "coal-iron-2371"),
    ],
)
def test_coverage_gaps_are_closed(regimes: tuple[Regime, Regime], fields: dict[str, Any], rule: str) -> None:
    assert hit_ids(run(regimes, date="2019-03-01", **fields))[rule] == P


def test_selling_fishing_rights_is_banned_from_5_aug_2017(regimes: tuple[Regime, Regime]) -> None:
    deal = contract(contract_type="Fishing licence", counterparty_country="DPRK", date="2017-09-01")
    assert hit_ids(run(regimes, **deal))["fishing-rights"] == P
    assert "fishing-rights" not in hit_ids(run(regimes, **{**deal, "date": "2017-07-01"}))


# --- 9. luxury goods from 2006 --------------------------------------------------------------------------


def test_luxury_goods_into_the_dprk_are_at_least_review_from_2006(regimes: tuple[Regime, Regime]) -> None:
    early = run(regimes, date="2008-06-01", origin="Italy", destination="DPRK", description="luxury watches")
    assert statuses(early)[0] == R
    listed = run(regimes, date="2017-06-01", origin="Switzerland", destination="DPRK", hs_code="910111")
    assert hit_ids(listed)["luxury-watches"] == P
    watch = next(h for h in listed.baseline.hits if h.rule_id == "luxury-watches")
    assert watch.citation_text() == "UNSCR 2270 (2016) Annex V, unverified"


# --- 10. the draft's inter-Korean exemption -------------------------------------------------------------


def test_the_draft_exempts_a_real_inter_korean_rail_project(regimes: tuple[Regime, Regime]) -> None:
    project = contract(
        contract_type="Construction",
        contractor_country="Republic of Korea",
        counterparty_country="DPRK",
        project="Inter-Korean railway reconnection project",
        start_date="2019-01-01",
    )
    result = run(regimes, **project)
    assert result.baseline.status > OK
    assert result.alternative.status == OK


def test_a_commercial_sale_of_rails_transiting_busan_is_not_exempt(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        date="2019-03-01",
        origin="China",
        transit="Busan",
        destination="DPRK",
        hs_code="730210",
        description="Steel rails, commercial sale",
    )
    assert hit_ids(result, "draft")["metals-import"] == P
    assert not any(h.exception for h in result.alternative.hits)


# --- 11. periods -------------------------------------------------------------------------------------------


def test_a_contract_judged_at_a_date_it_was_not_running_is_ruled_out(regimes: tuple[Regime, Regime]) -> None:
    jv = contract(
        contract_type="Joint venture", counterparty_country="DPRK", start_date="2010-01-01", end_date="2015-12-31"
    )
    result = run(regimes, as_of=dt.date(2020, 6, 30), **jv)
    assert "joint-ventures-2375" not in hit_ids(result)
    assert any(r.rule_id == "joint-ventures-2375" and "not running" in r.why for r in result.ruled_out)


def test_the_pre_2375_work_contract_exception_reads_the_start_date_when_no_signing_date(
    regimes: tuple[Regime, Regime],
) -> None:
    work = {
        "kind": "contract",
        "contract_type": "Employment",
        "worker_nationality": "DPRK",
        "place_of_work": "Russia",
        "start_date": "2017-06-01",
        "end_date": "2019-06-30",
    }
    judged = run(regimes, as_of=dt.date(2018, 1, 15), **work)
    hit = next(h for h in judged.baseline.hits if h.rule_id == "workers-authorizations-2375")
    assert hit.status == OK and hit.exception == "pre-2375-written-contract"


# --- measures and exceptions the other tests do not reach -------------------------------------------


@pytest.mark.parametrize(
    ("fields", "rule", "exception"),
    [
        (
            {"date": "2017-10-15", **INTO_DPRK, "hs_code": "270900", "quantity": 10_000, "unit": "bbl"},
            "crude-oil-cap-2375",
            None,
        ),
        (
            {"kind": "contract", "date": "2016-06-01", "contract_type": "Time charter", "flag": "DPRK"},
            "vessel-services-2270",
            None,
        ),
        (
            {
                "date": "2016-05-01",
                "origin": "Russia",
                "loading_port": "Rajin",
                "destination": "China",
                "transit": "DPRK",
                "hs_code": "270112",
            },
            "coal-2270",
            "rajin-transit",
        ),
        (
            {"date": "2016-05-01", **OUT_OF_DPRK, "hs_code": "270112", "description": "Coal for livelihood purposes"},
            "coal-2270",
            "livelihood",
        ),
        (
            {
                "date": "2017-03-01",
                "origin": "Russia",
                "loading_port": "Rajin",
                "destination": "China",
                "transit": "DPRK",
                "hs_code": "270112",
            },
            "coal-cap-2321",
            "rajin-transit",
        ),
        (
            {
                "date": "2019-03-01",
                **INTO_DPRK,
                "hs_code": "841191",
                "description": "Spare parts for passenger aircraft engines",
            },
            "machinery-import",
            "aircraft-spare-parts",
        ),
    ],
)
def test_each_measure_and_exception_reaches_a_row(
    regimes: tuple[Regime, Regime], fields: dict[str, Any], rule: str, exception: str | None
) -> None:
    hit = next(h for h in run(regimes, **fields).baseline.hits if h.rule_id == rule)
    assert hit.status == R
    assert hit.exception == exception
    assert hit.question


def test_a_hit_on_a_description_in_another_language_says_what_it_was_read_as(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, date="2019-03-01", origin="朝鲜", destination="中国", description="冷冻鱿鱼")
    hit = next(h for h in result.baseline.hits if h.rule_id == "seafood-export")
    assert hit.status == P
    assert "'冷冻鱿鱼' was read as seafood" in hit.reason
    assert any(e.value == "冷冻鱿鱼" for e in hit.evidence), "the cell is quoted as written"
