"""Find the formula cells of a worksheet whose value cannot be trusted as read.

calamine gives a formula cell's stored (cached) result and cannot tell it from a typed value: a
formula saved without its result reads as an empty cell, and a workbook that asks to be
recalculated on opening may hold results that no longer match their formulas. Only sheets the
safety scan saw holding <f> elements are read here, and only formulas are looked at, not every
cell.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Collection
from typing import Final

from compliance.intake.safety.xml_scan import ScanRejected, column_number, utf8_chunks
from compliance.intake.safety.zip_scan import inflate
from compliance.model.errors import InputFileError

UNSTORED: Final = "this cell is a formula; its value was not stored"
STALE: Final = (
    "this cell is a formula and the workbook asks for recalculation on opening; the stored value may be stale"
)

_FORMULA = re.compile(rb"<([A-Za-z_][\w.-]*:)?f[\s/>]")
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{1,3})(\d+)["']""")
_ROW_REF = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])([^>]*)>")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:v|t)(?:\s[^>]*)?>\s*[^<\s]")

_AFTER_NAME = (b" ", b">", b"\t", b"\n", b"\r")

FormulaCells = dict[int, dict[int, str]]
"""Excel row number -> {0-based column: UNSTORED or STALE}."""


_ROW_CLOSE_PREFIX = re.compile(rb"(?:[A-Za-z_][\w.-]*:)?")


def _after_last_row(buf: bytes) -> int:
    """Where the last complete row ends (0 if none): rows are scanned whole, never cut."""
    end = len(buf)
    while (found := buf.rfind(b"row>", 0, end)) != -1:
        opening = buf.rfind(b"</", 0, found)
        if opening != -1 and _ROW_CLOSE_PREFIX.fullmatch(buf, opening + 2, found):
            return found + 4
        end = found
    return 0


def _cell_position(buf: bytes, cell_start: int, prefix: bytes) -> tuple[int, int] | None:
    """(row, 0-based column) of the cell starting at cell_start, replaying calamine's positioning."""
    tag = _CELL_TAG.match(buf, cell_start)
    ref = _REF.search(tag.group(1)) if tag else None
    if ref:
        return int(ref.group(2)), column_number(ref.group(1)) - 1
    row_start = buf.rfind(b"<" + prefix + b"row", 0, cell_start)
    if row_start == -1:
        return None
    row_tag = buf[row_start : buf.find(b">", row_start) + 1]
    row_ref = _ROW_REF.search(row_tag)
    if not row_ref:
        return None
    column = -1
    for earlier in _CELL_TAG.finditer(buf, row_start, cell_start + 1):
        found = _REF.search(earlier.group(1))
        column = column_number(found.group(1)) - 1 if found else column + 1
    return int(row_ref.group(1)), column


def formula_cells(
    path: str, part: str, columns: Collection[int], recalculate: bool, label: str, sheet: str
) -> FormulaCells:
    """The formula cells of the given columns whose value is missing (or, when the workbook asks
    for recalculation, every one of them), by row."""
    wanted = set(columns)
    found: FormulaCells = {}
    try:
        with open(path, "rb") as handle:
            info = zipfile.ZipFile(handle).getinfo(part)
            carry = b""
            for chunk in utf8_chunks(inflate(handle, info)):
                buf = carry + chunk
                cut = _after_last_row(buf)
                ready, carry = buf[:cut], buf[cut:]
                _scan(ready, wanted, recalculate, found, label, sheet)
            _scan(carry, wanted, recalculate, found, label, sheet)
    except (OSError, KeyError, zipfile.BadZipFile, ScanRejected) as exc:
        raise InputFileError(f"its formulas cannot be read ({exc})", path=label, sheet=sheet) from None
    return found


def _scan(buf: bytes, wanted: set[int], recalculate: bool, found: FormulaCells, label: str, sheet: str) -> None:
    for match in _FORMULA.finditer(buf):
        prefix = match.group(1) or b""
        opening = b"<" + prefix + b"c"
        cell_start = buf.rfind(opening, 0, match.start())
        # "<col" and other tags starting like a cell's are passed over.
        while cell_start != -1 and buf[cell_start + len(opening) : cell_start + len(opening) + 1] not in _AFTER_NAME:
            cell_start = buf.rfind(opening, 0, cell_start)
        position = _cell_position(buf, cell_start, prefix) if cell_start != -1 else None
        if position is None:
            raise InputFileError(
                "has a formula cell whose row cannot be told; save the workbook again in Excel",
                path=label,
                sheet=sheet,
            )
        row, column = position
        if column not in wanted:
            continue
        end = buf.find(b"</" + prefix + b"c>", match.start())
        stored = _VALUE.search(buf, match.start(), end if end != -1 else len(buf))
        if stored is None:
            found.setdefault(row, {})[column] = UNSTORED
        elif recalculate:
            found.setdefault(row, {})[column] = STALE
