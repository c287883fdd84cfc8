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

from rapidfuzz import fuzz, process

from compliance.designations.lists import (
    MAX_LISTED_ENTRIES,
    DesignationList,
    Listing,
    imo_digits,
    imo_numbers_in,
    parse_imo,
)
from compliance.designations.names import NameKey, name_key
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
_CACHE_LIMIT: Final = 200_000
_CACHEABLE_CHARS: Final = 200
# Cell separators between several parties: "A Ltd; B Ltd", "A Ltd / B Ltd", "A Ltd c/o B Ltd".
_PARTS: Final = re.compile(r"[;|\n\r]+|\s/\s|\s+(?:c/o|care of|via|on behalf of|acting for)\s+", re.IGNORECASE)
_BRACKETED: Final = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_ACRONYM: Final = re.compile(r"[A-Z][A-Z0-9&]{1,7}")
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


@dataclass(frozen=True, slots=True)
class _Target:
    """A listed name to score against: a listing's primary name, an alias, or a variant of one."""

    listing: int
    name: str
    key: NameKey
    capped: str | None
    """Why a match on this name can only be review ('a low-quality alias'), or None."""
    forms: tuple[tuple[str, ...], ...]
    """Per form kind (sorted, joined): the strings to compare."""


@dataclass(frozen=True, slots=True)
class _Match:
    target: int
    score: float


_FORM_KINDS: Final = 2
# Names this short (run together) are scored against every short listed name: persons' names, where
# one edit changes few letters and the token index could miss it; cheap, as there are few of them.
_SHORT_NAME: Final = 16


def _query_forms(key: NameKey) -> tuple[str, ...]:
    return (key.sorted_form, key.joined)


def _target_forms(key: NameKey, kind: str) -> tuple[tuple[str, ...], ...]:
    return ((key.sorted_form,), key.rotations() if kind == "individual" else (key.joined,))


