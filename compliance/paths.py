"""Where the bundled data lives, from a source checkout and from a frozen (PyInstaller) build."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_root() -> Path:
    """The folder holding rules/ and seeds/: the bundle's unpack folder when frozen, else the repo."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def rules_dir() -> Path:
    """The bundled rule packs."""
    return resource_root() / "rules"


def seeds_dir() -> Path:
    """The bundled sample workbooks."""
    return resource_root() / "seeds"


def sample_workbook() -> Path:
    """The sample ledger a new user can open at once."""
    return seeds_dir() / "sample-ledger.xlsx"
