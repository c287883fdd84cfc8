"""The decisions beside a screening's rows in the app, and the run's record in the decisions store.

`AppScreeningLog` does for the window what `screen` does on the command line: it opens the store on
the worker thread that screens, re-applies decisions to each row as it streams, and records the run
(officer, machine user, inputs, settings) when it ends, however it ends. What the window keeps is a
`LedgerDecisions`: per ledger row with an alert, its `RowDecisions`. No Qt here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Final

from compliance.decisions.book import Decision
from compliance.decisions.commands import ScreeningLog
from compliance.decisions.recorder import HitDecision, RowDecisions, lapse_reason, row_date
from compliance.model.results import Hit, RowResult
from compliance.model.status import Status
from compliance.run import ScreeningRun

DECISION_FILTERS: Final = ("undecided", "cleared", "blocked", "escalated")
"""The table's decision filter, in the order offered."""
_SEVERITY: Final = ("cleared", "escalated", "blocked")


@dataclass(frozen=True, slots=True)
class RunSettings:
    """Who screens, and the settings that bear on the verdicts, as the audit record keeps them."""

    officer: str
    settings: dict[str, Any] = field(default_factory=dict)


def alert_hits(result: RowResult) -> list[Hit]:
    """The row's review and prohibited hits, in force first, one per subject (as the recorder keys them)."""
    from compliance.decisions.subjects import hit_key

    seen: dict[tuple[str, str], Hit] = {}
    for hit in (*result.baseline.hits, *result.alternative.hits):
        if hit.status > Status.PERMITTED:
            seen.setdefault(hit_key(hit), hit)
    return list(seen.values())


class LedgerDecisions:
    """Per ledger row (its position in the table's model), the decisions beside its alerts."""

    def __init__(
        self, rows: dict[int, RowDecisions] | None = None, places: dict[tuple[str, int], int] | None = None
    ) -> None:
        self.rows: dict[int, RowDecisions] = dict(rows or {})
        self._places = dict(places or {})
        """(sheet, row number) -> ledger row, for the report and the workbook, which read results, not rows."""
        self._by_fingerprint: dict[str, list[int]] = {}
        for position, decisions in self.rows.items():
            self._by_fingerprint.setdefault(decisions.fingerprint, []).append(position)

    def __len__(self) -> int:
        return len(self.rows)

    def of(self, row: int) -> RowDecisions | None:
        """The row's decisions (None for a row without an alert)."""
        return self.rows.get(row)

    def state(self, row: int) -> str:
        """'undecided', or the gravest decision taken on the row ('blocked' over 'escalated' over 'cleared'); ''
        for a row without an alert."""
        decisions = self.rows.get(row)
        if decisions is None or not decisions.hits:
            return ""
        if decisions.undecided:
            return "undecided"
        taken = [h.decision.decision for h in decisions.hits.values() if h.decision is not None]
        return max(taken, key=_SEVERITY.index)

    def label(self, row: int) -> str:
        """What the table's Decision column says: 'cleared by A. Officer on 2026-12-05', 'undecided', or ''."""
        decisions = self.rows.get(row)
        if decisions is None:
            return ""
        text = decisions.label()
        lapsed = sum(1 for h in decisions.hits.values() if h.lapsed is not None and h.decision is None)
        if lapsed:
            text += " (a decision no longer applies)" if lapsed == 1 else f" ({lapsed} decisions no longer apply)"
        return text

    def rows_in(self, wanted: str) -> frozenset[int]:
        """Rows a decision filter lets through: any alert undecided, or any alert with that decision."""
        if wanted == "undecided":
            return frozenset(r for r, d in self.rows.items() if d.undecided)
        return frozenset(
            r for r, d in self.rows.items()
            if any(h.decision is not None and h.decision.decision == wanted for h in d.hits.values())
        )  # fmt: skip

    def decisions_of(self, result: RowResult) -> RowDecisions:
        """A row's decisions by its place in the ledger: what the report and the Excel export take as `decisions_of`
        (a row without an alert has none)."""
        row = self._places.get((result.source.sheet, result.source.row))
        found = self.rows.get(row) if row is not None else None
        return found if found is not None else RowDecisions("", None)

    def undecided_count(self) -> int:
        """Rows with an alert no decision answers."""
        return sum(1 for d in self.rows.values() if d.undecided)

    def record(self, fingerprint: str, subject: str, decision: Decision, on: dt.date | None = None) -> list[int]:
        """A decision just taken, beside every row with this content and alert; returns the rows it changed.

        `on`: the date the row is judged at, so an exemption already expired then shows as no longer applying.
        """
        changed = []
        for row in self._by_fingerprint.get(fingerprint, []):
            decisions = self.rows[row]
            hits = dict(decisions.hits)
            for key, beside in hits.items():
                if beside.subject.key != subject:
                    continue
                reason = lapse_reason(decision, beside.subject, on) if on is not None else None
                if reason is None:
                    hits[key] = HitDecision(beside.subject, decision=decision, new=beside.new)
                else:
                    hits[key] = HitDecision(beside.subject, lapsed=decision, lapsed_reason=reason, new=beside.new)
                changed.append(row)
            self.rows[row] = replace(decisions, hits=hits)
        return sorted(set(changed))


