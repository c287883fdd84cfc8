"""Crafted workbooks for the intake's hostile-input tests: sheets sharing a name, formulas without
stored values, shared strings that expand, repeated ODS cells (built byte by byte)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.workbook_craft import SHEET_START, inline, write_ods

_NS = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


def row(number: int, *cells: str) -> str:
    """A <row> of inline-string cells from column A (a cell given as '<c ...' is used as written)."""
    out = []
    for index, text in enumerate(cells):
        ref = f"{chr(65 + index)}{number}"
        out.append(text.replace("{ref}", ref) if text.startswith("<c") else inline(ref, text))
    return f'<row r="{number}">' + "".join(out) + "</row>"


def sheet(*rows: str) -> bytes:
    return (SHEET_START + "<sheetData>" + "".join(rows) + "</sheetData></worksheet>").encode()


def write_sheets(
    path: Path,
    sheets: list[tuple[str, bytes]],
    *,
    shared: list[str] | None = None,
    full_calc: bool = False,
) -> Path:
    """An .xlsx with the given sheets in order (names may repeat), shared strings if given."""
    entries = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, (name, _) in enumerate(sheets, 1))
    calc = '<calcPr fullCalcOnLoad="1"/>' if full_calc else ""
    workbook = f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS}><sheets>{entries}</sheets>{calc}</workbook>'
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1)
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships">{rels}</Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for i, (_, data) in enumerate(sheets, 1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", data)
        if shared is not None:
            items = "".join(f"<si><t>{s}</t></si>" for s in shared)
            archive.writestr(
                "xl/sharedStrings.xml",
                '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                f'spreadsheetml/2006/main" count="{len(shared)}" uniqueCount="{len(shared)}">{items}</sst>',
            )
    return path


def shared_string_bomb(path: Path, rows: int, length: int) -> Path:
    """A header, then `rows` rows whose description names one `length`-character shared string."""
    header = row(1, "Reference", "HS Code", "Description")
    body = "".join(
        f'<row r="{n}">{inline(f"A{n}", f"R-{n}")}{inline(f"B{n}", "8471")}<c r="C{n}" t="s"><v>0</v></c></row>'
        for n in range(2, rows + 2)
    )
    return write_sheets(path, [("Data", sheet(header, body))], shared=["x" * length])


def ods_repeat_bomb(path: Path, rows: int, columns: int, length: int) -> Path:
    """A header, then one row of `columns` repeated cells of `length` characters, repeated `rows` times."""
    cell = (
        f'<table:table-cell office:value-type="string" table:number-columns-repeated="{columns}">'
        f"<text:p>{'x' * length}</text:p></table:table-cell>"
    )
    header = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
        for h in ("Reference", "HS Code")
    )
    tables = (
        f'<table:table table:name="Data"><table:table-row>{header}</table:table-row>'
        f'<table:table-row table:number-rows-repeated="{rows}">{cell}</table:table-row></table:table>'
    )
    return write_ods(path, tables)
