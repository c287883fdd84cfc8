"""The Excel export: reopened with openpyxl, it holds every row, both verdicts, fills, filter and panes."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from compliance.model.errors import OutputFileError
from compliance.model.results import RowResult
from compliance.outputs.xlsx_writer import JUDGEMENT_NOTICE, needs_quote, write_results_xlsx
from compliance.paths import rules_dir, sample_workbook
from compliance.run import ScreeningRun, start_run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from make_ledger import write_ledger

INJECTIONS = ('=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "  =1+1", "\t=2+2", "\r=3", "#N/A")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[ScreeningRun, list[RowResult], Path]:
    """The sample ledger screened and exported once."""
    run = start_run([sample_workbook()], rules_dir=rules_dir(), keep_cells=True)
    results = list(run.results())
    out = tmp_path_factory.mktemp("xlsx") / "results.xlsx"
    assert write_results_xlsx(out, run, results) == len(results)
    return run, results, out


def _header(ws: object) -> list[str]:
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]  # type: ignore[attr-defined]


def test_each_screened_sheet_has_its_results_sheet_with_its_own_columns_after_the_verdicts(
    sample: tuple[ScreeningRun, list[RowResult], Path],
) -> None:
    run, results, out = sample
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "Shipments", "Contracts"]  # 'Read me' has no header: not screened
    sheets = {s.name: s for s in run.inputs[0].sheets}
    own = {
        "Shipments": ("B/L No.", "Goods Description", "Incoterms"),
        "Contracts": ("Contract No.", "Worker Nationality"),
    }
    for name, columns in own.items():
        ws = wb[name]
        header = _header(ws)
        in_force, draft = run.baseline.label, run.alternative.label
        assert (in_force, draft) == ("Measures in force", "China-Russia draft, Dec 2019 (never adopted)")
        assert header[:5] == ["Sheet", "Row", in_force, draft, "Change"]
        assert header[5:14] == [
            f"{in_force}: measures", f"{in_force}: citations", f"{in_force}: reasons", f"{in_force}: questions",
            f"{draft}: measures", f"{draft}: citations", f"{draft}: reasons", f"{draft}: questions", "Notes",
        ]  # fmt: skip
        assert header[14:] == [h.strip() for h in sheets[name].headers]  # that sheet's columns, in its order
        for column in columns:
            assert column in header
        mine = [r for r in results if r.source.sheet == name]
        assert ws.max_row == len(mine) + 1
        col = {h: i for i, h in enumerate(header)}
        for result, row in zip(mine, ws.iter_rows(min_row=2, values_only=True), strict=True):
            assert (row[0], row[1]) == (result.source.sheet, result.source.row)
            assert (row[2], row[3], row[4]) == (result.baseline.status, result.alternative.status, result.change)
            assert row[col[sheets[name].mapping["reference"]]] == result.reference
            citations = "; ".join(dict.fromkeys(h.citation_text() for h in result.baseline.hits if h.citation_text()))
            assert (row[col[f"{in_force}: citations"]] or "") == citations
    assert "Worker Nationality" not in _header(wb["Shipments"])


def test_status_cells_are_filled_and_the_sheet_is_filtered_and_frozen(
    sample: tuple[ScreeningRun, list[RowResult], Path],
) -> None:
    _, results, out = sample
    ws = load_workbook(out)["Shipments"]
    shipments = sum(1 for r in results if r.source.sheet == "Shipments")
    assert ws.freeze_panes == "F2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{shipments + 1}"
    fills = {"prohibited": "F2C4C0", "review": "FBE3A6", "permitted": "D5EAD0"}
    for r in range(2, ws.max_row + 1):
        for c in (3, 4):
            cell = ws.cell(r, c)
            assert cell.fill.start_color.rgb.endswith(fills[cell.value])
    assert ws.cell(1, 1).font.b
    widths = [ws.column_dimensions[ws.cell(1, c).column_letter].width for c in range(1, ws.max_column + 1)]
    assert all(8 <= w <= 62 for w in widths)


def test_summary_sheet_names_counts_regimes_inputs_and_the_proposals_notice(
    sample: tuple[ScreeningRun, list[RowResult], Path],
) -> None:
    run, _, out = sample
    values = [v for row in load_workbook(out)["Summary"].iter_rows(values_only=True) for v in row if v is not None]
    assert run.alternative.notice in values and JUDGEMENT_NOTICE in values
    assert run.baseline.notice == "" and "never adopted" in run.alternative.notice
    for needle in (run.baseline.sha256, run.alternative.sha256, run.inputs[0].sha256, run.baseline.version):
        assert needle in values
    i = values.index("prohibited")
    assert values[i + 1 : i + 3] == [run.tally.baseline["prohibited"], run.tally.alternative["prohibited"]]
    assert run.tally.rows in values and run.tally.relaxed in values


def _injected_ledger(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Shipments"
    ws.append(["Reference", "Shipment Date", "Country of Origin", "HS Code", "Goods Description", "Shipper"])
    for i, text in enumerate(INJECTIONS):
        ws.append([f"R{i}", dt.datetime(2018, 3, 1), "DPRK", "030743", text, text])
        for col in (5, 6):  # stored as text in the input too, as a hostile ledger would
            ws.cell(row=i + 2, column=col).data_type = "s"
    ws.append(["R-num", dt.datetime(2018, 3, 1), "Japan", "620520", -2, 42])
    path = tmp_path / "injected.xlsx"
    wb.save(path)
    return path


def test_formula_like_text_comes_back_as_quoted_text_never_a_formula(tmp_path: Path) -> None:
    run = start_run([_injected_ledger(tmp_path)], rules_dir=rules_dir(), keep_cells=True)
    out = tmp_path / "out.xlsx"
    write_results_xlsx(out, run, run.results())
    ws = load_workbook(out)["Shipments"]
    header = _header(ws)
    desc, shipper = header.index("Goods Description") + 1, header.index("Shipper") + 1
    for r, text in enumerate(INJECTIONS, start=2):
        for c in (desc, shipper):
            cell = ws.cell(r, c)
            assert cell.value == text.replace("\r", "\n")  # XML reads a bare carriage return as a newline
            assert cell.data_type == "s"
            assert cell.quotePrefix is True
    numeric = ws.cell(len(INJECTIONS) + 2, desc)
    assert numeric.value == -2 and numeric.data_type == "n"  # a real number stays a number
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("=1", True), ("+1", True), ("-2", True), ("@A", True), (" \t=1", True), ("\tx", True), ("\rx", True),
     ("a=1", False), ("1-2", False), ("", False), ("Frozen squid", False)],
)  # fmt: skip
def test_needs_quote(text: str, expected: bool) -> None:
    assert needs_quote(text) is expected


def test_without_kept_cells_the_mapped_fields_are_written(tmp_path: Path) -> None:
    run = start_run([sample_workbook()], rules_dir=rules_dir(), keep_cells=False)
    out = tmp_path / "fields.xlsx"
    write_results_xlsx(out, run, run.results())
    ws = load_workbook(out)["Shipments"]
    header = _header(ws)
    assert "Goods Description" in header and "Incoterms" not in header  # Incoterms is not a screened field
    first = next(ws.iter_rows(min_row=2, max_row=2, values_only=True))
    assert first[header.index("B/L No.")] == "ETC1605001"


def _failing(results: list[RowResult]) -> Iterator[RowResult]:
    yield from results[:10]
    raise RuntimeError("cancelled half way")


def test_a_failed_export_leaves_no_file_and_keeps_the_old_one(
    sample: tuple[ScreeningRun, list[RowResult], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, results, _ = sample
    out = tmp_path / "results.xlsx"
    scratch = set(Path(tempfile.gettempdir()).glob("sanctions-desk-xlsx.*"))
    with pytest.raises(RuntimeError):
        write_results_xlsx(out, run, _failing(results))
    assert list(tmp_path.iterdir()) == []
    assert set(Path(tempfile.gettempdir()).glob("sanctions-desk-xlsx.*")) <= scratch  # its scratch files are gone too

    out.write_bytes(b"previous export")

    def broken_save(self: zipfile.ZipFile, *args: object, **kwargs: object) -> None:
        self.fp.write(b"PK\x03\x04 half a zip")  # type: ignore[union-attr]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", broken_save)
    with pytest.raises(OutputFileError, match="No space left"):
        write_results_xlsx(out, run, results)
    assert out.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["results.xlsx"]


def test_an_unwritable_folder_is_an_output_error(
    sample: tuple[ScreeningRun, list[RowResult], Path], tmp_path: Path
) -> None:
    run, results, _ = sample
    with pytest.raises(OutputFileError):
        write_results_xlsx(tmp_path / "missing" / "out.xlsx", run, results)
    assert not (tmp_path / "missing").exists()


def test_ten_thousand_rows(tmp_path: Path) -> None:
    ledger = write_ledger(tmp_path / "ledger-10000.csv", 10_000)
    run = start_run([ledger], rules_dir=rules_dir(), keep_cells=True)
    results = list(run.results())
    start = time.perf_counter()
    write_results_xlsx(tmp_path / "big.xlsx", run, results)
    seconds = time.perf_counter() - start
    print(f"\nxlsx export: 10,000 rows in {seconds:.2f} s")  # noqa: T201 (the brief asks for the timing)
    with contextlib.closing(load_workbook(tmp_path / "big.xlsx", read_only=True)) as wb:
        assert sum(1 for _ in wb["ledger-10000"].iter_rows(values_only=True)) == 10_001
    assert seconds < 60
