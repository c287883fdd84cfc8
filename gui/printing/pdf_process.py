"""The report's PDF laid out in a process of its own, so the window never waits for it.

Qt lays a QTextDocument out in long C++ calls during which PySide keeps the interpreter to itself:
on a thread of the window's process, a report of a few hundred pages froze the window for half a
second at a time, and a million-row ledger's report runs to thousands of pages. A child process
renders the PDF into memory (the same `printing.pdf_bytes` the command line uses), reports each
page as it goes, and hands the bytes back through the one child protocol (compliance/child.py);
this process writes them atomically. Cancelling stops the child at once: it never touches the
disk, so nothing is left behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from compliance.child import Child, ChildCancelled, ChildError, Send
from compliance.model.errors import OutputFileError
from compliance.outputs.report.model import Report
from gui.tasks import Cancelled


def _render(report: Report, page_size: str, landscape: bool, send: Send) -> tuple[bytes, int]:
    """In the child: send (page, pages) as each page is laid out; return the PDF's bytes and page count."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # nothing is shown: no display is needed
    from gui.printing import document as printing

    size: printing.PageSizeName = "Letter" if page_size == "Letter" else "A4"

    def page(number: int, pages: int) -> None:
        send((number, pages))

    return printing.pdf_bytes(report, page_size=size, landscape=landscape, progress=page)


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

    arguments = (report, page_size, landscape)
    with Child(_render, arguments, name="pdf-report", doing="laying it out", cancelled=cancelled) as child:
        try:
            for number, pages in child:
                if progress is not None:
                    progress(number, pages)
        except ChildCancelled:
            raise Cancelled from None
        except ChildError as exc:  # it failed, or stopped (ChildStopped)
            raise OutputFileError(f"cannot write the PDF: {exc}", path=str(path)) from None
        data, pages = child.result
    save_pdf(data, path)
    return int(pages)


__all__ = ["render_pdf_in_child"]
