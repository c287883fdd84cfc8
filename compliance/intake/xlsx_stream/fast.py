"""The fast path: cells written the usual way, read with one compiled pattern per chunk."""

from __future__ import annotations

import re
from typing import Final

from compliance.intake.safety.xml_scan import column_letters, column_number
from compliance.intake.xlsx_stream.markup import _attrs, _parse_ref
from compliance.intake.xlsx_stream.parser import _DATA, _FIRST_TYPES, _SKIPPED_V_TYPES, _NoValues, _Parser

# --- the fast path ------------------------------------------------------------------------------

# Cells as Excel, openpyxl and most writers put them. Groups: column letters, row, style, type,
# <v> text, inline text to be trimmed, inline text kept as written. Texts are never empty, so an
# empty group means absent; the rarer shapes (<v></v>, <t></t>, other attributes, rich text...)
# fail the pattern, which the caller notices by counting the cell tags.
_CELL_START = rb'<c r="([A-Z]{1,3})(\d{1,7})"(?: s="([1-9]\d{0,8}|0)")?(?: t="([A-Za-z]{1,9})")?'
_FORMULA = rb"(?:<f/>|<f [^>]*/>|<f(?: [^>]*)?>[^<]*</f>)?"
_INLINE = rb'<is><t(?:>([^<]+)| xml:space="preserve">([^<]+))</t></is>'
_CELL_RE = _CELL_START + rb"(?:/>|>" + _FORMULA + rb"(?:<v>([^<]+)</v>|" + _INLINE + rb")?</c>)"
_CELLS = re.compile(_CELL_RE)
# The same with an empty <v/> allowed, in an eighth group (openpyxl writes a formula without a
# cached value so): tried when the first pattern does not describe every cell of a chunk.
_CELLS_EMPTY_V = re.compile(
    _CELL_START + rb"(?:/>|>" + _FORMULA + rb"(?:<v>([^<]+)</v>|" + _INLINE + rb"|(<v ?/>))?</c>)"
)
_UPPER_CELL = re.compile(rb'<c r="([A-Z]{1,3})\d')


def _plain(buf: bytes, pos: int, end: int) -> bool:
    """No comment, CDATA, processing instruction or namespace-prefixed cell in buf[pos:end]."""
    if buf.find(b"!", pos, end) != -1 and buf.find(b"<!", pos, end) != -1:
        return False
    if buf.find(b"?", pos, end) != -1 and buf.find(b"<?", pos, end) != -1:
        return False
    # (A single byte is found at memchr speed; most chunks without one need no slower search.)
    return buf.find(b":", pos, end) == -1 or buf.find(b":c", pos, end) == -1


def _letters_class(low: str, high: str) -> bytes:
    return f"[{low}-{high}]".encode()


def _columns_above(col: int) -> list[bytes]:
    """Regex alternatives for column letters naming a column after 0-based `col`."""
    letters = column_letters(col + 1)
    width = len(letters)
    options = [rb"[A-Z]{%d,}" % (width + 1)]
    for i, char in enumerate(letters):
        if char != "Z":
            rest = width - i - 1
            options.append(
                letters[:i].encode() + _letters_class(chr(ord(char) + 1), "Z") + (rb"[A-Z]{%d}" % rest if rest else b"")
            )
    return options


def _columns_below(col: int) -> list[bytes]:
    """Regex alternatives for column letters naming a column before 0-based `col`."""
    letters = column_letters(col + 1)
    width = len(letters)
    options = [rb"[A-Z]{1,%d}" % (width - 1)] if width > 1 else []
    for i, char in enumerate(letters):
        if char != "A":
            rest = width - i - 1
            options.append(
                letters[:i].encode() + _letters_class("A", chr(ord(char) - 1)) + (rb"[A-Z]{%d}" % rest if rest else b"")
            )
    return options


_WIDENING_CACHE: dict[tuple[int, int] | None, re.Pattern[bytes]] = {}


