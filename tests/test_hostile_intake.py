"""Hostile input at the intake: nothing lost, nothing slipped past, memory bounded, input sacred.

Each test crafts its file (or keeps it under tests/data/hostile/) and shows the class of attack
fails closed: the rows go to review with the reason, or the file is refused in one line.
"""

from __future__ import annotations

import io
import json
import os
import threading
import zipfile
from pathlib import Path

import pytest

import compliance.intake.importer as importer
import compliance.intake.workbook_reader as io_workbook
from compliance.cli import main
from compliance.intake.csv_reader import UndecodedText
from compliance.intake.importer import open_input
from compliance.intake.safety.formula_scan import STALE, UNSTORED
from compliance.intake.safety.vet import check_input_file
from compliance.model.errors import InputFileError
from compliance.model.results import RowResult
from compliance.model.source_row import SourceRow
from compliance.model.status import Status
from compliance.paths import rules_dir
from compliance.run import input_json, start_run
from tests.hostile_craft import ods_repeat_bomb, row, shared_string_bomb, sheet, write_sheets
from tests.workbook_craft import brt_row, brt_text, ods_row, write_ods, write_workbook, write_xlsb

DATA = Path(__file__).parent / "data" / "hostile"


def _rows(path: Path, **kwargs: object) -> tuple[importer.OpenedInput, list[SourceRow]]:
    opened = open_input(path, **kwargs)  # type: ignore[arg-type]
    return opened, list(opened.rows())


def _screen(path: Path) -> list[RowResult]:
    run = start_run([path], rules_dir=rules_dir())
    return list(run.results())


# --- 4. a UTF-8 file with bytes of another encoding ------------------------------------------------


def _mixed_csv(path: Path) -> Path:
    lines = [
        b"Reference,Date,Origin,HS Code,Description\n",
        "R-1,2018-03-01,북한,2701,무연탄\n".encode(),
        "R-2,2018-03-01,朝鲜,2601,iron ore\n".encode(),
        b"R-3,2018-03-01,France,0901,Caf\xe9 beans\n",  # one Windows-1252 byte
        b"R-4,2018-03-01,Viet Nam,6109,T-shirts \x96 cotton\n",
        b"R-5,2018-03-01,Viet Nam,6109,shirts,\x93note\x94\n",  # an extra unnamed column
    ]
    path.write_bytes(b"".join(lines))
    return path


def test_a_stray_windows_1252_byte_keeps_the_utf8_names_and_sends_its_row_to_review(tmp_path: Path) -> None:
    opened, rows = _rows(_mixed_csv(tmp_path / "mixed.csv"))
    assert rows[0].fields["origin"] == "북한" and rows[1].fields["origin"] == "朝鲜"  # never mojibake
    assert rows[0].problems == () and rows[1].problems == ()
    cafe = rows[2].problems
    assert [(p.field, p.value) for p in cafe] == [("description", "Caf\\xe9 beans")]
    assert "0xE9" in cafe[0].problem and "'Café beans'" in cafe[0].problem
    assert rows[2].fields["description"] == "Café beans"
    assert [p.field for p in rows[3].problems] == ["description"]
    assert rows[4].problems == ()  # the foreign bytes are in a column nobody screens
    assert isinstance(rows[4].cells[5], UndecodedText) and rows[4].cells[5] == "“note”"
    notes = " ".join(opened.sheets[0].notes)
    assert "holds bytes of another encoding" in notes
    assert "3 rows hold bytes that are not UTF-8" in notes and "2 of them in screened columns" in notes
    assert input_json(opened)["sheets"][0]["notes"] == opened.sheets[0].notes


def test_a_mixed_file_keeps_its_prohibited_rows_and_reviews_the_unread_ones(tmp_path: Path) -> None:
    results = _screen(_mixed_csv(tmp_path / "mixed.csv"))
    statuses = [(r.source.row, r.baseline.status) for r in results]
    assert statuses[0] == (2, Status.PROHIBITED)  # DPRK coal, read from its Hangul
    assert statuses[1] == (3, Status.PROHIBITED)  # DPRK iron ore, read from its Chinese
    assert statuses[2] == (4, Status.REVIEW) and statuses[3] == (5, Status.REVIEW)
    hit = next(h for h in results[2].baseline.hits if h.rule_id == "check-cell")
    assert hit.evidence[0].value == "Caf\\xe9 beans" and "not UTF-8" in hit.reason


