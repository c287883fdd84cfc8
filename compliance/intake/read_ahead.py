"""A streamed worksheet read in a second process, while this one screens the rows already read.

At a million rows, parsing the worksheet XML takes about as long as everything else a screening
does with the rows (building them, evaluating them under both regimes, writing the JSON), and it
is all Python, so one core does both in turn. Here a worker process parses the sheet with the very
same reader (`XlsxStream`) and sends its raw rows in batches through a pipe; this process builds,
screens and writes them as they come. Rows arrive in order, cell for cell what the reader gives in
this process, so nothing downstream can tell the difference but the time.

Only large rows-by-row reads are worth a process: a worksheet small enough for calamine is parsed
in one call that cannot be split, and rows are too cheap to screen to be worth sending anywhere
one by one (sending a row costs about what screening it does).

The pipe holds a few batches at most, so a worker never runs far ahead of the screening (memory
stays flat), and closing the row iterator early (a cancelled screening) stops the worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any, Final

from compliance.intake.xlsx_stream import XlsxStream, XlsxStreamError, read_error

BATCH_ROWS: Final = 1_000
"""Rows per message: big enough that the pipe's cost per message vanishes, small enough to stream."""

NumberedRow = tuple[int, list[Any]]


class ReadAheadError(Exception):
    """The worker could not read the sheet; the message is the one-line reason."""


def _read_sheet(
    path: str, name: str, columns: tuple[int, int], identity: tuple[int, int], out: Connection, part: str | None = None
) -> None:
    """In the worker: send ("rows", batch) messages, then ("end", None) or ("error", reason)."""
    # Ctrl-C in a terminal reaches the whole process group; the screening process stops this one, so
    # it must not print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        book = XlsxStream(path)
        if book.identity != identity:
            raise XlsxStreamError("was changed while it was being read; screen it again")
        batch: list[NumberedRow] = []
        for numbered in book.sheet(name, columns, part).numbered_rows():
            batch.append(numbered)
            if len(batch) >= BATCH_ROWS:
                out.send(("rows", batch))
                batch = []
        if batch:
            out.send(("rows", batch))
        out.send(("end", None))
    except BrokenPipeError:
        pass  # the screening was cancelled: nobody is reading any more
    except Exception as exc:  # any failure must reach the screening as its one-line reason
        with contextlib.suppress(OSError):  # nobody may be reading any more
            out.send(("error", read_error(exc)))
    finally:
        out.close()


def rows_read_ahead(
    path: str, name: str, columns: tuple[int, int], identity: tuple[int, int], part: str | None = None
) -> Iterator[NumberedRow]:
    """(Excel row number, cells) of a streamed sheet, parsed by a worker process; ReadAheadError on failure.

    `part` picks the sheet by its zip member when two sheets share a name.
    """
    # spawn, not fork: the desktop app screens on a thread of a process Qt has made multi-threaded.
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(
        target=_read_sheet, args=(path, name, columns, identity, sender, part), name="sheet-reader", daemon=True
    )
    worker.start()
    sender.close()  # the worker holds the only sending end, so its exit ends the pipe
    try:
        while True:
            try:
                kind, payload = receiver.recv()
            except (EOFError, OSError):  # OSError: it stopped in the middle of a message
                raise ReadAheadError(
                    f"cannot be read: the process reading it stopped (exit code {worker.exitcode})"
                ) from None
            if kind == "rows":
                yield from payload
            elif kind == "error":
                raise ReadAheadError(payload)
            else:
                return
    finally:
        receiver.close()
        if worker.is_alive():
            worker.terminate()  # stopped early: the rest of the sheet is not wanted
        worker.join()


__all__ = ["BATCH_ROWS", "ReadAheadError", "rows_read_ahead"]
