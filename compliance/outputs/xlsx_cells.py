"""Cells of the results workbook: ledger values as Excel stores them, text that can never run.

Ledger text is untrusted: a cell such as '=HYPERLINK(...)' or '+1' is always written as a string (with
Excel's quote prefix, so that editing it cannot turn it into a formula either), never as a formula.
The results workbook is written with xlsxwriter (`CellWriter`); the openpyxl `text_cell` and styles
remain for the decisions export, which writes with openpyxl.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
import weakref
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, NamedTuple

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray

from compliance.outputs.palette import CHANGE_TINTS, STATUS_TINTS, excel_rgb

STATUS_COLOURS: Final = {name: excel_rgb(colour) for name, colour in {**STATUS_TINTS, **CHANGE_TINTS}.items()}
HEADER_COLOUR: Final = "E4E8EE"
MAX_CELL: Final = 32767  # Excel's limit on the characters in one cell
ERROR_CODES: Final = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
"""Text Excel would read as an error value if typed: written as quoted text."""
CONTROL_CHARACTERS: Final = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
"""Characters an XML worksheet cannot hold (tab, line feed and carriage return are allowed)."""
_FORMULA_STARTS: Final = ("=", "+", "-", "@")
_EXACT_INTEGER: Final = 2**53  # past this a whole number would lose digits as an Excel number


def needs_quote(text: str) -> bool:
    """True when Excel could read the text as a formula: =, +, - or @ first, even after blanks or tabs."""
    return text.lstrip(" \t\r\n\u00a0").startswith(_FORMULA_STARTS) or text.startswith(("\t", "\r"))


def safe_text(text: str) -> str:
    """Text Excel accepts: control characters replaced, line ends as XML reads them, at most 32,767 characters."""
    text = CONTROL_CHARACTERS.sub("\ufffd", text)
    if "\r" in text:  # an XML reader turns CR LF and a lone CR into LF: write what will be read
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[:MAX_CELL]


def excel_value(value: Any) -> Any:
    """A ledger value as Excel can store it (numbers, dates, text); anything else becomes text."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else str(value)
    if isinstance(value, dt.datetime):
        # Excel has no time zones; keep an aware time as written rather than shift it.
        return value if value.tzinfo is None else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return value
    return safe_text(value if isinstance(value, str) else str(value))


@dataclass(frozen=True, slots=True)
class Style:
    """How a cell looks: a bold or larger font, a fill colour, a header's wrapped text."""

    bold: bool = False
    size: float | None = None
    fill: str | None = None
    """RGB, as in STATUS_COLOURS."""
    header: bool = False
    """Wrapped text at the bottom of the cell, as a column header."""


BOLD_TEXT: Final = Style(bold=True)
HEADER: Final = Style(bold=True, fill=HEADER_COLOUR, header=True)
STATUS_STYLES: Final = {status: Style(fill=colour) for status, colour in STATUS_COLOURS.items()}


class Styled(NamedTuple):
    """A value and its style, for rows written cell by cell with different styles."""

    value: Any
    style: Style | None


_DATE_FORMATS: Final = (
    (dt.datetime, "yyyy-mm-dd hh:mm:ss"),  # before date: a datetime is a date too
    (dt.date, "yyyy-mm-dd"),
    (dt.time, "hh:mm:ss"),
    (dt.timedelta, "[h]:mm:ss"),
)