def _widening(bounds: tuple[int, int] | None) -> re.Pattern[bytes]:
    """Cell tags that might widen the bounds: every <c except a reference inside them or a
    self-closing (valueless) cell written the usual way."""
    pattern = _WIDENING_CACHE.get(bounds)
    if pattern is None:
        usual_empty = rb'(?! r="[A-Z]{1,3}\d+"[^>]*/>)'
        if bounds is None:
            source = rb"<c" + usual_empty
        else:
            outside = b"|".join(_columns_below(bounds[0]) + _columns_above(bounds[1]))
            source = rb'<c(?! r="(?!(?:' + outside + rb")\d)[A-Z]{1,3}\d)" + usual_empty
        pattern = re.compile(source)
        if len(_WIDENING_CACHE) > 256:
            _WIDENING_CACHE.clear()
        _WIDENING_CACHE[bounds] = pattern
    return pattern


def _cut(buf: bytes, pos: int) -> int:
    """End of the last complete cell or row in buf[pos:], or -1 (cells never hold these tags)."""
    cell = buf.rfind(b"</c>", pos)
    row = buf.rfind(b"</row>", pos)
    if cell == -1 and row == -1:
        return -1
    return max(cell + 4 if cell != -1 else -1, row + 6 if row != -1 else -1)


def _lone_cell(buf: bytes, start: int, end: int) -> int | None:
    """The column of one complete cell with a reference when it holds a value, else None."""
    match = _CELLS.fullmatch(buf, start, end)
    if match is not None:
        letters, _row, _style, cell_type, v, trimmed, kept = match.groups()
        if trimmed or kept:
            return column_number(letters) - 1
        if not v or cell_type in _SKIPPED_V_TYPES:
            return None
        if cell_type in _FIRST_TYPES and v.startswith(b"&"):
            return None  # calamine reads a reference first as no value
        return column_number(letters) - 1
    found: list[int] = []
    parser = _Parser(_NoValues(), lambda _row, col, _value: found.append(col))
    parser.state = _DATA
    parser.run(buf, start, end, final=True)
    return found[-1] if found else None


_ROW_EVENT = re.compile(rb"<row(?=[\s/>])([^>]*?)(/?)>|</row\s*>")


def _fast_state(parser: _Parser, buf: bytes, pos: int, end: int) -> None:
    """After a fast region: the row and column calamine would give a cell without a reference.

    Every cell in a fast region has one, so only row tags and the last cell matter. Usually the
    last row tag decides; a region whose last row tag has no reference is replayed tag by tag.
    """
    opened = buf.rfind(b"<row", pos, end)
    while opened != -1 and buf[opened + 4 : opened + 5] not in _TAG_END:
        opened = buf.rfind(b"<row", pos, opened)
    tail = pos
    if opened != -1:
        tag = _ROW_EVENT.match(buf, opened, end)
        ref = _attrs(tag.group(1)).get(b"r") if tag is not None else None
        if tag is None or ref is None or b"&" in ref:
            _replay_rows(parser, buf, pos, end)
            return
        parser.row_index = _parse_ref(ref)[0]
        tail = tag.end()
        if tag.group(2):
            parser.row_index += 1
            parser.col_index = 0
        elif (closed := buf.find(b"</row", tail, end)) != -1:
            parser.row_index += 1
            parser.col_index = 0
            tail = closed
    elif (closed := buf.rfind(b"</row", pos, end)) != -1:
        parser.row_index += 1
        parser.col_index = 0
        tail = closed
    _after_last_cell(parser, buf, tail, end)


def _after_last_cell(parser: _Parser, buf: bytes, pos: int, end: int) -> None:
    last = None
    for last in _UPPER_CELL.finditer(buf, pos, end):  # noqa: B007 - the last one is wanted
        pass
    if last is not None:
        parser.col_index = column_number(last.group(1))


_TAG_END: Final = frozenset(b" \t\n\r>/"[i : i + 1] for i in range(6))


def _replay_rows(parser: _Parser, buf: bytes, pos: int, end: int) -> None:
    tail = pos
    for event in _ROW_EVENT.finditer(buf, pos, end):
        tail = event.end()
        if event.group(1) is None:  # </row>
            parser.row_index += 1
            parser.col_index = 0
            continue
        ref = _attrs(event.group(1)).get(b"r")
        if ref is not None and b"&" not in ref:
            parser.row_index = _parse_ref(ref)[0]
        if event.group(2):
            parser.row_index += 1
            parser.col_index = 0
    _after_last_cell(parser, buf, tail, end)
