"""Rule conditions read against a row: whether they hold, and the cells that show it."""

from __future__ import annotations

import datetime as dt

from compliance.model.results import Evidence
from compliance.normalise.record import Record
from compliance.rules.regime import CompiledCondition


def signing_date_known(rec: Record) -> bool:
    """Whether the row says when its written contract was made (a contract or signing date)."""
    names = ("contract_date", "date") if rec.kind == "contract" else ("contract_date",)
    return any(rec.dates.get(n) is not None and rec.dates[n].value is not None for n in names)


def contract_date(rec: Record) -> dt.date | None:
    """When the written contract was finalised, from whichever column gives it: the contract date, a
    contract row's own (signing) date, or its start date (a contract running by then was made by then)."""
    names = ("contract_date", "date", "start_date") if rec.kind == "contract" else ("contract_date",)
    for name in names:
        parsed = rec.dates.get(name)
        if parsed is not None and parsed.value is not None:
            return parsed.value
    return None


def condition_evidence(cond: CompiledCondition, rec: Record) -> list[Evidence] | None:
    """The evidence for a condition when it holds for the row, else None."""
    c = cond.source
    found: list[Evidence] = []
    if cond.terms is not None:
        for name in cond.fields:
            text = rec.text(name)
            if text and cond.terms.find(text):
                found.append(Evidence(name, text))
                break
        else:
            return None
    if c.countries_include:
        named = (
            rec.all_country_codes()
            if not c.country_fields
            else {code for f in c.country_fields if f in rec.countries and (code := rec.countries[f].code)}
        )
        hit = sorted(named & set(c.countries_include))
        if not hit:
            return None
        for name, country in rec.countries.items():
            if country.code in hit and (not c.country_fields or name in c.country_fields):
                found.append(Evidence(name, rec.text(name)))
                break
    if c.origin_not:
        origin = rec.countries.get("origin")
        if origin is None or origin.code is None or origin.code in c.origin_not:
            return None
        found.append(Evidence("origin", rec.text("origin")))
    for name in c.fields_present:
        if name not in rec.source.fields:
            return None
        found.append(Evidence(name, rec.text(name)))
    if c.contract_before is not None:
        signed = contract_date(rec)
        if signed is None or signed >= c.contract_before:
            return None
        found.append(Evidence("contract_date", signed.isoformat()))
    for part in cond.all_of:
        more = condition_evidence(part, rec)
        if more is None:
            return None
        found.extend(more)
    if cond.any_of:
        for branch in cond.any_of:
            more = condition_evidence(branch, rec)
            if more is not None:
                found.extend(more)
                break
        else:
            return None
    if any(condition_evidence(part, rec) is not None for part in cond.none_of):
        return None
    return found