class AppScreeningLog:
    """One screening's record in the store, kept on the thread that screens (sqlite connections stay there).

    `start(run)` opens the store and the recorder; `add(position, result)` re-applies decisions to a row;
    `finish()` or `failed(outcome)` records the run and closes the store.
    """

    def __init__(self, path: str, spec: RunSettings) -> None:
        self.path = path
        self.spec = spec
        self.decisions = LedgerDecisions()
        self._log: ScreeningLog | None = None
        self._rows: dict[int, RowDecisions] = {}
        self._places: dict[tuple[str, int], int] = {}

    def start(self, run: ScreeningRun) -> None:
        """Open the store (on this thread) and begin re-applying decisions to the run's rows."""
        self.close()
        self._rows, self._places = {}, {}
        self._log = ScreeningLog([self.path], self.spec.officer, self.spec.settings)
        self._log.start(run)

    def add(self, position: int, result: RowResult) -> None:
        """Find the decisions beside one row's alerts (every row is noted: the next run's 'last time')."""
        recorder = self._log.recorder if self._log is not None else None
        assert recorder is not None, "start() first"
        found = recorder.annotate(result)
        if found.hits:
            self._rows[position] = found
            self._places[(result.source.sheet, result.source.row)] = position

    def finish(self) -> LedgerDecisions:
        """Record the completed run and close the store; the rows' decisions."""
        assert self._log is not None, "start() first"
        try:
            self._log.finish()
        finally:
            self.close()
        self.decisions = LedgerDecisions(self._rows, self._places)
        return self.decisions

    def end(self, cancelled: bool) -> None:
        """Record the run as completed, or as cancelled when it was stopped before its last row."""
        if cancelled:
            self.failed("cancelled")
        else:
            self.finish()

    def failed(self, outcome: str) -> str | None:
        """Record a run that did not complete; a warning line when even that could not be written."""
        if self._log is None:
            return None
        try:
            return self._log.failed(outcome)
        finally:
            self.close()

    def close(self) -> None:
        """Close the store, if open."""
        if self._log is not None:
            log, self._log = self._log, None
            log.close()


def verdict_settings(
    as_of: dt.date | None,
    overrides: dict[str, str] | None,
    lists: Iterable[str],
    thresholds: tuple[float, float] | None,
) -> dict[str, Any]:
    """The settings that bear on verdicts, as a run's record and a settings change name them."""
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "map": dict(overrides or {}),
        "designations": [str(p) for p in lists],
        "thresholds": {"match": thresholds[0], "review": thresholds[1]} if thresholds else None,
    }


def judged_on(result: RowResult, as_of: dt.date | None) -> dt.date:
    """The date a claimed exemption must cover for this row."""
    return row_date(result, as_of)


_RANKS: Final = {"": 0, "cleared": 1, "escalated": 2, "blocked": 3, "undecided": 4}
"""The Decision column's sort: rows without an alert, then cleared, escalated, blocked, and undecided last."""


def decision_cell(decisions: LedgerDecisions, row: int, tooltip: bool = False) -> str | None:
    """The Decision column's text for a row; its tooltip adds each alert's decision and why one lapsed."""
    text = decisions.label(row)
    if not tooltip:
        return text
    found = decisions.of(row)
    if found is None:
        return None
    lines = [text]
    for beside in found.hits.values():
        taken = beside.decision
        line = f"• {beside.subject.key}: {taken.label() if taken else 'undecided'}"
        if beside.lapsed is not None and taken is None:
            line += f" (the {beside.lapsed.decision} decision no longer applies: {beside.lapsed_reason})"
        lines.append(line)
    return "\n".join(lines)


def decision_ranks(decisions: LedgerDecisions) -> tuple[tuple[int, int], ...]:
    """(row, rank) of every row with an alert, for sorting by the Decision column."""
    return tuple(sorted((row, _RANKS[decisions.state(row)]) for row in decisions.rows))
