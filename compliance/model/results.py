"""What screening produces: findings (hits) with their evidence, verdicts per regime, row results.

Every verdict carries its evidence, so the table, the detail pane, the JSON and the report read it
and never recompute it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from compliance.model.fingerprint import row_fingerprint
from compliance.model.source_row import SourceRow
from compliance.model.status import Status

if TYPE_CHECKING:  # the rule packs build on this module; a hit only refers to its rule
    from compliance.rules.packs import Citation, Rule

Change = Literal["relaxed", "tightened", "unchanged"]
HitKind = Literal["measure", "designated party", "data quality"]


@dataclass(frozen=True, slots=True)
class Qualifier:
    """Something about this row that changes how a measure's reason reads: a wind-down, an ambiguous
    'Korea', a code too general, a figure above a cap. Kept as data; outputs render it."""

    text: str
    before: bool = False
    """True for a condition the reason rests on ("If 'Korea' means the DPRK:"), shown before it."""


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
    base_reason: str
    """Why the measure (or check) bears on rows like this one, before this row's qualifiers."""
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
    qualifiers: tuple[Qualifier, ...] = ()
    """What about this row qualifies the base reason (dates, ambiguity, caps, classification)."""

    @property
    def reason(self) -> str:
        """The reason as an officer reads it: the qualifiers it rests on, the base reason, the rest."""
        before = [q.text for q in self.qualifiers if q.before]
        after = [q.text for q in self.qualifiers if not q.before]
        return " ".join([*before, self.base_reason, *after])

    @property
    def kind(self) -> HitKind:
        """A measure of a rule pack, a designated party or vessel, or a data-quality check."""
        if self.rule is not None:
            return "measure"
        return "designated party" if self.group == "designations" else "data quality"

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
        out: dict[str, Any] = {"rule": self.rule_id, "status": str(self.status), "kind": self.kind}
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
        if self.qualifiers:
            out["base_reason"] = self.base_reason
            out["qualifiers"] = [q.text for q in self.qualifiers]
        if self.question:
            out["question"] = self.question
        if self.exception:
            out["exception"] = self.exception
        if self.lifted:
            out["lifted"] = True
        out["evidence"] = [{"field": e.field, "value": e.value} for e in self.evidence]
        return out


@dataclass(frozen=True, slots=True)
class RuledOut:
    """A measure that could have borne on a DPRK-tied row, and why it does not."""

    rule_id: str
    why: str


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


@dataclass(frozen=True, slots=True)
class RowResult:
    """A screened row: where it is, and its verdict under each regime screened, in the run's order.

    The first regime is the baseline, the second the alternative it is compared with (by default the
    measures in force and the 2019 draft); further regimes follow.
    """

    source: SourceRow
    reference: str
    kind: str
    verdicts: tuple[Verdict, ...]
    notes: tuple[str, ...] = ()
    """Data-quality remarks that did not change a verdict (e.g. a restored HS leading zero)."""
    ruled_out: tuple[RuledOut, ...] = ()
    """For a row tied to the DPRK: each measure that could bear on it and does not, with why."""

    @property
    def fingerprint(self) -> str:
        """The row's content fingerprint (its normalised screened fields), what decisions are keyed to."""
        return row_fingerprint(self.source.fields)

    @property
    def baseline(self) -> Verdict:
        """The verdict under the baseline regime (the first screened)."""
        return self.verdicts[0]

    @property
    def alternative(self) -> Verdict:
        """The verdict under the alternative regime (the second screened; the baseline's when alone)."""
        return self.verdicts[1] if len(self.verdicts) > 1 else self.verdicts[0]

    def change_to(self, alternative: int, baseline: int = 0) -> Change:
        """How the verdict under regime `alternative` differs from the one under `baseline`."""
        before, after = self.verdicts[baseline], self.verdicts[alternative]
        if after is before:
            return "unchanged"
        return change_between(before.status, after.status)

    @property
    def change(self) -> Change:
        """How the alternative would change the baseline's verdict."""
        return self.change_to(1) if len(self.verdicts) > 1 else "unchanged"

    def as_json(self, regime_ids: Sequence[str] = ()) -> dict[str, Any]:
        """The row in the screening JSON's shape: `current`, `draft` and `change` as in version 1 (the
        baseline's and the alternative's verdicts), then `verdicts` keyed by regime id when given."""
        out: dict[str, Any] = {
            "input": self.source.input,
            "sheet": self.source.sheet,
            "row": self.source.row,
            "reference": self.reference,
            "kind": self.kind,
            "fingerprint": self.fingerprint,
            "current": self.baseline.as_json(),
            "draft": self.alternative.as_json(),
            "change": self.change,
        }
        if regime_ids:
            out["verdicts"] = {i: v.as_json() for i, v in zip(regime_ids, self.verdicts, strict=True)}
        if self.notes:
            out["notes"] = list(self.notes)
        if self.ruled_out:
            out["ruled_out"] = [{"rule": r.rule_id, "why": r.why} for r in self.ruled_out]
        return out


def change_between(current: Status, draft: Status) -> Change:
    """'relaxed' when the draft is milder, 'tightened' when harsher, else 'unchanged'."""
    now, then = current.rank, draft.rank
    if then < now:
        return "relaxed"
    if then > now:
        return "tightened"
    return "unchanged"
