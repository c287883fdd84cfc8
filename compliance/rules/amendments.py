"""What an amendment does to the measures of the regime it amends, and how one rule changes.

An amendment (a proposal, or an analyst's scenario) names the regime it amends and, measure by
measure, lifts one (`[[lift]]`), adds a new one (`[[add]]`: a tightening), replaces one by another
(`[[replace]]`), or modifies one (`[[modify]]`: a cap, a date, a threshold, an outcome, its
exceptions). Pack-level `[[exception]]` tables add exemptions to named measures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, model_validator

from compliance.rules.schema import Cap, Exception_, Outcome, Rule, _Strict


class Lift(_Strict):
    """A measure an amendment would remove."""

    rule: str
    reason: str


class Replace(_Strict):
    """A measure an amendment would put in place of another (same id or a new one)."""

    rule: str
    change: str
    """What the amendment changes, in one line, with its source."""
    by: Rule


class Modify(_Strict):
    """Changes to one measure: each key given replaces the measure's own; the rest stays."""

    rule: str
    change: str
    """What the amendment changes, in one line, with its source."""
    title: str | None = None
    reason: str | None = None
    """The measure's new reason, shown on every hit (say what changed: "capped at 375,000 barrels")."""
    question: str | None = None
    outcome: Outcome | None = None
    cap: Cap | None = None
    in_force_from: dt.date | None = None
    """The day the modified measure applies from (its citation's `adopted`)."""
    in_force_until: dt.date | None = None
    unit_value_above_usd: float | None = Field(default=None, gt=0)
    """A luxury threshold: only goods worth more than this a unit are covered."""
    add_exceptions: tuple[Exception_, ...] = ()
    remove_exceptions: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _changes_something(self) -> Modify:
        if not self.model_fields_set - {"rule", "change"}:
            raise ValueError("a modification changes at least one key of the measure")
        return self


def modified(rule: Rule, mod: Modify) -> Rule:
    """The measure with the modification applied, validated again as a whole (a 'review' outcome
    still needs its question, a threshold still needs goods)."""
    data: dict[str, Any] = rule.model_dump(exclude_unset=True)
    for key in ("title", "reason", "question", "outcome", "in_force_until"):
        if key in mod.model_fields_set:
            data[key] = getattr(mod, key)
    if mod.cap is not None:
        data["cap"] = mod.cap.model_dump(exclude_unset=True)
    if mod.in_force_from is not None:
        data["citation"] = {**data["citation"], "adopted": mod.in_force_from}
    if mod.unit_value_above_usd is not None:
        if "goods" not in data:
            raise ValueError(f"modify '{rule.id}': a value threshold needs goods, and the measure has none")
        data["goods"] = {**data["goods"], "unit_value_above_usd": mod.unit_value_above_usd}
    if mod.remove_exceptions or mod.add_exceptions:
        own = [e for e in rule.exceptions if e.id not in mod.remove_exceptions]
        unknown = sorted(set(mod.remove_exceptions) - {e.id for e in rule.exceptions})
        if unknown:
            raise ValueError(f"modify '{rule.id}': the measure has no exception {', '.join(unknown)}")
        data["exceptions"] = [e.model_dump(exclude_unset=True) for e in (*own, *mod.add_exceptions)]
    return Rule.model_validate(data)


def rule_changes(old: Rule, new: Rule) -> list[tuple[str, Any, Any]]:
    """Field by field, what differs between two versions of a measure: (field path, old, new)."""
    out: list[tuple[str, Any, Any]] = []
    _compare("", old.model_dump(exclude_none=True), new.model_dump(exclude_none=True), out)
    return out


def _compare(prefix: str, old: Any, new: Any, out: list[tuple[str, Any, Any]]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in dict.fromkeys([*old, *new]):
            _compare(f"{prefix}.{key}" if prefix else str(key), old.get(key), new.get(key), out)
    elif old != new:
        out.append((prefix, old, new))
