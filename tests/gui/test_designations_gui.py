"""File > Designation lists: add the UN list, re-screen, thresholds kept, offline download, the notice."""

from __future__ import annotations

import datetime as dt
import io
import urllib.error
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

import compliance.designations.fetch
from compliance.model.status import Status
from compliance.rules.regime import Regime
from gui.app import run_app
from gui.lists.dialog import DesignationChoice, DesignationDialog
from gui.lists.party_lists import OFF_TEXT, PartyChoice, read_list
from gui.settings import Settings
from gui.window.main_window import MainWindow
from tests.gui.conftest import SHIPMENT_HEADERS

TIMEOUT = 30_000
UN_LIST = Path(__file__).resolve().parents[1] / "data" / "designations" / "un-consolidated-list-2017-07-03-dprk.xml"
SHA_PREFIX = "e9e38c84096c"


@pytest.fixture
def parties_ledger(tmp_path: Path) -> Path:
    """Three shipments; the first one's consignee is a designated bank, the goods and places are clean."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Shipments"
    ws.append(SHIPMENT_HEADERS)
    ws.append(
        (
            "SHP-101",
            dt.datetime(2018, 3, 1),
            "China",
            "Viet Nam",
            "847130",
            "Laptop computers",
            "Shenzhen Electronics",
            "Korea Kwangson Banking Corp.",
        )
    )
    ws.append(
        (
            "SHP-102",
            dt.datetime(2018, 3, 2),
            "Viet Nam",
            "Japan",
            "620520",
            "Cotton shirts",
            "Saigon Garments",
            "Osaka Retail KK",
        )
    )
    ws.append(
        (
            "SHP-103",
            dt.datetime(2018, 3, 5),
            "DPRK",
            "China",
            "030743",
            "Frozen squid",
            "Rason Marine Products",
            "Dalian Ocean Foods",
        )
    )
    path = tmp_path / "parties.xlsx"
    wb.save(path)
    return path


def make_window(qtbot: QtBot, settings: Settings, regimes: tuple[Regime, Regime]) -> MainWindow:
    """A shown window over these settings."""
    w = MainWindow(settings, regimes)
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def window(qtbot: QtBot, settings: Settings, regimes: tuple[Regime, Regime]) -> Iterator[MainWindow]:
    """A shown window with no designation list."""
    w = make_window(qtbot, settings, regimes)
    yield w
    w.close()


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every one-line error shown."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    return shown


def open_and_wait(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    """Open a workbook and wait for its results."""
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT) as blocker:
        blocker.connect(window.screening_failed)
        window.open_file(path)


def status_of(window: MainWindow, reference: str) -> tuple[Status, Status, list[str]]:
    """A row's verdicts and the rule ids of its in-force hits."""
    row = window.model.row_of_reference(reference)
    assert row is not None
    result = window.model.result(row)
    return result.baseline.status, result.alternative.status, [h.rule_id for h in result.baseline.hits]


def answer_dialog(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, act: Any, asked: list[DesignationDialog] | None = None
) -> None:
    """Replace the dialog's exec with `act(dialog)`, then OK."""

    def ask(cls: type[DesignationDialog], parent: Any, choice: PartyChoice, known: Any = (), **kw: Any) -> Any:
        dialog = cls(parent, choice, known, **kw)
        qtbot.addWidget(dialog)
        if asked is not None:
            asked.append(dialog)
        if act(dialog) is False:
            return None
        qtbot.waitUntil(lambda: not dialog.busy, timeout=TIMEOUT)
        return dialog.result_choice()

    monkeypatch.setattr(DesignationDialog, "ask", classmethod(ask))


