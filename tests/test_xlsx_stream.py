"""The streaming .xlsx reader gives exactly what calamine gives, and the importer uses it for large sheets.

Every workbook here is read both ways, cell by cell and type by type: calamine's `iter_rows` and
`StreamedSheet.iter_rows`, also with the inflated XML re-cut into tiny chunks so that every chunk
boundary (inside a tag, a cell, a reference) is met. Cases calamine refuses must fail here too.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine as calamine
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from compliance.intake import workbook_reader as io_workbook
from compliance.intake import xlsx_stream
from compliance.intake.importer import OpenedInput, open_input
from compliance.intake.safety import zip_scan
from compliance.intake.xlsx_stream import XlsxStream, XlsxStreamError, number_format_kind
from compliance.model.errors import InputFileError
from compliance.model.source_row import SourceRow
from tests.workbook_craft import sheet_xml, write_workbook, write_xlsx

SPLITS = (None, 1, 7, 61)
"""Chunk sizes the inflated XML is re-cut to (None: as inflated, about 1 MiB)."""

STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="[h]:mm"/><numFmt numFmtId="166" formatCode="#,##0.00"/>'
    '</numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/>'
    '<xf numFmtId="165"/><xf numFmtId="22"/><xf numFmtId="166"/><xf numFmtId="21"/></cellXfs>'
    "</styleSheet>"
)
"""Styles: 1 a custom date, 2 built-in date (14), 3 a duration, 4 date-time (22), 5 a number
format, 6 a time (21)."""

SHARED = [
    "<t>plain</t>",
    '<t xml:space="preserve">  kept  </t>',
    "<t>  trimmed  </t>",
    "<t>a &amp; b &lt;c&gt; &#x263A;</t>",
    '<r><t>rich</t></r><r><rPr><b/><color rgb="FFFF0000"/></rPr><t xml:space="preserve"> text</t></r>',
    '<t>kanji</t><rPh sb="0" eb="1"><t>KANA</t></rPh>',
    "",
    "<t>line\r\nbreak</t>",
    "<t>Ünïcödé ☺ 北京</t>",
    "<t><![CDATA[<cdata> & more]]></t>",
]


def shared_strings() -> bytes:
    items = "".join(f"<si>{item}</si>" if item else "<si/>" for item in SHARED)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="{len(SHARED)}">{items}</sst>'
    ).encode()


def crafted(path: Path, rows: str, *, extra: dict[str, bytes] | None = None) -> Path:
    """A one-sheet workbook ('Data') with the given <row> elements, the styles and shared strings above."""
    parts = {"xl/styles.xml": STYLES.encode(), "xl/sharedStrings.xml": shared_strings()}
    parts.update(extra or {})
    return write_xlsx(path, sheet_xml(rows, dimension="A1:B2"), extra=parts)


def _typed(row: list[Any]) -> list[tuple[str, Any]]:
    return [(type(v).__name__, "NaN" if isinstance(v, float) and math.isnan(v) else v) for v in row]


def calamine_sheet(path: Path, name: str) -> tuple[int | None, list[list[tuple[str, Any]]]]:
    sheet = calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name)
    start = sheet.start
    return (None if start is None else start[1]), [_typed(r) for r in sheet.iter_rows()]


def streamed_sheet(path: Path, name: str) -> tuple[int | None, list[list[tuple[str, Any]]]]:
    sheet = XlsxStream(str(path)).sheet(name)
    return sheet.start_column, [_typed(r) for r in sheet.iter_rows()]


@pytest.fixture(autouse=True)
def one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader is tested here in this process (tests/test_read_ahead.py runs it in a second one)."""
    monkeypatch.setenv(io_workbook.PROCESSES_VARIABLE, "1")


@pytest.fixture
def split(monkeypatch: pytest.MonkeyPatch) -> Callable[[int | None], None]:
    """Set the chunk size the reader re-cuts the inflated XML to."""

    def set_split(size: int | None) -> None:
        monkeypatch.setattr("compliance.intake.xlsx_stream.chunks._SPLIT", size)

    return set_split


def assert_same(path: Path, split: Any, names: list[str] | None = None) -> None:
    """Every sheet reads the same both ways, whatever the chunking."""
    names = names or calamine.CalamineWorkbook.from_path(str(path)).sheet_names
    for name in names:
        expected = calamine_sheet(path, name)
        for size in SPLITS:
            split(size)
            assert streamed_sheet(path, name) == expected, (name, size)


