"""Pass 2 over a worksheet: its cells into rows, the usual ones in a hot loop."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from compliance.intake.safety.xml_scan import column_letters
from compliance.intake.xlsx_stream.chunks import _drive
from compliance.intake.xlsx_stream.errors import XlsxStreamError
from compliance.intake.xlsx_stream.fast import _CELLS, _CELLS_EMPTY_V, _plain
from compliance.intake.xlsx_stream.markup import _XML_WS, _text, _usize
from compliance.intake.xlsx_stream.parser import _FIRST_TYPES, _PLAIN_V_TYPES, _SKIPPED_V_TYPES, _Parser
from compliance.intake.xlsx_stream.values import _FLOAT, excel_date_value

if TYPE_CHECKING:
    from compliance.intake.xlsx_stream.sheet import StreamedSheet


class _RowReader:
    """Pass 2: cells into rows, handed out as each row completes."""

    def __init__(self, sheet: StreamedSheet) -> None:
        assert sheet.columns is not None
        self.sheet = sheet
        self.book = sheet.book
        first, last = sheet.columns
        self.first = first
        self.width = last - first + 1
        self.columns = {column_letters(c + 1).encode(): c - first for c in range(first, last + 1)}
        self.number = 0  # current row (1-based), 0 before the first
        self.row: list[Any] | None = None
        self.out: list[tuple[int, list[Any]]] = []
        self.parser = _Parser(self.book, self._add)

    def _add(self, row: int, col: int, value: Any) -> None:
        number = row + 1
        if number != self.number:
            self._new_row(number)
        index = col - self.first
        if not 0 <= index < self.width or self.row is None:
            raise XlsxStreamError("has a cell outside the range found when the sheet was scanned")
        self.row[index] = value

    def _new_row(self, number: int) -> None:
        if number < self.number:
            raise XlsxStreamError(
                f"has its rows out of order (row {number} comes after row {self.number}); "
                "a sheet this large is read row by row, so sort it or save it again in Excel"
            )
        if self.row is not None:
            self.out.append((self.number, self.row))
        self.number = number
        self.row = [""] * self.width

    def _flush(self) -> Iterator[tuple[int, list[Any]]]:
        out, self.out = self.out, []
        return iter(out)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        yield from _drive(self.book, self.sheet.info, self.parser, self._fast, self._flush)
        if self.row is not None:
            yield self.number, self.row
            self.row = None

    def _fast(self, buf: bytes, pos: int, end: int) -> bool:
        """Rows from buf[pos:end] when every cell in it is written the usual way, else False."""
        if not _plain(buf, pos, end):
            return False
        cells = _CELLS.findall(buf, pos, end)
        count = buf.count(b"<c", pos, end)
        if len(cells) != count:
            cells = self._with_empty_v(_CELLS_EMPTY_V.findall(buf, pos, end))
            if len(cells) != count:
                return False  # some cell (or rich text) the patterns do not describe
        amp = buf.find(b"&", pos, end) != -1
        cr = buf.find(b"\r", pos, end) != -1
        try:
            self._fast_cells(cells, amp, cr)
        except UnicodeDecodeError:
            raise XlsxStreamError("contains text that is not valid UTF-8") from None
        return True

    def _with_empty_v(self, found: list[tuple[bytes, ...]]) -> list[tuple[bytes, ...]]:
        """Cells with an empty <v/> in the seven groups of the usual pattern: no value, except in
        a text (str) or ISO-date (d) cell, where it is the empty string."""
        cells: list[tuple[bytes, ...]] = []
        for letters, ref_row, style, cell_type, v, trimmed, kept, empty_v in found:
            if empty_v and cell_type not in _PLAIN_V_TYPES:
                self.book.owned_value(cell_type, "")  # raises for an unknown type
                cells.append((letters, ref_row, style, b"", b"", b" ", b""))  # reads as ""
            else:
                cells.append((letters, ref_row, style, cell_type, v, trimmed, kept))
        return cells

    def _fast_cells(self, cells: list[Any], amp: bool, cr: bool) -> None:
        """The hot loop, one tuple per cell. `amp`, `cr`: the chunk has a '&' or a carriage return
        somewhere (text with either goes through `_text`)."""
        book = self.book
        strings = book._strings
        dates = book.date_styles()
        is_1904 = book.is_1904
        columns = self.columns
        width = self.width
        out = self.out
        number, row = self.number, self.row
        current = b""
        float_, decode, strip, ws = float, bytes.decode, str.strip, _XML_WS
        plain_number = _FLOAT.fullmatch
        for letters, ref_row, style, cell_type, v, trimmed, kept in cells:
            if v:
                if not cell_type or cell_type == b"n":
                    if not (v.isdigit() or v.replace(b".", b"", 1).isdigit() or plain_number(v)):
                        # Not a number as calamine reads one: text, an error, or a reference.
                        head = v.partition(b"&")[0]
                        if not head:
                            continue
                        value = book.first_value(head, cell_type or None, style or None)
                    elif style and (entry := dates.get(style)) is not None:
                        kind, cache = entry
                        value = cache.get(v)
                        if value is None:
                            if len(cache) > 65_536:
                                cache.clear()
                            value = cache[v] = excel_date_value(float_(v), kind, is_1904)
                    else:
                        value = float_(v)
                elif cell_type == b"s":
                    if v.isdigit() and len(v) < 19:
                        index = int(v)
                    else:
                        head = v.partition(b"&")[0]
                        if not head:
                            continue
                        index = _usize(head)
                    if strings is None:
                        strings = book.strings
                    if index >= len(strings):
                        raise XlsxStreamError("refers to a shared string that does not exist")
                    value = strings[index]
                elif cell_type == b"str":
                    value = _text(v) if (amp and b"&" in v) or (cr and b"\r" in v) else decode(v)
                elif cell_type in _SKIPPED_V_TYPES:
                    continue
                elif cell_type in _FIRST_TYPES:  # b, e
                    head = v.partition(b"&")[0]
                    if not head:
                        continue
                    value = book.first_value(head, cell_type, style or None)
                else:
                    value = book.owned_value(cell_type, _text(v))
            elif trimmed:
                if (amp and b"&" in trimmed) or (cr and b"\r" in trimmed):
                    value = strip(_text(trimmed), ws)
                else:
                    value = strip(decode(trimmed), ws)
            elif kept:
                value = _text(kept) if (amp and b"&" in kept) or (cr and b"\r" in kept) else decode(kept)
            else:
                continue  # a cell without a value
            if ref_row != current:
                new = int(ref_row)
                if new != number:
                    if new < number:
                        self.number, self.row = number, row
                        self._new_row(new)  # raises: out of order
                    if row is not None:
                        out.append((number, row))
                    row = [""] * width
                    number = new
                current = ref_row
            try:
                row[columns[letters]] = value  # type: ignore[index]
            except KeyError:
                raise XlsxStreamError("has a cell outside the range found when the sheet was scanned") from None
        self.number, self.row = number, row
