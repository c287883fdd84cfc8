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

# Worksheets are read whole by calamine (fast, but about 1.7-2 bytes of memory per byte of worksheet
# XML) until the worksheet XML planned for one workbook passes this size; any further (or larger)
# sheet is streamed row by row (compliance.intake.xlsx_stream: flat memory, 1.3-1.8 times calamine's time).
# 256 MiB is about 5 million inline-string cells or 8 million shared-string ones (250,000-400,000
# rows of 20 columns), which calamine holds in about 0.5 GB; a million rows stream in 60-100 MB.
STREAM_SHEET_BYTES: Final = 256 * 1024**2

# CSV: one physical line and one row's column count; fields are capped by the csv module (128 KiB).
MAX_CSV_LINE_CHARS: Final = 8 * 1024 * 1024

# Shared strings: calamine gives every cell that names one its own copy, so a short sheet of cells
# all naming one 32 KiB string expands far beyond its file. The copies calamine would make for the
# sheets it reads (cells x longest string, an upper bound) stay within this; a sheet beyond it is
# streamed (the streaming reader shares one copy of each string), or refused where it cannot be.
MAX_CELL_TEXT: Final = 256 * 1024**2
# The shared-string table itself is held once, whichever reader reads the sheet.
MAX_SHARED_STRINGS_BYTES: Final = 256 * 1024**2

# OpenDocument: calamine gathers an .ods's cells in a list before building each grid, about 60
# bytes a cell (measured: 10 million cells, 622 MiB) and about 32 more for a cell's text however
# short, plus copies of the text (about twice its length at the peak, measured). Both are multiplied
# out from the repeats before the file is opened, and kept within this (benchmarks/bench_hostile.py
# measures files at the bound).
ODS_BYTES_PER_CELL: Final = 96
ODS_TEXT_FACTOR: Final = 2
ODS_MEMORY_BUDGET: Final = 768 * 1024**2
