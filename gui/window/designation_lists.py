"""File ▸ Designation lists, and what the window says of the lists the rows were screened against."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from PySide6.QtWidgets import QWidget

from gui.lists.dialog import DesignationDialog
from gui.lists.party_lists import PartyLists
from gui.notices import NAMES_NOT_SCREENED, party_notice
from gui.results.model import ResultsModel
from gui.window.layout import Ui
from gui.workers import Screening


def choose_lists(parent: QWidget, parties: PartyLists, *, screened: bool, log: Callable[[str, Any, Any], None]) -> bool:
    """Ask for the lists and thresholds and keep the choice (logged); False when the officer cancelled."""
    chosen = DesignationDialog.ask(parent, parties.choice, parties.known, rescreen=screened,
                                   runner=parties.dialog_runner)  # fmt: skip
    if chosen is None:
        return False
    log("designation lists", asdict(parties.choice), asdict(chosen.choice))
    parties.set_choice(chosen.choice, chosen.lists)
    return True


def show_party_notice(ui: Ui, model: ResultsModel, screening: Screening | None, parties: PartyLists) -> None:
    """What the results on screen were screened against; before any, what the next screening uses."""
    if screening is not None:
        loaded, pending = screening.run.parties, 0
    else:
        loaded = parties.current()
        pending = len(parties.choice.paths) if loaded is None else 0
    notice = party_notice(loaded, pending, screened=screening is not None)
    ui.summary.set_party(notice.text, notice.tip, warning=notice.warning)
    model.names_note = NAMES_NOT_SCREENED if notice.names_not_screened else ""
    ui.names_banner.setText(notice.banner)
    ui.names_banner.setVisible(bool(notice.banner))
