"""Import notes as one short line with the detail behind it; error messages as an officer reads them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from compliance.model.errors import ComplianceError, InputFileError
from gui.errors import error_text, show_error
from gui.window.main_window import MainWindow

TIMEOUT = 30_000


@pytest.fixture
def untidy(tmp_path: Path) -> Path:
    """A workbook with an empty sheet, a column no field matches, and two columns for one field."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Shipments"
    ws.append(["Reference", "Date", "Origin", "Destination", "HS code", "Description", "Country of origin",
               "Internal memo"])  # fmt: skip
    ws.append(["S-1", "2018-03-01", "DPRK", "China", "030743", "Frozen squid", "China", "call back"])
    ws.append(["S-2", "2018-03-02", "Viet Nam", "Japan", "620520", "Cotton shirts", "Viet Nam", ""])
    wb.create_sheet("Notes")
    path = tmp_path / "untidy.xlsx"
    wb.save(path)
    return path


def test_import_notes_are_one_short_line_with_every_sheet_note_behind_it(
    qtbot: QtBot, window: MainWindow, untidy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT) as blocker:
        blocker.connect(window.screening_failed)
        window.open_file(untidy)
    run = window.screening.run if window.screening else None
    assert run is not None
    sheet_notes = [n for o in run.inputs for s in o.sheets for n in s.notes]
    assert sheet_notes, "two columns for one field: the importer notes it"
    text = window.ui.info.text()
    assert window.ui.info.isVisible()
    assert "1 sheet skipped" in text and "1 column not screened" in text
    assert f"{len(sheet_notes)} reading note" in text
    assert "details" in text
    assert len(window.ui.info.text()) < 200, "one short line"
    details = "\n".join(window.import_details)
    assert "“Internal memo”" in details and "“Notes”" in details
    for note in sheet_notes:
        assert note[1:] in details
    assert window.ui.info.toolTip() == details
    shown: list[str] = []
    monkeypatch.setattr(MainWindow, "ask_details", classmethod(lambda _cls, _parent, text: shown.append(text)))
    window.ui.info.linkActivated.emit("details")
    assert shown and "“Internal memo”" in shown[0]


def test_a_clean_workbook_has_no_import_line(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "clean.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["Reference", "Date", "Origin", "Destination", "HS code", "Description"],
                                 ["S-1", "2018-03-01", "Viet Nam", "Japan", "620520", "Cotton shirts"]])  # fmt: skip
    with qtbot.waitSignal(window.screening_done, timeout=TIMEOUT):
        window.open_file(path)
    assert not window.ui.info.isVisible()


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (
            InputFileError("cannot read: [Errno 13] Permission denied", path="/x/a.xlsx", sheet="S", row=3),
            "Cannot read: Permission denied (/x/a.xlsx, sheet 'S', row 3)",
        ),
        (ComplianceError("the folder /x does not exist"), "The folder /x does not exist"),
        (InputFileError("cannot open: [WinError 32] in use", path="C:/a.xlsx"), "Cannot open: in use (C:/a.xlsx)"),
    ],
)
def test_error_messages_start_with_a_capital_and_name_no_errno(exc: ComplianceError, expected: str) -> None:
    assert error_text(exc) == expected


def test_an_error_inside_the_dialog_it_names_points_to_the_dialogs_own_button(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    exc = ComplianceError("cannot download the UN list (offline). Load a copy with File > Designation lists instead.")
    here = "“Add file…” here"
    show_error(None, exc, {"File > Designation lists": here})
    assert shown == ["Cannot download the UN list (offline). Load a copy with “Add file…” here instead."]
    assert all("File >" not in s for s in shown)
