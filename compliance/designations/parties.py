"""Designated parties and vessels as findings: the UN lists, screened beside the measures.

A designation is not a measure of a rule pack and no amendment touches it, so a designated party
keeps a row prohibited under every regime (a statue sold by a designated studio stays banned even if
the statue ban were lifted). What a finding cites (the asset freeze) is the base pack's
(`[vocabulary.designations]`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance.designations import DesignationList, PartyHit, PartyScreen, load_list
from compliance.designations.matcher import DEFAULT_MATCH_THRESHOLD, DEFAULT_REVIEW_THRESHOLD
from compliance.model.results import Evidence, Hit
from compliance.model.status import Status
from compliance.rules.packs import Citation

OFF_NOTICE = "Party screening is off: no designation list is loaded."


@dataclass(frozen=True, slots=True)
class PartyScreening:
    """Loaded designation lists and the matcher over them, turning matches into findings."""

    lists: tuple[DesignationList, ...]
    matcher: PartyScreen
    sources: dict[int, DesignationList] = field(default_factory=dict)
    """id(listing) -> the list it is on, so each finding can name its list's date and hash."""

    @property
    def match_threshold(self) -> float:
        """Score at or above which a name match makes a row prohibited."""
        return float(self.matcher.match_threshold)

    @property
    def review_threshold(self) -> float:
        """Score from which a name match makes a row review."""
        return float(self.matcher.review_threshold)

    def hits(self, fields: Mapping[str, Any], basis: Citation) -> tuple[Hit, ...]:
        """The row's designation findings, as hits that cite the basis (the asset freeze)."""
        found = self.matcher.screen(fields)
        return tuple(_as_hit(h, self.sources.get(id(h.listing)), basis) for h in found) if found else ()

    def as_json(self) -> dict[str, Any]:
        """The lists and thresholds as the screening JSON and reports describe them."""
        return {
            "match_threshold": self.match_threshold,
            "review_threshold": self.review_threshold,
            "lists": [list_json(d) for d in self.lists],
        }


def list_json(designations: DesignationList) -> dict[str, Any]:
    """One list: file name, kind, date, SHA-256 and number of entries."""
    return {
        "name": designations.name,
        "kind": designations.kind,
        "generated": designations.generated.isoformat() if designations.generated else None,
        "sha256": designations.sha256,
        "entries": len(designations.listings),
    }


def list_label(designations: DesignationList) -> str:
    """'UN Security Council Consolidated List (DPRK entries), 2017-07-03, SHA-256 4ea9d976981d5e2a...'."""
    day = designations.generated.isoformat() if designations.generated else "undated"
    return f"{designations.name}, {day}, SHA-256 {designations.sha256[:16]}..."


def _as_hit(hit: PartyHit, source: DesignationList | None, basis: Citation) -> Hit:
    listing = hit.listing
    listed = f", listed {listing.listed_on.isoformat()}" if listing.listed_on else ""
    status = Status(hit.status)
    vessel = listing.kind == "vessel"
    return Hit(
        rule_id="designated-vessel" if vessel else "designated-party",
        status=status,
        base_reason=hit.reason,
        evidence=(
            Evidence(hit.field, hit.value),
            Evidence("listing", f"{listing.reference} {listing.name}{listed}"),
            Evidence("matched", f"{hit.matched_name} (score {hit.score:.0f})"),
            *((Evidence("list", list_label(source)),) if source is not None else ()),
        ),
        question=(
            None
            if status == Status.PROHIBITED
            else "Is this the designated party? Compare addresses, dates of birth, documents or IMO numbers."
        ),
        citation=basis,
        heading="Designated vessel" if vessel else "Designated party",
        group="designations",
    )


def load_party_screening(
    paths: Sequence[str | Path],
    match_threshold: float | None = None,
    review_threshold: float | None = None,
) -> PartyScreening | None:
    """Load designation lists (XML or vessel CSV) and build the matcher; None when no list is given."""
    if not paths:
        return None
    return party_screening_from_lists([load_list(p) for p in paths], match_threshold, review_threshold)


def party_screening_from_lists(
    lists: Sequence[DesignationList],
    match_threshold: float | None = None,
    review_threshold: float | None = None,
) -> PartyScreening:
    """Build the matcher over lists already read (the app reads them one by one, dropping bad ones)."""
    matcher = PartyScreen(
        list(lists),
        match_threshold=DEFAULT_MATCH_THRESHOLD if match_threshold is None else match_threshold,
        review_threshold=DEFAULT_REVIEW_THRESHOLD if review_threshold is None else review_threshold,
    )
    sources = {id(listing): d for d in lists for listing in d.listings}
    return PartyScreening(tuple(lists), matcher, sources)
