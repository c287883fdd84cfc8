"""The `screen` command: check the outputs, open the run's record, screen every input once, print the summary."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from compliance.commands.ending import (
    EXIT_BAD_INPUT,
    EXIT_FAIL_ON,
    EXIT_OK,
    PdfWriter,
    Stopped,
    fail,
    stopped_by_signals,
    warn,
)
from compliance.commands.screen_outputs import write_outputs
from compliance.commands.summary import MAX_LISTED, print_summary
from compliance.outputs.terminal import PrintableStream

if TYPE_CHECKING:
    from compliance.decisions.commands import ScreeningLog
    from compliance.model.results import RowResult
    from compliance.rules.regime import Regime


def run_screen(args: argparse.Namespace, out: TextIO, pdf_writer: PdfWriter | None = None) -> int:
    """The `screen` command."""
    from compliance.model.errors import ComplianceError
    from compliance.outputs.atomic import STDOUT

    if args.report and pdf_writer is None:
        fail("error: --report needs the desktop components (run it through main.py)")
        return EXIT_BAD_INPUT
    # With the JSON on standard output, the summary goes to standard error; every line is made printable.
    shown = cast(TextIO, PrintableStream(sys.stderr if args.json == STDOUT else out))
    try:
        _check_outputs(args)
        regimes = screening_regimes(args.regime, args.rules)
        log = _screening_log(args)
    except ComplianceError as exc:
        fail(f"error: {exc.one_line()}")
        return EXIT_BAD_INPUT
    try:
        return _screen_logged(args, shown, pdf_writer, log, regimes)
    finally:
        log.close()


def screening_regimes(chosen: list[str], rules: str | None) -> tuple[Regime, ...]:
    """The regimes `--regime` names, in order (the baseline first), compiled into one rule book; by
    default the measures in force and the 2019 draft. An unknown id, a bad scenario file, a single
    regime or one named twice is a RuleFileError or UsageError of one line."""
    from compliance.model.errors import UsageError
    from compliance.paths import rules_dir, user_regimes_dir
    from compliance.rules.catalog import load_regimes, load_screening

    folder = rules or rules_dir()
    if not chosen:
        # The user's folder is not read: a broken scenario there must not stop the default screening.
        return load_regimes(folder)
    if len(chosen) < 2:
        raise UsageError(f"--regime {chosen[0]}: give the alternative too (--regime BASELINE --regime ALTERNATIVE ...)")
    regimes = load_screening(chosen, folder, user_regimes_dir())
    seen: dict[str, str] = {}
    for given, regime in zip(chosen, regimes, strict=True):
        if regime.id in seen:
            raise UsageError(f"--regime {given}: regime '{regime.id}' is already screened (--regime {seen[regime.id]})")
        seen[regime.id] = given
    return regimes


def _designation_path(value: str) -> str:
    """A list path as given, or the freshly downloaded official list for 'official'."""
    if value != "official":
        return value
    from platformdirs import user_data_dir

    from compliance.designations.fetch import fetch_official_list

    return str(fetch_official_list(Path(user_data_dir("Sanctions Desk")) / "designations").path)


def _sources(args: argparse.Namespace) -> list[str]:
    """Every file the run reads: no output may name one of them."""
    from compliance.paths import rules_dir, user_regimes_dir
    from compliance.rules.catalog import PROPOSALS

    files = list(args.inputs) + [p for p in args.designations if p != "official"]
    files += [p for p in args.regime if os.path.isfile(p)]  # a scenario named by its path
    rules = Path(args.rules or rules_dir())
    for folder in (rules, rules / PROPOSALS, user_regimes_dir()):
        with contextlib.suppress(OSError):  # a missing rules folder is reported when the rules are loaded
            files += [entry.path for entry in os.scandir(folder) if entry.is_file()]
    return files


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse, before anything is read, an output that would destroy an input or cannot be written."""
    from compliance.outputs.paths import Output, check_outputs

    asked = (("--json", args.json), ("--xlsx", args.xlsx), ("--report", args.report))
    outputs = [Output(option, path) for option, path in asked if path is not None]
    check_outputs(outputs, _sources(args), to_stdout=frozenset({"--json"}), scratch=bool(args.xlsx))


def _screening_log(args: argparse.Namespace) -> ScreeningLog:
    """The run's record in the decisions store (opened before any row is read: a run is never unrecorded)."""
    from compliance.decisions.commands import ScreeningLog

    settings = {
        "sheet": args.sheet,
        "map": dict(args.map),
        "leave_out": list(args.leave_out),
        "rules": args.rules,
        **({"regimes": list(args.regime)} if args.regime else {}),
        "designations": list(args.designations),
        "organisation": args.organisation,
    }
    return ScreeningLog(list(args.inputs), args.officer, settings)


def _screen_logged(
    args: argparse.Namespace,
    shown: TextIO,
    pdf_writer: PdfWriter | None,
    log: ScreeningLog,
    regimes: tuple[Regime, ...],
) -> int:
    """The `screen` command once its outputs are checked, its regimes loaded and its record opened."""
    from compliance.model.errors import ComplianceError
    from compliance.model.status import Status
    from compliance.paths import rules_dir

    listed: list[RowResult] = []

    def keep(result: RowResult) -> None:
        if result.baseline.status > Status.PERMITTED and len(listed) <= MAX_LISTED:
            listed.append(result)

    try:
        with stopped_by_signals():
            from compliance.designations.parties import load_party_screening
            from compliance.run import start_run

            parties = load_party_screening(
                [_designation_path(p) for p in args.designations], args.match_threshold, args.review_threshold
            )
            run = start_run(
                args.inputs,
                rules_dir=args.rules or rules_dir(),
                as_of=args.as_of,
                sheet=args.sheet,
                overrides=dict(args.map),
                parties=parties,
                keep_cells=bool(args.xlsx),
                regimes=regimes,
                left_out=args.leave_out,
            )
            written = write_outputs(args, run, keep, pdf_writer, log.start(run))
            log.finish()
    except ComplianceError as exc:
        fail(f"error: {exc.one_line()}")
        warn(log.failed(f"failed: {exc.one_line()}"))
        return EXIT_BAD_INPUT
    except Stopped as stop:
        fail(f"stopped by {stop.by}: nothing was written")
        warn(log.failed(f"stopped by {stop.by}"))
        return 128 + stop.signum
    except OSError as exc:  # any write this run could not make that no writer above named (one line, no traceback)
        fail(f"error: {exc.filename or 'output'}: {exc.strerror or exc}")
        warn(log.failed(f"failed: {exc.filename or 'output'}: {exc.strerror or exc}"))
        return EXIT_BAD_INPUT
    print_summary(run, listed, shown, args.quiet)
    if log.recorder is not None:
        for line in log.recorder.summary_lines():
            print(line, file=shown)
    if written:
        print("\nWritten: " + ", ".join(written), file=shown)
    if args.fail_on:
        threshold = Status(args.fail_on)
        counts = run.tally.baseline
        if any(counts[str(s)] for s in Status if s >= threshold):
            return EXIT_FAIL_ON
    return EXIT_OK
