"""The one place errors reach the user: a short message box, never a traceback."""

from __future__ import annotations

import logging
import re

from PySide6.QtWidgets import QMessageBox, QWidget

from compliance.model.errors import ComplianceError

log = logging.getLogger(__name__)

GENERIC_MESSAGE = (
    "Something unexpected went wrong, and the operation was stopped. "
    "The results already on screen are unchanged. The details were written to the log."
)


_ERRNO = re.compile(r"\[(?:Errno|WinError) -?\d+\]\s*|\b(?:errno|error code) -?\d+[:,]?\s*", re.IGNORECASE)


def officer_text(line: str) -> str:
    """A message as the officer reads it: no errno numbers, and a capital first letter."""
    line = _ERRNO.sub("", line).strip()
    return line[:1].upper() + line[1:]


def error_text(exc: BaseException) -> str:
    """What the user is told: the one-line reason the CLI prints too, else a generic line."""
    if isinstance(exc, ComplianceError):
        line, message = exc.one_line(), exc.message
        if line != message and line.endswith(": " + message):
            # What is wrong first, with a capital; then where (file, sheet, row, column), as the CLI says it.
            return f"{officer_text(message)} ({line[: -len(message) - 2]})"
        return officer_text(line)
    return GENERIC_MESSAGE


def show_error(parent: QWidget | None, exc: BaseException, here: dict[str, str] | None = None) -> None:
    """Tell the user an operation failed; unexpected errors are logged with their traceback.

    `here` rewrites what the message says to do when the officer is already where it points
    ({"File > Designation lists": "Add file…"} inside that dialog).
    """
    if isinstance(exc, ComplianceError):
        log.warning("%s", exc.one_line())  # the same line the CLI prints, for whoever reads logs
        text = error_text(exc)
        for menu, control in (here or {}).items():
            text = text.replace(f"with {menu}", f"with {control}").replace(menu, control)
        QMessageBox.warning(parent, "Sanctions Desk", text)
        return
    # The traceback goes to the log for whoever supports the app, not to the compliance officer.
    log.error("Unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    QMessageBox.critical(parent, "Sanctions Desk", error_text(exc))
