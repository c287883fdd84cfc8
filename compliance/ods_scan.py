"""Bound what an OpenDocument spreadsheet's content.xml would make calamine allocate.

calamine expands `number-rows-repeated` / `number-columns-repeated` for cells that hold a value
(it caps a workbook at 100 million cells, about 3 GiB, which is still far too many), so the
repeats are multiplied out here, tag by tag, before it opens the file.
"""

from __future__ import annotations

import re

from compliance.xml_scan import (
    ChunkSource,
    Extent,
    check_bounds,
    check_cells,
    complete_tags,
    refuse_dtd,
    utf8_chunks,
)

_TAIL = 256  # as in xml_scan: keeps a declaration cut between chunks visible

_ODS_TAG = re.compile(
    rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>"
)
_ODS_ROWS_REPEATED = re.compile(rb"""number-rows-repeated\s*=\s*["'](\d+)""")
_ODS_COLUMNS_REPEATED = re.compile(rb"""number-columns-repeated\s*=\s*["'](\d+)""")


def _repeat(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    match = pattern.search(attrs)
    return int(match.group(1)) if match else 1


def scan_ods_content(source: ChunkSource) -> list[Extent]:
    """Bound every table in an ODS content.xml, expanding row/column repeats as calamine does."""
    extents: list[Extent] = []
    row = max_row = max_col = cells = 0
    row_repeat = col = row_last_col = row_cells = 0
    tail = b""
    for block in complete_tags(utf8_chunks(source())):
        if b"!" in block:
            refuse_dtd(tail + block)
        tail = block[-_TAIL:]
        for closing, name, attrs in _ODS_TAG.findall(block):
            self_closing = attrs.endswith(b"/")
            if name == b"table":
                if closing:
                    extents.append(Extent(max_row, max_col, cells))
                else:
                    row = max_row = max_col = cells = 0
            elif name == b"table-row":
                if not closing:
                    row_repeat = _repeat(_ODS_ROWS_REPEATED, attrs)
                    col = row_last_col = row_cells = 0
                if closing or self_closing:
                    # Empty repeated rows (LibreOffice pads sheets with them) are never expanded.
                    if row_last_col:
                        max_row = row + row_repeat
                        max_col = max(max_col, row_last_col)
                        cells += row_cells * row_repeat
                        check_bounds(max_row, max_col)
                        check_cells(cells)
                    row += row_repeat
            elif not closing:
                repeat = _repeat(_ODS_COLUMNS_REPEATED, attrs)
                if not self_closing or b"value-type" in attrs:
                    row_last_col = col + repeat
                    row_cells += repeat
                    check_bounds(row, row_last_col)
                col += repeat
    return extents