def assert_both_fail(path: Path, split: Any, *fragments: str) -> None:
    with pytest.raises(calamine.CalamineError):
        calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data")
    for size in SPLITS:
        split(size)
        with pytest.raises(XlsxStreamError) as caught:
            streamed_sheet(path, "Data")
        for fragment in fragments:
            assert fragment in str(caught.value)


# --- workbooks written by openpyxl ---------------------------------------------------------------


def test_openpyxl_values_of_every_kind(tmp_path: Path, split: Any) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Values"
    rich = CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold"), " end"])
    sheet.append(["Text", "Int", "Float", "Bool", "Date", "Datetime", "Time", "Duration", "Rich"])
    sheet.append(
        [
            "Acme Ltd",
            42,
            2.5,
            True,
            dt.date(2019, 12, 22),
            dt.datetime(2020, 1, 2, 3, 4, 5),
            dt.time(13, 30),
            dt.timedelta(hours=30),
            rich,
        ]
    )
    sheet.append(
        [
            "  padded  ",
            -7,
            1e20,
            False,
            dt.date(1900, 2, 28),
            dt.datetime(1900, 3, 1, 12),
            dt.time(0, 0, 1),
            dt.timedelta(days=-1),
            "line1\nline2",
        ]
    )
    sheet.append(
        [
            "Ünïcödé ☺ 北京",
            0,
            -0.0,
            None,
            dt.date(9999, 12, 31),
            dt.datetime(2020, 2, 29, 23, 59, 59),
            None,
            dt.timedelta(0),
            "a & b < c > d \"q\" 'a'",
        ]
    )
    sheet.append(['=A2&"x"', 2**53 + 1, 0.1 + 0.2, None, None, None, None, None, "   "])
    formats = [
        "mm-dd-yy",
        "d-mmm-yy",
        "h:mm",
        "[h]:mm:ss",
        "mm:ss",
        "dd/mm/yyyy",
        '"Date: "yyyy-mm-dd',
        "#,##0.00",
        "[Red]0.00",
        "0%",
        "yyyy-mm-dd h:mm",
        "@",
        "General",
        "[$-409]d-mmm",
    ]
    for column, number_format in enumerate(formats, 1):
        cell = sheet.cell(row=6, column=column, value=43832.75)
        cell.number_format = number_format
        cell = sheet.cell(row=7, column=column, value=0.5)
        cell.number_format = number_format
    path = tmp_path / "values.xlsx"
    book.save(path)
    assert_same(path, split)


def test_gaps_leading_empty_rows_and_columns_and_several_sheets(tmp_path: Path, split: Any) -> None:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Offset"
    first["D4"] = "header"
    first["E4"] = "second"
    first["D9"] = 1
    first["G9"] = "far right"
    first["E12"] = dt.date(2020, 5, 6)
    second = book.create_sheet("Plain")
    for row in range(1, 40):
        second.append([f"r{row}", row * 1.5, None, row % 3 == 0])
    book.create_sheet("Empty")
    styled = book.create_sheet("Styled blanks")
    styled["B2"] = "value"
    styled["H20"].number_format = "0.00"  # a formatted cell without a value: no wider range
    path = tmp_path / "layout.xlsx"
    book.save(path)
    assert_same(path, split)
    assert XlsxStream(str(path)).sheet("Offset").start_column == 3
    assert XlsxStream(str(path)).sheet("Empty").start_column is None


def test_1904_dates(tmp_path: Path, split: Any) -> None:
    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet.append([dt.date(2020, 1, 2), dt.datetime(1904, 1, 1, 6), dt.time(12), 1])
    path = tmp_path / "mac.xlsx"
    book.save(path)
    assert_same(path, split)


def test_a_sheet_many_chunks_long(tmp_path: Path, split: Any) -> None:
    rng = random.Random(7)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Ledger")
    sheet.append(["Ref", "Date", "Qty", "Value", "Goods", "Note"])
    for row in range(3000):
        sheet.append(
            [
                f"BL-{row:05d}",
                dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(700)),
                rng.randrange(1, 10_000),
                round(rng.uniform(1, 1e6), 2),
                rng.choice(["Crude oil", "Coal & coke", "Frozen fish", "  Textiles ", "Machinery"]),
                rng.choice([None, "checked", "=1+1"]),
            ]
        )
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    assert_same(path, split)


