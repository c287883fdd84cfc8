"""Opening a workbook: asking for it, dropping it on the window, and screening it on the GUI thread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QFileDialog, QWidget

from compliance.rules.regime import Regime
from gui.decisions.ledger import AppScreeningLog, RunSettings
from gui.lists.party_lists import PartyLists
from gui.settings import Settings
from gui.workers import Screening, run_headers, screen_file

FILE_FILTER: Final = "Spreadsheets (*.xlsx *.xlsm *.xlsb *.xls *.ods *.csv);;All files (*)"


def ask_open_path(parent: QWidget | None, directory: str) -> str | None:
    """Ask for a workbook to open; None when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, "Open workbook", directory, FILE_FILTER)
    return path or None


def dropped_file(data: QMimeData) -> str | None:
    """The local file dragged onto the window, if it is one."""
    urls = data.urls()
    return urls[0].toLocalFile() if urls and urls[0].isLocalFile() else None


def screen_in_gui_thread(
    path: str | Path,
    as_of: dt.date | None,
    regimes: tuple[Regime, ...],
    settings: Settings,
    parties: PartyLists,
    run_settings: RunSettings,
) -> Screening:
    """Screen a workbook on this thread (screenshot mode); raises ComplianceError on a bad file."""
    load = parties.resolver()(lambda: False)
    texts: list[str] = []
    log = AppScreeningLog(str(path), run_settings)
    run, results = screen_file(
        path,
        as_of=as_of,
        overrides=None,
        regimes=regimes,
        remembered=settings.mappings(),
        parties=load.screening,
        texts=texts,
        log=log,
    )
    used = settings.mapping_for(run_headers(run))
    return Screening(str(path), run, results, as_of, used, texts, party_load=load, decisions=log.decisions)
