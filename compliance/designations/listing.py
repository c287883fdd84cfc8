"""A designation list as data: its listings (individuals, entities, vessels), their aliases and documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final, Literal

# The whole Consolidated List (every regime) is about 2 MB and the vessel list a few kB.
MAX_LIST_BYTES: Final = 64 * 1024 * 1024
# The UN's DPRK entries number about 160 and its designated vessels about 70. A file with tens of
# thousands of them is not a UN list, and screening a ledger against it would take minutes and
# gigabytes; at this limit 100,000 rows are screened in about 20 s and 300 MB
# (benchmarks/bench_designations.py). Counted while reading, so an oversized list costs no memory.
MAX_LISTED_ENTRIES: Final = 5_000

AliasQuality = Literal["good", "low", "aka", "fka"]
ListingKind = Literal["individual", "entity", "vessel"]
ListKind = Literal["un-consolidated-xml", "un-1718-vessels-csv"]


@dataclass(frozen=True, slots=True)
class Alias:
    """Another name of a listing, with the UN's quality mark (a 'low' alias alone never prohibits)."""

    name: str
    quality: AliasQuality


@dataclass(frozen=True, slots=True)
class Document:
    """An identity document of a listed individual."""

    type: str
    number: str


@dataclass(frozen=True, slots=True)
class Listing:
    """One designated individual, entity or vessel, with the UN's data as written (trimmed)."""

    reference: str
    """'KPi.033', 'KPe.025'; for a vessel (the vessel list has no reference) 'IMO 8660313'."""
    kind: ListingKind
    name: str
    """The primary name: FIRST_NAME..FOURTH_NAME joined for individuals; the vessel's name."""
    aliases: tuple[Alias, ...] = ()
    listed_on: dt.date | None = None
    """The first designation date."""
    listed_dates: tuple[dt.date, ...] = ()
    """Every designation date (a vessel can carry two: '1: 03-Oct-17 2: 30-Mar-18')."""
    nationality: tuple[str, ...] = ()
    designation: str = ""
    comments: str = ""
    documents: tuple[Document, ...] = ()
    imo: str | None = None
    """A vessel's IMO number; for an entity the first IMO (company) number its comments give."""
    imo_numbers: tuple[str, ...] = ()
    """Every IMO number of the listing (an entity's comments may give several)."""
    flag: str | None = None
    call_sign: str | None = None
    mmsi: str | None = None
    vessel_type: str | None = None
    legal_basis: tuple[str, ...] = ()
    """For vessels: the legal-basis columns marked for it (asset freeze, port-entry ban, ...)."""

    @property
    def names(self) -> tuple[str, ...]:
        """The primary name then every alias."""
        return (self.name, *(a.name for a in self.aliases))

    def describe(self) -> str:
        """'the designated entity KOREA DAESONG BANK (KPe.035, listed 2016-11-30)'."""
        listed = f", listed {self.listed_on.isoformat()}" if self.listed_on else ""
        return f"the designated {self.kind} {self.name} ({self.reference}{listed})"


@dataclass(frozen=True, slots=True)
class DesignationList:
    """A loaded list file: where it came from, which version, and its listings."""

    path: str
    name: str
    sha256: str
    kind: ListKind
    generated: dt.date | None
    """The XML's dateGenerated; for the vessel CSV the newest designation date in it."""
    listings: tuple[Listing, ...]


def clean_text(text: object) -> str:
    """Collapse whitespace (line breaks inside names included) and trim."""
    return " ".join(str(text).split()) if text else ""


def too_many(what: str) -> str:
    """Why a list with more than MAX_LISTED_ENTRIES entries of `what` is refused, in one line."""
    return (
        f"lists more than {MAX_LISTED_ENTRIES:,} {what}, too many for the limit of {MAX_LISTED_ENTRIES:,} "
        "(the UN's lists have a few hundred); refusing to read it"
    )
