"""The results dataset: one Parquet file per partition under OUT_DIR/results/, each committed whole.

A partition's file is written under a temporary name, flushed to disk and renamed into place: a file
with a partition's name is always complete, so a run started again skips it and redoes every other.
Each file carries its partition's counts in its metadata, so a resumed run sums them without reading
a row.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

RESULTS: Final = "results"
STATS_KEY: Final = b"sanctions-desk/lookback-stats"
TEMP_MARK: Final = ".tmp-"


def schema(other_regimes: Iterable[str]) -> pa.Schema:
    """The columns of every results file; one status column per further regime."""
    text = pa.string()
    columns = [
        ("input", text),
        ("sheet", text),
        ("row", pa.int64()),
        ("reference", text),
        ("kind", text),
        ("fingerprint", text),
        ("current_status", text),
        ("draft_status", text),
        ("change", text),
        *((f"status_{regime}", text) for regime in other_regimes),
        ("first_rule", text),
        ("first_citation", text),
        ("hits", text),
        ("notes", text),
        ("source", text),
    ]
    return pa.schema(columns)


def results_dir(out_dir: str | Path) -> Path:
    """OUT_DIR/results/."""
    return Path(out_dir) / RESULTS


def part_path(out_dir: str | Path, name: str) -> Path:
    """Where a partition's committed file is."""
    return results_dir(out_dir) / f"{name}.parquet"


def remove_leftovers(out_dir: str | Path) -> int:
    """Delete the temporary files of a run that was stopped mid-write; returns how many."""
    folder = results_dir(out_dir)
    removed = 0
    if folder.is_dir():
        for entry in folder.iterdir():
            if TEMP_MARK in entry.name:
                with contextlib.suppress(FileNotFoundError):
                    entry.unlink()
                    removed += 1
    return removed


class PartWriter:
    """Writes one partition's rows in batches and commits the file atomically with its counts."""

    def __init__(self, out_dir: str | Path, name: str, columns: pa.Schema) -> None:
        self.target = part_path(out_dir, name)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.temp = self.target.with_name(f".{name}{TEMP_MARK}{uuid.uuid4().hex}")
        self.schema = columns
        self._handle = open(self.temp, "wb")  # noqa: SIM115 - closed in commit() or discard()
        self._writer = pq.ParquetWriter(self._handle, columns, compression="zstd")

    def write(self, batch: dict[str, list[Any]]) -> None:
        """Append a batch of rows, column by column."""
        self._writer.write_table(pa.Table.from_pydict(batch, schema=self.schema))

    def commit(self, stats: dict[str, Any]) -> None:
        """Finish the file, with the partition's counts, and move it into place."""
        self._writer.add_key_value_metadata({STATS_KEY: orjson.dumps(stats)})
        self._writer.close()
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        os.replace(self.temp, self.target)

    def discard(self) -> None:
        """Drop the unfinished file."""
        with contextlib.suppress(Exception):
            self._writer.close()
        with contextlib.suppress(OSError):
            self._handle.close()
        with contextlib.suppress(FileNotFoundError):
            self.temp.unlink()


def committed_stats(out_dir: str | Path, name: str) -> dict[str, Any] | None:
    """A committed partition's counts, or None when it has not been committed."""
    path = part_path(out_dir, name)
    if not path.is_file():
        return None
    try:
        metadata = pq.read_metadata(path).metadata or {}
    except (pa.ArrowException, OSError):
        return None  # not a file this run wrote whole: redo the partition
    raw = metadata.get(STATS_KEY)
    return orjson.loads(raw) if raw else None
