"""What a decision answers: a measure of a rule pack (by its content hash), or a list entry (by its hash).

A rule's hash covers its whole definition as loaded (goods, conditions, exceptions, citation, dates),
so a decision stops applying when the measure it answered is rewritten, and keeps applying when only
another measure of the pack changed. A designated party or vessel is answered by its listing
reference and the hash of the list's entry as read (names, aliases, dates, documents, IMO numbers).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Literal

import orjson

from compliance.designations import DesignationList, Listing
from compliance.model.results import Hit
from compliance.rules.packs import Rule
from compliance.rules.regime import Regime

SubjectKind = Literal["rule", "listing"]
DESIGNATION_RULES = frozenset({"designated-party", "designated-vessel"})


@dataclass(frozen=True, slots=True)
class Subject:
    """What a hit asks the officer to decide: its key (rule id or listing reference), kind, hash and version."""

    key: str
    kind: SubjectKind
    hash: str
    version: str
    """The pack version of a rule; the list's date of a listing."""


def rule_hash(rule: Rule) -> str:
    """The SHA-256 of a rule's definition as loaded."""
    return hashlib.sha256(rule.model_dump_json().encode()).hexdigest()


def check_hash(rule_id: str) -> str:
    """A data check is code, not pack data: its hash names the check and the recipe."""
    return hashlib.sha256(f"sanctions-desk/check/v1\n{rule_id}".encode()).hexdigest()


def listing_hash(listing: Listing) -> str:
    """The SHA-256 of a list entry as read."""
    return hashlib.sha256(orjson.dumps(dataclasses.asdict(listing), option=orjson.OPT_SORT_KEYS)).hexdigest()


def listing_evidence(hit: Hit) -> str:
    """The 'listing' evidence of a designation hit ('KPe.035 KOREA DAESONG BANK, listed ...'), else ''."""
    return next((e.value for e in hit.evidence if e.field == "listing"), "")


def hit_key(hit: Hit) -> tuple[str, str]:
    """A hit's identity within a row's verdicts (the same measure hits both regimes with one key)."""
    return hit.rule_id, listing_evidence(hit)


class SubjectIndex:
    """Subjects of a run's hits: rule hashes from its regimes, entry hashes from its designation lists."""

    def __init__(self, regimes: tuple[Regime, ...], lists: tuple[DesignationList, ...] = ()) -> None:
        self._rules: dict[str, Subject] = {}
        for regime in regimes:
            version = regime.book.pack.pack.pack.version  # the rules are the base pack's, in either regime
            for rule in regime.book.rules:
                self._rules.setdefault(rule.id, Subject(rule.id, "rule", rule_hash(rule), version))
        self._listings: dict[str, Subject] = {}
        for designations in lists:
            day = designations.generated.isoformat() if designations.generated else "undated"
            for listing in designations.listings:
                self._listings.setdefault(
                    listing.reference, Subject(listing.reference, "listing", listing_hash(listing), day)
                )

    def of(self, hit: Hit) -> Subject:
        """The subject a hit asks about."""
        if hit.rule_id in DESIGNATION_RULES:
            evidence = listing_evidence(hit)
            words = evidence.split(" ")
            for width in (1, 2):  # 'KPe.035 NAME' or 'IMO 8660313 NAME'
                found = self._listings.get(" ".join(words[:width]))
                if found is not None:
                    return found
            return Subject(words[0] if words else hit.rule_id, "listing", "", "unknown")
        found = self._rules.get(hit.rule_id)
        if found is not None:
            return found
        return Subject(hit.rule_id, "rule", check_hash(hit.rule_id), "check")
