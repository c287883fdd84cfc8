"""The main window: open a ledger, see each row's verdict under a baseline and an alternative regime, and why."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from compliance.model.errors import InputFileError
from compliance.paths import sample_workbook
from compliance.rules.regime import Regime
from gui.errors import show_error
from gui.lists.party_lists import PartyLists
from gui.results.filter_proxy import ResultsFilterProxy
from gui.results.model import ResultsModel
from gui.results.regime_words import regime_words
from gui.settings import Settings
from gui.tasks import Task
from gui.window import input_line, opening, table_actions, views
from gui.window.decisions_desk import DecisionDesk, as_of_text
from gui.window.designation_lists import choose_lists, show_party_notice
from gui.window.detail_pane import DetailPane
from gui.window.dialogs import AboutDialog, edit_preferences
from gui.window.layout import Ui, build_ui
from gui.window.mapping_edits import MappingEdits
from gui.window.menus import build_menus
from gui.window.persist import restore_window, save_window
from gui.window.regime_choice import QUICK_PAIR, load_pair
from gui.window.regime_commands import RegimeCommands
from gui.window.report_actions import ReportActions
from gui.window.status import ScreeningStatus
from gui.window.table_commands import TableCommands
from gui.workers import Screening, ScreeningJobs

REPORT_ACTIONS: Final = ("print", "preview", "export_pdf", "export_excel")


class MainWindow(RegimeCommands, TableCommands, QMainWindow):
    """The Sanctions Desk window."""

    screening_done = Signal(object)
    """A screening's results are on screen (the Screening)."""
    screening_failed = Signal(object)
    """A screening failed (the exception), after the user was told."""

    def __init__(
        self,
        settings: Settings | None = None,
        regimes: tuple[Regime, ...] | None = None,
        *,
        persist: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.persist = persist
        # Loaded once per pair chosen: switching views or re-screening never re-reads the rule packs.
        self.regimes = regimes or load_pair(*QUICK_PAIR)
        """The baseline and the alternative the next screening compares (the chooser's pair)."""
        self.screening: Screening | None = None
        self._pending_select: str | None = None
        self.import_details: tuple[str, ...] = ()
        """How each sheet of the open workbook was read, behind the import notes' 'details' link."""
        self._select_row: int | None = None
        """A ledger row to select once a background sort or filter puts it on screen."""
        self.setWindowTitle("Sanctions Desk")
        self.setAcceptDrops(True)
        self.model = ResultsModel(self)
        self.proxy = ResultsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.layoutChanged.connect(self._rows_changed)
        self.proxy.modelReset.connect(self._rows_changed)
        self.proxy.failed.connect(lambda exc: show_error(self, exc))
        self.jobs = ScreeningJobs(self.regimes, self)
        self.parties = PartyLists(self.settings, self, persist=persist)
        self.parties.changed.connect(self._update_party_notice)
        self.reports = ReportActions(self, self)

        self.ui: Ui = build_ui(self, self.proxy)
        self._connect_ui(self.ui)
        self.status = ScreeningStatus(self.ui.progress_panel, self.ui.busy_label, self.statusBar())
        self.proxy.busy_changed.connect(self.status.table_busy)
        self.jobs.started.connect(self.status.started)
        self.jobs.progress.connect(self.status.progress)
        self.jobs.done.connect(self._on_done)
        self.jobs.failed.connect(self._on_failed)
        self.decision_desk = DecisionDesk(self, self)  # decisions: the filter, the count, the detail section
        self.decision_desk.place(self.ui.summary, self.ui.detail, self.ui.table)
        self.detail_pane = DetailPane(self.ui.detail, self.model, self.proxy, self.regimes, self.decision_desk.section)
        self.mapping = MappingEdits(self, self.regimes, self.settings, rescreen=self.rescreen,
                                    log=self.decision_desk.setting_changed)  # fmt: skip
        self.actions_: dict[str, QAction] = build_menus(
            self.menuBar(), self, reports=self.reports, decisions=self.decision_desk,
            recent_files=self.settings, column_menu=self.ui.table.column_menu, find=self.ui.filters.focus_search,
        )  # fmt: skip
        self.mapping.undoable.connect(self.actions_["undo_mapping"].setEnabled)
        self.reports.bind(self.ui.task_panel, [self.actions_[name] for name in REPORT_ACTIONS])
        self.refresh_regimes()
        views.name_regimes(self.ui, self.model, regime_words(self.regimes))
        self._apply_regime("current")
        self._update_party_notice()
        if self.persist:
            restore_window(self, self.ui, self.settings)
            self.parties.load_in_background()  # the lists chosen last time

    def _connect_ui(self, ui: Ui) -> None:
        ui.toggle.changed.connect(self.set_regime)
        ui.chooser.chosen.connect(self.choose_regimes)
        ui.as_of.changed.connect(self._as_of_changed)
        ui.info.linkActivated.connect(lambda _link: self.show_import_details())
        ui.summary.show_changed.connect(self.show_changed_rows)
        ui.summary.party_clicked.connect(self.edit_designations)
        ui.filters.changed.connect(self._filters_changed)
        ui.table.selectionModel().currentRowChanged.connect(self._current_changed)
        ui.table.customContextMenuRequested.connect(self.show_table_menu)
        ui.progress_panel.cancel_button.clicked.connect(self.cancel)
        ui.task_panel.cancel_button.clicked.connect(self.reports.cancel)

    # --- opening and screening ------------------------------------------------------------------

    @classmethod
    def ask_open_path(cls, parent: QWidget | None, directory: str) -> str | None:
        """Ask for a workbook to open; None when cancelled (tests monkeypatch this)."""
        return opening.ask_open_path(parent, directory)

    def choose_file(self) -> None:
        """File > Open."""
        path = self.ask_open_path(self, self.settings.last_directory or str(Path.home()))
        if path:
            self.open_file(path)

    def open_sample(self) -> None:
        """Help > Open sample."""
        sample = sample_workbook()
        if sample.exists():
            self.open_file(sample)
        else:
            show_error(self, InputFileError("the sample ledger is missing", path=str(sample)))

    def open_file(self, path: str | Path, select: str | None = None) -> None:
        """Screen a workbook in the background; the current results stay until it is done."""
        self._pending_select = select
        self.mapping.forget()
        self._start(str(path), self.ui.as_of.value(), None)

    def rescreen(self, overrides: dict[str, str] | None = None) -> None:
        """Screen the open workbook again (new as-of date or mapping)."""
        if self.screening is None:
            return
        if overrides is None:
            overrides = self.screening.overrides
        current = table_actions.current_result(self.ui.table, self.proxy, self.model)
        self._pending_select = current.reference if current else None
        self._start(self.screening.path, self.ui.as_of.value(), overrides)

    def _start(self, path: str, as_of: dt.date | None, overrides: dict[str, str] | None) -> None:
        # Starting a job supersedes the running one (jobs.start cancels it); the controls keep
        # showing what was just asked for.
        self.jobs.start(
            path,
            as_of,
            overrides,
            self.settings.mappings(),
            self.parties.resolver(),
            record=self.decision_desk.run_settings(as_of, overrides),
        )

    def screen_now(self, path: str | Path) -> None:
        """Screen in the GUI thread (screenshot mode); raises ComplianceError on a bad file."""
        as_of = self.ui.as_of.value()
        record = self.decision_desk.run_settings(as_of, None)
        self.apply(opening.screen_in_gui_thread(path, as_of, self.regimes, self.settings, self.parties, record))

    def cancel(self) -> None:
        """Stop the running screening, if any; what is on screen stays."""
        if self.jobs.cancel():
            self.status.stopped(cancelled=True)
            self._sync_as_of()

    @property
    def job(self) -> Task | None:
        """The running screening, if any."""
        return self.jobs.current

    @property
    def jobs_started(self) -> int:
        """Screenings started since the window opened."""
        return self.jobs.count

    @property
    def busy(self) -> bool:
        """True while a screening is running."""
        return self.jobs.busy

    def _on_done(self, screening: Screening, seconds: float) -> None:
        self.apply(screening)
        self.status.done(len(screening.results), seconds)
        self.settings.add_recent_file(screening.path)
        self.parties.accept(screening.party_load)  # keeps the lists read; reports any unreadable
        self.screening_done.emit(screening)

    def _on_failed(self, exc: BaseException) -> None:
        self.status.stopped(cancelled=False)
        self._sync_as_of()
        show_error(self, exc)
        self.screening_failed.emit(exc)

    def _sync_as_of(self) -> None:
        # After a failed or cancelled re-screen the controls must describe what is on screen.
        self.ui.as_of.set_value(self.screening.as_of if self.screening else None)
        if self.screening is not None and self.screening.run.regimes != self.regimes:
            self._use_regimes(self.screening.run.regimes)

    def _as_of_changed(self, day: dt.date | None) -> None:
        if self.screening is not None:
            self.decision_desk.setting_changed("as_of", as_of_text(self.screening.as_of), as_of_text(day))
        self.rescreen()

    # --- showing results ------------------------------------------------------------------------

    def apply(self, screening: Screening) -> None:
        """Show a finished screening."""
        ui = self.ui
        self.screening = screening
        self._select_row = None
        ui.as_of.set_value(screening.as_of)
        if screening.run.regimes != self.regimes:
            self._use_regimes(screening.run.regimes)
        self.model.set_results(screening.results, screening.texts, screening.stats)
        views.name_regimes(ui, self.model, regime_words(screening.run.regimes))
        ui.table.fit_where(self.model.store.widest_where())
        ui.filters.set_measures(self.model.measures())
        self.proxy.set_filters(**ui.filters.filters())
        self.decision_desk.show_screening(screening)
        ui.stack.setCurrentWidget(ui.table)
        ui.filters.setEnabled(True)
        self._update_title()
        self.import_details = input_line.show_input(ui.file_label, ui.info, screening)
        self.update_summary()
        self._update_party_notice()
        self.actions_["mapping"].setEnabled(True)
        self.reports.sync_actions()
        pending, self._pending_select = self._pending_select, None
        if not (pending and self.select_reference(pending)):
            self.detail_pane.show(None, screening)

    def show_import_details(self) -> None:
        """The import notes' 'details' link: how each sheet was read, in full."""
        if self.import_details:
            self.ask_details(self, "\n\n".join(self.import_details))

    @classmethod
    def ask_details(cls, parent: QWidget, text: str) -> None:
        """Show the import details (tests monkeypatch this)."""
        input_line.show_details(parent, text)

    def update_summary(self) -> None:
        """The summary bar's counts for the view on screen, and how many rows the filters show."""
        views.show_counts(self.ui, self.model, self.proxy, screened=self.screening is not None)

    def set_regime(self, regime: str) -> None:
        """Show the baseline's verdicts, the alternative's, or both; nothing is re-read or re-screened."""
        if self.ui.toggle.regime != regime:
            self.ui.toggle.set_regime(regime)  # re-enters through the toggle's signal
            return
        self._apply_regime(regime)

    def _apply_regime(self, regime: str) -> None:
        views.show_regime(self.ui, self.model, self.proxy, regime)
        self.actions_[f"view_{regime}"].setChecked(True)
        self._update_title()
        self.update_summary()

    def _update_title(self) -> None:
        path = self.screening.path if self.screening else None
        self.setWindowTitle(views.window_title(path, self.ui.toggle.regime, self.model.words))

    def _filters_changed(self) -> None:
        self.proxy.set_filters(**self.ui.filters.filters())
        self.update_summary()

    def _rows_changed(self) -> None:
        self.update_summary()
        self.detail_pane.drop_hidden()
        if self._select_row is not None and not self.proxy.busy:
            row, self._select_row = self._select_row, None
            self.ui.table.select_source_row(self.proxy, row)

    def show_changed_rows(self) -> None:
        """Filter to the rows whose verdict the alternative would change, side by side."""
        self.ui.filters.changed_only.setChecked(True)
        self.set_regime("compare")

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.screening is None:
            return
        if not current.isValid():
            self.detail_pane.drop_hidden()
            return
        self.detail_pane.show(self.proxy.mapToSource(current).row(), self.screening)

    # --- designation lists, mapping, preferences, about ------------------------------------------

    def edit_designations(self) -> None:
        """File > Designation lists: choose lists and thresholds, then re-screen in the background."""
        screened = self.screening is not None
        if not choose_lists(self, self.parties, screened=screened, log=self.decision_desk.setting_changed):
            return
        if screened:
            self.rescreen()  # reads the lists on the worker, with the rows
        else:
            self.parties.load_in_background()

    def _update_party_notice(self) -> None:
        show_party_notice(self.ui, self.model, self.screening, self.parties)

    def edit_mapping(self) -> None:
        """File > Column mapping: correct how headers were read, then re-screen."""
        if self.screening is not None and self.mapping.edit(self.screening):
            self.statusBar().showMessage("Re-screening with the corrected mapping (Ctrl+Z undoes it)…", 10_000)

    def undo_mapping(self) -> None:
        """Edit > Undo mapping change: re-screen with the mapping before the last change, and remember as before."""
        if self.screening is not None:
            self.mapping.undo(self.screening)

    def edit_preferences(self) -> None:
        """File > Preferences: organisation, officer and page size for reports."""
        edit_preferences(self, self.settings)

    def show_about(self) -> None:
        """Help > About."""
        AboutDialog.show(self, self.regimes)

    # --- window events ----------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a dragged local file."""
        if opening.dropped_file(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Open a dropped file."""
        path = opening.dropped_file(event.mimeData())
        if path:
            event.acceptProposedAction()
            self.open_file(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop any screening and remember the window's geometry."""
        self.cancel()
        for runner in (self.reports.runner, self.parties.runner, self.parties.dialog_runner, self.proxy):
            runner.cancel()
        # Workers hold Python objects this window owns; let them reach their next row check.
        self.jobs.wait(5_000)
        self.reports.runner.wait(5_000)
        self.proxy.wait(5_000)
        if self.persist:
            save_window(self, self.ui, self.settings)
        self.decision_desk.close()
        super().closeEvent(event)
