"""The terminal's progress bar: rows done, rows a second, time left (rich, on standard error)."""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class RowProgress:
    """Rows screened out of the rows known so far (partitions are added as inputs are surveyed)."""

    def __init__(self, out: TextIO | None = None, shown: bool = True) -> None:
        console = Console(file=out or sys.stderr)
        self._bar = Progress(
            TextColumn("Screening"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("rows"),
            TaskProgressColumn(),
            TextColumn("{task.fields[speed]} rows/s"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console,
            disable=not shown,
            transient=False,
        )
        self._task = self._bar.add_task("rows", total=0, speed="-")
        self._expected: dict[str, int] = {}
        self._total = 0
        self._done = 0
        self._earlier = 0
        self._bar.start()

    def add(self, partition: str, rows: int, done: int | None = None) -> None:
        """A partition to screen (`done`: already screened by an earlier run, with its rows)."""
        self._expected[partition] = rows
        self._total += rows
        if done is not None:
            self._earlier += done  # screened by an earlier run: not part of this run's speed
            self.done(partition, done)
        else:
            self._bar.update(self._task, total=self._total)

    def done(self, partition: str, rows: int) -> None:
        """A partition committed with this many rows (the estimate is replaced by the count)."""
        self._total += rows - self._expected.pop(partition, rows)
        self._done += rows
        task = self._bar.tasks[0]
        elapsed = task.elapsed or 0
        speed = f"{(self._done - self._earlier) / elapsed:,.0f}" if elapsed > 0 else "-"
        self._bar.update(self._task, total=max(self._total, self._done), completed=self._done, speed=speed)

    def skip(self, partition: str | None) -> None:
        """A partition that failed: its rows leave the total."""
        if partition is not None:
            self._total -= self._expected.pop(partition, 0)
            self._bar.update(self._task, total=max(self._total, self._done))

    @property
    def rows(self) -> int:
        """Rows screened so far (including those of an earlier run)."""
        return self._done

    def stop(self) -> None:
        """Leave the bar as it ended."""
        self._bar.stop()
