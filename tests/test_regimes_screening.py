"""Rows judged under the later proposals.

The October 2021 draft only lifts and exempts, so the engine screens it as it screens the 2019
draft. The May 2022 US draft adds and modifies measures: the regimes screened with it share a rule
book that holds every variant, and a regime reads only the findings of its `active` rules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from compliance.engine.evaluate import evaluate, screen_row
from compliance.engine.findings import findings
from compliance.model.results import Verdict
from compliance.model.source_row import SourceRow
from compliance.model.status import Status
from compliance.normalise.record import complete, link_row
from compliance.paths import rules_dir
from compliance.rules.catalog import load_screening
from compliance.rules.regime import Regime

P, R, OK = Status.PROHIBITED, Status.REVIEW, Status.PERMITTED


def row(**fields: Any) -> SourceRow:
    return SourceRow("ledger.xlsx", "Shipments", 7, {k: v for k, v in fields.items() if v is not None})


def dprk_export(hs: str, date: str = "2023-03-01", **more: Any) -> SourceRow:
    return row(date=date, origin="North Korea", destination="China", hs_code=hs, **more)


def into_dprk(hs: str, date: str = "2023-03-01", **more: Any) -> SourceRow:
    return row(date=date, origin="China", destination="DPRK", hs_code=hs, **more)


def workers(**more: Any) -> SourceRow:
    base = {"kind": "contract", "contract_type": "Labour supply", "worker_nationality": "DPRK"}
    return row(**{**base, "place_of_work": "Russia", "workers": 40, **more})


# --- the October 2021 revised draft ---------------------------------------------------------------


@pytest.fixture(scope="module")
def draft_2021() -> tuple[Regime, Regime]:
    in_force, draft = load_screening(["in-force", "draft-2021"], rules_dir())
    # It adds no measure: the book is the base pack's, every rule active in both.
    assert in_force.book is draft.book and draft.active == in_force.active
    return in_force, draft


def _hits(v: Verdict) -> dict[str, tuple[Status, str | None, bool]]:
    return {h.rule_id: (h.status, h.exception, h.lifted) for h in v.hits if h.rule is not None}


LIFTED_2021 = [
    (dprk_export("030743", date="2019-03-01"), "seafood-export", P),
    (dprk_export("6109", date="2019-03-01"), "textiles-export", P),
    (dprk_export("970300", date="2019-03-01"), "statues-export", P),
    (dprk_export("680221", date="2019-03-01"), "statues-possible", R),
    (into_dprk("271019", date="2019-03-01"), "refined-petroleum-cap-2397", R),
    (into_dprk("2710", date="2017-10-01"), "refined-petroleum-cap-2375", R),
    (workers(date="2017-08-20", start_date="2017-08-25", end_date="2018-12-31"), "workers-freeze-2371", R),
    (workers(date="2018-02-01", start_date="2018-03-01", end_date="2019-06-30"), "workers-authorizations-2375", P),
    (workers(date="2016-05-01", start_date="2016-05-01", end_date="2021-02-28"), "repatriation-2397", P),
]


@pytest.mark.parametrize(("source", "rule", "in_force"), LIFTED_2021, ids=[x[1] for x in LIFTED_2021])
def test_draft_2021_lifts_what_it_reportedly_would(
    draft_2021: tuple[Regime, Regime], source: SourceRow, rule: str, in_force: Status
) -> None:
    result = screen_row(source, draft_2021)
    assert _hits(result.baseline)[rule] == (in_force, None, False)
    assert _hits(result.alternative)[rule] == (OK, None, True)
    assert result.alternative.status == OK and result.change == "relaxed"


def test_draft_2021_relaxes_refined_petroleum_and_leaves_crude_oil_capped(draft_2021: tuple[Regime, Regime]) -> None:
    diesel = screen_row(
        into_dprk("271019", date="2020-06-01", description="diesel", quantity=1000, unit="bbl"), draft_2021
    )
    crude = screen_row(into_dprk("270900", date="2020-06-01", description="crude oil"), draft_2021)
    assert (diesel.baseline.status, diesel.alternative.status) == (R, OK)
    assert "refined-petroleum" in next(h.reason for h in diesel.alternative.hits if h.lifted)
    assert (crude.baseline.status, crude.alternative.status) == (R, R) and crude.change == "unchanged"


def test_draft_2021_asks_about_the_goods_it_would_exempt_from_the_import_ban(draft_2021: tuple[Regime, Regime]) -> None:
    cooling = screen_row(into_dprk("841510", description="Split air conditioners, 40 units"), draft_2021)
    pumps = screen_row(into_dprk("841370", description="Centrifugal pumps"), draft_2021)
    assert _hits(cooling.baseline)["machinery-import"] == (P, None, False)
    assert _hits(cooling.alternative)["machinery-import"] == (R, "draft-2021-civilian-goods", False)
    hit = next(h for h in cooling.alternative.hits if h.rule_id == "machinery-import")
    assert hit.citation_text() == "China-Russia draft (2021), reported item"
    assert hit.question and "unconfirmed" in hit.question
    assert (pumps.baseline.status, pumps.alternative.status) == (P, P)


def test_draft_2021_exempts_inter_korean_rail_and_road(draft_2021: tuple[Regime, Regime]) -> None:
    project = row(
        kind="contract",
        date="2018-11-30",
        contract_type="Construction",
        contractor_country="South Korea",
        counterparty_country="DPRK",
        project="Inter-Korean railway modernisation, Kaesong-Sinuiju line",
    )
    result = screen_row(project, draft_2021)
    assert _hits(result.baseline)["inter-korean-rail-road"] == (R, None, False)
    assert _hits(result.alternative)["inter-korean-rail-road"] == (OK, "draft-2021-inter-korean-rail-road", False)


# --- the May 2022 US draft: a regime that tightens -------------------------------------------------


@pytest.fixture(scope="module")
def us_2022() -> tuple[Regime, Regime]:
    in_force, us = load_screening(["in-force", "us-draft-2022"], rules_dir())
    assert in_force.book is us.book
    return in_force, us


def _judge(source: SourceRow, regime: Regime) -> Verdict:
    """The row's verdict under one regime, screened with the other regimes it was loaded with."""
    return evaluate(source, regime)


