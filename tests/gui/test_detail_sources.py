"""The detail pane explains what it cites ('unverified', the pack's source note, the HS basis) and how the
draft is applied to a row dated before it; 'Judge at: a chosen date' asks for the date before re-screening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from compliance.rules.regime import Regime
from gui.results.detail import UNVERIFIED_NOTE, detail_html, timing_html
from gui.results.model import COLUMN_INDEX
from gui.settings import Settings
from gui.window.as_of import AsOfControl
from gui.window.main_window import MainWindow

TIMEOUT = 30_000


@pytest.fixture
def window(qtbot: QtBot, settings: Settings, regimes: tuple[Regime, Regime], ledger: Path) -> Iterator[MainWindow]:
    w = MainWindow(settings, regimes)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.screening_done, timeout=TIMEOUT) as blocker:
        blocker.connect(w.screening_failed)
        w.open_file(ledger)
    yield w
    w.close()


def pane_for(window: MainWindow, reference: str) -> str:
    assert window.select_reference(reference)
    return " ".join(window.ui.detail.toPlainText().split())


def test_unverified_is_explained_in_the_pane_and_the_tooltip(window: MainWindow) -> None:
    text = pane_for(window, "SHP-004")  # textiles: 2375 OP16, paragraph not yet confirmed
    assert "unverified" in text
    said = (
        "Unverified: the measure is certain; this paragraph number is not yet confirmed against the resolution's text"
    )
    assert said in text
    row = window.model.row_of_reference("SHP-004")
    tip = window.model.index(row, COLUMN_INDEX["current"]).data(Qt.ItemDataRole.ToolTipRole)
    assert UNVERIFIED_NOTE in tip
    verified = pane_for(window, "SHP-003")  # coal: a confirmed paragraph
    assert "not yet confirmed" not in verified


def test_the_pane_shows_each_measures_source_note_and_hs_basis(window: MainWindow) -> None:
    text = pane_for(window, "SHP-001")  # seafood: the pack notes that its HS codes are a mapping
    result = window.model.result(window.model.row_of_reference("SHP-001") or 0)
    rule = next(h.rule for h in result.baseline.hits if h.rule is not None and h.rule.id == "seafood-export")
    assert rule is not None and rule.note
    assert f"Source note: {' '.join(rule.note.split())}" in text
    assert "HS codes chosen to implement the measure" in text


def test_the_pane_explains_how_the_draft_judges_a_row_dated_before_it(
    window: MainWindow, regimes: tuple[Regime, Regime]
) -> None:
    text = pane_for(window, "SHP-001")  # dated 1 March 2018
    draft = regimes[1]
    assert f"How {draft.label} is applied here" in text
    assert "1 March 2018, before the proposal of 16 December 2019" in text
    assert "as if it had been adopted before this row's date" in text
    result = window.model.result(window.model.row_of_reference("SHP-001") or 0)
    later = timing_html(result, draft, dt.date(2020, 1, 1))
    assert "before the proposal" not in later and "as if it had been adopted before the chosen date" in later
    assert "the chosen date" in timing_html(result, draft, dt.date(2018, 1, 1))
    assert timing_html(result, regimes[0], dt.date(2018, 1, 1)) == "", "the law in force needs no as-if"
    assert f"How {draft.label} is applied" in detail_html(result, regimes, as_of=dt.date(2018, 1, 1))


def test_a_chosen_date_is_asked_for_before_the_rescreen(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[dt.date] = []

    def ask(_cls: Any, _parent: Any, initial: dt.date) -> dt.date:
        asked.append(initial)
        return dt.date(2017, 1, 1)

    monkeypatch.setattr(AsOfControl, "ask_date", classmethod(ask))
    started = window.jobs_started
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.ui.as_of.mode.setCurrentIndex(1)
    assert len(asked) == 1
    assert window.jobs_started == started + 1, "one re-screen, at the date given"
    assert window.screening is not None and window.screening.as_of == dt.date(2017, 1, 1)
    assert window.ui.as_of.value() == dt.date(2017, 1, 1)


def test_cancelling_the_date_keeps_each_rows_own_date(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(AsOfControl, "ask_date", classmethod(lambda _cls, _parent, _initial: None))
    started = window.jobs_started
    window.ui.as_of.mode.setCurrentIndex(1)
    qtbot.wait(700)  # longer than the date's debounce: nothing may be pending
    assert window.jobs_started == started
    assert window.ui.as_of.mode.currentIndex() == 0
    assert window.ui.as_of.value() is None
    assert not window.ui.as_of.date.isEnabled()
