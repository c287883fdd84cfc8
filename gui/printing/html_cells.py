"""The report's HTML building blocks: escaped text, citations that wrap well, cells, and long tables in chunks.

Every text from a ledger or a rule pack goes through `escaped`. Tables put their header row in <thead>,
which QTextDocument repeats at the top of every page a table runs onto.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Final

from compliance.outputs.report.text import clean


def escaped(value: object) -> str:
    return html.escape(clean(value), quote=True)


def citation_html(citation: str) -> str:
    """A citation that line-wraps only between its parts: 'OP8(a)(iii)' never splits at ')('."""
    return escaped(citation).replace(")(", ")\u2060(").replace("UNSCR ", "UNSCR\u00a0")


CHUNK_ROWS: Final = 40
"""Long tables are written as consecutive tables of this many rows (header on the first only): Qt lays
out and paints one giant table in time that grows with its length on every page, small ones in constant time."""


def table_html(
    headers: Sequence[tuple[str, str]], rows: Iterable[Sequence[str]], *, css: str = "", width: str = "100%"
) -> str:
    """A table whose header row repeats on every page; headers are (text, width%), cells are HTML."""
    head = "".join(f'<th width="{w}">{escaped(t)}</th>' for t, w in headers)
    cls = f' class="{css}"' if css else ""
    start = f'<table{cls} width="{width}" cellspacing="0" cellpadding="3" border="1">'
    # Each chunk's first row carries the header's widths, so every chunk's columns line up with the first.
    out = [f"{start}<thead><tr>{head}</tr></thead><tbody>\n"]
    for count, cells in enumerate(rows):
        if count and count % CHUNK_ROWS == 0:
            out.append(f"</tbody></table>\n{start}<tbody>\n")
        out.append("<tr>" + "".join(_widths(cells, headers) if count % CHUNK_ROWS == 0 else cells) + "</tr>\n")
    out.append("</tbody></table>\n")
    return "".join(out)


def _widths(cells: Sequence[str], headers: Sequence[tuple[str, str]]) -> list[str]:
    """The row's cells with the header's widths, so a continuation table's columns match the first's."""
    return [c.replace("<td", f'<td width="{w}"', 1) for c, (_, w) in zip(cells, headers, strict=False)]


def td(text: str, css: str = "") -> str:
    return f'<td class="{css}">{text}</td>' if css else f"<td>{text}</td>"


def num(n: int) -> str:
    return f'<td class="num" align="right">{n:,}</td>'