def test_ordinary_cells_never_take_the_slow_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in range(200):
        sheet.append([f"text {row}", row, row / 7, row % 2 == 0, dt.date(2020, 1, 1), "=A1", "  x  "])
    path = tmp_path / "ordinary.xlsx"
    book.save(path)
    exact: list[tuple[int, int]] = []
    original = xlsx_stream._RowReader._add

    def spy(self: Any, row: int, col: int, value: Any) -> None:
        exact.append((row, col))
        original(self, row, col, value)

    monkeypatch.setattr(xlsx_stream._RowReader, "_add", spy)
    rows = list(XlsxStream(str(path)).sheet("Sheet").numbered_rows())
    assert len(rows) == 200
    assert exact == []


# --- crafted XML: what openpyxl never writes -----------------------------------------------------


def cells(*bodies: str, row: int = 1) -> str:
    """One row of cells A, B, C... with the given XML after `<c r="X1"`."""
    out = "".join(f'<c r="{chr(65 + i)}{row}"{body}</c>' for i, body in enumerate(bodies))
    return f'<row r="{row}">{out}</row>'


def test_formulas_with_cached_values(tmp_path: Path, split: Any) -> None:
    rows = cells(
        "><f>1+1</f><v>2</v>",
        ' t="str"><f>A1&amp;"x"</f><v>2x &amp; more</v>',
        ' t="b"><f>TRUE()</f><v>1</v>',
        ' t="e"><f>1/0</f><v>#DIV/0!</v>',
        ' s="1"><f>TODAY()</f><v>43832</v>',
        '><f t="shared" ref="F1:F3" si="0">A1*2</f><v>4</v>',
        '><f t="shared" si="0"/><v>6</v>',
        "><f>NA()</f><v />",
        ' t="str"><f>""</f><v></v>',
        ' t="str"><f>""</f><v/>',
        "><f>1</f>",
    ) + cells(' t="e"><v>#N/A</v>', ' t="e"><v>#REF!</v>', ' t="b"><v>TRUE</v>', ' t="b"><v> 0</v>', row=2)
    assert_same(crafted(tmp_path / "formulas.xlsx", rows), split)


def test_shared_and_inline_strings(tmp_path: Path, split: Any) -> None:
    shared = cells(*(f' t="s"><v>{i}</v>' for i in range(len(SHARED))))
    inline = cells(
        ' t="inlineStr"><is><t>simple</t></is>',
        ' t="inlineStr"><is><t>  trimmed\t</t></is>',
        ' t="inlineStr"><is><t xml:space="preserve">  kept  </t></is>',
        ' t="inlineStr"><is><t>a&amp;b&#10;&#x41;&quot;</t></is>',
        ' t="inlineStr"><is><t>cr\r\nlf\r</t></is>',
        ' t="inlineStr"><is><r><t>ri</t></r><r><rPr><i/></rPr><t>ch</t></r></is>',
        ' t="inlineStr"><is><t></t></is>',
        ' t="inlineStr"><is><t>   </t></is>',
        ' t="inlineStr"><is><t><![CDATA[cd<a>ta]]></t></is>',
        ' t="inlineStr"><v>ignored</v>',
        "><is><t>no type</t></is>",
        ' t="s"><is><t>inline wins</t></is>',
        ' t="inlineStr"><is><t>ph</t><rPh><t>PH</t></rPh></is>',
        row=2,
    )
    assert_same(crafted(tmp_path / "strings.xlsx", shared + inline), split)


def test_numbers_dates_and_odd_values(tmp_path: Path, split: Any) -> None:
    rows = (
        cells(
            "><v>1</v>",
            ' t="n"><v>-2.5e3</v>',
            "><v>abc</v>",
            "><v> 1</v>",
            "><v>1_0</v>",
            "><v>inf</v>",
            "><v>NaN</v>",
            "><v>&#49;</v>",
            "><v>1&#48;</v>",
            "><v>.5</v>",
            "><v>+3</v>",
        )
        + cells(
            ' s="1"><v>43832</v>',
            ' s="2"><v>43832.5</v>',
            ' s="3"><v>1.5</v>',
            ' s="4"><v>0.25</v>',
            ' s="1"><v>60</v>',
            ' s="1"><v>61</v>',
            ' s="1"><v>-1</v>',
            ' s="1"><v>3000000</v>',
            ' s="5"><v>43832</v>',
            ' s="6"><v>0.999999999</v>',
            ' s="99"><v>43832</v>',
            ' s="01"><v>43832</v>',
            ' s="1"><v>abc</v>',
            ' s="1"><v>43832.99999999</v>',
            row=2,
        )
        + cells(
            ' t="d"><v>2020-01-02T03:04:05</v>',
            ' t="d"><v>2020-01-02</v>',
            ' t="d"><v>03:04:05.5</v>',
            ' t="d"><v>not a date</v>',
            ' t="d"><v>2020-02-30</v>',
            ' t="d"><v></v>',
            row=3,
        )
    )
    assert_same(crafted(tmp_path / "numbers.xlsx", rows), split)


