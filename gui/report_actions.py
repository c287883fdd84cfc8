"""File > Print, Print Preview, Export PDF and Export Excel: the report of the results on screen.

The report covers every row of the screening on screen (both regimes, its as-of date), never the
filtered view. The report model and the workbook are built on the thread pool; the PDF is laid out
by a child process (gui/pdf_process.py), since laying out thousands of pages would hold the
interpreter and freeze the window. Only the print and preview dialogs, and their painting, run on
the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from compliance.io_xlsx import write_results_xlsx
from compliance.report import Report, build_report
from compliance.results import RowResult
from gui import printing
from gui.errors import show_error
from gui.pdf_process import render_pdf_in_child
from gui.tasks import TaskRunner, TaskState
from gui.widgets import ProgressPanel
from gui.workers import Screening

if TYPE_CHECKING:
    from gui.main_window import MainWindow

PDF_FILTER: Final = "PDF documents (*.pdf)"
XLSX_FILTER: Final = "Excel workbooks (*.xlsx)"
PROGRESS_SECONDS: Final = 0.1
CHECK_EVERY_ROWS: Final = 32  # an Excel row takes about 0.4 ms: the GUI thread gets its turns often


def counted(results: Sequence[RowResult], state: TaskState, verb: str) -> Iterator[RowResult]:
    """The rows, checking for cancel and saying how far along it is every so often."""
    total, last = len(results), 0.0
    for n, result in enumerate(results, 1):
        if n % CHECK_EVERY_ROWS == 0:
            state.check()
            now = time.monotonic()
            if now - last >= PROGRESS_SECONDS:
                state.progress(f"{verb}… {n:,} of {total:,} rows")
                last = now
        yield result


def make_report(screening: Screening, organisation: str, officer: str, state: TaskState) -> Report:
    """The report model of a screening (all rows, both regimes)."""
    return build_report(
        screening.run, counted(screening.results, state, "Building the report"),
        organisation=organisation, officer=officer, generated_at=dt.datetime.now().astimezone(),
    )  # fmt: skip


def export_pdf(
    screening: Screening, path: str, organisation: str, officer: str, page_size: str, state: TaskState
) -> int:
    """Build the report and write it as a PDF (atomically; nothing is left on failure or cancel); pages."""
    report = make_report(screening, organisation, officer, state)
    state.progress("Laying out the PDF…")

    def page(number: int, pages: int) -> None:
        state.progress(f"Writing PDF page {number} of {pages}…")

    return render_pdf_in_child(report, path, page_size=page_size, progress=page, cancelled=state.cancelled)


def export_xlsx(screening: Screening, path: str, state: TaskState) -> int:
    """Write every result row to an Excel workbook (atomically); the number of rows written."""
    return write_results_xlsx(path, screening.run, counted(screening.results, state, "Writing the workbook"))


def with_suffix(path: str, suffix: str) -> str:
    """The path with `suffix` added when the officer typed a name without one."""
    return path if Path(path).suffix.lower() == suffix else path + suffix


class ReportActions(QObject):
    """Runs the window's report commands; one at a time, in the background."""

    exported = Signal(str)
    """A PDF or workbook was written (its path)."""
    failed = Signal(object)
    """A report command failed (the exception), after the officer was told."""
    report_built = Signal(object)
    """A report model for print or preview is ready (the Report)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.runner = TaskRunner(self)
        self.panel: ProgressPanel | None = None
        self.actions: list[QAction] = []

    def bind(self, panel: ProgressPanel, actions: Sequence[QAction]) -> None:
        """Show progress in this status bar panel; enable these actions only when a report can be made."""
        self.panel, self.actions = panel, list(actions)
        self.runner.started.connect(self._started)
        self.runner.progress.connect(panel.label.setText)
        self.runner.idle.connect(self._idle)
        self.sync_actions()

    def sync_actions(self) -> None:
        """One report job at a time, and none until there are results to report."""
        ready = self.window.screening is not None and not self.runner.busy
        for action in self.actions:
            action.setEnabled(ready)

    def cancel(self) -> bool:
        """Stop the running job; a PDF or workbook is not written."""
        if not self.runner.cancel():
            return False
        self.window.statusBar().showMessage("Export cancelled; no file was written.", 10_000)
        return True

    def _started(self, label: str) -> None:
        if self.panel is not None:
            self.panel.label.setText(label)
            self.panel.show()
        self.sync_actions()

    def _idle(self) -> None:
        if self.panel is not None:
            self.panel.hide()
        self.sync_actions()

    @classmethod
    def ask_save_path(cls, parent: QWidget | None, caption: str, suggested: str, filters: str) -> str | None:
        """Ask where to save; None when cancelled (tests monkeypatch this)."""
        path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
        return path or None

    def _suggest(self, screening: Screening, name: str) -> str:
        folder = self.window.settings.last_export_directory or str(Path(screening.path).parent)
        return str(Path(folder) / f"{Path(screening.path).stem} {name}")

    def export_pdf(self) -> None:
        """File > Export PDF: the report as a PDF file."""
        screening = self.window.screening
        if screening is None:
            return
        path = self.ask_save_path(self.window, "Export report as PDF",
                                  self._suggest(screening, "screening report.pdf"), PDF_FILTER)  # fmt: skip
        if not path:
            return
        path = with_suffix(path, ".pdf")
        s = self.window.settings
        organisation, officer, page_size = s.organisation, s.officer, s.page_size
        self.runner.start(
            f"Exporting {Path(path).name}…",
            lambda state: export_pdf(screening, path, organisation, officer, page_size, state),
            lambda pages: self._saved(path, f"{pages} page{'s' if pages != 1 else ''}"),
            self._failed,
        )

    def export_excel(self) -> None:
        """File > Export Excel: every result row, with the original columns, as a workbook."""
        screening = self.window.screening
        if screening is None:
            return
        path = self.ask_save_path(self.window, "Export results as Excel",
                                  self._suggest(screening, "screening results.xlsx"), XLSX_FILTER)  # fmt: skip
        if not path:
            return
        path = with_suffix(path, ".xlsx")
        self.runner.start(
            f"Exporting {Path(path).name}…",
            lambda state: export_xlsx(screening, path, state),
            lambda rows: self._saved(path, f"{rows:,} rows"),
            self._failed,
        )

    def print_report(self) -> None:
        """File > Print: build the report, then the system print dialog."""
        self._with_report("Preparing the report for printing…", self._print)

    def preview(self) -> None:
        """File > Print Preview."""
        self._with_report("Preparing the print preview…", self._preview)

    def _with_report(self, label: str, then: Callable[[Report], None]) -> None:
        screening = self.window.screening
        if screening is None:
            return
        s = self.window.settings
        organisation, officer = s.organisation, s.officer

        def ready(report: Report) -> None:
            self.report_built.emit(report)
            then(report)

        self.runner.start(label, lambda state: make_report(screening, organisation, officer, state),
                          ready, self._failed)  # fmt: skip

    def _page_size(self) -> printing.PageSizeName:
        return "Letter" if self.window.settings.page_size == "Letter" else "A4"

    def _print(self, report: Report) -> None:
        if printing.print_report(report, self.window, page_size=self._page_size()):
            self.window.statusBar().showMessage("The report was sent to the printer.", 10_000)

    def _preview(self, report: Report) -> None:
        printing.preview_report(report, self.window, page_size=self._page_size())

    def _saved(self, path: str, what: str) -> None:
        self.window.settings.last_export_directory = str(Path(path).parent)
        self.window.statusBar().showMessage(f"Saved {Path(path).name} ({what}).", 10_000)
        self.exported.emit(path)

    def _failed(self, exc: BaseException) -> None:
        show_error(self.window, exc)  # the results on screen are untouched
        self.failed.emit(exc)
