"""Each benchmark owns one section of docs/performance.md, between its markers, and rewrites only that."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def markers(owner: str) -> tuple[str, str]:
    """The comment lines that open and close a benchmark's section."""
    return (f"<!-- {owner}: begin (written by benchmarks/{owner}.py --write-docs) -->", f"<!-- {owner}: end -->")


def write_section(owner: str, body: str, *, first: bool = False) -> Path:
    """Replace the owner's section (or add it: after the title when `first`, else at the end)."""
    begin, end = markers(owner)
    section = f"{begin}\n{body.strip()}\n{end}"
    old = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Performance\n"
    if begin in old and end in old:
        before, rest = old.split(begin, 1)
        new = before + section + rest.split(end, 1)[1]
    elif first:
        title, _, rest = old.partition("\n")
        new = f"{title}\n\n{section}\n\n{rest.lstrip()}"
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(new, encoding="utf-8")
    return DOCS