def test_cells_and_rows_without_references(tmp_path: Path, split: Any) -> None:
    rows = (
        '<row r="1"><c r="B1"><v>1</v></c><c><v>2</v></c><c t="inlineStr"><is><t>x</t></is></c></row>'
        '<row><c><v>3</v></c><c r="E2"><v>4</v></c><c><v>5</v></c></row>'
        '<row r="4"/>'
        "<row><c><v>6</v></c></row>"
        '<row r="7" spans="1:3"><c t="n" s="1" r="C7"><v>43832</v></c><c s="2"><v>1</v></c></row>'
        '<row><c r="a8"><v>7</v></c></row>'
    )
    assert_same(crafted(tmp_path / "norefs.xlsx", rows), split)


def test_comments_processing_instructions_and_whitespace(tmp_path: Path, split: Any) -> None:
    rows = (
        '<row r="1"><!-- <c r="Z1"><v>9</v></c> --><c r="A1"><v>1<!-- x --></v></c></row>\n  '
        '<?pi <c r="Y2"><v>9</v></c> ?><row r="2">\n    <c r="B2">\n      <v>2</v>\n    </c>\n  </row>'
        '<row r="3"><c r="A3"><v><!-- first -->3</v></c><c r="C3" t="str"><v>a<![CDATA[b]]>c</v></c></row>'
    )
    assert_same(crafted(tmp_path / "comments.xlsx", rows), split)


def test_a_namespace_prefixed_sheet(tmp_path: Path, split: Any) -> None:
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t>'
        b'</x:is></x:c><x:c r="C1"><x:v>2</x:v></x:c></x:row><x:row r="3"><x:c r="B3" t="s"><x:v>0</x:v>'
        b"</x:c></x:row></x:sheetData></x:worksheet>"
    )
    path = write_xlsx(
        tmp_path / "prefixed.xlsx",
        sheet,
        extra={"xl/styles.xml": STYLES.encode(), "xl/sharedStrings.xml": shared_strings()},
    )
    assert_same(path, split)


def random_cell(rng: random.Random, ref: str) -> str:
    return rng.choice(
        [
            f'<c r="{ref}"><v>{rng.choice(["1", "2.5", "-3", "1e3", "0"])}</v></c>',
            f'<c r="{ref}" t="inlineStr"><is><t>{rng.choice(["abc", "Acme &amp; Co", " x ", "☺"])}</t></is></c>',
            f'<c r="{ref}" t="s"><v>{rng.randrange(len(SHARED))}</v></c>',
            f'<c r="{ref}" s="{rng.choice([1, 2, 3, 4, 6])}">'
            f"<v>{rng.choice(['43832', '43832.5', '0.25', '59'])}</v></c>",
            f'<c r="{ref}" t="b"><v>{rng.choice(["0", "1"])}</v></c>',
            f'<c r="{ref}" s="1"/>',
            f'<c r="{ref}" s="2"></c>',
            f'<c r="{ref}"><f>SUM(A1:A2)</f><v>3</v></c>',
            f'<c r="{ref}"><f>NOW()</f><v /></c>',
            f'<c r="{ref}" t="str"><f>A1</f><v>text</v></c>',
            f'<c r="{ref}" t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r></is></c>',
            "<c><v>7</v></c>",
            f'<c r="{ref}" t="e"><v>#N/A</v></c>',
        ]
    )


@pytest.mark.parametrize("seed", range(12))
def test_random_sheets(tmp_path: Path, split: Any, seed: int) -> None:
    rng = random.Random(seed)
    rows = []
    number = 0
    for _ in range(rng.randrange(1, 40)):
        number += rng.randrange(1, 4)
        column = rng.randrange(0, 3)
        row_cells = []
        for _ in range(rng.randrange(0, 12)):
            row_cells.append(random_cell(rng, f"{chr(65 + column)}{number}"))
            column += rng.randrange(1, 3)
            if column > 25:
                break
        rows.append(f'<row r="{number}">' + "".join(row_cells) + "</row>")
    assert_same(crafted(tmp_path / f"random{seed}.xlsx", "".join(rows)), split)


