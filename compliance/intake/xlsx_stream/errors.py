"""What can go wrong while streaming a worksheet, and the one-line reason shown for it."""

from __future__ import annotations

import zlib

from compliance.intake.safety.xml_scan import ScanRejected


class XlsxStreamError(Exception):
    """The worksheet cannot be read (as calamine would fail on it, or rows out of order)."""


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
