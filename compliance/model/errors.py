"""Typed errors that carry what the officer needs to fix the input: file, sheet, row, column."""

from __future__ import annotations


class ComplianceError(Exception):
    """Base of every error the engine reports to a user; its text is one readable line."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.sheet = sheet
        self.row = row
        self.column = column
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The error as one line: where first (file, sheet, row, column), then what is wrong."""
        where = []
        if self.path:
            where.append(self.path)
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class RuleFileError(ComplianceError):
    """A rule pack is missing, unreadable or does not validate."""


class InputFileError(ComplianceError):
    """A workbook or csv cannot be screened: not a spreadsheet, corrupt, encrypted, unsafe, empty."""


class UsageError(ComplianceError):
    """The command line or a setting asks for something impossible (unknown field, bad date)."""


class OutputFileError(ComplianceError):
    """A result file could not be written; nothing partial is left behind."""
