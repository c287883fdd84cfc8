"""A CSV file cut into byte ranges on record boundaries, and the records of one range.

A newline ends a record only outside quotes, and a quote character toggles "inside quotes" (an escaped
quote is two of them, so the parity still holds). One pass over the bytes, mostly in C (`bytes.count`,
`re.sub`), finds a cut at the first record boundary after each target offset and counts the records
before it, so every range knows the record number of its first record: the row numbers are the same
as `screen` gives (compliance.intake.csv_reader numbers records, a quoted newline staying inside its cell).

Only encodings in which the quote and newline bytes cannot occur inside another character are cut
(UTF-8, with or without a BOM, and single-byte Windows-1252); a UTF-16 or UTF-32 file, or one that
ends lines with a bare carriage return, is one range.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from compliance.intake.csv_reader import CsvFormat, UndecodedText
from compliance.intake.limits import MAX_COLUMNS, MAX_CSV_LINE_CHARS
from compliance.model.errors import InputFileError

BLOCK: Final = 4 * 1024 * 1024
CUTTABLE: Final = frozenset({"utf-8", "utf-8-sig", "cp1252"})
_QUOTED_RUN = re.compile(rb'"[^"]*(?:"|\Z)')
_UNDECODED = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True, slots=True)
class ByteRange:
    """Bytes [start, end) of a file, whose first record is record number `first_record` (1-based)."""

    start: int
    end: int
    first_record: int
    records: int
    """Records that start in the range (blank ones included)."""


def _newlines_outside(block: bytes, quoted: bool) -> int:
    """Newlines of the block that are outside quotes, given whether it starts inside quotes."""
    if quoted:
        close = block.find(b'"')
        if close < 0:
            return 0
        block = block[close + 1 :]
    if b'"' not in block:
        return block.count(b"\n")
    return _QUOTED_RUN.sub(b"", block).count(b"\n")


def _cut_in_block(block: bytes, quoted: bool, at: int) -> tuple[int, int] | None:
    """(offset just past the first newline outside quotes at or after `at`, newlines outside quotes up to
    and including it), or None when the block has no such newline."""
    position, seen = 0, 0
    pieces = block.split(b'"')
    for index, piece in enumerate(pieces):
        if not quoted:
            end = position + len(piece)
            if end > at:
                found = piece.find(b"\n", max(0, at - position))
                if found >= 0:
                    return position + found + 1, seen + piece.count(b"\n", 0, found + 1)
            seen += piece.count(b"\n")
        position += len(piece) + 1
        if index < len(pieces) - 1:
            quoted = not quoted
    return None


def plan_ranges(path: str, fmt: CsvFormat, target: int) -> list[ByteRange]:
    """The file's byte ranges of about `target` bytes each, cut on record boundaries.

    A file that cannot be cut (see the module's note) is one range from its first byte.
    """
    with open(path, "rb") as handle:
        size = handle.seek(0, io.SEEK_END)
        handle.seek(0)
        start = 0
        if fmt.skip_sep_line:  # Excel's 'sep=;' line is not a record
            first = handle.readline()
            start = len(first)
        if fmt.encoding not in CUTTABLE:
            return [ByteRange(start, size, 1, -1)]
        cuts = [start]
        counts = [0]  # records before each cut
        records = 0
        quoted = False
        offset = start
        next_cut = start + target
        pending_cr = False
        last = b""
        while block := handle.read(BLOCK):
            # A bare carriage return ends a line for the csv reader: such a file is read whole.
            lone = block.count(b"\r") - block.count(b"\r\n") - block.endswith(b"\r")
            lone += pending_cr and not block.startswith(b"\n")
            pending_cr = block.endswith(b"\r")
            if lone > 0:
                return [ByteRange(start, size, 1, -1)]
            end = offset + len(block)
            while next_cut < end:
                found = _cut_in_block(block, quoted, next_cut - offset)
                if found is None:
                    break
                cut, seen = found
                cuts.append(offset + cut)
                counts.append(records + seen)
                next_cut = offset + cut + target
            records += _newlines_outside(block, quoted)
            quoted ^= block.count(b'"') % 2 == 1
            offset = end
            last = block[-1:]
        if pending_cr:
            return [ByteRange(start, size, 1, -1)]
        # The last record may have no newline after it.
        total = records + (1 if last and last != b"\n" else 0)
    if cuts[-1] >= size and len(cuts) > 1:
        cuts.pop()
        counts.pop()
    ranges = []
    for index, cut in enumerate(cuts):
        following = counts[index + 1] if index + 1 < len(counts) else total
        stop = cuts[index + 1] if index + 1 < len(cuts) else size
        ranges.append(ByteRange(cut, stop, counts[index] + 1, following - counts[index]))
    return ranges


class _Window(io.RawIOBase):
    """Bytes [start, end) of an open file, as a stream of their own."""

    def __init__(self, handle: io.BufferedReader, start: int, end: int) -> None:
        super().__init__()
        handle.seek(start)
        self._handle = handle
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._left <= 0:
            return 0
        wanted = min(len(buffer), self._left)
        data = self._handle.read(wanted)
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)


def _decoded(record: list[str]) -> list[str]:
    if not _UNDECODED.search("".join(record)):
        return record
    return [UndecodedText.from_surrogates(c) if _UNDECODED.search(c) else c for c in record]


def _lines(handle: io.TextIOBase) -> Iterator[str]:
    while line := handle.readline(MAX_CSV_LINE_CHARS):
        if len(line) >= MAX_CSV_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise InputFileError(
                f"has a line longer than {MAX_CSV_LINE_CHARS:,} characters; it is not a normal CSV file"
            )
        yield line


def read_range(path: str, fmt: CsvFormat, part: ByteRange, label: str) -> Iterator[tuple[int, list[str]]]:
    """(record number, fields) of every record starting in the range, as compliance.intake.csv_reader reads them."""
    # Only the file's first bytes can hold a byte order mark.
    encoding = fmt.encoding if part.start == 0 or fmt.encoding != "utf-8-sig" else "utf-8"
    errors = "surrogateescape" if fmt.mixed else "strict"
    number = part.first_record - 1
    try:
        with open(path, "rb") as raw:
            window = io.BufferedReader(_Window(raw, part.start, part.end), buffer_size=1024 * 1024)
            text = io.TextIOWrapper(window, encoding=encoding, errors=errors, newline="")
            for number, record in enumerate(csv.reader(_lines(text), delimiter=fmt.delimiter), part.first_record):
                if len(record) > MAX_COLUMNS:
                    raise InputFileError(
                        f"has {len(record):,} columns, more than Excel's {MAX_COLUMNS:,}", path=label, row=number
                    )
                yield number, _decoded(record) if fmt.mixed else record
    except InputFileError as exc:
        if exc.path:
            raise
        raise InputFileError(exc.message, path=label, row=number + 1) from None
    except csv.Error as exc:
        raise InputFileError(f"cannot be read as CSV: {exc}", path=label, row=number + 1) from None
    except UnicodeDecodeError as exc:
        raise InputFileError(f"is not valid {fmt.encoding} text ({exc.reason})", path=label, row=number + 1) from None
    except OSError as exc:
        raise InputFileError(f"cannot be read: {exc.strerror or exc}", path=label) from None
