"""A part read in bounded chunks, and a worksheet part driven chunk by chunk through both paths."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any

from compliance.intake.safety.xml_scan import utf8_chunks
from compliance.intake.safety.zip_scan import inflate
from compliance.intake.xlsx_stream.fast import _cut, _fast_state
from compliance.intake.xlsx_stream.parser import _DATA, _DONE, _Parser

if TYPE_CHECKING:
    from compliance.intake.xlsx_stream.workbook import XlsxStream


_SPLIT: int | None = None
"""Tests set this to re-cut the inflated chunks small, so that every boundary case is met."""


def _blocks(book: XlsxStream, info: zipfile.ZipInfo) -> Generator[bytes, None, None]:
    """A part's bytes in bounded chunks (UTF-16 parts transcoded, a UTF-8 BOM dropped).

    Rows are read while they are screened, long after the file was vetted: each chunk first
    checks that the file has not been written to since (XlsxStreamError if it has).
    (Inflating on a worker thread does not pay: zlib takes the GIL back for every block of
    output, so it waits on the parsing thread instead of overlapping it.)
    """
    with open(book.path, "rb") as handle:
        first = True
        for chunk in utf8_chunks(inflate(handle, info)):
            book.check_unchanged(handle)
            if first:
                first = False
                if chunk.startswith(b"\xef\xbb\xbf"):
                    chunk = chunk[3:]
            if _SPLIT is None:
                yield chunk
            else:
                for start in range(0, len(chunk), _SPLIT):
                    yield chunk[start : start + _SPLIT]


def _nothing() -> Iterator[tuple[int, list[Any]]]:
    return iter(())


def _drive(
    book: XlsxStream,
    info: zipfile.ZipInfo,
    parser: _Parser,
    fast: Callable[[bytes, int, int], bool],
    flush: Callable[[], Iterator[tuple[int, list[Any]]]],
) -> Iterator[tuple[int, list[Any]]]:
    """Read a worksheet part chunk by chunk: each run of complete cells goes to `fast` when it can
    describe them all (False: it changed nothing), the rest to the parser; after each chunk, hand
    out what `flush` has (the rows completed)."""
    blocks = _blocks(book, info)
    try:
        leftover = b""
        for block in blocks:
            buf = leftover + block if leftover else block
            pos = 0
            while parser.state != _DONE:
                if parser.state == _DATA:
                    cut = _cut(buf, pos)
                    if cut != -1:
                        if fast(buf, pos, cut):
                            _fast_state(parser, buf, pos, cut)
                            pos = cut
                            continue
                        new = parser.run(buf, pos, cut, final=False)  # the marked region
                        if new > pos:
                            pos = new
                            continue
                # Before the sheet data, inside a cell, or no complete cell: the exact way,
                # until the parser is between cells again.
                new = parser.run(buf, pos, len(buf), final=False, until_data=True)
                if new == pos:
                    break
                pos = new
            yield from flush()
            if parser.state == _DONE:
                return
            leftover = buf[pos:]
        parser.run(leftover, 0, len(leftover), final=True)
        parser.finish()
    finally:
        blocks.close()  # closes the file when the sheet data ends early
    yield from flush()
