"""The `lookback` command: re-screen many files on a Dask cluster into a results folder, then print its counts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from compliance.commands.ending import EXIT_BAD_INPUT, EXIT_OK, PdfWriter, Stopped, fail, stopped_by_signals
from compliance.outputs.terminal import PrintableStream, printable

if TYPE_CHECKING:
    from compliance.rules.regime import Regime


def regime_ref(regime: Regime, rules_folder: Path) -> str:
    """How a worker finds a regime: by id when the rules folder (shipped to it) holds it, else by its file."""
    return regime.id if Path(regime.path).resolve().is_relative_to(rules_folder.resolve()) else regime.path


def run_lookback_command(args: argparse.Namespace, out: TextIO, pdf_writer: PdfWriter | None = None) -> int:
    """The `lookback` command: 0 when every input was screened, 2 when one could not be (the rest are)."""
    from compliance.model.errors import ComplianceError
    from compliance.paths import rules_dir

    shown = cast(TextIO, PrintableStream(out))
    try:
        with stopped_by_signals():
            from compliance.commands.screen import screening_regimes
            from compliance.designations.parties import load_party_screening
            from compliance.lookback.context import Context
            from compliance.lookback.progress import RowProgress
            from compliance.lookback.run import LookbackOptions, run_lookback
            from compliance.run import status_counts_line

            # Loaded here first, so that a bad pack or list is named by its own path before any work starts.
            folder = Path(args.rules or rules_dir())
            regimes = screening_regimes(list(args.regime), args.rules)
            options = LookbackOptions(
                inputs=list(args.inputs),
                out_dir=args.out,
                rules_dir=str(folder),
                regimes=[regime_ref(r, folder) for r in regimes],
                as_of=args.as_of,
                designations=list(args.designations),
                match_threshold=args.match_threshold,
                review_threshold=args.review_threshold,
                workers=args.workers,
                scheduler=args.scheduler,
                partition_bytes=int(args.partition_mb * 1024 * 1024),
                report=not args.no_report,
                organisation=args.organisation,
                officer=args.officer,
                page_size=args.page_size,
                landscape=not args.portrait,
            )
            parties = load_party_screening(options.designations, options.match_threshold, options.review_threshold)
            context = Context(regimes, parties)
            progress = RowProgress(shown=not args.quiet)
            try:
                outcome = run_lookback(options, context, _to_stderr, progress, pdf_writer)
            finally:
                progress.stop()
    except ComplianceError as exc:
        fail(f"error: {exc.one_line()}")
        return EXIT_BAD_INPUT
    except Stopped as stop:
        fail(f"stopped by {stop.by}: the partitions committed so far are kept; run the same command again to finish")
        return 128 + stop.signum
    except OSError as exc:
        fail(f"error: {exc.filename or 'output'}: {exc.strerror or exc}")
        return EXIT_BAD_INPUT
    summary = outcome.summary
    earlier = summary["partitions"]["rows_from_earlier_run"]
    now = summary["rows"] - earlier
    rate = now / outcome.seconds if outcome.seconds > 0 else 0.0
    print(f"Screened {now:,} rows in {outcome.seconds:,.1f} s ({rate:,.0f} rows a second).", file=shown)
    if earlier:
        print(f"  With the {earlier:,} rows an earlier run committed: {summary['rows']:,} rows.", file=shown)
    print(f"  {regimes[0].title}: {status_counts_line(summary['current'])}", file=shown)
    print(f"  {regimes[1].title}: {status_counts_line(summary['draft'])}", file=shown)
    for regime in regimes[2:]:
        print(f"  {regime.title}: {status_counts_line(summary['others'][regime.id])}", file=shown)
    print(
        f"  {regimes[1].label} would change {summary['changed']:,} rows ({summary['relaxed']:,} relaxed, "
        f"{summary['tightened']:,} tightened).",
        file=shown,
    )
    for line in outcome.failures:
        print(f"  Not screened: {line}", file=shown)
    print("Written: " + ", ".join(outcome.written), file=shown)
    return EXIT_BAD_INPUT if outcome.failures else EXIT_OK


def _to_stderr(line: str) -> None:
    """A progress note from the run, on standard error so that standard output stays the summary."""
    print(printable(line), file=sys.stderr)  # noqa: T201 - the command line speaks on standard error
