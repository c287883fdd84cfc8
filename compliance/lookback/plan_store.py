"""An input's plan (its partitions) kept in OUT_DIR/plans/ as JSON, so a resumed run does not survey it again.

JSON rather than pickle: reading an output folder again must never run code. A plan that does not read
back whole is surveyed again.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import orjson

from compliance.intake.csv_reader import CsvFormat
from compliance.lookback.csv_ranges import ByteRange
from compliance.lookback.partitions import InputPlan, Layout, Partition
from compliance.model.source_row import SheetInfo
from compliance.outputs.atomic import atomic_write

PLANS = "plans"


def plan_path(out_dir: Path, index: int) -> Path:
    """Where the plan of the input at this position is kept."""
    return out_dir / PLANS / f"input-{index:05d}.json"


def _sheet(data: dict[str, Any]) -> SheetInfo:
    return SheetInfo(
        name=data["name"],
        header_row=data["header_row"],
        mapping=dict(data["mapping"]),
        kind_hint=data["kind_hint"],
        skipped=data["skipped"],
    )


def _layout(data: dict[str, Any] | None) -> Layout | None:
    if data is None:
        return None
    return Layout(
        header_row=data["header_row"],
        columns=tuple((name, int(index)) for name, index in data["columns"]),
        headers=tuple(data["headers"]),
        duplicates=tuple((name, tuple(extra)) for name, extra in data["duplicates"]),
        kind_hint=data["kind_hint"],
        date_order=data["date_order"],
        mixed_encoding=data["mixed_encoding"],
    )


def _partition(data: dict[str, Any]) -> Partition:
    return Partition(
        **{
            **data,
            "layout": _layout(data["layout"]),
            "csv_format": CsvFormat(**data["csv_format"]) if data["csv_format"] else None,
            "byte_range": ByteRange(**data["byte_range"]) if data["byte_range"] else None,
        }
    )


def save_plan(out_dir: Path, plan: InputPlan) -> None:
    """Keep a surveyed plan (a bad input's is not kept: it is surveyed again, it may have been fixed)."""
    if plan.error is not None:
        return
    sheets = [
        {
            "name": s.name,
            "header_row": s.header_row,
            "mapping": s.mapping,
            "kind_hint": s.kind_hint,
            "skipped": s.skipped,
        }
        for s in plan.sheets
    ]
    document = {
        "index": plan.index,
        "given": plan.given,
        "name": plan.name,
        "sha256": plan.sha256,
        "sheets": sheets,
        "partitions": [dataclasses.asdict(p) for p in plan.partitions],
    }
    path = plan_path(out_dir, plan.index)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as handle:
        handle.write(orjson.dumps(document))


def saved_plan(out_dir: Path, index: int, given: str) -> InputPlan | None:
    """The kept plan of this input, or None (none kept, another input's, or not readable whole)."""
    try:
        data = orjson.loads(plan_path(out_dir, index).read_bytes())
        plan = InputPlan(
            index=data["index"],
            given=data["given"],
            name=data["name"],
            sha256=data["sha256"],
            sheets=[_sheet(s) for s in data["sheets"]],
            partitions=[_partition(p) for p in data["partitions"]],
        )
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    return plan if plan.given == given and plan.index == index else None
