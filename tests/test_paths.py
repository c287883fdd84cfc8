"""Where the rule packs are read from: the bundled folder, or the one SANCTIONS_DESK_RULES names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compliance.paths import RULES_ENV, resource_root, rules_dir
from compliance.rules.catalog import load_regimes


def test_the_bundled_packs_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RULES_ENV, raising=False)
    assert rules_dir() == resource_root() / "rules"
    assert (rules_dir() / "un-dprk-in-force.toml").is_file()


def test_an_empty_setting_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RULES_ENV, "  ")
    assert rules_dir() == resource_root() / "rules"


def test_the_setting_names_another_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bundled = resource_root() / "rules"
    shutil.copytree(bundled / "languages", tmp_path / "languages")
    for pack in ("un-dprk-in-force.toml", "draft-2019-cn-ru.toml"):
        text = (bundled / pack).read_text(encoding="utf-8")
        (tmp_path / pack).write_text(text.replace('version = "', 'version = "copy-'), encoding="utf-8")
    monkeypatch.setenv(RULES_ENV, str(tmp_path))
    assert rules_dir() == tmp_path
    current, draft = load_regimes(rules_dir())
    assert current.version.startswith("copy-") and draft.version.startswith("copy-")
    assert current.path == str(tmp_path / "un-dprk-in-force.toml")
