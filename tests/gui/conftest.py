"""GUI test setup: offscreen Qt, a throwaway settings file, the rule packs, small ledgers."""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QSettings

import gui.lists.dialog
import gui.workers
from compliance.paths import rules_dir
from compliance.rules.catalog import load_regimes
from compliance.rules.regime import Regime
from gui.settings import ENV_SETTINGS_PATH, Settings
from gui.window.main_window import MainWindow

# Before any QApplication exists: the tests must run without a display (CI, ssh sessions).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHIPMENT_HEADERS = (
    "Reference",
    "Shipment Date",
    "Country of Origin",
    "Destination",
    "HS Code",
    "Goods Description",
    "Shipper",
    "Consignee",
)
SHIPMENTS = (
    (
        "SHP-001",
        dt.datetime(2018, 3, 1),
        "DPRK",
        "China",
        "030743",
        "Frozen squid",
        "Rason Marine Products",
        "Dalian Ocean Foods",
    ),
    (
        "SHP-002",
        dt.datetime(2018, 3, 2),
        "Viet Nam",
        "Japan",
        "620520",
        "Cotton shirts",
        "Saigon Garments",
        "Osaka Retail KK",
    ),
    (
        "SHP-003",
        dt.datetime(2018, 2, 10),
        "DPRK",
        "China",
        "270112",
        "Anthracite coal",
        "Korea Mining Trading",
        "Dandong Energy",
    ),
    (
        "SHP-004",
        dt.datetime(2018, 3, 5),
        "DPRK",
        "China",
        "620342",
        "Men's cotton trousers",
        "Pyongyang Garment Co",
        "Liaoning Apparel",
    ),
)
CONTRACT_HEADERS = (
    "Reference",
    "Contract Type",
    "Contractor",
    "Worker Nationality",
    "Place of Work",
    "Start Date",
    "End Date",
)
CONTRACTS = (
    (
        "CT-001",
        "Labour supply",
        "Amur Construction LLC",
        "DPRK",
        "Russia",
        dt.datetime(2018, 3, 1),
        dt.datetime(2021, 2, 28),
    ),
    (
        "CT-002",
        "Labour supply",
        "Amur Construction LLC",
        "Philippines",
        "Russia",
        dt.datetime(2018, 3, 1),
        dt.datetime(2021, 2, 28),
    ),
)


@pytest.fixture(autouse=True)
def temp_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own settings file; the user's real settings are never read or written."""
    folder = tmp_path_factory.mktemp("settings")
    path = folder / "sanctions-desk.ini"
    monkeypatch.setenv(ENV_SETTINGS_PATH, str(path))
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    return path


@pytest.fixture(autouse=True)
def temp_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Downloads of the official list go to a throwaway folder, never the user's data folder."""
    folder = tmp_path_factory.mktemp("data") / "designations"
    monkeypatch.setattr(gui.lists.dialog, "data_folder", lambda: folder)
    return folder


@pytest.fixture
def settings(temp_settings: Path) -> Settings:
    """A Settings object over the test's own file."""
    return Settings(temp_settings)


@pytest.fixture(scope="session")
def regimes() -> tuple[Regime, Regime]:
    """The bundled rule packs, loaded once for the session."""
    return load_regimes(rules_dir())


@pytest.fixture(scope="session")
def seafood_citation(regimes: tuple[Regime, Regime]) -> str:
    """The seafood ban's citation as officers must see it, e.g. 'UNSCR 2371 (2017) OP9'."""
    # The brief expected "UNSCR 2371 (2017) OP9, unverified"; the rule pack has since confirmed
    # OP9 (shared/domain.md), and the pane must follow the rule data either way.
    rule = next(r for r in regimes[0].book.rules if r.id == "seafood-export")
    suffix = "" if rule.citation.paragraph_verified else ", unverified"
    assert rule.citation.text() == f"UNSCR 2371 (2017) OP9{suffix}"
    return rule.citation.text()


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """A small workbook: shipments (seafood, textiles, coal, a clean row) and labour contracts."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Shipments"
    ws.append(SHIPMENT_HEADERS)
    for row in SHIPMENTS:
        ws.append(row)
    contracts = wb.create_sheet("Contracts")
    contracts.append(CONTRACT_HEADERS)
    for row in CONTRACTS:
        contracts.append(row)
    path = tmp_path / "ledger.xlsx"
    wb.save(path)
    return path


def write_csv(path: Path, rows: int) -> Path:
    """A shipment ledger of `rows` rows: mostly clean trade, one DPRK-linked row in fifty."""
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(SHIPMENT_HEADERS)
        base = dt.date(2018, 1, 1)
        for i in range(rows):
            day = (base + dt.timedelta(days=i % 700)).isoformat()
            if i % 50 == 0:
                out.writerow(
                    (
                        f"R{i:06d}",
                        day,
                        "DPRK",
                        "China",
                        "030743",
                        "Frozen squid",
                        "Rason Marine Products",
                        "Dalian Ocean Foods",
                    )
                )
            else:
                out.writerow(
                    (
                        f"R{i:06d}",
                        day,
                        "Viet Nam",
                        "Japan",
                        "620520",
                        "Cotton shirts",
                        "Saigon Garments",
                        f"Customer {i % 97}",
                    )
                )
    return path


@pytest.fixture
def big_csv(tmp_path: Path) -> Callable[[int], Path]:
    """Make a csv ledger of a given size in the test's folder."""
    return lambda rows: write_csv(tmp_path / f"ledger-{rows}.csv", rows)


@pytest.fixture
def window(qtbot: Any, settings: Settings, regimes: tuple[Regime, Regime]) -> Iterator[MainWindow]:
    """A shown main window over the test's settings (no designation list)."""
    w = MainWindow(settings, regimes)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every screen_file call the window makes (to prove toggles never re-screen)."""
    seen: list[dict[str, Any]] = []
    real = gui.workers.screen_file

    def counting(path: Any, **kwargs: Any) -> Any:
        seen.append({"path": path, **kwargs})
        return real(path, **kwargs)

    monkeypatch.setattr(gui.workers, "screen_file", counting)
    return seen
