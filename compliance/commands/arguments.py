"""The arguments the command line and the desktop app share: the parser's one-line errors and the
argument types (dates, scores, counts, column mappings), each defined once."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

from compliance.commands.ending import EXIT_BAD_INPUT, fail

AS_OF_HELP = "judge every row at this date instead of its own date"


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit code 2, like every other bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        fail(f"{self.prog}: {message}")
        self.exit(EXIT_BAD_INPUT)


def as_of_date(text: str) -> dt.date:
    """An argument type: a date in the form YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def add_as_of(parser: argparse.ArgumentParser) -> None:
    """The `--as-of` option, the same wherever rows are judged."""
    parser.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD", help=AS_OF_HELP)


def number_between(low: float, high: float) -> Callable[[str], float]:
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


score = number_between(0, 100)
"""A name score, 0 to 100."""

megabytes = number_between(0.001, 4096)
"""A partition size in MB."""


def whole_count(text: str) -> int:
    """An argument type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not at least 1")
    return value


def column_mapping(text: str) -> tuple[str, str]:
    """An argument type: `field=Header`, a column to read as a field."""
    field, sep, header = text.partition("=")
    if not sep or not field.strip() or not header.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not of the form field=Header")
    return field.strip(), header.strip()


def add_report_header(parser: argparse.ArgumentParser) -> None:
    """The report's header and page options, the same for `screen` and `lookback`."""
    parser.add_argument("--organisation", default="", help="organisation named in the report header")
    parser.add_argument("--officer", default="", help="officer named in the report header")
    parser.add_argument("--page-size", choices=("A4", "Letter"), default="A4", help="report page size")
    parser.add_argument("--portrait", action="store_true", help="portrait report pages (default landscape)")
