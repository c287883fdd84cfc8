"""The `screen` command's outputs: one pass over the rows feeds the JSON, the workbook and the report,
all staged and moved into place together."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from compliance.commands.ending import PdfWriter

if TYPE_CHECKING:
    from compliance.decisions import RunRecorder
    from compliance.model.results import RowResult
    from compliance.run import ScreeningRun


def passing(results: Iterable[RowResult], sinks: Sequence[Callable[[RowResult], object]]) -> Iterator[RowResult]:
    """The results, each first handed to every sink: one screening feeds every output."""
    for result in results:
        for sink in sinks:
            sink(result)
        yield result


def written_name(path: str) -> str:
    """How the summary names an output: its path, or 'standard output'."""
    from compliance.outputs.atomic import STDOUT

    return "standard output" if path == STDOUT else path


def write_outputs(
    args: argparse.Namespace,
    run: ScreeningRun,
    keep: Callable[[RowResult], None],
    pdf_writer: PdfWriter | None,
    recorder: RunRecorder | None = None,
) -> list[str]:
    """Screen the run once, streaming each row to every output asked for; returns what was written.

    Every output is staged beside its target and all are moved into place together at the end: when
    one fails (a full disk, an interrupt), none of the others is left behind as if the run had succeeded.
    """
    from compliance.model.errors import UsageError
    from compliance.outputs.atomic import StagedOutputs
    from compliance.outputs.json_writer import JsonWriter
    from compliance.outputs.xlsx_writer import check_sheet_count, save_results_xlsx

    if args.report and pdf_writer is None:  # run_screen refuses this before screening; kept for direct callers
        raise UsageError("--report needs the desktop components (run it through main.py)")
    if args.xlsx:
        check_sheet_count(run)
    written: list[str] = []
    sinks: list[Callable[[RowResult], object]] = [keep] if recorder is None else [recorder.decisions_for, keep]
    # (decisions first: the others read them)
    with StagedOutputs() as staged:
        # Staged first, before the long work: a folder that cannot take a file says so at once.
        json_file = staged.stage(args.json) if args.json else None
        book_file = staged.stage(args.xlsx) if args.xlsx else None
        report_file = staged.stage(args.report) if args.report else None
        builder = None
        if report_file is not None:
            from compliance.outputs.report.model import ReportBuilder

            report_file.handle.close()  # the PDF writer writes it by name
            builder = ReportBuilder(run, recorder.decisions_for if recorder else None)
            sinks.append(builder.add)
        with contextlib.ExitStack() as json_out:
            if json_file is not None:
                writer = JsonWriter(
                    args.json,
                    run,
                    out=json_file.handle,
                    decisions_of=recorder.decisions_for if recorder else None,
                    footer_extra=recorder.footer_json if recorder else None,
                )
                sinks.append(json_out.enter_context(writer).add)
                written.append(written_name(args.json))
            results = passing(run.results(), sinks)
            if book_file is not None:
                decisions_of = recorder.decisions_for if recorder else None
                # the workbook pulls the rows
                save_results_xlsx(book_file.handle, run, results, path=args.xlsx, decisions_of=decisions_of)
                written.append(args.xlsx)
            else:
                for _ in results:
                    pass
        if builder is not None and report_file is not None and report_file.temp is not None and pdf_writer:
            report = builder.report(
                organisation=args.organisation,
                officer=args.officer,
                generated_at=dt.datetime.now().replace(microsecond=0),
            )
            pages = pdf_writer(report, report_file.temp, args.page_size, not args.portrait)
            written.append(f"{args.report} ({pages} pages)")
        staged.commit()
    return written
