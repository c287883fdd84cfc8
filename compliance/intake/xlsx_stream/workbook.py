"""The workbook opened for streaming: sheet parts, number formats, shared strings, cell values."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from typing import Any, BinaryIO

from compliance.intake.safety.xml_scan import utf8_chunks
from compliance.intake.safety.zip_scan import inflate
from compliance.intake.xlsx_stream.chunks import _blocks
from compliance.intake.xlsx_stream.errors import XlsxStreamError
from compliance.intake.xlsx_stream.formats import (
    _BUILTIN_DATES,
    _BUILTIN_DURATION,
    _DATETIME,
    _DURATION,
    _OTHER,
    number_format_kind,
)
from compliance.intake.xlsx_stream.markup import _TOKEN, _attrs, _decode, _local, _text, _usize
from compliance.intake.xlsx_stream.sheet import StreamedSheet
from compliance.intake.xlsx_stream.strings import _StringTableReader
from compliance.intake.xlsx_stream.values import _BOOLS, _ERROR_VALUE, _ERRORS, _FLOAT, excel_date_value, iso_value

# --- the workbook -------------------------------------------------------------------------------


class XlsxStream:
    """A vetted .xlsx/.xlsm opened for streaming: sheet parts, number formats, shared strings.

    Only the zip directory and the small parts are read here; the shared strings when first
    needed. Each pass over a sheet opens the file again (and checks it is unchanged).
    """

    def __init__(self, path: str) -> None:
        self.path = path
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            self._identity = (status.st_size, status.st_mtime_ns)
            archive = zipfile.ZipFile(handle)
            self._infos = archive.infolist()
            self._listed = self._sheet_parts(handle)
            self._parts: dict[str, zipfile.ZipInfo] = {}
            for sheet_name, info in self._listed:
                self._parts.setdefault(sheet_name, info)
            self.is_1904 = self._date1904(handle)
            self.formats = self._read_formats(handle)
        self._strings: list[str] | None = None
        self._date_styles: dict[bytes, tuple[int, dict[bytes, Any]]] | None = None

    def check_unchanged(self, handle: BinaryIO) -> None:
        """Rows are read after the file was vetted: refuse a file replaced or edited since."""
        status = os.fstat(handle.fileno())
        if (status.st_size, status.st_mtime_ns) != self._identity:
            raise XlsxStreamError("was changed while it was being read; screen it again")

    # -- parts --
    def _find(self, name: str) -> zipfile.ZipInfo | None:
        wanted = name.lower()
        return next((i for i in self._infos if i.filename.lower() == wanted), None)

    def _read(self, handle: BinaryIO, info: zipfile.ZipInfo) -> bytes:
        return b"".join(utf8_chunks(inflate(handle, info)))

    def _events(self, data: bytes) -> Iterator[tuple[str, bytes, bytes]]:
        """(kind, name or text, attributes) for the small parts read whole."""
        pos = 0
        while pos < len(data):
            token = _TOKEN.match(data, pos)
            if token is None:
                raise XlsxStreamError("is damaged: it contains malformed XML")
            pos = token.end()
            closing, name, attrs, empty, cdata, text = token.groups()
            if name is not None:
                if not closing:
                    yield "start", name, attrs
                if closing or empty:
                    yield "end", name, b""
            elif text is not None:
                yield "text", text, b""
            elif cdata is not None:
                yield "cdata", cdata, b""

    def _sheet_parts(self, handle: BinaryIO) -> list[tuple[str, zipfile.ZipInfo]]:
        """(sheet name, part) in workbook order; a crafted file may give two sheets one name."""
        rels_info = self._find("xl/_rels/workbook.xml.rels")
        workbook_info = self._find("xl/workbook.xml")
        if rels_info is None or workbook_info is None:
            return []
        targets: dict[bytes, str] = {}
        for kind, name, attrs in self._events(self._read(handle, rels_info)):
            if kind == "start" and _local(name) == b"Relationship":
                found = _attrs(attrs)
                targets[found.get(b"Id", b"")] = _decode(found.get(b"Target", b""))
        parts: list[tuple[str, zipfile.ZipInfo]] = []
        for kind, name, attrs in self._events(self._read(handle, workbook_info)):
            if kind != "start" or _local(name) != b"sheet":
                continue
            found = _attrs(attrs)
            rel = next((v for k, v in found.items() if k in (b"r:id", b"relationships:id")), None)
            sheet = found.get(b"name")
            if rel is None or sheet is None or rel not in targets:
                continue
            # calamine's resolution of the target, then its case-insensitive lookup.
            target = targets[rel]
            if target.startswith("/xl/"):
                path = target[1:]
            elif target.startswith("xl/"):
                path = target
            else:
                path = "xl/" + target
            info = self._find(path)
            if info is not None:
                parts.append((_text(sheet), info))
        return parts

    def _date1904(self, handle: BinaryIO) -> bool:
        info = self._find("xl/workbook.xml")
        if info is None:
            return False
        for kind, name, attrs in self._events(self._read(handle, info)):
            if kind == "start" and _local(name) == b"workbookPr":
                value = _attrs(attrs).get(b"date1904")
                return value is not None and _text(value) in ("1", "true")
        return False

    def _read_formats(self, handle: BinaryIO) -> list[int]:
        info = self._find("xl/styles.xml")
        if info is None:
            return []
        custom: dict[bytes, str] = {}
        formats: list[int] = []
        section = b""
        for kind, name, attrs in self._events(self._read(handle, info)):
            local = _local(name)
            if kind == "end" and local in (b"numFmts", b"cellXfs"):
                section = b""
            elif kind != "start":
                continue
            elif local in (b"numFmts", b"cellXfs"):
                section = local
            elif section == b"numFmts" and local == b"numFmt":
                found = _attrs(attrs)
                code = _text(found.get(b"formatCode", b""))
                if code:
                    custom[found.get(b"numFmtId", b"")] = code
            elif section == b"cellXfs" and local == b"xf":
                ident = _attrs(attrs).get(b"numFmtId")
                if ident is None:
                    formats.append(_OTHER)
                elif ident in custom:
                    formats.append(number_format_kind(custom[ident]))
                else:
                    text = ident.decode("latin-1")
                    formats.append(
                        _DATETIME if text in _BUILTIN_DATES else _DURATION if text == _BUILTIN_DURATION else _OTHER
                    )
        return formats

    def sheet_part(self, name: str) -> zipfile.ZipInfo | None:
        """The worksheet part calamine reads for this sheet name, when it can be found."""
        return self._parts.get(name)

    # -- shared strings --
    @property
    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = self._read_strings()
        return self._strings

    def _read_strings(self) -> list[str]:
        info = self._find("xl/sharedStrings.xml")
        if info is None:
            return []
        strings: list[str] = []
        reader = _StringTableReader(strings)
        leftover = b""
        for block in _blocks(self, info):
            buf = leftover + block
            leftover = buf[reader.feed(buf, final=False) :]
        reader.feed(leftover, final=True)
        return strings

    # -- values (the exact path; the fast path inlines the common cases) --
    def date_styles(self) -> dict[bytes, tuple[int, dict[bytes, Any]]]:
        """Style index (as written) -> (date kind, cache of converted values) for date styles."""
        if self._date_styles is None:
            caches: dict[int, dict[bytes, Any]] = {_DATETIME: {}, _DURATION: {}}
            self._date_styles = {str(i).encode(): (kind, caches[kind]) for i, kind in enumerate(self.formats) if kind}
        return self._date_styles

    def style_kind(self, style: bytes | None) -> int:
        if style is None:
            return _OTHER
        index = _usize(style)
        return self.formats[index] if index < len(self.formats) else _OTHER

    def number(self, raw: bytes, kind: int) -> Any:
        value = float(raw)
        return excel_date_value(value, kind, self.is_1904) if kind else value

    def first_value(self, raw: bytes, cell_type: bytes | None, style: bytes | None) -> Any:
        """A <v> of type n, s, b, e or none: calamine reads its first text event, unescaped."""
        if cell_type == b"s":
            index = _usize(raw)
            if index >= len(self.strings):
                raise XlsxStreamError("refers to a shared string that does not exist")
            return self.strings[index]
        if cell_type == b"b":
            flag = _BOOLS.get(raw.strip().lower())
            if flag is None:
                raise XlsxStreamError(f"has an unrecognised boolean cell value '{raw.decode('utf-8', 'replace')}'")
            return flag
        if cell_type == b"e":
            if raw not in _ERRORS:
                raise XlsxStreamError(f"has an unsupported cell error value '{raw.decode('utf-8', 'replace')}'")
            return _ERROR_VALUE
        if _FLOAT.fullmatch(raw):
            return self.number(raw, self.style_kind(style))
        if cell_type is None:
            return _decode(raw)
        raise XlsxStreamError(f"has a number that cannot be read ('{raw.decode('utf-8', 'replace')}')")

    def owned_value(self, cell_type: bytes | None, text: str) -> Any:
        """A <v> of type str, d or another: its whole text, references resolved."""
        if cell_type == b"str":
            return text
        if cell_type == b"d":
            return iso_value(text)
        shown = (cell_type or b"").decode("utf-8", "replace")
        raise XlsxStreamError(f"has an unknown cell type '{shown}'")

    @property
    def sheet_names(self) -> list[str]:
        """The worksheets' names in workbook order."""
        return list(self._parts)

    @property
    def identity(self) -> tuple[int, int]:
        """The file's size and modification time when it was opened."""
        return self._identity

    def sheet(self, name: str, columns: tuple[int, int] | None = None, part: str | None = None) -> StreamedSheet:
        """Open a sheet for streaming (reads its part once to find the used columns, unless given).

        `part` (a zip member name) picks the sheet by its part, for two sheets of one name.
        """
        info = self.sheet_part(name) if part is None else self._find(part)
        if info is None:
            raise XlsxStreamError("the sheet's part cannot be found in the workbook")
        return StreamedSheet(self, info, columns)