def test_the_command_line_reports_the_mixed_file_in_its_json(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    code = main(["screen", str(DATA / "mixed-encoding.csv"), "--json", str(out), "--quiet"], out=io.StringIO())
    assert code == 0
    written = json.loads(out.read_text())
    assert "holds bytes of another encoding" in " ".join(written["inputs"][0]["sheets"][0]["notes"])
    statuses = [r["current"]["status"] for r in written["rows"]]
    assert statuses == ["prohibited", "prohibited", "review"]
    check = next(h for h in written["rows"][2]["current"]["hits"] if h["rule"] == "check-cell")
    assert check["evidence"] == [{"field": "description", "value": "Caf\\xe9 beans"}]


def test_a_file_wholly_in_windows_1252_is_still_read_as_such(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes(b"Reference,Origin,Description\nR-1,France,Caf\xe9\n")
    opened, rows = _rows(path)
    assert rows[0].fields["description"] == "Café" and rows[0].problems == ()
    assert opened.sheets[0].notes == []


# --- 5. two sheets with one name -----------------------------------------------------------------


def _twins(path: Path) -> Path:
    header = row(1, "Reference", "HS Code", "Origin", "Date")
    day = "2018-03-01"
    return write_sheets(
        path,
        [
            ("Data", sheet(header, row(2, "FIRST-1", "0901", "Brazil", day))),
            ("Data", sheet(header, row(2, "SECOND-1", "2701", "DPRK", day), row(3, "SECOND-2", "2601", "DPRK", day))),
        ],
    )


def test_two_sheets_of_one_name_are_both_screened_and_told_apart(tmp_path: Path) -> None:
    opened, rows = _rows(_twins(tmp_path / "twins.xlsx"))
    assert [s.name for s in opened.sheets] == ["Data", "Data (2)"]
    assert [(r.sheet, r.fields["reference"]) for r in rows] == [
        ("Data", "FIRST-1"),
        ("Data (2)", "SECOND-1"),
        ("Data (2)", "SECOND-2"),
    ]
    assert [s.rows for s in opened.sheets] == [1, 2]
    assert "another sheet named 'Data'" in opened.sheets[1].notes[0]
    results = _screen(tmp_path / "twins.xlsx")
    assert [r.baseline.status for r in results] == [Status.PERMITTED, Status.PROHIBITED, Status.PROHIBITED]


def test_a_second_sheet_of_one_name_without_a_known_part_is_refused_not_read_twice(tmp_path: Path) -> None:
    # An .xlsb (or an .xlsx whose sheet list is not understood) has no parts to address its sheets by.
    path = write_xlsb(tmp_path / "book.xlsb", brt_row(0) + brt_text(0, "Reference") + brt_text(1, "HS Code"))
    checked = check_input_file(path)
    workbook = io_workbook.open_workbook(checked.read_path)
    try:
        loader = io_workbook.SheetLoader(workbook, checked, ["Shipments", "Shipments"])
        loader.rows(0, "Shipments")
        with pytest.raises(InputFileError, match="two sheets of this name"):
            loader.rows(1, "Shipments", first_of_name=False)
    finally:
        workbook.close()
        checked.discard()


def test_an_ods_with_two_tables_of_one_name_is_refused(tmp_path: Path) -> None:
    table = '<table:table table:name="Data">{}{}</table:table>'
    path = write_ods(
        tmp_path / "twins.ods",
        table.format(ods_row("Reference", "HS Code"), ods_row("FIRST", "0901"))
        + table.format(ods_row("Reference", "HS Code"), ods_row("SECOND", "2701")),
    )
    with pytest.raises(InputFileError, match="two sheets of this name"):
        open_input(path)


def test_the_second_sheet_of_one_name_can_be_chosen(tmp_path: Path) -> None:
    _, rows = _rows(_twins(tmp_path / "twins.xlsx"), sheet="Data (2)")
    assert [r.fields["reference"] for r in rows] == ["SECOND-1", "SECOND-2"]


# --- 6. formula cells -----------------------------------------------------------------------------


def _formulas(path: Path, *, full_calc: bool = False) -> Path:
    header = row(1, "Reference", "HS Code", "Origin", "Notes")
    rows = [
        row(2, "R-1", "2701", '<c r="{ref}" t="str"><f>"K"&amp;"P"</f></c>'),  # no stored value
        row(3, "R-2", "2701", '<c r="{ref}" t="str"><f>"CN"</f><v>CN</v></c>', '<c r="{ref}"><f>1+1</f></c>'),
        row(4, "R-3", "0901", "Brazil"),
    ]
    return write_sheets(path, [("Data", sheet(header, *rows))], full_calc=full_calc)


def test_a_formula_without_its_value_in_a_screened_column_is_review(tmp_path: Path) -> None:
    opened, rows = _rows(_formulas(tmp_path / "formula.xlsx"))
    assert [(p.field, p.column, p.problem) for p in rows[0].problems] == [("origin", "Origin", UNSTORED)]
    assert rows[1].problems == ()  # a stored value; the formula in Notes is not screened
    assert rows[2].problems == ()
    assert "1 formula cells in screened columns have no stored value" in " ".join(opened.sheets[0].notes)
    results = _screen(tmp_path / "formula.xlsx")
    assert results[0].baseline.status == Status.REVIEW and results[0].alternative.status == Status.REVIEW
    assert any("value was not stored" in h.reason for h in results[0].baseline.hits)


def test_a_workbook_that_asks_for_recalculation_makes_every_screened_formula_review(tmp_path: Path) -> None:
    opened, rows = _rows(_formulas(tmp_path / "recalc.xlsx", full_calc=True))
    assert "1 formula cells in screened columns may hold stale values" in " ".join(opened.sheets[0].notes)
    assert [p.problem for p in rows[0].problems] == [UNSTORED]
    assert [(p.field, p.value, p.problem) for p in rows[1].problems] == [("origin", "CN", STALE)]
    assert rows[2].problems == ()


def test_a_sheet_without_formulas_is_not_scanned_for_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("scanned a sheet that holds no formula")

    monkeypatch.setattr(importer, "formula_cells", refuse)
    book = write_workbook(tmp_path / "plain.xlsx", {"Data": [["Reference", "Origin"], ["R", "Chile"]]})
    assert _rows(book)[1][0].problems == ()


# --- 7. two columns for one field -----------------------------------------------------------------


def test_two_origin_columns_that_disagree_screen_the_dprk_tie_and_ask(tmp_path: Path) -> None:
    book = write_workbook(
        tmp_path / "two.xlsx",
        {
            "Data": [
                ["Reference", "Date", "HS Code", "Origin", "COO"],
                ["R-1", "2018-03-01", "2701", "China", "DPRK"],
                ["R-2", "2018-03-01", "0901", "Brazil", "brazil"],
                ["R-3", "2018-03-01", "0901", None, "Brazil"],
            ]
        },
    )
    opened, rows = _rows(book)
    info = opened.sheets[0]
    assert info.mapping["origin"] == "Origin" and info.duplicates == {"origin": ("COO",)}
    assert "COO" not in info.unmapped
    assert any("'Origin', 'COO' all give the origin" in n for n in info.notes)
    assert rows[0].fields["origin"] == "DPRK"
    [problem] = rows[0].problems
    assert problem.problem == "two columns give the origin: 'China' (Origin) and 'DPRK' (COO)"
    assert rows[1].problems == () and rows[2].problems == () and rows[2].fields["origin"] == "Brazil"
    results = _screen(book)
    assert results[0].baseline.status == Status.PROHIBITED  # the tie in COO counts
    assert "1 rows give one field two different values" in " ".join(opened.sheets[0].notes)


def test_leaving_a_field_out_leaves_out_its_second_column_too(tmp_path: Path) -> None:
    book = write_workbook(
        tmp_path / "two.xlsx", {"Data": [["Reference", "HS Code", "Origin", "COO"], ["R-1", "2701", "China", "DPRK"]]}
    )
    opened, rows = _rows(book, left_out=["origin"])
    assert rows[0].problems == () and "origin" not in rows[0].fields
    assert opened.sheets[0].unmapped == ("Origin", "COO") and opened.sheets[0].duplicates == {}


# --- 8. text that expands ---------------------------------------------------------------------------


def test_a_sheet_naming_one_long_shared_string_everywhere_is_streamed_not_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = shared_string_bomb(tmp_path / "sst.xlsx", rows=2_000, length=4_000)

    def refuse(*_args: object) -> None:
        raise AssertionError("calamine was handed a sheet whose text would expand")

    monkeypatch.setattr(io_workbook, "MAX_CELL_TEXT", 1024**2)  # 2,000 x 4,000 bytes is over it
    monkeypatch.setenv(io_workbook.PROCESSES_VARIABLE, "1")  # rows from this process, not pickled copies
    monkeypatch.setattr(io_workbook, "load_sheet", refuse)
    _, rows = _rows(path)
    assert len(rows) == 2_000 and rows[-1].fields["description"] == "x" * 4_000
    # The streamed strings are one object, not 2,000 copies.
    assert rows[0].cells[2] is rows[-1].cells[2]


def test_an_ordinary_shared_string_sheet_is_still_read_by_calamine(tmp_path: Path) -> None:
    path = shared_string_bomb(tmp_path / "small.xlsx", rows=50, length=40)
    _, rows = _rows(path)
    assert len(rows) == 50


def test_an_ods_repeating_long_text_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = ods_repeat_bomb(tmp_path / "bomb.ods", rows=1_000, columns=1_000, length=1_000)
    assert path.stat().st_size < 2_000
    with pytest.raises(InputFileError, match="refused as a crafted file") as caught:
        open_input(path)
    assert "MiB of text" in caught.value.one_line()


def test_an_ods_with_too_many_repeated_cells_is_refused_even_without_text(tmp_path: Path) -> None:
    path = ods_repeat_bomb(tmp_path / "cells.ods", rows=16_000, columns=1_000, length=0)
    with pytest.raises(InputFileError, match="refused as a crafted file"):
        open_input(path)


def test_a_small_repeated_ods_still_opens(tmp_path: Path) -> None:
    path = ods_repeat_bomb(tmp_path / "ok.ods", rows=20, columns=2, length=10)
    assert len(_rows(path)[1]) == 20


# --- 9. a file changed while it is read -----------------------------------------------------------


def _harmless(path: Path) -> Path:
    return write_workbook(path, {"Data": [["Reference", "HS Code"], ["SAFE-1", "0901"]]})


def _bomb(path: Path) -> Path:
    # A sheet the safety check refuses (a cell beyond Excel's last row) whose rows say BOMB.
    header = row(1, "Reference", "HS Code")
    bad = '<row r="2"><c r="A2" t="inlineStr"><is><t>BOMB</t></is></c><c r="B1048577"><v>1</v></c></row>'
    return write_sheets(path, [("Data", sheet(header, bad))])


def test_a_file_swapped_after_the_check_is_never_parsed_and_the_run_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = _harmless(tmp_path / "ledger.xlsx")
    bomb = _bomb(tmp_path / "bomb.xlsx")
    with pytest.raises(InputFileError, match="beyond Excel's limit"):
        open_input(bomb)
    real_check = importer.check_input_file

    def check_then_swap(path: object) -> object:
        checked = real_check(path)  # type: ignore[arg-type]
        os.replace(bomb, victim)  # the swap lands between the safety check and the read
        return checked

    monkeypatch.setattr(importer, "check_input_file", check_then_swap)
    opened = open_input(victim)
    rows = opened.rows()
    assert next(rows).fields["reference"] == "SAFE-1"  # the bytes that were checked
    with pytest.raises(InputFileError, match="was changed while it was being screened"):
        list(rows)
    assert not os.path.exists(opened._checked.read_path)  # type: ignore[union-attr]


def test_racing_swaps_never_get_the_bomb_parsed(tmp_path: Path) -> None:
    victim = tmp_path / "ledger.xlsx"
    safe = _harmless(tmp_path / "safe.xlsx").read_bytes()
    bomb = _bomb(tmp_path / "bomb.xlsx").read_bytes()
    victim.write_bytes(safe)
    stop = threading.Event()

    def swapper() -> None:
        turn = 0
        while not stop.is_set():
            staged = tmp_path / f"staged-{turn % 2}"
            staged.write_bytes(bomb if turn % 2 else safe)
            os.replace(staged, victim)
            turn += 1

    thread = threading.Thread(target=swapper)
    thread.start()
    outcomes: list[str] = []
    try:
        for _ in range(40):
            try:
                opened = open_input(victim)
                references = [r.fields.get("reference") for r in opened.rows()]
            except InputFileError as exc:
                outcomes.append("refused: " + exc.message)
                continue
            assert references == ["SAFE-1"], references  # never a row of the bomb
            outcomes.append("screened")
    finally:
        stop.set()
        thread.join()
    assert len(outcomes) == 40
    for outcome in outcomes:
        assert outcome == "screened" or "beyond Excel's limit" in outcome or "was changed" in outcome, outcome


def test_the_input_is_opened_once_for_reading_and_once_to_confirm_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.csv"
    path.write_text("Reference,HS Code\nR-1,0901\nR-2,2701\n")
    opened_paths: list[str] = []
    real_open, real_os_open = open, os.open

    def spy_open(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, str | Path) and os.fspath(file) == str(path):
            opened_paths.append("open")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def spy_os_open(file: object, *args: object, **kwargs: object) -> int:
        if os.fspath(file) == str(path):  # type: ignore[arg-type]
            opened_paths.append("os.open")
        return real_os_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("builtins.open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    opened = open_input(path)
    assert opened_paths == ["os.open"]  # read once, into the private copy
    assert len(list(opened.rows())) == 2
    assert opened_paths == ["os.open", "open"]  # and once more at the end, to confirm it is unchanged


def test_a_workbook_vetted_and_read_from_the_copy_names_the_original_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook")
    with pytest.raises(InputFileError) as caught:
        open_input(path)
    assert caught.value.path == str(path)
    assert "sanctions-desk-" not in caught.value.one_line()
