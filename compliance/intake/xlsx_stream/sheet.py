"""One worksheet: pass 1 finds its used columns, pass 2 (`rows`) hands out its rows."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from compliance.intake.xlsx_stream.chunks import _drive, _nothing
from compliance.intake.xlsx_stream.fast import _lone_cell, _plain, _widening
from compliance.intake.xlsx_stream.parser import _NoValues, _Parser
from compliance.intake.xlsx_stream.rows import _RowReader

if TYPE_CHECKING:
    from compliance.intake.xlsx_stream.workbook import XlsxStream


class StreamedSheet:
    """One worksheet, read from its part on each iteration; its used columns are known up front."""

    def __init__(self, book: XlsxStream, info: zipfile.ZipInfo, columns: tuple[int, int] | None = None) -> None:
        self.book = book
        self.info = info
        # A reader in a second process is handed the columns the first pass already found.
        self.columns = columns if columns is not None else self._used_columns()
        """(first, last) 0-based used columns, or None when the sheet has no cells."""

    @property
    def start_column(self) -> int | None:
        return None if self.columns is None else self.columns[0]

    @property
    def width(self) -> int:
        return 0 if self.columns is None else self.columns[1] - self.columns[0] + 1

    # -- pass 1: the used columns --
    def _used_columns(self) -> tuple[int, int] | None:
        bounds: list[tuple[int, int] | None] = [None]

        def widen(_row: int, col: int, _value: Any) -> None:
            current = bounds[0]
            if current is None:
                bounds[0] = (col, col)
            elif not current[0] <= col <= current[1]:
                bounds[0] = (min(current[0], col), max(current[1], col))

        # Values are not read here (no shared strings, no dates): only whether a cell has one.
        parser = _Parser(_NoValues(), widen)

        def fast(buf: bytes, pos: int, end: int) -> bool:
            return self._widen_fast(buf, pos, end, bounds, widen)

        for _ in _drive(self.book, self.info, parser, fast, _nothing):
            pass
        return bounds[0]

    def _widen_fast(
        self,
        buf: bytes,
        pos: int,
        end: int,
        bounds: list[tuple[int, int] | None],
        widen: Callable[[int, int, Any], None],
    ) -> bool:
        """Widen the bounds by the cells of buf[pos:end] outside them; False if it needs the parser."""
        if not _plain(buf, pos, end):
            return False
        search = _widening(bounds[0]).search
        while (found := search(buf, pos, end)) is not None:
            start = found.start()
            close = buf.find(b"</c>", start, end)
            if not buf.startswith(b'<c r="', start) or close == -1:
                return False  # a cell without a leading reference, or rich text
            col = _lone_cell(buf, start, close + 4)
            if col is not None:
                widen(0, col, None)
                search = _widening(bounds[0]).search
            pos = close + 4
        return True

    # -- pass 2: the rows --
    def numbered_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(Excel row number, cells from the first used column) for each row holding a cell."""
        if self.columns is None:
            return
        yield from _RowReader(self).rows()

    def iter_rows(self) -> Iterator[list[Any]]:
        """Every row from the sheet's first, padded as python-calamine's `iter_rows` gives them."""
        width = self.width
        previous = 0
        for number, row in self.numbered_rows():
            for _ in range(previous + 1, number):
                yield [""] * width
            yield row
            previous = number
