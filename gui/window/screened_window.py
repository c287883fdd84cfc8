"""What the window's helpers (reports, decisions) may read of the main window: the screening on screen,
its rows, the settings and the lists, and the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

    from gui.lists.party_lists import PartyLists
    from gui.results.filter_proxy import ResultsFilterProxy
    from gui.results.model import ResultsModel
    from gui.settings import Settings
    from gui.workers import Screening


class ScreenedWindow(Protocol):
    """The main window as its helpers see it."""

    @property
    def screening(self) -> Screening | None: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def parties(self) -> PartyLists: ...
    @property
    def model(self) -> ResultsModel: ...
    @property
    def proxy(self) -> ResultsFilterProxy: ...
    def statusBar(self) -> QStatusBar: ...
