"""The PDF laid out by a child process: the same file as laid out here, and cancel or failure leave nothing."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from compliance.model.errors import OutputFileError
from compliance.outputs.report.model import Report, build_report
from compliance.paths import rules_dir, sample_workbook
from compliance.rules.regime import Regime
from compliance.run import start_run
from gui.printing.document import render_pdf
from gui.printing.pdf_process import render_pdf_in_child
from gui.tasks import Cancelled

WHEN = dt.datetime(2026, 12, 2, 9, 30)


@pytest.fixture(scope="module")
def report(qapp: QApplication, regimes: tuple[Regime, Regime]) -> Report:
    run = start_run([sample_workbook()], rules_dir=rules_dir(), regimes=regimes)
    return build_report(run, run.results(), organisation="Acme Trading", officer="J. Doe", generated_at=WHEN)


def no_children_left() -> bool:
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not multiprocessing.active_children()


def test_the_child_writes_the_pdf_laid_out_here(report: Report, tmp_path: Path) -> None:
    here, there = tmp_path / "here.pdf", tmp_path / "there.pdf"
    seen: list[tuple[int, int]] = []
    pages_here = render_pdf(report, here, page_size="Letter", landscape=False)
    pages_there = render_pdf_in_child(
        report, there, page_size="Letter", landscape=False, progress=lambda n, of: seen.append((n, of))
    )
    assert pages_there == pages_here == len(PdfReader(there).pages)
    assert [p.extract_text() for p in PdfReader(there).pages] == [p.extract_text() for p in PdfReader(here).pages]
    assert seen == [(n, pages_there) for n in range(1, pages_there + 1)]  # every page reported, in order
    assert no_children_left()


def test_cancelling_stops_the_child_and_writes_nothing(report: Report, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    seen: list[int] = []
    with pytest.raises(Cancelled):
        render_pdf_in_child(report, target, progress=lambda n, _of: seen.append(n), cancelled=lambda: bool(seen))
    assert seen  # it was under way
    assert no_children_left()
    assert list(tmp_path.iterdir()) == []


def test_a_child_that_dies_is_a_one_line_error_and_writes_nothing(report: Report, tmp_path: Path) -> None:
    def kill_it(_number: int, _pages: int) -> None:
        for child in multiprocessing.active_children():
            child.kill()

    with pytest.raises(OutputFileError, match="stopped"):
        render_pdf_in_child(report, tmp_path / "report.pdf", progress=kill_it)
    assert no_children_left()
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_target_is_a_one_line_error(report: Report, tmp_path: Path) -> None:
    with pytest.raises(OutputFileError, match="cannot write"):
        render_pdf_in_child(report, tmp_path / "missing" / "report.pdf")
    assert no_children_left()
