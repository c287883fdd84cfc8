"""A screening run: inputs opened, rows screened under both regimes, counts kept as results stream.

The CLI and the GUI both go through `ScreeningRun`, so a verdict never differs between them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance.designations.parties import OFF_NOTICE, PartyScreening
from compliance.engine.evaluate import screen
from compliance.intake.importer import OpenedInput, open_input
from compliance.model.results import PERMITTED, RowResult
from compliance.model.status import STATUSES, Status
from compliance.rules.regime import Regime, load_regimes

SCHEMA = "sanctions-desk/screening/v1"
_PERMITTED = PERMITTED.status.value


@dataclass(slots=True)
class Tally:
    """Rows per status per regime, and how many the draft would change, counted as rows stream by."""

    current: dict[str, int] = field(default_factory=lambda: {str(s): 0 for s in STATUSES})
    draft: dict[str, int] = field(default_factory=lambda: {str(s): 0 for s in STATUSES})
    relaxed: int = 0
    tightened: int = 0
    rows: int = 0

    def add(self, result: RowResult) -> None:
        """Count one row."""
        self.rows += 1
        if result.current is PERMITTED and result.draft is PERMITTED:
            # Most rows: counted without looking their statuses up.
            self.current[_PERMITTED] += 1
            self.draft[_PERMITTED] += 1
            return
        self.current[result.current.status.value] += 1
        self.draft[result.draft.status.value] += 1
        change = result.change
        if change == "relaxed":
            self.relaxed += 1
        elif change == "tightened":
            self.tightened += 1

    @property
    def changed(self) -> int:
        """Rows whose verdict the draft would change."""
        return self.relaxed + self.tightened

    def as_json(self) -> dict[str, Any]:
        """The summary in the screening JSON's shape."""
        return {
            "current": dict(self.current),
            "draft": dict(self.draft),
            "changed": self.changed,
            "relaxed": self.relaxed,
            "tightened": self.tightened,
            "rows": self.rows,
        }


def regime_json(regime: Regime) -> dict[str, Any]:
    """A regime as the JSON and reports describe it: id, title, version, file hash."""
    out: dict[str, Any] = {
        "id": regime.id,
        "title": regime.title,
        "version": regime.version,
        "sha256": regime.sha256,
        "path": Path(regime.path).name,
    }
    if regime.status_note:
        out["status_note"] = regime.status_note
    if len(regime.packs) > 1:
        base = regime.packs[0]
        out["based_on"] = {"id": base.pack.pack.id, "version": base.pack.pack.version, "sha256": base.sha256}
    return out


def input_json(opened: OpenedInput) -> dict[str, Any]:
    """An input as the JSON describes it: path, hash, and each sheet's header row and mapping, the
    columns that give a field twice, and the notes on how it was read."""
    return {
        "path": opened.path,
        "sha256": opened.sha256,
        "sheets": [
            {
                "name": s.name,
                "header_row": s.header_row,
                "rows": s.rows,
                "mapping": dict(s.mapping),
                **({"skipped": s.skipped} if s.skipped else {}),
                **({"unmapped": list(s.unmapped)} if s.unmapped else {}),
                **({"duplicates": {k: list(v) for k, v in s.duplicates.items()}} if s.duplicates else {}),
                **({"notes": list(s.notes)} if s.notes else {}),
            }
            for s in opened.sheets
        ],
    }


@dataclass(slots=True)
class ScreeningRun:
    """One screening of one or more inputs under the measures in force and the draft."""

    inputs: list[OpenedInput]
    current: Regime
    draft: Regime
    as_of: dt.date | None = None
    parties: PartyScreening | None = None
    tally: Tally = field(default_factory=Tally)

    def results(self, cancelled: Callable[[], bool] | None = None) -> Iterator[RowResult]:
        """Screen every input's rows in order, counting as they go; stops early when cancelled()."""
        for opened in self.inputs:
            for result in screen(opened.rows(), self.current, self.draft, self.as_of, self.parties):
                self.tally.add(result)
                yield result
                if cancelled is not None and cancelled():
                    return

    def header_json(self) -> dict[str, Any]:
        """The JSON keys known before any row is screened."""
        return {
            "schema": SCHEMA,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "regimes": [regime_json(self.current), regime_json(self.draft)],
            "party_screening": self.parties.as_json() if self.parties else {"off": OFF_NOTICE},
        }

    def footer_json(self) -> dict[str, Any]:
        """The JSON keys known once every row is screened: inputs with row counts, and the summary."""
        return {"inputs": [input_json(i) for i in self.inputs], "summary": self.tally.as_json()}


def start_run(
    paths: Sequence[str | Path],
    *,
    rules_dir: str | Path,
    as_of: dt.date | None = None,
    sheet: str | None = None,
    overrides: Mapping[str, str] | None = None,
    keep_cells: bool = False,
    regimes: tuple[Regime, Regime] | None = None,
    parties: PartyScreening | None = None,
    left_out: Iterable[str] = (),
) -> ScreeningRun:
    """Load the regimes and open every input (checking each before any row is screened)."""
    current, draft = regimes or load_regimes(rules_dir)
    inputs = [open_input(p, sheet=sheet, overrides=overrides, keep_cells=keep_cells, left_out=left_out) for p in paths]
    return ScreeningRun(inputs, current, draft, as_of, parties)


def status_counts_line(counts: Mapping[str, int]) -> str:
    """'3 prohibited, 5 review, 40 permitted'."""
    return ", ".join(f"{counts[str(s)]} {s}" for s in STATUSES)


__all__ = ["SCHEMA", "ScreeningRun", "Status", "Tally", "start_run", "status_counts_line"]
