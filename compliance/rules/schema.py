"""The rule schema: one measure (Rule) and what it is made of, validated on load.

A rule pack (packs.py) is a list of these with a shared vocabulary; an amendment (amendments.py) adds,
replaces or modifies them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from compliance.model.fields import FIELDS, PARTY_FIELDS
from compliance.normalise.country_names import AMBIGUOUS_MEANS
from compliance.normalise.record import COUNTRY_FIELDS

# How a row can be tied to the target country, by role: goods out of it (from_), into it (to_), a
# party in it, a project or place of work in it, its nationals working abroad, its flag. Which cells
# establish each is the base pack's (`vocabulary.target`); the names keep the pack format's spelling.
Link = Literal["from_dprk", "to_dprk", "dprk_party", "in_dprk", "dprk_nationals", "dprk_vessel"]
Outcome = Literal["prohibited", "review", "permitted"]
Timing = Literal["event", "ongoing"]

_HS_PREFIX = re.compile(r"^(?:\d{2}){1,5}$")
_TEXT_FIELDS_DEFAULT = ("description", "project")


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Citation(_Strict):
    """The legal basis of a rule: resolution, year, operative paragraph and whether it is confirmed.

    A measure of a proposal that was never adopted names the `draft` instead of a resolution: its
    paragraph numbers were not found, so it is cited as "US draft (2022), reported item", and
    `adopted` is the day it would have taken effect (the day it was circulated or voted).
    """

    resolution: str = ""
    year: int
    paragraph: str = ""
    paragraph_verified: bool = False
    adopted: dt.date
    draft: str | None = None
    """Who proposed the draft ("US draft", "China-Russia draft"), for a proposal's own measures."""

    def text(self) -> str:
        """'UNSCR 2371 (2017) OP9, unverified' - the form officers see everywhere."""
        if self.draft:
            return f"{self.draft} ({self.year}), reported item"
        if not self.paragraph:
            return f"UNSCR {self.resolution} ({self.year}), paragraph not identified"
        para = self.paragraph if self.paragraph.lower().startswith("annex") else f"OP{self.paragraph}"
        suffix = "" if self.paragraph_verified else ", unverified"
        return f"UNSCR {self.resolution} ({self.year}) {para}{suffix}"

    @model_validator(mode="after")
    def _resolution_or_draft(self) -> Citation:
        given = self.model_fields_set
        if self.draft is not None:
            if self.resolution or self.paragraph or self.paragraph_verified:
                raise ValueError(
                    "a draft's measure is cited as 'draft (year), reported item': no resolution, paragraph "
                    "or verified paragraph"
                )
            return self
        if not self.resolution:
            raise ValueError("a citation names a resolution, or the draft that proposed the measure")
        if "paragraph" not in given or "paragraph_verified" not in given:
            raise ValueError("a resolution's citation gives 'paragraph' and 'paragraph_verified'")
        if not self.paragraph and self.paragraph_verified:
            raise ValueError("a citation with no paragraph cannot be verified")
        return self


