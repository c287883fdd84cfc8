"""Build small, deliberately malformed workbooks for the importer's safety tests.

openpyxl only writes well-formed files, so hostile ones (far-apart cells, lying zip headers,
DTDs, encrypted containers, legacy .xls records) are assembled here byte by byte.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import openpyxl

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main">'
)


def inline(ref: str, text: str) -> str:
    """An inline-string cell."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_rows() -> str:
    """A recognisable header in row 1 and one data row, so a crafted sheet is otherwise valid."""
    return (
        '<row r="1">' + inline("A1", "Reference") + inline("B1", "HS Code") + "</row>"
        '<row r="2">' + inline("A2", "R-1") + inline("B2", "2709") + "</row>"
    )


def sheet_xml(rows: str, *, dimension: str | None = None, prolog: str = "") -> bytes:
    """A worksheet part around the given <row> elements."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    start = SHEET_START.replace("?>", "?>" + prolog, 1)
    return (start + dim + "<sheetData>" + rows + "</sheetData></worksheet>").encode()


def write_xlsx(
    path: Path,
    sheet: bytes,
    *,
    name: str = "Data",
    extra: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A one-sheet .xlsx with the given worksheet XML (and any extra parts)."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=name))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for part, data in (extra or {}).items():
            archive.writestr(part, data)
    return path


def patch_sizes(path: Path, member: str, *, declared: int, flags: int | None = None) -> None:
    """Rewrite a member's declared uncompressed size (and flag bits) in both zip headers."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_size = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_size] == name:
            struct.pack_into("<I", data, local + 22, declared)
            if flags is not None:
                struct.pack_into("<H", data, local + 6, flags)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_size = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_size] == name:
            struct.pack_into("<I", data, central + 24, declared)
            if flags is not None:
                struct.pack_into("<H", data, central + 8, flags)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def write_ods(path: Path, tables: str) -> Path:
    """A minimal OpenDocument spreadsheet with the given <table:table> elements."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
        'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        'spreadsheet"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def ods_row(*values: str, repeat: int = 1) -> str:
    """A <table:table-row> of string cells."""
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>' for v in values
    )
    rep = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{rep}>{cells}</table:table-row>"


# --- OLE2 compound files (legacy .xls, encrypted OOXML) ------------------------------------------

_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, start: int, size: int, child: int, right: int) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _NOSTREAM, right, child)
        + bytes(16 + 4 + 16)
        + struct.pack("<IQ", start, size)
    )


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file holding the streams (each padded to 4 KiB: no mini stream)."""
    padded = {n: d.ljust(max(4096, -(-len(d) // 512) * 512), b"\x00") for n, d in streams.items()}
    names = list(padded)
    entries = 1 + len(names)
    dir_sectors = -(-entries // 4)
    fat = [_FATSECT, *[*range(2, dir_sectors + 1), _END][:dir_sectors]]
    starts: list[int] = []
    sector = 1 + dir_sectors
    for name in names:
        count = len(padded[name]) // 512
        starts.append(sector)
        fat.extend([*range(sector + 1, sector + count), _END])
        sector += count
    if len(fat) > 128:
        raise ValueError("test compound files are limited to one FAT sector")
    fat.extend([_FREE] * (128 - len(fat)))
    directory = _dir_entry("Root Entry", 5, _END, 0, 1 if names else _NOSTREAM, _NOSTREAM)
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else _NOSTREAM
        directory += _dir_entry(name, 2, starts[index], len(padded[name]), _NOSTREAM, right)
    directory = directory.ljust(dir_sectors * 512, b"\x00")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<108I", *([_FREE] * 108))
    )
    body = struct.pack("<128I", *fat) + directory + b"".join(padded[n] for n in names)
    return header + body


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def label(row: int, col: int, text: str) -> bytes:
    """A BIFF8 LABEL cell record (8-bit characters)."""
    raw = text.encode("latin-1")
    return _record(0x0204, struct.pack("<HHHHB", row, col, 15, len(raw), 0) + raw)


def number(row: int, col: int, value: float) -> bytes:
    """A BIFF8 NUMBER cell record."""
    return _record(0x0203, struct.pack("<HHHd", row, col, 15, value))


def xls_workbook(
    cells: list[bytes],
    *,
    sheet: str = "Shipments",
    dimensions: tuple[int, int, int, int] | None = None,
    globals_extra: bytes = b"",
) -> bytes:
    """A BIFF8 Workbook stream with one worksheet holding the given cell records."""
    bof_globals = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
    codepage = _record(0x0042, struct.pack("<H", 1200))
    name = sheet.encode("latin-1")

    def boundsheet(offset: int) -> bytes:
        return _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 0) + name)

    eof = _record(0x000A, b"")
    head = bof_globals + codepage + globals_extra
    offset = len(head) + len(boundsheet(0)) + len(eof)
    globals_part = head + boundsheet(offset) + eof
    rows = [r for r in (_cell_position(c) for c in cells)]
    last_row = max((r for r, _ in rows), default=0) + 1
    last_col = max((c for _, c in rows), default=0) + 1
    first_row, end_row, first_col, end_col = dimensions or (0, last_row, 0, last_col)
    sheet_part = (
        _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
        + _record(0x0200, struct.pack("<IIHHH", first_row, end_row, first_col, end_col, 0))
        + b"".join(cells)
        + eof
    )
    return globals_part + sheet_part


def _cell_position(record: bytes) -> tuple[int, int]:
    row, col = struct.unpack_from("<HH", record, 4)
    return row, col


def filepass() -> bytes:
    """A FILEPASS record (RC4 encryption header), as a password-protected .xls carries."""
    return _record(0x002F, struct.pack("<HHH", 1, 1, 1) + bytes(48))


# --- .xlsb (BIFF12 records in a zip) -----------------------------------------------------------


def _varint(value: int, limit: int) -> bytes:
    out = bytearray()
    for _ in range(limit):
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            break
    return bytes(out)


def brt(kind: int, body: bytes = b"") -> bytes:
    """One BIFF12 record: variable-length type and size, then the body."""
    return _varint(kind, 2) + _varint(len(body), 4) + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def brt_row(row: int) -> bytes:
    """BrtRowHdr for a 0-based row."""
    return brt(0x0000, struct.pack("<IIHBBB", row, 0, 300, 0, 0, 0) + struct.pack("<I", 0))


def brt_text(col: int, text: str) -> bytes:
    """BrtCellSt: a string cell in a 0-based column."""
    return brt(0x0006, struct.pack("<II", col, 0) + _wide(text))


def brt_number(col: int, value: float) -> bytes:
    """BrtCellReal: a number cell in a 0-based column."""
    return brt(0x0005, struct.pack("<IId", col, 0, value))


def write_xlsb(path: Path, records: bytes, *, name: str = "Shipments") -> Path:
    """A one-sheet .xlsb whose sheet data holds the given row and cell records."""
    workbook = brt(0x009C, struct.pack("<II", 0, 1) + _wide("rId1") + _wide(name)) + brt(0x0090) + brt(0x0084)
    sheet = (
        brt(0x0081) + brt(0x0094, struct.pack("<IIII", 0, 0, 0, 0)) + brt(0x0091) + records + brt(0x0092) + brt(0x0082)
    )
    rels = _WORKBOOK_RELS.replace("sheet1.xml", "sheet1.bin")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS.replace("workbook.xml", "workbook.bin"))
        archive.writestr("xl/workbook.bin", workbook)
        archive.writestr("xl/_rels/workbook.bin.rels", rels)
        archive.writestr("xl/worksheets/sheet1.bin", sheet)
    return path


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """An ordinary workbook made with openpyxl: sheet name -> rows, in order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path
