"""Size limits the importer enforces before any parser expands a file."""

from __future__ import annotations

from typing import Final

# Excel's own sheet limits: a workbook beyond them was not written by a spreadsheet program.
MAX_ROWS: Final = 1_048_576
MAX_COLUMNS: Final = 16_384

# calamine holds a sheet as a dense grid of 32-byte cells spanning its used range, so the range
# (rows x columns, summed over the workbook) is what costs memory: 32 Mi cells is about 1 GiB.
MAX_GRID_CELLS: Final = 32 * 1024 * 1024
# Cells actually written in the XML (each also costs a sparse entry before the grid is built).
MAX_WRITTEN_CELLS: Final = 32 * 1024 * 1024

MAX_TOTAL_UNCOMPRESSED: Final = 2 * 1024**3
MAX_ZIP_MEMBERS: Final = 10_000
# Worksheet XML compresses 5-20x; a large member far beyond that is a decompression bomb.
RATIO_CHECK_MIN_SIZE: Final = 10 * 1024**2
MAX_COMPRESSION_RATIO: Final = 100

CHUNK_SIZE: Final = 1024 * 1024

# CSV: one physical line and one row's column count; fields are capped by the csv module (128 KiB).
MAX_CSV_LINE_CHARS: Final = 8 * 1024 * 1024
