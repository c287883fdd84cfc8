"""Bound what an OpenDocument spreadsheet's content.xml would make calamine allocate.

calamine expands `number-rows-repeated` / `number-columns-repeated` for cells that hold a value
(it caps a workbook at 100 million cells, about 3 GiB, which is still far too many), so the
repeats are multiplied out here, tag by tag, before it opens the file. Each repeated cell is
also a copy of its text: a 1 KiB string repeated across 16,384 columns and 10,000 rows is
160 GiB from a file of a few hundred bytes, so the text is multiplied out too.
"""

from __future__ import annotations

import re

from compliance.intake.limits import ODS_BYTES_PER_CELL, ODS_MEMORY_BUDGET, ODS_TEXT_FACTOR
from compliance.intake.safety.xml_scan import (
    ChunkSource,
    Extent,
    ScanRejected,
    check_bounds,
    check_cells,
    complete_tags,
    refuse_dtd,
    utf8_chunks,
)

_TAIL = 256  # as in xml_scan: keeps a declaration cut between chunks visible

_ODS_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>")
_ODS_ROWS_REPEATED = re.compile(rb"""number-rows-repeated\s*=\s*["'](\d+)""")
_ODS_COLUMNS_REPEATED = re.compile(rb"""number-columns-repeated\s*=\s*["'](\d+)""")


def _repeat(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    match = pattern.search(attrs)
    return int(match.group(1)) if match else 1


def _check_memory(cells: int, text: int) -> None:
    """Refuse a workbook whose cells and their copied text would not fit the memory budget."""
    need = cells * ODS_BYTES_PER_CELL + ODS_TEXT_FACTOR * text
    if need > ODS_MEMORY_BUDGET:
        raise ScanRejected(
            f"repeats its cells into {cells:,} cells holding {text / 1024**2:,.0f} MiB of text, about "
            f"{need / 1024**2:,.0f} MiB to read (limit {ODS_MEMORY_BUDGET / 1024**2:,.0f} MiB); "
            "it is refused as a crafted file"
        )


def scan_ods_content(source: ChunkSource) -> list[Extent]:
    """Bound every table in an ODS content.xml, expanding row/column repeats as calamine does."""
    extents: list[Extent] = []
    row = max_row = max_col = cells = 0
    row_repeat = col = row_last_col = row_cells = 0
    # Text: what each cell holds (bytes between its tags, an upper bound) times its repeats.
    all_cells = text = row_text = 0
    cell_start = cell_repeat = -1
    offset = 0
    tail = b""
    for block in complete_tags(utf8_chunks(source())):
        if b"!" in block:
            refuse_dtd(tail + block)
        tail = block[-_TAIL:]
        for match in _ODS_TAG.finditer(block):
            closing, name, attrs = match.groups()
            self_closing = attrs.endswith(b"/")
            if name in (b"table-cell", b"covered-table-cell"):
                if closing and cell_start >= 0:
                    row_text += (offset + match.start() - cell_start) * cell_repeat
                    cell_start = -1
                elif not closing and not self_closing:
                    cell_start, cell_repeat = offset + match.end(), _repeat(_ODS_COLUMNS_REPEATED, attrs)
            if name == b"table":
                if closing:
                    extents.append(Extent(max_row, max_col, cells))
                else:
                    row = max_row = max_col = cells = 0
            elif name == b"table-row":
                if not closing:
                    row_repeat = _repeat(_ODS_ROWS_REPEATED, attrs)
                    col = row_last_col = row_cells = row_text = 0
                if closing or self_closing:
                    # Empty repeated rows (LibreOffice pads sheets with them) are never expanded.
                    if row_last_col:
                        max_row = row + row_repeat
                        max_col = max(max_col, row_last_col)
                        cells += row_cells * row_repeat
                        all_cells += row_cells * row_repeat
                        text += row_text * row_repeat
                        check_bounds(max_row, max_col)
                        check_cells(cells)
                        _check_memory(all_cells, text)
                    row += row_repeat
            elif not closing:
                repeat = _repeat(_ODS_COLUMNS_REPEATED, attrs)
                if not self_closing or b"value-type" in attrs:
                    row_last_col = col + repeat
                    row_cells += repeat
                    check_bounds(row, row_last_col)
                col += repeat
        offset += len(block)
    return extents
