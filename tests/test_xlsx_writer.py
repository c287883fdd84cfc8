"""The results workbook as xlsxwriter writes it: every value by its type, text never a formula, nothing left
behind when saving fails or the command is interrupted."""

from __future__ import annotations

import datetime as dt
import gc
import tempfile
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from openpyxl import load_workbook

from compliance.model.errors import OutputFileError
from compliance.outputs.xlsx_cells import CellWriter
from compliance.outputs.xlsx_writer import write_results_xlsx
from compliance.paths import rules_dir, sample_workbook
from compliance.run import start_run

ROOT = Path(__file__).resolve().parent.parent
SCRATCH_GLOB = "sanctions-desk-xlsx.*"

VALUES: list[tuple[Any, Any]] = [
    ('=HYPERLINK("http://x","y")', '=HYPERLINK("http://x","y")'),
    ("+1", "+1"),
    ("-2", "-2"),
    ("@SUM(A1)", "@SUM(A1)"),
    ("#N/A", "#N/A"),
    ("\r=1", "\n=1"),  # an XML reader makes a lone carriage return a line feed: written as read
    ("a\x0bb\x00c", "a\ufffdb\ufffdc"),  # control characters no worksheet can hold
    ("1e5", "1e5"),  # text that looks like a number stays text
    ("http://example.org", "http://example.org"),  # and text that looks like a link
    (True, True),
    (42, 42),
    (2**60, str(2**60)),  # past 2**53 every digit is kept, as text
    (Decimal("1.25"), 1.25),
    (float("nan"), "nan"),
    (dt.date(2018, 3, 1), dt.datetime(2018, 3, 1)),
    (dt.datetime(2018, 3, 1, 14, 30), dt.datetime(2018, 3, 1, 14, 30)),
]


def test_each_value_is_written_by_its_type_and_text_never_as_a_formula(tmp_path: Path) -> None:
    out = tmp_path / "cells.xlsx"
    wb = xlsxwriter.Workbook(str(out), {"constant_memory": True, "tmpdir": str(tmp_path)})
    ws = wb.add_worksheet("Cells")
    cells = CellWriter(wb)
    for row, (value, _) in enumerate(VALUES):
        cells.put(ws, row, 0, value)
    wb.close()
    read = load_workbook(out)["Cells"]
    for row, (value, expected) in enumerate(VALUES, start=1):
        cell = read.cell(row, 1)
        assert cell.value == expected, value
        if isinstance(value, str):
            assert cell.data_type == "s", value
            assert cell.quotePrefix is (value.lstrip("\r").startswith(("=", "+", "-", "@", "#"))), value
    assert read.cell(len(VALUES), 1).is_date and read.cell(len(VALUES) - 1, 1).number_format == "yyyy-mm-dd"
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet


def _scratch_left() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob(SCRATCH_GLOB))


def test_a_disk_filling_while_saving_is_one_error_and_leaves_the_old_file_and_no_scratch(tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    run = start_run([sample_workbook()], rules_dir=rules_dir(), keep_cells=True)
    results = list(run.results())
    out = tmp_path / "results.xlsx"
    out.write_bytes(b"previous export")
    before = _scratch_left()
    real_write = zipfile.ZipFile.write

    def full_disk(self: zipfile.ZipFile, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        if str(arcname).startswith("xl/worksheets/sheet2"):  # part of the way through the workbook
            self.fp.write(b"half a sheet")  # type: ignore[union-attr]
            raise OSError(28, "No space left on device")
        real_write(self, filename, arcname, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "write", full_disk)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the abandoned zip must finalise without a traceback
        with pytest.raises(OutputFileError, match=r"cannot write the workbook: No space left on device"):
            write_results_xlsx(out, run, results)
        gc.collect()
    assert out.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["results.xlsx"]
    assert _scratch_left() <= before


def test_a_failure_while_rows_stream_removes_the_scratch_folder(tmp_path: Path) -> None:
    run = start_run([sample_workbook()], rules_dir=rules_dir(), keep_cells=True)
    results = list(run.results())
    before = _scratch_left()
    seen: list[set[Path]] = []

    def failing() -> Any:
        for i, result in enumerate(results):
            if i == 20:
                seen.append(_scratch_left() - before)
                raise RuntimeError("cancelled half way")
            yield result

    with pytest.raises(RuntimeError):
        write_results_xlsx(tmp_path / "r.xlsx", run, failing())
    assert len(seen[0]) == 1  # the export had its scratch folder while rows streamed
    assert _scratch_left() <= before
    assert list(tmp_path.iterdir()) == []


# An interrupt while the workbook is written: tests/test_outputs_safety.py waits for this writer's
# scratch folder, then checks it is gone with every other temporary file.
