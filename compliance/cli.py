"""The command line: the argument parser of every command, and the entry that dispatches to them.

`screen`, `lookback`, `regimes`, `decide`, `decisions`, `audit`, `--self-test`, `--version` and `--help`. The command
bodies live in `compliance.commands` and are imported only when run, so that `--help` answers at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, TextIO, cast

from compliance import __version__
from compliance.commands.arguments import (
    OneLineParser,
    add_as_of,
    add_report_header,
    as_of_date,
    column_mapping,
    megabytes,
    score,
    whole_count,
)
from compliance.commands.ending import EXIT_INTERRUPTED, EXIT_OK, PdfWriter, fail
from compliance.commands.regimes import add_regimes_parser
from compliance.outputs.terminal import PrintableStream

__all__ = ["build_parser", "main", "wants_cli"]

DECISION_COMMANDS = ("decide", "decisions", "audit")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for main.py and the sanctions-desk command."""
    parser = OneLineParser(
        prog="sanctions-desk",
        description="Screen shipment and contract ledgers against the UN Security Council measures "
        "on the DPRK in force, compared with the proposals that were never law or a scenario of your own.",
    )
    parser.add_argument("--version", action="version", version=f"Sanctions Desk {__version__}")
    parser.add_argument(
        "--self-test", action="store_true", help="screen the bundled sample headless and check its verdicts"
    )
    sub = parser.add_subparsers(dest="command")
    screen = sub.add_parser(
        "screen",
        help="screen workbooks or csv files and print a summary",
        description="Screen every row of the inputs under a baseline and one or more alternative regimes "
        "(by default the measures in force and the 2019 China-Russia draft, which was never law); print a summary "
        "and optionally write the results as JSON, a workbook or a PDF report.",
    )
    screen.add_argument("inputs", nargs="+", metavar="INPUT", help=".xlsx, .xlsm, .xlsb, .xls, .ods or .csv")
    add_as_of(screen)
    screen.add_argument(
        "--json", metavar="OUT.json", help="write every row's verdicts as JSON ('-': to standard output)"
    )
    screen.add_argument("--sheet", metavar="NAME", help="screen only this sheet")
    screen.add_argument(
        "--map",
        type=column_mapping,
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
        "--regime",
        action="append",
        default=[],
        metavar="ID|PATH.toml",
        help="a regime to screen under (repeatable): the first is the baseline, the second the alternative, "
        "any more are further alternatives; an id from `regimes list` or a scenario's .toml path "
        "(default: --regime in-force --regime draft-2019)",
    )
    screen.add_argument(
        "--fail-on",
        choices=("prohibited", "review"),
        help="exit 1 when a row is at least this severe under the baseline regime",
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
        type=score,
        metavar="0-100",
        help="name score that makes a row prohibited (default 96, from the measured evaluation)",
    )
    screen.add_argument(
        "--review-threshold", type=score, metavar="0-100", help="name score that makes a row review (default 82)"
    )
    screen.add_argument("--report", metavar="OUT.pdf", help="write the screening report as PDF")
    screen.add_argument("--xlsx", metavar="OUT.xlsx", help="write the results as an Excel workbook")
    add_report_header(screen)
    screen.add_argument("--quiet", action="store_true", help="print only the summary counts")
    _add_decision_commands(sub)
    add_lookback_parser(sub)
    add_regimes_parser(sub)
    return parser


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
    decide.add_argument("--valid-until", type=as_of_date, metavar="YYYY-MM-DD", help="last day the exemption holds")
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
        "--regime", action="append", default=[], metavar="ID|SCENARIO.toml",
        help="as for screen: the first is the baseline (current_status), the second the alternative "
        "(draft_status), any more get a status column each (default: --regime in-force --regime draft-2019)",
    )  # fmt: skip
    add_as_of(lookback)
    lookback.add_argument(
        "--designations", action="append", default=[], metavar="PATH",
        help="UN Consolidated List (XML) or 1718 Designated Vessels List (CSV); repeatable",
    )  # fmt: skip
    lookback.add_argument("--match-threshold", type=score, metavar="0-100", help="name score that prohibits")
    lookback.add_argument("--review-threshold", type=score, metavar="0-100", help="name score that asks review")
    lookback.add_argument("--rules", metavar="DIR", help="folder of rule packs (default: the bundled ones)")
    lookback.add_argument(
        "--workers", type=whole_count, metavar="N", help="local worker processes (default: the cores)"
    )
    lookback.add_argument("--scheduler", metavar="ADDRESS", help="run on this Dask cluster (tcp://host:8786)")
    lookback.add_argument(
        "--partition-mb", type=megabytes, default=16, metavar="MB", help="MB of CSV per partition (default 16)"
    )
    lookback.add_argument("--no-report", action="store_true", help="do not write the PDF report")
    add_report_header(lookback)
    lookback.add_argument("--quiet", action="store_true", help="no progress bar")


def wants_cli(argv: Sequence[str]) -> bool:
    """Whether the arguments are for the command line (screen, --version, --help) rather than the app."""
    commands = ("screen", "lookback", "regimes", "--version", "--self-test", "-h", "--help", *DECISION_COMMANDS)
    return bool(argv) and argv[0] in commands


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, pdf_writer: PdfWriter | None = None) -> int:
    """The command-line entry: `screen`, `--self-test`, `--version` and `--help`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        if args.command == "screen":
            from compliance.commands.screen import run_screen

            return run_screen(args, out or sys.stdout, pdf_writer)
        if args.command in DECISION_COMMANDS:
            from compliance.decisions.commands import run_command

            return run_command(args, cast(TextIO, PrintableStream(out or sys.stdout)), sys.stderr)
        if args.command == "lookback":
            from compliance.commands.lookback import run_lookback_command

            return run_lookback_command(args, out or sys.stdout, pdf_writer)
        if args.command == "regimes":
            from compliance.commands.regimes import run_regimes

            return run_regimes(args, out or sys.stdout)
        if args.self_test:
            from compliance.commands.selftest import run_self_test

            return run_self_test(out or sys.stdout, pdf_writer)
    except KeyboardInterrupt:  # Ctrl-C before the screening began or after it was written
        fail("stopped by Ctrl-C")
        return EXIT_INTERRUPTED
    build_parser().print_help(out or sys.stdout)
    return EXIT_OK
