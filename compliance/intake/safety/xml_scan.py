"""Measure what a workbook's XML would make calamine allocate, from raw bytes, without parsing it.

calamine builds each sheet as a dense grid spanning its used range, so two cells at A1 and
XFD1048576 ask for 17 billion cells and abort the process. These scanners bound the used range
(rows x columns), the cells written, and refuse DTDs, reading the XML in bounded chunks.

The common case (every cell carries an `r="A1"` reference first, as Excel, LibreOffice and openpyxl
write it) is checked per chunk with one byte count and two regex searches that match nothing in a
normal sheet: a cell tag without a leading reference, and a reference beyond the widest column
seen so far or above a row threshold derived from the row tags. Only chunks that match pay for
an exact findall. Anything else falls back to a tag-by-tag replay of calamine's positioning rules.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from compliance.intake.limits import MAX_COLUMNS, MAX_ROWS, MAX_WRITTEN_CELLS

ChunkSource = Callable[[], Iterator[bytes]]
"""Returns a fresh iterator over a part's decompressed bytes (a second pass calls it again)."""

_TAIL = 256  # longer than any pattern below, so matches spanning two chunks are still seen


class ScanRejected(Exception):
    """The content is unsafe or beyond the limits; the message says why, for an officer."""


@dataclass(frozen=True, slots=True)
class Extent:
    """The used range of one sheet as calamine would see it (1-based, inclusive)."""

    rows: int
    columns: int
    cells: int
    """Cells written; 0 when the part is too small to exceed the budget and was not counted."""
    exact: bool = True
    """False when rows is only an upper bound (see `refine_rows`)."""
    row_tag_max: int = 0
    cell_open: bytes = b'<c r="'
    """How this part spells a cell tag's start (a namespace prefix may come before 'c')."""

    @property
    def grid(self) -> int:
        """Cells in the dense grid calamine allocates for this sheet."""
        return self.rows * self.columns


def column_number(letters: bytes) -> int:
    """'A' -> 1, 'XFD' -> 16384 (case-insensitive)."""
    number = 0
    for byte in letters.upper():
        number = number * 26 + (byte - 64)
    return number


def utf8_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Pass UTF-8 parts through; transcode UTF-16 ones so byte patterns below still apply."""
    iterator = iter(chunks)
    first = next(iterator, b"")
    if not first.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
        yield first
        yield from iterator
        return
    codec = (
        "utf-16"
        if first[:2] in (b"\xff\xfe", b"\xfe\xff")
        else ("utf-16-le" if first.startswith(b"<\x00") else "utf-16-be")
    )
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        yield decoder.decode(first).encode("utf-8")
        for chunk in iterator:
            yield decoder.decode(chunk).encode("utf-8")
        yield decoder.decode(b"", final=True).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScanRejected("contains XML that is not valid UTF-16 text") from exc


def refuse_dtd(window: bytes) -> None:
    """Raise ScanRejected if the bytes hold a DOCTYPE or ENTITY declaration (any case)."""
    # Spreadsheets never carry a DTD: refusing any is simpler and safer than bounding expansion.
    start = window.find(b"<!")
    while start != -1:
        keyword = window[start + 2 : start + 9].upper()
        if keyword.startswith((b"DOCTYPE", b"ENTITY")):
            raise ScanRejected(
                "contains an XML DOCTYPE/ENTITY declaration, which spreadsheets never need "
                "(a sign of an entity-expansion attack); refusing to read it"
            )
        start = window.find(b"<!", start + 2)


def check_no_dtd(chunks: Iterable[bytes]) -> None:
    """Refuse an XML part that declares a DOCTYPE or ENTITY anywhere in it."""
    tail = b""
    for chunk in utf8_chunks(chunks):
        joined = tail + chunk
        if b"!" in joined:
            refuse_dtd(joined)
        tail = joined[-_TAIL:]


_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?(?:worksheet|dialogsheet|macrosheet|chartsheet)\b")
_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\s+ref\s*=\s*["\']([^"\']*)["\']')
_RANGE_END = re.compile(rb"([A-Za-z]*)(\d*)$")
# Every reference pattern starts at the cell tag itself: text content cannot contain a raw '<',
# so a cell whose text reads r="XFE1" is never mistaken for a reference.
_FLAG_CACHE: dict[tuple[bytes, int, int], re.Pattern[bytes]] = {}


def _wide_refs(cell_open: bytes) -> re.Pattern[bytes]:
    return re.compile(re.escape(cell_open) + rb"([A-Za-z]{2,})\d")


def _ref_rows(cell_open: bytes) -> re.Pattern[bytes]:
    return re.compile(re.escape(cell_open) + rb'[A-Za-z]+(\d+)"')


def column_letters(number: int) -> str:
    """1 -> 'A', 16384 -> 'XFD'."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _either_case(low: str, high: str) -> bytes:
    return f"[{low}-{high}{low.lower()}-{high.lower()}]".encode()


