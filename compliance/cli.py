"""The command line: `screen` for batch screening, `--version` and `--help`.

Heavy modules are imported inside the commands so that `--help` answers at once.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO, cast

from compliance import __version__
from compliance.outputs.terminal import PrintableStream, printable

if TYPE_CHECKING:
    from compliance.decisions import RunRecorder
    from compliance.decisions.commands import ScreeningLog
    from compliance.model.results import RowResult
    from compliance.outputs.report.model import Report
    from compliance.run import ScreeningRun

PdfWriter = Callable[["Report", str, str, bool], int]
"""Renders a report to PDF (path, page size, landscape) and returns the page count; the desktop layer
provides it, since PDF rendering needs Qt and the engine never imports Qt."""

EXIT_OK, EXIT_FAIL_ON, EXIT_BAD_INPUT = 0, 1, 2
EXIT_INTERRUPTED = 130
"""Ctrl-C (128 + SIGINT); a SIGTERM ends the run with 143 (128 + SIGTERM)."""
MAX_LISTED = 25
DECISION_COMMANDS = ("decide", "decisions", "audit")
STOP_NAMES: dict[int, str] = {int(signal.SIGINT): "Ctrl-C", int(signal.SIGTERM): "SIGTERM"}


class Stopped(BaseException):
    """The run was stopped by a signal; raised where it arrived so that every clean-up runs on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """While inside, SIGINT and SIGTERM raise Stopped (a second one is ignored, so clean-up finishes)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread; elsewhere the caller stops the work itself
        return

    def stop(signum: int, _frame: FrameType | None) -> None:
        for name in STOP_NAMES:
            signal.signal(name, signal.SIG_IGN)
        raise Stopped(signum)

    previous = {name: signal.getsignal(name) for name in STOP_NAMES}
    for name in STOP_NAMES:
        signal.signal(name, stop)
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(name, handler)


def _fail(message: str) -> None:
    """One line on standard error, with any control or bidi character in it made visible."""
    print(printable(message), file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit code 2, like every other bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        _fail(f"{self.prog}: {message}")
        self.exit(EXIT_BAD_INPUT)


def _as_of(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def _number_between(low: float, high: float) -> Callable[[str], float]:
    """An argument type: a number from low to high, or a one-line usage error."""

    def number(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is not between {low:g} and {high:g}")
        return value

    return number


_score = _number_between(0, 100)


def _mapping(text: str) -> tuple[str, str]:
    field, sep, header = text.partition("=")
    if not sep or not field.strip() or not header.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not of the form field=Header")
    return field.strip(), header.strip()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for main.py and the sanctions-desk command."""
    parser = _Parser(
        prog="sanctions-desk",
        description="Screen shipment and contract ledgers against the UN Security Council measures "
        "on the DPRK, in force and under the December 2019 draft (never adopted).",
    )
    parser.add_argument("--version", action="version", version=f"Sanctions Desk {__version__}")
    parser.add_argument(
        "--self-test", action="store_true", help="screen the bundled sample headless and check its verdicts"
    )
    sub = parser.add_subparsers(dest="command")
    screen = sub.add_parser(
        "screen",
        help="screen workbooks or csv files and print a summary",
        description="Screen every row of the inputs under the measures in force and under the "
        "December 2019 draft; print a summary and optionally write the results as JSON.",
    )
    screen.add_argument("inputs", nargs="+", metavar="INPUT", help=".xlsx, .xlsm, .xlsb, .xls, .ods or .csv")
    screen.add_argument(
        "--as-of", type=_as_of, metavar="YYYY-MM-DD", help="judge every row at this date instead of its own date"
    )
    screen.add_argument(
        "--json", metavar="OUT.json", help="write every row's verdicts as JSON ('-': to standard output)"
    )
    screen.add_argument("--sheet", metavar="NAME", help="screen only this sheet")
    screen.add_argument(
        "--map",
        type=_mapping,
        action="append",
        default=[],
        metavar="field=Header",
        help="read this column as this field (repeatable), e.g. hs_code='Tariff No'",
    )
    screen.add_argument(
        "--leave-out",
        action="append",
        default=[],
        metavar="FIELD",
        help="do not screen this field's column (repeatable); it is kept in the Excel output",
    )
    screen.add_argument(
        "--fail-on",
        choices=("prohibited", "review"),
        help="exit 1 when a row is at least this severe under the measures in force",
    )
    screen.add_argument("--rules", metavar="DIR", help="folder of rule packs (default: the bundled ones)")
    screen.add_argument(
        "--designations",
        action="append",
        default=[],
        metavar="PATH",
        help="UN Consolidated List (XML) or 1718 Designated Vessels List (CSV); repeatable; "
        "'official' downloads the consolidated list from the UN's address",
    )
    screen.add_argument(
        "--match-threshold",
        type=_score,
        metavar="0-100",
        help="name score that makes a row prohibited (default 96, from the measured evaluation)",
    )
    screen.add_argument(
        "--review-threshold", type=_score, metavar="0-100", help="name score that makes a row review (default 82)"
    )
    screen.add_argument("--report", metavar="OUT.pdf", help="write the screening report as PDF")
    screen.add_argument("--xlsx", metavar="OUT.xlsx", help="write the results as an Excel workbook")
    screen.add_argument("--organisation", default="", help="organisation named in the report header")
    screen.add_argument("--officer", default="", help="officer named in the report header")
    screen.add_argument("--page-size", choices=("A4", "Letter"), default="A4", help="report page size")
    screen.add_argument("--portrait", action="store_true", help="portrait report pages (default landscape)")
    screen.add_argument("--quiet", action="store_true", help="print only the summary counts")
    _add_decision_commands(sub)
    add_lookback_parser(sub)
    return parser


