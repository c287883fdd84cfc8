"""The table as an officer reads it: ISO dates, whole country names, reason/party/vessel/score columns,
a column chooser that is remembered, changed rows tinted in every view, most severe first, search over every field."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from compliance.designations.lists import load_list
from compliance.designations.parties import party_screening_from_lists
from compliance.model.results import Evidence, Hit
from compliance.model.status import Status
from compliance.rules.regime import Regime
from gui.results.cell_display import country_display, date_display, hit_score
from gui.results.model import COLUMN_INDEX
from gui.settings import Settings
from gui.window.main_window import MainWindow
from gui.workers import Screening, screen_file

TIMEOUT = 30_000
UN_LIST = Path(__file__).parents[1] / "data" / "designations" / "un-consolidated-list-2017-07-03-dprk.xml"
HEADERS = ("Reference", "Shipment date", "Shipper", "Consignee", "Country of origin", "Destination",
           "HS code", "Description", "Vessel", "IMO", "Port of loading", "Bank")  # fmt: skip
ROWS = (
    ("S-1", "20/06/2018", "Ryonha Trading", "Dandong Sea Co", "Democratic People's Republic of Korea", "China",
     "030743", "Frozen squid", "KUM UN SAN 3", "8705668", "Nampo", "First Bank"),
    ("S-2", "2018-06-21", "Saigon Garments", "Osaka Retail", "Viet Nam", "Japan",
     "620520", "Cotton shirts", "PACIFIC STAR", "", "Haiphong", "Vietcombank"),
    ("S-3", "22.06.2018", "Ryonha Trading", "Korea Mining Development Trading Corporation", "DPRK", "Russia",
     "847130", "Laptops", "", "", "Rajin", ""),
    ("S-4", "2018-06-23", "Saigon Garments", "Osaka Retail", "Viet Nam", "Japan",
     "620520", "Cotton shirts", "", "", "Haiphong", ""),
)  # fmt: skip


@pytest.fixture
def shipments(tmp_path: Path) -> Path:
    path = tmp_path / "shipments.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADERS)
        out.writerows(ROWS)
    return path


@pytest.fixture
def window(qtbot: QtBot, settings: Settings, regimes: tuple[Regime, Regime], shipments: Path) -> Iterator[MainWindow]:
    w = MainWindow(settings, regimes)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.screening_done, timeout=TIMEOUT) as blocker:
        blocker.connect(w.screening_failed)
        w.open_file(shipments)
    yield w
    w.close()


def cell(window: MainWindow, reference: str, key: str, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    row = window.model.row_of_reference(reference)
    assert row is not None
    return window.model.index(row, COLUMN_INDEX[key]).data(role)


def shown_refs(window: MainWindow) -> list[str]:
    column = COLUMN_INDEX["reference"]
    return [window.proxy.index(r, column).data() for r in range(window.proxy.rowCount())]


# --- 6. one date format, whole country names ---------------------------------------------------------


def test_dates_read_in_iso_form_whatever_the_ledger_wrote(window: MainWindow) -> None:
    assert [cell(window, f"S-{n}", "date") for n in (1, 2, 3)] == ["2018-06-20", "2018-06-21", "2018-06-22"]
    tip = str(cell(window, "S-1", "date", Qt.ItemDataRole.ToolTipRole))
    assert tip.startswith("2018-06-20\nAs written: 20/06/2018")
    assert date_display("not a date") == "not a date", "a cell that is no date stays as written"


def test_long_country_names_show_their_short_name_with_the_cell_in_the_tooltip(window: MainWindow) -> None:
    assert cell(window, "S-1", "origin") == "North Korea (DPRK)"
    tip = str(cell(window, "S-1", "origin", Qt.ItemDataRole.ToolTipRole))
    assert "Democratic People's Republic of Korea" in tip
    assert cell(window, "S-2", "origin") == "Viet Nam"
    assert country_display("Dandong, China") == "Dandong, China", "short cells stay as written"
    table = window.ui.table
    width = table.columnWidth(COLUMN_INDEX["origin"])
    assert table.fontMetrics().horizontalAdvance("North Korea (DPRK)") < width, "never cut to 'North Kor…'"


# --- 8. reason, parties, vessel, score -----------------------------------------------------------------


def test_reason_column_names_the_measure_behind_the_verdict_in_each_view(window: MainWindow) -> None:
    result = window.model.result(window.model.row_of_reference("S-1") or 0)
    worst = max(h.status for h in result.baseline.hits)
    assert cell(window, "S-1", "reason") == next(h.title for h in result.baseline.hits if h.status == worst)
    assert cell(window, "S-2", "reason") == ""
    assert result.baseline.status == Status.PROHIBITED and result.alternative.status == Status.PERMITTED
    window.set_regime("draft")
    lifted = [h for h in result.alternative.hits if h.lifted]
    assert cell(window, "S-1", "reason") == f"Lifted: {lifted[0].title}", "the draft view says the measure is lifted"
    window.set_regime("compare")
    assert cell(window, "S-1", "reason") == next(h.title for h in result.baseline.hits if h.status == worst)


def test_parties_and_vessel_columns(window: MainWindow) -> None:
    assert cell(window, "S-1", "party") == "Ryonha Trading → Dandong Sea Co"
    assert cell(window, "S-1", "vessel") == "KUM UN SAN 3 (IMO 8705668)"
    assert cell(window, "S-2", "vessel") == "PACIFIC STAR"
    assert cell(window, "S-3", "vessel") == ""


def test_name_score_column_gives_the_closest_listing(regimes: tuple[Regime, Regime], shipments: Path) -> None:
    from gui.results.model import ResultsModel

    parties = party_screening_from_lists([load_list(UN_LIST)])
    texts: list[str] = []
    run, results = screen_file(shipments, as_of=None, overrides=None, regimes=regimes, parties=parties, texts=texts)
    model = ResultsModel()
    model.set_results(results, texts)
    row = model.row_of_reference("S-3")
    assert row is not None
    score = model.index(row, COLUMN_INDEX["score"]).data()
    assert score and float(score) >= 90, "KOMID is listed by that very name"
    clean = model.row_of_reference("S-4")
    assert model.index(clean, COLUMN_INDEX["score"]).data() == ""
    hit = Hit("designation", Status.REVIEW, "", (Evidence("matched", "KOREA X (score 87)"),))
    assert hit_score(hit) == 87.0
    assert isinstance(run, object) and Screening is not None


# --- 7. changed rows tinted in every view, most severe first -------------------------------------------


def test_rows_the_draft_changes_are_tinted_in_every_view(window: MainWindow) -> None:
    changed = [r for r in window.model.results if r.change != "unchanged"]
    assert changed, "the ledger has a row the draft changes"
    reference = changed[0].reference
    for regime in ("current", "draft", "compare"):
        window.set_regime(regime)
        row = window.proxy.mapFromSource(window.model.index(window.model.row_of_reference(reference) or 0, 0)).row()
        tint = window.proxy.index(row, COLUMN_INDEX["description"]).data(Qt.ItemDataRole.BackgroundRole)
        assert tint is not None, regime
        assert "never adopted" in str(cell(window, reference, "description", Qt.ItemDataRole.ToolTipRole))
    assert cell(window, "S-2", "description", Qt.ItemDataRole.BackgroundRole) is None


def test_first_click_on_a_verdict_header_puts_the_most_severe_first(qtbot: QtBot, window: MainWindow) -> None:
    header = window.ui.table.horizontalHeader()
    for key in ("current", "draft"):
        window.set_regime("compare")
        section = COLUMN_INDEX[key]
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5))
        assert header.sortIndicatorSection() == section
        assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        statuses = [window.proxy.index(r, section).data() for r in range(window.proxy.rowCount())]
        ranks = [Status(s).rank for s in statuses]
        assert ranks == sorted(ranks, reverse=True)
    assert window.model.headerData(COLUMN_INDEX["reference"], Qt.Orientation.Horizontal,
                                   Qt.ItemDataRole.InitialSortOrderRole) == Qt.SortOrder.AscendingOrder  # fmt: skip


# --- 6. the column chooser, widths and order remembered -------------------------------------------------


def test_column_chooser_hides_columns_but_never_the_verdicts(window: MainWindow) -> None:
    menu = window.ui.table.column_menu()
    offered = [a.text() for a in menu.actions() if a.isCheckable()]
    assert "Description" in offered and "Reason" in offered
    assert not {"In force", "Draft (never adopted)", "Change", "Reference"} & set(offered)
    next(a for a in menu.actions() if a.text() == "Vessel").setChecked(False)
    assert window.ui.table.isColumnHidden(COLUMN_INDEX["vessel"])
    window.set_regime("draft")
    window.set_regime("compare")
    assert window.ui.table.isColumnHidden(COLUMN_INDEX["vessel"]), "a view change keeps the officer's choice"
    assert not window.ui.table.isColumnHidden(COLUMN_INDEX["current"])


def test_column_order_widths_and_hidden_columns_are_remembered(
    qtbot: QtBot, settings: Settings, regimes: tuple[Regime, Regime], window: MainWindow
) -> None:
    table = window.ui.table
    header = table.horizontalHeader()
    table.setColumnWidth(COLUMN_INDEX["description"], 333)
    header.moveSection(header.visualIndex(COLUMN_INDEX["hs_code"]), 2)
    table.set_column_shown("party", False)
    window.close()
    again = MainWindow(Settings(settings.file_name), regimes)
    qtbot.addWidget(again)
    try:
        other = again.ui.table
        assert other.columnWidth(COLUMN_INDEX["description"]) == 333
        assert other.horizontalHeader().visualIndex(COLUMN_INDEX["hs_code"]) == 2
        assert other.isColumnHidden(COLUMN_INDEX["party"])
        other.reset_columns()
        assert not other.isColumnHidden(COLUMN_INDEX["party"])
        assert other.horizontalHeader().visualIndex(COLUMN_INDEX["current"]) == 2
    finally:
        again.close()


def test_a_hand_edited_column_state_is_ignored_where_it_makes_no_sense(window: MainWindow) -> None:
    window.ui.table.restore_column_state({"order": ["nonsense", 3], "widths": {"description": 5, "date": "wide"},
                                       "hidden": ["current", "reason"]})  # fmt: skip
    assert not window.ui.table.isColumnHidden(COLUMN_INDEX["current"])
    assert window.ui.table.isColumnHidden(COLUMN_INDEX["reason"])
    assert window.ui.table.columnWidth(COLUMN_INDEX["description"]) > 5


# --- 9. search over every screened field -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kum un san", ["S-1"]),  # vessel
        ("8705668", ["S-1"]),  # IMO
        ("847130", ["S-3"]),  # HS code
        ("rajin", ["S-3"]),  # port
        ("vietcombank", ["S-2"]),  # bank
        ("north korea", ["S-1", "S-3"]),  # a country by its short name, whatever the cell wrote
        ("russia", ["S-3"]),  # destination
    ],
)
def test_search_finds_rows_by_every_screened_field(window: MainWindow, text: str, expected: list[str]) -> None:
    window.ui.filters.search.setText(text)
    window.ui.filters.flush()
    assert shown_refs(window) == expected


# --- screenshots of chosen columns ------------------------------------------------------------------------


def test_screenshot_columns_option(shipments: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from gui.app import run_app

    out = tmp_path / "columns.png"
    assert run_app([str(shipments), "--screenshot", str(out), "--columns", "reason,vessel", "--size", "1366x768"]) == 0
    assert out.exists()
    assert run_app([str(shipments), "--screenshot", str(out), "--columns", "reason,colour"]) == 2
    assert "no column 'colour'" in capsys.readouterr().err


def test_sorting_by_reason_follows_the_view(window: MainWindow) -> None:
    window.set_regime("draft")
    window.ui.table.sortByColumn(COLUMN_INDEX["reason"], Qt.SortOrder.AscendingOrder)
    reasons = [window.proxy.index(r, COLUMN_INDEX["reason"]).data() for r in range(window.proxy.rowCount())]
    named = [r for r in reasons if r]
    assert named == sorted(named, key=str.casefold) and reasons[: len(named)] == named, "rows with no measure last"
    assert named[0].startswith("Lifted: ")
    window.set_regime("current")
    reasons = [window.proxy.index(r, COLUMN_INDEX["reason"]).data() for r in range(window.proxy.rowCount())]
    assert not any(r.startswith("Lifted") for r in reasons)
    named = [r for r in reasons if r]
    assert named == sorted(named, key=str.casefold), "re-sorted by the reasons of the view on screen"
