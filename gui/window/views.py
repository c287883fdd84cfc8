"""The view on screen: the baseline's verdicts, the alternative's, or both side by side; the title,
counts and notices say which regimes those are, in their packs' words."""

from __future__ import annotations

from pathlib import Path

from gui.notices import not_law_banner, view_shows
from gui.results.filter_proxy import ResultsFilterProxy
from gui.results.model import ResultsModel
from gui.results.regime_words import RegimeWords
from gui.window.layout import Ui


def show_regime(ui: Ui, model: ResultsModel, proxy: ResultsFilterProxy, regime: str) -> None:
    """Put one view's verdicts on screen: in the model, the table's columns, the filters and the notice."""
    model.set_regime(regime)
    ui.table.show_regime(regime)
    proxy.set_filters(regime=regime)
    show_notice(ui, model.words, regime)


def show_notice(ui: Ui, words: RegimeWords, regime: str) -> None:
    """Never a verdict of a regime that is not law on screen without saying so, in place (none when both are law)."""
    text = not_law_banner(words, regime) if view_shows(regime, words) else ""
    ui.draft_banner.setText(text)
    ui.draft_banner.setVisible(bool(text))


def name_regimes(ui: Ui, model: ResultsModel, words: RegimeWords) -> None:
    """Name the regimes of the rows on screen: column headers, view tooltips, the notice."""
    model.set_words(words)
    ui.table.fit_verdict_columns()
    ui.toggle.name_regimes(words)
    show_notice(ui, words, ui.toggle.regime)


def window_title(path: str | None, regime: str, words: RegimeWords) -> str:
    """'sample-ledger.xlsx — US draft, May 2022 (vetoed; never adopted) verdicts shown — Sanctions Desk'."""
    parts = [Path(path).name] if path is not None else []
    if view_shows(regime, words):
        shown = [words.baseline] if regime == "current" else [words.alternative] if regime == "draft" else []
        if regime == "compare":
            shown = [w for w, law in ((words.baseline, words.baseline_law), (words.alternative, words.alternative_law))
                     if not law]  # fmt: skip
        parts.append(f"{' and '.join(shown)} verdicts shown")
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
        (model.changed_count(), model.changed_count("relaxed"), model.changed_count("tightened")),
        proxy.rowCount(),
        model.rowCount(),
        model.words,
    )
