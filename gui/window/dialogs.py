"""Dialogs: preferences and About (column mapping: mapping_dialog.py); tests monkeypatch their ask/show."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from compliance import __version__
from compliance.rules.regime import Regime
from gui.mapping.dialog import MappingChoice, MappingDialog
from gui.settings import PAGE_SIZE_NAMES, Settings

__all__ = ["AboutDialog", "MappingChoice", "MappingDialog", "Preferences", "PreferencesDialog", "about_html"]


def about_html(regimes: tuple[Regime, ...]) -> str:
    """The About text: what the app does and exactly which rule packs it judges by."""
    rows = []
    for regime in regimes:
        said = regime.notice or regime.status_note
        note = f"<br><i>{escape(said)}</i>" if said else ""
        rows.append(
            f"<li><b>{escape(regime.label)}</b> ({escape(regime.title)})<br>version {escape(regime.version)}, "
            f"SHA-256 {escape(regime.sha256[:12])}…{note}</li>"
        )
    return (
        f"<h3>Sanctions Desk {escape(__version__)}</h3>"
        "<p>Screens shipment and contract ledgers against the UN Security Council measures on "
        "the DPRK, offline.</p>"
        f"<p>Regimes compared:</p><ul>{''.join(rows)}</ul>"
        "<p><b>Only the measures in force are law.</b> Verdicts under a proposal or a scenario show "
        "what it would have changed, as if adopted before each row's date.</p>"
        "<p>Not legal advice: verdicts point to the measures to check; paragraphs marked "
        "“unverified” could not be confirmed against the resolution text.</p>"
    )


class AboutDialog:
    """The About box (a QMessageBox, so it follows the platform's look)."""

    @classmethod
    def show(cls, parent: QWidget | None, regimes: tuple[Regime, ...]) -> None:
        """Show the About box."""
        QMessageBox.about(parent, "About Sanctions Desk", about_html(regimes))


@dataclass(frozen=True, slots=True)
class Preferences:
    """Who the reports are from, and the paper they are printed on."""

    organisation: str
    officer: str
    page_size: str


class PreferencesDialog(QDialog):
    """Organisation, compliance officer and default page size for reports."""

    def __init__(self, parent: QWidget | None, current: Preferences) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self.organisation = QLineEdit(current.organisation, self)
        self.organisation.setAccessibleName("Organisation")
        self.organisation.setPlaceholderText("e.g. Acme Trading Ltd")
        self.officer = QLineEdit(current.officer, self)
        self.officer.setAccessibleName("Compliance officer")
        self.officer.setPlaceholderText("Your name")
        self.page_size = QComboBox(self)
        self.page_size.setAccessibleName("Page size")
        for name in PAGE_SIZE_NAMES:
            self.page_size.addItem(name, name)
        self.page_size.setCurrentIndex(max(self.page_size.findData(current.page_size), 0))
        form = QFormLayout()
        form.addRow("&Organisation:", self.organisation)
        form.addRow("Compliance &officer:", self.officer)
        form.addRow("&Page size:", self.page_size)
        note = QLabel(
            "The organisation and officer are printed on the first page of every report. "
            "Reports are laid out landscape, on the page size chosen here.",
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def preferences(self) -> Preferences:
        """The values as now entered."""
        return Preferences(
            self.organisation.text().strip(), self.officer.text().strip(), str(self.page_size.currentData())
        )

    @classmethod
    def ask(cls, parent: QWidget | None, current: Preferences) -> Preferences | None:
        """Show the dialog; the new preferences, or None when cancelled."""
        dialog = cls(parent, current)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.preferences()
        finally:
            dialog.deleteLater()


def edit_preferences(parent: QWidget | None, settings: Settings) -> None:
    """Ask for the report preferences and keep them in the settings (unchanged when cancelled)."""
    s = settings
    chosen = PreferencesDialog.ask(parent, Preferences(s.organisation, s.officer, s.page_size))
    if chosen is not None:
        s.organisation, s.officer, s.page_size = chosen.organisation, chosen.officer, chosen.page_size