def _shortened(text: str, limit: int = 60) -> str:
    """A cell as one summary line shows it: a 30,000-character reference must not flood the terminal."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _add_decision_commands(sub: Any) -> None:
    """`decide`, `decisions` and `audit`: decisions on alerts and the audit trail, kept in the store."""
    decide = sub.add_parser(
        "decide",
        help="record a decision on a row's alert",
        description="Record a decision on an alert of a screened row (the row's fingerprint is in the "
        "screening JSON). For a designated-party hit, --rule is the listing reference (KPe.035, IMO 8660313).",
    )
    decide.add_argument("fingerprint", metavar="FINGERPRINT")
    decide.add_argument("--rule", required=True, metavar="RULE_ID", help="the rule id, or the listing reference")
    decide.add_argument("--decision", required=True, choices=("cleared", "blocked", "escalated"))
    decide.add_argument("--note", required=True, metavar="TEXT")
    decide.add_argument("--officer", required=True, metavar="NAME")
    decide.add_argument("--exemption", metavar="REF", help="the exemption claimed (with --valid-until)")
    decide.add_argument("--valid-until", type=_as_of, metavar="YYYY-MM-DD", help="last day the exemption holds")
    listing = sub.add_parser("decisions", help="list or export the decisions in force")
    listing_sub = listing.add_subparsers(dest="decisions_command", required=True)
    show = listing_sub.add_parser("list", help="list the decisions in force (newest first)")
    show.add_argument("--status", choices=("cleared", "blocked", "escalated"), help="only this decision")
    show.add_argument("--all", action="store_true", help="include decisions replaced by a later one")
    show.add_argument("--export", metavar="OUT.csv|OUT.xlsx", help="write them as CSV or an Excel workbook")
    trail = sub.add_parser("audit", help="list, show, export or verify the audit log")
    trail_sub = trail.add_subparsers(dest="audit_command", required=True)
    trail_sub.add_parser("list", help="one line per record")
    one = trail_sub.add_parser("show", help="one record in full")
    one.add_argument("id", type=int, metavar="ID")
    export = trail_sub.add_parser("export", help="write the log as CSV")
    export.add_argument("out", metavar="OUT.csv")
    trail_sub.add_parser("verify", help="check every link of the hash chain")


def _print_summary(run: ScreeningRun, listed: list[RowResult], out: TextIO, quiet: bool) -> None:
    from compliance.run import status_counts_line

    tally = run.tally
    for opened in run.inputs:
        parts = []
        for s in opened.sheets:
            if s.skipped:
                parts.append(f"{s.name}: skipped ({s.skipped})")
            else:
                parts.append(f"{s.name}: {s.rows} rows, header in row {s.header_row}")
        print(f"{opened.name}: " + "; ".join(parts), file=out)
        for s in opened.sheets:
            for note in s.notes:
                print(f"  {s.name}: {note}", file=out)
    as_of = f"as of {run.as_of.isoformat()}" if run.as_of else "each row at its own date"
    if run.parties is None:
        from compliance.designations.parties import OFF_NOTICE

        print(f"{OFF_NOTICE} Add --designations PATH to screen names and IMO numbers.", file=out)
    else:
        for designations in run.parties.lists:
            when = designations.generated.isoformat() if designations.generated else "undated"
            print(
                f"Designations: {designations.name} ({when}, {len(designations.listings)} DPRK entries, "
                f"SHA-256 {designations.sha256[:12]}...), match {run.parties.match_threshold:g}, "
                f"review {run.parties.review_threshold:g}",
                file=out,
            )
    print(f"Screened {tally.rows} rows ({as_of}).", file=out)
    print(f"  {run.current.title}: {status_counts_line(tally.current)}", file=out)
    print(f"  {run.draft.title}: {status_counts_line(tally.draft)}", file=out)
    print(
        f"  The draft would change {tally.changed} rows ({tally.relaxed} relaxed, "
        f"{tally.tightened} tightened). {run.draft.status_note or ''}".rstrip(),
        file=out,
    )
    if quiet or not listed:
        return
    print("\nRows to look at (measures in force -> draft):", file=out)
    for result in listed[:MAX_LISTED]:
        top = result.current.hits[0]
        where = f"{result.source.sheet}!{result.source.row}"
        ref = _shortened(result.reference) or "(no reference)"
        cite = f" [{top.citation_text()}]" if top.citation else ""
        print(
            f"  {where:<16} {ref:<14} {result.current.status:<10} -> {result.draft.status:<10} {top.title}{cite}",
            file=out,
        )
    flagged = tally.current["prohibited"] + tally.current["review"]
    if flagged > MAX_LISTED:
        print(f"  ... and {flagged - MAX_LISTED} more (every row is in the JSON)", file=out)


def _designation_path(value: str) -> str:
    """A list path as given, or the freshly downloaded official list for 'official'."""
    if value != "official":
        return value
    from platformdirs import user_data_dir

    from compliance.designations.fetch import fetch_official_list

    return str(fetch_official_list(Path(user_data_dir("Sanctions Desk")) / "designations").path)


def _passing(results: Iterable[RowResult], sinks: Sequence[Callable[[RowResult], object]]) -> Iterator[RowResult]:
    """The results, each first handed to every sink: one screening feeds every output."""
    for result in results:
        for sink in sinks:
            sink(result)
        yield result


def _sources(args: argparse.Namespace) -> list[str]:
    """Every file the run reads: no output may name one of them."""
    from compliance.paths import rules_dir

    files = list(args.inputs) + [p for p in args.designations if p != "official"]
    with contextlib.suppress(OSError):  # a missing rules folder is reported when the rules are loaded
        files += [entry.path for entry in os.scandir(args.rules or rules_dir()) if entry.is_file()]
    return files


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse, before anything is read, an output that would destroy an input or cannot be written."""
    from compliance.outputs.paths import Output, check_outputs

    asked = (("--json", args.json), ("--xlsx", args.xlsx), ("--report", args.report))
    outputs = [Output(option, path) for option, path in asked if path is not None]
    check_outputs(outputs, _sources(args), to_stdout=frozenset({"--json"}), scratch=bool(args.xlsx))


