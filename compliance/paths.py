"""Where the bundled data lives, from a source checkout and from a frozen (PyInstaller) build."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_VARIABLE = "SANCTIONS_DESK_DATA_DIR"
"""Names the folder of the user's own data (decisions store, downloaded lists, scenarios): tests, a team share."""
RULES_ENV = "SANCTIONS_DESK_RULES"
"""Names another folder of rule packs to use instead of the bundled ones (tests, a mutated copy)."""


def resource_root() -> Path:
    """The folder holding rules/ and seeds/: the bundle's, the source tree's, or an installed copy's."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    source_tree = Path(__file__).resolve().parent.parent
    if (source_tree / "rules").is_dir():
        return source_tree
    installed = Path(sys.prefix) / "share" / "sanctions-desk"
    return installed if (installed / "rules").is_dir() else source_tree


def rules_dir() -> Path:
    """The rule packs: the folder SANCTIONS_DESK_RULES names when it is set, else the bundled ones."""
    override = os.environ.get(RULES_ENV, "").strip()
    if override:
        return Path(override)
    return resource_root() / "rules"


def seeds_dir() -> Path:
    """The bundled sample workbooks."""
    return resource_root() / "seeds"


def sample_workbook() -> Path:
    """The sample ledger a new user can open at once."""
    return seeds_dir() / "sample-ledger.xlsx"


def data_dir() -> Path:
    """The user's data folder: SANCTIONS_DESK_DATA_DIR when set, else the platform's user data folder."""
    chosen = os.environ.get(DATA_DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    from platformdirs import user_data_dir

    return Path(user_data_dir("Sanctions Desk"))


def user_regimes_dir() -> Path:
    """The analyst's own regimes (scenarios saved by the editor or imported), beside the shipped packs."""
    return data_dir() / "regimes"
