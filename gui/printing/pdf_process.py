"""The report's PDF laid out in a process of its own, so the window never waits for it.

Qt lays a QTextDocument out in long C++ calls during which PySide keeps the interpreter to itself:
on a thread of the window's process, a report of a few hundred pages froze the window for half a
second at a time, and a million-row ledger's report runs to thousands of pages. A child process
renders the PDF into memory (the same `printing.pdf_bytes` the command line uses), reports each
page as it goes, and hands the bytes back; this process writes them atomically. Cancelling stops the
child at once: it never touches the disk, so nothing is left behind.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Final

from compliance.model.errors import OutputFileError
from compliance.outputs.report.model import Report
from gui.tasks import Cancelled

POLL_SECONDS: Final = 0.05
"""How often the waiting thread looks for a page report or a cancel."""


def _render(report: Report, page_size: str, landscape: bool, out: Connection) -> None:
    """In the child: ("page", n, pages) messages, then ("done", data, pages) or ("error", reason)."""
    # Ctrl-C in a terminal reaches the whole process group: the parent decides when the child stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # nothing is shown: no display is needed
    try:
        from gui.printing import document as printing

        size: printing.PageSizeName = "Letter" if page_size == "Letter" else "A4"

        def page(number: int, pages: int) -> None:
            out.send(("page", number, pages))

        data, pages = printing.pdf_bytes(report, page_size=size, landscape=landscape, progress=page)
        out.send(("done", data, pages))
    except BaseException as exc:  # whatever happens must reach the window as one line
        with contextlib.suppress(OSError):  # the window may have stopped listening (cancelled)
            out.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        out.close()


def render_pdf_in_child(
    report: Report,
    path: str | Path,
    *,
    page_size: str = "A4",
    landscape: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the report as a PDF laid out by a child process; returns its page count.

    Raises Cancelled when `cancelled()` turns true, OutputFileError when the PDF cannot be made or
    written. Meant for a worker thread: it waits on the child.
    """
    from gui.printing.document import save_pdf

    context = multiprocessing.get_context("spawn")  # a forked copy of a Qt process is not safe
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_render, args=(report, page_size, landscape, sender), name="pdf-report", daemon=True)
    child.start()
    sender.close()
    try:
        while True:
            if cancelled is not None and cancelled():
                raise Cancelled
            if not receiver.poll(POLL_SECONDS):
                continue
            try:
                message: tuple[Any, ...] = receiver.recv()
            except (EOFError, OSError):
                raise OutputFileError(
                    f"cannot write the PDF: the process laying it out stopped (exit code {child.exitcode})",
                    path=str(path),
                ) from None
            if message[0] == "page":
                if progress is not None:
                    progress(message[1], message[2])
            elif message[0] == "done":
                save_pdf(message[1], path)
                return int(message[2])
            else:
                raise OutputFileError(f"cannot write the PDF: {message[1]}", path=str(path))
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join()


__all__ = ["render_pdf_in_child"]
