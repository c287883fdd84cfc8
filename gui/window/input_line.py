"""The lines above the table that say what was read: the workbook's title line and the import notes."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from gui.mapping.model import describe_input, import_notes
from gui.workers import Screening


def show_input(file_label: QLabel, info: QLabel, screening: Screening) -> tuple[str, ...]:
    """Describe the screened workbook and its import notes; returns the notes' full detail, sheet by sheet."""
    title, _notes = describe_input(screening.run, screening.path, screening.as_of)
    file_label.setText(title)
    file_label.setToolTip(title)
    notes = import_notes(screening.run)
    # One short line; the technical detail is behind "details" (and in its tooltip).
    info.setText(f"{escape(notes.line)} — <a href='details'>details</a>" if notes.line else "")
    info.setToolTip("\n".join(notes.details))
    info.setVisible(bool(notes.line))
    return notes.details


def show_details(parent: QWidget, text: str) -> None:
    """How the workbook was read, in full, in a message box."""
    box = QMessageBox(QMessageBox.Icon.Information, "How the workbook was read", text,
                      QMessageBox.StandardButton.Close, parent)  # fmt: skip
    box.exec()
    box.deleteLater()