def _columns_beyond(columns: int) -> bytes:
    """A regex for column letters naming a column after `columns` (at least 26)."""
    letters = column_letters(columns)
    options = [rb"[A-Za-z]{%d,}" % (len(letters) + 1)]
    for i, char in enumerate(letters):
        if char != "Z":
            same = b"".join(_either_case(c, c) for c in letters[:i])
            rest = len(letters) - i - 1
            options.append(same + _either_case(chr(ord(char) + 1), "Z") + rb"[A-Za-z]" * rest)
    return b"(?:" + b"|".join(options) + b")"


def row_threshold(row_tag_max: int) -> int:
    """Row bound for unflagged references: 199,999 for row tags up to 100,003; never over 999,999."""
    # The next leading digit up: a legitimate reference (never above its row tag) is not flagged,
    # and seven-digit rows are always flagged, so nothing past Excel's last row passes unseen.
    if row_tag_max >= 1_000_000:
        return 999_999
    text = str(max(row_tag_max, 1))
    return (int(text[0]) + 1) * int(10 ** (len(text) - 1)) - 1


def _flag_pattern(cell_open: bytes, columns: int, threshold: int) -> re.Pattern[bytes]:
    # References beyond the widest column seen so far, or with a row above the threshold.
    key = (cell_open, columns, threshold)
    if key not in _FLAG_CACHE:
        width = len(str(threshold))
        lead = (threshold + 1) // 10 ** (width - 1) if threshold < 999_999 else 10
        # Zero-padding only lengthens a number, so the longer branch also catches padded rows.
        same_width = rb"[%d-9]\d{%d}\"|" % (lead, width - 1) if lead <= 9 else b""
        rows = same_width + rb"\d{%d}" % (width + 1)
        if columns <= 26:  # factored on the first letter: most sheets, and much faster
            pattern = re.escape(cell_open) + rb"[A-Za-z](?:[A-Za-z]|" + rows + b")"
        else:
            beyond = _columns_beyond(columns)
            rows = rb"[A-Za-z]{1,3}(?:" + rows + b")"
            pattern = re.escape(cell_open) + b"(?:" + beyond + rb"\d|" + rows + b")"
        _FLAG_CACHE[key] = re.compile(pattern)
    return _FLAG_CACHE[key]


def _greater_than(number: int) -> bytes:
    """A regex alternation matching decimal numbers (optionally zero-padded) greater than number."""
    text = str(number)
    width = len(text)
    options = [rb"[1-9]\d{%d,}" % width]
    for i, char in enumerate(text):
        digit = int(char)
        if digit < 9:
            rest = width - i - 1
            options.append(text[:i].encode() + b"[%d-9]" % (digit + 1) + (rb"\d{%d}" % rest if rest else b""))
    return b"0*(?:" + b"|".join(options) + b")"


