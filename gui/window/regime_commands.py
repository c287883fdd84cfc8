"""The window's commands on the regimes compared: choose a pair, see two regimes' differences, build a scenario.

A mixin of MainWindow: what it uses of the window is declared below, so the type checker holds it to that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from compliance.model.errors import ComplianceError
from compliance.rules.regime import Regime
from gui.errors import show_error
from gui.regimes.regimes_window import RegimesWindow, open_regimes_window
from gui.regimes.scenario_editor import ScenarioEditor, open_scenario_editor
from gui.results.regime_words import regime_words
from gui.window import views
from gui.window.regime_choice import available_regimes, load_pair

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

    from gui.results.model import ResultsModel
    from gui.window.decisions_desk import DecisionDesk
    from gui.window.layout import Ui
    from gui.window.mapping_edits import MappingEdits
    from gui.workers import Screening, ScreeningJobs


class RegimeCommands:
    """Choosing the baseline and the alternative, the Regimes window and the scenario editor."""

    regimes: tuple[Regime, ...]
    screening: Screening | None
    ui: Ui
    jobs: ScreeningJobs
    mapping: MappingEdits
    model: ResultsModel
    decision_desk: DecisionDesk

    if TYPE_CHECKING:

        def statusBar(self) -> QStatusBar: ...
        def rescreen(self, overrides: dict[str, str] | None = None) -> None: ...
        def _update_title(self) -> None: ...

    @property
    def _window(self) -> QWidget:
        assert isinstance(self, QWidget)  # mixed into the main window
        return self

    @property
    def regime_ids(self) -> tuple[str, str]:
        """The (baseline, alternative) ids the next screening compares."""
        return self.regimes[0].id, self.regimes[1].id

    def refresh_regimes(self) -> None:
        """List every regime found in the choosers (a scenario just saved included), keeping the pair chosen."""
        infos, problem = available_regimes()
        self.ui.chooser.set_regimes(infos, *self.regime_ids)
        if problem:
            self.statusBar().showMessage(problem, 15_000)

    def choose_regimes(self, baseline: str, alternative: str) -> bool:
        """Compare another pair: the open workbook is screened again under both, in one pass."""
        if (baseline, alternative) == self.regime_ids:
            return True
        try:
            regimes = load_pair(baseline, alternative)
        except ComplianceError as exc:
            self.ui.chooser.set_regimes(available_regimes()[0], *self.regime_ids)  # back to the pair in use
            show_error(self._window, exc)
            return False
        before = " vs ".join(self.regime_ids)
        self._use_regimes(regimes)
        if self.screening is None:
            views.name_regimes(self.ui, self.model, regime_words(regimes))
            self._update_title()
            return True
        self.decision_desk.setting_changed("regimes", before, " vs ".join(self.regime_ids))
        self.rescreen()
        return True

    def _use_regimes(self, regimes: tuple[Regime, ...]) -> None:
        self.regimes = regimes
        self.jobs.regimes = regimes
        self.mapping.use_regimes(regimes)
        self.ui.chooser.set_regimes(available_regimes()[0], *self.regime_ids)

    def show_regimes(self) -> RegimesWindow:
        """View > Regimes: what two regimes differ by; a scenario saved from it joins the choosers."""
        known = self._window.findChild(RegimesWindow)
        window = open_regimes_window(self._window)
        if window is not known:  # connected once, when the window is made
            window.scenario_added.connect(self.scenario_saved)
        return window

    def new_scenario(self) -> ScenarioEditor | None:
        """View > New scenario: build one on the baseline; once saved it can be chosen at once."""
        try:
            editor = open_scenario_editor(self._window, self.regime_ids[0])
        except ComplianceError as exc:
            show_error(self._window, exc)
            return None
        editor.saved.connect(self.scenario_saved)
        return editor

    def scenario_saved(self, regime_id: str) -> None:
        """A scenario was saved: offer it in the choosers."""
        self.refresh_regimes()
        self.statusBar().showMessage(f"Scenario “{regime_id}” saved: choose it as the baseline or the alternative.",
                                     10_000)  # fmt: skip