def _written_name(path: str) -> str:
    from compliance.outputs.atomic import STDOUT

    return "standard output" if path == STDOUT else path


def _write_outputs(
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
                written.append(_written_name(args.json))
            results = _passing(run.results(), sinks)
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


def run_screen(args: argparse.Namespace, out: TextIO, pdf_writer: PdfWriter | None = None) -> int:
    """The `screen` command."""
    from compliance.model.errors import ComplianceError
    from compliance.outputs.atomic import STDOUT

    if args.report and pdf_writer is None:
        _fail("error: --report needs the desktop components (run it through main.py)")
        return EXIT_BAD_INPUT
    # With the JSON on standard output, the summary goes to standard error; every line is made printable.
    shown = cast(TextIO, PrintableStream(sys.stderr if args.json == STDOUT else out))
    try:
        _check_outputs(args)
        log = _screening_log(args)
    except ComplianceError as exc:
        _fail(f"error: {exc.one_line()}")
        return EXIT_BAD_INPUT
    try:
        return _screen_logged(args, shown, pdf_writer, log)
    finally:
        log.close()


def _screening_log(args: argparse.Namespace) -> ScreeningLog:
    """The run's record in the decisions store (opened before any row is read: a run is never unrecorded)."""
    from compliance.decisions.commands import ScreeningLog

    settings = {
        "sheet": args.sheet,
        "map": dict(args.map),
        "leave_out": list(args.leave_out),
        "rules": args.rules,
        "designations": list(args.designations),
        "organisation": args.organisation,
    }
    return ScreeningLog(list(args.inputs), args.officer, settings)


def _screen_logged(args: argparse.Namespace, shown: TextIO, pdf_writer: PdfWriter | None, log: ScreeningLog) -> int:
    """The `screen` command once its outputs are checked and its record opened."""
    from compliance.model.errors import ComplianceError
    from compliance.model.status import Status
    from compliance.paths import rules_dir

    listed: list[RowResult] = []

    def keep(result: RowResult) -> None:
        if result.current.status > Status.PERMITTED and len(listed) <= MAX_LISTED:
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
                left_out=args.leave_out,
            )
            written = _write_outputs(args, run, keep, pdf_writer, log.start(run))
            log.finish()
    except ComplianceError as exc:
        _fail(f"error: {exc.one_line()}")
        _warn(log.failed(f"failed: {exc.one_line()}"))
        return EXIT_BAD_INPUT
    except Stopped as stop:
        _fail(f"stopped by {STOP_NAMES.get(stop.signum, 'a signal')}: nothing was written")
        _warn(log.failed(f"stopped by {STOP_NAMES.get(stop.signum, 'a signal')}"))
        return 128 + stop.signum
    except OSError as exc:  # any write this run could not make that no writer above named (one line, no traceback)
        _fail(f"error: {exc.filename or 'output'}: {exc.strerror or exc}")
        _warn(log.failed(f"failed: {exc.filename or 'output'}: {exc.strerror or exc}"))
        return EXIT_BAD_INPUT
    _print_summary(run, listed, shown, args.quiet)
    if log.recorder is not None:
        for line in log.recorder.summary_lines():
            print(line, file=shown)
    if written:
        print("\nWritten: " + ", ".join(written), file=shown)
    if args.fail_on:
        threshold = Status(args.fail_on)
        counts = run.tally.current
        if any(counts[str(s)] for s in Status if s >= threshold):
            return EXIT_FAIL_ON
    return EXIT_OK


