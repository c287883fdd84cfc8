"""The report's parts as frozen values: header facts, summary figures, finding rows, decisions, appendix.

`compliance.outputs.report.model` fills them from a run; the desktop layer lays them out for print.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from compliance.outputs.report.text import Amount

DEFAULT_TITLE = "DPRK sanctions screening report"
Money = Amount
"""A sum of declared values in one currency ('' when the rows name none)."""
NOTICE = "This report supports, and does not replace, a legal judgement."
"""Said on every page, after the notice of each regime compared that is not law."""


@dataclass(frozen=True, slots=True)
class PackFacts:
    """One rule pack file: title, version and SHA-256."""

    title: str
    version: str
    sha256: str
    file: str


@dataclass(frozen=True, slots=True)
class RegimeFacts:
    """A regime compared: its name, version, hash, the packs it is built from, and its status note."""

    id: str
    title: str
    version: str
    sha256: str
    status_note: str | None
    packs: tuple[PackFacts, ...]
    label: str = ""
    """Its name in headings and columns ("US draft, May 2022 (vetoed; never adopted)")."""
    notice: str = ""
    """What must be said wherever its verdicts are shown ('' for the law in force)."""
    banner: str = ""
    """The notice in a few words, for the page footer when several regimes are compared."""


@dataclass(frozen=True, slots=True)
class SheetFacts:
    """A sheet of an input: where its header is and how many data rows were read (or why skipped)."""

    name: str
    header_row: int | None
    rows: int
    skipped: str | None
    notes: tuple[str, ...] = ()
    """What the importer found on reading it (mixed encodings, formulas, two columns for a field)."""


@dataclass(frozen=True, slots=True)
class InputFacts:
    """An input file: name, full path, SHA-256 and its sheets."""

    name: str
    path: str
    sha256: str
    sheets: tuple[SheetFacts, ...]


@dataclass(frozen=True, slots=True)
class DesignationFacts:
    """A designation list as reported: its file, date, hash and number of DPRK entries."""

    name: str
    generated: dt.date | None
    sha256: str
    entries: int


@dataclass(frozen=True, slots=True)
class Header:
    """What was screened, by whom, when, and under which rules."""

    title: str
    organisation: str
    officer: str
    generated_at: dt.datetime
    app_version: str
    as_of: dt.date | None
    inputs: tuple[InputFacts, ...]
    baseline: RegimeFacts
    alternative: RegimeFacts
    designations: tuple[DesignationFacts, ...] = ()
    """The designation lists screened against; empty when party screening was off."""
    thresholds: tuple[float, float] | None = None
    """(match, review) name-score thresholds, when party screening was on."""
    others: tuple[RegimeFacts, ...] = ()
    """Further alternatives screened in the same pass, compared with the baseline in the summary."""

    @property
    def regimes(self) -> tuple[RegimeFacts, ...]:
        """Every regime compared: the baseline, the alternative, then the further ones."""
        return (self.baseline, self.alternative, *self.others)


@dataclass(frozen=True, slots=True)
class ChangeGroup:
    """Rows the draft would change the same way because of the same measure(s)."""

    change: str
    measure: str
    rows: int
    values: tuple[Amount, ...]
    no_value: int
    """Rows in the group whose value could not be read."""


@dataclass(frozen=True, slots=True)
class AlternativeChanges:
    """What one alternative regime would change against the baseline: rows and declared value, by measure."""

    label: str
    notice: str
    relaxed: int
    tightened: int
    groups: tuple[ChangeGroup, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MeasureBar:
    """Rows a measure flags (prohibited or review) in force and under the draft, for the chart."""

    measure: str
    baseline: int
    alternative: int


@dataclass(frozen=True, slots=True)
class Summary:
    """Rows per status per regime, the draft's changes by measure, and the chart's figures."""

    rows: int
    baseline: dict[str, int]
    alternative: dict[str, int]
    relaxed: int
    tightened: int
    groups: tuple[ChangeGroup, ...]
    bars: tuple[MeasureBar, ...]
    sentences: tuple[str, ...]
    """'<alternative> would relax 25 rows worth USD 6.1 m: seafood 11, ...' per direction of change."""
    labels: tuple[str, ...] = ("Baseline", "Alternative")
    """Each regime's name, the baseline first, as the counts table heads its columns."""
    per_regime: tuple[dict[str, int], ...] = ()
    """Rows per status under each regime (baseline, alternative, further ones); empty: the pair's."""
    alternatives: tuple[AlternativeChanges, ...] = ()
    """Per alternative regime (the alternative first), what it would change against the baseline."""

    @property
    def counts(self) -> tuple[dict[str, int], ...]:
        """Rows per status under each regime compared."""
        return self.per_regime or (self.baseline, self.alternative)

    @property
    def changed(self) -> int:
        """Rows whose verdict the draft would change."""
        return self.relaxed + self.tightened


