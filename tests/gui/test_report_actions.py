"""File > Print, Print Preview, Export PDF, Export Excel and Preferences, from the window."""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from compliance.outputs.report.model import Report
from compliance.paths import sample_workbook
from compliance.rules.regime import Regime
from gui.printing import document as printing
from gui.settings import Settings
from gui.tasks import TaskState
from gui.window.dialogs import Preferences, PreferencesDialog
from gui.window.main_window import REPORT_ACTIONS, MainWindow
from gui.window.report_actions import ReportActions

TIMEOUT = 60_000


def normalised(text: str) -> str:
    """PDF text as one line: compatibility forms folded (ligatures), whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@pytest.fixture
def window(qtbot: QtBot, settings: Settings, regimes: tuple[Regime, Regime]) -> Iterator[MainWindow]:
    """A shown window whose settings name the organisation and officer."""
    settings.organisation = "Acme Trading Ltd"
    settings.officer = "Jane Q. Officer"
    w = MainWindow(settings, regimes)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


@pytest.fixture
def sample_window(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The window with the sample ledger screened."""
    if not sample_workbook().exists():
        pytest.skip("seeds/sample-ledger.xlsx is missing")
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT) as blocker:
        blocker.connect(window.screening_failed)
        window.open_sample()
    assert window.model.rowCount() == 106
    return window


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[tuple[str, str]]:
    """Answer the save dialog with `path`; returns what it was asked (caption, suggested path)."""
    asked: list[tuple[str, str]] = []

    def ask(_cls: Any, _parent: Any, caption: str, suggested: str, _filters: str) -> str:
        asked.append((caption, suggested))
        return str(path)

    monkeypatch.setattr(ReportActions, "ask_save_path", classmethod(ask))
    return asked


def test_report_actions_exist_and_wait_for_results(qtbot: QtBot, window: MainWindow, ledger: Path) -> None:
    keys = {name: window.actions_[name].shortcut().toString() for name in REPORT_ACTIONS}
    assert keys["print"] == "Ctrl+P"
    assert keys["export_pdf"] == "Ctrl+Shift+E"
    assert not any(window.actions_[name].isEnabled() for name in REPORT_ACTIONS)
    assert window.actions_["preferences"].isEnabled()
    assert window.actions_["designations"].isEnabled()
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.open_file(ledger)
    assert all(window.actions_[name].isEnabled() for name in REPORT_ACTIONS)


