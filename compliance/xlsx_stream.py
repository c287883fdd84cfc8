"""Read a large .xlsx/.xlsm worksheet one row at a time, with the values calamine would give.

python-calamine builds a whole sheet in memory before its first row can be read: about 1.9 GB for a
million rows of twenty columns. This reader inflates the worksheet XML in bounded chunks (with the
safety scan's `inflate`, which enforces each part's declared size) and holds only the shared-string
table, one chunk and the rows of that chunk. It reproduces python-calamine 0.9's reading of a sheet
cell for cell and type for type: str, float (every number), bool, datetime.date / datetime /
time / timedelta for date-formatted numbers, "" for errors and empty cells; rows padded to the
sheet's used columns, starting at its first used column (as `CalamineSheet.iter_rows`).

Two passes read the worksheet part:

1. the used columns: calamine pads every row to the sheet's used range, so the width must be known
   before the first row is handed out. This pass only looks at cells that would widen the range
   found so far (a regex search that matches nothing in an ordinary chunk);
2. the rows.

Both passes have a fast path for cells written the usual way (`<c r="B2" s="1" t="s"><v>3</v></c>`,
inline strings, formulas with a cached value): one compiled pattern over a whole chunk (cut after
its last complete cell). A chunk holding anything else (a cell without a leading reference, rich
text, a comment, a namespace prefix, ...) is noticed by counting its cell tags and some cheap byte
searches, and goes through `_Parser`, a small tokenizer replaying calamine's (quick-xml's) reading
rules event by event. The exact path is about ten times slower, so the fast one takes each chunk
it can describe completely.

A sheet whose rows go backwards (row 7 written before row 5) cannot be streamed: calamine sorts such
cells into its grid; here it is an error, raised when the row is reached (spreadsheet programs
always write rows in order).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, Final

from compliance.xml_scan import ScanRejected, column_letters, utf8_chunks
from compliance.zip_scan import inflate

__all__ = ["StreamedSheet", "XlsxStream", "XlsxStreamError"]


class XlsxStreamError(Exception):
    """The worksheet cannot be read (as calamine would fail on it, or rows out of order)."""


# --- values -------------------------------------------------------------------------------------

_EMPTY: Final = None
"""calamine's Data::Empty: a cell that neither holds a value nor widens the used range."""
_ERROR_VALUE: Final = ""
"""An error cell (#N/A...): python-calamine shows it as "", but it does widen the used range."""
_ERRORS: Final = frozenset(
    (b"#DIV/0!", b"#N/A", b"#NAME?", b"#NULL!", b"#NUM!", b"#REF!", b"#VALUE!")
)
_BOOLS: Final = {b"1": True, b"0": False, b"true": True, b"false": False}

_OTHER, _DATETIME, _DURATION = 0, 1, 2
# Built-in number formats calamine reads as dates and times ([h]:mm:ss, 46, as a duration).
_BUILTIN_DATES: Final = frozenset(
    str(i) for i in (*range(14, 23), *range(27, 37), 45, 47, *range(50, 59))
)
_BUILTIN_DURATION: Final = "46"


def number_format_kind(code: str) -> int:
    """0 for a plain number format, 1 for a date/time, 2 for a duration ([h]:mm) (calamine's rule)."""
    escaped = quoted = ap = hms = False
    brackets = 0
    prev = " "
    for char in code:
        if escaped:
            escaped = False
        elif char in "_\\*":  # the next character is a literal (or a fill / width character)
            escaped = True
        elif quoted:
            if char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == ";":
            return _OTHER  # only the first section counts
        elif char == "[":
            brackets += 1
        elif char == "]" and brackets == 1 and hms:
            return _DURATION
        elif char == "]":
            brackets = max(brackets - 1, 0)
        elif char in "aA" and not ap and brackets == 0:
            ap = True
        elif brackets == 0 and ((ap and char in "pmPM/") or (not ap and char in "dmhysDMHYS")):
            return _DATETIME
        elif not (hms and char.lower() == prev.lower()):
            hms = prev == "[" and char in "mhsMHS"
        prev = char
    return _OTHER


_EPOCH_ORDINAL: Final = dt.date(1899, 12, 30).toordinal()
_MS_PER_DAY: Final = 86_400_000
_I64_MAX: Final = 2**63 - 1
_I64_MIN: Final = -(2**63)


def _days_before_year(year: int) -> int:
    y = year - 1
    return y * 365 + y // 4 - y // 100 + y // 400


# chrono's NaiveDate range (years -262144 to 262143), as proleptic Gregorian ordinals.
_CHRONO_MIN_ORDINAL: Final = _days_before_year(-262_144) + 1
_CHRONO_MAX_ORDINAL: Final = _days_before_year(262_144)
_PY_MAX_ORDINAL: Final = dt.date.max.toordinal()


