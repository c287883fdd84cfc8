"""File > Print, Print Preview, Export PDF and Export Excel: the report of the results on screen.

The report covers every row of the screening on screen (both regimes, its as-of date); while filters
narrow the table the officer may choose to report only the rows it shows, and the report then says
so on every page. The Excel export always holds every row. The report model and the workbook are
built on the thread pool; the PDF is laid out
by a child process (gui/printing/pdf_process.py), since laying out thousands of pages would hold the
interpreter and freeze the window. Only the print and preview dialogs, and their painting, run on
the GUI thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple, overload

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from compliance.model.errors import ComplianceError
from compliance.model.results import RowResult
from compliance.outputs.paths import Output, check_outputs
from compliance.outputs.report.model import Report, build_report, covering
from compliance.outputs.xlsx_writer import write_results_xlsx
from compliance.paths import rules_dir
from gui.errors import show_error
from gui.printing import document as printing
from gui.printing.pdf_process import render_pdf_in_child
from gui.tasks import TaskRunner, TaskState
from gui.window.dialogs import edit_preferences
from gui.window.progress import ProgressPanel
from gui.window.screened_window import ScreenedWindow
from gui.workers import Screening

if TYPE_CHECKING:
    pass

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


class Scope(NamedTuple):
    """The rows a report covers when not every row: their ledger positions and how to say which they are."""

    rows: Sequence[int]
    text: str


def make_report(
    screening: Screening, organisation: str, officer: str, state: TaskState, scope: Scope | None = None
) -> Report:
    """The report model of a screening (both regimes): every row, or the rows of `scope`."""
    results = screening.results
    if scope is not None:
        store = results
        results = _Picked(store, scope.rows)
    report = build_report(
        screening.run, counted(results, state, "Building the report"),
        organisation=organisation, officer=officer, generated_at=dt.datetime.now().astimezone(),
        decisions_of=screening.decisions.decisions_of if screening.decisions else None,
    )  # fmt: skip
    return covering(report, scope.text) if scope is not None else report


class _Picked(Sequence[RowResult]):
    """Some rows of the results, in the given order, read one at a time (a million-row store stays compact)."""

    def __init__(self, results: Sequence[RowResult], rows: Sequence[int]) -> None:
        self._results, self._rows = results, sorted(rows)  # ledger order, as a whole report has them

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, i: int) -> RowResult: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[RowResult]: ...
    def __getitem__(self, i: int | slice) -> RowResult | Sequence[RowResult]:
        if isinstance(i, slice):
            return [self._results[row] for row in self._rows[i]]
        return self._results[self._rows[i]]

    def __iter__(self) -> Iterator[RowResult]:
        return (self._results[i] for i in self._rows)


def scope_text(shown: int, total: int, filters: Sequence[str]) -> str:
    """'Only the 12 rows shown in the table (of 106): status review; search “coal”' for a filtered report."""
    said = "; ".join(filters)
    return f"Only the {shown:,} rows shown in the table (of {total:,} screened)" + (f": {said}" if said else "")


def suggested_name(ledger: str, what: str, suffix: str, day: dt.date | None = None) -> str:
    """'sample-ledger screening report 2026-12-05.pdf': the ledger's name and the day, so exports never clash."""
    day = day or dt.date.today()
    return f"{Path(ledger).stem} {what} {day.isoformat()}{suffix}"


def refuse_output(path: str, screening: Screening, designation_lists: Sequence[str], *, scratch: bool) -> None:
    """Raise (one line) when an export must not be written there: the open ledger, a list or rule file, a device."""
    sources = [screening.path, *designation_lists]
    with contextlib.suppress(OSError):  # no rules folder: nothing there to protect
        sources += [str(p) for p in Path(rules_dir()).iterdir() if p.is_file()]
    check_outputs([Output("The export", path)], sources, to_stdout=frozenset(), scratch=scratch)


def export_pdf(
    screening: Screening,
    path: str,
    organisation: str,
    officer: str,
    page_size: str,
    state: TaskState,
    scope: Scope | None = None,
) -> int:
    """Build the report and write it as a PDF (atomically; nothing is left on failure or cancel); pages."""
    report = make_report(screening, organisation, officer, state, scope)
    state.progress("Laying out the PDF…")

    def page(number: int, pages: int) -> None:
        state.progress(f"Writing PDF page {number} of {pages}…")

    return render_pdf_in_child(report, path, page_size=page_size, progress=page, cancelled=state.cancelled)


def export_xlsx(screening: Screening, path: str, state: TaskState) -> int:
    """Write every result row to an Excel workbook (atomically); the number of rows written."""
    decisions_of = screening.decisions.decisions_of if screening.decisions else None
    rows = counted(screening.results, state, "Writing the workbook")
    return write_results_xlsx(path, screening.run, rows, decisions_of=decisions_of)


def with_suffix(path: str, suffix: str) -> str:
    """The path with `suffix` added when the officer typed a name without one."""
    return path if Path(path).suffix.lower() == suffix else path + suffix


ReportWindow = ScreenedWindow
"""What the report commands read of the main window: the screening on screen, its rows, the settings."""


