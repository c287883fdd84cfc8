"""The dialog in which the officer records a decision on one or more alerts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

DECISION_LABELS: Final = {
    "cleared": "&Cleared (false match, exemption held, or question answered)",
    "blocked": "&Blocked",
    "escalated": "&Escalated",
}


@dataclass(frozen=True, slots=True)
class DecisionChoice:
    """What the officer decided: the decision, the note, who, and any exemption claimed."""

    decision: str
    note: str
    officer: str
    exemption: str | None = None
    valid_until: dt.date | None = None


class DecisionDialog(QDialog):
    """Cleared, blocked or escalated, always with a note and the officer's name; an exemption for a clearance."""

    def __init__(self, parent: QWidget | None, what: str, officer: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Decide")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        heading = QLabel(what, self)
        heading.setWordWrap(True)
        heading.setAccessibleName("Alerts decided")
        layout.addWidget(heading)

        self.choices = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for decision, label in DECISION_LABELS.items():
            button = QRadioButton(label, self)
            self.choices.addButton(button)
            self.buttons[decision] = button
            layout.addWidget(button)
            button.toggled.connect(lambda _on: self._sync())

        form = QFormLayout()
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Why: what was checked, what was found, who was asked")
        self.note.setFixedHeight(self.fontMetrics().height() * 5)
        form.addRow("&Note:", self.note)
        self.exemption = QLineEdit(self)
        self.exemption.setAccessibleName("Exemption reference")
        self.exemption.setPlaceholderText("Only when an exemption is claimed, e.g. 1718 Committee approval")
        form.addRow("E&xemption:", self.exemption)
        until = QHBoxLayout()
        self.has_until = QCheckBox("&Valid until", self)
        self.until = QDateEdit(self)
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.until.setDate(QDate.currentDate().addYears(1))
        self.until.setAccessibleName("Exemption valid until")
        until.addWidget(self.has_until)
        until.addWidget(self.until)
        until.addStretch(1)
        form.addRow("", until)
        self.officer = QLineEdit(officer, self)
        self.officer.setAccessibleName("Officer")
        self.officer.setPlaceholderText("Your name, as the audit log and the report show it")
        form.addRow("&Officer:", self.officer)
        layout.addLayout(form)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b3261e")
        layout.addWidget(self.problem)

        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.box.button(QDialogButtonBox.StandardButton.Ok).setText("Record decision")
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)
        for signal in (
            self.note.textChanged,
            self.exemption.textChanged,
            self.officer.textChanged,
            self.has_until.toggled,
        ):
            signal.connect(lambda *_: self._sync())
        self._sync()

    def decision(self) -> str | None:
        """The decision chosen, if any."""
        return next((d for d, b in self.buttons.items() if b.isChecked()), None)

    def _problem(self) -> str:
        if self.decision() is None:
            return "Choose cleared, blocked or escalated."
        if not self.note.toPlainText().strip():
            return "A decision needs a note."
        if not self.officer.text().strip():
            return "A decision needs the officer's name."
        if self.has_until.isChecked() and not self.exemption.text().strip():
            return "A validity date belongs to an exemption: give its reference."
        return ""

    def _sync(self) -> None:
        clearing = self.decision() == "cleared"
        # An exemption is claimed only to clear an alert.
        self.exemption.setEnabled(clearing)
        self.has_until.setEnabled(clearing)
        self.until.setEnabled(clearing and self.has_until.isChecked())
        problem = self._problem()
        self.problem.setText(problem)
        self.box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def choice(self) -> DecisionChoice:
        """What was entered (call once accepted)."""
        decision = self.decision() or "escalated"
        exemption = self.exemption.text().strip() if decision == "cleared" else ""
        until = None
        if exemption and self.has_until.isChecked():
            d = self.until.date()
            until = dt.date(d.year(), d.month(), d.day())
        return DecisionChoice(
            decision, self.note.toPlainText().strip(), self.officer.text().strip(), exemption or None, until
        )

    @classmethod
    def ask(cls, parent: QWidget | None, what: str, officer: str) -> DecisionChoice | None:
        """Ask for a decision; None when cancelled (tests monkeypatch this)."""
        dialog = cls(parent, what, officer)
        try:
            return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