def _warn(line: str | None) -> None:
    if line:
        _fail(line)


def run_decision_command(args: argparse.Namespace, out: TextIO) -> int:
    """`decide`, `decisions list` and `audit list|show|export|verify`."""
    from compliance.decisions.commands import run_command

    return run_command(args, cast(TextIO, PrintableStream(out)), sys.stderr)


def run_self_test(out: TextIO, pdf_writer: PdfWriter | None = None) -> int:
    """The `--self-test` option: 0 when every sample row gets its expected verdicts (and, with a PDF
    writer, the sample's report is written as a PDF), else 1."""
    from compliance.model.errors import ComplianceError
    from compliance.selftest import run_self_test as self_test

    try:
        result = self_test()
    except ComplianceError as exc:
        _fail(f"self-test failed: {exc.one_line()}")
        return EXIT_FAIL_ON
    for line in result.mismatches:
        print(f"  {line}", file=out)
    verdict = "passed" if result.passed else "FAILED"
    print(f"Self-test {verdict}: {result.checked} sample rows, {len(result.mismatches)} mismatches.", file=out)
    if pdf_writer is not None:
        written = _sample_report_pages(pdf_writer)
        print(f"Self-test {'passed' if written > 0 else 'FAILED'}: the sample's PDF report, {written} pages.", file=out)
        if written <= 0:
            return EXIT_FAIL_ON
    return EXIT_OK if result.passed else EXIT_FAIL_ON


