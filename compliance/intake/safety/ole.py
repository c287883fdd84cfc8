"""Read the directory and streams of an OLE2 compound file (legacy .xls, encrypted .xlsx).

Nothing in the file is trusted: every sector number is range-checked and every chain is bounded,
so a crafted file raises OleError instead of looping or reading outside the file.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_MAX_REGULAR = 0xFFFFFFFA
_STREAM, _ROOT = 2, 5


class OleError(Exception):
    """The compound file's structure is damaged or inconsistent."""


@dataclass(frozen=True, slots=True)
class OleEntry:
    """One directory entry: a stream (kind 2), storage (1) or the root (5)."""

    name: str
    kind: int
    start: int
    size: int


class CompoundFile:
    """The directory of a compound file, with bounded reads of its streams."""

    def __init__(self, handle: BinaryIO, file_size: int) -> None:
        self._handle = handle
        header = self._read_at(0, 512)
        if len(header) < 512 or header[:8] != SIGNATURE:
            raise OleError("the compound-file header is incomplete")
        major, byte_order, sector_shift, mini_shift = struct.unpack_from("<HHHH", header, 26)
        if byte_order != 0xFFFE or sector_shift not in (9, 12) or mini_shift != 6:
            raise OleError("the compound-file header is invalid")
        self._major = major
        self._sector_size = 1 << sector_shift
        self._sector_count = max(0, (file_size - 1) // self._sector_size)
        (fat_count, first_dir, _sig, self._mini_cutoff, first_mini_fat, mini_fat_count, first_difat, difat_count) = (
            struct.unpack_from("<IIIIIIII", header, 44)
        )
        if fat_count > self._sector_count or mini_fat_count > self._sector_count:
            raise OleError("the allocation table is larger than the file")
        fat_sectors = self._fat_sector_list(header, fat_count, first_difat, difat_count)
        self._fat = self._read_table(fat_sectors)
        self.entries = self._read_directory(first_dir)
        root = next((e for e in self.entries if e.kind == _ROOT), None)
        if root is None:
            raise OleError("the compound file has no root entry")
        self._root = root
        self._mini_fat = self._read_table(self._chain(first_mini_fat)) if mini_fat_count else []
        self._mini_stream: bytes | None = None

    def _read_at(self, offset: int, size: int) -> bytes:
        self._handle.seek(offset)
        return self._handle.read(size)

    def _read_sector(self, sector: int) -> bytes:
        if sector >= self._sector_count:
            raise OleError(f"sector {sector} lies outside the file")
        data = self._read_at((sector + 1) * self._sector_size, self._sector_size)
        if len(data) < self._sector_size:
            raise OleError("the file ends inside a sector")
        return data

    def _fat_sector_list(self, header: bytes, fat_count: int, first_difat: int, difat_count: int) -> list[int]:
        sectors = [s for s in struct.unpack_from("<109I", header, 76) if s <= _MAX_REGULAR]
        per_sector = self._sector_size // 4 - 1
        current, seen = first_difat, 0
        while current <= _MAX_REGULAR and len(sectors) < fat_count:
            seen += 1
            if seen > difat_count or seen > self._sector_count:
                raise OleError("the allocation index loops")
            values = struct.unpack(f"<{per_sector + 1}I", self._read_sector(current))
            sectors.extend(s for s in values[:per_sector] if s <= _MAX_REGULAR)
            current = values[per_sector]
        if len(sectors) < fat_count:
            raise OleError("the allocation table is incomplete")
        return sectors[:fat_count]

    def _read_table(self, sectors: list[int]) -> list[int]:
        table: list[int] = []
        for sector in sectors:
            table.extend(struct.unpack(f"<{self._sector_size // 4}I", self._read_sector(sector)))
        return table

    def _chain(self, start: int, table: list[int] | None = None) -> list[int]:
        fat = self._fat if table is None else table
        chain: list[int] = []
        current = start
        while current != _END_OF_CHAIN:
            if current > _MAX_REGULAR or current >= len(fat) or len(chain) > len(fat):
                raise OleError("a sector chain is broken or loops")
            chain.append(current)
            current = fat[current]
        return chain

    def _read_directory(self, first_dir: int) -> list[OleEntry]:
        entries: list[OleEntry] = []
        for sector in self._chain(first_dir):
            data = self._read_sector(sector)
            for offset in range(0, self._sector_size, 128):
                raw = data[offset : offset + 128]
                name_size, kind = struct.unpack_from("<HB", raw, 64)
                if kind not in (1, _STREAM, _ROOT):
                    continue
                start, size = struct.unpack_from("<IQ", raw, 116)
                if self._major == 3:
                    size &= 0xFFFFFFFF  # version 3 files leave the high half undefined
                name_bytes = raw[: max(0, min(name_size, 64) - 2)]
                name = name_bytes.decode("utf-16-le", errors="replace")
                entries.append(OleEntry(name, kind, start, size))
        return entries

    def stream_names(self) -> set[str]:
        """Names of every stream in the file (any storage), case preserved."""
        return {e.name for e in self.entries if e.kind == _STREAM}

    def find(self, *names: str) -> OleEntry | None:
        """The first stream called one of names (case-insensitive), else None."""
        wanted = {n.casefold() for n in names}
        return next((e for e in self.entries if e.kind == _STREAM and e.name.casefold() in wanted), None)

    def read_stream(self, entry: OleEntry) -> bytes:
        """The whole stream; raises OleError when its chain is shorter than its declared size."""
        limit = self._sector_count * self._sector_size
        if entry.size > limit:
            raise OleError(f"stream '{entry.name}' claims to be larger than the file")
        if entry.size < self._mini_cutoff and entry.kind != _ROOT:
            mini = self._mini()
            parts = [mini[s * 64 : s * 64 + 64] for s in self._chain(entry.start, self._mini_fat)]
        else:
            parts = [self._read_sector(s) for s in self._chain(entry.start)]
        data = b"".join(parts)
        if len(data) < entry.size:
            raise OleError(f"stream '{entry.name}' is truncated")
        return data[: entry.size]

    def _mini(self) -> bytes:
        if self._mini_stream is None:
            self._mini_stream = self.read_stream(self._root)
        return self._mini_stream
