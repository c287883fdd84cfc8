"""The results workbook's shape: one sheet per input sheet, verdicts first, inside Excel's grid, names Excel takes.

A 16,384-column sheet once wrote verdict columns beyond XFD (a file Excel will not open) and 4,000
sheets ended in a ValueError traceback.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

import compliance.outputs.xlsx_tabs
from compliance.cli import main
from compliance.intake.importer import OpenedInput
from compliance.model.errors import OutputFileError
from compliance.model.results import RowResult
from compliance.outputs.xlsx_tabs import MAX_COLUMNS, lead_columns, tab_title
from compliance.outputs.xlsx_writer import write_results_xlsx
from compliance.paths import rules_dir, sample_workbook
from compliance.run import ScreeningRun, start_run

NAMED = ["Reference", "Shipment Date", "Country of Origin", "HS Code", "Goods Description"]
LABELS = ("Measures in force", "China-Russia draft, Dec 2019 (never adopted)")
"""The default regimes' labels, as their packs declare them."""
LEAD = lead_columns(multi=False, labels=LABELS)


def _header(ws: object) -> list[str]:
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]  # type: ignore[attr-defined]


def _cell_refs_beyond_xfd(path: Path) -> list[str]:
    """Cell references in the sheets' XML whose column is past XFD (four letters, or three after XFD)."""
    beyond = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                for column in re.findall(rb'r="([A-Z]+)\d+"', archive.read(name)):
                    if len(column) > 3 or (len(column) == 3 and column > b"XFD"):
                        beyond.append(f"{name}: {column.decode()}")
    return beyond


@pytest.fixture(scope="module")
def wide_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One sheet of Excel's full width: 5 named columns and 16,379 more; 10 rows, every other one DPRK seafood."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Wide")
    ws.append(NAMED + [f"Extra {i}" for i in range(len(NAMED), MAX_COLUMNS)])
    for r in range(10):
        origin = "DPRK" if r % 2 == 0 else "Japan"
        ws.append([f"W{r}", "2018-03-01", origin, "030743", "frozen squid"] + [r] * (MAX_COLUMNS - len(NAMED)))
    path = tmp_path_factory.mktemp("wide") / "wide.xlsx"
    wb.save(path)
    return path


def test_a_sheet_of_excels_full_width_stays_inside_the_grid_with_the_verdicts_first(
    wide_ledger: Path, tmp_path: Path
) -> None:
    run = start_run([wide_ledger], rules_dir=rules_dir(), keep_cells=True)
    out = tmp_path / "wide-results.xlsx"
    started = time.perf_counter()
    assert write_results_xlsx(out, run, run.results()) == 10
    print(f"\nxlsx export: 10 rows of {MAX_COLUMNS:,} columns in {time.perf_counter() - started:.2f} s")  # noqa: T201
    assert _cell_refs_beyond_xfd(out) == []
    with contextlib.closing(load_workbook(out, read_only=True)) as wb:
        assert wb.sheetnames == ["Summary", "Wide"]
        ws = wb["Wide"]
        header = _header(ws)
        assert len(header) == MAX_COLUMNS
        assert header[: len(LEAD)] == LEAD
        assert header[len(LEAD) : len(LEAD) + len(NAMED)] == NAMED
        assert header[-1] == f"Extra {MAX_COLUMNS - len(LEAD) - 1}"  # the sheet's last 13 columns are left out
        rows = list(ws.iter_rows(min_row=2, values_only=True))
        assert [r[2] for r in rows] == ["prohibited", "permitted"] * 5
        assert all(r[len(LEAD)] == f"W{i}" for i, r in enumerate(rows))
        summary = " ".join(str(v) for row in wb["Summary"].iter_rows(values_only=True) for v in row if v)
    left_out = len(LEAD)
    assert f"its last {left_out} columns are beyond Excel's last column (XFD)" in summary


def _run_of_many_sheets(tmp_path: Path, sheets: int) -> tuple[ScreeningRun, list[RowResult]]:
    """A run over one input of `sheets` sheets, each with one screened row (built from a real screening)."""
    ledger = tmp_path / "one.csv"
    ledger.write_text(",".join(NAMED) + "\nM1,2018-03-01,DPRK,030743,squid\n", encoding="utf-8")
    run = start_run([ledger], rules_dir=rules_dir(), keep_cells=True)
    (result,) = list(run.results())
    (sheet,) = run.inputs[0].sheets
    names = [f"Sheet {i}" for i in range(sheets)]
    infos = [dataclasses.replace(sheet, name=n, rows=1) for n in names]
    opened = OpenedInput(str(ledger), "many.xlsx", "0" * 64, infos, keep_cells=True)
    many = ScreeningRun([opened], run.regimes, tally=run.tally)
    results = [dataclasses.replace(result, source=dataclasses.replace(result.source, sheet=n)) for n in names]
    return many, results


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_many_sheets_give_as_many_results_sheets_one_open_at_a_time(tmp_path: Path) -> None:
    # 1,200 is past the usual limit of 1,024 open files; benchmarks/bench_xlsx_export.py times 4,000.
    run, results = _run_of_many_sheets(tmp_path, 1_200)
    most_open = 0

    def watched() -> Iterator[RowResult]:
        nonlocal most_open
        for result in results:
            most_open = max(most_open, _open_files())
            yield result

    before = _open_files()
    out = tmp_path / "many-results.xlsx"
    started = time.perf_counter()
    assert write_results_xlsx(out, run, watched()) == 1_200
    print(f"\nxlsx export: 1,200 sheets in {time.perf_counter() - started:.2f} s")  # noqa: T201
    assert most_open - before < 10  # never a scratch file open per sheet
    with contextlib.closing(load_workbook(out, read_only=True)) as wb:
        assert len(wb.sheetnames) == 1_201 and wb.sheetnames[:3] == ["Summary", "Sheet 0", "Sheet 1"]
        last = list(wb["Sheet 1199"].iter_rows(values_only=True))
    assert len(last) == 2 and last[1][0] == "Sheet 1199" and last[1][2] == "prohibited"


