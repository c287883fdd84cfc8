"""Bad and hostile input: every case is one InputFileError, fast, with the file left untouched."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import python_calamine as calamine

from compliance.intake.importer import open_input
from compliance.intake.safety import xml_scan
from compliance.intake.safety.xml_scan import Extent, ScanRejected, scan_worksheet
from compliance.intake.workbook_reader import calamine_error
from compliance.model.errors import InputFileError
from tests.workbook_craft import (
    brt_number,
    brt_row,
    brt_text,
    compound_file,
    filepass,
    header_rows,
    inline,
    label,
    ods_row,
    patch_sizes,
    sheet_xml,
    write_ods,
    write_xlsb,
    write_xlsx,
    xls_workbook,
)

SECONDS = 5.0  # generous: the point is "no hang, no blow-up", not a benchmark


def _rejects(path: Path, *fragments: str, **kwargs: object) -> InputFileError:
    """open_input fails with one InputFileError mentioning every fragment, quickly, read-only."""
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) if (path.is_file()) else None
    started = time.perf_counter()
    with pytest.raises(InputFileError) as caught:
        open_input(path, **kwargs)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    error = caught.value
    text = error.one_line()
    assert "\n" not in text
    for fragment in fragments:
        assert fragment in text, text
    assert error.path == str(path)
    assert elapsed < SECONDS, f"took {elapsed:.1f}s"
    if before is not None:
        assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before
    return error


def _valid_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Reference", "HS Code", "Origin"])
    for i in range(200):
        sheet.append([f"R-{i}", "2709", "China"])
    book.save(path)
    return path


# --- not a readable file ----------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    _rejects(tmp_path / "nope.xlsx", "file not found")


def test_directory(tmp_path: Path) -> None:
    _rejects(tmp_path, "is a folder")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    _rejects(path, "is empty")


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "a PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "a PDF document"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "a JPEG image"),
        (b"\x1f\x8b\x08\x00" + bytes(100), "a gzip archive"),
    ],
)
def test_other_file_types_renamed_xlsx(tmp_path: Path, content: bytes, what: str) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(content)
    _rejects(path, f"is {what}, not a spreadsheet")


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.xlsx"
    path.write_bytes(os.urandom(64 * 1024))
    _rejects(path, "not a spreadsheet or CSV file")


def test_html_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>Reference</td></tr></table></body></html>")
    _rejects(path, "web page (HTML)")


def test_excel_2003_xml(tmp_path: Path) -> None:
    path = tmp_path / "old.xml"
    path.write_text(
        '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'
    )
    _rejects(path, "Excel 2003 XML spreadsheet")


def test_text_that_is_neither_utf8_nor_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"Reference,Origin\nR-1,\x81\x8d\n")
    _rejects(path, "is not readable text", "0x81")


# --- broken or foreign zip containers -----------------------------------------------------------


def test_truncated_xlsx(tmp_path: Path) -> None:
    whole = _valid_xlsx(tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    _rejects(path, "damaged or incomplete")


def test_corrupt_compressed_data(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", sheet_xml(header_rows() * 50))
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename)
    for i in range(start + 10, start + 40):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    _rejects(path, "sheet 'Data'", "damaged")


def test_zip_that_is_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "memo.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    _rejects(path, "is a Word document")


def test_plain_zip_archive(tmp_path: Path) -> None:
    path = tmp_path / "bundle.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    _rejects(path, "is a zip archive, not an Excel or OpenDocument workbook")


def test_password_protected_zip_member(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "locked.xlsx", sheet_xml(header_rows()))
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    patch_sizes(path, info.filename, declared=info.file_size, flags=info.flag_bits | 0x1)
    _rejects(path, "password-protected")


# --- encrypted and legacy OLE files ----------------------------------------------------------


def test_encrypted_xlsx_is_an_ole_container(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    path.write_bytes(
        compound_file({"EncryptionInfo": b"\x04\x00\x04\x00" + bytes(60), "EncryptedPackage": os.urandom(5000)})
    )
    _rejects(path, "password-protected (encrypted)")


def test_ole_file_that_is_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "memo.xls"
    path.write_bytes(compound_file({"WordDocument": bytes(100)}))
    _rejects(path, "is a Word document")


def test_damaged_ole_header(tmp_path: Path) -> None:
    path = tmp_path / "broken.xls"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + os.urandom(600))
    _rejects(path, "is damaged")


def test_password_protected_xls(tmp_path: Path) -> None:
    stream = xls_workbook([label(0, 0, "Reference"), label(0, 1, "HS Code")], globals_extra=filepass())
    path = tmp_path / "locked.xls"
    path.write_bytes(compound_file({"Workbook": stream}))
    _rejects(path, "password-protected")


def test_xls_cell_beyond_its_256_columns(tmp_path: Path) -> None:
    # calamine would allocate 65,536 x 16,001 cells for this and abort the process.
    stream = xls_workbook(
        [label(0, 0, "Reference"), label(0, 1, "HS Code"), label(65535, 16000, "x")],
        dimensions=(0, 2, 0, 2),
    )
    path = tmp_path / "far.xls"
    path.write_bytes(compound_file({"Workbook": stream}))
    _rejects(path, "column 16,001", ".xls limit")


def test_xls_lying_dimensions_record(tmp_path: Path) -> None:
    # calamine reserves rows x columns cells from DIMENSIONS before reading a single cell.
    stream = xls_workbook([label(0, 0, "Reference"), label(0, 1, "HS Code")], dimensions=(0, 0xFFFFFFF0, 0, 0xFFFF))
    path = tmp_path / "dims.xls"
    path.write_bytes(compound_file({"Workbook": stream}))
    _rejects(path, "beyond the .xls limits")


def test_xls_shared_string_count_lie(tmp_path: Path) -> None:
    sst = struct.pack("<HHii", 0x00FC, 8, 1, 0x7FFFFFFF)
    stream = xls_workbook([label(0, 0, "Reference"), label(0, 1, "HS Code")], globals_extra=sst)
    path = tmp_path / "sst.xls"
    path.write_bytes(compound_file({"Workbook": stream}))
    _rejects(path, "more shared strings than the file could hold")


def test_xlsb_cell_far_beyond_the_last_column(tmp_path: Path) -> None:
    records = (
        brt_row(0)
        + brt_text(0, "Reference")
        + brt_text(1, "HS Code")
        + brt_row(1)
        + brt_text(0, "R-1")
        + brt_row(1_000_000)
        + brt_number(400_000, 1.0)
    )
    error = _rejects(write_xlsb(tmp_path / "far.xlsb", records), "column 400,001")
    assert error.sheet == "Shipments"


# --- decompression bombs and oversized sheets ---------------------------------------------------


def test_far_apart_cells_would_make_calamine_allocate_terabytes(tmp_path: Path) -> None:
    # Two cells, A1 and XFD1048576: calamine sizes its grid from them (17 billion cells).
    rows = header_rows() + '<row r="1048576">' + inline("XFD1048576", "x") + "</row>"
    path = write_xlsx(tmp_path / "far.xlsx", sheet_xml(rows))
    error = _rejects(path, "more than can be screened")
    assert "1,048,576 rows x 16,384 columns" in error.message


def test_sheet_part_named_from_the_package_root_is_scanned_too(tmp_path: Path) -> None:
    # calamine reads Target="xl/worksheets/data.xml" as that part (not xl/xl/...): it is bounded too.
    rows = header_rows() + '<row r="1048576">' + inline("XFD1048576", "x") + "</row>"
    path = write_xlsx(tmp_path / "rooted.xlsx", b"", extra={"xl/worksheets/data.xml": sheet_xml(rows)})
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b'Target="worksheets/sheet1.xml"', b'Target="xl/worksheets/data.xml"'
    )
    del parts["xl/worksheets/sheet1.xml"]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert calamine.CalamineWorkbook.from_path(str(path)).sheet_names == ["Data"]
    error = _rejects(path, "more than can be screened")
    assert error.message.count("sheet 'Data'") == 1


def test_sheet_claiming_two_million_rows(tmp_path: Path) -> None:
    rows = header_rows() + '<row r="2000000">' + inline("A2000000", "x") + "</row>"
    error = _rejects(write_xlsx(tmp_path / "deep.xlsx", sheet_xml(rows)), "row 2,000,000", "1,048,576 rows")
    assert error.sheet == "Data"


def test_rows_without_references_counted_past_excels_last_row(tmp_path: Path) -> None:
    # Unnumbered rows continue from the last numbered one; 600 of them overflow Excel's limit.
    unnumbered = "<row><c><v>1</v></c></row>" * 600
    rows = header_rows() + '<row r="1048000"><c><v>1</v></c></row>' + unnumbered
    _rejects(write_xlsx(tmp_path / "rless.xlsx", sheet_xml(rows)), "beyond Excel's limit")


def test_cell_beyond_column_xfd(tmp_path: Path) -> None:
    rows = header_rows() + '<row r="3">' + inline("XFE3", "x") + "</row>"
    _rejects(write_xlsx(tmp_path / "wide.xlsx", sheet_xml(rows)), "column 16,385")


def test_dimension_beyond_excels_limits(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "dim.xlsx", sheet_xml(header_rows(), dimension="A1:XFZ5"))
    _rejects(path, "used range beyond Excel's column limit")


def test_doctype_entity_in_the_sheet(tmp_path: Path) -> None:
    laughs = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    rows = header_rows() + '<row r="3">' + inline("A3", "&lol3;") + "</row>"
    _rejects(write_xlsx(tmp_path / "laughs.xlsx", sheet_xml(rows, prolog=laughs)), "DOCTYPE/ENTITY declaration")


def test_doctype_in_another_part(tmp_path: Path) -> None:
    strings = b'<?xml version="1.0"?><!DOCTYPE sst SYSTEM "http://example.com/x.dtd"><sst/>'
    path = write_xlsx(tmp_path / "sst.xlsx", sheet_xml(header_rows()), extra={"xl/sharedStrings.xml": strings})
    _rejects(path, "xl/sharedStrings.xml", "DOCTYPE/ENTITY")


def test_entity_declaration_split_across_a_chunk_boundary(tmp_path: Path) -> None:
    padding = "<!-- " + "x" * (1024 * 1024 - 60) + " -->"
    sheet = sheet_xml(header_rows(), prolog=padding + "<!DOCTYPE x>")
    path = write_xlsx(tmp_path / "split.xlsx", sheet)
    _rejects(path, "DOCTYPE/ENTITY")


def test_highly_compressed_member_is_a_zip_bomb(tmp_path: Path) -> None:
    rows = header_rows() + " " * (40 * 1024 * 1024)
    _rejects(write_xlsx(tmp_path / "bomb.xlsx", sheet_xml(rows)), "zip bomb")


def test_member_larger_than_its_header_declares(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "liar.xlsx", sheet_xml(header_rows() * 200))
    patch_sizes(path, "xl/worksheets/sheet1.xml", declared=500)
    _rejects(path, "expands to more than the size its zip header declares")


def test_declared_total_beyond_two_gib(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "huge.xlsx", sheet_xml(header_rows()))
    patch_sizes(path, "xl/worksheets/sheet1.xml", declared=3 * 1024**3)
    _rejects(path, "would expand to 3.0 GiB")


def test_cell_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xml_scan, "MAX_WRITTEN_CELLS", 1000)
    rows = header_rows() + "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in "ABCDEFGHIJ") + "</row>"
        for r in range(3, 203)
    )
    _rejects(write_xlsx(tmp_path / "many.xlsx", sheet_xml(rows)), "more than 1,000 cells")


def test_ods_repeated_cells_bomb(tmp_path: Path) -> None:
    table = (
        '<table:table table:name="S">'
        + ods_row("Reference", "HS Code")
        + '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="16000" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row></table:table>"
    )
    _rejects(write_ods(tmp_path / "bomb.ods", table), "more than")


def test_malformed_sheet_xml_is_reported_by_calamine(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", sheet_xml(header_rows() + '<row r="3"><c r="A3" t="n"><v>x</v></c></row>'))
    error = _rejects(path)
    assert error.sheet == "Data"


def test_missing_workbook_part_is_reported_by_calamine(tmp_path: Path) -> None:
    path = tmp_path / "partial.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><sheets>")
    _rejects(path, "cannot be read as a workbook")


# --- CSV limits -----------------------------------------------------------------------------------


def test_csv_cell_longer_than_the_field_limit_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text('Reference,Description\nR-1,ok\nR-2,"' + "x" * 200_000 + '"\n')
    error = _rejects(path, "field larger than field limit")
    assert error.row == 3


def test_csv_error_far_down_surfaces_while_reading_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from compliance.intake import csv_reader as io_csv

    monkeypatch.setattr(io_csv, "MAX_CSV_LINE_CHARS", 1000)
    path = tmp_path / "late.csv"
    path.write_text("Reference,Origin\n" + "R,CN\n" * 20_000 + "R," + "x" * 5000 + "\n")
    opened = open_input(path)  # only the first rows are read up front
    started = time.perf_counter()
    with pytest.raises(InputFileError) as caught:
        list(opened.rows())
    assert time.perf_counter() - started < SECONDS
    assert caught.value.row == 20_002
    assert "longer than 1,000 characters" in caught.value.message


# --- the scanner itself -----------------------------------------------------------------------


def _chunks(data: bytes, size: int = 7) -> Callable[[], io.BytesIO]:
    def source():  # type: ignore[no-untyped-def]
        return iter([data[i : i + size] for i in range(0, len(data), size)])

    return source  # type: ignore[return-value]


def test_scanner_sees_references_split_between_chunks() -> None:
    rows = header_rows() + '<row r="9"><c r="XFE9"><v>1</v></c></row>'
    with pytest.raises(ScanRejected):
        scan_worksheet(_chunks(sheet_xml(rows), 5))  # type: ignore[arg-type]


def test_scanner_on_a_normal_sheet_needs_no_second_pass() -> None:
    extent = scan_worksheet(_chunks(sheet_xml(header_rows()), 4096))  # type: ignore[arg-type]
    assert extent == Extent(rows=2, columns=26, cells=4, exact=False, row_tag_max=2)


def test_scanner_exact_mode_for_cells_without_references() -> None:
    rows = '<row r="5"><c><v>1</v></c><c t="s"><v>0</v></c></row><row><c><v>2</v></c></row>'
    extent = scan_worksheet(_chunks(sheet_xml(rows), 3))  # type: ignore[arg-type]
    assert (extent.rows, extent.columns, extent.cells, extent.exact) == (6, 2, 3, True)


def test_overlapping_zip_entries(tmp_path: Path) -> None:
    # Many directory entries sharing one compressed block is how non-recursive zip bombs work.
    path = write_xlsx(tmp_path / "overlap.xlsx", sheet_xml(header_rows()), extra={"xl/extra.xml": b"<x/>" * 100})
    data = bytearray(path.read_bytes())
    target = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").header_offset
    central = data.find(b"PK\x01\x02")
    while central != -1:
        size = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + size] == b"xl/extra.xml":
            struct.pack_into("<I", data, central + 42, target)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    _rejects(path, "overlapping")


def test_utf16_sheet_xml_is_scanned_too() -> None:
    rows = header_rows() + '<row r="9"><c r="XFE9"><v>1</v></c></row>'
    text = sheet_xml(rows).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    with pytest.raises(ScanRejected):
        scan_worksheet(_chunks(text.encode("utf-16"), 1001))  # type: ignore[arg-type]


def test_checksum_mismatch_is_reported_as_damage(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "crc.xlsx", sheet_xml(header_rows()), compression=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    data[data.find(b"R-1") + 2] = ord("9")  # same size, different bytes
    path.write_bytes(bytes(data))
    _rejects(path, "fails its checksum")


def test_text_that_looks_like_a_reference_is_not_one(tmp_path: Path) -> None:
    rows = header_rows() + '<row r="3">' + inline("A3", 'see r="XFE1048999" in the memo') + "</row>"
    opened = open_input(write_xlsx(tmp_path / "memo.xlsx", sheet_xml(rows)))
    references = [r.fields["reference"] for r in opened.rows()]
    assert references == ["R-1", 'see r="XFE1048999" in the memo']


def _prefixed(rows: str) -> bytes:
    body = rows.replace("<row", "<x:row").replace("</row>", "</x:row>")
    body = body.replace("<c ", "<x:c ").replace("</c>", "</x:c>")
    body = body.replace("<is>", "<x:is>").replace("</is>", "</x:is>")
    body = body.replace("<t>", "<x:t>").replace("</t>", "</x:t>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' + body + "</x:sheetData></x:worksheet>"
    ).encode()


def test_namespace_prefixed_sheets_are_read_and_bounded(tmp_path: Path) -> None:
    opened = open_input(write_xlsx(tmp_path / "sdk.xlsx", _prefixed(header_rows())))
    assert [r.fields for r in opened.rows()] == [{"reference": "R-1", "hs_code": "2709"}]
    far = header_rows() + '<row r="1048576">' + inline("XFD1048576", "x") + "</row>"
    _rejects(write_xlsx(tmp_path / "sdk-far.xlsx", _prefixed(far)), "more than can be screened")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (calamine.PasswordError("Workbook is password protected"), "password-protected"),
        (calamine.ZipError("invalid Zip archive"), "zip container cannot be read"),
        (calamine.XmlError("ill-formed document"), "malformed XML"),
        (calamine.WorksheetNotFound("Data"), "sheet cannot be found"),
        (calamine.CalamineError("something else"), "cannot be read as a workbook (something else)"),
        (calamine.XmlError("I/O error: Invalid checksum"), "fails its checksum"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"), "cannot be decoded"),
        (PermissionError(13, "Permission denied"), "cannot be read: Permission denied"),
    ],
)
def test_every_calamine_error_becomes_one_readable_line(error: Exception, expected: str) -> None:
    mapped = calamine_error(error, "in.xlsx", "Data")
    assert isinstance(mapped, InputFileError)
    assert expected in mapped.one_line()
    assert mapped.one_line().startswith("in.xlsx, sheet 'Data': ")
