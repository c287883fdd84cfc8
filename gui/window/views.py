"""The view on screen: verdicts in force, under the draft, or both side by side; the title and counts say which."""

from __future__ import annotations

from pathlib import Path

from gui.notices import DRAFT_TITLE, regime_shows_draft
from gui.results.filter_proxy import ResultsFilterProxy
from gui.results.model import ResultsModel
from gui.window.layout import Ui


def show_regime(ui: Ui, model: ResultsModel, proxy: ResultsFilterProxy, regime: str) -> None:
    """Put one view's verdicts on screen: in the model, the table's columns, the filters and the draft banner."""
    model.set_regime(regime)
    ui.table.show_regime(regime)
    proxy.set_filters(regime=regime)
    # Never a draft verdict on screen without saying, in place, that the draft is not law.
    ui.draft_banner.setVisible(regime_shows_draft(regime))


def window_title(path: str | None, regime: str) -> str:
    """'sample-ledger.xlsx — Draft (never adopted) verdicts shown — Sanctions Desk'."""
    parts = [Path(path).name] if path is not None else []
    if regime_shows_draft(regime):
        parts.append(f"{DRAFT_TITLE} verdicts shown")
    return " — ".join([*parts, "Sanctions Desk"])


def show_counts(ui: Ui, model: ResultsModel, proxy: ResultsFilterProxy, *, screened: bool) -> None:
    """The summary bar's counts for the view on screen, and how many rows the filters show."""
    if not screened:
        ui.summary.clear()
        return
    ui.summary.update_counts(
        ui.toggle.regime,
        model.counts("current"),
        model.counts("draft"),
        model.changed_count(),
        proxy.rowCount(),
        model.rowCount(),
    )
