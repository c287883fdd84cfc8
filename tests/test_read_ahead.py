"""A streamed sheet read by a second process gives the same rows, and fails, stops and reports alike."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compliance.intake import workbook_reader as io_workbook
from compliance.intake.importer import open_input
from compliance.intake.read_ahead import ReadAheadError, rows_read_ahead
from compliance.intake.xlsx_stream import XlsxStream
from compliance.model.errors import InputFileError
from compliance.paths import rules_dir
from compliance.run import start_run
from tests.workbook_craft import sheet_xml, write_workbook, write_xlsx

HEADER = [
    "B/L No.",
    "Shipment Date",
    "Shipper",
    "Consignee",
    "Country of Origin",
    "Destination",
    "HS Code",
    "Goods Description",
]


def ledger(path: Path, rows: int) -> Path:
    cells: list[list[object]] = [["Shipment register"], [], HEADER]
    for i in range(rows):
        cells.append(
            [
                f"BL-{i:05d}",
                dt.date(2019, 1, 1) + dt.timedelta(days=i % 300),
                "Acme Ltd",
                f"Consignee {i % 17}",
                "DPRK" if i % 9 == 0 else "China",
                "China",
                30_23 if i % 4 else "0302",
                "Frozen fish" if i % 2 else "Crude oil",
            ]
        )
        if i % 97 == 0:
            cells.append([None] * len(HEADER))
    return write_workbook(path, {"Shipments": cells, "Notes": [["just a note"]]})


def open_streamed(path: Path, monkeypatch: pytest.MonkeyPatch, processes: str) -> list[object]:
    monkeypatch.setattr(io_workbook, "STREAM_SHEET_BYTES", 0)
    monkeypatch.setenv(io_workbook.PROCESSES_VARIABLE, processes)
    opened = open_input(path, keep_cells=True)
    return [(r, [(k, type(v)) for k, v in r.fields.items()], [type(v) for v in r.cells]) for r in opened.rows()]


def test_rows_read_by_a_second_process_are_the_rows_read_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = ledger(tmp_path / "ledger.xlsx", 2_500)  # several batches
    here = open_streamed(path, monkeypatch, "1")
    there = open_streamed(path, monkeypatch, "2")
    assert len(here) == 2_500
    assert there == here


def test_the_second_process_is_used_only_where_wanted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(io_workbook.PROCESSES_VARIABLE, "1")
    assert not io_workbook.read_ahead_wanted()
    monkeypatch.setenv(io_workbook.PROCESSES_VARIABLE, "2")
    assert io_workbook.read_ahead_wanted()
    monkeypatch.delenv(io_workbook.PROCESSES_VARIABLE)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not io_workbook.read_ahead_wanted()


def test_a_failure_in_the_second_process_names_file_and_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Reference</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>HS Code</t></is></c></row>'
        + "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>2709</v></c></row>' for n in range(2, 30_000))
        + '<row r="3"><c r="A3"><v>3</v></c></row>'
    )
    path = write_xlsx(tmp_path / "late.xlsx", sheet_xml(rows))  # the fault lies beyond the first MiB
    monkeypatch.setattr(io_workbook, "STREAM_SHEET_BYTES", 0)
    monkeypatch.setenv(io_workbook.PROCESSES_VARIABLE, "2")
    opened = open_input(path)
    rows = opened.rows()
    seen = 0

    def read_all() -> None:
        nonlocal seen
        for _ in rows:
            seen += 1

    with pytest.raises(InputFileError) as caught:
        read_all()
    assert 1_000 < seen < 29_998  # rows of the chunks before the fault's were handed on first
    assert caught.value.sheet == "Data"
    assert "out of order" in str(caught.value)
    assert "late.xlsx" in str(caught.value)


def test_a_file_changed_after_it_was_checked_is_not_read_by_the_second_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ledger(tmp_path / "ledger.xlsx", 50)
    monkeypatch.setattr(io_workbook, "STREAM_SHEET_BYTES", 0)
    book = XlsxStream(str(path))
    columns = book.sheet("Shipments").columns
    assert columns is not None
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 10**9))
    with pytest.raises(ReadAheadError, match="changed"):
        list(rows_read_ahead(str(path), "Shipments", columns, book.identity))


def _wait_for_no_children() -> list[multiprocessing.process.BaseProcess]:
    deadline = time.monotonic() + 10
    while (alive := multiprocessing.active_children()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def read_ahead_started(tmp_path: Path) -> Iterator[tuple[int, list[Any]]]:
    """A 5,000-row sheet's rows from a second process, the first one taken."""
    path = ledger(tmp_path / "ledger.xlsx", 5_000)
    book = XlsxStream(str(path))
    columns = book.sheet("Shipments").columns
    assert columns is not None
    rows = rows_read_ahead(str(path), "Shipments", columns, book.identity)
    assert next(rows)[0] == 1
    return rows


def test_stopping_early_stops_the_second_process(tmp_path: Path) -> None:
    rows = read_ahead_started(tmp_path)
    assert multiprocessing.active_children()  # the worker is blocked on a full pipe, rows to come
    rows.close()  # what a cancelled screening does
    assert _wait_for_no_children() == []


def test_a_second_process_that_dies_is_an_error_not_a_hang(tmp_path: Path) -> None:
    rows = read_ahead_started(tmp_path)
    for child in multiprocessing.active_children():
        child.kill()
    with pytest.raises(ReadAheadError, match="stopped"):
        for _ in rows:
            pass
    assert _wait_for_no_children() == []


def test_a_cancelled_screening_leaves_no_reading_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = ledger(tmp_path / "ledger.xlsx", 5_000)
    monkeypatch.setattr(io_workbook, "STREAM_SHEET_BYTES", 0)
    monkeypatch.setenv(io_workbook.PROCESSES_VARIABLE, "2")
    run = start_run([path], rules_dir=rules_dir())
    assert multiprocessing.active_children()  # opening read the header and a sample of rows
    screened = 0

    def cancelled() -> bool:
        return screened >= 300

    for _ in run.results(cancelled):
        screened += 1
    assert screened == 300
    assert _wait_for_no_children() == []
    assert run.inputs[0].sheets[0].rows == 0  # the sheet was not read to its end