def _sample_report_pages(pdf_writer: PdfWriter) -> int:
    """Pages of the sample's report written to a scratch folder as a PDF (0 when it is not a PDF)."""
    import tempfile

    from compliance.outputs.report.model import build_report
    from compliance.paths import rules_dir, sample_workbook
    from compliance.run import start_run

    run = start_run([sample_workbook()], rules_dir=rules_dir())
    report = build_report(run, run.results(), organisation="Self-test", officer="", generated_at=dt.datetime.now())
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "self-test.pdf"
        pages = pdf_writer(report, str(target), "A4", True)
        return pages if target.read_bytes().startswith(b"%PDF-") else 0


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not at least 1")
    return value


_megabytes = _number_between(0.001, 4096)


def add_lookback_parser(sub: Any) -> None:
    """The `lookback` command's arguments."""
    lookback = sub.add_parser(
        "lookback",
        help="re-screen many files (CSV, Parquet, workbooks) on a Dask cluster into a results folder",
        description="Re-screen every row of many files on a Dask cluster (a local one by default) and write "
        "a Parquet results dataset, summary.json and the PDF report of the flagged rows to OUT_DIR. "
        "Started again with the same arguments, it finishes what an interrupted run left.",
    )
    lookback.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or globs ('ledgers/*.csv')")
    lookback.add_argument("--out", required=True, metavar="OUT_DIR", help="results folder (new, empty, or to resume)")
    lookback.add_argument(
        "--regime", action="append", default=[], metavar="PACK.toml",
        help="a further amendment pack to screen under (repeatable): one more status column each",
    )  # fmt: skip
    lookback.add_argument(
        "--as-of", type=_as_of, metavar="YYYY-MM-DD", help="judge every row at this date instead of its own date"
    )
    lookback.add_argument(
        "--designations", action="append", default=[], metavar="PATH",
        help="UN Consolidated List (XML) or 1718 Designated Vessels List (CSV); repeatable",
    )  # fmt: skip
    lookback.add_argument("--match-threshold", type=_score, metavar="0-100", help="name score that prohibits")
    lookback.add_argument("--review-threshold", type=_score, metavar="0-100", help="name score that asks review")
    lookback.add_argument("--rules", metavar="DIR", help="folder of rule packs (default: the bundled ones)")
    lookback.add_argument("--workers", type=_count, metavar="N", help="local worker processes (default: the cores)")
    lookback.add_argument("--scheduler", metavar="ADDRESS", help="run on this Dask cluster (tcp://host:8786)")
    lookback.add_argument(
        "--partition-mb", type=_megabytes, default=16, metavar="MB", help="MB of CSV per partition (default 16)"
    )
    lookback.add_argument("--no-report", action="store_true", help="do not write the PDF report")
    lookback.add_argument("--organisation", default="", help="organisation named in the report header")
    lookback.add_argument("--officer", default="", help="officer named in the report header")
    lookback.add_argument("--page-size", choices=("A4", "Letter"), default="A4", help="report page size")
    lookback.add_argument("--portrait", action="store_true", help="portrait report pages (default landscape)")
    lookback.add_argument("--quiet", action="store_true", help="no progress bar")


