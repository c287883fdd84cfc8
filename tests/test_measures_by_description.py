"""Every goods measure is reached by a description alone (no HS code), and superseded measures end.

A ledger often has no HS code; these rows prove each measure's description terms, in its direction
and in its period, are what the engine reads.
"""

from __future__ import annotations

from typing import Any

import pytest

from compliance.engine import screen_row
from compliance.paths import rules_dir
from compliance.records import SourceRow
from compliance.regime import Regime, load_regimes
from compliance.status import Status

OUT = {"origin": "DPRK", "destination": "China"}
INTO = {"origin": "China", "destination": "DPRK"}

# rule id, the row's date, its direction, a description naming the goods
BY_DESCRIPTION = [
    ("seafood-export", "2018-03-01", OUT, "Frozen squid"),
    ("textiles-export", "2018-03-01", OUT, "Men's cotton shirts"),
    ("statues-export", "2017-03-01", OUT, "Bronze monument"),
    ("coal-2270", "2016-06-01", OUT, "Anthracite, lump"),
    ("coal-cap-2321", "2017-03-01", OUT, "Anthracite, lump"),
    ("iron-2270", "2016-06-01", OUT, "Iron ore fines"),
    ("coal-iron-2371", "2018-03-01", OUT, "Iron ore fines"),
    ("lead-export", "2018-03-01", OUT, "Lead concentrate"),
    ("gold-titanium-vanadium-rare-earths", "2017-03-01", OUT, "Gold bullion"),
    ("copper-nickel-silver-zinc", "2017-03-01", OUT, "Zinc ingots"),
    ("food-agriculture-export", "2018-03-01", OUT, "Dried mushrooms"),
    ("machinery-export", "2018-03-01", OUT, "Used excavators"),
    ("electrical-export", "2018-03-01", OUT, "Electric motors"),
    ("earth-stone-export", "2018-03-01", OUT, "Magnesite clinker"),
    ("wood-export", "2018-03-01", OUT, "Sawn timber"),
    ("vessels-export", "2018-03-01", OUT, "Used fishing vessel"),
    ("arms-export", "2018-03-01", OUT, "Artillery ammunition"),
    ("machinery-import", "2018-03-01", INTO, "Excavators"),
    ("vehicles-import", "2018-03-01", INTO, "Dump trucks"),
    ("metals-import", "2018-03-01", INTO, "Stainless steel pipes"),
    ("vessels-import", "2018-03-01", INTO, "Used cargo ship"),
    ("helicopters-vessels-import", "2017-03-01", INTO, "Helicopter, new"),
    ("condensates-ngl-import", "2018-03-01", INTO, "LPG in cylinders"),
    ("aviation-fuel-import", "2018-03-01", INTO, "Jet fuel"),
    ("refined-petroleum-cap-2375", "2017-10-15", INTO, "Diesel fuel"),
    ("refined-petroleum-cap-2397", "2018-03-01", INTO, "Diesel fuel"),
    ("crude-oil-cap-2375", "2017-10-15", INTO, "Crude oil"),
    ("crude-oil-cap-2397", "2018-03-01", INTO, "Crude oil"),
    ("luxury-jewellery", "2018-03-01", INTO, "Diamond necklace"),
    ("luxury-yachts", "2018-03-01", INTO, "Motor yacht"),
    ("luxury-cars", "2018-03-01", INTO, "Luxury saloon cars"),
    ("luxury-watches", "2018-03-01", INTO, "Gold watch"),
    ("luxury-recreation", "2018-03-01", INTO, "Snowmobiles"),
    ("luxury-1718", "2010-03-01", INTO, "Lead crystal glassware"),
    ("luxury-goods", "2019-03-01", INTO, "Luxury goods, assorted"),
    ("arms-import", "2018-03-01", INTO, "Small arms and ammunition"),
]

# rule id, a row dated after the measure was superseded, its direction and goods
SUPERSEDED = [
    ("iron-2270", "2018-03-01", OUT, "260111"),
    ("coal-cap-2321", "2018-03-01", OUT, "270112"),
    ("refined-petroleum-cap-2375", "2018-03-01", INTO, "271019"),
    ("crude-oil-cap-2375", "2018-03-01", INTO, "270900"),
    ("luxury-1718", "2018-03-01", INTO, "711319"),
]


@pytest.fixture(scope="module")
def regimes() -> tuple[Regime, Regime]:
    return load_regimes(rules_dir())


def hits(regimes: tuple[Regime, Regime], **fields: Any) -> dict[str, Status]:
    result = screen_row(SourceRow("ledger.csv", "ledger", 2, fields), *regimes)
    return {h.rule_id: h.status for h in result.current.hits}


@pytest.mark.parametrize(("rule", "date", "tie", "description"), BY_DESCRIPTION)
def test_a_description_alone_reaches_the_measure(
    regimes: tuple[Regime, Regime], rule: str, date: str, tie: dict[str, str], description: str
) -> None:
    found = hits(regimes, date=date, description=description, **tie)
    expected = Status(next(r for r in regimes[0].book.rules if r.id == rule).outcome)
    assert found.get(rule) == expected, found


def test_every_goods_measure_is_in_the_table(regimes: tuple[Regime, Regime]) -> None:
    described = {r.id for r in regimes[0].book.rules if r.goods is not None and (r.goods.term_lists or r.goods.terms)}
    assert described <= {rule for rule, *_ in BY_DESCRIPTION}


@pytest.mark.parametrize(("rule", "date", "tie", "hs"), SUPERSEDED)
def test_a_superseded_measure_no_longer_applies(
    regimes: tuple[Regime, Regime], rule: str, date: str, tie: dict[str, str], hs: str
) -> None:
    assert rule not in hits(regimes, date=date, hs_code=hs, **tie)


def test_iron_under_2270_asks_about_livelihood(regimes: tuple[Regime, Regime]) -> None:
    result = screen_row(SourceRow("l.csv", "l", 2, {"date": "2016-06-01", "hs_code": "260111", **OUT}), *regimes)
    hit = next(h for h in result.current.hits if h.rule_id == "iron-2270")
    assert hit.status == Status.REVIEW and "livelihood" in (hit.question or "")