def test_export_pdf_names_the_officer_and_cites_the_measures(
    qtbot: QtBot, sample_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = sample_window
    window.ui.filters.search.setText("squid")  # asked, the officer chooses every row, not the filtered view
    window.ui.filters.flush()
    monkeypatch.setattr(ReportActions, "ask_scope", classmethod(lambda _cls, _parent, _shown, _total: "all"))
    target = tmp_path / "exports" / "report"
    target.parent.mkdir()
    asked = save_to(monkeypatch, target)
    with qtbot.waitSignal(window.reports.exported, timeout=TIMEOUT) as blocker:
        blocker.connect(window.reports.failed)
        window.actions_["export_pdf"].trigger()
        assert window.ui.task_panel.isVisible()
        assert not window.actions_["export_pdf"].isEnabled(), "one report job at a time"
    written = tmp_path / "exports" / "report.pdf"
    assert blocker.args == [str(written)]
    assert re.search(r"sample-ledger screening report \d{4}-\d\d-\d\d\.pdf$", asked[0][1])
    text = normalised(" ".join(p.extract_text() for p in PdfReader(written).pages))
    assert "Acme Trading Ltd" in text
    assert "Jane Q. Officer" in text
    assert "UNSCR 2371 (2017) OP9" in text
    assert "Rows screened 106 106" in text
    assert not window.ui.task_panel.isVisible()
    assert window.actions_["export_pdf"].isEnabled()
    assert "report.pdf" in window.statusBar().currentMessage()
    assert window.settings.last_export_directory == str(written.parent)
    assert window.proxy.rowCount() < window.model.rowCount(), "the filter on screen is untouched"


def test_export_excel_writes_every_result_row(
    qtbot: QtBot, sample_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = sample_window
    window.settings.last_export_directory = str(tmp_path)
    asked = save_to(monkeypatch, tmp_path / "results.xlsx")
    with qtbot.waitSignal(window.reports.exported, timeout=TIMEOUT) as blocker:
        blocker.connect(window.reports.failed)
        window.actions_["export_excel"].trigger()
    assert asked[0][1] == str(tmp_path / f"sample-ledger screening results {dt.date.today().isoformat()}.xlsx")
    wb = load_workbook(tmp_path / "results.xlsx", read_only=True)
    try:
        tabs = [list(ws.iter_rows(values_only=True)) for ws in wb.worksheets[1:]]  # one per input sheet
    finally:
        wb.close()
    assert sum(len(rows) - 1 for rows in tabs) == 106
    header = tabs[0][0]
    assert "B/L No." in header, "the original columns are kept (the GUI's runs keep cells)"
    assert "106 rows" in window.statusBar().currentMessage()


@pytest.mark.parametrize("action", ["export_pdf", "export_excel"])
def test_a_failed_export_shows_one_line_and_leaves_no_file(
    qtbot: QtBot,
    window: MainWindow,
    ledger: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    action: str,
) -> None:
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.open_file(ledger)
    window.select_reference("SHP-003")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    folder = tmp_path / "not-a-folder"
    folder.write_text("a file where the folder should be")
    save_to(monkeypatch, folder / "out")
    with qtbot.waitSignal(window.reports.failed, timeout=TIMEOUT):
        window.actions_[action].trigger()
    assert len(shown) == 1
    assert "\n" not in shown[0]
    assert "Cannot write" in shown[0]  # refused before anything is built; the message starts with a capital
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.xlsx", "not-a-folder"]
    assert window.model.rowCount() == 6
    assert "SHP-003" in window.ui.detail.toPlainText()
    assert not window.ui.task_panel.isVisible()
    assert window.actions_[action].isEnabled()


def test_cancelling_an_export_writes_nothing(
    qtbot: QtBot, window: MainWindow, ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.open_file(ledger)
    save_to(monkeypatch, tmp_path / "out.pdf")
    real = printing.render_pdf

    def slow(report: Report, path: Any, **kwargs: Any) -> int:
        # The worker holds here until Cancel is pressed, however fast this machine writes PDFs.
        deadline = time.monotonic() + TIMEOUT / 1000
        while not kwargs["cancelled"]() and time.monotonic() < deadline:
            time.sleep(0.005)
        return real(report, path, **kwargs)

    monkeypatch.setattr(printing, "render_pdf", slow)
    window.actions_["export_pdf"].trigger()
    worker = window.reports.runner.current
    assert worker is not None
    with qtbot.waitSignal(worker.signals.finished, timeout=TIMEOUT):
        window.ui.task_panel.cancel_button.click()
    qtbot.wait(20)
    assert not (tmp_path / "out.pdf").exists()
    assert list(tmp_path.glob("*.part")) == []
    assert "cancelled" in window.statusBar().currentMessage()
    assert not window.ui.task_panel.isVisible()


def test_print_and_preview_get_the_report_of_every_row(
    qtbot: QtBot, sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = sample_window
    window.settings.page_size = "Letter"
    calls: list[tuple[str, Report, Any, dict[str, Any]]] = []
    monkeypatch.setattr(
        printing, "print_report", lambda report, parent, **kw: calls.append(("print", report, parent, kw)) or True
    )
    monkeypatch.setattr(
        printing, "preview_report", lambda report, parent, **kw: calls.append(("preview", report, parent, kw)) or 0
    )
    window.set_regime("draft")
    window.ui.filters.status.setCurrentIndex(1)
    monkeypatch.setattr(ReportActions, "ask_scope", classmethod(lambda _cls, _parent, _shown, _total: "all"))
    for name in ("print", "preview"):
        with qtbot.waitSignal(window.reports.report_built, timeout=TIMEOUT):
            window.actions_[name].trigger()
    assert [c[0] for c in calls] == ["print", "preview"]
    for _kind, report, parent, kwargs in calls:
        assert parent is window
        assert kwargs["page_size"] == "Letter"
        assert report.summary.rows == 106
        assert report.header.officer == "Jane Q. Officer"
        assert report.header.organisation == "Acme Trading Ltd"
    assert "printer" in window.statusBar().currentMessage()


def test_preferences_are_saved_and_used(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Preferences] = []

    def ask(_cls: Any, _parent: Any, current: Preferences) -> Preferences:
        seen.append(current)
        return Preferences("Globex Shipping", "R. Roe", "Letter")

    monkeypatch.setattr(PreferencesDialog, "ask", classmethod(ask))
    window.actions_["preferences"].trigger()
    assert seen == [Preferences("Acme Trading Ltd", "Jane Q. Officer", "A4")]
    again = Settings(window.settings.file_name)
    assert (again.organisation, again.officer, again.page_size) == ("Globex Shipping", "R. Roe", "Letter")


def test_preferences_dialog_reads_back_what_was_typed(qtbot: QtBot) -> None:
    dialog = PreferencesDialog(None, Preferences("Acme", "J. Doe", "Letter"))
    qtbot.addWidget(dialog)
    assert dialog.page_size.currentText() == "Letter"
    dialog.officer.setText("  K. Smith ")
    dialog.page_size.setCurrentIndex(dialog.page_size.findData("A4"))
    assert dialog.preferences() == Preferences("Acme", "K. Smith", "A4")
    assert dialog.organisation.accessibleName()


def test_report_bodies_run_without_qt_widgets(sample_window: MainWindow, tmp_path: Path) -> None:
    from gui.window.report_actions import export_xlsx, make_report

    screening = sample_window.screening
    assert screening is not None
    report = make_report(screening, "Org", "Officer", TaskState())
    assert report.summary.rows == 106
    assert export_xlsx(screening, str(tmp_path / "r.xlsx"), TaskState()) == 106
