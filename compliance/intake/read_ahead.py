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

from collections.abc import Iterator
from typing import Any, Final

from compliance.child import Child, ChildError, ChildStopped, Send
from compliance.intake.xlsx_stream import XlsxStream, XlsxStreamError, read_error

BATCH_ROWS: Final = 1_000
"""Rows per message: big enough that the pipe's cost per message vanishes, small enough to stream."""

NumberedRow = tuple[int, list[Any]]


class ReadAheadError(Exception):
    """The worker could not read the sheet; the message is the one-line reason."""


def _read_sheet(
    path: str, name: str, columns: tuple[int, int], identity: tuple[int, int], part: str | None, send: Send
) -> None:
    """In the worker: send the rows in batches; a failure becomes the reader's one-line reason."""
    try:
        book = XlsxStream(path)
        if book.identity != identity:
            raise XlsxStreamError("was changed while it was being read; screen it again")
        batch: list[NumberedRow] = []
        for numbered in book.sheet(name, columns, part).numbered_rows():
            batch.append(numbered)
            if len(batch) >= BATCH_ROWS:
                send(batch)
                batch = []
        if batch:
            send(batch)
    except BrokenPipeError:
        raise  # the screening was cancelled: nobody is reading any more
    except Exception as exc:
        raise ChildError(read_error(exc)) from None


def rows_read_ahead(
    path: str, name: str, columns: tuple[int, int], identity: tuple[int, int], part: str | None = None
) -> Iterator[NumberedRow]:
    """(Excel row number, cells) of a streamed sheet, parsed by a worker process; ReadAheadError on failure.

    `part` picks the sheet by its zip member when two sheets share a name. Closing the iterator early
    (a cancelled screening) stops the worker.
    """
    with Child(_read_sheet, (path, name, columns, identity, part), name="sheet-reader", doing="reading it") as child:
        try:
            for batch in child:
                yield from batch
        except ChildStopped as exc:
            raise ReadAheadError(f"cannot be read: {exc}") from None
        except ChildError as exc:
            raise ReadAheadError(str(exc)) from None


__all__ = ["BATCH_ROWS", "ReadAheadError", "rows_read_ahead"]