class Condition(_Strict):
    """Facts a row must show; every key given must hold (AND), `any_of` holds when one branch does."""

    terms: tuple[str, ...] = ()
    """Any of these words or phrases in the text fields (whole words, case-insensitive)."""
    fields: tuple[str, ...] = _TEXT_FIELDS_DEFAULT
    """The text fields `terms` are looked for in."""
    countries_include: tuple[str, ...] = ()
    """Some country on the row (any role) is one of these ISO codes."""
    origin_not: tuple[str, ...] = ()
    """The origin is known and is none of these ISO codes."""
    fields_present: tuple[str, ...] = ()
    """Each of these fields has a value."""
    country_fields: tuple[str, ...] = ()
    """Where `countries_include` looks: these fields only (default: every country on the row)."""
    contract_before: dt.date | None = None
    """The written contract was finalised before this day (the row's contract date)."""
    any_of: tuple[Condition, ...] = ()
    """At least one of these holds."""
    all_of: tuple[Condition, ...] = ()
    """Every one of these holds (to combine several term lists)."""
    none_of: tuple[Condition, ...] = ()
    """None of these holds."""
    named: str | None = None
    """A condition defined once in the vocabulary (`vocabulary.conditions`), so packs share it."""

    @model_validator(mode="after")
    def _meaningful(self) -> Condition:
        given = self.model_fields_set
        if self.named is not None and given - {"named"}:
            raise ValueError(f"a 'named' condition may not carry other keys ({', '.join(sorted(given - {'named'}))})")
        if not given:
            raise ValueError("an empty condition holds for every row; say what the row must show")
        if "fields" in given and not self.terms:
            raise ValueError("'fields' says where to look for 'terms', and there are none")
        if self.country_fields and not self.countries_include:
            raise ValueError("'country_fields' says where to look for 'countries_include', and there are none")
        return self

    @field_validator("fields", "fields_present", "country_fields")
    @classmethod
    def _known_fields(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [n for n in names if n not in FIELDS]
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)}")
        return names

    @field_validator("countries_include", "origin_not")
    @classmethod
    def _iso_codes(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        bad = [c for c in codes if not re.fullmatch(r"[A-Z]{2}", c)]
        if bad:
            raise ValueError(f"not ISO alpha-2 codes: {', '.join(bad)}")
        return codes


class Exception_(_Strict):
    """A carve-out: when its condition holds, the rule's outcome is replaced by a milder one."""

    id: str
    title: str
    when: Condition
    outcome: Outcome
    reason: str
    question: str | None = None
    """What the officer must establish when the outcome is `review`."""
    citation: Citation | None = None
    rules: tuple[str, ...] = ()
    """For pack-level exceptions: the rule ids it applies to; ("*",) for every rule."""

    @model_validator(mode="after")
    def _question_fits_outcome(self) -> Exception_:
        if self.outcome == "review" and not self.question:
            raise ValueError("an exception whose outcome is 'review' needs the question the officer must answer")
        if self.outcome != "review" and self.question:
            raise ValueError(f"a question means nothing on an exception whose outcome is '{self.outcome}'")
        return self


class Goods(_Strict):
    """What goods a rule covers: HS prefixes and, for rows without a code, description terms."""

    hs: tuple[str, ...] = ()
    hs_exclude: tuple[str, ...] = ()
    hs_if_described: tuple[str, ...] = ()
    """Codes shared with other goods (condensate under 2709, with crude): covered when the description
    names these goods, and not questioned otherwise."""
    hs_basis: Literal["resolution text", "implementation choice"]
    terms: tuple[str, ...] = ()
    """Description terms for this rule alone (shared lists go in `term_lists`)."""
    term_lists: tuple[str, ...] = ()
    """Names of the vocabulary's term lists (every language) that describe these goods."""
    unit_value_above_usd: float | None = None
    """Only goods worth more than this per unit are covered (luxury thresholds)."""
    hs_ordinary: tuple[str, ...] = ()
    """Prefixes of `hs` that also cover ordinary goods (HS 8703 cars, 9102 watches): a row named only
    by such a code is `review` with `hs_alone_question`; a description that names the goods gives
    the rule's outcome."""
    hs_alone_question: str | None = None

    @field_validator("hs", "hs_exclude", "hs_if_described", "hs_ordinary")
    @classmethod
    def _hs_prefixes(cls, prefixes: tuple[str, ...]) -> tuple[str, ...]:
        bad = [p for p in prefixes if not _HS_PREFIX.fullmatch(p)]
        if bad:
            raise ValueError(f"HS prefixes must be 2, 4, 6, 8 or 10 digits: {', '.join(bad)}")
        return prefixes

    @model_validator(mode="after")
    def _something_to_match(self) -> Goods:
        if not self.hs and not self.terms and not self.term_lists:
            raise ValueError("goods need HS prefixes or description terms")
        if self.hs_exclude and not self.hs:
            raise ValueError("'hs_exclude' narrows 'hs', and there is none")
        if bool(self.hs_ordinary) != bool(self.hs_alone_question):
            raise ValueError("'hs_ordinary' and 'hs_alone_question' go together")
        return self


class CapLimit(_Strict):
    """One figure of an annual cap, in its own unit."""

    amount: float = Field(gt=0)
    unit: Literal["t", "bbl", "USD"]


class Cap(_Strict):
    """An aggregate annual cap: one delivery is judged against the whole of it.

    Caps are tracked by the Committee across all suppliers, so a delivery within the cap is `review`;
    a single row whose own quantity (or value) is larger than the whole cap is beyond it whatever the
    running total, and is prohibited.
    """

    limits: tuple[CapLimit, ...] = Field(min_length=1)
    """Any of these exceeded by the row alone ("whichever is lower")."""
    barrels_per_tonne: float | None = Field(default=None, gt=0)
    """For a row in tonnes against a limit in barrels: the lowest factor for these goods, so the row
    exceeds the cap only when it does at that factor."""


class WindDown(_Strict):
    """Deliveries under written contracts finalised before adoption may continue for a while."""

    days: int = Field(gt=0)
    verified: bool
    question: str


class Deadline(_Strict):
    """An obligation with a last permitted day (repatriation): what is still running after it breaks it."""

    last_day: dt.date
    question: str
    """Asked when the row does not say whether the activity ended by the last day."""
    existing_only: bool = False
    """Only what was already running at adoption may go on until the last day (JV closure)."""


class Rule(_Strict):
    """One measure, as an officer would name it, with its legal basis and what it covers."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    measure: str
    """The family officers group by: seafood, textiles, workers, joint ventures ..."""
    links: tuple[Link, ...] = Field(min_length=1)
    """The row must be tied to the target country in one of these ways."""
    outcome: Outcome
    reason: str
    question: str | None = None
    citation: Citation
    in_force_until: dt.date | None = None
    """Last day before a later resolution replaced this measure."""
    as_if_adopted: bool = False
    """A measure a proposal adds: judged as if adopted before every row's date. Set when the regime is
    compiled from a proposal's pack ("proposal, never adopted" or "vetoed draft"), never in a pack."""
    timing: Timing = "event"
    """'event': judged on the row's date; 'ongoing': on any day of the row's period."""
    kinds: tuple[Literal["shipment", "contract"], ...] = ()
    contract_types: tuple[str, ...] = ()
    goods: Goods | None = None
    when: Condition | None = None
    wind_down: WindDown | None = None
    deadline: Deadline | None = None
    cap: Cap | None = None
    exceptions: tuple[Exception_, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Rule:
        if self.outcome == "review" and not self.question:
            raise ValueError("a rule whose outcome is 'review' needs the question the officer must answer")
        if self.in_force_until and self.in_force_until < self.citation.adopted:
            raise ValueError("in_force_until is before the adoption date")
        if not (self.goods or self.contract_types or self.when):
            raise ValueError("a rule needs goods, contract_types or a 'when' condition")
        if self.deadline and self.timing != "ongoing":
            raise ValueError("a deadline applies to what is still running: it needs timing = 'ongoing'")
        if self.wind_down and self.timing != "event":
            raise ValueError("a wind-down is measured from a delivery's date: it needs timing = 'event'")
        if self.cap and not self.goods:
            raise ValueError("a cap counts goods: the rule needs goods")
        for exc in self.exceptions:
            if exc.rules:
                raise ValueError(f"exception '{exc.id}': 'rules' belongs to a pack-level exception, not a rule's own")
        return self


class TermList(_Strict):
    """Words that name one kind of goods in English; other languages add theirs (rules/languages/)."""

    en: tuple[str, ...] = Field(min_length=1)
    exclude: tuple[str, ...] = ()
    """Phrases that contain a term but do not name such goods ("water tank", "machine-made")."""


class AmbiguousSpelling(_Strict):
    """What to say of a cell whose spelling the target shares with another country ('Korea')."""

    doubt: str
    """Shown before the reason, `{cells}` standing for the cells: "'Korea' is ambiguous ({cells}). If ...:"."""
    question: str

    @field_validator("doubt")
    @classmethod
    def _names_the_cells(cls, doubt: str) -> str:
        if "{cells}" not in doubt:
            raise ValueError("the doubt names the cells it is about: put {cells} where they go")
        return doubt


class TargetCountry(_Strict):
    """The country the measures are about, and how a ledger row is tied to it."""

    country: str = Field(pattern=r"^[A-Z]{2}$")
    """ISO 3166 alpha-2; a code no country has if `spellings` give all its names."""
    name: str
    """As a sentence names it: "the DPRK" ("tied to the DPRK", "out of the DPRK")."""
    adjective: str
    """Before a noun: "DPRK" ("DPRK nationals")."""
    spellings: tuple[str, ...] = ()
    """Names and places of the target beyond the country tables (which know every real country's)."""
    links: dict[Link, tuple[str, ...]]
    """Link -> the country cells that establish it."""
    contract_links: dict[Link, tuple[str, ...]] = {}
    """Link -> cells that also establish it on a contract row."""
    party_links: dict[str, tuple[Link, ...]] = {}
    """Party cell (name, address) -> the links it establishes when it names the target or a place in it."""
    ambiguous: AmbiguousSpelling | None = None
    """For a target whose name another country shares in part ('Korea'): what to ask."""

    @model_validator(mode="after")
    def _known_cells(self) -> TargetCountry:
        cells = [f for fields in (*self.links.values(), *self.contract_links.values()) for f in fields]
        unknown = [f for f in cells if f not in COUNTRY_FIELDS]
        if unknown:
            raise ValueError(f"not country cells: {', '.join(dict.fromkeys(unknown))}")
        parties = [f for f in self.party_links if f not in PARTY_FIELDS]
        if parties:
            raise ValueError(f"not party cells: {', '.join(parties)}")
        if self.country in AMBIGUOUS_MEANS and self.ambiguous is None:
            shared = "/".join(sorted(AMBIGUOUS_MEANS))
            raise ValueError(
                f"{self.country} shares ambiguous spellings ({shared}): [vocabulary.target.ambiguous] "
                "says what to ask of them"
            )
        if self.ambiguous is not None and self.country not in AMBIGUOUS_MEANS:
            raise ValueError(f"{self.country} shares no ambiguous spelling: it needs no [vocabulary.target.ambiguous]")
        return self


class Designations(_Strict):
    """What a match on a list of designated parties and vessels cites."""

    basis: Citation
    """The measure a designation engages (an asset freeze), cited on every designation finding."""


class Vocabulary(_Strict):
    """Words the engine uses to classify free text, kept with the rules so officers can extend them.

    Term lists, exceptions and wind-downs that several rules share are defined here once and named
    by the rules (`goods.term_lists`, `exceptions = ["rajin-transit"]`, `wind_down = "2371-contracts"`).
    """

    contract_types: dict[str, tuple[str, ...]] = {}
    contract_types_from_fields: dict[str, tuple[str, ...]] = {}
    """A contract type implied by a field being filled (workers -> employment)."""
    contract_types_from_text: tuple[str, ...] = ()
    """Contract types also recognised in the description or project ("... to set up a joint company")."""
    conditions: dict[str, Condition] = {}
    """Conditions named once and used by several rules or packs."""
    terms: dict[str, TermList] = {}
    """Named term lists: goods families described by words."""
    units: dict[str, dict[str, float]] = {}
    """Quantity units by what they measure ('t', 'bbl'): unit as written -> factor to that measure."""
    exceptions: dict[str, Any] = {}
    """Exceptions shared by several rules (resolved into each rule on load)."""
    wind_downs: dict[str, Any] = {}
    """Wind-downs shared by several rules (resolved into each rule on load)."""
    target: TargetCountry | None = None
    """The country the measures are about; a base pack that screens rows declares it."""
    designations: Designations | None = None
    """What designation findings cite; screening against designation lists needs it."""

    @model_validator(mode="after")
    def _contract_types_known(self) -> Vocabulary:
        unknown = [
            t
            for t in (*self.contract_types_from_text, *self.contract_types_from_fields)
            if t not in self.contract_types
        ]
        if unknown:
            raise ValueError(f"contract types not in vocabulary.contract_types: {', '.join(unknown)}")
        return self
