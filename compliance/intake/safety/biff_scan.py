"""Bound what calamine would allocate for binary workbooks (.xls BIFF8 and .xlsb BIFF12 records).

Both formats address cells with 16- or 32-bit numbers that calamine does not range-check before
building a dense grid, and .xls also sizes buffers from counts it reads from the file.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator

from compliance.intake.limits import MAX_COLUMNS, MAX_ROWS, MAX_WRITTEN_CELLS
from compliance.intake.safety.xml_scan import Extent, ScanRejected

# Legacy .xls (BIFF8): 65,536 rows by 256 columns.
XLS_MAX_ROWS = 65_536
XLS_MAX_COLUMNS = 256

_BOF, _EOF, _FILEPASS, _SST = 0x0809, 0x000A, 0x002F, 0x00FC
_BOUNDSHEET, _DIMENSIONS = 0x0085, 0x0200
_MULRK = 0x00BD
# Records calamine turns into cells: Number, Label, BoolErr, Rk, LabelSst, Formula.
_XLS_CELLS = frozenset({0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006})

_U16 = struct.Struct("<H")
_U16X2 = struct.Struct("<HH")
_U32 = struct.Struct("<I")


def _records(stream: bytes, start: int) -> Iterator[tuple[int, int, int, int]]:
    """BIFF records from start up to the EOF record: (kind, size, body offset, offset after the record)."""
    pos, end = start, len(stream)
    while pos + 4 <= end:
        kind, size = _U16X2.unpack_from(stream, pos)
        body = pos + 4
        pos = body + size
        if pos > end:
            raise ScanRejected("is damaged: a record runs past the end of the workbook stream")
        if kind == _EOF:
            return
        yield kind, size, body, pos


def _xls_substream(stream: bytes, start: int) -> Extent:
    """Walk one BIFF substream from start to its EOF record, as calamine does for each sheet."""
    max_row = max_col = cells = 0
    for kind, size, body, pos in _records(stream, start):
        if kind in _XLS_CELLS and size >= 4:
            row, col = _U16X2.unpack_from(stream, body)
            cells += 1
        elif kind == _MULRK and size >= 6:
            row, first = _U16X2.unpack_from(stream, body)
            (col,) = _U16.unpack_from(stream, pos - 2)
            if col < first:
                raise ScanRejected("is damaged: a multiple-cell record has its columns reversed")
            cells += col - first + 1
        elif kind == _DIMENSIONS:
            _check_xls_dimensions(stream[body:pos])
            continue
        else:
            continue
        if row >= max_row or col >= max_col:
            max_row, max_col = max(max_row, row + 1), max(max_col, col + 1)
            if max_col > XLS_MAX_COLUMNS:
                raise ScanRejected(
                    f"has a cell in column {max_col:,}, beyond the .xls limit of {XLS_MAX_COLUMNS} columns"
                )
    return Extent(max_row, max_col, cells)


def _check_xls_dimensions(body: bytes) -> None:
    # calamine reserves rows x columns cells from this record before reading any cell.
    if len(body) == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", body)
    elif len(body) == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", body)
    else:
        raise ScanRejected("is damaged: a sheet's DIMENSIONS record has the wrong size")
    if last_row >= 1 and last_col >= 1:
        rows, cols = last_row - first_row, last_col - first_col
        if rows < 1 or cols < 1 or rows > XLS_MAX_ROWS or cols > XLS_MAX_COLUMNS:
            raise ScanRejected("declares a sheet size beyond the .xls limits (a crafted file)")


def scan_xls_stream(stream: bytes) -> list[Extent]:
    """Check the Workbook stream of an .xls and return each sheet's extent."""
    if len(stream) < 8 or _U16.unpack_from(stream, 0)[0] != _BOF:
        raise ScanRejected("is not a readable .xls workbook (its Workbook stream has no BOF)")
    sheet_offsets: list[int] = []
    end = len(stream)
    for kind, size, body, _ in _records(stream, 0):
        if kind == _FILEPASS:
            raise ScanRejected(
                "is password-protected (encrypted); remove the password in Excel and save it again as .xlsx"
            )
        if kind == _BOUNDSHEET and size >= 4:
            offset = _U32.unpack_from(stream, body)[0]
            if offset >= end:
                raise ScanRejected("is damaged: a sheet starts beyond the end of the workbook")
            sheet_offsets.append(offset)
        elif kind == _SST and size >= 8:
            # calamine allocates a list of this many strings up front; each needs 3+ bytes.
            unique = struct.unpack_from("<i", stream, body + 4)[0]
            if unique < 0 or unique > end // 3:
                raise ScanRejected("declares more shared strings than the file could hold")
    extents = [_xls_substream(stream, offset) for offset in sheet_offsets]
    if sum(e.cells for e in extents) > MAX_WRITTEN_CELLS:
        raise ScanRejected(f"holds more than {MAX_WRITTEN_CELLS:,} cells")
    return extents


