"""The exact path: a tokenizer replaying calamine's (quick-xml's) reading of worksheet cells."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from compliance.intake.xlsx_stream.errors import XlsxStreamError
from compliance.intake.xlsx_stream.markup import _MAX_TOKEN, _TOKEN, _attrs, _decode, _local, _parse_ref, _text
from compliance.intake.xlsx_stream.strings import _StringReader
from compliance.intake.xlsx_stream.values import _EMPTY

if TYPE_CHECKING:
    from compliance.intake.xlsx_stream.workbook import XlsxStream


_PRE, _DATA, _CELL, _V_FIRST, _V_OWNED, _SKIP, _STRING, _DONE = range(8)
_FIRST_TYPES: Final = frozenset((None, b"n", b"s", b"b", b"e"))
_SKIPPED_V_TYPES: Final = frozenset((b"inlineStr", b"is"))
_PLAIN_V_TYPES: Final = frozenset((b"", b"n", b"s", b"b", b"e", b"inlineStr", b"is"))
"""Types (as the fast pattern captures them) for which an empty <v/> is no value at all."""


class _Parser:
    """The exact path: calamine's worksheet cell reader, event by event, over any chunking."""

    def __init__(self, book: XlsxStream | _NoValues, on_cell: Callable[[int, int, Any], None]) -> None:
        self.book = book
        self.on_cell = on_cell
        self.state = _PRE
        self.seen_element = False
        self.row_index = 0
        self.col_index = 0
        self.pos = (0, 0)
        self.cell_s: bytes | None = None
        self.cell_t: bytes | None = None
        self.value: Any = _EMPTY
        self.skip_name = b""
        self.skip_depth = 0
        self.v_name = b""
        self.v_parts: list[str] = []
        self.string: _StringReader | None = None

    # The callers: `run` tokenizes; each token is one quick-xml event (an empty element is two).
    def run(self, buf: bytes, pos: int, end: int, final: bool, until_data: bool = False) -> int:
        """Consume complete tokens of buf[pos:end]; return where the first incomplete one starts.

        With `until_data`, stop as soon as the parser is between cells (where the fast path can
        take over).
        """
        match = _TOKEN.match
        start = pos
        while pos < end and self.state != _DONE:
            if until_data and self.state == _DATA and pos > start:
                break
            token = match(buf, pos, end)
            if token is None or (token.end() == end and not final and token.lastindex == 6):
                if final or end - pos > _MAX_TOKEN:
                    raise XlsxStreamError("is damaged: it contains malformed XML (a tag is not closed properly)")
                break  # incomplete: wait for the next chunk (text too, which may go on)
            pos = token.end()
            closing, name, attrs, empty, cdata, text = token.groups()
            if name is not None:
                if closing:
                    self.end(name)
                else:
                    self.start(name, attrs)
                    if empty:
                        self.end(name)
            elif text is not None:
                self.text(text)
            elif cdata is not None:
                self.cdata(cdata)
            else:
                self.other()
        return pos

    def finish(self) -> None:
        """At the end of the part: calamine's errors for a sheet cut short."""
        if self.state == _PRE:
            if not self.seen_element:
                raise XlsxStreamError("is damaged: it contains malformed XML (unexpected end of the worksheet)")
            self.state = _DONE  # not a worksheet (no <sheetData>): python-calamine reads no cells
        elif self.state != _DONE:
            raise XlsxStreamError("is damaged: it contains malformed XML (the worksheet ends inside its cells)")

    def start(self, name: bytes, attrs: bytes) -> None:
        state = self.state
        if state == _DATA:
            local = _local(name)
            if local == b"c":
                self._open_cell(attrs)
            elif local == b"row":
                ref = _attrs(attrs).get(b"r")
                if ref is not None and b"&" not in ref:
                    self.row_index = _parse_ref(ref)[0]
        elif state == _CELL:
            local = _local(name)
            if local == b"is":
                self.string = _StringReader(b"is")
                self.state = _STRING
            elif local == b"v":
                if self.cell_t in _SKIPPED_V_TYPES:
                    self._skip(name, _EMPTY)
                elif self.cell_t in _FIRST_TYPES:
                    self.v_name = name
                    self.state = _V_FIRST
                else:
                    self.v_name = name
                    self.v_parts = []
                    self.state = _V_OWNED
            elif local == b"f":
                self._skip(name, _EMPTY)
            else:
                raise XlsxStreamError("contains an unexpected element in a cell (expected v, f or is)")
        elif state == _STRING:
            assert self.string is not None
            self.string.start(name, attrs)
        elif state == _SKIP:
            if name == self.skip_name:
                self.skip_depth += 1
        elif state == _V_FIRST:
            # An element first: no value, and calamine reads on to the </v>.
            self._skip(self.v_name, _EMPTY, depth=1 if name == self.v_name else 0)
        elif state == _PRE:
            self.seen_element = True
            local = _local(name)
            if local == b"sheetData":
                self.state = _DATA
            elif local == b"dimension":
                ref = _attrs(attrs).get(b"ref")
                if ref is None:
                    raise XlsxStreamError("has a <dimension> without a range")
                for part in ref.split(b":"):
                    if _parse_ref(part)[1] is None:
                        raise XlsxStreamError("has a <dimension> range without a column")
        # _V_OWNED: nested elements are ignored (their text still counts)

    def end(self, name: bytes) -> None:
        state = self.state
        if state == _DATA:
            local = _local(name)
            if local == b"row":
                self.row_index += 1
                self.col_index = 0
            elif local == b"sheetData":
                self.state = _DONE
        elif state == _CELL:
            if _local(name) == b"c":
                self.col_index = self.pos[1] + 1
                self.state = _DATA
                if self.value is not _EMPTY:
                    self.on_cell(self.pos[0], self.pos[1], self.value)
        elif state == _STRING:
            assert self.string is not None
            text = self.string.end(name)
            if text is not None:
                self.value = text
                self.string = None
                self.state = _CELL
        elif state == _SKIP:
            if name == self.skip_name:
                if self.skip_depth == 0:
                    self.state = _CELL
                else:
                    self.skip_depth -= 1
        elif state == _V_FIRST:
            self.value = _EMPTY  # <v></v>
            self.state = _CELL
            if name != self.v_name:  # an unrelated end tag first: calamine reads on to </v>
                self._skip(self.v_name, _EMPTY)
        elif state == _V_OWNED and name == self.v_name:
            self.value = self.book.owned_value(self.cell_t, "".join(self.v_parts))
            self.state = _CELL

    def text(self, raw: bytes) -> None:
        state = self.state
        if state == _V_FIRST:
            # quick-xml splits text at references: calamine sees only what comes before one.
            first = raw.partition(b"&")[0]
            self.value = _EMPTY if not first else self.book.first_value(first, self.cell_t, self.cell_s)
            self._skip(self.v_name, self.value)
        elif state == _STRING:
            assert self.string is not None
            self.string.text(raw)
        elif state == _V_OWNED:
            self.v_parts.append(_text(raw))

    def cdata(self, raw: bytes) -> None:
        if self.state == _STRING:
            assert self.string is not None
            self.string.cdata(raw)
        elif self.state == _V_FIRST:
            self._skip(self.v_name, _EMPTY)

    def other(self) -> None:
        """A comment or processing instruction: only the first event of a <v> notices it."""
        if self.state == _V_FIRST:
            self._skip(self.v_name, _EMPTY)

    def _skip(self, name: bytes, value: Any, depth: int = 0) -> None:
        self.value = value
        self.skip_name = name
        self.skip_depth = depth
        self.state = _SKIP

    def _open_cell(self, raw: bytes) -> None:
        attrs = _attrs(raw)
        # calamine takes only attribute values without references (borrowed, not unescaped).
        ref = attrs.get(b"r")
        self.cell_s = attrs.get(b"s")
        self.cell_t = attrs.get(b"t")
        if self.cell_s is not None and b"&" in self.cell_s:
            self.cell_s = None
        if self.cell_t is not None and b"&" in self.cell_t:
            self.cell_t = None
        if ref is not None and b"&" not in ref:
            row, col = _parse_ref(ref)
            if col is None:
                raise XlsxStreamError(f"has a cell reference without a column ('{_decode(ref)}')")
            self.pos = (row, col)
            self.col_index = col
        else:
            self.pos = (self.row_index, self.col_index)
        self.value = _EMPTY
        self.state = _CELL


class _NoValues:
    """Stands in for the book while finding columns: any present value is just 'a value'."""

    def first_value(self, raw: bytes, cell_type: bytes | None, style: bytes | None) -> Any:
        return True

    def owned_value(self, cell_type: bytes | None, text: str) -> Any:
        return True