def check_bounds(rows: int, columns: int) -> None:
    """Raise ScanRejected for a cell beyond Excel's last row or column."""
    if columns > MAX_COLUMNS:
        raise ScanRejected(f"has a cell in column {columns:,}, beyond Excel's limit of {MAX_COLUMNS:,} columns")
    if rows > MAX_ROWS:
        raise ScanRejected(f"has a cell in row {rows:,}, beyond Excel's limit of {MAX_ROWS:,} rows")


def check_cells(cells: int) -> None:
    """Raise ScanRejected when more cells are written than can be screened safely."""
    if cells > MAX_WRITTEN_CELLS:
        raise ScanRejected(
            f"holds more than {MAX_WRITTEN_CELLS:,} cells, more than can be screened safely; "
            "split it into smaller files"
        )


def _check_dimension(head: bytes) -> None:
    match = _DIMENSION.search(head)
    if not match:
        return
    last = match.group(1).split(b":")[-1]
    parts = _RANGE_END.match(last)
    if parts is None:
        return
    letters, digits = parts.groups()
    if len(letters) > 3 or (letters and column_number(letters) > MAX_COLUMNS):
        raise ScanRejected("declares a used range beyond Excel's column limit")
    if digits and int(digits) > MAX_ROWS:
        raise ScanRejected("declares a used range beyond Excel's row limit")


def _r_less(prefix: bytes) -> re.Pattern[bytes]:
    # A cell tag not followed by exactly ' r="' (no reference, another attribute first, a tab...).
    return re.compile(rb"<" + prefix + rb'c(?:[^ \w.:-]| (?!r="))')


class _FastSheetScan:
    """Per-chunk byte counts for sheets whose every cell starts with an `r="..."` reference."""

    def __init__(self) -> None:
        self.tail = b""
        self.started = False
        self.cell_open = b'<c r="'
        self.row_open = b'<row r="'
        self.r_less = _r_less(b"")
        self.wide_refs = _wide_refs(self.cell_open)
        self.ref_rows = _ref_rows(self.cell_open)
        self.cells = 0
        self.row_tag_max = 0
        self.columns = 0
        self.high_row = 0
        self.count_cells = True

    def _start(self, chunk: bytes) -> None:
        self.started = True
        root = _ROOT.search(chunk)
        prefix = (root.group(1) or b"") if root else b""
        if prefix:
            escaped = re.escape(prefix)
            self.cell_open = b"<" + prefix + b'c r="'
            self.row_open = b"<" + prefix + b'row r="'
            self.r_less = _r_less(escaped)
            self.wide_refs = _wide_refs(self.cell_open)
            self.ref_rows = _ref_rows(self.cell_open)
        _check_dimension(chunk[:65536])

    def feed(self, chunk: bytes) -> bool:
        """Account for one chunk; False when the sheet needs the exact scan instead."""
        if not self.started:
            self._start(chunk)
        tail = self.tail
        joined = tail + chunk
        self.tail = joined[-_TAIL:]
        if b"!" in joined:
            refuse_dtd(joined)
        r_less = self.r_less.search(joined)
        # A tag cut at the chunk end is looked at again, whole, at the start of the next window.
        if r_less and r_less.end() + 4 <= len(joined):
            return False
        if self.count_cells:
            self.cells += joined.count(self.cell_open) - tail.count(self.cell_open)
            check_cells(self.cells)
        elif not self.cells and self.cell_open in joined:
            self.cells = -1  # some cells, not counted (see scan_worksheet)
        last_row = joined.rfind(self.row_open)
        if last_row != -1:
            start = last_row + len(self.row_open)
            end = joined.find(b'"', start, start + 12)
            if end != -1 and joined[start:end].isdigit():
                self.row_tag_max = max(self.row_tag_max, int(joined[start:end]))
        # Only chunks with a new widest column or an unexpectedly high row pay for a findall.
        flag = _flag_pattern(self.cell_open, max(self.columns, 26), row_threshold(self.row_tag_max))
        if flag.search(joined):
            wide = self.wide_refs.findall(joined)
            if wide:
                self.columns = max(self.columns, max(column_number(w) for w in set(wide)))
            rows = self.ref_rows.findall(joined)
            self.high_row = max(self.high_row, max(map(int, rows), default=0))
            check_bounds(self.high_row, self.columns)
        return True

    def extent(self) -> Extent:
        """The bound after the last chunk (rows loose unless refined, see `refine_rows`)."""
        # Unflagged references lie within the threshold and the widest column seen (or Z).
        rows = max(self.high_row, row_threshold(self.row_tag_max)) if self.cells else 0
        columns = max(self.columns, 26) if self.cells else 0
        exact = not self.cells
        cells = max(self.cells, 0)
        return Extent(rows, columns, cells, exact, self.row_tag_max, self.cell_open)


