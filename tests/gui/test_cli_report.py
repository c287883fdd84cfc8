"""`screen --report` and `--xlsx` through the program's entry point: the same content as the app's."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from compliance.cli import main as cli_main
from compliance.paths import sample_workbook
from gui.launch import main


def test_report_xlsx_and_json_from_one_run(tmp_path: Path) -> None:
    pdf, xlsx, out_json = tmp_path / "r.pdf", tmp_path / "r.xlsx", tmp_path / "r.json"
    code = main(
        [
            "screen",
            str(sample_workbook()),
            "--report",
            str(pdf),
            "--xlsx",
            str(xlsx),
            "--json",
            str(out_json),
            "--organisation",
            "Northbridge Freight Finance Ltd",
            "--quiet",
        ]
    )
    assert code == 0
    # NFKC undoes the ligatures the PDF's font uses ("oﬀ" for "off").
    text = unicodedata.normalize("NFKC", " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split()))
    assert "Northbridge Freight Finance Ltd" in text
    assert "UNSCR 2371 (2017) OP9" in text
    assert "Party screening is off" in text
    pages = len(PdfReader(pdf).pages)
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    data = json.loads(out_json.read_text())
    wb = load_workbook(xlsx, read_only=True)
    try:
        rows = sum(1 for ws in wb.worksheets[1:] for _ in ws.iter_rows(min_row=2))  # one sheet per input sheet
        assert rows == len(data["rows"]) == 106
    finally:
        wb.close()


def test_report_needs_the_desktop_renderer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_main(["screen", str(sample_workbook()), "--report", str(tmp_path / "r.pdf")], out=io.StringIO())
    assert code == 2
    assert "--report needs the desktop components" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()


def test_the_self_test_writes_the_sample_report_the_apps_way(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--self-test"]) == 0
    printed = capsys.readouterr().out
    assert "Self-test passed: 106 sample rows, 0 mismatches." in printed
    pages = re.search(r"Self-test passed: the sample's PDF report, (\d+) pages\.", printed)
    assert pages is not None and 15 <= int(pages.group(1)) <= 30