def test_more_sheets_than_a_workbook_holds_is_one_line_and_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, results = _run_of_many_sheets(tmp_path, 50)
    monkeypatch.setattr(compliance.outputs.xlsx_tabs, "MAX_SHEETS", 20)
    with pytest.raises(OutputFileError, match=r"would need 51 sheets .* at most 20: choose one sheet with --sheet"):
        write_results_xlsx(tmp_path / "too-many.xlsx", run, results)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.csv"]


def test_the_command_line_refuses_too_many_sheets_before_screening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        compliance.outputs.xlsx_tabs, "MAX_SHEETS", 2
    )  # the sample needs 3: Summary, Shipments, Contracts
    code = main(["screen", str(sample_workbook()), "--xlsx", str(tmp_path / "r.xlsx")], out=io.StringIO())
    assert code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "the results would need 3 sheets" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["A" * 40, "A" * 40 + "x"], ["A" * 31, "A" * 27 + " (2)"]),
        (["Data", "DATA", "data"], ["Data", "DATA (2)", "data (3)"]),
        (["History"], ["History (2)"]),
        (["Summary"], ["Summary (2)"]),
        (["a/b:c?d*e[f]g\\h"], ["a_b_c_d_e_f_g_h"]),
        (["'quoted'"], ["quoted"]),
        (["", "   ", "\x00\x07"], ["Sheet", "Sheet (2)", "Sheet (3)"]),
        (["\U0001f6a2" * 20], ["\U0001f6a2" * 15]),  # 31 UTF-16 units at most: 15 ships
    ],
)
def test_sheet_names_are_ones_excel_takes(names: list[str], expected: list[str]) -> None:
    taken = {"summary"}
    titles = [tab_title(n, taken) for n in names]
    assert titles == expected
    for title in titles:
        assert len(title.encode("utf-16-le")) // 2 <= 31


def test_inputs_with_one_name_get_sheets_of_their_own(tmp_path: Path) -> None:
    paths = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / "data.csv"
        path.write_text(",".join(NAMED) + f"\n{folder}1,2018-03-01,DPRK,030743,squid\n", encoding="utf-8")
        paths.append(path)
    run = start_run(paths, rules_dir=rules_dir(), keep_cells=True)
    write_results_xlsx(tmp_path / "r.xlsx", run, run.results())
    with contextlib.closing(load_workbook(tmp_path / "r.xlsx", read_only=True)) as wb:
        assert wb.sheetnames == ["Summary", "data", "data (2)"]
        firsts = [next(iter(wb[n].iter_rows(min_row=2, values_only=True))) for n in ("data", "data (2)")]
    lead = lead_columns(multi=True, labels=LABELS)
    assert [(row[0], row[lead.index("Measures in force")]) for row in firsts] == [("data.csv", "prohibited")] * 2
    assert [row[len(lead)] for row in firsts] == ["a1", "b1"]


def test_a_sheet_longer_than_excels_last_row_continues_on_a_sheet_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compliance.outputs.xlsx_tabs, "MAX_ROWS", 31)  # 30 data rows a sheet
    run = start_run([sample_workbook()], rules_dir=rules_dir(), keep_cells=True)
    results = list(run.results())
    write_results_xlsx(tmp_path / "r.xlsx", run, results)
    with contextlib.closing(load_workbook(tmp_path / "r.xlsx", read_only=True)) as wb:
        assert wb.sheetnames == ["Summary", "Shipments", "Shipments (2)", "Shipments (3)", "Contracts"]
        written = [(row[0], row[1]) for ws in wb.worksheets[1:] for row in ws.iter_rows(min_row=2, values_only=True)]
        summary = " ".join(str(v) for row in wb["Summary"].iter_rows(values_only=True) for v in row if v)
    assert written == [(r.source.sheet, r.source.row) for r in results]
    assert "results in sheet 'Shipments', 'Shipments (2)', 'Shipments (3)'" in summary


def test_rows_out_of_workbook_order_are_all_written(tmp_path: Path) -> None:
    run = start_run([sample_workbook()], rules_dir=rules_dir(), keep_cells=True)
    results = list(run.results())
    shuffled = results[::2] + results[1::2]  # as a sorted table might hand them over
    assert write_results_xlsx(tmp_path / "r.xlsx", run, shuffled) == len(results)
    with contextlib.closing(load_workbook(tmp_path / "r.xlsx", read_only=True)) as wb:
        written = sorted(
            (row[0], row[1]) for ws in wb.worksheets[1:] for row in ws.iter_rows(min_row=2, values_only=True)
        )
    assert written == sorted((r.source.sheet, r.source.row) for r in results)
