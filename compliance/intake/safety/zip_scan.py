"""A zip workbook's members read safely, and what the safety scan learns of its sheets.

The zip's own directory is only a claim: `check_directory` holds it to the limits (count, total size,
ratio, overlaps), and `inflate` yields each member in bounded chunks, never more (or less) than its
header declares. `compliance.intake.safety.zip_check` runs the whole check with them.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from compliance.intake.limits import (
    CHUNK_SIZE,
    MAX_COMPRESSION_RATIO,
    MAX_TOTAL_UNCOMPRESSED,
    MAX_ZIP_MEMBERS,
    RATIO_CHECK_MIN_SIZE,
)
from compliance.intake.safety.xml_scan import ScanRejected
from compliance.model.errors import InputFileError

# The shortest cell that can name a shared string: <c t="s"><v>0</v></c>.
_MIN_SHARED_CELL_BYTES = len(b'<c t="s"><v>0</v></c>')


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


_SMALL_PART_LIMIT = 64 * 1024 * 1024


def gib(size: int) -> str:
    """A size in GiB, one decimal: '2.0 GiB'."""
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


def read_small(handle: BinaryIO, info: zipfile.ZipInfo) -> bytes:
    """A small member (a sheet list, a mimetype) whole; refused when implausibly large."""
    if info.file_size > _SMALL_PART_LIMIT:
        raise ScanRejected(f"is implausibly large ({gib(info.file_size)})")
    return b"".join(inflate(handle, info))


def check_directory(infos: list[zipfile.ZipInfo], file_size: int, label: str) -> None:
    """Refuse a zip whose directory breaks a limit: too many members, too large unpacked, a bomb's ratio,
    duplicate names, a password, or overlapping entries."""
    if len(infos) > MAX_ZIP_MEMBERS:
        raise InputFileError(
            f"contains {len(infos):,} zip entries; a workbook has far fewer (limit "
            f"{MAX_ZIP_MEMBERS:,}), so it is not read",
            path=label,
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise InputFileError(
            f"would expand to {gib(total)} when unpacked (limit "
            f"{gib(MAX_TOTAL_UNCOMPRESSED)}); it is refused as a possible zip bomb",
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
