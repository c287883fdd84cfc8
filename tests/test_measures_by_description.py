"""Every goods measure is reached by a description alone (no HS code), and superseded measures end.

A ledger often has no HS code; these rows prove each measure's description terms, in its direction
and in its period, are what the engine reads.
"""

from __future__ import annotations

from typing import Any

import pytest

from compliance.engine.evaluate import screen_row
from compliance.model.source_row import SourceRow
from compliance.model.status import Status
from compliance.paths import rules_dir
from compliance.rules.catalog import load_regimes
from compliance.rules.regime import Regime

OUT = {"origin": "DPRK", "destination": "China"}
INTO = {"origin": "China", "destination": "DPRK"}

P, R = Status.PROHIBITED, Status.REVIEW

# rule id, the row's date, its direction, a description naming the goods, the finding expected
BY_DESCRIPTION = [
    ("seafood-export", "2018-03-01", OUT, "Frozen squid", P),
    ("textiles-export", "2018-03-01", OUT, "Men's cotton shirts", P),
    ("statues-export", "2017-03-01", OUT, "Bronze monument", P),
    ("coal-2270", "2016-06-01", OUT, "Anthracite, lump", R),
    ("coal-cap-2321", "2017-03-01", OUT, "Anthracite, lump", R),
    ("iron-2270", "2016-06-01", OUT, "Iron ore fines", R),
    ("coal-iron-2371", "2018-03-01", OUT, "Iron ore fines", P),
    ("lead-export", "2018-03-01", OUT, "Lead concentrate", P),
    ("gold-titanium-vanadium-rare-earths", "2017-03-01", OUT, "Gold bullion", P),
    ("copper-nickel-silver-zinc", "2017-03-01", OUT, "Zinc ingots", P),
    ("food-agriculture-export", "2018-03-01", OUT, "Dried mushrooms", P),
    ("machinery-export", "2018-03-01", OUT, "Used excavators", P),
    ("electrical-export", "2018-03-01", OUT, "Electric motors", P),
    ("earth-stone-export", "2018-03-01", OUT, "Magnesite clinker", P),
    ("wood-export", "2018-03-01", OUT, "Sawn timber", P),
    ("vessels-export", "2018-03-01", OUT, "Used fishing vessel", P),
    ("arms-export", "2018-03-01", OUT, "Artillery ammunition", P),
    ("machinery-import", "2018-03-01", INTO, "Excavators", P),
    ("vehicles-import", "2018-03-01", INTO, "Dump trucks", P),
    ("metals-import", "2018-03-01", INTO, "Stainless steel pipes", P),
    ("vessels-import", "2018-03-01", INTO, "Used cargo ship", P),
    ("helicopters-vessels-import", "2017-03-01", INTO, "Helicopter, new", P),
    ("condensates-ngl-import", "2018-03-01", INTO, "LPG in cylinders", P),
    ("aviation-fuel-import", "2018-03-01", INTO, "Jet fuel", P),
    ("refined-petroleum-cap-2375", "2017-10-15", INTO, "Diesel fuel", R),
    ("refined-petroleum-cap-2397", "2018-03-01", INTO, "Diesel fuel", R),
    ("crude-oil-cap-2375", "2017-10-15", INTO, "Crude oil", R),
    ("crude-oil-cap-2397", "2018-03-01", INTO, "Crude oil", R),
    ("luxury-jewellery", "2018-03-01", INTO, "Diamond necklace", P),
    ("luxury-yachts", "2018-03-01", INTO, "Motor yacht", P),
    ("luxury-cars", "2018-03-01", INTO, "Luxury saloon cars", P),
    ("luxury-watches", "2018-03-01", INTO, "Gold watch", P),
    ("luxury-recreation", "2018-03-01", INTO, "Snowmobiles", P),
    ("luxury-1718", "2010-03-01", INTO, "Lead crystal glassware", R),
    ("luxury-goods", "2019-03-01", INTO, "Luxury goods, assorted", R),
    ("arms-import", "2018-03-01", INTO, "Small arms and ammunition", P),
]

