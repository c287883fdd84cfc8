"""Rule packs: the measures as data (rules/*.toml), validated on load into typed models.

A pack is either a base pack (the measures in force) or an amendment of a regime (a proposal such as
the 2019 China-Russia draft, or an analyst's scenario): an amendment names what it amends and lifts,
adds, replaces or modifies measures, or adds exemptions (amendments.py); it never repeats the base's
rules. A pack's `[regime]` table says what regime it defines: id, label, legal status, date, and the
notice every output showing its verdicts must carry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from compliance.model.errors import RuleFileError
from compliance.rules.amendments import Lift, Modify, Replace
from compliance.rules.schema import (
    Cap,
    CapLimit,
    Citation,
    Condition,
    Deadline,
    Exception_,
    Goods,
    Link,
    Outcome,
    Rule,
    TermList,
    Timing,
    Vocabulary,
    WindDown,
    _Strict,
)

__all__ = [
    "Cap",
    "CapLimit",
    "Citation",
    "Condition",
    "Deadline",
    "Exception_",
    "Goods",
    "Lift",
    "Link",
    "LoadedPack",
    "Modify",
    "Outcome",
    "PackInfo",
    "RegimeDeclaration",
    "Replace",
    "Rule",
    "RulePack",
    "TermList",
    "Timing",
    "Vocabulary",
    "WindDown",
    "load_pack",
]

RegimeStatus = Literal["in force", "proposal, never adopted", "vetoed draft", "user scenario"]
REGIME_STATUSES: tuple[RegimeStatus, ...] = ("in force", "proposal, never adopted", "vetoed draft", "user scenario")


class RegimeDeclaration(_Strict):
    """What regime a pack defines, as every output that shows its verdicts names it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    label: str
    """The regime's name in a column header or a chooser ("US draft, May 2022 (vetoed; never adopted)")."""
    status: RegimeStatus
    date: dt.date
    """The day it was circulated or voted; for the measures in force, the latest resolution's adoption."""
    notice: str
    """One sentence every output showing its verdicts carries (a proposal: that it is not law)."""
    banner: str | None = None
    """The notice in a few words, for a window title, a banner or a copied row."""
    sources: tuple[str, ...] = ()
    """Where its content comes from, with the confidence of each item."""


class PackInfo(_Strict):
    id: str
    title: str
    version: str
    description: str
    based_on: str | None = None
    status_note: str | None = None
    """Shown wherever the regime is named (the draft: 'proposed, never adopted')."""
    languages: str | None = None
    """Folder, beside the pack, of term files in other languages (rules/languages/*.toml)."""


class RulePack(_Strict):
    """A base pack (the measures, the shared exceptions and the vocabulary) or an amendment."""

    pack: PackInfo
    regime: RegimeDeclaration | None = None
    vocabulary: Vocabulary = Vocabulary()
    rule: tuple[Rule, ...] = ()
    exception: tuple[Exception_, ...] = ()
    lift: tuple[Lift, ...] = ()
    add: tuple[Rule, ...] = ()
    replace: tuple[Replace, ...] = ()
    modify: tuple[Modify, ...] = ()

    @property
    def is_amendment(self) -> bool:
        return self.pack.based_on is not None

    @property
    def targets(self) -> list[str]:
        """The measures this amendment lifts, replaces or modifies, by id."""
        return [x.rule for x in self.lift] + [x.rule for x in self.replace] + [x.rule for x in self.modify]

    @model_validator(mode="before")
    @classmethod
    def _resolve_shared(cls, data: Any) -> Any:
        """Put the vocabulary's shared exceptions and wind-downs in place where rules name them."""
        if not isinstance(data, dict):
            return data
        vocabulary = data.get("vocabulary") or {}
        shared_exc = vocabulary.get("exceptions") or {}
        shared_wind = vocabulary.get("wind_downs") or {}
        rules = data.get("rule")
        if not isinstance(rules, list):
            return data
        resolved = []
        for rule in rules:
            if not isinstance(rule, dict):
                resolved.append(rule)
                continue
            rule = dict(rule)
            wind = rule.get("wind_down")
            if isinstance(wind, str):
                if wind not in shared_wind:
                    raise ValueError(f"rule '{rule.get('id')}': unknown wind-down '{wind}'")
                rule["wind_down"] = shared_wind[wind]
            excs = rule.get("exceptions")
            if isinstance(excs, list):
                out = []
                for exc in excs:
                    if isinstance(exc, str):
                        if exc not in shared_exc:
                            raise ValueError(f"rule '{rule.get('id')}': unknown exception '{exc}'")
                        out.append({"id": exc, **shared_exc[exc]})
                    else:
                        out.append(exc)
                rule["exceptions"] = out
            resolved.append(rule)
        return {**data, "rule": resolved}

    @model_validator(mode="after")
    def _consistent(self) -> RulePack:
        ids = [r.id for r in self.rule]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate rule ids: {', '.join(dupes)}")
        if self.pack.based_on is None:
            self._check_base(ids)
        else:
            self._check_amendment()
        return self

    def _check_base(self, ids: list[str]) -> None:
        if self.lift or self.add or self.replace or self.modify:
            raise ValueError("only an amendment (pack.based_on) may lift, add, replace or modify rules")
        if self.regime is not None and self.regime.status != "in force":
            raise ValueError(f"a base pack defines the measures in force, not a '{self.regime.status}'")
        known = set(ids)
        for exc in self.exception:
            missing = [r for r in exc.rules if r != "*" and r not in known]
            if missing:
                raise ValueError(f"exception '{exc.id}' names unknown rules: {', '.join(missing)}")
        for rule in self.rule:
            unknown = [t for t in rule.contract_types if t not in self.vocabulary.contract_types]
            if unknown:
                raise ValueError(f"rule '{rule.id}' uses contract types not in the vocabulary: {unknown}")
            lists = rule.goods.term_lists if rule.goods else ()
            missing = [t for t in lists if t not in self.vocabulary.terms]
            if missing:
                raise ValueError(f"rule '{rule.id}' names term lists not in the vocabulary: {missing}")

    def _check_amendment(self) -> None:
        if self.rule:
            raise ValueError(
                "an amendment does not define rules of its own: it lifts, adds ([[add]]), replaces or modifies them"
            )
        if "vocabulary" in self.model_fields_set:
            raise ValueError("an amendment uses the vocabulary of the regime it amends; it has none of its own")
        if self.regime is not None and self.regime.status == "in force":
            raise ValueError("an amendment is a proposal or a scenario, not the measures in force")
        targets = self.targets
        twice = sorted({t for t in targets if targets.count(t) > 1})
        if twice:
            raise ValueError(f"each measure is lifted, replaced or modified once; named twice: {', '.join(twice)}")
        new_ids = [r.id for r in self.add] + [r.by.id for r in self.replace if r.by.id != r.rule]
        twice = sorted({i for i in new_ids if new_ids.count(i) > 1})
        if twice:
            raise ValueError(f"duplicate ids of added or replacing rules: {', '.join(twice)}")