# --- failures -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (' t="b"><v>2</v>', "boolean"),
        (' t="e"><v>#BAD</v>', "error value"),
        (' t="q"><v>1</v>', "unknown cell type"),
        (' t="s"><v>99</v>', "shared string"),
        (' t="n"><v>abc</v>', "number"),
        ("><v>1</v><extLst/>", "unexpected element"),
        (' t="inlineStr"><is><t>a &nbsp; b</t></is>', "malformed XML"),
    ],
)
def test_what_calamine_refuses_is_refused(tmp_path: Path, split: Any, body: str, fragment: str) -> None:
    assert_both_fail(crafted(tmp_path / "bad.xlsx", cells("><v>1</v>", body)), split, fragment)


def test_rows_out_of_order_cannot_be_streamed(tmp_path: Path, split: Any) -> None:
    rows = '<row r="5"><c r="A5"><v>5</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>'
    path = crafted(tmp_path / "order.xlsx", rows)
    for size in SPLITS:
        split(size)
        with pytest.raises(XlsxStreamError, match="out of order"):
            streamed_sheet(path, "Data")


def test_number_formats_read_as_calamine_reads_them() -> None:
    assert number_format_kind("yyyy-mm-dd") == 1
    assert number_format_kind('"Date: "yyyy-mm-dd') == 1
    assert number_format_kind("[h]:mm:ss") == 2
    assert number_format_kind("[Blue]\\+[h]:mm;[Red]\\-[h]:mm") == 2
    assert number_format_kind("AM/PM 0") == 1
    for plain in ("General", "#,##0.00", "[Red]0.00", '"h"0', "0\\h", "#,##0*y", "0;d", "@", "0.00E+00"):
        assert number_format_kind(plain) == 0, plain


# --- through the importer -------------------------------------------------------------------------

TRADE_HEADER = [
    "B/L No.",
    "Shipment Date",
    "Shipper / Exporter",
    "Consignee",
    "Country of Origin (COO)",
    "Destination",
    "HTS",
    "Goods Description",
    "Qty",
    "Invoice Value",
    "Remarks",
]


@pytest.fixture
def trade_book(tmp_path: Path) -> Path:
    shipments: list[list[object]] = [["ACME Trading - shipment register"], ["Exported 2020-01-05"], [], TRADE_HEADER]
    for i in range(300):
        shipments.append(
            [
                f"BL-{i:03d}",
                dt.datetime(2019, 12, 1) + dt.timedelta(days=i % 40),
                "  Acme Ltd ",
                "Pyongyang Trading" if i % 7 == 0 else "Dalian Co",
                "China",
                "DPRK" if i % 5 else "KR",
                "2709.00" if i % 3 else 302,
                "Crude oil",
                1000 + i,
                125000.5,
                None if i % 4 else "checked",
            ]
        )
        if i % 50 == 0:
            shipments.append([None] * 11)
    contracts = [
        [None, None, "Contract", "Employer", "Worker nationality", "Date"],
        [None, None, "C-1", "Acme", "DPRK", "03/04/2019"],
        [None, None, "C-2", "Beta", "China", "13/04/2019"],
    ]
    return write_workbook(
        tmp_path / "register.xlsx",
        {"Shipments 2019": shipments, "Labour contracts": contracts, "Notes": [["just a note"]]},
    )


def _typed_row(row: SourceRow) -> tuple[Any, ...]:
    return (row, [(k, type(v)) for k, v in row.fields.items()], [type(v) for v in row.cells])