_BRT_ROW, _BRT_WS_DIM, _BRT_END_SHEET_DATA = 0x0000, 0x0094, 0x0092


class _Biff12Scan:
    """Streaming reader of BIFF12 record headers (variable-length type and size)."""

    def __init__(self) -> None:
        self.buffer = b""
        self.skip = 0
        self.row = 0
        self.max_row = self.max_col = self.cells = 0
        self.done = False

    def _header(self, pos: int) -> tuple[int, int, int] | None:
        buffer = self.buffer
        end = len(buffer)
        if pos >= end:
            return None
        kind = buffer[pos]
        pos += 1
        if kind & 0x80:
            if pos >= end:
                return None
            kind = (kind & 0x7F) | ((buffer[pos] & 0x7F) << 7)
            pos += 1
        size = shift = 0
        for _ in range(4):
            if pos >= end:
                return None
            byte = buffer[pos]
            pos += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        return kind, size, pos

    def feed(self, chunk: bytes) -> None:
        """Account for the records in one more chunk of the sheet part."""
        if self.done:
            return
        if self.skip:
            if self.skip >= len(chunk):
                self.skip -= len(chunk)
                return
            chunk = chunk[self.skip :]
            self.skip = 0
        buffer = self.buffer + chunk if self.buffer else chunk
        self.buffer = buffer
        end = len(buffer)
        pos = 0
        row, max_row, max_col, cells = self.row, self.max_row, self.max_col, self.cells
        unpack = _U32.unpack_from
        # One Python step per record is the cost here, so the common case is kept inline.
        while pos + 2 <= end:
            kind, size = buffer[pos], buffer[pos + 1]
            if kind < 0x80 and size < 0x80:  # one-byte type and size: nearly every record
                body = pos + 2
            else:
                header = self._header(pos)
                if header is None:
                    break
                kind, size, body = header
            following = body + size
            if kind <= 11 and kind != 1:
                if body + 4 > end:
                    break  # the field we need continues in the next chunk
                if size < 4:
                    raise ScanRejected("is damaged: a cell record is too short")
                value = unpack(buffer, body)[0]
                if kind == _BRT_ROW:
                    row = value
                    if value > 0x100000:
                        self.done = True  # calamine stops reading the sheet here
                        break
                else:
                    cells += 1
                    if value >= max_col:
                        max_col = value + 1
                        if max_col > MAX_COLUMNS:
                            raise ScanRejected(
                                f"has a cell in column {max_col:,}, beyond Excel's limit of {MAX_COLUMNS:,} columns"
                            )
                    if row >= max_row:
                        max_row = row + 1
            elif kind == _BRT_WS_DIM:
                if body + 16 > end:
                    break
                if size >= 16:
                    _, last_row, _, last_col = struct.unpack_from("<IIII", buffer, body)
                    if last_row >= MAX_ROWS or last_col >= MAX_COLUMNS:
                        raise ScanRejected("declares a used range beyond Excel's limits")
            elif kind == _BRT_END_SHEET_DATA:
                self.done = True
                break
            if following > end:
                self.skip = following - end
                pos = end
                break
            pos = following
        self.row, self.max_row, self.max_col, self.cells = row, max_row, max_col, cells
        self.buffer = buffer[pos:]
        if cells > MAX_WRITTEN_CELLS:
            raise ScanRejected(f"holds more than {MAX_WRITTEN_CELLS:,} cells")


def scan_xlsb_sheet(chunks: Iterable[bytes]) -> Extent:
    """Bound one .xlsb worksheet part from its records (BrtRowHdr rows, BrtCell* columns)."""
    scan = _Biff12Scan()
    for chunk in chunks:
        scan.feed(chunk)
        if scan.done:
            break
    return Extent(scan.max_row, scan.max_col, scan.cells)


def xlsb_sheet_names(workbook: bytes) -> dict[str, str]:
    """Relationship id -> sheet name, from the BrtBundleSh records of an xlsb's workbook.bin."""
    names: dict[str, str] = {}
    scan = _Biff12Scan()
    scan.buffer = workbook
    pos = 0
    while (header := scan._header(pos)) is not None:
        kind, size, body = header
        pos = body + size
        if pos > len(workbook):
            break
        if kind == 0x009C and size >= 12:
            try:
                rel_chars = _U32.unpack_from(workbook, body + 8)[0]
                rel_end = body + 12 + 2 * rel_chars
                name_chars = _U32.unpack_from(workbook, rel_end)[0]
                rel = workbook[body + 12 : rel_end].decode("utf-16-le")
                name = workbook[rel_end + 4 : rel_end + 4 + 2 * name_chars].decode("utf-16-le")
            except (struct.error, UnicodeDecodeError):
                continue
            names[rel] = name
        elif kind == 0x0090:  # BrtEndBundleShs
            break
    return names
