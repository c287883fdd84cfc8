"""File ▸ Column mapping and Edit ▸ Undo mapping change: correct how headers were read, then re-screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from compliance.rules.regime import Regime
from gui.mapping.dialog import MappingDialog
from gui.mapping.model import detected_mappings, mapping_view, sheet_corrections
from gui.settings import Settings
from gui.workers import Screening, run_headers

Overrides = dict[str, str]


class MappingEdits(QObject):
    """The officer's corrections to the column mapping of the open workbook; the last one can be undone."""

    undoable = Signal(bool)
    """Whether Edit ▸ Undo mapping change has a change to undo."""

    def __init__(
        self,
        parent: QWidget,
        regimes: tuple[Regime, ...],
        settings: Settings,
        *,
        rescreen: Callable[[Overrides], None],
        log: Callable[[str, Any, Any], None],
    ) -> None:
        super().__init__(parent)
        self._parent, self._regimes, self._settings = parent, regimes, settings
        self._rescreen, self._log = rescreen, log
        self._detected: dict[str, dict[str, str]] | None = None
        """Per sheet, the mapping detected for the open workbook before any correction."""
        self._undo: tuple[Overrides, tuple[str, ...], Overrides | None] | None = None
        """The corrections, header set and remembered mapping before the last mapping change."""

    def use_regimes(self, regimes: tuple[Regime, ...]) -> None:
        """Detect mappings under these regimes from now on (the officer chose another pair)."""
        self._regimes = regimes

    def forget(self) -> None:
        """Another workbook is opened: nothing detected yet, nothing to undo."""
        self._detected = None
        self._undo = None
        self.undoable.emit(False)

    def edit(self, screening: Screening) -> bool:
        """Ask for corrections to the screening's mapping and re-screen with them; False when nothing changed."""
        if self._detected is None:
            # With no correction in effect, what is on screen is what was detected.
            self._detected = (
                detected_mappings(screening.path, self._regimes)
                if screening.overrides
                else {i.name: dict(i.mapping) for o in screening.run.inputs for i in o.sheets}
            )
        sheets = mapping_view(screening.run, screening.results, self._detected)
        choice = MappingDialog.ask(self._parent, sheets)
        if choice is None:
            return False
        overrides, _problems = sheet_corrections(sheets, choice.sheets, screening.overrides)
        headers = run_headers(screening.run)
        previous = dict(screening.overrides or {})
        if overrides == previous and not choice.remember:
            return False  # nothing changed: no re-screen
        self._undo = (previous, headers, self._settings.mapping_for(headers))
        self._log("mapping", previous, overrides)
        self.undoable.emit(True)
        if choice.remember:
            self._settings.remember_mapping(headers, overrides)
        self._rescreen(overrides)
        return True

    def undo(self, screening: Screening) -> None:
        """Re-screen with the mapping before the last change, and remember as before."""
        if self._undo is None:
            return
        previous, headers, remembered = self._undo
        self._undo = None
        self._log("mapping", dict(screening.overrides or {}), previous)
        self.undoable.emit(False)
        if remembered is None:
            self._settings.forget_mapping(headers)
        else:
            self._settings.remember_mapping(headers, remembered)
        self._rescreen(previous)