def run_lookback_command(args: argparse.Namespace, out: TextIO, pdf_writer: PdfWriter | None = None) -> int:
    """The `lookback` command: 0 when every input was screened, 2 when one could not be (the rest are)."""
    from compliance.model.errors import ComplianceError
    from compliance.paths import rules_dir

    shown = cast(TextIO, PrintableStream(out))
    try:
        with stopped_by_signals():
            from compliance.designations.parties import load_party_screening
            from compliance.lookback.context import Context
            from compliance.lookback.progress import RowProgress
            from compliance.lookback.run import LookbackOptions, run_lookback
            from compliance.rules.packs import load_pack
            from compliance.rules.regime import amended_regime, load_regimes
            from compliance.run import status_counts_line

            options = LookbackOptions(
                inputs=list(args.inputs),
                out_dir=args.out,
                rules_dir=str(args.rules or rules_dir()),
                regimes=list(args.regime),
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
            # Loaded here first, so that a bad pack or list is named by its own path before any work starts.
            current, draft = load_regimes(options.rules_dir)
            others = tuple(amended_regime(current.book, load_pack(p)) for p in options.regimes)
            parties = load_party_screening(options.designations, options.match_threshold, options.review_threshold)
            context = Context(current, draft, others, parties)
            progress = RowProgress(shown=not args.quiet)
            try:
                outcome = run_lookback(
                    options, context, lambda line: print(printable(line), file=sys.stderr), progress, pdf_writer
                )
            finally:
                progress.stop()
    except ComplianceError as exc:
        _fail(f"error: {exc.one_line()}")
        return EXIT_BAD_INPUT
    except Stopped as stop:
        _fail(
            f"stopped by {STOP_NAMES.get(stop.signum, 'a signal')}: the partitions committed so far are kept; "
            "run the same command again to finish"
        )
        return 128 + stop.signum
    except OSError as exc:
        _fail(f"error: {exc.filename or 'output'}: {exc.strerror or exc}")
        return EXIT_BAD_INPUT
    summary = outcome.summary
    earlier = summary["partitions"]["rows_from_earlier_run"]
    now = summary["rows"] - earlier
    rate = now / outcome.seconds if outcome.seconds > 0 else 0.0
    print(f"Screened {now:,} rows in {outcome.seconds:,.1f} s ({rate:,.0f} rows a second).", file=shown)
    if earlier:
        print(f"  With the {earlier:,} rows an earlier run committed: {summary['rows']:,} rows.", file=shown)
    print(f"  {current.title}: {status_counts_line(summary['current'])}", file=shown)
    print(f"  {draft.title}: {status_counts_line(summary['draft'])}", file=shown)
    for regime in others:
        print(f"  {regime.title}: {status_counts_line(summary['others'][regime.id])}", file=shown)
    print(
        f"  The draft would change {summary['changed']:,} rows ({summary['relaxed']:,} relaxed, "
        f"{summary['tightened']:,} tightened).",
        file=shown,
    )
    for line in outcome.failures:
        print(f"  Not screened: {line}", file=shown)
    print("Written: " + ", ".join(outcome.written), file=shown)
    return EXIT_BAD_INPUT if outcome.failures else EXIT_OK


def wants_cli(argv: Sequence[str]) -> bool:
    """Whether the arguments are for the command line (screen, --version, --help) rather than the app."""
    commands = ("screen", "lookback", "--version", "--self-test", "-h", "--help", *DECISION_COMMANDS)
    return bool(argv) and argv[0] in commands


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, pdf_writer: PdfWriter | None = None) -> int:
    """The command-line entry: `screen`, `--self-test`, `--version` and `--help`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        if args.command == "screen":
            return run_screen(args, out or sys.stdout, pdf_writer)
        if args.command in DECISION_COMMANDS:
            return run_decision_command(args, out or sys.stdout)
        if args.command == "lookback":
            return run_lookback_command(args, out or sys.stdout, pdf_writer)
        if args.self_test:
            return run_self_test(out or sys.stdout, pdf_writer)
    except KeyboardInterrupt:  # Ctrl-C before the screening began or after it was written
        _fail("stopped by Ctrl-C")
        return EXIT_INTERRUPTED
    build_parser().print_help(out or sys.stdout)
    return EXIT_OK
