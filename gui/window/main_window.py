"""The main window: open a ledger, see each row's verdict in force and under the draft, and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from html import escape
from pathlib import Path
from typing import Final

from PySide6.QtCore import QModelIndex, QPoint, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QPushButton, QWidget

from compliance.model.errors import InputFileError
from compliance.model.results import RowResult
from compliance.paths import rules_dir, sample_workbook
from compliance.rules.regime import Regime, load_regimes
from gui.decisions.desk import DecisionDesk, as_of_text
from gui.decisions.ledger import AppScreeningLog
from gui.lists.dialog import DesignationDialog
from gui.lists.party_lists import PartyLists, notice_text, notice_tip
from gui.mapping.dialog import MappingDialog
from gui.mapping.model import (
    describe_input,
    detected_mappings,
    import_notes,
    mapping_view,
    sheet_corrections,
    sheet_headers,
)
from gui.results.detail import detail_html, empty_html, hidden_html
from gui.results.filter_proxy import ResultsFilterProxy
from gui.results.model import ResultsModel
from gui.settings import Settings
from gui.tasks import Task
from gui.window.dialogs import AboutDialog, Preferences, PreferencesDialog
from gui.window.errors import show_error
from gui.window.layout import build_central, build_status_bar
from gui.window.menus import build_menus
from gui.window.notices import DRAFT_TITLE, NAMES_NOT_SCREENED, regime_shows_draft, staleness_text
from gui.window.report_actions import ReportActions
from gui.window.table_actions import go_to_row, next_flagged, rows_as_text, selected_rows
from gui.workers import Screening, ScreeningJobs, run_headers, screen_file

FILE_FILTER: Final = "Spreadsheets (*.xlsx *.xlsm *.xlsb *.xls *.ods *.csv);;All files (*)"
REPORT_ACTIONS: Final = ("print", "preview", "export_pdf", "export_excel")


class MainWindow(QMainWindow):
    """The Sanctions Desk window."""

    screening_done = Signal(object)
    """A screening's results are on screen (the Screening)."""
    screening_failed = Signal(object)
    """A screening failed (the exception), after the user was told."""

    def __init__(
        self,
        settings: Settings | None = None,
        regimes: tuple[Regime, Regime] | None = None,
        *,
        persist: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.persist = persist
        # Loaded once: switching views or re-screening never re-reads the rule packs.
        self.regimes = regimes or load_regimes(rules_dir())
        self.screening: Screening | None = None
        self._pending_select: str | None = None
        self.import_details: tuple[str, ...] = ()
        """How each sheet of the open workbook was read, behind the import notes' 'details' link."""
        self._detail_row: int | None = None
        """The ledger row the detail pane describes, while it does."""
        self._detected: dict[str, dict[str, str]] | None = None
        """Per sheet, the mapping detected for the open workbook before any correction."""
        self._mapping_undo: tuple[dict[str, str], tuple[str, ...], dict[str, str] | None] | None = None
        """The corrections, header set and remembered mapping before the last mapping change."""
        self.jobs = ScreeningJobs(self.regimes, self)
        self.jobs.started.connect(self._on_started)
        self.jobs.progress.connect(self._on_progress)
        self.jobs.done.connect(self._on_done)
        self.jobs.failed.connect(self._on_failed)

        self.parties = PartyLists(self.settings, self, persist=persist)
        self.parties.changed.connect(self._update_party_notice)
        self.reports = ReportActions(self)

        self.setWindowTitle("Sanctions Desk")
        self.setAcceptDrops(True)
        self.model = ResultsModel(self)
        self.proxy = ResultsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._select_row: int | None = None
        """A ledger row to select once a background sort or filter puts it on screen."""
        self.proxy.layoutChanged.connect(self._rows_changed)
        self.proxy.modelReset.connect(self._rows_changed)
        self.proxy.failed.connect(lambda exc: show_error(self, exc))
        build_central(self)
        self.as_of.changed.connect(self._as_of_changed)
        self.filters.changed.connect(self._filters_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.customContextMenuRequested.connect(self.show_table_menu)
        build_status_bar(self)
        self.decision_desk = DecisionDesk(self)  # decisions: the filter, the count, the detail section
        self.decision_desk.place()
        self.proxy.busy_changed.connect(self._show_busy)
        self.actions_ = build_menus(self)
        self.reports.bind(self.task_panel, [self.actions_[name] for name in REPORT_ACTIONS])
        self._apply_regime("current")
        self._update_party_notice()
        if self.persist:
            self._restore_state()
            self.parties.load_in_background()  # the lists chosen last time

    # --- status bar ------------------------------------------------------------------------------

    @property
    def cancel_button(self) -> QPushButton:
        """The status bar's Cancel button."""
        return self.progress_panel.cancel_button

    # --- opening and screening ------------------------------------------------------------------

    @classmethod
    def ask_open_path(cls, parent: QWidget | None, directory: str) -> str | None:
        """Ask for a workbook to open; None when cancelled (tests monkeypatch this)."""
        path, _ = QFileDialog.getOpenFileName(parent, "Open workbook", directory, FILE_FILTER)
        return path or None

    def choose_file(self) -> None:
        """File > Open."""
        path = self.ask_open_path(self, self.settings.last_directory or str(Path.home()))
        if path:
            self.open_file(path)

    def open_sample(self) -> None:
        """Help > Open sample."""
        sample = sample_workbook()
        if not sample.exists():
            show_error(self, InputFileError("the sample ledger is missing", path=str(sample)))
            return
        self.open_file(sample)

    def open_file(self, path: str | Path, select: str | None = None) -> None:
        """Screen a workbook in the background; the current results stay until it is done."""
        self._pending_select = select
        self._detected = None
        self._mapping_undo = None
        self.actions_["undo_mapping"].setEnabled(False)
        self._start(str(path), self.as_of.value(), None)

    def rescreen(self, overrides: dict[str, str] | None = None) -> None:
        """Screen the open workbook again (new as-of date or mapping)."""
        if self.screening is None:
            return
        if overrides is None:
            overrides = self.screening.overrides
        current = self._current_result()
        self._pending_select = current.reference if current else None
        self._start(self.screening.path, self.as_of.value(), overrides)

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
        as_of = self.as_of.value()
        load = self.parties.resolver()(lambda: False)
        texts: list[str] = []
        log = AppScreeningLog(str(path), self.decision_desk.run_settings(as_of, None))
        run, results = screen_file(
            path,
            as_of=as_of,
            overrides=None,
            regimes=self.regimes,
            remembered=self.settings.mappings(),
            parties=load.screening,
            texts=texts,
            log=log,
        )
        used = self.settings.mapping_for(run_headers(run))
        self.apply(Screening(str(path), run, results, as_of, used, texts, party_load=load, decisions=log.decisions))

    def cancel(self) -> None:
        """Stop the running screening, if any; what is on screen stays."""
        if self.jobs.cancel():
            self._hide_progress()
            self._sync_as_of()
            self.statusBar().showMessage("Screening cancelled; the results on screen stay.")

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

    def _on_started(self, path: str) -> None:
        self.progress_panel.label.setText(f"Screening {Path(path).name}…")
        self.progress_panel.show()

    def _on_progress(self, rows: int) -> None:
        self.progress_panel.label.setText(f"Screening… {rows:,} rows")

    def _on_done(self, screening: Screening, seconds: float) -> None:
        self._hide_progress()
        self.apply(screening)
        self.settings.add_recent_file(screening.path)
        rows = len(screening.results)
        self.statusBar().showMessage(f"Screened {rows:,} rows in {seconds:.1f} s.", 10_000)
        self.parties.accept(screening.party_load)  # keeps the lists read; reports any unreadable
        self.screening_done.emit(screening)

    def _on_failed(self, exc: BaseException) -> None:
        self._hide_progress()
        self._sync_as_of()
        show_error(self, exc)
        self.screening_failed.emit(exc)

    def _hide_progress(self) -> None:
        self.progress_panel.hide()

    def _sync_as_of(self) -> None:
        # After a failed or cancelled re-screen the control must describe what is on screen.
        self.as_of.set_value(self.screening.as_of if self.screening else None)

    def _as_of_changed(self, day: dt.date | None) -> None:
        if self.screening is not None:
            self.decision_desk.setting_changed("as_of", as_of_text(self.screening.as_of), as_of_text(day))
        self.rescreen()

    # --- showing results ------------------------------------------------------------------------

    def apply(self, screening: Screening) -> None:
        """Show a finished screening."""
        self.screening = screening
        self._select_row = None
        self.as_of.set_value(screening.as_of)
        self.model.set_results(screening.results, screening.texts, screening.stats)
        self.table.fit_where(self.model.store.widest_where())
        self.filters.set_measures(self.model.measures())
        self.proxy.set_filters(**self.filters.filters())
        self.decision_desk.show_screening(screening)
        self.stack.setCurrentWidget(self.table)
        self.filters.setEnabled(True)
        self._update_title()
        self._describe_input(screening)
        self._update_summary()
        self._update_party_notice()
        self.actions_["mapping"].setEnabled(True)
        self.reports.sync_actions()
        pending, self._pending_select = self._pending_select, None
        if not (pending and self.select_reference(pending)):
            self._show_detail(None)

    def _describe_input(self, screening: Screening) -> None:
        title, _notes = describe_input(screening.run, screening.path, screening.as_of)
        self.file_label.setText(title)
        self.file_label.setToolTip(title)
        notes = import_notes(screening.run)
        self.import_details = notes.details
        # One short line; the technical detail is behind "details" (and in its tooltip).
        self.info.setText(f"{escape(notes.line)} — <a href='details'>details</a>" if notes.line else "")
        self.info.setToolTip("\n".join(notes.details))
        self.info.setVisible(bool(notes.line))

    def show_import_details(self) -> None:
        """The import notes' 'details' link: how each sheet was read, in full."""
        if self.import_details:
            self.ask_details(self, "\n\n".join(self.import_details))

    @classmethod
    def ask_details(cls, parent: QWidget, text: str) -> None:
        """Show the import details (tests monkeypatch this)."""
        box = QMessageBox(QMessageBox.Icon.Information, "How the workbook was read", text,
                          QMessageBox.StandardButton.Close, parent)  # fmt: skip
        box.exec()
        box.deleteLater()

    def _update_summary(self) -> None:
        if self.screening is None:
            self.summary.clear()
            return
        self.summary.update_counts(
            self.toggle.regime,
            self.model.counts("current"),
            self.model.counts("draft"),
            self.model.changed_count(),
            self.proxy.rowCount(),
            self.model.rowCount(),
        )

    def set_regime(self, regime: str) -> None:
        """Show verdicts in force, under the draft, or both; nothing is re-read or re-screened."""
        if self.toggle.regime != regime:
            self.toggle.set_regime(regime)  # re-enters through the toggle's signal
            return
        self._apply_regime(regime)

    def _apply_regime(self, regime: str) -> None:
        self.model.set_regime(regime)
        self.table.show_regime(regime)
        self.proxy.set_filters(regime=regime)
        action = getattr(self, "actions_", {}).get(f"view_{regime}")
        if action is not None and not action.isChecked():
            action.setChecked(True)
        # Never a draft verdict on screen without saying, in place, that the draft is not law.
        self.draft_banner.setVisible(regime_shows_draft(regime))
        self._update_title()
        self._update_summary()

    def _update_title(self) -> None:
        parts = [Path(self.screening.path).name] if self.screening is not None else []
        if regime_shows_draft(self.toggle.regime):
            parts.append(f"{DRAFT_TITLE} verdicts shown")
        self.setWindowTitle(" — ".join([*parts, "Sanctions Desk"]))

    def _filters_changed(self) -> None:
        self.proxy.set_filters(**self.filters.filters())
        self._update_summary()

    def _show_busy(self, text: str) -> None:
        # A large ledger sorts and filters in the background: the table keeps its rows meanwhile.
        self.busy_label.setText(text)
        self.busy_label.setVisible(bool(text))

    def _rows_changed(self) -> None:
        self._update_summary()
        self._drop_hidden_detail()
        if self._select_row is not None and not self.proxy.busy:
            row, self._select_row = self._select_row, None
            self.table.select_source_row(self.proxy, row)

    def show_changed_rows(self) -> None:
        """Filter to the rows whose verdict the draft would change, side by side."""
        self.filters.changed_only.setChecked(True)
        self.set_regime("compare")

    def _current_result(self) -> RowResult | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.result(self.proxy.mapToSource(index).row())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.screening is None:
            return
        if not current.isValid():
            self._drop_hidden_detail()
            return
        self._show_detail(self.proxy.mapToSource(current).row())

    def _show_detail(self, row: int | None) -> None:
        """Describe a ledger row in the detail pane (None: no row)."""
        self._detail_row = row
        if row is None or self.screening is None:
            self.detail.setHtml(empty_html())
            return
        result = self.model.result(row)
        parties = self.screening.run.parties
        decisions = self.decision_desk.section(row, result)
        headers = self._headers_of(result)
        self.detail.setHtml(
            detail_html(result, self.regimes, headers, parties, self.screening.as_of, decisions=decisions)
        )

    def _drop_hidden_detail(self) -> None:
        # The pane must never describe a row the table no longer shows (filtered out, or replaced).
        if self._detail_row is None or self.proxy.busy:
            return
        if self._detail_row < self.model.rowCount():
            shown = self.proxy.mapFromSource(self.model.index(self._detail_row, 0))
            if shown.isValid():
                return
        self._detail_row = None
        self.detail.setHtml(hidden_html())

    # --- rows: copy, flagged, context menu --------------------------------------------------------

    def copy_rows(self) -> None:
        """Edit > Copy rows: the selected rows as tab-separated text, with the headers on screen."""
        rows = selected_rows(self.table)
        if not rows:
            return
        QGuiApplication.clipboard().setText(rows_as_text(self.table, rows))
        noun = "row" if len(rows) == 1 else "rows"
        self.statusBar().showMessage(f"Copied {len(rows):,} {noun} with their headers.", 5_000)

    def go_to_flagged(self, step: int) -> None:
        """F8 / Shift+F8: the next or previous row that is not permitted in this view (or changed, in Compare)."""
        if self.screening is None or self.proxy.busy:
            return
        current = self.table.currentIndex()
        after = current.row() if current.isValid() else (-1 if step > 0 else self.proxy.rowCount())
        row = next_flagged(self.proxy, self.model, after, self.toggle.regime, step)
        if row is None:
            self.statusBar().showMessage("No further flagged row in this view.", 5_000)
            return
        go_to_row(self.table, row)

    def show_table_menu(self, pos: QPoint) -> None:
        """The table's context menu: copy, open the detail, step to flagged rows."""
        menu = self.table_menu()
        menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def table_menu(self) -> QMenu:
        """The context menu's actions (a decision section may be added here)."""
        menu = QMenu(self.table)
        menu.addAction(self.actions_["copy"])
        details = menu.addAction("Open &detail")
        details.triggered.connect(self.detail.setFocus)
        details.setEnabled(self._detail_row is not None)
        menu.addSeparator()
        menu.addAction(self.actions_["next_flagged"])
        menu.addAction(self.actions_["previous_flagged"])
        self.decision_desk.add_menu_section(menu)
        return menu

    def _headers_of(self, result: RowResult) -> tuple[str, ...]:
        assert self.screening is not None
        return sheet_headers(self.screening.run, result.source.sheet)

    def select_reference(self, reference: str) -> bool:
        """Select the first row with this reference (clearing filters that hide it)."""
        row = self.model.row_of_reference(reference)
        if row is None:
            return False
        if not self.proxy.mapFromSource(self.model.index(row, 0)).isValid():
            self.clear_filters()
        if self.proxy.busy:
            self._select_row = row  # selected once the rows being worked out are on screen
        else:
            self.table.select_source_row(self.proxy, row)
        return True

    def clear_filters(self) -> None:
        """Show every row."""
        self.decision_desk.reset()
        self.filters.reset()

    # --- designation lists, reports, preferences -------------------------------------------------

    def edit_designations(self) -> None:
        """File > Designation lists: choose lists and thresholds, then re-screen in the background."""
        chosen = DesignationDialog.ask(
            self,
            self.parties.choice,
            self.parties.known,
            rescreen=self.screening is not None,
            runner=self.parties.dialog_runner,
        )
        if chosen is None:
            return
        self.decision_desk.setting_changed("designation lists", asdict(self.parties.choice), asdict(chosen.choice))
        self.parties.set_choice(chosen.choice, chosen.lists)
        if self.screening is not None:
            self.rescreen()  # reads the lists on the worker, with the rows
        else:
            self.parties.load_in_background()

    def _update_party_notice(self) -> None:
        # What the results on screen were screened against; before any, what the next screening uses.
        if self.screening is not None:
            parties, pending = self.screening.run.parties, 0
        else:
            parties = self.parties.current()
            pending = len(self.parties.choice.paths) if parties is None else 0
        stale = staleness_text(parties)
        text, tip = notice_text(parties, pending), notice_tip(parties)
        if stale:
            text, tip = f"{text} — {stale}", f"{stale}\n{tip}"
        blind = self.screening is not None and parties is None
        self.summary.set_party(text, tip, warning=blind or bool(stale))
        self.model.names_note = NAMES_NOT_SCREENED if blind else ""
        if blind:
            self.names_banner.setText(
                "<b>Names were not screened:</b> no designation list was loaded, so a “permitted” row may "
                "still name a designated party or vessel. File ▸ Designation lists… (Ctrl+L) to load one."
            )
        elif stale and self.screening is not None:
            self.names_banner.setText(f"<b>Designation list out of date:</b> {stale}")
        self.names_banner.setVisible(self.screening is not None and (blind or bool(stale)))

    def edit_preferences(self) -> None:
        """File > Preferences: organisation, officer and page size for reports."""
        s = self.settings
        chosen = PreferencesDialog.ask(self, Preferences(s.organisation, s.officer, s.page_size))
        if chosen is not None:
            s.organisation, s.officer, s.page_size = chosen.organisation, chosen.officer, chosen.page_size

    def cancel_task(self) -> None:
        """Stop the running export or report; no file is written."""
        self.reports.cancel()

    # --- mapping, about -------------------------------------------------------------------------

    def edit_mapping(self) -> None:
        """File > Column mapping: correct how headers were read, then re-screen."""
        if self.screening is None:
            return
        screening = self.screening
        if self._detected is None:
            # With no correction in effect, what is on screen is what was detected.
            self._detected = (
                detected_mappings(screening.path, self.regimes)
                if screening.overrides
                else {i.name: dict(i.mapping) for o in screening.run.inputs for i in o.sheets}
            )
        sheets = mapping_view(screening.run, screening.results, self._detected)
        choice = MappingDialog.ask(self, sheets)
        if choice is None:
            return
        overrides, _problems = sheet_corrections(sheets, choice.sheets, screening.overrides)
        headers = run_headers(screening.run)
        previous = dict(screening.overrides or {})
        if overrides == previous and not choice.remember:
            return  # nothing changed: no re-screen
        self._mapping_undo = (previous, headers, self.settings.mapping_for(headers))
        self.decision_desk.setting_changed("mapping", previous, overrides)
        self.actions_["undo_mapping"].setEnabled(True)
        if choice.remember:
            self.settings.remember_mapping(headers, overrides)
        self.rescreen(overrides)
        self.statusBar().showMessage("Re-screening with the corrected mapping (Ctrl+Z undoes it)…", 10_000)

    def undo_mapping(self) -> None:
        """Edit > Undo mapping change: re-screen with the mapping before the last change, and remember as before."""
        if self._mapping_undo is None or self.screening is None:
            return
        previous, headers, remembered = self._mapping_undo
        self._mapping_undo = None
        self.decision_desk.setting_changed("mapping", dict(self.screening.overrides or {}), previous)
        self.actions_["undo_mapping"].setEnabled(False)
        if remembered is None:
            self.settings.forget_mapping(headers)
        else:
            self.settings.remember_mapping(headers, remembered)
        self.rescreen(previous)

    def show_about(self) -> None:
        """Help > About."""
        AboutDialog.show(self, self.regimes)

    # --- window events ----------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a dragged local file."""
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Open a dropped file."""
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.open_file(urls[0].toLocalFile())

    def _restore_state(self) -> None:
        geometry = self.settings.window_state("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = self.settings.window_state("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.table.restore_column_state(self.settings.table_columns())
        self.table.columns_changed.connect(self._save_columns)

    def _save_columns(self) -> None:
        self.settings.set_table_columns(self.table.column_state())

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
            self.settings.set_window_state("geometry", self.saveGeometry())
            self.settings.set_window_state("splitter", self.splitter.saveState())
            self._save_columns()  # widths and order as the officer left them
            self.settings.sync()
        self.decision_desk.close()
        super().closeEvent(event)