_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]*)(\d*)["']""")


def complete_tags(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Re-cut chunks so that no tag is split between two of them."""
    leftover = b""
    for chunk in chunks:
        buffer = leftover + chunk
        last_open = buffer.rfind(b"<")
        if last_open == -1 or buffer.find(b">", last_open) != -1:
            leftover = b""
            yield buffer
            continue
        leftover = buffer[last_open:]
        if len(leftover) > 4 * 1024 * 1024:
            raise ScanRejected("contains an XML tag longer than 4 MiB; the file is malformed")
        yield buffer[:last_open]
    if leftover:
        yield leftover


def _exact_sheet_scan(source: ChunkSource) -> Extent:
    """Replay calamine's row/column bookkeeping tag by tag (for sheets without cell references)."""
    row_index, col_index = 1, 1
    max_row = max_col = cells = 0
    tail = b""
    for block in complete_tags(utf8_chunks(source())):
        if b"!" in block:
            refuse_dtd(tail + block)
        tail = block[-_TAIL:]
        for closing, name, attrs in _TAG.findall(block):
            self_closing = attrs.endswith(b"/")
            if name == b"row":
                if not closing:
                    ref = _REF.search(attrs)
                    if ref and ref.group(2):
                        row_index = int(ref.group(2))
                if closing or self_closing:
                    row_index, col_index = row_index + 1, 1
                continue
            if closing:
                continue
            ref = _REF.search(attrs)
            if ref and ref.group(1) and ref.group(2):
                row, col = int(ref.group(2)), column_number(ref.group(1))
            else:
                row, col = row_index, col_index
            col_index = col + 1
            cells += 1
            if row > max_row or col > max_col:
                max_row, max_col = max(max_row, row), max(max_col, col)
                check_bounds(max_row, max_col)
        check_cells(cells)
    return Extent(max_row, max_col, cells)


_MIN_CELL_BYTES = len(b'<c r="A1"></c>')


def scan_worksheet(source: ChunkSource, size: int | None = None) -> Extent:
    """Bound one worksheet part's used range and cell count; raise ScanRejected when unsafe."""
    fast = _FastSheetScan()
    # A part too small to hold more cells than the budget needs no cell count (one pass saved).
    fast.count_cells = size is None or size // _MIN_CELL_BYTES > MAX_WRITTEN_CELLS
    for chunk in utf8_chunks(source()):
        if not fast.feed(chunk):
            return _exact_sheet_scan(source)
    return fast.extent()


def refine_rows(source: ChunkSource, extent: Extent) -> Extent:
    """Second pass for a loose bound: find the true highest row a cell reference names."""
    if extent.exact:
        return extent
    cell_open = re.escape(extent.cell_open)
    beyond = re.compile(cell_open + rb"[A-Za-z]+" + _greater_than(extent.row_tag_max) + b'"')
    ref_rows = _ref_rows(extent.cell_open)
    highest = extent.row_tag_max
    tail = b""
    for chunk in utf8_chunks(source()):
        joined = tail + chunk
        tail = joined[-_TAIL:]
        if beyond.search(joined):
            highest = max(highest, max(map(int, ref_rows.findall(joined)), default=0))
    check_bounds(highest, extent.columns)
    return Extent(highest, extent.columns, extent.cells, True, extent.row_tag_max, extent.cell_open)
