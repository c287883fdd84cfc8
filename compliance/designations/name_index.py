"""The index of listed names: each name's scoring forms, and a deletion-neighbourhood index of its words
that picks the few listed names worth scoring for a value (rapidfuzz's normalised Indel similarity)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz, process

from compliance.designations.names import NameKey, name_key

CACHE_LIMIT: Final = 200_000
"""Entries a per-value or per-word cache holds before it is cleared."""
BRACKETED: Final = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
"""A bracketed remark in a name: '(KKBC)', '[formerly ...]'."""
_ACRONYM: Final = re.compile(r"[A-Z][A-Z0-9&]{1,7}")


@dataclass(frozen=True, slots=True)
class NameTarget:
    """A listed name to score against: a listing's primary name, an alias, or a variant of one."""

    listing: int
    name: str
    key: NameKey
    capped: str | None
    """Why a match on this name can only be review ('a low-quality alias'), or None."""
    forms: tuple[tuple[str, ...], ...]
    """Per form kind (sorted, joined): the strings to compare."""


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A listed name (by its number in the index) that scored at least the cut-off, and its score."""

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


def name_variants(name: str) -> list[str]:
    """Spellings to index for one listed name: itself, without a bracketed part, a bracketed acronym."""
    variants = [name]
    bare = " ".join(BRACKETED.sub(" ", name).split())
    if bare and bare != name:
        variants.append(bare)
    for groups in BRACKETED.findall(name):
        inner = " ".join("".join(groups).split())
        if _ACRONYM.fullmatch(inner):
            variants.append(inner)
    return variants


class NameIndex:
    """Listed names with their scoring forms, and a deletion-neighbourhood index of their words."""

    def __init__(self, prefilter: bool = True) -> None:
        self.prefilter = prefilter
        self.targets: list[NameTarget] = []
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
            self.targets.append(NameTarget(listing, name, key, "an acronym", ((),) * _FORM_KINDS))
            self._short.setdefault(key.joined, []).append(number)
            return
        self.targets.append(NameTarget(listing, name, key, capped, _target_forms(key, kind)))
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
                if len(self._term_cache) >= CACHE_LIMIT:
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

    def search(self, key: NameKey, cutoff: float) -> list[NameMatch]:
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
        return [NameMatch(n, round(s, 1)) for n, s in scores.items()]

    @staticmethod
    def _score(query: str, forms: list[str], owners: list[int], cutoff: float, scores: dict[int, float]) -> None:
        for _, score, position in process.extract(query, forms, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            number = owners[position]
            if score > scores.get(number, -1.0):
                scores[number] = score
