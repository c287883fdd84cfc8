"""Rule packs: the measures as data (rules/*.toml), validated on load into typed models.

A pack is either a base pack (the measures in force) or an amendment of one (the December 2019
draft): an amendment names the base, the rules it lifts and the exemptions it adds, and never
repeats the base's rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from compliance.errors import RuleFileError
from compliance.fields import FIELDS

# How a row can be tied to the DPRK; the engine derives these from the row's fields (see links.py).
Link = Literal["from_dprk", "to_dprk", "dprk_party", "in_dprk", "dprk_nationals", "dprk_vessel"]
Outcome = Literal["prohibited", "review", "permitted"]
Timing = Literal["event", "ongoing"]

_HS_PREFIX = re.compile(r"^(?:\d{2}){1,5}$")
_TEXT_FIELDS_DEFAULT = ("description", "project")


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Citation(_Strict):
    """The legal basis of a rule: resolution, year, operative paragraph and whether it is confirmed."""

    resolution: str
    year: int
    paragraph: str
    paragraph_verified: bool
    adopted: dt.date

    def text(self) -> str:
        """'UNSCR 2371 (2017) OP9, unverified' - the form officers see everywhere."""
        para = self.paragraph if self.paragraph.lower().startswith("annex") else f"OP{self.paragraph}"
        suffix = "" if self.paragraph_verified else ", unverified"
        return f"UNSCR {self.resolution} ({self.year}) {para}{suffix}"


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
    contract_before: dt.date | None = None
    """The written contract was finalised before this day (the row's contract date)."""
    any_of: tuple[Condition, ...] = ()
    named: str | None = None
    """A condition defined once in the vocabulary (`vocabulary.conditions`), so packs share it."""

    @field_validator("fields", "fields_present")
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


class Goods(_Strict):
    """What goods a rule covers: HS prefixes and, for rows without a code, description terms."""

    hs: tuple[str, ...] = ()
    hs_exclude: tuple[str, ...] = ()
    hs_basis: Literal["resolution text", "implementation choice"]
    terms: tuple[str, ...] = ()
    unit_value_above_usd: float | None = None
    """Only goods worth more than this per unit are covered (luxury thresholds)."""

    @field_validator("hs", "hs_exclude")
    @classmethod
    def _hs_prefixes(cls, prefixes: tuple[str, ...]) -> tuple[str, ...]:
        bad = [p for p in prefixes if not _HS_PREFIX.fullmatch(p)]
        if bad:
            raise ValueError(f"HS prefixes must be 2, 4, 6, 8 or 10 digits: {', '.join(bad)}")
        return prefixes

    @model_validator(mode="after")
    def _something_to_match(self) -> Goods:
        if not self.hs and not self.terms:
            raise ValueError("goods need HS prefixes or description terms")
        return self


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
    """The row must be tied to the DPRK in one of these ways."""
    outcome: Outcome
    reason: str
    question: str | None = None
    citation: Citation
    in_force_until: dt.date | None = None
    """Last day before a later resolution replaced this measure."""
    timing: Timing = "event"
    """'event': judged on the row's date; 'ongoing': on any day of the row's period."""
    kinds: tuple[Literal["shipment", "contract"], ...] = ()
    contract_types: tuple[str, ...] = ()
    goods: Goods | None = None
    when: Condition | None = None
    wind_down: WindDown | None = None
    deadline: Deadline | None = None
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
        return self


class Vocabulary(_Strict):
    """Words the engine uses to classify free text, kept with the rules so officers can extend them."""

    contract_types: dict[str, tuple[str, ...]] = {}
    contract_types_from_fields: dict[str, tuple[str, ...]] = {}
    """A contract type implied by a field being filled (workers -> employment)."""
    conditions: dict[str, Condition] = {}
    """Conditions named once and used by several rules or packs."""


class PackInfo(_Strict):
    id: str
    title: str
    version: str
    regime: Literal["current", "draft"]
    description: str
    based_on: str | None = None
    status_note: str | None = None
    """Shown wherever the regime is named (the draft: 'proposed, never adopted')."""


class Lift(_Strict):
    """A measure an amendment would remove."""

    rule: str
    reason: str


class RulePack(_Strict):
    """A base pack: the measures, the shared exceptions and the vocabulary."""

    pack: PackInfo
    vocabulary: Vocabulary = Vocabulary()
    rule: tuple[Rule, ...] = ()
    exception: tuple[Exception_, ...] = ()
    lift: tuple[Lift, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> RulePack:
        ids = [r.id for r in self.rule]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate rule ids: {', '.join(dupes)}")
        if self.pack.based_on is None:
            if self.lift:
                raise ValueError("only an amendment (pack.based_on) may lift rules")
            known = set(ids)
            for exc in self.exception:
                missing = [r for r in exc.rules if r != "*" and r not in known]
                if missing:
                    raise ValueError(f"exception '{exc.id}' names unknown rules: {', '.join(missing)}")
            for rule in self.rule:
                unknown = [t for t in rule.contract_types if t not in self.vocabulary.contract_types]
                if unknown:
                    raise ValueError(f"rule '{rule.id}' uses contract types not in the vocabulary: {unknown}")
        elif self.rule:
            raise ValueError("an amendment lifts and exempts; it does not define rules of its own")
        return self


class LoadedPack(BaseModel):
    """A validated pack with where it came from, for reports: path and SHA-256 of the file."""

    model_config = ConfigDict(frozen=True)
    pack: RulePack
    path: str
    sha256: str


def _locate(errors: list[Any], data: dict[str, Any]) -> str:
    """Turn pydantic's first error location into 'rule 'seafood-export' field goods.hs'."""
    err = errors[0]
    loc = list(err["loc"])
    where = ""
    if len(loc) >= 2 and loc[0] in ("rule", "exception", "lift") and isinstance(loc[1], int):
        entries = data.get(loc[0], [])
        entry_id = entries[loc[1]].get("id") if loc[1] < len(entries) else None
        entry_id = entry_id or (entries[loc[1]].get("rule") if loc[1] < len(entries) else None)
        label = {"rule": "rule", "exception": "exception", "lift": "lift"}[loc[0]]
        where = f"{label} '{entry_id}'" if entry_id else f"{label} #{loc[1] + 1}"
        loc = loc[2:]
    field = ".".join(str(p) for p in loc if not isinstance(p, int))
    parts = [p for p in (where, f"field '{field}'" if field else "") if p]
    return f"{', '.join(parts)}: {err['msg']}" if parts else err["msg"]


def load_pack(path: str | Path) -> LoadedPack:
    """Read and validate one rule pack; any problem is a RuleFileError naming file, rule and field."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleFileError(f"cannot read rule pack: {exc.strerror or exc}", path=str(path)) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise RuleFileError("rule pack is not UTF-8 text", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"not valid TOML: {exc}", path=str(path)) from None
    try:
        pack = RulePack.model_validate(data)
    except ValidationError as exc:
        raise RuleFileError(_locate(exc.errors(), data), path=str(path)) from None
    return LoadedPack(pack=pack, path=str(path), sha256=hashlib.sha256(raw).hexdigest())

