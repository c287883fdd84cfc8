"""The engine on hand-made rows: every measure with its citation, both regimes, dates, wind-downs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from compliance.engine.evaluate import evaluate, screen, screen_row
from compliance.model.results import RowResult
from compliance.model.source_row import SourceRow
from compliance.model.status import Status
from compliance.paths import rules_dir
from compliance.rules.catalog import load_regimes
from compliance.rules.regime import Regime

P, R, OK = Status.PROHIBITED, Status.REVIEW, Status.PERMITTED


@pytest.fixture(scope="module")
def regimes() -> tuple[Regime, Regime]:
    return load_regimes(rules_dir())


def row(**fields: Any) -> SourceRow:
    return SourceRow("ledger.xlsx", "Shipments", 7, {k: v for k, v in fields.items() if v is not None})


def run(regimes: tuple[Regime, Regime], as_of: dt.date | None = None, **fields: Any) -> RowResult:
    return screen_row(row(**fields), regimes, as_of=as_of)


def rule_ids(result: RowResult, regime: str = "current") -> dict[str, Status]:
    verdict = result.baseline if regime == "current" else result.alternative
    return {h.rule_id: h.status for h in verdict.hits}


def dprk_export(hs: Any, date: str = "2018-03-01", **more: Any) -> dict[str, Any]:
    return {"date": date, "origin": "North Korea", "destination": "China", "hs_code": hs, **more}


def into_dprk(hs: Any, date: str = "2018-05-01", **more: Any) -> dict[str, Any]:
    return {"date": date, "origin": "China", "destination": "DPRK", "hs_code": hs, **more}


# --- each measure, with its citation ---------------------------------------------------------------

MEASURES = [
    # (fields, rule id, status in force, citation shown, status under the draft)
    (dprk_export("030743"), "seafood-export", P, "UNSCR 2371 (2017) OP9", OK),
    (dprk_export("160420"), "seafood-export", P, "UNSCR 2371 (2017) OP9", OK),
    (dprk_export("6109"), "textiles-export", P, "UNSCR 2375 (2017) OP16, unverified", OK),
    (dprk_export("520812"), "textiles-export", P, "UNSCR 2375 (2017) OP16, unverified", OK),
    (dprk_export("970300"), "statues-export", P, "UNSCR 2321 (2016) OP29, unverified", OK),
    (dprk_export("680221"), "statues-possible", R, "UNSCR 2321 (2016) OP29, unverified", OK),
    (dprk_export("270112"), "coal-iron-2371", P, "UNSCR 2371 (2017) OP8", P),
    (dprk_export("260111"), "coal-iron-2371", P, "UNSCR 2371 (2017) OP8", P),
    (dprk_export("780110"), "lead-export", P, "UNSCR 2371 (2017) OP10, unverified", P),
    (dprk_export("710812"), "gold-titanium-vanadium-rare-earths", P, "UNSCR 2270 (2016) OP30, unverified", P),
    (dprk_export("284690"), "gold-titanium-vanadium-rare-earths", P, "UNSCR 2270 (2016) OP30, unverified", P),
    (dprk_export("7403"), "copper-nickel-silver-zinc", P, "UNSCR 2321 (2016) OP28, unverified", P),
    (dprk_export("7106"), "copper-nickel-silver-zinc", P, "UNSCR 2321 (2016) OP28, unverified", P),
    (dprk_export("0709"), "food-agriculture-export", P, "UNSCR 2397 (2017) OP6", P),
    (dprk_export("0802"), "food-agriculture-export", P, "UNSCR 2397 (2017) OP6", P),
    (dprk_export("1211"), "food-agriculture-export", P, "UNSCR 2397 (2017) OP6", P),
    (dprk_export("8413"), "machinery-export", P, "UNSCR 2397 (2017) OP6", P),
    (dprk_export("8504"), "electrical-export", P, "UNSCR 2397 (2017) OP6", P),
    (dprk_export("2519"), "earth-stone-export", P, "UNSCR 2397 (2017) OP6", P),
    (dprk_export("4403"), "wood-export", P, "UNSCR 2397 (2017) OP6", P),
    (dprk_export("8901"), "vessels-export", P, "UNSCR 2397 (2017) OP6", P),
    (dprk_export("9301"), "arms-export", P, "UNSCR 1718 (2006) OP8(b)", P),
    (into_dprk("8429"), "machinery-import", P, "UNSCR 2397 (2017) OP7, unverified", P),
    (into_dprk("8517"), "machinery-import", P, "UNSCR 2397 (2017) OP7, unverified", P),
    (into_dprk("8704"), "vehicles-import", P, "UNSCR 2397 (2017) OP7, unverified", P),
    (into_dprk("7208"), "metals-import", P, "UNSCR 2397 (2017) OP7, unverified", P),
    (into_dprk("8302"), "metals-import", P, "UNSCR 2397 (2017) OP7, unverified", P),
    (into_dprk("890190"), "vessels-import", P, "UNSCR 2397 (2017) OP14", P),
    (into_dprk("880212", date="2017-03-01"), "helicopters-vessels-import", P, "UNSCR 2321 (2016) OP30", P),
    (into_dprk("271019"), "refined-petroleum-cap-2397", R, "UNSCR 2397 (2017) OP5", R),
    (into_dprk("2710", date="2017-10-01"), "refined-petroleum-cap-2375", R, "UNSCR 2375 (2017) OP14, unverified", R),
    (into_dprk("270900"), "crude-oil-cap-2397", R, "UNSCR 2397 (2017) OP4", R),
    (
        into_dprk(None, description="Gas condensate"),
        "condensates-ngl-import",
        P,
        "UNSCR 2375 (2017) OP13, unverified",
        P,
    ),
    (
        into_dprk(None, description="Jet A-1 jet fuel", date="2016-06-01"),
        "aviation-fuel-import",
        P,
        "UNSCR 2270 (2016) OP31",
        P,
    ),
    (into_dprk("711319"), "luxury-jewellery", P, "UNSCR 2094 (2013) Annex IV", P),
    (into_dprk("890310"), "luxury-yachts", P, "UNSCR 2094 (2013) Annex IV", P),
    (into_dprk("870323"), "luxury-cars", R, "UNSCR 2094 (2013) Annex IV", R),
    (into_dprk("910111"), "luxury-watches", P, "UNSCR 2270 (2016) Annex V, unverified", P),
    (into_dprk("701322"), "luxury-recreation", R, "UNSCR 2270 (2016) Annex V, unverified", R),
    (into_dprk("711319", date="2010-05-01"), "luxury-1718", R, "UNSCR 1718 (2006) OP8(a)(iii)", R),
    (into_dprk("930630"), "arms-import", P, "UNSCR 1718 (2006) OP8(a)", P),
]


@pytest.mark.parametrize(("fields", "rule", "status", "citation", "draft"), MEASURES)
def test_each_measure_with_its_citation(
    regimes: tuple[Regime, Regime], fields: dict[str, Any], rule: str, status: Status, citation: str, draft: Status
) -> None:
    result = run(regimes, **fields)
    hits = {h.rule_id: h for h in result.baseline.hits}
    assert rule in hits, f"{rule} did not fire; hits: {list(hits)}"
    assert hits[rule].status == status
    assert hits[rule].citation_text() == citation
    assert result.baseline.status == max(h.status for h in result.baseline.hits)
    draft_hit = next(h for h in result.alternative.hits if h.rule_id == rule)
    assert draft_hit.status == draft


# --- direction, links, countries -------------------------------------------------------------------


def test_export_ban_does_not_hit_goods_going_into_the_dprk(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, date="2018-03-01", origin="China", destination="North Korea", hs_code="030743")
    assert result.baseline.status == OK


def test_dprk_seller_makes_chinese_origin_seafood_a_dprk_supply(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes, date="2018-03-01", origin="China", shipper_country="DPRK", destination="Japan", hs_code="0307"
    )
    hit = result.baseline.hits[0]
    assert (hit.rule_id, hit.status) == ("seafood-export", P)
    assert ("shipper_country", "DPRK") in [(e.field, e.value) for e in hit.evidence]


def test_transshipment_via_china_does_not_clean_dprk_goods(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        date="2018-03-01",
        origin="DPRK",
        loading_port="Dalian",
        transit="Nampo / Dalian",
        destination="Vietnam",
        hs_code="6204",
    )
    assert rule_ids(result)["textiles-export"] == P


def test_south_korea_is_not_the_dprk(regimes: tuple[Regime, Regime]) -> None:
    for spelling in ("South Korea", "Republic of Korea", "KR", "ROK", "Korea, Rep.", "Busan"):
        result = run(regimes, date="2018-03-01", origin=spelling, destination="Japan", hs_code="030743")
        assert result.baseline.status == OK, spelling


def test_bare_korea_gives_review_when_it_decides(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, date="2018-03-01", origin="Korea", destination="Japan", hs_code="030743")
    hit = result.baseline.hits[0]
    assert hit.status == R
    assert "'Korea' is ambiguous" in hit.reason
    assert hit.question and "South Korea" in hit.question


def test_bare_korea_does_not_matter_when_nothing_is_banned(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, date="2018-03-01", origin="Korea", destination="Japan", hs_code="940360")
    assert result.baseline.status == OK


def test_row_with_no_dprk_link_is_permitted_with_no_hits(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, date="2018-03-01", origin="Germany", destination="USA", hs_code="8429")
    assert result.baseline.status == result.alternative.status == OK
    assert result.baseline.hits == () and result.change == "unchanged"


def test_dprk_flagged_vessel_carrying_third_country_goods(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, date="2018-06-01", origin="China", destination="Russia", hs_code="9403", flag="DPRK")
    assert rule_ids(result) == {"dprk-flag-vessel": R}
    assert result.baseline.hits[0].citation_text() == "UNSCR 2321 (2016) OP9, unverified"


def test_ship_to_ship_transfer_with_a_dprk_vessel(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        date="2018-06-01",
        origin="Singapore",
        destination="Taiwan",
        hs_code="2710",
        flag="DPRK",
        description="diesel, ship-to-ship transfer at sea",
    )
    assert rule_ids(result)["ship-to-ship"] == P


# --- HS codes and descriptions ---------------------------------------------------------------------


def test_lost_leading_zero_is_restored(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **dprk_export(30743))
    hit = result.baseline.hits[0]
    assert hit.rule_id == "seafood-export" and hit.status == P
    assert ("hs_code", "030743 (written 30743)") in [(e.field, e.value) for e in hit.evidence]
    assert any("030743" in n for n in result.notes)


def test_description_decides_when_there_is_no_code(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, date="2018-03-01", origin="DPRK", destination="China", description="Frozen crab meat")
    assert rule_ids(result) == {"seafood-export": P}
    bronze = run(regimes, date="2018-03-01", origin="DPRK", destination="Namibia", description="Bronze statue")
    assert rule_ids(bronze)["statues-export"] == P


def test_code_and_description_in_conflict_give_review_stating_both(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **dprk_export("8471", description="frozen crab"))
    hits = rule_ids(result)
    assert hits["seafood-export"] == R
    seafood = next(h for h in result.baseline.hits if h.rule_id == "seafood-export")
    assert "HS 8471" in seafood.reason and "crab" in seafood.reason


def test_invalid_hs_code_on_a_dprk_row_gives_review(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **dprk_export("ABC12", description="spare parts"))
    assert result.baseline.status == R
    assert result.baseline.hits[0].rule_id == "check-hs-code"
    described = run(regimes, **dprk_export("ABC12", description="dried squid"))
    assert rule_ids(described) == {"seafood-export": R}


def test_invalid_hs_code_without_a_dprk_link_is_no_finding(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, date="2018-03-01", origin="Germany", destination="France", hs_code="ABC12")
    assert result.baseline.status == OK


def test_too_general_code_gives_review(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **into_dprk("27"))
    assert rule_ids(result)["refined-petroleum-cap-2397"] == R
    assert "too general" in next(h.reason for h in result.baseline.hits)


# --- dates and wind-downs --------------------------------------------------------------------------


def test_seafood_before_and_after_the_ban(regimes: tuple[Regime, Regime]) -> None:
    assert run(regimes, **dprk_export("0307", date="2017-03-01")).baseline.status == OK
    assert run(regimes, **dprk_export("0307", date="2018-03-01")).baseline.status == P


def test_as_of_judges_every_row_at_that_date(regimes: tuple[Regime, Regime]) -> None:
    early = run(regimes, as_of=dt.date(2017, 3, 1), **dprk_export("0307", date="2018-03-01"))
    late = run(regimes, as_of=dt.date(2020, 1, 15), **dprk_export("0307", date="2017-03-01"))
    assert (early.baseline.status, late.baseline.status) == (OK, P)


def test_seafood_wind_down(regimes: tuple[Regime, Regime]) -> None:
    inside_old_contract = run(regimes, **dprk_export("0307", date="2017-08-20", contract_date="2017-07-01"))
    inside_new_contract = run(regimes, **dprk_export("0307", date="2017-08-20", contract_date="2017-08-10"))
    inside_no_contract = run(regimes, **dprk_export("0307", date="2017-08-20"))
    after = run(regimes, **dprk_export("0307", date="2017-09-05", contract_date="2017-07-01"))
    assert inside_old_contract.baseline.status == R
    assert "wind-down" in inside_old_contract.baseline.hits[0].reason
    assert inside_new_contract.baseline.status == P
    assert inside_no_contract.baseline.status == R
    assert after.baseline.status == P


def test_textile_wind_down_is_ninety_days(regimes: tuple[Regime, Regime]) -> None:
    last_day = run(regimes, **dprk_export("6109", date="2017-12-10", contract_date="2017-08-01"))
    next_day = run(regimes, **dprk_export("6109", date="2017-12-11", contract_date="2017-08-01"))
    assert (last_day.baseline.status, next_day.baseline.status) == (R, P)


def test_missing_date_gives_review_where_it_decides(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, origin="DPRK", destination="China", hs_code="0307")
    hit = result.baseline.hits[0]
    assert hit.status == R and "no date" in hit.reason


def test_ambiguous_date_only_matters_when_the_readings_differ(regimes: tuple[Regime, Regime]) -> None:
    same = run(regimes, **dprk_export("0307", date="03/04/2019"))
    differ = run(regimes, **dprk_export("0307", date="08/03/2017"))  # 8 Mar (before) or 3 Aug 2017 (before)
    straddle = run(regimes, **dprk_export("0307", date="09/08/2017"))  # 9 Aug (wind-down) or 8 Sep
    assert same.baseline.status == P
    assert differ.baseline.status == OK
    assert straddle.baseline.status == R
    assert "could be" in straddle.baseline.hits[0].reason


def test_coal_over_time(regimes: tuple[Regime, Regime]) -> None:
    def coal(date: str) -> dict[str, Status]:
        return rule_ids(run(regimes, **dprk_export("2701", date=date)))

    assert coal("2016-01-10") == {}
    assert coal("2016-06-01") == {"coal-2270": R}  # livelihood and Rajin exceptions: facts not in the row
    assert coal("2017-03-01") == {"coal-cap-2321": R}
    assert coal("2017-10-01") == {"coal-iron-2371": P}


def test_iron_ore_livelihood_exception_under_2270(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **dprk_export("2601", date="2016-07-01", description="iron ore for livelihood purposes"))
    hit = result.baseline.hits[0]
    assert (hit.rule_id, hit.status, hit.exception) == ("iron-2270", R, "livelihood")


def test_rajin_transit_coal_is_review(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, date="2018-03-01", origin="Russia", loading_port="Rajin", destination="China", hs_code="2701")
    hit = result.baseline.hits[0]
    assert (hit.rule_id, hit.status, hit.exception) == ("coal-iron-2371", R, "rajin-transit")
    dprk_coal = run(
        regimes, date="2018-03-01", origin="DPRK", loading_port="Rajin", destination="China", hs_code="2701"
    )
    assert dprk_coal.baseline.status == P


# --- luxury thresholds -----------------------------------------------------------------------------


def test_rugs_above_and_below_the_threshold(regimes: tuple[Regime, Regime]) -> None:
    dear = run(regimes, **into_dprk("5701", value=12000, quantity=10, currency="USD"))
    cheap = run(regimes, **into_dprk("5701", value=3000, quantity=10, currency="USD"))
    unknown = run(regimes, **into_dprk("5701", value=3000, currency="USD"))
    euros = run(regimes, **into_dprk("5701", value=12000, quantity=10, currency="EUR"))
    assert rule_ids(dear)["luxury-rugs"] == P
    assert "luxury-rugs" not in rule_ids(cheap)
    assert rule_ids(unknown)["luxury-rugs"] == R
    assert rule_ids(euros)["luxury-rugs"] == R


def test_tableware_threshold(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **into_dprk("691110", value="USD 15,000", quantity=100))
    assert rule_ids(result)["luxury-tableware"] == P


# --- exceptions ------------------------------------------------------------------------------------


def test_aircraft_spare_parts_into_the_dprk_is_review(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **into_dprk("880730", description="Aircraft spare parts for Tu-204 passenger aircraft"))
    hit = result.baseline.hits[0]
    assert (hit.rule_id, hit.status, hit.exception) == ("vehicles-import", R, "aircraft-spare-parts")


def test_committee_exemption_reference_gives_review_with_its_citation(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **into_dprk("8432", exemption_ref="1718/EX/2019/07", description="seed drills"))
    hit = result.baseline.hits[0]
    assert (hit.status, hit.exception) == (R, "committee-exemption")
    assert hit.citation_text() == "UNSCR 2397 (2017) OP25"
    assert ("exemption_ref", "1718/EX/2019/07") in [(e.field, e.value) for e in hit.evidence]


def test_exemption_cited_on_a_row_that_no_measure_hits_is_still_review(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        kind="contract",
        date="2019-05-20",
        contract_type="Services",
        contractor_country="Italy",
        counterparty_country="DPRK",
        place_of_work="Sinchon, DPRK",
        exemption_ref="1718C/EX/2019/031",
        project="Greenhouse installation for rural food security",
    )
    assert rule_ids(result) == {"committee-exemption-cited": R}
    assert result.alternative.status == R


def test_exemption_without_a_dprk_link_is_no_finding(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, date="2019-05-20", origin="Italy", destination="France", exemption_ref="X-1")
    assert result.baseline.status == OK


def test_rugs_counted_in_cartons_cannot_be_priced_per_piece(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **into_dprk("691110", value=15000, quantity=250, unit="CTN", currency="USD"))
    hit = next(h for h in result.baseline.hits if h.rule_id == "luxury-tableware")
    assert hit.status == R and "'CTN'" in hit.reason


def test_used_vessel_before_2397_is_outside_2321(regimes: tuple[Regime, Regime]) -> None:
    used = run(regimes, **into_dprk("8901", date="2017-03-01", description="used cargo ship"))
    assert used.baseline.status == OK
    assert rule_ids(used) == {"helicopters-vessels-import": OK}


# --- workers ---------------------------------------------------------------------------------------


def workers(**more: Any) -> dict[str, Any]:
    base = {
        "kind": "contract",
        "contract_type": "Labour supply",
        "worker_nationality": "DPRK",
        "place_of_work": "Russia",
        "workers": 40,
    }
    return {**base, **more}


def test_new_work_authorization_after_2375(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **workers(date="2018-02-01", start_date="2018-03-01", end_date="2019-06-30"))
    assert rule_ids(result) == {"workers-authorizations-2375": P}
    hit = result.baseline.hits[0]
    assert hit.citation_text() == "UNSCR 2375 (2017) OP17"
    assert result.alternative.status == OK and result.change == "relaxed"
    assert result.alternative.hits[0].lifted


def test_pre_2375_contract_ending_before_the_deadline_is_permitted(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **workers(date="2016-02-01", start_date="2016-03-01", end_date="2018-06-30"))
    assert result.baseline.status == OK


def test_pre_2375_written_contract_exception(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        **workers(date="2017-10-01", contract_date="2017-06-15", start_date="2017-10-01", end_date="2019-03-31"),
    )
    hit = next(h for h in result.baseline.hits if h.rule_id == "workers-authorizations-2375")
    assert (hit.status, hit.exception) == (OK, "pre-2375-written-contract")


def test_repatriation_deadline(regimes: tuple[Regime, Regime]) -> None:
    past = run(regimes, **workers(date="2016-05-01", start_date="2016-05-01", end_date="2021-02-28"))
    ended = run(regimes, **workers(date="2016-05-01", start_date="2016-05-01", end_date="2019-12-22"))
    open_ended = run(regimes, **workers(date="2016-05-01", start_date="2016-05-01"))
    assert rule_ids(past) == {"repatriation-2397": P}
    assert past.baseline.hits[0].citation_text() == "UNSCR 2397 (2017) OP8"
    assert "2397" not in str(rule_ids(ended))
    assert rule_ids(open_ended) == {"repatriation-2397": R}
    assert past.alternative.status == OK


def test_refugee_exception_to_repatriation(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        **workers(
            date="2016-05-01",
            start_date="2016-05-01",
            end_date="2022-01-01",
            description="recognised refugee, residence permit",
        ),
    )
    hit = result.baseline.hits[0]
    assert (hit.status, hit.exception) == (R, "repatriation-not-required")


def test_dprk_nationals_working_in_the_dprk_are_not_abroad(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **workers(date="2018-02-01", place_of_work="Pyongyang", start_date="2018-03-01"))
    assert "workers-authorizations-2375" not in rule_ids(result)


def test_freeze_of_2371_between_august_and_september_2017(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **workers(date="2017-08-20", start_date="2017-08-25", end_date="2018-12-31"))
    assert rule_ids(result) == {"workers-freeze-2371": R}


# --- joint ventures, fishing rights, inter-Korean projects -------------------------------------------


def jv(**more: Any) -> dict[str, Any]:
    return {"kind": "contract", "contract_type": "Joint venture", "counterparty_country": "DPRK", **more}


def test_joint_venture_after_2375_is_prohibited_under_both(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **jv(date="2018-04-01", start_date="2018-04-01", contractor_country="China"))
    assert rule_ids(result) == {"joint-ventures-2375": P}
    assert result.alternative.status == P


def test_existing_joint_venture_closed_within_120_days(regimes: tuple[Regime, Regime]) -> None:
    closed = run(regimes, **jv(date="2015-01-01", start_date="2015-01-01", end_date="2018-01-05"))
    kept = run(regimes, **jv(date="2015-01-01", start_date="2015-01-01", end_date="2019-01-05"))
    unknown = run(regimes, **jv(date="2015-01-01", start_date="2015-01-01"))
    assert closed.baseline.status == OK
    assert kept.baseline.status == P
    assert unknown.baseline.status == R


def test_new_joint_venture_in_august_2017(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **jv(date="2017-08-20", start_date="2017-08-20", end_date="2017-09-01"))
    assert rule_ids(result) == {"joint-ventures-2371": P}


def test_hydroelectric_and_rajin_khasan_carve_outs(regimes: tuple[Regime, Regime]) -> None:
    hydro = run(
        regimes, **jv(date="2016-01-01", contractor_country="China", project="Yalu river hydroelectric station")
    )
    rajin = run(regimes, **jv(date="2016-01-01", contractor_country="Russia", project="Rajin-Khasan port and rail"))
    assert next(h for h in hydro.baseline.hits).exception == "china-dprk-hydroelectric"
    assert rule_ids(rajin) == {"joint-ventures-2375": R}
    assert rajin.baseline.hits[0].exception == "rajin-khasan"


def test_fishing_rights_stay_banned_under_the_draft(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        kind="contract",
        date="2018-05-01",
        contract_type="Fishing licence purchase",
        counterparty_country="DPRK",
        contractor_country="China",
    )
    assert rule_ids(result) == {"fishing-rights": P}
    assert result.alternative.status == P and result.change == "unchanged"


def test_inter_korean_railway_is_review_in_force_and_permitted_under_the_draft(
    regimes: tuple[Regime, Regime],
) -> None:
    result = run(
        regimes,
        kind="contract",
        date="2018-11-30",
        contract_type="Construction",
        contractor_country="South Korea",
        counterparty_country="DPRK",
        project="Inter-Korean railway modernisation, Kaesong-Sinuiju line",
    )
    assert rule_ids(result) == {"inter-korean-rail-road": R}
    assert result.alternative.status == OK
    assert result.alternative.hits[0].exception == "draft-inter-korean-rail-road"


def test_inter_korean_road_with_steel_into_the_dprk(regimes: tuple[Regime, Regime]) -> None:
    result = run(
        regimes,
        date="2019-02-01",
        origin="South Korea",
        destination="DPRK",
        hs_code="7308",
        description="steel guard rails for inter-Korean road project",
    )
    assert rule_ids(result)["metals-import"] == P
    assert result.alternative.status == OK


def test_rajin_khasan_rail_is_not_inter_korean(regimes: tuple[Regime, Regime]) -> None:
    result = run(regimes, **jv(date="2018-01-01", contractor_country="Russia", project="Khasan-Rajin railway"))
    assert "inter-korean-rail-road" not in rule_ids(result)


# --- regimes, purity, API --------------------------------------------------------------------------


def test_draft_never_tightens_the_sample_measures(regimes: tuple[Regime, Regime]) -> None:
    rows = [row(**fields) for fields, *_ in MEASURES]
    results = list(screen(rows, regimes))
    assert all(r.alternative.status <= r.baseline.status for r in results)
    assert [r.source for r in results] == rows


def test_evaluate_single_regime_agrees_with_screen(regimes: tuple[Regime, Regime]) -> None:
    for fields, *_ in MEASURES:
        source = row(**fields)
        both = screen_row(source, regimes)
        assert evaluate(source, regimes[0]) == both.baseline
        assert evaluate(source, regimes[1]) == both.alternative


def test_screen_refuses_a_draft_of_another_base(regimes: tuple[Regime, Regime]) -> None:
    other_current, _ = load_regimes(rules_dir())
    with pytest.raises(ValueError, match="share one rule book"):
        list(screen([row()], (other_current, regimes[1])))
