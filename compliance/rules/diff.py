"""What differs between two regimes, measure by measure, as plain data for `regimes show`,
`regimes diff` and the Regimes window: lifted, restored, added, dropped, replaced, modified, and
exemptions added or dropped, each with the old and new value of every field that changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from compliance.rules.amendments import rule_changes
from compliance.rules.packs import Rule
from compliance.rules.regime import Regime

ChangeKind = Literal[
    "lifted", "restored", "added", "dropped", "replaced", "modified", "exemption added", "exemption dropped"
]


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a measure, before and after ('cap.limits': '4,000,000 bbl or 525,000 t' -> ...)."""

    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class MeasureChange:
    """One measure that differs between the two regimes."""

    kind: ChangeKind
    rule: str
    """The measure's id (under the first regime, for one dropped or replaced)."""
    title: str
    citation: str
    detail: str
    """Why: the lift's reason, the amendment's change line, the added rule's reason, the exemption."""
    by: str | None = None
    """For a replaced measure: the id of the one replacing it."""
    fields: tuple[FieldChange, ...] = ()

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "rule": self.rule, "title": self.title, "citation": self.citation}
        out["detail"] = self.detail
        if self.by:
            out["by"] = self.by
        if self.fields:
            out["fields"] = [{"field": f.field, "old": f.old, "new": f.new} for f in self.fields]
        return out


@dataclass(frozen=True, slots=True)
class RegimeDiff:
    """Regime `a` (the baseline) against regime `b` (the alternative)."""

    a: str
    b: str
    changes: tuple[MeasureChange, ...]

    def of_kind(self, kind: ChangeKind) -> tuple[MeasureChange, ...]:
        return tuple(c for c in self.changes if c.kind == kind)

    def as_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "changes": [c.as_json() for c in self.changes]}


def regime_id(regime: Regime) -> str:
    return regime.declared.id if regime.declared else regime.id


def _show(value: Any) -> str:
    """A field's value as an officer reads it."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int | float):
        return f"{value:,}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        if set(value) >= {"amount", "unit"}:
            return f"{_show(value['amount'])} {value['unit']}"
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, dict) and "amount" in v for v in value):
            return " or ".join(_show(v) for v in value)
        if value and all(isinstance(v, dict) and "id" in v for v in value):
            return ", ".join(str(v["id"]) for v in value)
        return ", ".join(_show(v) for v in value)
    return str(value)


def _fields(old: Rule, new: Rule) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(path, _show(o), _show(n)) for path, o, n in rule_changes(old, new))


def _measures(regime: Regime) -> dict[str, int]:
    return {regime.book.rules[i].id: i for i in sorted(regime.active)}


def _exemptions(regime: Regime, index: int) -> dict[str, str]:
    """The exemptions the packs add to one measure (its own exceptions show as field changes)."""
    own = {e.id for e in regime.book.rules[index].exceptions}
    return {c.exception.id: c.exception.title for c in regime.exceptions[index] if c.exception.id not in own}


def _change(kind: ChangeKind, rule: Rule, detail: str, **more: Any) -> MeasureChange:
    return MeasureChange(kind, rule.id, rule.title, rule.citation.text(), detail, **more)


def diff_regimes(a: Regime, b: Regime) -> RegimeDiff:
    """Measure by measure, what regime `b` changes against regime `a`."""
    in_a, in_b = _measures(a), _measures(b)
    rule_a = {k: a.book.rules[i] for k, i in in_a.items()}
    rule_b = {k: b.book.rules[i] for k, i in in_b.items()}
    changes: list[MeasureChange] = []
    only_b = [k for k in in_b if k not in in_a]
    for key, i in in_a.items():
        old = rule_a[key]
        if key not in in_b:
            # Replaced under another id: by `b`, or `a` is the one that replaced `b`'s measure.
            partner = b.replaced.get(key) or next((k for k in only_b if a.replaced.get(k) == key), None)
            if partner is not None and partner in only_b:
                only_b.remove(partner)
                detail = b.amended.get(partner, "") or a.amended.get(key, "")
                changes.append(_change("replaced", old, detail, by=partner, fields=_fields(old, rule_b[partner])))
            else:
                changes.append(_change("dropped", old, a.amended.get(key, "not a measure of the second regime")))
            continue
        new = rule_b[key]
        if key in b.lifted and key not in a.lifted:
            changes.append(_change("lifted", old, b.lifted[key]))
        elif key in a.lifted and key not in b.lifted:
            changes.append(_change("restored", new, f"lifted by the first regime: {a.lifted[key]}"))
        if new != old:
            detail = b.amended.get(key) or a.amended.get(key, "")
            changes.append(_change("modified", new, detail, fields=_fields(old, new)))
        ex_a, ex_b = _exemptions(a, i), _exemptions(b, in_b[key])
        changes.extend(_change("exemption added", new, title) for e, title in ex_b.items() if e not in ex_a)
        changes.extend(_change("exemption dropped", old, title) for e, title in ex_a.items() if e not in ex_b)
    changes.extend(_change("added", rule_b[k], rule_b[k].reason) for k in only_b)
    return RegimeDiff(regime_id(a), regime_id(b), tuple(changes))