@dataclass(frozen=True, slots=True)
class VerdictCell:
    """A verdict as a report cell: status, the citations behind it, and measures the regime lifts."""

    status: str
    citations: tuple[str, ...]
    lifted: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FindingRow:
    """A prohibited, review or changed row: where it is, its key facts, both verdicts and why."""

    where: str
    reference: str
    kind: str
    key_fields: tuple[str, ...]
    baseline: VerdictCell
    alternative: VerdictCell
    change: str
    reasons: tuple[str, ...]
    questions: tuple[str, ...]
    measure: str
    """The measure(s) behind the draft's change ('' when the draft changes nothing)."""
    value: str
    number: int = 0
    """The row's number in the findings table, for cross-references."""
    shortened: bool = False
    """Some of the row's text (its reference, a quoted cell) is cut short here; the JSON and Excel keep it."""


@dataclass(frozen=True, slots=True)
class AppendixMeasure:
    """One measure applied: its citation, whether the paragraph is verified, HS basis, and the draft."""

    rule_id: str
    title: str
    measure: str
    citation: str
    paragraph_verified: bool
    adopted: dt.date
    hs_basis: str | None
    reason: str
    alternative: str | None
    """Why the draft lifts it, or None when the draft keeps it."""
    rows_current: int
    rows_draft: int


@dataclass(frozen=True, slots=True)
class AppendixException:
    """An exception a regime applies: its title, outcome, the measures it covers and why."""

    regime: str
    title: str
    outcome: str
    applies_to: str
    reason: str
    citation: str


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """An alert of a flagged row with the officer's decision beside it (or why the one taken lapsed)."""

    where: str
    reference: str
    answers: str
    """The measure's title and id, or the listing reference."""
    status: str
    decision: str
    """'cleared by A. Officer on 2026-12-05', or 'undecided'."""
    note: str
    lapsed: str = ""
    """Why an earlier decision no longer applies ('' when none lapsed)."""


@dataclass(frozen=True, slots=True)
class DecisionsPart:
    """The report's decisions section and sign-off block (present when screened with the decisions store)."""

    rows: tuple[DecisionRow, ...]
    alerted: int
    undecided: int
    lapsed: int
    prepared_by: str
    reviewed_by: str
    signed_on: dt.date


@dataclass(frozen=True, slots=True)
class Report:
    """The whole report: header, summary, findings (prohibited, review), changed rows, appendix."""

    header: Header
    summary: Summary
    findings: tuple[FindingRow, ...]
    changed: tuple[FindingRow, ...]
    measures: tuple[AppendixMeasure, ...]
    exceptions: tuple[AppendixException, ...]
    notice: str = NOTICE
    """The notice of each regime compared that is not law, then that the report supports a judgement."""
    decisions: DecisionsPart | None = None
    scope: str = ""
    """Which rows the report covers when not every row of the screening ('' for all): said on every page."""
    page_notice: str = ""
    """The notice as the page footer prints it, shortened when several regimes are compared ('' = notice)."""
