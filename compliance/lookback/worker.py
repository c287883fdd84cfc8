"""The task each worker runs: screen one partition with `screen`'s engine and commit its results file."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Final

import orjson

from compliance.decisions.fingerprint import row_fingerprint as fingerprint
from compliance.engine.evaluate import screen
from compliance.lookback.context import Bundle, load_context
from compliance.lookback.dataset import PartWriter, committed_stats, schema
from compliance.lookback.partitions import Partition, partition_rows
from compliance.lookback.source_codec import encode_source
from compliance.model.errors import ComplianceError
from compliance.model.results import PERMITTED, RowResult
from compliance.model.status import STATUSES
from compliance.outputs.report.text import money_of

BATCH_ROWS: Final = 20_000
"""Rows held before they are written: a worker's memory stays flat whatever the partition's size."""
NO_HITS: Final = '{"current":[],"draft":[]}'
_PERMITTED: Final = PERMITTED.status.value


def _counts() -> dict[str, int]:
    return {s.value: 0 for s in STATUSES}


class _Tally:
    """The partition's counts, stored with its file and summed into summary.json."""

    def __init__(self, part: Partition, others: tuple[str, ...]) -> None:
        self.part = part
        self.rows = 0
        self.baseline = _counts()
        self.alternative = _counts()
        self.others = {regime: _counts() for regime in others}
        self.relaxed = self.tightened = self.value_unknown = 0
        self.value_changed: defaultdict[str, float] = defaultdict(float)
        self.sheets: defaultdict[str, int] = defaultdict(int)

    def changed(self, result: RowResult, change: str) -> None:
        if change == "relaxed":
            self.relaxed += 1
        else:
            self.tightened += 1
        value = money_of(result.source.fields)
        if value is None:
            self.value_unknown += 1
        else:
            self.value_changed[value.currency] += value.amount

    def as_json(self) -> dict[str, Any]:
        return {
            "partition": self.part.name,
            "input": self.part.given,
            "rows": self.rows,
            "current": self.baseline,
            "draft": self.alternative,
            "others": self.others,
            "relaxed": self.relaxed,
            "tightened": self.tightened,
            "value_changed": dict(self.value_changed),
            "value_changed_unknown": self.value_unknown,
            "sheets": dict(self.sheets),
        }


def _hits_json(result: RowResult) -> str:
    return orjson.dumps(
        {"current": result.baseline.as_json()["hits"], "draft": result.alternative.as_json()["hits"]}
    ).decode()


def screen_partition(bundle: Bundle, part: Partition, out_dir: str, as_of: dt.date | None) -> dict[str, Any]:
    """Screen the partition and commit its file; returns its counts, or {"error": one line}.

    A partition already committed (by an earlier run, or by a worker that was thought lost) is not
    screened again.
    """
    done = committed_stats(out_dir, part.name)
    if done is not None:
        return done
    context = load_context(bundle)
    others = tuple(r.id for r in context.others)
    writer = PartWriter(out_dir, part.name, schema(others))
    tally = _Tally(part, others)
    names = list(writer.schema.names)
    batch: dict[str, list[Any]] = {name: [] for name in names}
    try:
        results = screen(partition_rows(part), context.regimes, as_of, context.parties)
        for result in results:
            _add(batch, result, tally, others)
            if len(batch["row"]) >= BATCH_ROWS:
                writer.write(batch)
                batch = {name: [] for name in names}
        if batch["row"]:
            writer.write(batch)
        stats = tally.as_json()
        writer.commit(stats)
    except ComplianceError as exc:
        writer.discard()
        return {"partition": part.name, "input": part.given, "error": exc.one_line()}
    except Exception as exc:  # named as one line in summary.json; the partition is screened again next run
        writer.discard()
        return {"partition": part.name, "input": part.given, "error": f"{part.given}: {type(exc).__name__}: {exc}"}
    except BaseException:
        writer.discard()
        raise
    return stats


def _add(
    batch: dict[str, list[Any]],
    result: RowResult,
    tally: _Tally,
    others: tuple[str, ...],
) -> None:
    source = result.source
    current, draft = result.baseline, result.alternative
    tally.rows += 1
    tally.sheets[source.sheet] += 1
    batch["input"].append(source.input)
    batch["sheet"].append(source.sheet)
    batch["row"].append(source.row)
    batch["reference"].append(result.reference)
    batch["kind"].append(result.kind)
    batch["fingerprint"].append(fingerprint(source.fields))
    for regime_id, verdict in zip(others, result.verdicts[2:], strict=True):
        status = verdict.status.value
        tally.others[regime_id][status] += 1
        batch[f"status_{regime_id}"].append(status)
    if current is PERMITTED and draft is PERMITTED:
        # Most rows of a ledger: nothing found, nothing more to encode (and no status to look up).
        tally.baseline[_PERMITTED] += 1
        tally.alternative[_PERMITTED] += 1
        batch["current_status"].append(_PERMITTED)
        batch["draft_status"].append(_PERMITTED)
        batch["change"].append("unchanged")
        batch["first_rule"].append(None)
        batch["first_citation"].append(None)
        batch["hits"].append(NO_HITS)
        batch["notes"].append(orjson.dumps(list(result.notes)).decode() if result.notes else None)
        batch["source"].append(None)
        return
    now, then = current.status.value, draft.status.value
    tally.baseline[now] += 1
    tally.alternative[then] += 1
    batch["current_status"].append(now)
    batch["draft_status"].append(then)
    change = result.change
    batch["change"].append(change)
    if change != "unchanged":
        tally.changed(result, change)
    first = current.hits[0] if current.hits else (draft.hits[0] if draft.hits else None)
    batch["first_rule"].append(first.rule_id if first else None)
    batch["first_citation"].append(first.citation_text() or None if first else None)
    batch["hits"].append(_hits_json(result))
    batch["notes"].append(orjson.dumps(list(result.notes)).decode() if result.notes else None)
    # Kept for the report, which screens these rows again with the same engine.
    flagged = now != _PERMITTED or then != _PERMITTED
    batch["source"].append(encode_source(source) if flagged else None)
