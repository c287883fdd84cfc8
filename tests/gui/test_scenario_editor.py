"""The scenario editor: every measure of the base regime, grouped, with its citation; what the analyst
ticks and types is saved as a scenario the catalog reads back; bad input is refused in a message box
naming the measure or the file's line, and nothing is kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QStyleOptionViewItem, QWidget

from compliance.paths import rules_dir
from compliance.rules.catalog import load_regime
from compliance.rules.diff import diff_regimes
from compliance.rules.measure_groups import GROUPS, group_of
from compliance.scenarios import user_regimes_dir
from gui.regimes.scenario_editor import CAP, CITATION, END, LIFT, REASON, START, TITLE, ScenarioEditor


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    return shown


@pytest.fixture
def editor(qtbot: Any) -> ScenarioEditor:
    dialog = ScenarioEditor("in-force")
    qtbot.addWidget(dialog)
    return dialog


def _user_files() -> list[str]:
    folder = user_regimes_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_every_measure_in_force_is_listed_grouped_with_its_citation(editor: ScenarioEditor) -> None:
    in_force = load_regime("in-force", rules_dir())
    rules = {in_force.book.rules[i].id: in_force.book.rules[i] for i in in_force.active}
    tree = editor.measures
    heads = [tree.topLevelItem(g).text(TITLE) for g in range(tree.topLevelItemCount())]
    assert [h.rsplit(" (", 1)[0] for h in heads] == [g for g in GROUPS if any(group_of(r) == g for r in rules.values())]
    listed = {}
    for g in range(tree.topLevelItemCount()):
        head = tree.topLevelItem(g)
        for i in range(head.childCount()):
            item = head.child(i)
            entry = item.data(TITLE, Qt.ItemDataRole.UserRole + 1)
            listed[entry.id] = (head.text(TITLE).rsplit(" (", 1)[0], item.text(TITLE), item.text(CITATION))
    assert set(listed) == set(rules) and len(listed) == 51
    for rule_id, (group, title, citation) in listed.items():
        rule = rules[rule_id]
        assert (group, title, citation) == (group_of(rule), rule.title, rule.citation.text())
    assert editor.item_for("crude-oil-cap-2397").text(CAP) == "4,000,000 bbl or 525,000 t"
    assert editor.item_for("luxury-rugs").text(END) == ""


def test_a_cap_is_typed_only_where_the_measure_has_one(editor: ScenarioEditor) -> None:
    delegate = editor.measures.itemDelegate()
    model = editor.measures.model()
    parent = QWidget()

    def editable(rule_id: str, column: int) -> bool:
        item = editor.item_for(rule_id)
        index = editor.measures.indexFromItem(item, column)
        assert index.model() is model
        return delegate.createEditor(parent, QStyleOptionViewItem(), index) is not None

    assert editable("crude-oil-cap-2397", CAP) and editable("textiles-export", REASON)
    assert not editable("textiles-export", CAP) and not editable("textiles-export", CITATION)
    assert editable("textiles-export", START) and editable("textiles-export", END)


def test_lifting_textiles_saves_a_scenario_the_catalog_reads_back(qtbot: Any, editor: ScenarioEditor) -> None:
    editor.name.setText("Textiles lifted")
    item = editor.item_for("textiles-export")
    item.setCheckState(LIFT, Qt.CheckState.Checked)
    item.setText(REASON, "What if only textiles went?")
    with qtbot.waitSignal(editor.saved) as saved:
        path = editor.save()
    assert saved.args == ["textiles-lifted"] and path == user_regimes_dir() / "textiles-lifted.toml"
    regime = load_regime("textiles-lifted", rules_dir(), user_regimes_dir())
    assert regime.lifted == {"textiles-export": "What if only textiles went?"}
    assert "Saved as regime 'textiles-lifted'" in editor.status.text()


def test_a_cap_a_date_a_ban_and_an_exemption_are_saved(editor: ScenarioEditor) -> None:
    editor.name.setText("Everything")
    editor.item_for("crude-oil-cap-2397").setText(CAP, "2,000,000 bbl or 262,500 t")
    editor.item_for("seafood-export").setText(START, "2018-01-01")
    editor.ban_title.setText("Tobacco")
    editor.ban_direction.setCurrentIndex(editor.ban_direction.findData("to_dprk"))
    editor.ban_hs.setText("2402, 2403")
    editor.add_ban()
    assert editor.ban_title.text() == "" and editor.added.count() == 1
    editor.item_for("machinery-import").setSelected(True)
    editor.exemption_title.setText("Rail parts")
    editor.exemption_terms.setText("railway, sleepers")
    editor.add_exemption()
    assert editor.added.count() == 2
    assert editor.save() is not None
    regime = load_regime("everything", rules_dir(), user_regimes_dir())
    changes = {(c.kind, c.rule) for c in diff_regimes(load_regime("in-force", rules_dir()), regime).changes}
    assert changes == {
        ("modified", "crude-oil-cap-2397"),
        ("modified", "seafood-export"),
        ("added", "everything-ban-1"),
        ("exemption added", "machinery-import"),
    }


def test_a_removed_ban_is_not_saved(editor: ScenarioEditor) -> None:
    editor.name.setText("Removed")
    editor.ban_title.setText("Tea")
    editor.ban_terms.setText("tea")
    editor.add_ban()
    editor.added.item(0).setSelected(True)
    editor.remove_added()
    editor.item_for("textiles-export").setCheckState(LIFT, Qt.CheckState.Checked)
    assert editor.save() is not None
    assert editor.collect().bans == []


@pytest.mark.parametrize(
    ("rule_id", "column", "typed", "expected"),
    [
        (
            "crude-oil-cap-2397",
            CAP,
            "lots",
            "Crude oil into the DPRK under the 4-million-barrel cap (crude-oil-cap-2397)",
        ),
        ("seafood-export", START, "05/08/2017", "'05/08/2017' is not a date (YYYY-MM-DD)"),
        ("textiles-export", END, "2010-01-01", "would end on 2010-01-01, before it starts (2017-09-11)"),
    ],
)
def test_bad_input_is_refused_in_a_message_box_naming_the_measure(
    editor: ScenarioEditor, warnings: list[str], rule_id: str, column: int, typed: str, expected: str
) -> None:
    editor.name.setText("Bad")
    editor.item_for(rule_id).setText(column, typed)
    assert editor.save() is None
    assert len(warnings) == 1 and expected in warnings[0], warnings
    assert _user_files() == []


def test_an_empty_ban_is_refused(editor: ScenarioEditor, warnings: list[str]) -> None:
    editor.ban_title.setText("Tea")
    editor.add_ban()
    assert warnings == ["A ban needs a title, and HS codes or description terms."] and editor.bans == []


def test_a_proposals_lifts_are_shown_and_cannot_be_unticked(qtbot: Any) -> None:
    dialog = ScenarioEditor("draft-2019")
    qtbot.addWidget(dialog)
    seafood = dialog.item_for("seafood-export")
    assert seafood.checkState(LIFT) == Qt.CheckState.Checked
    assert not seafood.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert seafood.text(REASON).startswith("Lifted by the base regime: ")
    assert "never adopted" in dialog.base_notice.text()


def test_export_then_import_on_another_desk(
    editor: ScenarioEditor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    editor.name.setText("Shared")
    editor.item_for("textiles-export").setCheckState(LIFT, Qt.CheckState.Checked)
    destination = tmp_path / "to-share.toml"
    monkeypatch.setattr(editor, "ask_path", lambda save: str(destination))
    editor.export_file()
    assert destination.read_bytes() == (user_regimes_dir() / "shared.toml").read_bytes()
    other = ScenarioEditor("in-force", user=tmp_path / "other-desk")
    qtbot.addWidget(other)
    monkeypatch.setattr(other, "ask_path", lambda save: str(destination))
    with qtbot.waitSignal(other.saved) as saved:
        other.import_file()
    assert saved.args == ["shared"] and (tmp_path / "other-desk" / "shared.toml").is_file()


def test_an_invalid_import_is_refused_naming_the_line(
    editor: ScenarioEditor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    source = tmp_path / "broken.toml"
    source.write_text(
        '[pack]\nid = "x"\ntitle = "x"\nversion = "1"\nbased_on = "in-force"\ndescription = "x"\n\n'
        '[regime]\nid = "x"\nlabel = "x"\nstatus = "user scenario"\ndate = 2026-12-05\nnotice = "n"\n\n'
        '[[lift]]\nrule = "textiles-export"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(editor, "ask_path", lambda save: str(source))
    editor.import_file()
    assert len(warnings) == 1
    assert (
        "Line 15, lift 'textiles-export', field 'reason': Field required" in warnings[0] and str(source) in warnings[0]
    )
    assert _user_files() == []