def _terms(tokens: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """Index terms: the tokens, and adjacent tokens run together ('chong chon kang' -> 'chongchonkang').

    Single characters (generic-word placeholders, the surname O) are left out: they would make every
    "Korea ..." name a candidate for every "Korea ..." value."""
    words = {t for t in tokens if len(t) > 1}
    runs = {"".join(tokens[i : i + size]) for size in (2, 3) for i in range(len(tokens) - size + 1)}
    return words, runs - words


def _deletions(term: str) -> set[str]:
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


def _neighbourhood(term: str) -> set[str]:
    """The term and its deletion variants: one deletion from 4 characters, two from 8, none below 4."""
    if len(term) < 4:
        return {term}
    found = _deletions(term)
    if len(term) >= 8:
        found.update(*(_deletions(t) for t in tuple(found)))
    found.add(term)
    return found


def _name_variants(name: str) -> list[str]:
    """Spellings to index for one listed name: itself, without a bracketed part, a bracketed acronym."""
    variants = [name]
    bare = " ".join(_BRACKETED.sub(" ", name).split())
    if bare and bare != name:
        variants.append(bare)
    for groups in _BRACKETED.findall(name):
        inner = " ".join("".join(groups).split())
        if _ACRONYM.fullmatch(inner):
            variants.append(inner)
    return variants


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
        self._party = _NameIndex(prefilter)
        self._vessel = _NameIndex(prefilter)
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
                for variant in _name_variants(name):
                    target_index.add(index, listing.kind, name, variant, capped)
        self._party_cache: dict[str, tuple[_Match, ...]] = {}
        self._vessel_cache: dict[str, tuple[_Match, ...]] = {}

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

    def _ranked(self, index: _NameIndex, text: str, vessel: bool) -> list[_Match]:
        """The best match per listing over the cell's parts, best first."""
        best: dict[int, _Match] = {}
        for part in _parts(text):
            for match in index.search(name_key(part, vessel=vessel), self.review_threshold):
                listing = index.targets[match.target].listing
                if listing not in best or match.score > best[listing].score:
                    best[listing] = match
        return sorted(best.values(), key=lambda m: -m.score)

    def _lookup(
        self, index: _NameIndex, cache: dict[str, tuple[_Match, ...]], text: str, vessel: bool
    ) -> tuple[_Match, ...]:
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
            if len(cache) >= _CACHE_LIMIT:
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


class _NameIndex:
    """Listed names with their scoring forms, and a deletion-neighbourhood index of their words."""

    def __init__(self, prefilter: bool = True) -> None:
        self.prefilter = prefilter
        self.targets: list[_Target] = []
        self._postings: dict[str, set[int]] = {}
        self._term_cache: dict[str, frozenset[int]] = {}
        self._short: dict[str, list[int]] = {}
        self._brief: list[int] = []
        """Targets whose joined name is at most _SHORT_NAME letters."""
        self._brief_forms: tuple[tuple[list[str], list[int]], ...] | None = None
        """Per form kind, the brief targets' forms and whose they are: built once, not per value."""
        self._seen: set[tuple[int, str]] = set()

    def add(self, listing: int, kind: str, name: str, spelling: str, capped: str | None) -> None:
        """Index `spelling` (the listed `name` or a variant of it) for the listing numbered `listing`."""
        key = name_key(spelling, vessel=kind == "vessel")
        if not key.tokens or (listing, key.sorted_form + "|" + key.joined) in self._seen:
            return
        self._seen.add((listing, key.sorted_form + "|" + key.joined))
        number = len(self.targets)
        if key.is_short and kind != "vessel":
            # An acronym ("KKBC", "MID") matches only exactly, and only for review: too many innocent
            # names share three or four letters.
            self.targets.append(_Target(listing, name, key, "an acronym", ((),) * _FORM_KINDS))
            self._short.setdefault(key.joined, []).append(number)
            return
        self.targets.append(_Target(listing, name, key, capped, _target_forms(key, kind)))
        if len(key.joined) <= _SHORT_NAME:
            self._brief.append(number)
            self._brief_forms = None
        words, runs = _terms(key.tokens)
        for term in words | runs:
            for variant in _neighbourhood(term):
                self._postings.setdefault(variant, set()).add(number)

    def _candidates(self, key: NameKey) -> set[int]:
        """Targets sharing a word with the name, up to one or two deletions on either side.

        A word's neighbourhood is looked up once and cached (ledgers repeat words); words run together
        are looked up exactly, against the listed names' neighbourhoods of theirs."""
        words, runs = _terms(key.tokens)
        found: set[int] = set()
        for term in words:
            ids = self._term_cache.get(term)
            if ids is None:
                ids = frozenset().union(*(self._postings.get(v, ()) for v in _neighbourhood(term)))
                if len(self._term_cache) >= _CACHE_LIMIT:
                    self._term_cache.clear()
                self._term_cache[term] = ids
            found |= ids
        for term in runs:
            found |= self._postings.get(term, frozenset())
        return found

    def _brief_choices(self) -> tuple[tuple[list[str], list[int]], ...]:
        if self._brief_forms is None:
            self._brief_forms = tuple(
                (
                    [form for n in self._brief for form in self.targets[n].forms[kind]],
                    [n for n in self._brief for _ in self.targets[n].forms[kind]],
                )
                for kind in range(_FORM_KINDS)
            )
        return self._brief_forms

    def search(self, key: NameKey, cutoff: float) -> list[_Match]:
        """Targets scoring at least `cutoff` against the name, best score per target."""
        if not key.tokens:
            return []
        scores: dict[int, float] = {}
        for number in self._short.get(key.joined, ()):
            scores[number] = 100.0
        queries = _query_forms(key)
        if not self.prefilter:
            candidates = set(range(len(self.targets)))
        else:
            candidates = self._candidates(key)
            if len(key.joined) <= _SHORT_NAME and self._brief:
                # Every short listed name is scored, from lists prepared once; the index's own
                # candidates among them need no second scoring.
                candidates.difference_update(self._brief)
                for kind, (forms, owners) in enumerate(self._brief_choices()):
                    if queries[kind] and forms:
                        self._score(queries[kind], forms, owners, cutoff, scores)
        if candidates:
            for kind in range(_FORM_KINDS):
                if not queries[kind]:
                    continue
                owners = [n for n in candidates for _ in self.targets[n].forms[kind]]
                forms = [form for n in candidates for form in self.targets[n].forms[kind]]
                if forms:
                    self._score(queries[kind], forms, owners, cutoff, scores)
        return [_Match(n, round(s, 1)) for n, s in scores.items()]

    @staticmethod
    def _score(query: str, forms: list[str], owners: list[int], cutoff: float, scores: dict[int, float]) -> None:
        for _, score, position in process.extract(query, forms, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            number = owners[position]
            if score > scores.get(number, -1.0):
                scores[number] = score


def _closer(index: _NameIndex, matches: tuple[_Match, ...], match: _Match, listings: tuple[Listing, ...]) -> str | None:
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
        bare = " ".join(_BRACKETED.sub(" ", part).split())
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
