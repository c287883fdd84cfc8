"""The PDF report of a lookback's flagged rows, built by the same report code as `screen --report`.

The results files keep each flagged row's source (the cells it was screened on); those rows are screened
again here with the same engine, in ledger order, and handed to the report builder. The counts of the
rows nothing was found in come from the summary, so the report's totals are those of the whole run.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pyarrow.parquet as pq

from compliance.engine.evaluate import screen_row
from compliance.intake.importer import OpenedInput
from compliance.lookback.context import Context
from compliance.lookback.dataset import part_path
from compliance.lookback.partitions import InputPlan
from compliance.lookback.source_codec import decode_source
from compliance.model.errors import InputFileError, OutputFileError
from compliance.model.source_row import SheetInfo, SourceRow
from compliance.outputs.report.model import ReportBuilder
from compliance.run import ScreeningRun

if TYPE_CHECKING:
    from compliance.lookback.run import LookbackOptions, ReportWriter
    from compliance.lookback.summary import Summary


MAX_LISTED: Final = 50_000
"""Flagged rows the PDF lists (thousands of pages already); every row is in the results dataset."""


@dataclass(slots=True)
class Flagged:
    """The flagged rows' sources, read in input and row order up to `limit`; all of them counted."""

    out_dir: Path
    plans: list[InputPlan]
    limit: int = MAX_LISTED
    count: int = 0

    def __iter__(self) -> Iterator[SourceRow]:
        for plan in self.plans:
            for part in plan.partitions:
                path = part_path(self.out_dir, part.name)
                if not path.is_file():
                    continue  # a partition that failed: named in summary.json
                for batch in pq.ParquetFile(path).iter_batches(columns=["source"], batch_size=4096):
                    column = batch.column(0)
                    if self.count >= self.limit:
                        self.count += len(column) - column.null_count
                        continue
                    for data in column.to_pylist():
                        if data is None:
                            continue
                        self.count += 1
                        if self.count <= self.limit:
                            yield _decoded(data, path)


def _decoded(data: str, path: Path) -> SourceRow:
    try:
        return decode_source(data)
    except ValueError as exc:
        raise InputFileError(f"cannot be read for the report: {exc}", path=str(path)) from None


def _opened(plan: InputPlan, summary: Summary) -> OpenedInput:
    totals = summary.per_input.get(plan.given)
    sheets = [
        SheetInfo(
            s.name, s.header_row, dict(s.mapping), skipped=s.skipped, rows=totals.sheets.get(s.name, 0) if totals else 0
        )
        for s in plan.sheets
    ]
    return OpenedInput(
        path=plan.given, name=plan.name or os.path.basename(plan.given), sha256=plan.sha256, sheets=sheets
    )


def write_report(
    out_dir: Path,
    name: str,
    plans: list[InputPlan],
    summary: Summary,
    context: Context,
    options: LookbackOptions,
    pdf_writer: ReportWriter,
) -> tuple[int, int, int]:
    """Write OUT_DIR/<name> (atomically); returns its pages, the rows it lists and the rows flagged."""
    good = [p for p in plans if p.error is None]
    pair = context.regimes[:2]
    run = ScreeningRun([_opened(p, summary) for p in good], pair, options.as_of, context.parties)
    builder = ReportBuilder(run)
    flagged = Flagged(out_dir, good)
    for source in flagged:
        builder.add(screen_row(source, pair, options.as_of, context.parties))
    # Rows with nothing found were counted by the workers, not handed to the builder.
    total = summary.total
    builder.rows = total.rows
    builder.counts = {"current": dict(total.baseline), "draft": dict(total.alternative)}
    report = builder.report(
        organisation=options.organisation,
        officer=options.officer,
        generated_at=dt.datetime.now().replace(microsecond=0),
    )
    target = out_dir / name
    temp = out_dir / f".{name}.tmp-{os.getpid()}"
    try:
        pages = pdf_writer(report, str(temp), options.page_size, options.landscape)
        os.replace(temp, target)
    except OSError as exc:
        raise OutputFileError(f"cannot write the report: {exc.strerror or exc}", path=str(target)) from None
    finally:
        if temp.exists():
            temp.unlink()
    return pages, min(flagged.count, flagged.limit), flagged.count
