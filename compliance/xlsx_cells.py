"""Cells of the results workbook: ledger values as openpyxl stores them, text that can never run.

Ledger text is untrusted: a cell such as '=HYPERLINK(...)' or '+1' is stored as text with Excel's quote
prefix, never as a formula.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import weakref
from decimal import Decimal
from typing import Any, Final

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray

STATUS_FILLS: Final = {
    "prohibited": PatternFill("solid", start_color="F2C4C0"),
    "review": PatternFill("solid", start_color="FBE3A6"),
    "permitted": PatternFill("solid", start_color="D5EAD0"),
    "relaxed": PatternFill("solid", start_color="DDEBF7"),
    "tightened": PatternFill("solid", start_color="F8CBAD"),
}
HEADER_FILL: Final = PatternFill("solid", start_color="E4E8EE")
BOLD: Final = Font(bold=True)
HEADER_ALIGNMENT: Final = Alignment(wrap_text=True, vertical="bottom")
MAX_CELL: Final = 32767  # Excel's limit on the characters in one cell
_FORMULA_STARTS: Final = ("=", "+", "-", "@")


def needs_quote(text: str) -> bool:
    """True when Excel could read the text as a formula: =, +, - or @ first, even after blanks or tabs."""
    return text.lstrip(" \t\r\n\u00a0").startswith(_FORMULA_STARTS) or text.startswith(("\t", "\r"))


def safe_text(text: str) -> str:
    """Text Excel accepts: no control characters openpyxl refuses, at most 32,767 characters."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)[:MAX_CELL]


def excel_value(value: Any) -> Any:
    """A ledger value as openpyxl can store it (numbers, dates, text); anything else becomes text."""
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


_STYLES: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], tuple[StyleArray, tuple[Any, ...]]]] = (
    weakref.WeakKeyDictionary()
)
"""Per workbook, each combination of styles already registered: registering one hashes every style
object, which cost more than the rest of writing the cell (a status fill on every row, a header of
16,384 columns, 4,000 sheets' headers)."""


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
    """A cell for `value`; text is always stored as a string, quote-prefixed when it looks like a formula."""
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
    "BOLD", "HEADER_ALIGNMENT", "HEADER_FILL", "MAX_CELL", "STATUS_FILLS", "excel_value", "needs_quote", "safe_text",
    "text_cell",
]  # fmt: skip
