"""The Regimes window: any two regimes found compared measure by measure before any file is loaded,
the notice of every proposal on screen, and a new scenario listed as soon as it is saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from compliance.paths import rules_dir
from compliance.rules.catalog import find_regimes
from compliance.scenarios import user_regimes_dir
from gui.regimes.regimes_window import RegimesWindow, choice_text, open_regimes_window
from gui.regimes.scenario_editor import LIFT, ScenarioEditor

SCENARIOS = Path(__file__).parent.parent / "data" / "regimes"


@pytest.fixture
def window(qtbot: Any) -> RegimesWindow:
    shown = RegimesWindow()
    qtbot.addWidget(shown)
    return shown


def _choose(window: RegimesWindow, baseline: str, alternative: str) -> None:
    window.baseline.setCurrentIndex(window.baseline.findData(baseline))
    window.alternative.setCurrentIndex(window.alternative.findData(alternative))


def _rows(window: RegimesWindow) -> list[tuple[str, str, str]]:
    tree = window.changes
    out = []
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        change = item.data(0, Qt.ItemDataRole.UserRole)
        out.append((item.text(0), change.rule, item.text(2)))
    return out


def test_the_choosers_list_every_regime_with_label_status_and_date(window: RegimesWindow) -> None:
    infos = find_regimes(rules_dir())
    for combo in (window.baseline, window.alternative):
        assert [combo.itemData(i) for i in range(combo.count())] == [i.id for i in infos]
        assert [combo.itemText(i) for i in range(combo.count())] == [choice_text(i) for i in infos]
    assert window.baseline.itemText(3) == "US draft, May 2022 (vetoed; never adopted) — vetoed draft, 2022-05-26"
    assert (window.baseline.currentData(), window.alternative.currentData()) == ("in-force", "draft-2019")


def test_in_force_against_the_us_draft_shows_its_three_added_bans(window: RegimesWindow) -> None:
    _choose(window, "in-force", "us-draft-2022")
    rows = _rows(window)
    added = [(rule, citation) for kind, rule, citation in rows if kind == "Added"]
    assert added == [
        ("mineral-fuels-export", "US draft (2022), reported item"),
        ("watches-export", "US draft (2022), reported item"),
        ("tobacco-import", "US draft (2022), reported item"),
    ]
    modified = [rule for kind, rule, _ in rows if kind == "Modified"]
    assert sorted(modified) == ["crude-oil-cap-2397", "refined-petroleum-cap-2397"]
    crude = next(window.changes.topLevelItem(i) for i in range(len(rows)) if rows[i][1] == "crude-oil-cap-2397")
    fields = {crude.child(j).text(1): crude.child(j).text(3) for j in range(crude.childCount())}
    assert fields["cap.limits"] == "4,000,000 bbl or 525,000 t  →  3,000,000 bbl or 393,750 t"
    assert "5 differences: 2 modified, 3 added." in window.summary.text()
    assert "vetoed and never adopted" in window.notices.text() and window.notices.isVisibleTo(window)


def test_every_proposal_chosen_shows_its_notice(window: RegimesWindow) -> None:
    _choose(window, "draft-2021", "draft-2019")
    text = window.notices.text()
    assert "October 2021 revised China-Russia draft was never adopted" in text
    assert "The December 2019 China-Russia draft was never adopted" in text
    lifted = [rule for kind, rule, _ in _rows(window) if kind == "Restored"]
    assert "refined-petroleum-cap-2397" in lifted  # the 2021 draft lifts it, the 2019 draft does not
    _choose(window, "in-force", "in-force")
    assert not window.notices.isVisibleTo(window)
    assert window.summary.text().endswith("No difference, measure by measure.")


def test_the_users_scenarios_are_listed_and_compared(qtbot: Any) -> None:
    shown = RegimesWindow(user=SCENARIOS)
    qtbot.addWidget(shown)
    assert shown.alternative.findData("textiles-lifted") >= 0
    _choose(shown, "in-force", "textiles-lifted")
    assert _rows(shown) == [("Lifted", "textiles-export", "UNSCR 2375 (2017) OP16, unverified")]
    text = shown.alternative.currentText()
    assert text.endswith("your scenario") and "user scenario" in text
    assert "analyst's scenario, not law" in shown.notices.text()


def test_a_broken_scenario_is_named_and_the_shipped_regimes_still_compared(qtbot: Any, tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text('[pack]\nid = "x"\n', encoding="utf-8")
    shown = RegimesWindow(user=tmp_path)
    qtbot.addWidget(shown)
    assert shown.problem.isVisibleTo(shown) and "broken.toml" in shown.problem.text()
    assert shown.alternative.count() == 4 and shown.changes.topLevelItemCount() > 0


def test_a_new_scenario_from_the_baseline_is_listed_once_saved(
    window: RegimesWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.new_from_baseline.text() == "New scenario from Measures in force…"
    editor = window.new_scenario(window.baseline)
    assert isinstance(editor, ScenarioEditor) and editor.base_id == "in-force"
    editor.name.setText("Seafood lifted")
    editor.item_for("seafood-export").setCheckState(LIFT, Qt.CheckState.Checked)
    assert editor.save() == user_regimes_dir() / "seafood-lifted.toml"
    assert window.alternative.currentData() == "seafood-lifted"
    assert [(kind, rule) for kind, rule, _ in _rows(window)] == [("Lifted", "seafood-export")]
    editor.close()


def test_a_base_that_will_not_load_is_refused_in_a_message_box(
    window: RegimesWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    window.baseline.setItemData(0, "no-such-regime")
    assert window.new_scenario(window.baseline) is None
    assert len(shown) == 1 and shown[0].startswith("No regime 'no-such-regime' (known: ")


def test_open_regimes_window_shows_one_window_per_parent(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    first = open_regimes_window(parent)
    assert first.isVisible() and open_regimes_window(parent) is first
