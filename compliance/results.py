"""What screening produces: findings (hits) with their evidence, verdicts per regime, row results.

Every verdict carries its evidence, so the table, the detail pane, the JSON and the report read it
and never recompute it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from compliance.records import SourceRow
from compliance.rules import Citation, Rule
from compliance.status import Status

Change = Literal["relaxed", "tightened", "unchanged"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """The field and the value as written in the row that made a finding."""

    field: str
    value: str


@dataclass(frozen=True, slots=True)
class Hit:
    """One finding: a measure (or a data check) that bears on the row, and what it means here."""

    rule_id: str
    status: Status
    reason: str
    evidence: tuple[Evidence, ...]
    rule: Rule | None = None
    """None for a data check (an unusable HS code on a DPRK-linked row), which cites no measure."""
    question: str | None = None
    exception: str | None = None
    """Id of the exception that changed the outcome, if any."""
    lifted: bool = False
    """True when the regime (the draft) would lift this measure."""
    citation: Citation | None = None
    heading: str = "Data check"
    """Title of a finding that is not a rule of a pack (a data check, a designated party)."""
    group: str = "data quality"
    """Measure family of such a finding."""

    @property
    def title(self) -> str:
        """The measure's title, or the finding's own heading."""
        return self.rule.title if self.rule else self.heading

    @property
    def measure(self) -> str:
        """The measure family officers group by."""
        return self.rule.measure if self.rule else self.group

    def citation_text(self) -> str:
        """'UNSCR 2371 (2017) OP9, unverified', or '' for a data check."""
        return self.citation.text() if self.citation else ""

    def as_json(self) -> dict[str, Any]:
        """The hit in the screening JSON's shape."""
        out: dict[str, Any] = {"rule": self.rule_id, "status": str(self.status)}
        if self.citation:
            c = self.citation
            out.update(
                resolution=c.resolution,
                year=c.year,
                paragraph=c.paragraph,
                paragraph_verified=c.paragraph_verified,
                adopted=c.adopted.isoformat(),
                citation=c.text(),
            )
        out["title"] = self.title
        out["measure"] = self.measure
        out["reason"] = self.reason
        if self.question:
            out["question"] = self.question
        if self.exception:
            out["exception"] = self.exception
        if self.lifted:
            out["lifted"] = True
        out["evidence"] = [{"field": e.field, "value": e.value} for e in self.evidence]
        return out


@dataclass(frozen=True, slots=True)
class Verdict:
    """A row's status under one regime: the worst of its hits (permitted with none)."""

    status: Status
    hits: tuple[Hit, ...]

    def as_json(self) -> dict[str, Any]:
        """The verdict in the screening JSON's shape."""
        if not self.hits:
            return {"status": self.status.value, "hits": []}
        return {"status": self.status.value, "hits": [h.as_json() for h in self.hits]}


PERMITTED = Verdict(Status.PERMITTED, ())
_RANK = {Status.PERMITTED: 0, Status.REVIEW: 1, Status.PROHIBITED: 2}


@dataclass(frozen=True, slots=True)
class RowResult:
    """A screened row: where it is, and its verdict under the measures in force and the draft."""

    source: SourceRow
    reference: str
    kind: str
    current: Verdict
    draft: Verdict
    notes: tuple[str, ...] = ()
    """Data-quality remarks that did not change a verdict (e.g. a restored HS leading zero)."""

    @property
    def change(self) -> Change:
        """How the draft would change the verdict."""
        if self.draft is self.current:
            return "unchanged"
        return change_between(self.current.status, self.draft.status)

    def as_json(self) -> dict[str, Any]:
        """The row in the screening JSON's shape."""
        out: dict[str, Any] = {
            "input": self.source.input,
            "sheet": self.source.sheet,
            "row": self.source.row,
            "reference": self.reference,
            "kind": self.kind,
            "current": self.current.as_json(),
            "draft": self.draft.as_json(),
            "change": self.change,
        }
        if self.notes:
            out["notes"] = list(self.notes)
        return out


def change_between(current: Status, draft: Status) -> Change:
    """'relaxed' when the draft is milder, 'tightened' when harsher, else 'unchanged'."""
    now, then = _RANK[current], _RANK[draft]
    if then < now:
        return "relaxed"
    if then > now:
        return "tightened"
    return "unchanged"
