"""How a command ends: its exit codes, its one-line failures, and stopping cleanly on Ctrl-C or SIGTERM."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import TYPE_CHECKING

from compliance.outputs.terminal import printable

if TYPE_CHECKING:
    from compliance.outputs.report.model import Report

PdfWriter = Callable[["Report", str, str, bool], int]
"""Renders a report to PDF (path, page size, landscape) and returns the page count; the desktop layer
provides it, since PDF rendering needs Qt and the engine never imports Qt."""

EXIT_OK, EXIT_FAIL_ON, EXIT_BAD_INPUT = 0, 1, 2
EXIT_INTERRUPTED = 130
"""Ctrl-C (128 + SIGINT); a SIGTERM ends the run with 143 (128 + SIGTERM)."""
STOP_NAMES: dict[int, str] = {int(signal.SIGINT): "Ctrl-C", int(signal.SIGTERM): "SIGTERM"}


class Stopped(BaseException):
    """The run was stopped by a signal; raised where it arrived so that every clean-up runs on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def by(self) -> str:
        """The signal in the officer's words: 'Ctrl-C' or 'SIGTERM'."""
        return STOP_NAMES.get(self.signum, "a signal")


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


def fail(message: str) -> None:
    """One line on standard error, with any control or bidi character in it made visible."""
    print(printable(message), file=sys.stderr)  # noqa: T201 - the command line speaks on standard error


def warn(line: str | None) -> None:
    """`fail` for a line that may be absent (a record that could not be written, say)."""
    if line:
        fail(line)