class ReportActions(QObject):
    """Runs the window's report commands; one at a time, in the background."""

    exported = Signal(str)
    """A PDF or workbook was written (its path)."""
    failed = Signal(object)
    """A report command failed (the exception), after the officer was told."""
    report_built = Signal(object)
    """A report model for print or preview is ready (the Report)."""

    def __init__(self, window: ReportWindow, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self.parent_widget = parent
        """Dialogs, print previews and error messages open over this (the main window)."""
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

    def _suggest(self, screening: Screening, what: str, suffix: str) -> str:
        folder = self.window.settings.last_export_directory or str(Path(screening.path).parent)
        return str(Path(folder) / suggested_name(screening.path, what, suffix))

    def _refused(self, path: str, screening: Screening, *, scratch: bool = False) -> bool:
        """Tell the officer, and True, when the chosen file must not be written (the open ledger ...)."""
        try:
            refuse_output(path, screening, self.window.parties.choice.paths, scratch=scratch)
        except ComplianceError as exc:
            self._failed(exc)  # one line in a dialog; nothing is built or written
            return True
        return False

    def _names(self) -> tuple[str, str]:
        """Organisation and officer for the report, asked for once when neither is known."""
        s = self.window.settings
        if not (s.organisation and s.officer) and not s.names_asked:
            s.names_asked = True
            edit_preferences(self.parent_widget, s)
        return s.organisation, s.officer

    @classmethod
    def ask_scope(cls, parent: QWidget | None, shown: int, total: int) -> str | None:
        """'shown', 'all', or None (cancelled): which rows a report covers while filters narrow the table."""
        box = QMessageBox(parent)
        box.setWindowTitle("Report")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(f"The table shows {shown:,} of {total:,} rows. Which rows should the report cover?")
        shown_button = box.addButton(f"The {shown:,} rows shown", QMessageBox.ButtonRole.AcceptRole)
        all_button = box.addButton(f"All {total:,} rows", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(all_button)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        return "shown" if clicked is shown_button else "all" if clicked is all_button else None

    def _scope(self) -> tuple[bool, Scope | None]:
        """(go on, scope): the filtered rows when the officer asks for them; (False, None) when cancelled."""
        proxy = self.window.proxy
        total = self.window.model.rowCount()
        if not proxy.active or proxy.busy or proxy.rowCount() == total:
            return True, None
        choice = self.ask_scope(self.parent_widget, proxy.rowCount(), total)
        if choice is None:
            return False, None
        if choice == "all":
            return True, None
        return True, Scope(proxy.shown_rows(), scope_text(proxy.rowCount(), total, proxy.describe()))

    def export_pdf(self) -> None:
        """File > Export PDF: the report as a PDF file."""
        screening = self.window.screening
        if screening is None:
            return
        go_on, scope = self._scope()
        if not go_on:
            return
        path = self.ask_save_path(self.parent_widget, "Export report as PDF",
                                  self._suggest(screening, "screening report", ".pdf"), PDF_FILTER)  # fmt: skip
        if not path:
            return
        path = with_suffix(path, ".pdf")
        if self._refused(path, screening):
            return
        organisation, officer = self._names()
        page_size = self.window.settings.page_size
        self.runner.start(
            f"Exporting {Path(path).name}…",
            lambda state: export_pdf(screening, path, organisation, officer, page_size, state, scope),
            lambda pages: self._saved(path, f"{pages} page{'s' if pages != 1 else ''}"),
            self._failed,
        )

    def export_excel(self) -> None:
        """File > Export Excel: every result row, with the original columns, as a workbook."""
        screening = self.window.screening
        if screening is None:
            return
        path = self.ask_save_path(self.parent_widget, "Export results as Excel",
                                  self._suggest(screening, "screening results", ".xlsx"), XLSX_FILTER)  # fmt: skip
        if not path:
            return
        path = with_suffix(path, ".xlsx")
        if self._refused(path, screening, scratch=True):
            return
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
        go_on, scope = self._scope()
        if not go_on:
            return
        organisation, officer = self._names()

        def ready(report: Report) -> None:
            self.report_built.emit(report)
            then(report)

        self.runner.start(label, lambda state: make_report(screening, organisation, officer, state, scope),
                          ready, self._failed)  # fmt: skip

    def _page_size(self) -> printing.PageSizeName:
        return "Letter" if self.window.settings.page_size == "Letter" else "A4"

    def _print(self, report: Report) -> None:
        if printing.print_report(report, self.parent_widget, page_size=self._page_size()):
            self.window.statusBar().showMessage("The report was sent to the printer.", 10_000)

    def _preview(self, report: Report) -> None:
        printing.preview_report(report, self.parent_widget, page_size=self._page_size())

    def _saved(self, path: str, what: str) -> None:
        self.window.settings.last_export_directory = str(Path(path).parent)
        self.window.statusBar().showMessage(f"Saved {Path(path).name} ({what}).", 10_000)
        self.exported.emit(path)

    def _failed(self, exc: BaseException) -> None:
        show_error(self.parent_widget, exc)  # the results on screen are untouched
        self.failed.emit(exc)