def _rounded_i64(value: float) -> int:
    """Rust's `value.round() as i64`: halves away from zero, saturating, NaN to 0."""
    if value != value:
        return 0
    if value >= 9.223372036854775807e18:
        return _I64_MAX
    if value <= -9.223372036854775808e18:
        return _I64_MIN
    whole = int(value)
    fraction = value - whole
    if fraction >= 0.5:
        return whole + 1
    if fraction <= -0.5:
        return whole - 1
    return whole


def _excel_instant(value: float, is_1904: bool) -> tuple[int, int] | None:
    """(proleptic ordinal, milliseconds into the day) of an Excel serial, or None out of range."""
    serial = value + 1462.0 if is_1904 else value
    if not serial >= 60.0:  # Excel's phantom 29 Feb 1900
        serial += 1.0
    ms = _rounded_i64(serial * _MS_PER_DAY)
    if ms == _I64_MIN:
        return None
    days, rest = divmod(ms, _MS_PER_DAY)
    ordinal = _EPOCH_ORDINAL + days
    if not _CHRONO_MIN_ORDINAL <= ordinal <= _CHRONO_MAX_ORDINAL:
        return None
    return ordinal, rest


def _time_of_day(ms: int) -> dt.time:
    return dt.time(ms // 3_600_000, ms // 60_000 % 60, ms // 1000 % 60, ms % 1000 * 1000)


def excel_date_value(value: float, kind: int, is_1904: bool) -> Any:
    """What python-calamine gives for a number in a date (1) or duration (2) format."""
    if kind == _DURATION:
        try:
            return dt.timedelta(milliseconds=_rounded_i64(value * _MS_PER_DAY))
        except OverflowError:
            raise XlsxStreamError(f"has a duration too large to represent ({value})") from None
    if value < 1.0:
        instant = _excel_instant(value, is_1904)
        return value if instant is None else _time_of_day(instant[1])
    instant = _excel_instant(value, is_1904)
    if instant is None or not 1 <= instant[0] <= _PY_MAX_ORDINAL:
        return value  # beyond year 9999: python-calamine keeps the number
    day = dt.date.fromordinal(instant[0])
    if value < 18446744073709551616.0 and value == int(value):
        return day
    return dt.datetime.combine(day, _time_of_day(instant[1]))


_ISO_DATE = re.compile(r"\s*\+?(\d{1,4})-(\d{1,2})-(\d{1,2})\s*")
_ISO_TIME = re.compile(r"\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*")
_ISO_DATETIME = re.compile(
    r"\s*\+?(\d{1,4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*"
)


def _iso_time(hour: str, minute: str, second: str | None, fraction: str | None) -> dt.time | None:
    h, m, s = int(hour), int(minute), int(second or 0)
    micro = int((fraction or "0")[:9].ljust(9, "0")) // 1000
    if s == 60:  # a leap second: Python has none, python-calamine steps back to :59
        s = 59
    if h > 23 or m > 59 or s > 59:
        return None
    return dt.time(h, m, s, micro)


def iso_value(text: str) -> Any:
    """A t="d" cell (ISO 8601 text) as python-calamine gives it: date, time, datetime or the text."""
    try:
        if "T" in text:
            match = _ISO_DATETIME.fullmatch(text)
            if match:
                year, month, day, hour, minute, second, fraction = match.groups()
                clock = _iso_time(hour, minute, second, fraction)
                if clock is not None:
                    return dt.datetime.combine(dt.date(int(year), int(month), int(day)), clock)
        elif ":" in text:
            match = _ISO_TIME.fullmatch(text)
            if match:
                clock = _iso_time(*match.groups())
                if clock is not None:
                    return clock
        else:
            match = _ISO_DATE.fullmatch(text)
            if match:
                return dt.date(*map(int, match.groups()))
    except ValueError:
        pass
    return text


# --- text ---------------------------------------------------------------------------------------

_XML_WS: Final = " \t\n\r"
_NAMED_ENTITIES: Final = {"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": '"'}
_ENTITY = re.compile(r"&([^&;]*)(;?)")


def _entity(match: re.Match[str]) -> str:
    name, closed = match.groups()
    if not closed:
        raise XlsxStreamError(
            "is damaged: it contains malformed XML (an entity or character reference is not closed)"
        )
    if name in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[name]
    try:
        if name[:2] in ("#x", "#X"):
            code = int(name[2:], 16)
        elif name[:1] == "#":
            code = int(name[1:], 10)
        else:
            raise XlsxStreamError(f"is damaged: it contains malformed XML (unrecognized entity '&{name};')")
    except ValueError:
        code = 0
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise XlsxStreamError(
            f"is damaged: it contains malformed XML (invalid character reference '&{name};')"
        )
    return chr(code)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise XlsxStreamError("contains text that is not valid UTF-8") from None


def _text(raw: bytes) -> str:
    """Character data as calamine reads it: line ends normalised, then references resolved."""
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    text = _decode(raw)
    return _ENTITY.sub(_entity, text) if "&" in text else text


def _cdata(raw: bytes) -> str:
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return _decode(raw)


# --- references ---------------------------------------------------------------------------------


def _parse_ref(raw: bytes) -> tuple[int, int | None]:
    """calamine's reading of "B12": (11, 1); a row-only "12": (11, None). Raises when invalid."""
    row = col = 0
    power = 1
    reading_row = True
    for byte in reversed(raw):
        if 48 <= byte <= 57:
            if not reading_row:
                raise XlsxStreamError(f"has an invalid cell reference '{_decode(raw)}'")
            row += (byte - 48) * power
            power *= 10
        elif 65 <= byte <= 90 or 97 <= byte <= 122:
            if reading_row:
                if row == 0:
                    raise XlsxStreamError(f"has an invalid cell reference '{_decode(raw)}'")
                power = 1
                reading_row = False
            col += ((byte & 0xDF) - 64) * power
            power *= 26
        else:
            raise XlsxStreamError(f"has an invalid cell reference '{raw.decode('utf-8', 'replace')}'")
    if row == 0:
        raise XlsxStreamError(f"has an invalid cell reference '{_decode(raw)}'")
    return row - 1, (col - 1 if col else None)


def _usize(raw: bytes) -> int:
    """atoi's strict unsigned parse, 0 when it fails (calamine's `unwrap_or(0)`)."""
    if raw.isdigit() and len(raw) <= 20:
        value = int(raw)
        if value < 2**64:
            return value
    return 0


# --- tokenizer ----------------------------------------------------------------------------------

_ATTRS_RE = rb"(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*"
_TOKEN = re.compile(
    rb"<(/?)([^\s/>=!?<\"']+)(" + _ATTRS_RE + rb")\s*(/?)>"  # 1 close, 2 name, 3 attributes, 4 empty
    rb"|<!--.*?-->"
    rb"|<!\[CDATA\[(.*?)\]\]>"  # 5 CDATA
    rb"|<\?.*?\?>"
    rb"|([^<]+)",  # 6 text
    re.S,
)
_ATTR = re.compile(rb"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_MAX_TOKEN = 4 * 1024 * 1024  # as xml_scan.complete_tags: a longer tag is a malformed file


def _attrs(raw: bytes) -> dict[bytes, bytes]:
    return {name: double or single for name, double, single in _ATTR.findall(raw)}


def _local(name: bytes) -> bytes:
    return name.rpartition(b":")[2]


class _StringReader:
    """calamine's `read_string`: the <t> runs of an <si> or <is>, phonetic runs left out."""

    __slots__ = ("closing", "parts", "phonetic", "t_name", "t_parts", "t_preserve")

    def __init__(self, closing: bytes) -> None:
        self.closing = closing
        self.parts: list[str] = []
        self.phonetic = False
        self.t_name: bytes | None = None
        self.t_parts: list[str] = []
        self.t_preserve = False

    def start(self, name: bytes, attrs: bytes) -> None:
        if self.t_name is not None:
            return
        local = _local(name)
        if local == b"rPh":
            self.phonetic = True
        elif local == b"t" and not self.phonetic:
            self.t_name = name
            self.t_parts = []
            self.t_preserve = _attrs(attrs).get(b"xml:space") == b"preserve"

    def end(self, name: bytes) -> str | None:
        """The string when this closes it, else None."""
        if self.t_name is not None:
            if name == self.t_name:
                text = "".join(self.t_parts)
                self.parts.append(text if self.t_preserve else text.strip(_XML_WS))
                self.t_name = None
            return None
        local = _local(name)
        if local == self.closing:
            return "".join(self.parts)
        if local == b"rPh":
            self.phonetic = False
        return None

    def text(self, raw: bytes) -> None:
        if self.t_name is not None:
            self.t_parts.append(_text(raw))

    def cdata(self, raw: bytes) -> None:
        if self.t_name is not None:
            self.t_parts.append(_cdata(raw))


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
            self.value = (
                _EMPTY if not first else self.book.first_value(first, self.cell_t, self.cell_s)
            )
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
                letters[:i].encode() + _letters_class(chr(ord(char) + 1), "Z")
                + (rb"[A-Z]{%d}" % rest if rest else b"")
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
                letters[:i].encode() + _letters_class("A", chr(ord(char) - 1))
                + (rb"[A-Z]{%d}" % rest if rest else b"")
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
            source = rb'<c(?! r="(?!(?:' + outside + rb')\d)[A-Z]{1,3}\d)' + usual_empty
        pattern = re.compile(source)
        if len(_WIDENING_CACHE) > 256:
            _WIDENING_CACHE.clear()
        _WIDENING_CACHE[bounds] = pattern
    return pattern


def _column_index(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + (byte - 64)
    return number - 1


def _cut(buf: bytes, pos: int) -> int:
    """End of the last complete cell or row in buf[pos:], or -1 (cells never hold these tags)."""
    cell = buf.rfind(b"</c>", pos)
    row = buf.rfind(b"</row>", pos)
    if cell == -1 and row == -1:
        return -1
    return max(cell + 4 if cell != -1 else -1, row + 6 if row != -1 else -1)


# --- the workbook -------------------------------------------------------------------------------

_SPLIT: int | None = None
"""Tests set this to re-cut the inflated chunks small, so that every boundary case is met."""


class XlsxStream:
    """A vetted .xlsx/.xlsm opened for streaming: sheet parts, number formats, shared strings.

    Only the zip directory and the small parts are read here; the shared strings when first
    needed. Each pass over a sheet opens the file again (and checks it is unchanged).
    """

    def __init__(self, path: str) -> None:
        self.path = path
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            self._identity = (status.st_size, status.st_mtime_ns)
            archive = zipfile.ZipFile(handle)
            self._infos = archive.infolist()
            self._parts = self._sheet_parts(handle)
            self.is_1904 = self._date1904(handle)
            self.formats = self._read_formats(handle)
        self._strings: list[str] | None = None
        self._date_styles: dict[bytes, tuple[int, dict[bytes, Any]]] | None = None

    def check_unchanged(self, handle: BinaryIO) -> None:
        """Rows are read after the file was vetted: refuse a file replaced or edited since."""
        status = os.fstat(handle.fileno())
        if (status.st_size, status.st_mtime_ns) != self._identity:
            raise XlsxStreamError("was changed while it was being read; screen it again")

    # -- parts --
    def _find(self, name: str) -> zipfile.ZipInfo | None:
        wanted = name.lower()
        return next((i for i in self._infos if i.filename.lower() == wanted), None)

    def _read(self, handle: BinaryIO, info: zipfile.ZipInfo) -> bytes:
        return b"".join(utf8_chunks(inflate(handle, info)))

    def _events(self, data: bytes) -> Iterator[tuple[str, bytes, bytes]]:
        """(kind, name or text, attributes) for the small parts read whole."""
        pos = 0
        while pos < len(data):
            token = _TOKEN.match(data, pos)
            if token is None:
                raise XlsxStreamError("is damaged: it contains malformed XML")
            pos = token.end()
            closing, name, attrs, empty, cdata, text = token.groups()
            if name is not None:
                if not closing:
                    yield "start", name, attrs
                if closing or empty:
                    yield "end", name, b""
            elif text is not None:
                yield "text", text, b""
            elif cdata is not None:
                yield "cdata", cdata, b""

    def _sheet_parts(self, handle: BinaryIO) -> dict[str, zipfile.ZipInfo]:
        rels_info = self._find("xl/_rels/workbook.xml.rels")
        workbook_info = self._find("xl/workbook.xml")
        if rels_info is None or workbook_info is None:
            return {}
        targets: dict[bytes, str] = {}
        for kind, name, attrs in self._events(self._read(handle, rels_info)):
            if kind == "start" and _local(name) == b"Relationship":
                found = _attrs(attrs)
                targets[found.get(b"Id", b"")] = _decode(found.get(b"Target", b""))
        parts: dict[str, zipfile.ZipInfo] = {}
        for kind, name, attrs in self._events(self._read(handle, workbook_info)):
            if kind != "start" or _local(name) != b"sheet":
                continue
            found = _attrs(attrs)
            rel = next((v for k, v in found.items() if k in (b"r:id", b"relationships:id")), None)
            sheet = found.get(b"name")
            if rel is None or sheet is None or rel not in targets:
                continue
            # calamine's resolution of the target, then its case-insensitive lookup.
            target = targets[rel]
            if target.startswith("/xl/"):
                path = target[1:]
            elif target.startswith("xl/"):
                path = target
            else:
                path = "xl/" + target
            info = self._find(path)
            sheet_name = _text(sheet)
            if info is not None and sheet_name not in parts:
                parts[sheet_name] = info
        return parts

    def _date1904(self, handle: BinaryIO) -> bool:
        info = self._find("xl/workbook.xml")
        if info is None:
            return False
        for kind, name, attrs in self._events(self._read(handle, info)):
            if kind == "start" and _local(name) == b"workbookPr":
                value = _attrs(attrs).get(b"date1904")
                return value is not None and _text(value) in ("1", "true")
        return False

    def _read_formats(self, handle: BinaryIO) -> list[int]:
        info = self._find("xl/styles.xml")
        if info is None:
            return []
        custom: dict[bytes, str] = {}
        formats: list[int] = []
        section = b""
        for kind, name, attrs in self._events(self._read(handle, info)):
            local = _local(name)
            if kind == "end" and local in (b"numFmts", b"cellXfs"):
                section = b""
            elif kind != "start":
                continue
            elif local in (b"numFmts", b"cellXfs"):
                section = local
            elif section == b"numFmts" and local == b"numFmt":
                found = _attrs(attrs)
                code = _text(found.get(b"formatCode", b""))
                if code:
                    custom[found.get(b"numFmtId", b"")] = code
            elif section == b"cellXfs" and local == b"xf":
                ident = _attrs(attrs).get(b"numFmtId")
                if ident is None:
                    formats.append(_OTHER)
                elif ident in custom:
                    formats.append(number_format_kind(custom[ident]))
                else:
                    text = ident.decode("latin-1")
                    formats.append(
                        _DATETIME if text in _BUILTIN_DATES
                        else _DURATION if text == _BUILTIN_DURATION else _OTHER
                    )
        return formats

    def sheet_part(self, name: str) -> zipfile.ZipInfo | None:
        """The worksheet part calamine reads for this sheet name, when it can be found."""
        return self._parts.get(name)

    # -- shared strings --
    @property
    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = self._read_strings()
        return self._strings

    def _read_strings(self) -> list[str]:
        info = self._find("xl/sharedStrings.xml")
        if info is None:
            return []
        strings: list[str] = []
        reader = _StringTableReader(strings)
        leftover = b""
        for block in _blocks(self, info):
            buf = leftover + block
            leftover = buf[reader.feed(buf, final=False) :]
        reader.feed(leftover, final=True)
        return strings

    # -- values (the exact path; the fast path inlines the common cases) --
    def date_styles(self) -> dict[bytes, tuple[int, dict[bytes, Any]]]:
        """Style index (as written) -> (date kind, cache of converted values) for date styles."""
        if self._date_styles is None:
            caches: dict[int, dict[bytes, Any]] = {_DATETIME: {}, _DURATION: {}}
            self._date_styles = {
                str(i).encode(): (kind, caches[kind]) for i, kind in enumerate(self.formats) if kind
            }
        return self._date_styles

    def style_kind(self, style: bytes | None) -> int:
        if style is None:
            return _OTHER
        index = _usize(style)
        return self.formats[index] if index < len(self.formats) else _OTHER

    def number(self, raw: bytes, kind: int) -> Any:
        value = float(raw)
        return excel_date_value(value, kind, self.is_1904) if kind else value

    def first_value(self, raw: bytes, cell_type: bytes | None, style: bytes | None) -> Any:
        """A <v> of type n, s, b, e or none: calamine reads its first text event, unescaped."""
        if cell_type == b"s":
            index = _usize(raw)
            if index >= len(self.strings):
                raise XlsxStreamError("refers to a shared string that does not exist")
            return self.strings[index]
        if cell_type == b"b":
            flag = _BOOLS.get(raw.strip().lower())
            if flag is None:
                raise XlsxStreamError(
                    f"has an unrecognised boolean cell value '{raw.decode('utf-8', 'replace')}'"
                )
            return flag
        if cell_type == b"e":
            if raw not in _ERRORS:
                raise XlsxStreamError(
                    f"has an unsupported cell error value '{raw.decode('utf-8', 'replace')}'"
                )
            return _ERROR_VALUE
        if _FLOAT.fullmatch(raw):
            return self.number(raw, self.style_kind(style))
        if cell_type is None:
            return _decode(raw)
        raise XlsxStreamError(f"has a number that cannot be read ('{raw.decode('utf-8', 'replace')}')")

    def owned_value(self, cell_type: bytes | None, text: str) -> Any:
        """A <v> of type str, d or another: its whole text, references resolved."""
        if cell_type == b"str":
            return text
        if cell_type == b"d":
            return iso_value(text)
        shown = (cell_type or b"").decode("utf-8", "replace")
        raise XlsxStreamError(f"has an unknown cell type '{shown}'")

    def sheet(self, name: str) -> StreamedSheet:
        """Open a sheet for streaming (reads its part once to find the used columns)."""
        info = self.sheet_part(name)
        if info is None:
            raise XlsxStreamError("the sheet's part cannot be found in the workbook")
        return StreamedSheet(self, info)


# fast_float's grammar (Python's float() also takes "1_0" and " 1", which calamine does not).
_FLOAT = re.compile(
    rb"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?"
    rb"|[nN][aA][nN])"
)


def _blocks(book: XlsxStream, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part's bytes in bounded chunks (UTF-16 parts transcoded, a UTF-8 BOM dropped).

    Rows are read while they are screened, long after the file was vetted: each chunk first
    checks that the file has not been written to since (XlsxStreamError if it has).
    (Inflating on a worker thread does not pay: zlib takes the GIL back for every block of
    output, so it waits on the parsing thread instead of overlapping it.)
    """
    with open(book.path, "rb") as handle:
        first = True
        for chunk in utf8_chunks(inflate(handle, info)):
            book.check_unchanged(handle)
            if first:
                first = False
                if chunk.startswith(b"\xef\xbb\xbf"):
                    chunk = chunk[3:]
            if _SPLIT is None:
                yield chunk
            else:
                for start in range(0, len(chunk), _SPLIT):
                    yield chunk[start : start + _SPLIT]


class _StringTableReader:
    """sharedStrings.xml: one string per <si>, fast for plain ones, exact for the rest."""

    _SI = re.compile(
        rb"<si><t>[ \t\n\r]*((?:[^< \t\n\r]+(?:[ \t\n\r]+[^< \t\n\r]+)*)?)[ \t\n\r]*</t></si>"
        rb'|<si><t xml:space="preserve">([^<]*)</t></si>'
        rb"|(<si[\s>/]|<[\w.-]+:|<[!?]|</sst)"
    )

    def __init__(self, strings: list[str]) -> None:
        self.strings = strings
        self.reader: _StringReader | None = None
        self.started = False
        self.done = False

    def feed(self, buf: bytes, final: bool) -> int:
        """Read the complete strings of buf; return where the unread rest starts."""
        pos = 0
        if not self.started:  # the prolog (<?xml ...?>, <sst>) the exact way
            first = buf.find(b"<si")
            if first == -1 and not final:
                return 0
            pos = self._exact(buf, 0, len(buf) if first == -1 else first, final)
            self.started = True
        while not self.done:
            if self.reader is None:
                end = buf.rfind(b"</si>", pos)
                if end != -1:
                    end += 5
                    if self._fast(buf, pos, end):
                        pos = end
                        continue
                    new = self._exact(buf, pos, end, final=False)
                    if new > pos:
                        pos = new
                        continue
            new = self._exact(buf, pos, len(buf), final)
            if new == pos:
                break
            pos = new
        if final and not self.done:
            raise XlsxStreamError("is damaged: its shared strings end before their end tag")
        return pos

    def _fast(self, buf: bytes, pos: int, end: int) -> bool:
        found = self._SI.findall(buf, pos, end)
        if any(marker for _, _, marker in found):
            return False
        append = self.strings.append
        if buf.find(b"&", pos, end) != -1 or buf.find(b"\r", pos, end) != -1:
            for trimmed, kept, _marker in found:
                append(_text(kept) if kept else _text(trimmed).strip(_XML_WS))
        else:
            for trimmed, kept, _marker in found:
                append(_decode(trimmed or kept))
        return True

    def _exact(self, buf: bytes, pos: int, end: int, final: bool) -> int:
        while pos < end and not self.done:
            token = _TOKEN.match(buf, pos, end)
            if token is None or (token.end() == end and not final and token.lastindex == 6):
                if final or end - pos > _MAX_TOKEN:
                    raise XlsxStreamError("is damaged: its shared strings contain malformed XML")
                break
            pos = token.end()
            closing, name, attrs, empty, cdata, text = token.groups()
            reader = self.reader
            if reader is None:
                if name is not None:
                    local = _local(name)
                    if closing and local == b"sst":
                        self.done = True
                    elif not closing and local == b"si":
                        if empty:
                            self.strings.append("")
                        else:
                            self.reader = _StringReader(b"si")
                continue
            if name is not None:
                if not closing:
                    reader.start(name, attrs)
                if closing or empty:
                    value = reader.end(name)
                    if value is not None:
                        self.strings.append(value)
                        self.reader = None
            elif text is not None:
                reader.text(text)
            elif cdata is not None:
                reader.cdata(cdata)
        return pos


class StreamedSheet:
    """One worksheet, read from its part on each iteration; its used columns are known up front."""

    def __init__(self, book: XlsxStream, info: zipfile.ZipInfo) -> None:
        self.book = book
        self.info = info
        self.columns = self._used_columns()
        """(first, last) 0-based used columns, or None when the sheet has no cells."""

    @property
    def start_column(self) -> int | None:
        return None if self.columns is None else self.columns[0]

    @property
    def width(self) -> int:
        return 0 if self.columns is None else self.columns[1] - self.columns[0] + 1

    # -- pass 1: the used columns --
    def _used_columns(self) -> tuple[int, int] | None:
        bounds: list[tuple[int, int] | None] = [None]

        def widen(_row: int, col: int, _value: Any) -> None:
            current = bounds[0]
            if current is None:
                bounds[0] = (col, col)
            elif not current[0] <= col <= current[1]:
                bounds[0] = (min(current[0], col), max(current[1], col))

        # Values are not read here (no shared strings, no dates): only whether a cell has one.
        parser = _Parser(_NoValues(), widen)

        def fast(buf: bytes, pos: int, end: int) -> bool:
            return self._widen_fast(buf, pos, end, bounds, widen)

        for _ in _drive(self.book, self.info, parser, fast, _nothing):
            pass
        return bounds[0]

    def _widen_fast(
        self,
        buf: bytes,
        pos: int,
        end: int,
        bounds: list[tuple[int, int] | None],
        widen: Callable[[int, int, Any], None],
    ) -> bool:
        """Widen the bounds by the cells of buf[pos:end] outside them; False if it needs the parser."""
        if not _plain(buf, pos, end):
            return False
        search = _widening(bounds[0]).search
        while (found := search(buf, pos, end)) is not None:
            start = found.start()
            close = buf.find(b"</c>", start, end)
            if not buf.startswith(b'<c r="', start) or close == -1:
                return False  # a cell without a leading reference, or rich text
            col = _lone_cell(buf, start, close + 4)
            if col is not None:
                widen(0, col, None)
                search = _widening(bounds[0]).search
            pos = close + 4
        return True

    # -- pass 2: the rows --
    def numbered_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(Excel row number, cells from the first used column) for each row holding a cell."""
        if self.columns is None:
            return
        yield from _RowReader(self).rows()

    def iter_rows(self) -> Iterator[list[Any]]:
        """Every row from the sheet's first, padded as python-calamine's `iter_rows` gives them."""
        width = self.width
        previous = 0
        for number, row in self.numbered_rows():
            for _ in range(previous + 1, number):
                yield [""] * width
            yield row
            previous = number


def _nothing() -> Iterator[tuple[int, list[Any]]]:
    return iter(())


def _drive(
    book: XlsxStream,
    info: zipfile.ZipInfo,
    parser: _Parser,
    fast: Callable[[bytes, int, int], bool],
    flush: Callable[[], Iterator[tuple[int, list[Any]]]],
) -> Iterator[tuple[int, list[Any]]]:
    """Read a worksheet part chunk by chunk: each run of complete cells goes to `fast` when it can
    describe them all (False: it changed nothing), the rest to the parser; after each chunk, hand
    out what `flush` has (the rows completed)."""
    blocks = _blocks(book, info)
    try:
        leftover = b""
        for block in blocks:
            buf = leftover + block if leftover else block
            pos = 0
            while parser.state != _DONE:
                if parser.state == _DATA:
                    cut = _cut(buf, pos)
                    if cut != -1:
                        if fast(buf, pos, cut):
                            _fast_state(parser, buf, pos, cut)
                            pos = cut
                            continue
                        new = parser.run(buf, pos, cut, final=False)  # the marked region
                        if new > pos:
                            pos = new
                            continue
                # Before the sheet data, inside a cell, or no complete cell: the exact way,
                # until the parser is between cells again.
                new = parser.run(buf, pos, len(buf), final=False, until_data=True)
                if new == pos:
                    break
                pos = new
            yield from flush()
            if parser.state == _DONE:
                return
            leftover = buf[pos:]
        parser.run(leftover, 0, len(leftover), final=True)
        parser.finish()
    finally:
        blocks.close()  # closes the file when the sheet data ends early
    yield from flush()


def _lone_cell(buf: bytes, start: int, end: int) -> int | None:
    """The column of one complete cell with a reference when it holds a value, else None."""
    match = _CELLS.fullmatch(buf, start, end)
    if match is not None:
        letters, _row, _style, cell_type, v, trimmed, kept = match.groups()
        if trimmed or kept:
            return _column_index(letters)
        if not v or cell_type in _SKIPPED_V_TYPES:
            return None
        if cell_type in _FIRST_TYPES and v.startswith(b"&"):
            return None  # calamine reads a reference first as no value
        return _column_index(letters)
    found: list[int] = []
    parser = _Parser(_NoValues(), lambda _row, col, _value: found.append(col))
    parser.state = _DATA
    parser.run(buf, start, end, final=True)
    return found[-1] if found else None


class _NoValues:
    """Stands in for the book while finding columns: any present value is just 'a value'."""

    def first_value(self, raw: bytes, cell_type: bytes | None, style: bytes | None) -> Any:
        return True

    def owned_value(self, cell_type: bytes | None, text: str) -> Any:
        return True


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
        parser.col_index = _column_index(last.group(1)) + 1


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


class _RowReader:
    """Pass 2: cells into rows, handed out as each row completes."""

    def __init__(self, sheet: StreamedSheet) -> None:
        assert sheet.columns is not None
        self.sheet = sheet
        self.book = sheet.book
        first, last = sheet.columns
        self.first = first
        self.width = last - first + 1
        self.columns = {column_letters(c + 1).encode(): c - first for c in range(first, last + 1)}
        self.number = 0  # current row (1-based), 0 before the first
        self.row: list[Any] | None = None
        self.out: list[tuple[int, list[Any]]] = []
        self.parser = _Parser(self.book, self._add)

    def _add(self, row: int, col: int, value: Any) -> None:
        number = row + 1
        if number != self.number:
            self._new_row(number)
        index = col - self.first
        if not 0 <= index < self.width or self.row is None:
            raise XlsxStreamError("has a cell outside the range found when the sheet was scanned")
        self.row[index] = value

    def _new_row(self, number: int) -> None:
        if number < self.number:
            raise XlsxStreamError(
                f"has its rows out of order (row {number} comes after row {self.number}); "
                "a sheet this large is read row by row, so sort it or save it again in Excel"
            )
        if self.row is not None:
            self.out.append((self.number, self.row))
        self.number = number
        self.row = [""] * self.width

    def _flush(self) -> Iterator[tuple[int, list[Any]]]:
        out, self.out = self.out, []
        return iter(out)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        yield from _drive(self.book, self.sheet.info, self.parser, self._fast, self._flush)
        if self.row is not None:
            yield self.number, self.row
            self.row = None

    def _fast(self, buf: bytes, pos: int, end: int) -> bool:
        """Rows from buf[pos:end] when every cell in it is written the usual way, else False."""
        if not _plain(buf, pos, end):
            return False
        cells = _CELLS.findall(buf, pos, end)
        count = buf.count(b"<c", pos, end)
        if len(cells) != count:
            cells = self._with_empty_v(_CELLS_EMPTY_V.findall(buf, pos, end))
            if len(cells) != count:
                return False  # some cell (or rich text) the patterns do not describe
        amp = buf.find(b"&", pos, end) != -1
        cr = buf.find(b"\r", pos, end) != -1
        try:
            self._fast_cells(cells, amp, cr)
        except UnicodeDecodeError:
            raise XlsxStreamError("contains text that is not valid UTF-8") from None
        return True

    def _with_empty_v(self, found: list[tuple[bytes, ...]]) -> list[tuple[bytes, ...]]:
        """Cells with an empty <v/> in the seven groups of the usual pattern: no value, except in
        a text (str) or ISO-date (d) cell, where it is the empty string."""
        cells = []
        for letters, ref_row, style, cell_type, v, trimmed, kept, empty_v in found:
            if empty_v and cell_type not in _PLAIN_V_TYPES:
                self.book.owned_value(cell_type, "")  # raises for an unknown type
                cells.append((letters, ref_row, style, b"", b"", b" ", b""))  # reads as ""
            else:
                cells.append((letters, ref_row, style, cell_type, v, trimmed, kept))
        return cells

    def _fast_cells(self, cells: list[Any], amp: bool, cr: bool) -> None:
        """The hot loop, one tuple per cell. `amp`, `cr`: the chunk has a '&' or a carriage return
        somewhere (text with either goes through `_text`)."""
        book = self.book
        strings = book._strings
        dates = book.date_styles()
        is_1904 = book.is_1904
        columns = self.columns
        width = self.width
        out = self.out
        number, row = self.number, self.row
        current = b""
        float_, decode, strip, ws = float, bytes.decode, str.strip, _XML_WS
        plain_number = _FLOAT.fullmatch
        for letters, ref_row, style, cell_type, v, trimmed, kept in cells:
            if v:
                if not cell_type or cell_type == b"n":
                    if not (v.isdigit() or v.replace(b".", b"", 1).isdigit() or plain_number(v)):
                        # Not a number as calamine reads one: text, an error, or a reference.
                        head = v.partition(b"&")[0]
                        if not head:
                            continue
                        value = book.first_value(head, cell_type or None, style or None)
                    elif style and (entry := dates.get(style)) is not None:
                        kind, cache = entry
                        value = cache.get(v)
                        if value is None:
                            if len(cache) > 65_536:
                                cache.clear()
                            value = cache[v] = excel_date_value(float_(v), kind, is_1904)
                    else:
                        value = float_(v)
                elif cell_type == b"s":
                    if v.isdigit() and len(v) < 19:
                        index = int(v)
                    else:
                        head = v.partition(b"&")[0]
                        if not head:
                            continue
                        index = _usize(head)
                    if strings is None:
                        strings = book.strings
                    if index >= len(strings):
                        raise XlsxStreamError("refers to a shared string that does not exist")
                    value = strings[index]
                elif cell_type == b"str":
                    value = _text(v) if (amp and b"&" in v) or (cr and b"\r" in v) else decode(v)
                elif cell_type in _SKIPPED_V_TYPES:
                    continue
                elif cell_type in _FIRST_TYPES:  # b, e
                    head = v.partition(b"&")[0]
                    if not head:
                        continue
                    value = book.first_value(head, cell_type, style or None)
                else:
                    value = book.owned_value(cell_type, _text(v))
            elif trimmed:
                if (amp and b"&" in trimmed) or (cr and b"\r" in trimmed):
                    value = strip(_text(trimmed), ws)
                else:
                    value = strip(decode(trimmed), ws)
            elif kept:
                value = _text(kept) if (amp and b"&" in kept) or (cr and b"\r" in kept) else decode(kept)
            else:
                continue  # a cell without a value
            if ref_row != current:
                new = int(ref_row)
                if new != number:
                    if new < number:
                        self.number, self.row = number, row
                        self._new_row(new)  # raises: out of order
                    if row is not None:
                        out.append((number, row))
                    row = [""] * width
                    number = new
                current = ref_row
            try:
                row[columns[letters]] = value  # type: ignore[index]
            except KeyError:
                raise XlsxStreamError(
                    "has a cell outside the range found when the sheet was scanned"
                ) from None
        self.number, self.row = number, row


def read_error(exc: BaseException) -> str:
    """A one-line reason for a failure while streaming, for InputFileError."""
    if isinstance(exc, XlsxStreamError):
        return str(exc)
    if isinstance(exc, ScanRejected):
        return f"the worksheet {exc}"
    if isinstance(exc, zlib.error):
        return "is damaged (its compressed data is corrupt)"
    if isinstance(exc, OSError):
        return f"cannot be read: {exc.strerror or exc}"
    return f"cannot be read as a workbook ({type(exc).__name__}: {exc})"