class CellWriter:
    """Writes ledger values into one xlsxwriter workbook, each through the call for its type.

    Text goes through `write_string` only (never `write`, which would take '=...' for a formula), so no
    ledger text can become a formula; formats are made once per combination and reused.
    """

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self._formats: dict[tuple[Style | None, bool, str | None], Any] = {}

    def format(self, style: Style | None, quote: bool = False, number_format: str | None = None) -> Any:
        """The workbook's format for this combination (None for a plain cell)."""
        key = (style, quote, number_format)
        if key in self._formats:
            return self._formats[key]
        props: dict[str, Any] = {}
        if style is not None:
            if style.bold:
                props["bold"] = True
            if style.size:
                props["font_size"] = style.size
            if style.fill:
                props.update(pattern=1, bg_color=f"#{style.fill}")
            if style.header:
                props.update(text_wrap=True, valign="bottom")
        if quote:
            props["quote_prefix"] = True
        if number_format:
            props["num_format"] = number_format
        made = self.workbook.add_format(props) if props else None
        self._formats[key] = made
        return made

    def text(self, ws: Any, row: int, col: int, text: str, style: Style | None = None) -> None:
        """Write text as a string, quote-prefixed when Excel could read it as a formula or an error."""
        risky = needs_quote(text)
        text = safe_text(text)
        if not text:
            if style is not None:
                ws.write_blank(row, col, None, self.format(style))
            return
        ws.write_string(row, col, text, self.format(style, risky or text in ERROR_CODES))

    def put(self, ws: Any, row: int, col: int, value: Any, style: Style | None = None) -> None:
        """Write one ledger value: text as a string, numbers, booleans and dates as themselves."""
        if isinstance(value, str):
            self.text(ws, row, col, value, style)
            return
        value = excel_value(value)
        if value is None:
            if style is not None:
                ws.write_blank(row, col, None, self.format(style))
        elif isinstance(value, str):
            self.text(ws, row, col, value, style)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, self.format(style))
        elif isinstance(value, int) and not -_EXACT_INTEGER <= value <= _EXACT_INTEGER:
            ws.write_string(row, col, str(value), self.format(style))  # every digit kept, as text
        elif isinstance(value, int | float):
            ws.write_number(row, col, value, self.format(style))
        else:
            number_format = next(f for kind, f in _DATE_FORMATS if isinstance(value, kind))
            ws.write_datetime(row, col, value, self.format(style, number_format=number_format))

    def row(self, ws: Any, row: int, values: list[Any], style: Style | None = None) -> None:
        """Write a row from column A; a `Styled` value carries its own style, others take `style`."""
        for col, value in enumerate(values):
            if isinstance(value, Styled):
                self.put(ws, row, col, value.value, value.style)
            else:
                self.put(ws, row, col, value, style)


# -- openpyxl, for the decisions export ---------------------------------------------------------------------------

STATUS_FILLS: Final = {status: PatternFill("solid", start_color=colour) for status, colour in STATUS_COLOURS.items()}
HEADER_FILL: Final = PatternFill("solid", start_color=HEADER_COLOUR)
BOLD: Final = Font(bold=True)
HEADER_ALIGNMENT: Final = Alignment(wrap_text=True, vertical="bottom")

_STYLES: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], tuple[StyleArray, tuple[Any, ...]]]] = (
    weakref.WeakKeyDictionary()
)
"""Per openpyxl workbook, each combination of styles already registered (registering one hashes every
style object, which costs more than the rest of writing the cell)."""


def _styled(ws: Any, cell: Any, risky: bool, style: dict[str, Any]) -> None:
    known = _STYLES.setdefault(ws.parent, {})
    # The objects themselves are kept with the entry, so their ids cannot be reused by others.
    key = (risky, *((name, id(setting)) for name, setting in style.items()))
    found = known.get(key)
    if found is not None:
        cell._style = copy.copy(found[0])
        return
    if risky:
        cell.quotePrefix = True
    for name, setting in style.items():
        setattr(cell, name, setting)
    known[key] = (copy.copy(cell._style), tuple(style.values()))


def text_cell(ws: Any, value: Any, **style: Any) -> Any:
    """An openpyxl write-only cell for `value`; text is always stored as a string, quote-prefixed when
    it looks like a formula."""
    value = excel_value(value)
    risky = False
    if not isinstance(value, str):
        if not style:
            return value
        cell = WriteOnlyCell(ws, value)
    else:
        risky = needs_quote(value) or value in ERROR_CODES
        if not risky and not style:
            return value
        cell = WriteOnlyCell(ws, value)
        # openpyxl reads a leading '=' as a formula and '#N/A' as an error: force plain text.
        cell.data_type = "s"
    _styled(ws, cell, risky, style)
    return cell


__all__ = [
    "BOLD", "BOLD_TEXT", "CONTROL_CHARACTERS", "ERROR_CODES", "HEADER", "HEADER_ALIGNMENT", "HEADER_COLOUR",
    "HEADER_FILL", "MAX_CELL", "STATUS_COLOURS", "STATUS_FILLS", "STATUS_STYLES", "CellWriter", "Style", "Styled",
    "excel_value", "needs_quote", "safe_text", "text_cell",
]  # fmt: skip
