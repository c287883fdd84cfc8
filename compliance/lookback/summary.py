"""summary.json: rows per status per regime, what the alternative would change, per input, and failures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Final

from compliance import __version__
from compliance.designations.parties import OFF_NOTICE
from compliance.lookback.context import Context
from compliance.lookback.partitions import InputPlan
from compliance.model.status import STATUSES
from compliance.run import regime_json

SCHEMA: Final = "sanctions-desk/lookback/v1"


def _counts() -> dict[str, int]:
    return {s.value: 0 for s in STATUSES}


class _Totals:
    """Counts summed over partitions (for the whole run, or for one input)."""

    def __init__(self, others: tuple[str, ...]) -> None:
        self.rows = self.relaxed = self.tightened = self.value_unknown = 0
        self.baseline, self.alternative = _counts(), _counts()
        self.others = {regime: _counts() for regime in others}
        self.value_changed: defaultdict[str, float] = defaultdict(float)
        self.sheets: defaultdict[str, int] = defaultdict(int)

    def add(self, stats: dict[str, Any]) -> None:
        self.rows += stats["rows"]
        self.relaxed += stats["relaxed"]
        self.tightened += stats["tightened"]
        self.value_unknown += stats["value_changed_unknown"]
        for target, given in ((self.baseline, stats["current"]), (self.alternative, stats["draft"])):
            for status, count in given.items():
                target[status] += count
        for regime, given in stats["others"].items():
            for status, count in given.items():
                self.others.setdefault(regime, _counts())[status] += count
        for currency, amount in stats["value_changed"].items():
            self.value_changed[currency] += amount
        for sheet, rows in stats["sheets"].items():
            self.sheets[sheet] += rows

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "current": self.baseline,
            "draft": self.alternative,
            **({"others": self.others} if self.others else {}),
            "changed": self.relaxed + self.tightened,
            "relaxed": self.relaxed,
            "tightened": self.tightened,
            "value_changed": {c: round(a, 2) for c, a in sorted(self.value_changed.items())},
            "value_changed_unknown": self.value_unknown,
        }


class Summary:
    """The run's counts as partitions finish (or are found committed by an earlier run)."""

    def __init__(self, context: Context, as_of: dt.date | None) -> None:
        self.context = context
        self.as_of = as_of
        self.others = tuple(r.id for r in context.others)
        self.total = _Totals(self.others)
        self.per_input: dict[str, _Totals] = {}
        self.failures: list[dict[str, Any]] = []
        self.partitions = 0
        self.resumed = 0
        self.resumed_rows = 0

    def add(self, stats: dict[str, Any], resumed: bool = False) -> None:
        """Count one committed partition."""
        self.partitions += 1
        self.resumed += resumed
        self.resumed_rows += stats["rows"] if resumed else 0
        self.total.add(stats)
        self.per_input.setdefault(stats["input"], _Totals(self.others)).add(stats)

    def fail(self, given: str | None, partition: str | None, error: str) -> None:
        """Record an input or partition that could not be screened."""
        entry: dict[str, Any] = {"input": given, "error": error}
        if partition:
            entry["partition"] = partition
        self.failures.append(entry)

    def as_json(self, plans: list[InputPlan]) -> dict[str, Any]:
        """The summary document."""
        context = self.context
        inputs = []
        for plan in plans:
            entry: dict[str, Any] = {"input": plan.given}
            if plan.error is not None:
                entry["error"] = plan.error
            else:
                totals = self.per_input.get(plan.given, _Totals(self.others))
                entry.update(sha256=plan.sha256, partitions=len(plan.partitions))
                entry["sheets"] = [
                    {"name": s.name, "header_row": s.header_row, "rows": totals.sheets.get(s.name, 0)}
                    | ({"skipped": s.skipped} if s.skipped else {})
                    for s in plan.sheets
                ]
                entry.update(totals.as_json())
            inputs.append(entry)
        regimes = [regime_json(context.baseline), regime_json(context.alternative), *map(regime_json, context.others)]
        return {
            "schema": SCHEMA,
            "version": __version__,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "regimes": regimes,
            "party_screening": context.parties.as_json() if context.parties else {"off": OFF_NOTICE},
            **self.total.as_json(),
            "partitions": {
                "committed": self.partitions,
                "from_earlier_run": self.resumed,
                "rows_from_earlier_run": self.resumed_rows,
            },
            "inputs": inputs,
            "failures": self.failures,
        }
