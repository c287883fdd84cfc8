"""Rows judged under the later proposals.

The October 2021 draft only lifts and exempts, so today's engine screens it as it screens the 2019
draft. The May 2022 US draft adds and modifies measures: the regimes screened with it share a rule
book that holds every variant, and a regime reads only the findings of its `active` rules. That last
step is not yet in the engine's verdict(); `_judge` below makes it, to show the compiled regimes give
the verdicts the issue asks for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from compliance.engine.evaluate import data_checks, findings, screen_row, verdict
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
    result = screen_row(source, *draft_2021)
    assert _hits(result.current)[rule] == (in_force, None, False)
    assert _hits(result.draft)[rule] == (OK, None, True)
    assert result.draft.status == OK and result.change == "relaxed"


def test_draft_2021_relaxes_refined_petroleum_and_leaves_crude_oil_capped(draft_2021: tuple[Regime, Regime]) -> None:
    diesel = screen_row(
        into_dprk("271019", date="2020-06-01", description="diesel", quantity=1000, unit="bbl"), *draft_2021
    )
    crude = screen_row(into_dprk("270900", date="2020-06-01", description="crude oil"), *draft_2021)
    assert (diesel.current.status, diesel.draft.status) == (R, OK)
    assert "refined-petroleum" in next(h.reason for h in diesel.draft.hits if h.lifted)
    assert (crude.current.status, crude.draft.status) == (R, R) and crude.change == "unchanged"


def test_draft_2021_asks_about_the_goods_it_would_exempt_from_the_import_ban(draft_2021: tuple[Regime, Regime]) -> None:
    cooling = screen_row(into_dprk("841510", description="Split air conditioners, 40 units"), *draft_2021)
    pumps = screen_row(into_dprk("841370", description="Centrifugal pumps"), *draft_2021)
    assert _hits(cooling.current)["machinery-import"] == (P, None, False)
    assert _hits(cooling.draft)["machinery-import"] == (R, "draft-2021-civilian-goods", False)
    hit = next(h for h in cooling.draft.hits if h.rule_id == "machinery-import")
    assert hit.citation_text() == "China-Russia draft (2021), reported item"
    assert hit.question and "unconfirmed" in hit.question
    assert (pumps.current.status, pumps.draft.status) == (P, P)


def test_draft_2021_exempts_inter_korean_rail_and_road(draft_2021: tuple[Regime, Regime]) -> None:
    project = row(
        kind="contract",
        date="2018-11-30",
        contract_type="Construction",
        contractor_country="South Korea",
        counterparty_country="DPRK",
        project="Inter-Korean railway modernisation, Kaesong-Sinuiju line",
    )
    result = screen_row(project, *draft_2021)
    assert _hits(result.current)["inter-korean-rail-road"] == (R, None, False)
    assert _hits(result.draft)["inter-korean-rail-road"] == (OK, "draft-2021-inter-korean-rail-road", False)


# --- the May 2022 US draft: a regime that tightens -------------------------------------------------


@pytest.fixture(scope="module")
def us_2022() -> tuple[Regime, Regime]:
    in_force, us = load_screening(["in-force", "us-draft-2022"], rules_dir())
    assert in_force.book is us.book
    return in_force, us


def _judge(source: SourceRow, regime: Regime) -> Verdict:
    """The engine's steps for a row tied to the DPRK, with the one change the design needs: a
    regime reads only the findings of its active rules."""
    rec = link_row(source)
    book = regime.book
    complete(rec, book.contract_types, book.contract_types_from_fields, book.contract_types_from_text)
    description = rec.text("description")
    term_hits = book.index.goods_terms.find(description) if description else {}
    found, _ = findings(rec, book, None, term_hits)
    mine = [f for f in found if f.index in regime.active]
    return verdict(rec, mine, data_checks(rec, mine, term_hits), regime)


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


def test_us_draft_2022_bans_apply_from_the_vote(us_2022: tuple[Regime, Regime]) -> None:
    _, us = us_2022
    earlier = _judge(into_dprk("240220", date="2021-03-01", description="Cigarettes"), us)
    assert _hits(earlier).get("tobacco-import", (OK,))[0] < P
    assert us.book.rules[next(i for i in us.active if us.book.rules[i].id == "tobacco-import")].citation.adopted == (
        dt.date(2022, 5, 26)
    )


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
    rec = link_row(into_dprk("240220", description="Cigarettes"))
    book = in_force.book
    complete(rec, book.contract_types, book.contract_types_from_fields, book.contract_types_from_text)
    found, _ = findings(rec, book, None, book.index.goods_terms.find(rec.text("description")))
    assert {book.rules[f.index].id for f in found} == {"tobacco-import"}
    assert not [f for f in found if f.index in in_force.active]
