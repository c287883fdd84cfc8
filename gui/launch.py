"""The program's entry point: the `screen` command runs in the terminal, anything else opens the app.

Qt is imported only on the app's path, so `screen` and `--help` start at once.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from compliance.cli import main as cli_main
from compliance.cli import wants_cli

if TYPE_CHECKING:
    from compliance.outputs.report.model import Report


def write_pdf(report: Report, path: str, page_size: str, landscape: bool) -> int:
    """Render a report to PDF for the command line (Qt offscreen when there is no display)."""
    from gui.printing.document import render_pdf

    return render_pdf(report, path, page_size="Letter" if page_size == "Letter" else "A4", landscape=landscape)


def write_pdf_in_child(report: Report, path: str, page_size: str, landscape: bool) -> int:
    """Render a report to PDF in a child process, as the app's Export PDF does."""
    from gui.printing.pdf_process import render_pdf_in_child

    return render_pdf_in_child(report, path, page_size=page_size, landscape=landscape)


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the command line or the desktop app."""
    # In the bundled program, a process started to read a large sheet runs its task and stops here.
    multiprocessing.freeze_support()
    args = list(sys.argv[1:] if argv is None else argv)
    if wants_cli(args):
        # The self-test writes the sample's report the app's way, so a bundle proves it can.
        writer = write_pdf_in_child if args[:1] == ["--self-test"] else write_pdf
        return cli_main(args, pdf_writer=writer)
    from gui.app import run_app

    return run_app(args)
