"""Screen a row's parties and vessel against designated individuals, entities and vessels.

Names are compared as romanisation keys (see `names`), scored 0-100 with rapidfuzz's normalised Indel
similarity in two forms (tokens sorted, so word order does not count; tokens in written order, with
the surname first or last), both run together so spacing does not count, against the primary name
and every alias.
A token index of deletion neighbourhoods picks the few listed names worth scoring, so an innocent
ledger costs a dictionary lookup per distinct word, and results are cached per distinct cell value.

IMO numbers are checked (seven digits, IMO check digit, not all zeros). An exact IMO match to a
designated vessel is prohibited whatever name the row gives; a vessel-name match whose row carries a
different valid IMO number is at most review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from compliance.designations.lists import (
    MAX_LISTED_ENTRIES,
    DesignationList,
    Listing,
    imo_digits,
    imo_numbers_in,
    parse_imo,
)
from compliance.designations.name_index import BRACKETED, CACHE_LIMIT, NameIndex, NameMatch, name_variants
from compliance.designations.names import name_key
from compliance.model.errors import UsageError
from compliance.model.fields import FIELD_LABELS, PARTY_FIELDS

__all__ = ["DEFAULT_MATCH_THRESHOLD", "DEFAULT_REVIEW_THRESHOLD", "PartyHit", "PartyScreen"]

# Chosen from the table printed by benchmarks/evaluate_matching.py (2017-07-03 list: 212 names and
# aliases of the 99 DPRK entries; 4,050 variants that must match, 2,680 near misses that must not).
# Match 96: the lowest threshold at which every near-miss class is falsely prohibited at most 1 %
#   (hardest: same surname and one given syllable different, 0.0 % at 96, 1.6 % at 95, 3.9 % at 92,
#   7.0 % at 90; companies sharing only generic words 0.2 %). Prohibited at 96: as listed, word order,
#   company-form changes 100 %; romanisation variants 99.1 %; spacing and hyphens 93.9 %; a dropped
#   generic word 51.2 % (all the rest review); 1-edit typos 39.8 %.
# Review 82: the lowest threshold at which each near-miss class other than Korean personal names is
#   flagged at most 5 % (sharing only generic words 4.1 %, one distinctive word 2.3 %, real innocent
#   names 2.4 %). Flagged at 82: 1-edit typos 97.5 %, 2-edit typos 79.6 %, romanisation variants,
#   word order, company form, dropped generic word 100 %, spacing 99.6 %. Personal names one syllable
#   from a listed person are flagged 26.9 %: by score they cannot be told from a typo, so review.
DEFAULT_MATCH_THRESHOLD: Final = 96.0
DEFAULT_REVIEW_THRESHOLD: Final = 82.0

HitStatus = Literal["prohibited", "review"]
MAX_HITS_PER_VALUE: Final = 5
_CACHEABLE_CHARS: Final = 200
# Cell separators between several parties: "A Ltd; B Ltd", "A Ltd / B Ltd", "A Ltd c/o B Ltd".
_PARTS: Final = re.compile(r"[;|\n\r]+|\s/\s|\s+(?:c/o|care of|via|on behalf of|acting for)\s+", re.IGNORECASE)
_IMO_REMARK: Final = re.compile(r"[(\[]?\bIMO\b\)?[^0-9()\[\]]{0,12}\d{7}[)\]]?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PartyHit:
    """One designation hit in one field of a row, with its evidence and reason in plain words."""

    field: str
    value: str
    """The cell as written."""
    listing: Listing
    matched_name: str
    """The listed name (primary or alias) that matched, or 'IMO 9144598' for an IMO match."""
    score: float
    """0-100; 100 for an exact IMO match or names equal once romanisation variants collapse."""
    status: HitStatus
    reason: str


class PartyScreen:
    """Screens rows' party, vessel and IMO fields against loaded designation lists."""

    def __init__(
        self,
        lists: DesignationList | Iterable[DesignationList],
        match_threshold: float = DEFAULT_MATCH_THRESHOLD,
        review_threshold: float = DEFAULT_REVIEW_THRESHOLD,
        *,
        prefilter: bool = True,
    ) -> None:
        """`prefilter=False` scores every listed name for every value (only to measure the prefilter)."""
        if not 0 < review_threshold <= match_threshold <= 100:
            raise UsageError(
                f"designation thresholds must satisfy 0 < review ({review_threshold:g}) <= match "
                f"({match_threshold:g}) <= 100"
            )
        self.lists = (lists,) if isinstance(lists, DesignationList) else tuple(lists)
        self.match_threshold = float(match_threshold)
        self.review_threshold = float(review_threshold)
        self.listings: tuple[Listing, ...] = tuple(x for dl in self.lists for x in dl.listings)
        if len(self.listings) > MAX_LISTED_ENTRIES:
            # Each list is bounded as it is read; several together are bounded here, before indexing.
            raise UsageError(
                f"the designation lists hold {len(self.listings):,} entries together, too many for the limit of "
                f"{MAX_LISTED_ENTRIES:,}; load fewer lists"
            )
        self._vessels_by_imo: dict[str, list[int]] = {}
        self._entities_by_imo: dict[str, list[int]] = {}
        self._party = NameIndex(prefilter)
        self._vessel = NameIndex(prefilter)
        for index, listing in enumerate(self.listings):
            if listing.kind == "vessel":
                for imo in listing.imo_numbers:
                    self._vessels_by_imo.setdefault(imo, []).append(index)
            else:
                for imo in listing.imo_numbers:
                    self._entities_by_imo.setdefault(imo, []).append(index)
            names: list[tuple[str, str | None]] = [(listing.name, None)]
            for alias in listing.aliases:
                names.append((alias.name, "a low-quality alias" if alias.quality == "low" else None))
            target_index = self._vessel if listing.kind == "vessel" else self._party
            for name, capped in names:
                for variant in name_variants(name):
                    target_index.add(index, listing.kind, name, variant, capped)
        self._party_cache: dict[str, tuple[NameMatch, ...]] = {}
        self._vessel_cache: dict[str, tuple[NameMatch, ...]] = {}

    # ------------------------------------------------------------ public

    def screen(self, fields: Mapping[str, Any]) -> list[PartyHit]:
        """Every designation hit in a row's canonical fields, prohibited first, then by score."""
        hits: list[PartyHit] = []
        for field in PARTY_FIELDS:
            value = fields.get(field)
            if value is not None and value != "":
                hits.extend(self._party_hits(field, value))
        if fields.get("vessel") not in (None, "") or fields.get("imo") not in (None, ""):
            hits.extend(self._vessel_hits(fields))
        if len(hits) > 1:
            hits.sort(key=lambda h: (h.status != "prohibited", -h.score))
        return hits

    def score_name(self, text: str, *, vessel: bool = False) -> list[tuple[Listing, str, float]]:
        """(listing, matched name, score), best first, for every listing scoring at least the review
        threshold against a party (or vessel) name; unpruned, so weaker resemblances are included."""
        index = self._vessel if vessel else self._party
        return [
            (self.listings[index.targets[m.target].listing], index.targets[m.target].name, m.score)
            for m in self._ranked(index, text, vessel)
        ]

    # ------------------------------------------------------------ names

    def _ranked(self, index: NameIndex, text: str, vessel: bool) -> list[NameMatch]:
        """The best match per listing over the cell's parts, best first."""
        best: dict[int, NameMatch] = {}
        for part in _parts(text):
            for match in index.search(name_key(part, vessel=vessel), self.review_threshold):
                listing = index.targets[match.target].listing
                if listing not in best or match.score > best[listing].score:
                    best[listing] = match
        return sorted(best.values(), key=lambda m: -m.score)

    def _lookup(
        self, index: NameIndex, cache: dict[str, tuple[NameMatch, ...]], text: str, vessel: bool
    ) -> tuple[NameMatch, ...]:
        cached = cache.get(text)
        if cached is not None:
            return cached
        ranked = self._ranked(index, text, vessel)
        if ranked and ranked[0].score >= self.match_threshold:
            # Once a designated name matches, weaker resemblances to other listings are noise
            # ("Kim Chol Sam" matches KIM CHOL SAM; KIM SOK CHOL at 83 adds nothing).
            ranked = [m for m in ranked if m.score >= self.match_threshold]
        found = tuple(ranked[:MAX_HITS_PER_VALUE])
        if len(text) <= _CACHEABLE_CHARS:
            if len(cache) >= CACHE_LIMIT:
                cache.clear()
            cache[text] = found
        return found

    def _status(self, score: float, capped: str | None) -> HitStatus:
        return "prohibited" if score >= self.match_threshold and capped is None else "review"

    def _party_hits(self, field: str, value: Any) -> list[PartyHit]:
        text = _as_text(value)
        if not text:
            return []
        hits = []
        matches = self._lookup(self._party, self._party_cache, text, False)
        for match in matches:
            target = self._party.targets[match.target]
            listing = self.listings[target.listing]
            capped = target.capped or _closer(self._party, matches, match, self.listings)
            status = self._status(match.score, capped)
            reason = _name_reason(
                FIELD_LABELS.get(field, field), text, listing, target.name, match.score, status, capped
            )
            hits.append(PartyHit(field, text, listing, target.name, match.score, status, reason))
        return hits

    # ------------------------------------------------------------ vessels

    def _vessel_hits(self, fields: Mapping[str, Any]) -> list[PartyHit]:
        imo_text = _as_text(fields.get("imo"))
        vessel_text = _as_text(fields.get("vessel"))
        row_imo = parse_imo(fields.get("imo"))
        imo_field, imo_value = "imo", imo_text
        if row_imo is None and not imo_text and vessel_text:
            in_name = [n for n in imo_numbers_in(vessel_text) if parse_imo(n)]
            if in_name:
                row_imo, imo_field, imo_value = in_name[0], "vessel", vessel_text
        hits: list[PartyHit] = []
        for index in self._vessels_by_imo.get(row_imo or "", ()):
            listing = self.listings[index]
            named = f"; the row names the vessel '{vessel_text}'" if vessel_text else ""
            reason = (
                f"{FIELD_LABELS.get(imo_field, imo_field)} '{imo_value}' is the IMO number of "
                f"{listing.describe()}{named}: prohibited whatever name the row gives"
            )
            hits.append(PartyHit(imo_field, imo_value, listing, f"IMO {row_imo}", 100.0, "prohibited", reason))
        digits = imo_digits(fields.get("imo"))
        for index in self._entities_by_imo.get(digits or "", ()):
            listing = self.listings[index]
            reason = (
                f"IMO number '{imo_text}' is the IMO company number given for {listing.describe()}; "
                "review: check whether the row involves that company"
            )
            hits.append(PartyHit("imo", imo_text, listing, f"IMO {digits}", 100.0, "review", reason))
        if not vessel_text:
            return hits
        matched = {h.listing.reference for h in hits}
        vessel_name = " ".join(_IMO_REMARK.sub(" ", vessel_text).split())
        matches = self._lookup(self._vessel, self._vessel_cache, vessel_name, True) if vessel_name else ()
        for match in matches:
            target = self._vessel.targets[match.target]
            listing = self.listings[target.listing]
            if listing.reference in matched:
                continue
            capped = target.capped or _closer(self._vessel, matches, match, self.listings)
            if row_imo and listing.imo and row_imo != listing.imo:
                capped = f"the row's IMO number {row_imo} differs from the listed IMO {listing.imo}"
            status = self._status(match.score, capped)
            reason = _name_reason("Vessel", vessel_text, listing, target.name, match.score, status, capped)
            if imo_text and row_imo is None:
                reason += f" (the row's IMO '{imo_text}' is not a valid IMO number)"
            hits.append(PartyHit("vessel", vessel_text, listing, target.name, match.score, status, reason))
        return hits


