"""The import layer on well-formed input: header detection, row numbers, sheets, overrides, CSV."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from compliance.intake.importer import OpenedInput, kind_hint, open_input
from compliance.model.errors import InputFileError, UsageError
from compliance.model.source_row import SourceRow
from tests.workbook_craft import (
    compound_file,
    label,
    number,
    ods_row,
    write_ods,
    write_workbook,
    write_xlsb,
    xls_workbook,
)

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


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _open(path: Path, **kwargs: object) -> tuple[OpenedInput, list[SourceRow]]:
    """Open and read every row, checking the input file is left exactly as it was."""
    before = _fingerprint(path)
    opened = open_input(path, **kwargs)  # type: ignore[arg-type]
    rows = list(opened.rows())
    assert _fingerprint(path) == before
    assert opened.sha256 == before[0]
    return opened, rows


@pytest.fixture
def trade_book(tmp_path: Path) -> Path:
    return write_workbook(
        tmp_path / "register.xlsx",
        {
            "Shipments 2019": [
                ["ACME Trading - shipment register"],
                ["Exported 2020-01-05"],
                [],
                TRADE_HEADER,
                [
                    "BL-001",
                    dt.datetime(2019, 12, 22),
                    "  Acme Ltd ",
                    "Pyongyang Trading",
                    "China",
                    "DPRK",
                    "2709.00",
                    "Crude oil",
                    1000,
                    125000.5,
                    "",
                ],
                [None] * 11,
                [
                    "BL-002",
                    dt.datetime(2019, 12, 23),
                    "Acme Ltd",
                    "Dalian Co",
                    "DPRK",
                    "China",
                    "0302",
                    "Frozen fish",
                    20,
                    3000,
                    "checked",
                ],
                ["   ", None, "", None, None, None, None, None, None, None, None],
            ],
        },
    )


def test_header_below_title_rows_with_trade_document_synonyms(trade_book: Path) -> None:
    opened, rows = _open(trade_book)
    (info,) = opened.sheets
    assert info.header_row == 4
    assert info.mapping == {
        "reference": "B/L No.",
        "date": "Shipment Date",
        "shipper": "Shipper / Exporter",
        "consignee": "Consignee",
        "origin": "Country of Origin (COO)",
        "destination": "Destination",
        "hs_code": "HTS",
        "description": "Goods Description",
        "quantity": "Qty",
        "value": "Invoice Value",
    }
    assert info.unmapped == ("Remarks",)
    assert info.headers == tuple(TRADE_HEADER)
    assert info.kind_hint == "shipment"
    assert info.skipped is None
    assert [r.row for r in rows] == [5, 7]  # the blank and whitespace-only rows are skipped
    assert info.rows == 2
    first = rows[0]
    assert first.fields["shipper"] == "Acme Ltd"  # stripped
    assert first.fields["date"] == dt.date(2019, 12, 22)  # calamine's date, untouched
    assert first.fields["quantity"] == 1000
    assert "Remarks" not in first.fields
    assert len(first.cells) == 11
    assert first.input == str(trade_book)
    assert first.sheet == "Shipments 2019"
    assert first.kind_hint == "shipment"
    assert opened.name == "register.xlsx"
    assert opened.path == str(trade_book)


def test_rows_counts_are_filled_in_only_when_a_sheet_is_finished(trade_book: Path) -> None:
    opened = open_input(trade_book)
    iterator = opened.rows()
    next(iterator)
    assert opened.sheets[0].rows == 0
    list(iterator)
    assert opened.sheets[0].rows == 2


def test_rows_can_only_be_read_once(trade_book: Path) -> None:
    opened = open_input(trade_book)
    list(opened.rows())
    with pytest.raises(RuntimeError):
        opened.rows()


def test_keep_cells_false_drops_the_raw_cells(trade_book: Path) -> None:
    rows = list(open_input(trade_book, keep_cells=False).rows())
    assert rows
    assert all(r.cells == () for r in rows)


def test_two_sheets_in_workbook_order_and_a_prose_sheet_skipped(tmp_path: Path) -> None:
    book = write_workbook(
        tmp_path / "book.xlsx",
        {
            "Read me": [
                ["This workbook lists our shipments and labour contracts for the 2019 audit."],
                ["Origin and destination are ISO country names; the HS code is six digits."],
                ["Questions: compliance@example.com"],
            ],
            "Shipments": [
                ["Invoice No.", "Date", "HS Code", "Origin", "Destination"],
                ["INV-1", "22.12.2019", "2709", "RU", "KP"],
            ],
            "Empty": [],
            "Contracts": [
                ["Contract No.", "Contract Date", "Counterparty", "Worker Nationality", "Workers"],
                ["C-1", "2019-03-01", "Korea Rungrado", "DPRK", 12],
                ["C-2", "2019-04-01", "Acme", "China", 3],
            ],
            "Header only": [["Reference", "Date", "Origin"]],
        },
    )
    opened, rows = _open(book)
    by_name = {s.name: s for s in opened.sheets}
    assert [s.name for s in opened.sheets] == ["Read me", "Shipments", "Empty", "Contracts", "Header only"]
    assert by_name["Read me"].skipped
    assert "no header row" in by_name["Read me"].skipped
    assert by_name["Read me"].header_row is None
    assert by_name["Empty"].skipped == "the sheet is empty"
    assert by_name["Header only"].skipped
    assert "no data rows" in by_name["Header only"].skipped
    assert by_name["Shipments"].kind_hint == "shipment"
    assert by_name["Contracts"].kind_hint == "contract"
    assert [(r.sheet, r.row) for r in rows] == [("Shipments", 2), ("Contracts", 2), ("Contracts", 3)]
    assert rows[1].fields["workers"] == 12
    assert rows[1].kind_hint == "contract"
    assert by_name["Shipments"].rows == 1
    assert by_name["Contracts"].rows == 2


def test_excel_row_numbers_with_leading_empty_rows_and_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Cargo"
    sheet["D3"] = "Shipping list"
    for col, text in zip("DEF", ["Ref", "HS code", "Country of origin"], strict=True):
        sheet[f"{col}6"] = text
    sheet["D7"], sheet["E7"], sheet["F7"] = "A1", 2709, "China"
    sheet["E9"] = 303  # a row whose first used column is not the first of the range
    path = tmp_path / "offset.xlsx"
    book.save(path)
    opened, rows = _open(path)
    info = opened.sheets[0]
    assert info.header_row == 6
    assert info.headers == ("", "", "", "Ref", "HS code", "Country of origin")
    assert [r.row for r in rows] == [7, 9]
    assert rows[0].cells == ("", "", "", "A1", 2709, "China")  # index 0 is column A
    assert rows[1].fields == {"hs_code": 303}


def test_a_field_matched_twice_keeps_the_first_column_and_compares_the_second(tmp_path: Path) -> None:
    book = write_workbook(
        tmp_path / "dup.xlsx",
        {"Data": [["Reference", "Date", "Date", "Origin"], ["R", "2019-01-01", "x", "CN"]]},
    )
    opened, rows = _open(book)
    assert opened.sheets[0].mapping["date"] == "Date"
    assert opened.sheets[0].unmapped == ()
    assert opened.sheets[0].duplicates == {"date": ("Date",)}
    assert rows[0].fields["date"] == "2019-01-01"
    assert [(p.field, p.value) for p in rows[0].problems] == [("date", "x")]


def test_an_exact_header_beats_a_looser_match_further_left(tmp_path: Path) -> None:
    book = write_workbook(
        tmp_path / "tiers.xlsx",
        {"Data": [["Shipper Address", "Shipper", "HS Code"], ["1 Main St", "Acme", "0302"]]},
    )
    opened, _ = _open(book)
    assert opened.sheets[0].mapping["shipper"] == "Shipper"


def test_overrides_map_unusual_headers_and_win_over_automatic_matching(tmp_path: Path) -> None:
    book = write_workbook(
        tmp_path / "german.xlsx",
        {
            "Daten": [
                ["Warenbeschreibung", "Ursprungsland", "Zolltarifnummer", "Origin"],
                ["Kohle", "KP", "2701", "ignored"],
            ]
        },
    )
    overrides = {"description": "warenbeschreibung", "Origin": "Ursprungsland", "hs-code": "Zolltarifnummer"}
    opened, rows = _open(book, overrides=overrides)
    info = opened.sheets[0]
    assert info.mapping == {
        "description": "Warenbeschreibung",
        "origin": "Ursprungsland",
        "hs_code": "Zolltarifnummer",
    }
    assert info.unmapped == ("Origin",)
    assert rows[0].fields == {"description": "Kohle", "origin": "KP", "hs_code": "2701"}


def test_unknown_override_field_is_a_usage_error_listing_the_fields(trade_book: Path) -> None:
    with pytest.raises(UsageError) as caught:
        open_input(trade_book, overrides={"colour": "Remarks"})
    assert "unknown field 'colour'" in str(caught.value)
    assert "hs_code" in str(caught.value)
    assert "reference" in str(caught.value)


def test_override_header_missing_names_file_sheet_and_header(trade_book: Path) -> None:
    with pytest.raises(InputFileError) as caught:
        open_input(trade_book, overrides={"vessel": "Ship Name"})
    error = caught.value
    assert error.path == str(trade_book)
    assert error.sheet == "Shipments 2019"
    assert "'Ship Name'" in error.message
    assert "B/L No." in error.message


def test_sheet_option_screens_only_that_sheet(tmp_path: Path) -> None:
    book = write_workbook(
        tmp_path / "two.xlsx",
        {
            "Shipments": [["Reference", "HS Code"], ["S-1", "2709"]],
            "Contracts": [["Contract No.", "Counterparty"], ["C-1", "Acme"]],
        },
    )
    opened, rows = _open(book, sheet="contracts")
    assert [r.sheet for r in rows] == ["Contracts"]
    skipped = {s.name: s.skipped for s in opened.sheets}
    assert skipped["Contracts"] is None
    assert skipped["Shipments"]
    assert skipped["Shipments"].startswith("not selected")
    with pytest.raises(InputFileError) as caught:
        open_input(book, sheet="Invoices")
    assert "'Shipments'" in str(caught.value)
    assert "'Contracts'" in str(caught.value)
    assert "Invoices" in str(caught.value)


def test_selected_sheet_without_header_names_that_sheet(tmp_path: Path) -> None:
    book = write_workbook(
        tmp_path / "two.xlsx",
        {"Shipments": [["Reference", "HS Code"], ["S-1", "2709"]], "Notes": [["just prose"]]},
    )
    with pytest.raises(InputFileError) as caught:
        open_input(book, sheet="Notes")
    assert caught.value.sheet == "Notes"
    assert "expected columns such as reference" in caught.value.message


def test_no_recognisable_header_anywhere(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "prose.xlsx", {"Notes": [["hello"], ["world"]], "Blank": []})
    with pytest.raises(InputFileError) as caught:
        open_input(book)
    message = caught.value.message
    assert message.startswith(
        "no sheet has a recognisable header row; expected columns such as reference, date, "
        "HS code, description, origin, destination"
    )
    assert "sheet 'Blank': the sheet is empty" in message


def test_date_order_is_inferred_from_the_date_columns(tmp_path: Path) -> None:
    book = write_workbook(
        tmp_path / "eu.xlsx",
        {"Shipments": [["Reference", "Date"], ["A", "03/04/2019"], ["B", "22/12/2019"]]},
    )
    opened, rows = _open(book)
    pytest.importorskip("compliance.normalise.dates")
    assert opened.sheets[0].date_order == "dmy"
    assert rows[0].date_order == "dmy"


def test_ods_workbook(tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "cargo.ods",
        '<table:table table:name="Cargo">'
        '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>'
        + ods_row("Reference", "HS Code", "Country of Origin")
        + ods_row("R-1", "2709", "China")
        + '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        "</table:table>",
    )
    opened, rows = _open(path)
    assert opened.sheets[0].header_row == 3
    assert opened.sheets[0].kind_hint == "shipment"
    assert [(r.row, r.fields) for r in rows] == [(4, {"reference": "R-1", "hs_code": "2709", "origin": "China"})]


def test_legacy_xls_workbook(tmp_path: Path) -> None:
    stream = xls_workbook(
        [
            label(2, 0, "Reference"),
            label(2, 1, "HS Code"),
            label(2, 2, "Origin"),
            label(3, 0, "R-1"),
            number(3, 1, 2709),
            label(3, 2, "China"),
        ]
    )
    path = tmp_path / "old.xls"
    path.write_bytes(compound_file({"Workbook": stream}))
    opened, rows = _open(path)
    assert opened.sheets[0].header_row == 3
    assert [(r.row, r.fields) for r in rows] == [(4, {"reference": "R-1", "hs_code": 2709.0, "origin": "China"})]


def test_xlsb_workbook(tmp_path: Path) -> None:
    from tests.workbook_craft import brt_number, brt_row, brt_text

    records = (
        brt_row(0)
        + brt_text(0, "Invoice No.")
        + brt_text(1, "HS Code")
        + brt_row(4)
        + brt_text(0, "INV-9")
        + brt_number(1, 302)
    )
    opened, rows = _open(write_xlsb(tmp_path / "bin.xlsb", records))
    assert opened.sheets[0].name == "Shipments"
    assert [(r.row, r.fields) for r in rows] == [(5, {"reference": "INV-9", "hs_code": 302.0})]


def test_format_is_detected_by_content_not_extension(trade_book: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "really-a-workbook.csv"
    renamed.write_bytes(trade_book.read_bytes())
    opened, rows = _open(renamed)
    assert opened.sheets[0].name == "Shipments 2019"
    assert len(rows) == 2


# --- CSV ------------------------------------------------------------------------------------


def _csv(tmp_path: Path, name: str, text: str, encoding: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_utf8_with_bom_and_quoted_newlines(tmp_path: Path) -> None:
    text = (
        "Shipment register\r\n"
        "Reference,Description,HS Code\r\n"
        'R-1,"Frozen fish,\r\nheaded and gutted",0303\r\n'
        ",,\r\n"
        "R-2,Coal,2701\r\n"
    )
    opened, rows = _open(_csv(tmp_path, "exports.csv", text, "utf-8-sig"))
    info = opened.sheets[0]
    assert info.name == "exports"
    assert info.kind_hint == "shipment"
    assert info.header_row == 2
    assert [r.row for r in rows] == [3, 5]  # records, as Excel numbers them
    assert rows[0].fields["description"] == "Frozen fish,\r\nheaded and gutted"
    assert rows[0].fields["hs_code"] == "0303"  # csv gives strings: leading zero kept
    assert rows[0].cells == ("R-1", "Frozen fish,\r\nheaded and gutted", "0303")


def test_csv_cp1252(tmp_path: Path) -> None:
    text = "Référence;Expéditeur;Pays d'origine;HS Code\nR-1;Société Générale d'Import;Côte d'Ivoire;0302\n"
    path = _csv(tmp_path, "cp.csv", text, "cp1252")
    _opened, rows = _open(
        path, overrides={"reference": "Référence", "shipper": "Expéditeur", "origin": "Pays d'origine"}
    )
    assert rows[0].fields == {
        "reference": "R-1",
        "shipper": "Société Générale d'Import",
        "origin": "Côte d'Ivoire",
        "hs_code": "0302",
    }


def test_csv_semicolons_with_european_numbers_and_dates(tmp_path: Path) -> None:
    text = (
        "Invoice No.;Invoice Date;HS Code;Invoice Value;Country of Origin\n"
        "INV-1;22.12.2019;2709.00;1.234,56;Russia\n"
        "INV-2;03.01.2020;0302;7,50;China\n"
    )
    opened, rows = _open(_csv(tmp_path, "eu.csv", text, "utf-8"))
    assert opened.sheets[0].mapping["value"] == "Invoice Value"
    assert rows[0].fields["value"] == "1.234,56"
    assert rows[1].fields["date"] == "03.01.2020"


def test_csv_tab_delimited(tmp_path: Path) -> None:
    text = "Reference\tHS Code\tGoods Description\nR-1\t2709\tCrude, light\n"
    _, rows = _open(_csv(tmp_path, "cargo.tsv", text, "utf-8"))
    assert rows[0].fields == {"reference": "R-1", "hs_code": "2709", "description": "Crude, light"}


def test_csv_pipe_delimited_txt(tmp_path: Path) -> None:
    text = "Reference|HS Code|Origin\nR-1|2709|China\n"
    _, rows = _open(_csv(tmp_path, "cargo.txt", text, "utf-8"))
    assert rows[0].fields == {"reference": "R-1", "hs_code": "2709", "origin": "China"}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_csv_utf16(tmp_path: Path, encoding: str) -> None:
    text = "Reference\tConsignee\tOrigin\r\nR-1\tKorea Ŭnha Trading\tDPRK\r\n"
    _, rows = _open(_csv(tmp_path, "u16.csv", text, encoding))
    assert rows[0].fields == {"reference": "R-1", "consignee": "Korea Ŭnha Trading", "origin": "DPRK"}


def test_csv_excel_sep_hint_line(tmp_path: Path) -> None:
    text = "sep=;\nReference;HS Code\nR-1;2709\n"
    opened, rows = _open(_csv(tmp_path, "hint.csv", text, "utf-8"))
    assert opened.sheets[0].header_row == 1
    assert rows[0].row == 2
    assert rows[0].fields == {"reference": "R-1", "hs_code": "2709"}


def test_csv_sheet_option_must_name_the_file(tmp_path: Path) -> None:
    path = _csv(tmp_path, "list.csv", "Reference,Origin\nR,CN\n", "utf-8")
    assert list(open_input(path, sheet="list").rows())
    with pytest.raises(InputFileError) as caught:
        open_input(path, sheet="Shipments")
    assert "'list'" in str(caught.value)


def test_path_objects_and_strings_are_both_accepted(trade_book: Path) -> None:
    assert open_input(os.fspath(trade_book)).path == str(trade_book)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Shipments", "shipment"),
        ("Shipping Q4", "shipment"),
        ("cargo_2019", "shipment"),
        ("Invoices", "shipment"),
        ("Exports", "shipment"),
        ("B/L register", "shipment"),
        ("Trade", "shipment"),
        ("Important notes", None),
        ("Contracts", "contract"),
        ("Employment", "contract"),
        ("Workers2019", "contract"),
        ("Labour", "contract"),
        ("labor", "contract"),
        ("Joint Venture", "contract"),
        ("JV list", "contract"),
        ("Investments", "contract"),
        ("Projects", "contract"),
        ("Export contracts", "contract"),
        ("Sheet1", None),
        ("Read me", None),
    ],
)
def test_kind_hint_from_sheet_name(name: str, expected: str | None) -> None:
    assert kind_hint(name) == expected


def test_rows_stream_lazily(trade_book: Path) -> None:
    rows: Iterator[SourceRow] = open_input(trade_book).rows()
    assert next(rows).row == 5


def test_chart_sheets_are_skipped_and_hidden_sheets_screened(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    data = book.active
    data.title = "Shipments"
    data.append(["Reference", "HS Code"])
    data.append(["R-1", "2709"])
    hidden = book.create_sheet("Old shipments")
    hidden.append(["Reference", "HS Code"])
    hidden.append(["R-0", "0302"])
    hidden.sheet_state = "hidden"
    chart = book.create_chartsheet("Chart")
    chart.add_chart(openpyxl.chart.BarChart())
    path = tmp_path / "charts.xlsx"
    book.save(path)
    opened, rows = _open(path)
    skipped = {s.name: s.skipped for s in opened.sheets}
    assert skipped["Chart"] == "a chart sheet, not a table of rows"
    assert [r.fields["reference"] for r in rows] == ["R-1", "R-0"]
