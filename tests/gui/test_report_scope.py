"""Reports from the window: the rows the table shows, names asked once, sign-off, refused paths, fit-to-width."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import signal
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from compliance.outputs.report.model import Report
from compliance.paths import sample_workbook
from compliance.rules.regime import Regime
from gui.printing import document as printing
from gui.printing.pdf_process import render_pdf_in_child
from gui.printing.report_html import render_html
from gui.settings import Settings
from gui.window.dialogs import Preferences, PreferencesDialog
from gui.window.main_window import MainWindow
from gui.window.report_actions import ReportActions, suggested_name

TIMEOUT = 60_000


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@pytest.fixture
def ledger_copy(tmp_path: Path) -> Path:
    if not sample_workbook().exists():
        pytest.skip("seeds/sample-ledger.xlsx is missing")
    return Path(shutil.copy(sample_workbook(), tmp_path / "ledger.xlsx"))


@pytest.fixture
def window(qtbot: QtBot, settings: Settings, regimes: tuple[Regime, Regime], ledger_copy: Path) -> Iterator[MainWindow]:
    w = MainWindow(settings, regimes)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.screening_done, timeout=TIMEOUT) as blocker:
        blocker.connect(w.screening_failed)
        w.open_file(ledger_copy)
    yield w
    w.close()


def previewed(monkeypatch: pytest.MonkeyPatch) -> list[Report]:
    seen: list[Report] = []
    monkeypatch.setattr(printing, "preview_report", lambda report, parent, **kw: seen.append(report) or 0)
    return seen


def names(monkeypatch: pytest.MonkeyPatch, answer: Preferences | None) -> list[Preferences]:
    asked: list[Preferences] = []

    def ask(_cls: Any, _parent: Any, current: Preferences) -> Preferences | None:
        asked.append(current)
        return answer

    monkeypatch.setattr(PreferencesDialog, "ask", classmethod(ask))
    return asked


def test_names_for_the_report_are_asked_once_and_remembered(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = names(monkeypatch, Preferences("Acme Trading Ltd", "Jane Q. Officer", "A4"))
    seen = previewed(monkeypatch)
    for _ in range(2):
        with qtbot.waitSignal(window.reports.report_built, timeout=TIMEOUT):
            window.actions_["preview"].trigger()
    assert len(asked) == 1, "asked the first time only"
    assert [(r.header.organisation, r.header.officer) for r in seen] == [("Acme Trading Ltd", "Jane Q. Officer")] * 2
    again = Settings(window.settings.file_name)
    assert (again.organisation, again.officer, again.names_asked) == ("Acme Trading Ltd", "Jane Q. Officer", True)


def test_a_declined_question_is_not_asked_again(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = names(monkeypatch, None)
    previewed(monkeypatch)
    for _ in range(2):
        with qtbot.waitSignal(window.reports.report_built, timeout=TIMEOUT):
            window.actions_["preview"].trigger()
    assert len(asked) == 1


def test_the_report_can_cover_only_the_rows_shown_and_says_so_on_every_page(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window.settings.names_asked = True
    window.ui.filters.status.setCurrentIndex(window.ui.filters.status.findText("Prohibited"))
    shown = window.proxy.rowCount()
    assert 0 < shown < window.model.rowCount()
    asked: list[tuple[int, int]] = []

    def ask_scope(_cls: Any, _parent: Any, rows: int, total: int) -> str:
        asked.append((rows, total))
        return "shown"

    monkeypatch.setattr(ReportActions, "ask_scope", classmethod(ask_scope))
    seen = previewed(monkeypatch)
    with qtbot.waitSignal(window.reports.report_built, timeout=TIMEOUT):
        window.actions_["preview"].trigger()
    assert asked == [(shown, window.model.rowCount())]
    report = seen[0]
    assert report.summary.rows == shown
    assert report.summary.baseline["prohibited"] == shown
    assert report.scope.startswith(f"Only the {shown:,} rows shown in the table (of 106 screened)")
    assert "status prohibited (in force)" in report.scope

    out = tmp_path / "shown.pdf"
    pages = printing.render_pdf(report, out)
    assert pages > 1
    texts = [normalised(p.extract_text()) for p in PdfReader(out).pages]
    assert all(f"Only the {shown} rows shown" in t for t in texts), "the scope is on every page"


def test_an_unfiltered_table_is_reported_whole_without_asking(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.settings.names_asked = True
    monkeypatch.setattr(ReportActions, "ask_scope", classmethod(lambda *_a: pytest.fail("asked")))
    seen = previewed(monkeypatch)
    with qtbot.waitSignal(window.reports.report_built, timeout=TIMEOUT):
        window.actions_["preview"].trigger()
    assert seen[0].summary.rows == 106
    assert seen[0].scope == ""


@pytest.mark.parametrize("action", ["export_pdf", "export_excel"])
def test_an_export_onto_the_open_ledger_is_refused_in_a_dialog(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, ledger_copy: Path, action: str
) -> None:
    window.settings.names_asked = True
    before = ledger_copy.read_bytes()
    monkeypatch.setattr(ReportActions, "ask_save_path", classmethod(lambda _cls, *_a: str(ledger_copy)))
    if action == "export_pdf":  # the PDF takes the name as given: aim it at the ledger renamed to .pdf
        link = ledger_copy.with_suffix(".pdf")
        os.link(ledger_copy, link)
        monkeypatch.setattr(ReportActions, "ask_save_path", classmethod(lambda _cls, *_a: str(link)))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: warned.append(text))
    exported: list[str] = []
    window.reports.exported.connect(exported.append)
    window.actions_[action].trigger()
    qtbot.wait(200)
    assert len(warned) == 1
    assert "is the input" in warned[0] and "\n" not in warned[0]
    assert warned[0][0].isupper()
    assert not window.reports.runner.busy and exported == []
    assert ledger_copy.read_bytes() == before


def test_an_export_onto_a_folder_is_refused(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "results.xlsx"
    folder.mkdir()
    monkeypatch.setattr(ReportActions, "ask_save_path", classmethod(lambda _cls, *_a: str(folder)))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: warned.append(text))
    window.actions_["export_excel"].trigger()
    assert len(warned) == 1 and not window.reports.runner.busy


def test_suggested_names_carry_the_ledger_and_the_day() -> None:
    import datetime as dt

    name = suggested_name("/data/Q3 ledger.xlsx", "screening report", ".pdf", dt.date(2026, 12, 5))
    assert name == "Q3 ledger screening report 2026-12-05.pdf"


def test_the_preview_opens_at_the_page_width(window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window.settings.names_asked = True
    seen = previewed(monkeypatch)
    with qtbot.waitSignal(window.reports.report_built, timeout=TIMEOUT):
        window.actions_["preview"].trigger()
    dialog = printing.preview_dialog(seen[0], window)
    qtbot.addWidget(dialog)
    widget = dialog.findChild(QPrintPreviewWidget)
    assert widget is not None
    assert widget.zoomMode() == QPrintPreviewWidget.ZoomMode.FitToWidth


def test_the_report_has_a_sign_off_block_a_boxed_party_notice_and_no_forced_page_before_findings(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    names(monkeypatch, Preferences("Acme", "Jane Q. Officer", "A4"))
    seen = previewed(monkeypatch)
    with qtbot.waitSignal(window.reports.report_built, timeout=TIMEOUT):
        window.actions_["preview"].trigger()
    html = render_html(seen[0])
    sign_off = html[html.index("<h2>Sign-off</h2>") :]
    for label in ("Prepared by", "Reviewed by", "Date"):
        assert label in sign_off
    assert "Jane Q. Officer" in sign_off[: sign_off.index("Reviewed by")]
    assert '<p class="box">Party screening is off' in html
    assert "<h2>Findings</h2>" in html and '<h2 class="newpage">Findings' not in html


def _interrupt_child(_number: int, _pages: int) -> None:
    for child in multiprocessing.active_children():
        if child.name == "pdf-report" and child.pid is not None:
            os.kill(child.pid, signal.SIGINT)


def test_ctrl_c_in_a_terminal_does_not_stop_the_pdf_child(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window.settings.names_asked = True
    seen = previewed(monkeypatch)
    with qtbot.waitSignal(window.reports.report_built, timeout=TIMEOUT):
        window.actions_["preview"].trigger()
    out = tmp_path / "report.pdf"
    pages = render_pdf_in_child(seen[0], out, progress=_interrupt_child)
    assert pages == len(PdfReader(out).pages) > 1
