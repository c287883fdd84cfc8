"""The detail pane: every measure that bears on one ledger row, and never a row the table no longer shows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTextBrowser

from compliance.model.results import RowResult
from compliance.rules.regime import Regime
from gui.mapping.model import sheet_headers
from gui.results.detail import detail_html, empty_html, hidden_html
from gui.results.filter_proxy import ResultsFilterProxy
from gui.results.model import ResultsModel
from gui.workers import Screening


class DetailPane:
    """Describes a ledger row of the screening on screen in the window's detail browser."""

    def __init__(
        self,
        browser: QTextBrowser,
        model: ResultsModel,
        proxy: ResultsFilterProxy,
        regimes: tuple[Regime, ...],
        decisions: Callable[[int, RowResult], str],
    ) -> None:
        self.browser, self._model, self._proxy, self._regimes = browser, model, proxy, regimes
        self._decisions = decisions
        """The pane's Decisions section for a ledger row."""
        self.row: int | None = None
        """The ledger row the pane describes, while it does."""

    def show(self, row: int | None, screening: Screening | None) -> None:
        """Describe a ledger row of `screening` (None: no row)."""
        self.row = row
        if row is None or screening is None:
            self.browser.setHtml(empty_html())
            return
        result = self._model.result(row)
        headers = sheet_headers(screening.run, result.source.sheet)
        self.browser.setHtml(
            detail_html(
                result, screening.run.regimes or self._regimes, headers, screening.run.parties, screening.as_of,
                decisions=self._decisions(row, result),
            )
        )  # fmt: skip

    def drop_hidden(self) -> None:
        """Empty the pane when the table no longer shows its row (filtered out, or replaced)."""
        if self.row is None or self._proxy.busy:
            return
        if self.row < self._model.rowCount():
            shown = self._proxy.mapFromSource(self._model.index(self.row, 0))
            if shown.isValid():
                return
        self.row = None
        self.browser.setHtml(hidden_html())
