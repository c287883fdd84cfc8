"""The one place errors reach the user: a short message box, never a traceback."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from compliance.errors import ComplianceError

log = logging.getLogger(__name__)

GENERIC_MESSAGE = (
    "Something unexpected went wrong, and the operation was stopped. "
    "The results already on screen are unchanged. The details were written to the log."
)


def error_text(exc: BaseException) -> str:
    """What the user is told: the one-line reason the CLI prints too, else a generic line."""
    if isinstance(exc, ComplianceError):
        return exc.one_line()
    return GENERIC_MESSAGE


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Tell the user an operation failed; unexpected errors are logged with their traceback."""
    if isinstance(exc, ComplianceError):
        log.warning("%s", exc.one_line())  # the same line the CLI prints, for whoever reads logs
        QMessageBox.warning(parent, "Sanctions Desk", error_text(exc))
        return
    # The traceback goes to the log for whoever supports the app, not to the compliance officer.
    log.error("Unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    QMessageBox.critical(parent, "Sanctions Desk", error_text(exc))
