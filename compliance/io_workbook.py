"""Open workbooks with calamine and stream their rows with the row numbers Excel shows.

Only called on files that passed `file_safety`; every calamine failure still becomes one
InputFileError, including a Rust panic, which pyo3 raises as a BaseException.

calamine reads a sheet whole; an .xlsx/.xlsm sheet beyond the budget below is read row by row by
`compliance.xlsx_stream` instead, which gives the same values (see `SheetLoader`), in a second
process where the machine has a second core (`compliance.read_ahead`).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from typing import Any

import python_calamine as calamine

from compliance.errors import InputFileError
from compliance.limits import STREAM_SHEET_BYTES
from compliance.read_ahead import ReadAheadError, rows_read_ahead
from compliance.xlsx_stream import StreamedSheet, XlsxStream, read_error


def _is_panic(exc: BaseException) -> bool:
    return type(exc).__name__ == "PanicException"


def calamine_error(exc: BaseException, path: str, sheet: str | None = None) -> InputFileError:
    """Translate a calamine (or I/O) failure into one readable InputFileError."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "checksum" in detail.lower():
        message = "is damaged: part of it fails its checksum (the file was altered or cut short)"
    elif isinstance(exc, calamine.PasswordError):
        message = "is password-protected; remove the password in Excel and save it again"
    elif isinstance(exc, calamine.WorksheetNotFound):
        message = "the sheet cannot be found in the workbook"
    elif isinstance(exc, calamine.ZipError):
        message = f"is damaged: its zip container cannot be read ({detail})"
    elif isinstance(exc, calamine.XmlError):
        message = f"is damaged: it contains malformed XML ({detail})"
    elif isinstance(exc, calamine.CalamineError):
        message = f"cannot be read as a workbook ({detail})"
    elif isinstance(exc, UnicodeError):
        message = "contains text that cannot be decoded"
    elif isinstance(exc, OSError):
        message = f"cannot be read: {exc.strerror or detail}"
    elif _is_panic(exc):
        message = f"is damaged: the workbook reader failed on it ({detail})"
    else:
        message = f"cannot be read as a workbook ({type(exc).__name__}: {detail})"
    return InputFileError(message, path=path, sheet=sheet)


def _guarded(exc: BaseException) -> bool:
    return isinstance(exc, Exception) or _is_panic(exc)


def open_workbook(path: str) -> calamine.CalamineWorkbook:
    """Open a vetted workbook read-only."""
    try:
        return calamine.CalamineWorkbook.from_path(path)
    except BaseException as exc:
        if not _guarded(exc):
            raise
        raise calamine_error(exc, path) from None


def sheet_kinds(workbook: calamine.CalamineWorkbook) -> list[tuple[str, str]]:
    """(sheet name, 'worksheet' | 'chart' | 'macro' | 'dialog' | 'vba') in workbook order."""
    # The enum is not hashable; its repr ends in the member name ("SheetTypeEnum.ChartSheet").
    names = {
        "WorkSheet": "worksheet",
        "ChartSheet": "chart",
        "MacroSheet": "macro",
        "DialogSheet": "dialog",
        "Vba": "vba",
    }
    return [
        (m.name, names.get(str(m.typ).rsplit(".", 1)[-1], "worksheet"))
        for m in workbook.sheets_metadata
    ]


def load_sheet(
    workbook: calamine.CalamineWorkbook, name: str, path: str
) -> calamine.CalamineSheet:
    """Read one sheet's cells into memory (calamine reads a sheet whole)."""
    try:
        return workbook.get_sheet_by_name(name)
    except BaseException as exc:
        if not _guarded(exc):
            raise
        raise calamine_error(exc, path, name) from None


def sheet_rows(sheet: calamine.CalamineSheet) -> tuple[int, Iterator[tuple[int, list[Any]]]]:
    """(first column's 0-based index, iterator of (Excel row number, row's cells from there))."""
    start = sheet.start
    if start is None:
        return 0, iter(())
    # python-calamine 0.9 pads the rows above the used range, so row i is Excel row i + 1, but
    # each row starts at the used range's first column: the caller shifts column indexes by it.
    return start[1], enumerate(sheet.iter_rows(), 1)


RowSource = Iterator[tuple[int, list[Any]]]


PROCESSES_VARIABLE = "SANCTIONS_DESK_PROCESSES"
"""Set to 1 to keep all reading in one process (a shared server, or to compare timings)."""


def read_ahead_wanted() -> bool:
    """Whether a streamed sheet is parsed by a second process: on a machine with a second core."""
    allowed = os.environ.get(PROCESSES_VARIABLE, "").strip()
    if allowed.isdigit():
        return int(allowed) > 1
    return (os.cpu_count() or 1) > 1


def _streamed(sheet: StreamedSheet, path: str, name: str) -> RowSource:
    try:
        yield from sheet.numbered_rows()
    except Exception as exc:
        raise InputFileError(read_error(exc), path=path, sheet=name) from None


def _read_ahead(stream: XlsxStream, name: str, columns: tuple[int, int]) -> RowSource:
    try:
        yield from rows_read_ahead(stream.path, name, columns, stream.identity)
    except ReadAheadError as exc:
        raise InputFileError(str(exc), path=stream.path, sheet=name) from None


class SheetLoader:
    """Reads a workbook's sheets with calamine, or streams those that would not fit in memory.

    calamine holds a whole sheet (and the importer keeps each planned sheet until its rows are
    read), so the worksheet XML given to it per workbook is kept within STREAM_SHEET_BYTES; an
    .xlsx/.xlsm sheet beyond that is streamed. Both ways give the same rows; an ordinary workbook
    (expanding to less than the budget in all) never opens the streaming reader.
    """

    def __init__(self, workbook: calamine.CalamineWorkbook, path: str, kind: str) -> None:
        self.workbook = workbook
        self.path = path
        self.loaded = 0
        self.stream: XlsxStream | None = None
        if kind == "xlsx" and _expanded_size(path) > STREAM_SHEET_BYTES:
            try:
                self.stream = XlsxStream(path)
            except Exception:  # calamine reads it then (or reports what is wrong with it)
                self.stream = None

    def rows(self, name: str) -> tuple[int, RowSource]:
        """(first column's 0-based index, iterator of (Excel row number, row's cells from there))."""
        part = self.stream.sheet_part(name) if self.stream is not None else None
        if part is not None and self.loaded + part.file_size > STREAM_SHEET_BYTES:
            return self._stream(name)
        if part is not None:
            self.loaded += part.file_size
        return sheet_rows(load_sheet(self.workbook, name, self.path))

    def _stream(self, name: str) -> tuple[int, RowSource]:
        assert self.stream is not None
        try:
            sheet = self.stream.sheet(name)  # reads the part once for its used columns
        except Exception as exc:
            raise InputFileError(read_error(exc), path=self.path, sheet=name) from None
        if sheet.columns is None:
            return 0, iter(())
        if read_ahead_wanted():
            return sheet.columns[0], _read_ahead(self.stream, name, sheet.columns)
        return sheet.columns[0], _streamed(sheet, self.path, name)


def _expanded_size(path: str) -> int:
    """What the workbook's parts add up to once inflated (the safety scan has vetted them)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return 0