class LoadedPack(BaseModel):
    """A validated pack with where it came from, for reports: path and SHA-256 of the file."""

    model_config = ConfigDict(frozen=True)
    pack: RulePack
    path: str
    sha256: str


_ENTRIES = ("rule", "exception", "lift", "add", "replace", "modify")


def _line_of(text: str, table: str, nth: int | None) -> int | None:
    """The line of a table's header ([regime], or the nth [[add]]), for the error message."""
    if nth is None:
        pattern = rf"^[ \t]*\[[ \t]*{re.escape(table)}[ \t]*\]"
    else:
        pattern = rf"^[ \t]*\[\[[ \t]*{re.escape(table)}[ \t]*\]\]"
    found = list(re.finditer(pattern, text, re.MULTILINE))
    index = nth or 0
    if index >= len(found):
        # Written inline ("modify = [{ ... }]", as TOML writers do): the line of the key.
        found = list(re.finditer(rf"^[ \t]*{re.escape(table)}[ \t]*=", text, re.MULTILINE))
        index = 0
    if index >= len(found):
        return None
    return text.count("\n", 0, found[index].start()) + 1


def _locate(errors: list[Any], data: dict[str, Any], text: str) -> str:
    """Turn pydantic's first error location into "line 42, add 'tobacco-import', field 'goods.hs'"."""
    err = errors[0]
    loc = list(err["loc"])
    where = ""
    line: int | None = None
    if len(loc) >= 2 and loc[0] in _ENTRIES and isinstance(loc[1], int):
        entries = data.get(str(loc[0]), [])
        entry = entries[loc[1]] if loc[1] < len(entries) and isinstance(entries[loc[1]], dict) else {}
        entry_id = entry.get("id") or entry.get("rule")
        label = str(loc[0])
        where = f"{label} '{entry_id}'" if entry_id else f"{label} #{loc[1] + 1}"
        line = _line_of(text, str(loc[0]), loc[1])
        loc = loc[2:]
    elif loc and loc[0] in ("pack", "regime", "vocabulary"):
        # The deepest table the error is in that the file writes as a header ([vocabulary.target.links]).
        names = [str(p) for p in loc if not isinstance(p, int)]
        for depth in range(len(names), 0, -1):
            line = _line_of(text, ".".join(names[:depth]), None)
            if line is not None:
                break
    field = ".".join(str(p) for p in loc if not isinstance(p, int))
    parts = [p for p in (f"line {line}" if line else "", where, f"field '{field}'" if field else "") if p]
    return f"{', '.join(parts)}: {err['msg']}" if parts else err["msg"]


def load_pack(path: str | Path) -> LoadedPack:
    """Read and validate one rule pack; any problem is a RuleFileError naming file, rule and field."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleFileError(f"cannot read rule pack: {exc.strerror or exc}", path=str(path)) from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise RuleFileError("rule pack is not UTF-8 text", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"not valid TOML: {exc}", path=str(path)) from None
    try:
        pack = RulePack.model_validate(data)
    except ValidationError as exc:
        raise RuleFileError(_locate(exc.errors(), data, text), path=str(path)) from None
    return LoadedPack(pack=pack, path=str(path), sha256=hashlib.sha256(raw).hexdigest())
