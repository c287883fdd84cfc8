"""The README's Code map names every subpackage of compliance and gui, and only those that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def subpackages() -> set[str]:
    """'compliance/model/', 'gui/window/', ...: every folder directly under compliance or gui with an __init__.py."""
    return {
        f"{top}/{folder.name}/"
        for top in ("compliance", "gui")
        for folder in (ROOT / top).iterdir()
        if (folder / "__init__.py").is_file()
    }


def mapped() -> set[str]:
    """The subpackages the Code map's table names in its first column."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Code map", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `((?:compliance|gui)/\w+/)` \|", section, flags=re.MULTILINE))


def test_every_subpackage_is_in_the_code_map() -> None:
    assert subpackages() - mapped() == set()


def test_the_code_map_names_no_subpackage_that_is_gone() -> None:
    assert mapped() - subpackages() == set()


def test_the_code_map_is_read() -> None:
    # A table the pattern no longer matches would make both checks above pass on nothing.
    assert {"compliance/model/", "gui/window/"} <= mapped()