def test_the_notice_says_party_screening_is_off_and_opens_the_dialog(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.ui.summary.party.full_text() == OFF_TEXT
    assert window.ui.summary.party.isVisible()
    asked: list[DesignationDialog] = []
    answer_dialog(monkeypatch, qtbot, lambda _d: False, asked)
    qtbot.mouseClick(window.ui.summary.party, Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    assert asked[0].model.rowCount() == 0
    assert asked[0].empty.isVisibleTo(asked[0])
    assert window.actions_["designations"].shortcut().toString() == "Ctrl+L"


def test_adding_the_un_list_rescreens_and_flags_the_designated_bank(
    qtbot: QtBot, window: MainWindow, parties_ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_and_wait(qtbot, window, parties_ledger)
    assert status_of(window, "SHP-101")[:2] == (Status.PERMITTED, Status.PERMITTED)
    asked: list[DesignationDialog] = []
    answer_dialog(monkeypatch, qtbot, lambda d: d.add_path(UN_LIST), asked)
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.actions_["designations"].trigger()
    assert asked[0].ok_button.text() == "Re-screen"
    current, draft, rules = status_of(window, "SHP-101")
    assert (current, draft) == (Status.PROHIBITED, Status.PROHIBITED)
    assert "designated-party" in rules
    assert status_of(window, "SHP-102")[:2] == (Status.PERMITTED, Status.PERMITTED)
    notice = window.ui.summary.party.full_text()
    assert notice.startswith(
        f"Party screening: UN Security Council Consolidated List (DPRK entries) (2017-07-03, SHA-256 {SHA_PREFIX})"
    )
    assert "days old: listings made since may be missing" in notice  # a 2017 list is warned about
    assert window.settings.designation_lists == [str(UN_LIST.resolve())]
    window.select_reference("SHP-101")
    text = window.ui.detail.toPlainText()
    assert "Designated party" in text
    assert "UNSCR 1718 (2006) OP8(d)" in text
    assert "KPe.025" in text
    assert "List: UN Security Council Consolidated List (DPRK entries), 2017-07-03" in text
    assert f"SHA-256 {SHA_PREFIX}" in text
    # Re-screening at a new date reuses the lists read: nothing is read again.
    before = window.parties.current()
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.ui.as_of.set_value(dt.date(2018, 6, 1))
        window.ui.as_of._emit()
    assert window.screening is not None
    assert window.screening.run.parties is before


def test_thresholds_and_lists_are_remembered_and_loaded_at_start(
    qtbot: QtBot, settings: Settings, regimes: tuple[Regime, Regime], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_window(qtbot, settings, regimes)

    def choose(dialog: DesignationDialog) -> None:
        dialog.add_path(UN_LIST)
        dialog.match.setValue(90)
        dialog.review.setValue(70)

    answer_dialog(monkeypatch, qtbot, choose)
    with qtbot.waitSignal(first.parties.changed, timeout=TIMEOUT):
        first.edit_designations()  # no workbook open: the lists are read in the background
    qtbot.waitUntil(lambda: first.parties.current() is not None, timeout=TIMEOUT)
    assert first.ui.summary.party.full_text().startswith("Party screening: UN Security Council")
    first.close()

    again = Settings(settings.file_name)
    assert again.thresholds(96, 82) == (90.0, 70.0)
    assert again.designation_lists == [str(UN_LIST.resolve())]
    second = make_window(qtbot, again, regimes)
    assert second.parties.choice.match == 90.0
    assert second.ui.summary.party.full_text() == "Party screening: reading 1 designation list…"
    qtbot.waitUntil(lambda: second.parties.current() is not None, timeout=TIMEOUT)
    loaded = second.parties.current()
    assert loaded is not None
    assert (loaded.match_threshold, loaded.review_threshold) == (90.0, 70.0)
    assert SHA_PREFIX in second.ui.summary.party.full_text()
    asked: list[DesignationDialog] = []
    answer_dialog(monkeypatch, qtbot, lambda _d: False, asked)
    second.edit_designations()
    shown = asked[0]
    assert (shown.match.value(), shown.review.value()) == (90, 70)
    assert shown.model.index(0, 3).data() == "99"
    second.close()


def test_an_unreadable_remembered_list_is_reported_and_dropped(
    qtbot: QtBot,
    settings: Settings,
    regimes: tuple[Regime, Regime],
    tmp_path: Path,
    warnings: list[str],
) -> None:
    gone = tmp_path / "moved-away.xml"
    settings.designation_lists = [str(gone)]
    w = make_window(qtbot, settings, regimes)
    qtbot.waitUntil(lambda: bool(warnings), timeout=TIMEOUT)
    assert len(warnings) == 1
    assert "moved-away.xml" in warnings[0]
    assert "\n" not in warnings[0]
    assert w.parties.choice.paths == ()
    assert Settings(settings.file_name).designation_lists == []
    assert w.ui.summary.party.full_text() == OFF_TEXT
    w.close()


def test_offline_download_shows_the_one_line_error(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, warnings: list[str], temp_data_folder: Path
) -> None:
    def offline(*_a: Any, **_k: Any) -> Any:
        raise urllib.error.URLError("Temporary failure in name resolution")

    monkeypatch.setattr(compliance.designations.fetch.urllib.request, "urlopen", offline)
    dialog = DesignationDialog(None, PartyChoice())
    qtbot.addWidget(dialog)
    dialog.download()
    assert dialog.busy
    assert not dialog.ok_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=TIMEOUT)
    assert len(warnings) == 1
    assert "offline" in warnings[0]
    assert "\n" not in warnings[0]
    assert dialog.model.rowCount() == 0
    assert dialog.ok_button.isEnabled()
    assert list(temp_data_folder.glob("*")) == []


def test_download_puts_the_official_list_in_the_data_folder(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, temp_data_folder: Path
) -> None:
    monkeypatch.setattr(
        compliance.designations.fetch.urllib.request, "urlopen", lambda *_a, **_k: io.BytesIO(UN_LIST.read_bytes())
    )
    dialog = DesignationDialog(None, PartyChoice())
    qtbot.addWidget(dialog)
    dialog.download()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=TIMEOUT)
    chosen = dialog.result_choice()
    assert chosen.choice.paths == (str((temp_data_folder / "consolidated.xml").resolve()),)
    assert chosen.lists[0].sha256.startswith(SHA_PREFIX)


def test_thresholds_keep_review_at_or_below_match(qtbot: QtBot) -> None:
    dialog = DesignationDialog(None, PartyChoice())
    qtbot.addWidget(dialog)
    assert (dialog.match.value(), dialog.review.value()) == (96, 82)
    assert "96 and 82" in dialog.note.text()
    assert "docs/designations.md" in dialog.note.text()
    dialog.match.setValue(75)
    assert dialog.review.value() == 75
    dialog.review.setValue(88)
    assert dialog.match.value() == 88
    dialog.restore_defaults()
    assert dialog.result_choice() == DesignationChoice(PartyChoice((), 96.0, 82.0), ())


def test_lists_model_and_remove(qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    listed = read_list(UN_LIST)
    dialog = DesignationDialog(None, PartyChoice((listed.path,)), [listed])
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model, force_py=True)
    row = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert row == [
        "UN Security Council Consolidated List (DPRK entries)",
        "Consolidated list (XML)",
        "2017-07-03",
        "99",
        f"{SHA_PREFIX}…",
        str(UN_LIST.resolve()),
    ]
    assert not dialog.remove_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.remove_button.isEnabled()
    dialog.remove_button.click()
    assert dialog.model.rowCount() == 0
    assert dialog.result_choice().choice.paths == ()


def test_screenshot_accepts_designations(parties_ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    code = run_app(
        [
            str(parties_ledger),
            "--screenshot",
            str(out),
            "--select",
            "SHP-101",
            "--designations",
            str(UN_LIST),
            "--designations",
            str(UN_LIST),
        ]
    )
    assert code == 0
    assert out.exists()
    missing = run_app([str(parties_ledger), "--screenshot", str(out), "--designations", str(tmp_path / "no.xml")])
    assert missing == 2