# rule id, a row dated after the measure was superseded, its direction and goods
SUPERSEDED = [
    ("iron-2270", "2018-03-01", OUT, "260111"),
    ("coal-cap-2321", "2018-03-01", OUT, "270112"),
    ("refined-petroleum-cap-2375", "2018-03-01", INTO, "271019"),
    ("crude-oil-cap-2375", "2018-03-01", INTO, "270900"),
    ("luxury-1718", "2018-03-01", INTO, "711319"),
    ("vessel-services-2270", "2017-06-01", {"kind": "contract", "contract_type": "Time charter", "flag": "DPRK"}, ""),
]


@pytest.fixture(scope="module")
def regimes() -> tuple[Regime, Regime]:
    return load_regimes(rules_dir())


def hits(regimes: tuple[Regime, Regime], **fields: Any) -> dict[str, Status]:
    result = screen_row(SourceRow("ledger.csv", "ledger", 2, fields), regimes)
    return {h.rule_id: h.status for h in result.baseline.hits}


@pytest.mark.parametrize(("rule", "date", "tie", "description", "expected"), BY_DESCRIPTION)
def test_a_description_alone_reaches_the_measure(
    regimes: tuple[Regime, Regime], rule: str, date: str, tie: dict[str, str], description: str, expected: Status
) -> None:
    found = hits(regimes, date=date, description=description, **tie)
    assert found.get(rule) == expected, found


def test_every_goods_measure_is_in_the_table(regimes: tuple[Regime, Regime]) -> None:
    described = {r.id for r in regimes[0].book.rules if r.goods is not None and (r.goods.term_lists or r.goods.terms)}
    assert described <= {rule for rule, *_ in BY_DESCRIPTION}


@pytest.mark.parametrize(("rule", "date", "tie", "hs"), SUPERSEDED)
def test_a_superseded_measure_no_longer_applies(
    regimes: tuple[Regime, Regime], rule: str, date: str, tie: dict[str, str], hs: str
) -> None:
    fields = {**tie, **({"hs_code": hs} if hs else {})}
    assert rule not in hits(regimes, date=date, **fields)


CONTRACT = {"kind": "contract", "date": "2019-03-01"}


@pytest.mark.parametrize(
    ("fields", "rule", "expected", "exception"),
    [
        # A DPRK shipping company as the other party: the vessel's flag is not given.
        ({**CONTRACT, "contract_type": "Time charter", "counterparty_country": "DPRK"}, "vessel-services", P, None),
        (
            {**CONTRACT, "date": "2016-06-01", "contract_type": "Bareboat charter", "counterparty_country": "DPRK"},
            "vessel-services-2270",
            R,
            None,
        ),
        (
            {"date": "2019-03-01", **INTO, "hs_code": "100630", "exemption_ref": "1718/EX/2019/7"},
            "committee-exemption-cited",
            R,
            "committee-exemption",
        ),
        (
            {
                **CONTRACT,
                "contract_type": "Joint venture",
                "counterparty_country": "DPRK",
                "start_date": "2019-01-01",
                "description": "Non-commercial public utility water supply project",
            },
            "joint-ventures-2375",
            R,
            "public-utility",
        ),
    ],
)
def test_services_exemptions_and_carve_outs(
    regimes: tuple[Regime, Regime], fields: dict[str, Any], rule: str, expected: Status, exception: str | None
) -> None:
    result = screen_row(SourceRow("ledger.csv", "ledger", 2, fields), regimes)
    hit = next(h for h in result.baseline.hits if h.rule_id == rule)
    assert (hit.status, hit.exception) == (expected, exception)


def test_iron_under_2270_asks_about_livelihood(regimes: tuple[Regime, Regime]) -> None:
    result = screen_row(SourceRow("l.csv", "l", 2, {"date": "2016-06-01", "hs_code": "260111", **OUT}), regimes)
    hit = next(h for h in result.baseline.hits if h.rule_id == "iron-2270")
    assert hit.status == Status.REVIEW and "livelihood" in (hit.question or "")


def test_luxury_goods_coming_out_of_the_dprk_meet_no_luxury_measure(regimes: tuple[Regime, Regime]) -> None:
    found = hits(regimes, date="2019-03-01", description="Luxury goods, assorted", **OUT)
    assert not any(rule.startswith("luxury") for rule in found)