TIGHTENED = [
    (into_dprk("240220", description="Cigarettes"), "tobacco-import"),
    (dprk_export("910211", description="Wristwatches"), "watches-export"),
    (dprk_export("271320", description="Petroleum bitumen"), "mineral-fuels-export"),
    (dprk_export("", description="Paraffin wax in slabs"), "mineral-fuels-export"),
]


@pytest.mark.parametrize(("source", "rule"), TIGHTENED, ids=[f"{x[1]}-{i}" for i, x in enumerate(TIGHTENED)])
def test_us_draft_2022_prohibits_tobacco_into_and_watches_and_fuels_from_the_dprk(
    us_2022: tuple[Regime, Regime], source: SourceRow, rule: str
) -> None:
    in_force, us = us_2022
    before, after = _judge(source, in_force), _judge(source, us)
    assert rule not in _hits(before)
    assert _hits(after)[rule] == (P, None, False)
    assert after.status == P and before.status < P
    hit = next(h for h in after.hits if h.rule_id == rule)
    assert hit.citation_text() == "US draft (2022), reported item"


def test_us_draft_2022_is_judged_as_if_adopted_before_the_rows_date(us_2022: tuple[Regime, Regime]) -> None:
    in_force, us = us_2022
    earlier = into_dprk("240220", date="2018-03-01", description="Cigarettes")
    assert _hits(_judge(earlier, us))["tobacco-import"][0] == P
    assert "tobacco-import" not in _hits(_judge(earlier, in_force))
    tobacco = us.book.rules[next(i for i in us.active if us.book.rules[i].id == "tobacco-import")]
    assert tobacco.as_if_adopted and tobacco.citation.adopted == dt.date(2022, 5, 26)  # the vote, as cited


def test_us_draft_2022_lower_crude_cap_prohibits_a_delivery_the_cap_in_force_leaves_to_review(
    us_2022: tuple[Regime, Regime],
) -> None:
    in_force, us = us_2022
    # 3,500,000 barrels: within 4 million, beyond 3 million.
    delivery = into_dprk("270900", date="2023-02-01", description="crude oil", quantity=3_500_000, unit="bbl")
    assert _hits(_judge(delivery, in_force))["crude-oil-cap-2397"][0] == R
    assert _hits(_judge(delivery, us))["crude-oil-cap-2397"][0] == P
    # The row's findings include both versions of the cap; each regime reads its own.
    rec_rules = [us.book.rules[i].id for i in sorted(us.active ^ in_force.active)]
    assert rec_rules.count("crude-oil-cap-2397") == 2


def test_without_the_active_filter_the_measures_in_force_would_show_the_drafts_ban(
    us_2022: tuple[Regime, Regime],
) -> None:
    """Why verdict() must skip rules not active in its regime: the shared book finds them all."""
    in_force, _ = us_2022
    rec = link_row(into_dprk("240220", description="Cigarettes"), in_force.book.target)
    book = in_force.book
    complete(rec, book.contract_types, book.contract_types_from_fields, book.contract_types_from_text)
    found, _ = findings(rec, book, None, book.index.goods_terms.find(rec.text("description")))
    assert {book.rules[f.index].id for f in found} == {"tobacco-import"}
    assert not [f for f in found if f.index in in_force.active]
