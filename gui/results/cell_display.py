"""How a row's cells read in the table: dates in ISO form, countries by their short name, parties, vessel, reason.

The ledger's cells stay as written (the detail pane and the exports quote them); only the table's
display is made uniform, with what was written in the tooltip. Each helper is cached per distinct
value: a table repaints its visible cells many times, and a ledger repeats its countries and dates.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Final

from compliance.model.results import Hit, RowResult, Verdict
from compliance.normalise.countries import country_name, normalise_country
from compliance.normalise.dates import parse_date
from compliance.normalise.record import cell_text

COUNTRY_CHARS: Final = 18
"""A country cell longer than this is shown by its short name ('North Korea (DPRK)'), the cell in the tooltip."""
SCORE: Final = re.compile(r"\(score (\d+(?:\.\d+)?)\)")
"""How a designation finding's evidence gives the name score ('KOREA NAMPO (score 93)')."""
PARTY_FIELDS: Final = ("shipper", "consignee", "contractor", "counterparty")
_DATE_ORDERS: Final = (None, "dmy", "mdy")


def first_field(result: RowResult, *names: str) -> Any:
    """The first of these fields the row has a value for, or None."""
    fields = result.source.fields
    for name in names:
        value = fields.get(name)
        if value is not None and value != "":
            return value
    return None


@lru_cache(maxsize=8192)
def _iso_date(value: Any, order: str | None) -> str | None:
    day = parse_date(value, order).value
    return day.isoformat() if day is not None else None


def date_display(value: Any, order: str | None = None) -> str:
    """A date cell as YYYY-MM-DD whatever the ledger wrote ('20/06/2018', a date cell); as written when unclear."""
    if value is None or value == "":
        return ""
    order = order if order in _DATE_ORDERS else None
    try:
        iso = _iso_date(value, order)
    except TypeError:  # an unhashable cell: never in a ledger, but never a crash either
        iso = None
    return iso or cell_text(value)


@lru_cache(maxsize=8192)
def _country(text: str) -> str:
    if len(text) <= COUNTRY_CHARS:
        return text
    code = normalise_country(text).code
    return country_name(code) if code else text


def country_display(value: Any) -> str:
    """A country cell as the table shows it: as written when short, else its short name (never cut)."""
    if value is None or value == "":
        return ""
    return _country(cell_text(value))


def written_tip(value: Any, shown: str) -> str | None:
    """The cell as written, when the table shows it otherwise ('As written: 20/06/2018')."""
    if value is None or value == "":
        return None
    text = cell_text(value)
    return text if text == shown else f"{shown}\nAs written: {text}"


def party_display(result: RowResult) -> str:
    """'Shipper → consignee' (shipments) or 'contractor → counterparty' (contracts), whichever the row names."""
    names = [cell_text(v) for v in (result.source.fields.get(n) for n in PARTY_FIELDS) if v not in (None, "")]
    return " → ".join(names)


def vessel_display(result: RowResult) -> str:
    """'KUM UN SAN 3 (IMO 8705668)', the vessel alone, or the IMO number alone."""
    vessel, imo = first_field(result, "vessel"), first_field(result, "imo")
    parts = [cell_text(vessel)] if vessel is not None else []
    if imo is not None:
        parts.append(f"(IMO {cell_text(imo)})" if parts else f"IMO {cell_text(imo)}")
    return " ".join(parts)


def hit_score(hit: Hit) -> float | None:
    """The name score of a designation finding, or None for any other finding."""
    for evidence in hit.evidence:
        if evidence.field == "matched":
            found = SCORE.search(evidence.value)
            if found:
                return float(found.group(1))
    return None


def match_score(result: RowResult) -> float | None:
    """The highest name score of the row's designation findings (under either regime), or None."""
    scores = [s for v in (result.baseline, result.alternative) for h in v.hits if (s := hit_score(h)) is not None]
    return max(scores, default=None)


def score_display(result: RowResult) -> str:
    """The match score as the table shows it ('' when no name matched a listing)."""
    score = match_score(result)
    return "" if score is None else f"{score:.0f}"


def reason_hit(verdict: Verdict) -> Hit | None:
    """The finding that decides a verdict: the first of its most severe hits."""
    if not verdict.hits:
        return None
    worst = max(h.status for h in verdict.hits)
    return next(h for h in verdict.hits if h.status == worst)


def hit_label(hit: Hit) -> str:
    """A finding's short title; one that does not count against the row says why ('Lifted: Seafood ...')."""
    if hit.lifted:
        return f"Lifted: {hit.title}"
    if hit.exception and hit.status.rank == 0:
        return f"Exempt: {hit.title}"
    return hit.title


def reason_display(result: RowResult, regime: str) -> str:
    """The measure behind the row's verdict in this view ('' when no measure bears on it).

    In Compare, the baseline's verdict decides, else the alternative's (marked as the alternative's).
    """
    if regime == "draft":
        hit = reason_hit(result.alternative)
        return hit_label(hit) if hit else ""
    hit = reason_hit(result.baseline)
    if hit is not None:
        return hit_label(hit)
    if regime == "compare":
        hit = reason_hit(result.alternative)
        return f"Alternative: {hit_label(hit)}" if hit else ""
    return ""
