"""Filtering the results table: status (under the chosen regime), measure, draft change, text.

Qt asks `filterAcceptsRow` once per row; at 100,000 rows that must be a list lookup, so each
filter change computes a per-row list in one Python pass and the override only reads it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt

from compliance.status import Status
from gui.results_model import REGIMES, AnyIndex, ResultsModel, verdict_of


class ResultsFilterProxy(QSortFilterProxyModel):
    """Filters rows by status (under the chosen regime), measure, draft change and free text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.regime = "current"
        self.status: Status | None = None
        self.measure: str | None = None
        self.changed_only = False
        self.text = ""
        self._model: ResultsModel | None = None
        self._accept: list[bool] | None = None
        """Per source row, whether it passes; None when no filter is set (every row passes)."""
        self._accept_version = -1

    def setSourceModel(self, model: Any) -> None:
        """Filter a ResultsModel."""
        if not isinstance(model, ResultsModel):
            raise TypeError("ResultsFilterProxy filters a ResultsModel")
        self._model = model
        super().setSourceModel(model)

    def set_filters(self, **changes: Any) -> None:
        """Change any of regime, status, measure, changed_only, text, and re-filter once."""
        for name, value in changes.items():
            if name not in ("regime", "status", "measure", "changed_only", "text"):
                raise TypeError(f"unknown filter '{name}'")
            if name == "regime" and value not in REGIMES:
                raise ValueError(f"unknown regime '{value}'")
        new = {k: (v.strip().casefold() if k == "text" else v) for k, v in changes.items()}
        old = {k: getattr(self, k) for k in new}
        if new == old:
            return
        regime_only = {k for k in new if new[k] != old[k]} == {"regime"}
        if regime_only and self.status is None and self.measure is None:
            # The regime only matters to the status and measure filters: nothing to redo.
            self.regime = new["regime"]
            return
        self.beginFilterChange()
        for name, value in new.items():
            setattr(self, name, value)
        self._accept = None
        if self.active:
            self._accept = self._compute()
            self._accept_version = self._source().version
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def active(self) -> bool:
        """True when any filter narrows the rows."""
        return bool(self.status or self.measure or self.changed_only or self.text)

    def _source(self) -> ResultsModel:
        if self._model is None:
            raise RuntimeError("no source model")
        return self._model

    def _compute(self) -> list[bool]:
        model = self._source()
        rows = model.results
        regimes = ("current", "draft") if self.regime == "compare" else (self.regime,)
        accept = [True] * len(rows)
        for i, r in enumerate(rows):
            verdicts = [verdict_of(r, g) for g in regimes]
            wrong_status = self.status is not None and all(
                v.status != self.status for v in verdicts
            )
            unchanged = self.changed_only and r.current.status == r.draft.status
            other_measure = self.measure is not None and all(
                h.measure != self.measure for v in verdicts for h in v.hits
            )
            if wrong_status or unchanged or other_measure:
                accept[i] = False
        if self.text:
            needle = self.text
            for i, text in enumerate(model.search_texts()):
                if accept[i] and needle not in text:
                    accept[i] = False
        return accept

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        """Whether a source row passes (a list lookup: Qt calls this once per row)."""
        accept = self._accept
        if accept is None:
            return True
        model = self._model
        if model is not None and self._accept_version != model.version:
            # The model was re-sorted or reloaded: row numbers now mean other rows.
            accept = self._accept = self._compute()
            self._accept_version = model.version
        return 0 <= source_row < len(accept) and accept[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Let the source model sort: far faster at 100,000 rows than pairwise lessThan."""
        self._source().sort(column, order)
