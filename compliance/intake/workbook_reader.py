"""Open workbooks with calamine and stream their rows with the row numbers Excel shows.

Only called on files that passed `file_safety`; every calamine failure still becomes one
InputFileError, including a Rust panic, which pyo3 raises as a BaseException.

calamine reads a sheet whole; an .xlsx/.xlsm sheet beyond the budget below is read row by row by
`compliance.intake.xlsx_stream` instead, which gives the same values (see `SheetLoader`), in a second
process where the machine has a second core (`compliance.intake.read_ahead`).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from typing import Any

import python_calamine as calamine

from compliance.intake.limits import MAX_CELL_TEXT, STREAM_SHEET_BYTES
from compliance.intake.read_ahead import ReadAheadError, rows_read_ahead
from compliance.intake.safety.vet import CheckedFile
from compliance.intake.safety.zip_scan import SheetPart
from compliance.intake.xlsx_stream import StreamedSheet, XlsxStream, read_error
from compliance.model.errors import InputFileError


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


def open_workbook(path: str, label: str | None = None) -> calamine.CalamineWorkbook:
    """Open a vetted workbook read-only (`label` names it in messages, when `path` is a private copy)."""
    try:
        return calamine.CalamineWorkbook.from_path(path)
    except BaseException as exc:
        if not _guarded(exc):
            raise
        raise calamine_error(exc, label or path) from None


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
    return [(m.name, names.get(str(m.typ).rsplit(".", 1)[-1], "worksheet")) for m in workbook.sheets_metadata]


def load_sheet(workbook: calamine.CalamineWorkbook, name: str, path: str) -> calamine.CalamineSheet:
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


def _read_ahead(stream: XlsxStream, name: str, columns: tuple[int, int], part: str | None, label: str) -> RowSource:
    try:
        yield from rows_read_ahead(stream.path, name, columns, stream.identity, part)
    except ReadAheadError as exc:
        raise InputFileError(str(exc), path=label, sheet=name) from None


def _mib(size: int) -> str:
    return f"{size / 1024**2:,.0f} MiB"


class SheetLoader:
    """Reads a workbook's sheets with calamine, or streams those that would not fit in memory.

    calamine holds a whole sheet (and the importer keeps each planned sheet until its rows are
    read), so the worksheet XML given to it per workbook is kept within STREAM_SHEET_BYTES, and the
    shared-string text it would copy into cells within MAX_CELL_TEXT; an .xlsx/.xlsm sheet beyond
    either is streamed. Both ways give the same rows; an ordinary workbook never opens the
    streaming reader.

    Sheets are addressed by their position in the workbook, which names their part: a crafted
    .xlsx may give two sheets one name, and calamine finds only the first of them by name.
    """

    def __init__(self, workbook: calamine.CalamineWorkbook, checked: CheckedFile, names: list[str]) -> None:
        self.workbook = workbook
        self.path = checked.read_path or checked.path
        self.label = checked.path
        self.loaded = 0
        self.text_loaded = 0
        self.stream: XlsxStream | None = None
        facts = checked.workbook
        listed = facts.sheets if facts is not None and checked.kind == "xlsx" else ()
        # The safety scan's list and calamine's agree sheet for sheet, or parts are not used.
        self.parts: tuple[SheetPart, ...] = listed if [p.name for p in listed] == names else ()
        self.text = {p.part: facts.text_bound(p) for p in self.parts} if facts is not None else {}
        wanted = checked.kind == "xlsx" and (
            _expanded_size(self.path) > STREAM_SHEET_BYTES
            or any(bound > MAX_CELL_TEXT for bound in self.text.values())
            or len(set(names)) < len(names)
        )
        if wanted:
            try:
                self.stream = XlsxStream(self.path)
            except Exception:  # calamine reads it then (or reports what is wrong with it)
                self.stream = None

    def part(self, index: int) -> SheetPart | None:
        """The sheet's part as the safety scan saw it (an .xlsx whose sheet list is understood)."""
        return self.parts[index] if index < len(self.parts) else None

    def rows(self, index: int, name: str, first_of_name: bool = True) -> tuple[int, RowSource]:
        """(first column's 0-based index, iterator of (Excel row number, row's cells from there))."""
        part = self.part(index)
        if part is None and not first_of_name:
            # calamine finds a sheet by its name, so it would read the first one again.
            raise InputFileError(
                "has two sheets of this name, and the second cannot be told apart from the first; "
                "rename one of them and save the workbook again",
                path=self.label,
                sheet=name,
            )
        if part is not None:
            text = self.text.get(part.part, 0)
            too_big = (
                not first_of_name
                or self.loaded + part.size > STREAM_SHEET_BYTES
                or self.text_loaded + text > MAX_CELL_TEXT
            )
            if too_big and self.stream is not None:
                return self._stream(name, part.part)
            if not first_of_name:
                raise InputFileError(
                    "has a second sheet of this name that cannot be read on its own; rename one of "
                    "them in Excel and save the workbook again",
                    path=self.label,
                    sheet=name,
                )
            if self.text_loaded + text > MAX_CELL_TEXT:
                raise InputFileError(
                    f"names shared strings that would expand to up to {_mib(text)} of cell text "
                    f"(limit {_mib(MAX_CELL_TEXT)}); it is refused as a crafted file",
                    path=self.label,
                    sheet=name,
                )
            self.loaded += part.size
            self.text_loaded += text
        return sheet_rows(load_sheet(self.workbook, name, self.label))

    def _stream(self, name: str, part: str) -> tuple[int, RowSource]:
        assert self.stream is not None
        try:
            sheet = self.stream.sheet(name, part=part)  # reads the part once for its used columns
        except Exception as exc:
            raise InputFileError(read_error(exc), path=self.label, sheet=name) from None
        if sheet.columns is None:
            return 0, iter(())
        if read_ahead_wanted():
            return sheet.columns[0], _read_ahead(self.stream, name, sheet.columns, part, self.label)
        return sheet.columns[0], _streamed(sheet, self.label, name)


def _expanded_size(path: str) -> int:
    """What the workbook's parts add up to once inflated (the safety scan has vetted them)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return 0