def _closer(
    index: NameIndex, matches: tuple[NameMatch, ...], match: NameMatch, listings: tuple[Listing, ...]
) -> str | None:
    """Why a match is only review when another listing matches the same value more closely."""
    best = matches[0]
    if match.score >= best.score:
        return None
    target = index.targets[best.target]
    return f"{listings[target.listing].name} ({listings[target.listing].reference}) matches more closely"


def _parts(text: str) -> list[str]:
    """The party names in one cell: split on separators, and each without its bracketed remarks."""
    parts = [p.strip() for p in _PARTS.split(text) if p and p.strip()] or [text]
    out: list[str] = []
    for part in parts:
        out.append(part)
        bare = " ".join(BRACKETED.sub(" ", part).split())
        if bare and bare != part:
            out.append(bare)
    return list(dict.fromkeys(out))


def _as_text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _name_reason(
    label: str, text: str, listing: Listing, matched: str, score: float, status: HitStatus, capped: str | None
) -> str:
    alias = "" if matched == listing.name else f" under the name '{matched}'"
    shown = f"{score:.0f}" if score == int(score) else f"{score:.1f}"
    if status == "prohibited":
        return f"{label} '{text}' matches {listing.describe()}{alias}, score {shown}"
    why = f" ({capped})" if capped else ""
    return (
        f"{label} '{text}' resembles {listing.describe()}{alias}, score {shown}{why}; "
        "review: check whether it is the same party"
    )
