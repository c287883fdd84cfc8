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
from compliance.model.results import PERMITTED, RowResult, change_between
from compliance.model.status import STATUSES, Status
from compliance.rules.catalog import load_regimes
from compliance.rules.regime import Regime

SCHEMA = "sanctions-desk/screening/v2"
_PERMITTED = PERMITTED.status.value


def _zero() -> dict[str, int]:
    return {str(s): 0 for s in STATUSES}


@dataclass(slots=True)
class Tally:
    """Rows per status under each regime screened, and how each alternative would change the
    baseline's verdicts, counted as rows stream by."""

    regimes: int = 2
    per_regime: list[dict[str, int]] = field(default_factory=list)
    relaxed_by: list[int] = field(default_factory=list)
    """Per regime: rows it would relax against the baseline (0 for the baseline itself)."""
    tightened_by: list[int] = field(default_factory=list)
    rows: int = 0

    def __post_init__(self) -> None:
        while len(self.per_regime) < self.regimes:
            self.per_regime.append(_zero())
        self.relaxed_by = self.relaxed_by or [0] * self.regimes
        self.tightened_by = self.tightened_by or [0] * self.regimes

    def add(self, result: RowResult) -> None:
        """Count one row."""
        self.rows += 1
        first = result.verdicts[0]
        if first is PERMITTED and all(v is PERMITTED for v in result.verdicts):
            # Most rows: counted without looking their statuses up.
            for counts in self.per_regime:
                counts[_PERMITTED] += 1
            return
        for i, verdict in enumerate(result.verdicts):
            self.per_regime[i][verdict.status.value] += 1
            if i and verdict is not first:
                change = change_between(first.status, verdict.status)
                if change == "relaxed":
                    self.relaxed_by[i] += 1
                elif change == "tightened":
                    self.tightened_by[i] += 1

    @property
    def baseline(self) -> dict[str, int]:
        """Rows per status under the baseline."""
        return self.per_regime[0]

    @property
    def alternative(self) -> dict[str, int]:
        """Rows per status under the alternative (the second regime screened)."""
        return self.per_regime[1 if self.regimes > 1 else 0]

    @property
    def relaxed(self) -> int:
        """Rows the alternative would relax."""
        return self.relaxed_by[1] if self.regimes > 1 else 0

    @property
    def tightened(self) -> int:
        """Rows the alternative would tighten."""
        return self.tightened_by[1] if self.regimes > 1 else 0

    @property
    def changed(self) -> int:
        """Rows whose verdict the alternative would change."""
        return self.relaxed + self.tightened

    def as_json(self, regime_ids: Sequence[str] = ()) -> dict[str, Any]:
        """The summary in the screening JSON's shape (v1's keys, then per regime by id when given)."""
        out: dict[str, Any] = {
            "current": dict(self.baseline),
            "draft": dict(self.alternative),
            "changed": self.changed,
            "relaxed": self.relaxed,
            "tightened": self.tightened,
            "rows": self.rows,
        }
        if regime_ids:
            out["regimes"] = {
                regime_id: {
                    "counts": dict(self.per_regime[i]),
                    "relaxed": self.relaxed_by[i],
                    "tightened": self.tightened_by[i],
                }
                for i, regime_id in enumerate(regime_ids)
            }
        return out


def regime_roles(count: int) -> tuple[str, ...]:
    """What each regime of a screening is: the baseline, the alternative, then further alternatives."""
    return ("baseline", "alternative", *(["other"] * max(0, count - 2)))[:count]


def regime_json(regime: Regime, role: str | None = None) -> dict[str, Any]:
    """A regime as the JSON and reports describe it: id, role, label, legal status, notice, file hash."""
    out: dict[str, Any] = {"id": regime.id}
    if role is not None:
        out["role"] = role
    out.update({"title": regime.title, "version": regime.version, "sha256": regime.sha256})
    out["path"] = Path(regime.path).name
    declared = regime.declared
    if declared is not None:
        out.update(
            {
                "label": declared.label,
                "status": declared.status,
                "date": declared.date.isoformat(),
                "notice": declared.notice,
            }
        )
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
    """One screening of one or more inputs under several regimes: the first is the baseline, the
    second the alternative it is compared with, any further ones follow."""

    inputs: list[OpenedInput]
    regimes: tuple[Regime, ...]
    as_of: dt.date | None = None
    parties: PartyScreening | None = None
    tally: Tally = field(default_factory=Tally)

    def __post_init__(self) -> None:
        if self.tally.regimes != len(self.regimes):
            self.tally = Tally(regimes=len(self.regimes))

    @property
    def baseline(self) -> Regime:
        return self.regimes[0]

    @property
    def alternative(self) -> Regime:
        return self.regimes[1] if len(self.regimes) > 1 else self.regimes[0]

    @property
    def regime_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.regimes)

    def results(self, cancelled: Callable[[], bool] | None = None) -> Iterator[RowResult]:
        """Screen every input's rows in order, counting as they go; stops early when cancelled()."""
        for opened in self.inputs:
            for result in screen(opened.rows(), self.regimes, self.as_of, self.parties):
                self.tally.add(result)
                yield result
                if cancelled is not None and cancelled():
                    return

    def header_json(self) -> dict[str, Any]:
        """The JSON keys known before any row is screened."""
        return {
            "schema": SCHEMA,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "regimes": [
                regime_json(r, role) for r, role in zip(self.regimes, regime_roles(len(self.regimes)), strict=True)
            ],
            "party_screening": self.parties.as_json() if self.parties else {"off": OFF_NOTICE},
        }

    def footer_json(self) -> dict[str, Any]:
        """The JSON keys known once every row is screened: inputs with row counts, and the summary."""
        return {"inputs": [input_json(i) for i in self.inputs], "summary": self.tally.as_json(self.regime_ids)}


def start_run(
    paths: Sequence[str | Path],
    *,
    rules_dir: str | Path,
    as_of: dt.date | None = None,
    sheet: str | None = None,
    overrides: Mapping[str, str] | None = None,
    keep_cells: bool = False,
    regimes: Sequence[Regime] | None = None,
    parties: PartyScreening | None = None,
    left_out: Iterable[str] = (),
) -> ScreeningRun:
    """Load the regimes (by default the measures in force and the 2019 draft) and open every input
    (checking each before any row is screened)."""
    chosen = tuple(regimes) if regimes else load_regimes(rules_dir)
    inputs = [open_input(p, sheet=sheet, overrides=overrides, keep_cells=keep_cells, left_out=left_out) for p in paths]
    return ScreeningRun(inputs, chosen, as_of, parties)


def status_counts_line(counts: Mapping[str, int]) -> str:
    """'3 prohibited, 5 review, 40 permitted'."""
    return ", ".join(f"{counts[str(s)]} {s}" for s in STATUSES)


__all__ = ["SCHEMA", "ScreeningRun", "Status", "Tally", "start_run", "status_counts_line"]