def read_both(path: Path, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> tuple[OpenedInput, OpenedInput]:
    """The file opened with calamine only, then with every sheet streamed."""
    monkeypatch.setattr(io_workbook, "STREAM_SHEET_BYTES", 10**15)
    whole = open_input(path, **kwargs)
    monkeypatch.setattr(io_workbook, "STREAM_SHEET_BYTES", 0)
    streamed = open_input(path, **kwargs)
    return whole, streamed


def assert_same_input(whole: OpenedInput, streamed: OpenedInput) -> None:
    assert streamed.sheets == whole.sheets
    assert [_typed_row(r) for r in streamed.rows()] == [_typed_row(r) for r in whole.rows()]
    assert streamed.sheets == whole.sheets  # rows counted the same


@pytest.mark.parametrize("keep_cells", [True, False])
def test_open_input_streams_large_sheets_to_the_same_rows(
    trade_book: Path, monkeypatch: pytest.MonkeyPatch, keep_cells: bool
) -> None:
    whole, streamed = read_both(trade_book, monkeypatch, keep_cells=keep_cells)
    assert [s.header_row for s in whole.sheets] == [4, 1, None]
    assert_same_input(whole, streamed)


def test_sheet_selection_and_overrides_behave_the_same(trade_book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_same_input(
        *read_both(trade_book, monkeypatch, sheet="labour contracts", overrides={"reference": "Contract"})
    )
    with pytest.raises(InputFileError) as whole:
        read_both(trade_book, monkeypatch, overrides={"hs_code": "Tariff"})
    monkeypatch.setattr(io_workbook, "STREAM_SHEET_BYTES", 10**15)
    with pytest.raises(InputFileError) as calamine_error:
        open_input(trade_book, overrides={"hs_code": "Tariff"})
    assert str(whole.value) == str(calamine_error.value)


def test_the_streaming_path_is_the_one_taken(trade_book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_calamine_sheet(*_args: object) -> None:
        raise AssertionError("calamine was asked for a sheet")

    monkeypatch.setattr(io_workbook, "load_sheet", no_calamine_sheet)
    monkeypatch.setattr(io_workbook, "STREAM_SHEET_BYTES", 0)
    rows = list(open_input(trade_book).rows())
    assert rows[0].row == 5 and rows[0].sheet == "Shipments 2019"
    assert rows[0].fields["date"] == dt.date(2019, 12, 1)  # a whole day: calamine gives a date


def test_the_budget_streams_only_what_calamine_cannot_hold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows: list[list[object]] = [TRADE_HEADER[:8]] + [
        [f"R{i}", dt.date(2020, 1, 1), "A", "B", "China", "DPRK", "0302", "Fish"] for i in range(200)
    ]
    path = write_workbook(tmp_path / "two.xlsx", {"First": rows, "Second": rows})
    with zipfile.ZipFile(path) as archive:
        size = max(i.file_size for i in archive.infolist() if i.filename.startswith("xl/worksheets/"))
    loaded: list[str] = []
    original = io_workbook.load_sheet

    def spy(workbook: Any, name: str, path_: str) -> Any:
        loaded.append(name)
        return original(workbook, name, path_)

    monkeypatch.setattr(io_workbook, "load_sheet", spy)
    monkeypatch.setattr(io_workbook, "_expanded_size", lambda _path: 10**12)
    monkeypatch.setattr(io_workbook, "STREAM_SHEET_BYTES", size + size // 2)
    streamed = open_input(path)
    assert loaded == ["First"]  # the second would pass the budget: streamed
    monkeypatch.setattr(io_workbook, "STREAM_SHEET_BYTES", 10**15)
    assert_same_input(open_input(path), streamed)


def test_ordinary_workbooks_never_open_the_streaming_reader(trade_book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("streaming reader opened")

    monkeypatch.setattr(io_workbook, "XlsxStream", refuse)
    assert len(list(open_input(trade_book).rows())) == 302


def test_a_streamed_sheet_failing_midway_names_the_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: Any
) -> None:
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Reference</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>HS Code</t></is></c></row>'
        + "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>2709</v></c></row>' for n in range(2, 400))
        + '<row r="3"><c r="A3"><v>3</v></c></row>'
    )
    path = write_xlsx(tmp_path / "late.xlsx", sheet_xml(rows))
    monkeypatch.setattr(io_workbook, "STREAM_SHEET_BYTES", 0)
    split(500)  # the fault is in a later chunk than the header and the rows read ahead
    opened = open_input(path)
    with pytest.raises(InputFileError) as caught:
        list(opened.rows())
    assert caught.value.sheet == "Data"
    assert "out of order" in str(caught.value)


def test_a_file_changed_after_it_was_checked_is_not_read(trade_book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(io_workbook, "STREAM_SHEET_BYTES", 0)
    monkeypatch.setattr(zip_scan, "CHUNK_SIZE", 4096)  # inflate in small pieces: rows are still to come
    opened = open_input(trade_book)
    status = trade_book.stat()
    os.utime(trade_book, ns=(status.st_atime_ns, status.st_mtime_ns + 10**9))
    with pytest.raises(InputFileError, match="changed"):
        list(opened.rows())
