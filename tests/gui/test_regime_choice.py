"""The window compares any pair: the baseline and alternative choosers, one re-screening under the pair
chosen, and every count, filter, header, notice and detail in the chosen regimes' words."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from compliance.paths import rules_dir, sample_workbook
from compliance.rules.catalog import find_regimes
from compliance.rules.regime import Regime
from compliance.scenarios import user_regimes_dir
from gui.regimes.regimes_window import RegimesWindow
from gui.regimes.scenario_editor import ScenarioEditor
from gui.results.model import COLUMN_INDEX
from gui.results.regime_words import header_text
from gui.window.main_window import MainWindow
from gui.window.regime_bar import chooser_text
from tests.gui.us_draft_ledger import TIGHTENED, write_ledger

TIMEOUT = 30_000
US_DRAFT = "us-draft-2022"
SCENARIO = Path(__file__).parents[1] / "data" / "regimes" / "textiles-lifted.toml"


@pytest.fixture
def us_ledger(tmp_path: Path) -> Path:
    """Tobacco into the DPRK, DPRK watches and DPRK mineral fuels, an unchanged row and a clean one."""
    return write_ledger(tmp_path / "us-draft-ledger.xlsx")


def wait_screened(qtbot: QtBot, window: MainWindow, start: Any) -> None:
    """Run `start` and wait for the screening it begins to be on screen."""
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT) as blocker:
        blocker.connect(window.screening_failed)
        start()
    assert not isinstance(blocker.args[0], Exception), blocker.args


def choose_alternative(window: MainWindow, regime_id: str) -> None:
    """Pick a regime in the alternative chooser as the officer does (activated, not just set)."""
    combo = window.ui.chooser.alternative
    index = combo.findData(regime_id)
    assert index >= 0, f"{regime_id} is not offered"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def shown_refs(window: MainWindow) -> list[str]:
    p = window.proxy
    return [p.index(r, COLUMN_INDEX["reference"]).data() for r in range(p.rowCount())]


def pane_for(window: MainWindow, reference: str) -> str:
    assert window.select_reference(reference)
    return " ".join(window.ui.detail.toPlainText().split())


def test_the_choosers_offer_every_regime_found_with_the_quick_pair_chosen(window: MainWindow) -> None:
    chooser = window.ui.chooser
    offered = [chooser.alternative.itemData(i) for i in range(chooser.alternative.count())]
    assert {"in-force", "draft-2019", "draft-2021", US_DRAFT} <= set(offered)
    assert chooser.pair() == ("in-force", "draft-2019") == window.regime_ids
    tip = chooser.alternative.itemData(offered.index(US_DRAFT), Qt.ItemDataRole.ToolTipRole)
    assert "vetoed draft, 2022-05-26" in tip


def test_choosing_the_us_draft_rescreens_once_and_shows_its_tightened_rows(
    qtbot: QtBot, window: MainWindow, us_ledger: Path, calls: list[dict[str, Any]]
) -> None:
    wait_screened(qtbot, window, lambda: window.open_file(us_ledger))
    assert window.model.changed_count("tightened") == 0, "the 2019 draft tightens nothing"
    wait_screened(qtbot, window, lambda: choose_alternative(window, US_DRAFT))
    assert len(calls) == 2, "one pass under the new pair"
    assert [r.id for r in calls[-1]["regimes"]] == ["in-force", US_DRAFT]
    assert window.regime_ids == ("in-force", US_DRAFT)
    label = window.regimes[1].label
    assert window.model.changed_count("tightened") == 3 and window.model.changed_count("relaxed") == 0
    link = window.ui.summary.changed_button
    assert link.text().startswith(f"3 rows would change under {label} (3 tightened)")

    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert window.ui.toggle.regime == "compare"
    assert shown_refs(window) == list(TIGHTENED)
    window.ui.filters.change.setCurrentIndex(window.ui.filters.change.findData("relaxed"))
    assert shown_refs(window) == []
    assert "relaxed by US draft, May 2022 (vetoed; never adopted) only" in window.proxy.describe()
    window.ui.filters.change.setCurrentIndex(window.ui.filters.change.findData("tightened"))
    assert shown_refs(window) == list(TIGHTENED)
    for reference in TIGHTENED:
        row = window.model.row_of_reference(reference)
        assert row is not None
        result = window.model.result(row)
        assert (result.baseline.status < result.alternative.status, result.change) == (True, "tightened")

    # Headers, counts, the notice and the title speak of the regimes chosen, not of the 2019 draft.
    draft = COLUMN_INDEX["draft"]
    assert window.proxy.headerData(draft, Qt.Orientation.Horizontal) == header_text(label)
    assert f"{label}:" in window.ui.summary.counts.text()
    assert window.ui.draft_banner.isVisible()
    assert "vetoed; not law" in window.ui.draft_banner.text()
    assert "Dec 2019" not in window.ui.draft_banner.text()
    assert label in window.windowTitle()


def test_the_detail_pane_names_both_regimes_and_how_the_proposal_is_applied(
    qtbot: QtBot, window: MainWindow, us_ledger: Path
) -> None:
    wait_screened(qtbot, window, lambda: window.open_file(us_ledger))
    wait_screened(qtbot, window, lambda: choose_alternative(window, US_DRAFT))
    baseline, alternative = window.regimes
    text = pane_for(window, "US-001")
    assert f"Under {baseline.label}: ✓ PERMITTED" in text
    assert f"Under {alternative.label}: ✖ PROHIBITED" in text
    assert "Tobacco and tobacco products into the DPRK" in text
    assert f"How {alternative.label} is applied here: as if it had been adopted before this row's date" in text
    assert " ".join(alternative.notice.split()) in text
    assert f"{alternative.label} would tighten this row's verdict" in text
    assert f"permitted under {baseline.label}, prohibited under {alternative.label}" in text
    assert "December 2019" not in text


def test_the_quick_views_still_give_todays_view_on_the_sample(
    qtbot: QtBot, window: MainWindow, regimes: tuple[Regime, Regime]
) -> None:
    wait_screened(qtbot, window, lambda: window.open_file(sample_workbook()))
    views = {}
    for view in ("current", "draft", "compare"):
        window.set_regime(view)
        views[view] = (window.ui.summary.counts.text(), window.proxy.rowCount(), window.windowTitle())
    today = (window.model.counts("current"), window.model.counts("draft"), window.model.changed_count())
    assert today[2] > 0, "the 2019 draft changes rows of the sample"
    assert [r.id for r in regimes] == ["in-force", "draft-2019"] == list(window.regime_ids)
    assert not views["current"][2].count("never adopted") and "never adopted" in views["draft"][2]

    # Another pair, then back: the quick pair gives exactly what it gave before.
    wait_screened(qtbot, window, lambda: choose_alternative(window, US_DRAFT))
    assert window.model.changed_count() != today[2]
    wait_screened(qtbot, window, lambda: choose_alternative(window, "draft-2019"))
    assert (window.model.counts("current"), window.model.counts("draft"), window.model.changed_count()) == today
    for view, seen in views.items():
        window.set_regime(view)
        assert (window.ui.summary.counts.text(), window.proxy.rowCount(), window.windowTitle()) == seen, view


def test_the_pair_before_any_file_only_names_the_columns(qtbot: QtBot, window: MainWindow) -> None:
    assert window.choose_regimes("draft-2019", US_DRAFT)
    assert window.jobs_started == 0, "nothing to screen yet"
    current, draft = COLUMN_INDEX["current"], COLUMN_INDEX["draft"]
    assert window.model.header(current) == window.regimes[0].label == "China-Russia draft, Dec 2019 (never adopted)"
    assert window.model.header(draft) == "US draft, May 2022 (vetoed; never adopted)"
    window.set_regime("current")
    assert window.ui.draft_banner.isVisible(), "a baseline that is not law is said to be so too"


def test_the_regimes_menu_opens_the_regimes_window(qtbot: QtBot, window: MainWindow) -> None:
    window.actions_["regimes"].trigger()
    opened = window.findChild(RegimesWindow)
    assert isinstance(opened, RegimesWindow) and opened.isVisible()
    window.actions_["regimes"].trigger()
    assert len(window.findChildren(RegimesWindow)) == 1, "shown again, not opened twice"
    opened.close()


def test_a_saved_scenario_can_be_chosen_at_once(qtbot: QtBot, window: MainWindow) -> None:
    window.actions_["new_scenario"].trigger()
    editor = window.findChild(ScenarioEditor)
    assert isinstance(editor, ScenarioEditor)
    assert editor.base_id == "in-force"
    folder = user_regimes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SCENARIO, folder / SCENARIO.name)  # what saving writes, without typing it in
    editor.saved.emit("textiles-lifted")
    combo = window.ui.chooser.alternative
    index = combo.findData("textiles-lifted")
    assert index >= 0, "listed as soon as it is saved"
    assert "your scenario" in str(combo.itemData(index, Qt.ItemDataRole.ToolTipRole))
    assert window.choose_regimes("in-force", "textiles-lifted")
    assert window.model.header(COLUMN_INDEX["draft"]) == "Scenario: textiles lifted"
    editor.close()


def test_chooser_text_marks_only_the_users_scenarios() -> None:
    folder = user_regimes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SCENARIO, folder / SCENARIO.name)
    infos = {i.id: i for i in find_regimes(rules_dir(), folder)}
    assert "your scenario" not in chooser_text(infos[US_DRAFT])
    assert chooser_text(infos["textiles-lifted"]).endswith("user scenario, 2026-12-01 · your scenario")


def test_no_notice_when_both_regimes_are_law(qtbot: QtBot, window: MainWindow, us_ledger: Path) -> None:
    wait_screened(qtbot, window, lambda: window.open_file(us_ledger))
    wait_screened(qtbot, window, lambda: choose_alternative(window, "in-force"))
    for view in ("current", "draft", "compare"):
        window.set_regime(view)
        assert not window.ui.draft_banner.isVisible(), view
        assert window.windowTitle() == "us-draft-ledger.xlsx — Sanctions Desk", view
    assert window.model.changed_count() == 0
