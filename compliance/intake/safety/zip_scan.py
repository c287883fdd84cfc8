"""Check a zip-based workbook (.xlsx, .xlsm, .xlsb, .ods) member by member before calamine opens it.

The zip's own directory is only a claim: sizes are checked against the limits first, then every
part calamine would read is inflated here in bounded chunks, with its declared size and CRC
enforced, and scanned for DTDs and for the used range it would make calamine allocate.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from compliance.intake.limits import (
    CHUNK_SIZE,
    MAX_COMPRESSION_RATIO,
    MAX_GRID_CELLS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_TOTAL_UNCOMPRESSED,
    MAX_ZIP_MEMBERS,
    RATIO_CHECK_MIN_SIZE,
)
from compliance.intake.safety.biff_scan import scan_xlsb_sheet, xlsb_sheet_names
from compliance.intake.safety.ods_scan import scan_ods_content
from compliance.intake.safety.xml_scan import (
    Extent,
    ScanRejected,
    check_no_dtd,
    refine_rows,
    scan_worksheet,
)
from compliance.model.errors import InputFileError

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_SHARED_STRINGS = "xl/sharedstrings.xml"
# The shortest cell that can name a shared string: <c t="s"><v>0</v></c>.
_MIN_SHARED_CELL_BYTES = len(b'<c t="s"><v>0</v></c>')
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_FULL_CALC = re.compile(rb"""fullCalcOnLoad\s*=\s*["'](?:1|true)["']""")
_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")


@dataclass(frozen=True, slots=True)
class SheetPart:
    """One worksheet of an .xlsx as the workbook lists it, and what the safety scan saw in its part."""

    name: str
    """The sheet's name as written (two sheets of a crafted file may share one)."""
    part: str
    """The zip member that holds its cells (e.g. 'xl/worksheets/sheet2.xml')."""
    size: int
    """The part's inflated size in bytes."""
    values: int
    """An upper bound on the cells with a value element (<v>), which can name a shared string."""
    formulas: bool
    """The part holds formula (<f>) elements."""


@dataclass(frozen=True, slots=True)
class WorkbookFacts:
    """What the safety scan learnt of a zip workbook beyond its being safe to open."""

    kind: str
    """'xlsx', 'xlsb' or 'ods'."""
    sheets: tuple[SheetPart, ...] = ()
    """An .xlsx's worksheets in workbook order (empty for other kinds)."""
    longest_shared_string: int = 0
    """Upper bound, in bytes, of the longest shared string (each cell naming it gets a copy)."""
    recalculate: bool = False
    """The workbook asks for every formula to be recalculated on opening (fullCalcOnLoad)."""

    def text_bound(self, sheet: SheetPart) -> int:
        """Upper bound of the shared-string text calamine would copy into this sheet's cells."""
        return min(sheet.values, sheet.size // _MIN_SHARED_CELL_BYTES) * self.longest_shared_string


class _PartWatch:
    """Looks at a part's bytes as a scan passes them on: formulas, and the longest shared string."""

    def __init__(self) -> None:
        self.formulas = False
        self.values = 0
        self._size = 0
        self.longest = 0
        self._run = 0
        self._tail = b""
        self._close = b"</si>"
        self._first = True
        self._unsure = False

    def formulas_in(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """Pass the chunks on, noting formula elements and counting value elements.

        A cell names a shared string in a <v> element, so '<v' and ':v' (a prefixed one) bound
        the cells that can; anything else that matches only makes the bound looser.
        """
        for chunk in chunks:
            if self._first:
                self._first = False
                # A UTF-16 part is not searched byte-wise: assume formulas, and a value per byte.
                self._unsure = chunk.startswith(_UTF16_STARTS)
                self.formulas = self._unsure
            joined = self._tail + chunk
            if not self.formulas and _FORMULA.search(joined):
                self.formulas = True
            tail = self._tail
            self.values += joined.count(b"<v") + joined.count(b":v") - tail.count(b"<v") - tail.count(b":v")
            self._tail = chunk[-64:]
            self._size += len(chunk)
            yield chunk

    @property
    def value_cells(self) -> int:
        """Upper bound of the cells with a <v> element (each may name a shared string)."""
        return self._size if self._unsure else self.values

    def strings_in(self, chunks: Iterator[bytes], size: int) -> Iterator[bytes]:
        """Pass the chunks on, bounding the longest <si> by the bytes between two closing tags.

        Text cannot hold a raw '<', so every '</si>' closes a string; a comment, CDATA section or
        processing instruction could, so a part with any of them is bounded by its whole size.
        """
        for chunk in chunks:
            if self._first:
                self._first = False
                self._unsure = chunk.startswith(_UTF16_STARTS)
                root = re.search(rb"<([A-Za-z_][\w.-]*:)?sst\b", chunk)
                if root and root.group(1):
                    self._close = b"</" + root.group(1) + b"si>"
                chunk_body = chunk[chunk.find(b"?>") + 2 :] if chunk.startswith(b"<?") else chunk
            else:
                chunk_body = chunk
            if b"<!" in self._tail + chunk or b"<?" in self._tail + chunk_body:
                self._unsure = True
            self._tail = chunk[-8:]
            pieces = chunk.split(self._close)
            if len(pieces) == 1:
                self._run += len(chunk)
            else:
                inner = max(map(len, pieces[1:-1]), default=0)
                self.longest = max(self.longest, self._run + len(pieces[0]), inner)
                self._run = len(pieces[-1])
            yield chunk
        self.longest = size if self._unsure else max(self.longest, self._run)


_SMALL_PART_LIMIT = 64 * 1024 * 1024
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def _gib(size: int) -> str:
    return f"{size / 1024**3:.1f} GiB"


def _inflate_blocks(handle: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    if info.flag_bits & 0x1:
        raise ScanRejected("is encrypted inside the zip container")
    handle.seek(info.header_offset)
    local = handle.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise ScanRejected("is damaged (a zip entry header is missing)")
    name_size, extra_size = struct.unpack_from("<HH", local, 26)
    position = info.header_offset + 30 + name_size + extra_size
    if info.compress_type == zipfile.ZIP_DEFLATED:
        decompressor = zlib.decompressobj(-15)
    elif info.compress_type == zipfile.ZIP_STORED:
        decompressor = None
    else:
        raise ScanRejected("uses a compression method spreadsheet programs never use")
    remaining, produced = info.compress_size, 0
    try:
        while True:
            if decompressor is not None and decompressor.unconsumed_tail:
                data = decompressor.unconsumed_tail
            elif remaining > 0:
                handle.seek(position)
                data = handle.read(min(CHUNK_SIZE, remaining))
                if not data:
                    raise ScanRejected("is truncated (the file ends inside a zip entry)")
                position += len(data)
                remaining -= len(data)
            else:
                break
            out = decompressor.decompress(data, CHUNK_SIZE) if decompressor else data
            if out:
                produced += len(out)
                # The declared size passed the limits; producing more than it is the bomb's lie.
                if produced > info.file_size:
                    raise ScanRejected(
                        "expands to more than the size its zip header declares (a decompression bomb or a damaged file)"
                    )
                yield out
            if decompressor is not None and decompressor.eof:
                break
    except zlib.error as exc:
        raise ScanRejected("is damaged (its compressed data is corrupt)") from exc
    # No CRC here: it guards against corruption, not attack (an attacker sets it), and calamine's
    # zip reader checks it anyway; the size equality is what pins a lying header.
    if produced != info.file_size:
        raise ScanRejected("is damaged (its size does not match the zip header)")


def inflate(handle: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """Yield a member's bytes in bounded chunks; refuse more (or less) than its header declares."""
    # Each read seeks first, so an abandoned generator never disturbs the next one.
    return _inflate_blocks(handle, info)


def _read_small(handle: BinaryIO, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > _SMALL_PART_LIMIT:
        raise ScanRejected(f"is implausibly large ({_gib(info.file_size)})")
    return b"".join(inflate(handle, info))


def _check_directory(infos: list[zipfile.ZipInfo], file_size: int, label: str) -> None:
    if len(infos) > MAX_ZIP_MEMBERS:
        raise InputFileError(
            f"contains {len(infos):,} zip entries; a workbook has far fewer (limit "
            f"{MAX_ZIP_MEMBERS:,}), so it is not read",
            path=label,
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise InputFileError(
            f"would expand to {_gib(total)} when unpacked (limit "
            f"{_gib(MAX_TOTAL_UNCOMPRESSED)}); it is refused as a possible zip bomb",
            path=label,
        )
    seen: set[str] = set()
    for info in infos:
        key = info.filename.lower()
        if key in seen:
            raise InputFileError(f"contains two zip entries named '{info.filename}' (a crafted file)", path=label)
        seen.add(key)
        if info.flag_bits & 0x1:
            raise InputFileError(
                "is a password-protected zip archive; remove the password and try again",
                path=label,
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_MIN_SIZE and ratio > MAX_COMPRESSION_RATIO:
            raise InputFileError(
                f"has a part ('{info.filename}') that would expand {ratio:,.0f} times to "
                f"{info.file_size / 1024**2:,.0f} MiB; it is refused as a possible zip bomb",
                path=label,
            )
    # Entries whose data overlap are the trick behind non-recursive zip bombs.
    ordered = sorted(infos, key=lambda i: i.header_offset)
    for current, following in zip(ordered, [*ordered[1:], None], strict=True):
        end = current.header_offset + 30 + current.compress_size
        if end > (following.header_offset if following else file_size):
            raise InputFileError("has overlapping or truncated zip entries; it is damaged or crafted", path=label)


def _kind(by_name: dict[str, zipfile.ZipInfo], handle: BinaryIO, label: str) -> str:
    if "xl/workbook.xml" in by_name:
        return "xlsx"
    if "xl/workbook.bin" in by_name:
        return "xlsb"
    mimetype = by_name.get("mimetype")
    if mimetype is not None:
        try:
            value = _read_small(handle, mimetype).strip()
        except ScanRejected as exc:
            raise InputFileError(f"the part 'mimetype' {exc}", path=label) from None
        if value.startswith(_ODS_MIME):
            return "ods"
        if value.startswith(b"application/vnd.oasis.opendocument."):
            kind = value.decode("ascii", "replace").rsplit(".", 1)[-1]
            raise InputFileError(f"is an OpenDocument {kind} file, not a spreadsheet", path=label)
    if "content.xml" in by_name:
        return "ods"
    if "word/document.xml" in by_name:
        raise InputFileError("is a Word document, not a spreadsheet", path=label)
    if "ppt/presentation.xml" in by_name:
        raise InputFileError("is a PowerPoint presentation, not a spreadsheet", path=label)
    raise InputFileError("is a zip archive, not an Excel or OpenDocument workbook", path=label)


_CONVENTIONAL_SHEET = re.compile(r"^xl/worksheets/sheet\d*\.(?:xml|bin)$")
_TAG_ATTRS = re.compile(rb"<(?:[\w.-]+:)?(Relationship|sheet)\b([^>]*)>")
_ATTR = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(raw: bytes) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, double, single in _ATTR.findall(raw):
        key = name.decode("ascii", "replace")
        found[key.split(":")[-1] if key.endswith(":id") else key] = html.unescape(
            (double or single).decode("utf-8", "replace")
        )
    return found


def _sheet_parts(by_name: dict[str, zipfile.ZipInfo], handle: BinaryIO, kind: str) -> dict[str, str | None]:
    """Worksheet part (lower-case) -> sheet name where the workbook says it."""
    suffix = ".bin" if kind == "xlsb" else ".xml"
    # The relationships decide what calamine reads; the conventional names are scanned as well
    # (but not e.g. an .xlsb's xl/worksheets/binaryIndex1.bin, which holds no cells).
    parts: dict[str, str | None] = {
        name: None for name in by_name if _CONVENTIONAL_SHEET.match(name) and name.endswith(suffix)
    }
    rels_info = by_name.get(f"xl/_rels/workbook{suffix}.rels")
    if rels_info is None:
        return parts
    targets: dict[str, list[str]] = {}
    for tag, raw in _TAG_ATTRS.findall(_read_small(handle, rels_info)):
        attrs = _attrs(raw)
        if tag != b"Relationship" or "sheet" not in attrs.get("Type", "").lower():
            continue
        target = attrs.get("Target", "").replace("\\", "/")
        if attrs.get("TargetMode", "").lower() == "external" or not target:
            continue
        path = target[1:] if target.startswith("/") else posixpath.join("xl", target)
        paths = targets.setdefault(attrs.get("Id", ""), [])
        paths.append(posixpath.normpath(path).lower())
        # calamine resolves a relative target that starts with "xl/" from the package root
        # ("xl/worksheets/a.xml" is that part, not xl/xl/...): scan the part it reads as well.
        if target.lower().startswith("xl/"):
            paths.append(posixpath.normpath(target).lower())
    names: dict[str, str] = {}
    workbook_info = by_name.get(f"xl/workbook{suffix}")
    if workbook_info is not None and kind == "xlsb":
        for rel, name in xlsb_sheet_names(_read_small(handle, workbook_info)).items():
            for part in targets.get(rel, ()):
                names[part] = name
    elif workbook_info is not None:
        for tag, raw in _TAG_ATTRS.findall(_read_small(handle, workbook_info)):
            attrs = _attrs(raw)
            if tag == b"sheet" and attrs.get("id") in targets:
                for part in targets[attrs["id"]]:
                    names[part] = attrs.get("name", "")
    for paths in targets.values():
        for part in paths:
            parts[part] = names.get(part)
    return parts


def _reject(exc: ScanRejected, info: zipfile.ZipInfo, sheet: str | None, label: str) -> None:
    if sheet:
        raise InputFileError(f"the sheet {exc}", path=label, sheet=sheet) from None
    raise InputFileError(f"the workbook part '{info.filename}' {exc}", path=label) from None


def _check_grid(sheets: list[tuple[str | None, Extent, zipfile.ZipInfo | None]], handle: BinaryIO, label: str) -> None:
    """Keep the dense grids calamine will hold within budget, tightening loose bounds first."""
    if sum(e.grid for _, e, _ in sheets) <= MAX_GRID_CELLS:
        return
    refined: list[tuple[str | None, Extent, zipfile.ZipInfo | None]] = []
    for name, extent, info in sheets:
        if not extent.exact and info is not None:
            try:
                extent = refine_rows(functools.partial(inflate, handle, info), extent)
            except ScanRejected as exc:
                _reject(exc, info, name, label)
        refined.append((name, extent, info))
    total = sum(e.grid for _, e, _ in refined)
    if total > MAX_GRID_CELLS:
        name, biggest, _ = max(refined, key=lambda item: item[1].grid)
        where = f"sheet '{name}'" if name else "its largest sheet"
        raise InputFileError(
            f"spans {total:,} cells across its sheets ({where}: {biggest.rows:,} rows x "
            f"{biggest.columns:,} columns), more than can be screened safely (limit "
            f"{MAX_GRID_CELLS:,}); split it into smaller workbooks",
            path=label,
        )


def _workbook_sheets(by_name: dict[str, zipfile.ZipInfo], handle: BinaryIO) -> list[tuple[str, str]]:
    """(sheet name, worksheet part in lower case) in workbook order, resolved as calamine does."""
    rels_info = by_name.get("xl/_rels/workbook.xml.rels")
    workbook_info = by_name.get("xl/workbook.xml")
    if rels_info is None or workbook_info is None:
        return []
    targets: dict[str, str] = {}
    for tag, raw in _TAG_ATTRS.findall(_read_small(handle, rels_info)):
        attrs = _attrs(raw)
        if tag == b"Relationship":
            targets[attrs.get("Id", "")] = attrs.get("Target", "")
    sheets: list[tuple[str, str]] = []
    for tag, raw in _TAG_ATTRS.findall(_read_small(handle, workbook_info)):
        attrs = _attrs(raw)
        target = targets.get(attrs.get("id", "")) if tag == b"sheet" else None
        if target is None or "name" not in attrs:
            continue
        if target.startswith("/xl/"):
            target = target[1:]
        elif not target.startswith("xl/"):
            target = "xl/" + target
        sheets.append((attrs["name"], target.lower()))
    return sheets


def _recalculates(by_name: dict[str, zipfile.ZipInfo], handle: BinaryIO) -> bool:
    workbook_info = by_name.get("xl/workbook.xml")
    return workbook_info is not None and bool(_FULL_CALC.search(_read_small(handle, workbook_info)))


def check_zip_workbook(handle: BinaryIO, file_size: int, label: str) -> WorkbookFacts:
    """Vet a zip container and every part calamine reads; say what it is ('xlsx', 'xlsb', 'ods')
    and, for an .xlsx, its sheets by part, which hold formulas, and its longest shared string."""
    try:
        archive = zipfile.ZipFile(handle)
        infos = archive.infolist()
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        struct.error,
        NotImplementedError,
        OverflowError,
        KeyError,
    ) as exc:
        raise InputFileError(
            f"is damaged or incomplete: it starts like a zip/Excel file but cannot be read ({exc})",
            path=label,
        ) from None
    _check_directory(infos, file_size, label)
    by_name = {i.filename.lower(): i for i in infos}
    kind = _kind(by_name, handle, label)
    parts: dict[str, str | None] = {}
    listed: list[tuple[str, str]] = []
    recalculate = False
    if kind != "ods":
        try:
            parts = _sheet_parts(by_name, handle, kind)
            if kind == "xlsx":
                listed = _workbook_sheets(by_name, handle)
                recalculate = _recalculates(by_name, handle)
        except ScanRejected as exc:
            raise InputFileError(f"the workbook's sheet list {exc}", path=label) from None
    sheets: list[tuple[str | None, Extent, zipfile.ZipInfo | None]] = []
    watched: dict[str, _PartWatch] = {}
    strings = _PartWatch()
    for info in infos:
        lower = info.filename.lower()
        if info.is_dir():
            continue
        sheet = parts.get(lower)

        def source(info: zipfile.ZipInfo = info) -> Iterator[bytes]:
            """A fresh pass over this member (the exact and refining scans read it again)."""
            return inflate(handle, info)

        try:
            if lower in parts and kind == "xlsx":
                watch = _PartWatch()

                def watched_source(info: zipfile.ZipInfo = info, watch: _PartWatch = watch) -> Iterator[bytes]:
                    return watch.formulas_in(inflate(handle, info))

                extent = scan_worksheet(watched_source, info.file_size)
                sheets.append((sheet, extent, info))
                watched[lower] = watch
            elif lower in parts and kind == "xlsb":
                sheets.append((sheet, scan_xlsb_sheet(source()), None))
            elif kind == "ods" and lower == "content.xml":
                sheets.extend((None, extent, None) for extent in scan_ods_content(source))
            elif kind == "xlsx" and lower == _SHARED_STRINGS:
                if info.file_size > MAX_SHARED_STRINGS_BYTES:
                    raise InputFileError(
                        f"holds {info.file_size / 1024**2:,.0f} MiB of shared strings, more than can be "
                        f"screened safely (limit {MAX_SHARED_STRINGS_BYTES / 1024**2:,.0f} MiB); split it "
                        "into smaller workbooks",
                        path=label,
                    )
                check_no_dtd(strings.strings_in(source(), info.file_size))
            elif lower.endswith(_XML_SUFFIXES):
                check_no_dtd(source())
        except ScanRejected as exc:
            _reject(exc, info, sheet, label)
    _check_grid(sheets, handle, label)
    found = []
    for name, part in listed:
        if part in watched and part in by_name:
            watch = watched[part]
            member = by_name[part]
            found.append(SheetPart(name, member.filename, member.file_size, watch.value_cells, watch.formulas))
    return WorkbookFacts(kind, tuple(found), strings.longest, recalculate)
