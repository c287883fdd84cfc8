"""The measures of a regime as the scenario editor lists them: grouped the way an analyst looks for
them (exports, imports, persons, investment, caps, vessels), each with its citation and the values
a scenario may change (its cap, its start and end dates).

The group is derived from what the rule says of itself (its links to the target, its contract types,
its cap), never from its id, so a proposal's added measures and a scenario's own bans land in the
right group too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from compliance.rules.packs import CapLimit, Rule
from compliance.rules.regime import Regime

EXPORTS = "Exports from the DPRK"
IMPORTS = "Imports into the DPRK"
PERSONS = "Persons and workers"
INVESTMENT = "Investment and joint ventures"
CAPS = "Caps"
VESSELS = "Vessels and services"
OTHER = "Other"
GROUPS: tuple[str, ...] = (EXPORTS, IMPORTS, PERSONS, INVESTMENT, CAPS, VESSELS, OTHER)
"""In the order the editor shows them."""

_EVERY_LINK = frozenset({"from_dprk", "to_dprk", "dprk_party", "in_dprk", "dprk_nationals", "dprk_vessel"})
_VESSEL_CONTRACTS = frozenset({"charter", "vessel_services"})


def group_of(rule: Rule) -> str:
    """Where an analyst looks for this measure."""
    links = set(rule.links)
    contracts = set(rule.contract_types)
    if rule.cap is not None:
        return CAPS
    if links >= _EVERY_LINK:
        # Tied to the target in every way (a Committee exemption cited): not one family's measure.
        return OTHER
    if "dprk_vessel" in links or contracts & _VESSEL_CONTRACTS:
        return VESSELS
    if "dprk_nationals" in links or "employment" in contracts:
        return PERSONS
    if "joint_venture" in contracts or ("in_dprk" in links and rule.goods is None and not contracts):
        return INVESTMENT
    if "from_dprk" in links and "to_dprk" not in links:
        return EXPORTS
    if "to_dprk" in links and "from_dprk" not in links:
        return IMPORTS
    return OTHER


@dataclass(frozen=True, slots=True)
class MeasureEntry:
    """One measure of the base regime, as one line of the editor."""

    id: str
    title: str
    measure: str
    citation: str
    group: str
    start: dt.date
    """The day it applies from (its citation's adoption, or a proposal's date)."""
    end: dt.date | None
    """Its last day in force, when a later resolution replaced it."""
    cap: tuple[CapLimit, ...]
    """Its cap's figures ("whichever is lower"), empty when it has no cap."""
    lifted_by_base: str | None
    """Why the base regime already lifts it (a proposal's lift), else None."""


def measure_entries(regime: Regime) -> list[MeasureEntry]:
    """Every measure of a regime (those it lifts too), in the order of its rule book."""
    out: list[MeasureEntry] = []
    for i in sorted(regime.active):
        rule = regime.book.rules[i]
        out.append(
            MeasureEntry(
                id=rule.id,
                title=rule.title,
                measure=rule.measure,
                citation=rule.citation.text(),
                group=group_of(rule),
                start=rule.citation.adopted,
                end=rule.in_force_until,
                cap=rule.cap.limits if rule.cap else (),
                lifted_by_base=regime.lifted.get(rule.id),
            )
        )
    return out


def grouped(entries: list[MeasureEntry]) -> list[tuple[str, list[MeasureEntry]]]:
    """The entries by group, in the editor's order; empty groups are left out."""
    by_group: dict[str, list[MeasureEntry]] = {g: [] for g in GROUPS}
    for entry in entries:
        by_group[entry.group].append(entry)
    return [(g, items) for g, items in by_group.items() if items]


def cap_text(limits: tuple[CapLimit, ...]) -> str:
    """'4,000,000 bbl or 525,000 t': a cap as the analyst reads and types it."""
    return " or ".join(f"{_amount(limit.amount)} {limit.unit}" for limit in limits)


def _amount(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def parse_cap(text: str, limits: tuple[CapLimit, ...]) -> tuple[float, ...]:
    """The amounts typed for a cap, one per figure and in the same units ('3,000,000 bbl or 393,750 t').

    ValueError with the reason when the text does not give one positive amount per figure.
    """
    parts = [p.strip() for p in text.replace(" OR ", " or ").split(" or ") if p.strip()]
    units = [limit.unit for limit in limits]
    if len(parts) != len(limits):
        raise ValueError(f"give {len(limits)} amount(s), in {' and '.join(units)}, separated by 'or'")
    amounts: list[float] = []
    for part, unit in zip(parts, units, strict=True):
        number = part.removesuffix(unit).strip() if part.endswith(unit) else part
        try:
            amount = float(number.replace(",", "").replace(" ", ""))
        except ValueError:
            raise ValueError(f"'{part}' is not an amount in {unit}") from None
        if not amount > 0:
            raise ValueError(f"'{part}': a cap is more than zero")
        amounts.append(amount)
    return tuple(amounts)


def parse_date(text: str) -> dt.date:
    """A date typed as YYYY-MM-DD; ValueError naming what was typed otherwise."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a date (YYYY-MM-DD)") from None


def parse_list(text: str) -> tuple[str, ...]:
    """Comma- or semicolon-separated items ('2402, 2403'), trimmed, empty ones dropped, order kept."""
    items = (item.strip() for item in text.replace(";", ",").split(","))
    return tuple(dict.fromkeys(item for item in items if item))
