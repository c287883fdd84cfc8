"""A report's length follows its rows, not the size of their cells: long text is shortened, with a note."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from compliance.outputs.report.model import Report, build_report
from compliance.outputs.report.text import CELL_LIMIT, QUOTE_LIMIT, REASON_LIMIT, shorten_quotes
from compliance.paths import rules_dir
from compliance.run import start_run
from gui.printing.report_html import render_html

WHEN = dt.datetime(2026, 11, 28, 11, 40)
HUGE = 30_000
ROWS = 50


def _ledger(tmp_path: Path, rows: int, size: int = HUGE) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Shipments"
    ws.append(["Reference", "Shipment Date", "Country of Origin", "Destination", "HS Code", "Goods Description",
               "Shipper", "Value", "Currency"])  # fmt: skip
    for i in range(rows):
        ws.append([f"R{i}-" + "x" * size, dt.datetime(2018, 3, 1), "DPRK", "China", "030743",
                   "frozen squid " + "y" * size, "Shipper " * (size // 8), 1000 + i, "USD"])  # fmt: skip
    path = tmp_path / f"cells-{size}.xlsx"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    run = start_run([_ledger(tmp_path_factory.mktemp("size"), ROWS)], rules_dir=rules_dir())
    return build_report(run, run.results(), organisation="", officer="", generated_at=WHEN)


def test_every_finding_is_shortened_and_kept_to_its_limits(report: Report) -> None:
    assert len(report.findings) == ROWS
    for finding in report.findings:
        assert finding.shortened
        assert len(finding.reference) <= CELL_LIMIT and finding.reference.endswith("\u2026")
        assert all(len(r) <= REASON_LIMIT for r in (*finding.reasons, *finding.questions))
        assert all(len(k) <= CELL_LIMIT for k in finding.key_fields)


def test_the_report_says_that_text_was_shortened(report: Report) -> None:
    html = render_html(report)
    assert f"Long cell text is shortened here, ending in \u2026 ({ROWS:,} rows)" in html
    assert "keep every value whole" in html
    # Fifty rows of 30,000-character cells: the HTML holds none of them whole.
    assert "x" * (CELL_LIMIT + 1) not in html and "y" * (CELL_LIMIT + 1) not in html
    assert len(html) < 400_000


def test_a_report_of_short_cells_has_no_note(tmp_path: Path) -> None:
    run = start_run([_ledger(tmp_path, 3, size=8)], rules_dir=rules_dir())
    report = build_report(run, run.results(), organisation="", officer="", generated_at=WHEN)
    assert len(report.findings) == 3
    assert not any(f.shortened for f in report.findings)
    assert "Long cell text is shortened" not in render_html(report)


def test_a_reason_quotes_at_most_the_quote_limit() -> None:
    reason = f"Goods description '{'z' * 5000}' reads as seafood; HS code '{'9' * 300}' is not a code"
    short = shorten_quotes(reason)
    assert f"'{'z' * (QUOTE_LIMIT - 1)}\u2026'" in short
    assert "z" * QUOTE_LIMIT not in short and "9" * QUOTE_LIMIT not in short
    assert short.endswith("is not a code")
    assert shorten_quotes("Origin 'DPRK' read as the DPRK") == "Origin 'DPRK' read as the DPRK"


def test_the_pdf_of_fifty_huge_rows_has_a_sensible_page_count(report: Report, tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    from gui.printing.document import pdf_bytes

    data, pages = pdf_bytes(report)
    # About three findings a page, the draft's changes and the appendix: tens of pages, not thousands.
    assert pages <= 40, f"{pages} pages for {ROWS} rows"
    assert data.startswith(b"%PDF")
