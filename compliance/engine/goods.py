"""Does a goods rule cover a row's goods? By HS code first, by the description when there is none.

A disagreement between code and description, a code too general to decide, an unusable code and a
luxury threshold that the row's figures cannot settle all give `review`, saying why.
"""

from __future__ import annotations

from dataclasses import dataclass

from compliance.model.results import Evidence
from compliance.normalise.hscodes import HsCode
from compliance.normalise.record import Record
from compliance.normalise.terms import words
from compliance.rules.packs import Goods, Rule

# Quantities in these units count pieces, so value / quantity is a price per piece.
_PIECE_UNITS = frozenset(
    {"pcs", "pc", "piece", "pieces", "unit", "units", "ea", "each", "nos", "no", "nr", "item", "items", "u"}
)


@dataclass(frozen=True, slots=True)
class GoodsMatch:
    """How a rule's goods matched: the evidence, and a reason to cap the outcome at review."""

    evidence: tuple[Evidence, ...]
    review_reason: str | None = None
    question: str | None = None


def _hs_evidence(hs: HsCode, written: str) -> Evidence:
    """The code as read, with the cell as written when they differ (a restored zero, dots)."""
    if hs.digits and written and written.replace(".", "").replace(" ", "") != hs.digits:
        return Evidence("hs_code", f"{hs.digits} (written {written})")
    return Evidence("hs_code", hs.digits or written)


def _unit_value(limit: float, rule: Rule, rec: Record, evidence: tuple[Evidence, ...]) -> GoodsMatch | None:
    """Apply a per-unit value threshold: above it the rule applies, at or below it does not."""
    unit = rec.text("unit")
    if unit and not set(words(unit)) <= _PIECE_UNITS:
        return GoodsMatch(
            (*evidence, Evidence("unit", unit)),
            f"Only goods worth more than USD {limit:,.0f} per piece are covered, and the quantity is "
            f"counted in '{unit}', not pieces.",
            rule.question,
        )
    if rec.value is not None and rec.quantity and rec.quantity > 0 and rec.currency == "USD":
        per_unit = rec.value / rec.quantity
        shown = Evidence("value", f"USD {per_unit:,.2f} per unit ({rec.text('value')} / {rec.text('quantity')})")
        return GoodsMatch((*evidence, shown)) if per_unit > limit else None
    if rec.value is not None and rec.currency not in (None, "USD"):
        missing = f"the value is in {rec.currency}, not USD"
    elif rec.value is not None and rec.quantity and rec.currency is None:
        missing = "the row does not say the value's currency"
    else:
        missing = "the row does not give both value and quantity"
    return GoodsMatch(
        evidence,
        f"Only goods worth more than USD {limit:,.0f} per unit are covered, and {missing}.",
        rule.question,
    )


def match_goods(rule: Rule, rec: Record, described: str | None) -> GoodsMatch | None:
    """Match a goods rule against the row; `described` is the description phrase that named it."""
    goods: Goods | None = rule.goods
    if goods is None:
        return None
    hs = rec.hs
    desc = (Evidence("description", rec.text("description")),) if described else ()
    match: GoodsMatch | None = None
    if not goods.hs:
        match = GoodsMatch(desc) if described else None
    elif hs is not None and hs.digits:
        code = hs.digits
        if any(code.startswith(p) for p in goods.hs) and not any(code.startswith(p) for p in goods.hs_exclude):
            if goods.hs_alone_question and not described and any(code.startswith(p) for p in goods.hs_ordinary):
                match = GoodsMatch(
                    (_hs_evidence(hs, rec.text("hs_code")),),
                    f"HS {code} also covers ordinary goods, and the description does not say which these are.",
                    goods.hs_alone_question,
                )
            else:
                match = GoodsMatch((_hs_evidence(hs, rec.text("hs_code")), *desc))
        elif any(p.startswith(code) for p in goods.hs) and described:
            # A code too general on its own ("8703"), and a description that names the goods.
            match = GoodsMatch((_hs_evidence(hs, rec.text("hs_code")), *desc))
        elif any(p.startswith(code) for p in goods.hs):
            match = GoodsMatch(
                (_hs_evidence(hs, rec.text("hs_code")),),
                f"HS {code} is too general to tell whether the goods are covered "
                f"(this measure covers {', '.join(p for p in goods.hs if p.startswith(code))}).",
                "What is the full HS code of the goods?",
            )
        elif described and any(code.startswith(p) for p in goods.hs_if_described):
            match = GoodsMatch((_hs_evidence(hs, rec.text("hs_code")), *desc))
        elif described:
            match = GoodsMatch(
                (_hs_evidence(hs, rec.text("hs_code")), *desc),
                f"HS {code} is outside this measure, but the description says '{described}': check the classification.",
                f"Are the goods really HS {code}, or are they covered by this measure?",
            )
    elif hs is not None and not hs.valid:
        if described:
            match = GoodsMatch(
                (Evidence("hs_code", hs.raw), *desc),
                f"The HS code '{hs.raw}' is unusable ({hs.problem}); the description says '{described}'.",
                "What are the goods, and what is their correct HS code?",
            )
    elif described:
        match = GoodsMatch(desc)
    if match is not None and goods.unit_value_above_usd is not None and match.review_reason is None:
        return _unit_value(goods.unit_value_above_usd, rule, rec, match.evidence)
    return match
