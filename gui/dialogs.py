"""Dialogs: column mapping, preferences and About. Each exposes a classmethod that tests monkeypatch."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from compliance import __version__
from compliance.fields import FIELD_LABELS, FIELDS
from compliance.regime import Regime
from gui.settings import PAGE_SIZE_NAMES

NOT_SCREENED = "(not screened)"
EXAMPLE_CHARS = 36


@dataclass(frozen=True, slots=True)
class MappingChoice:
    """The officer's choice: field -> header for each screened column, and whether to remember."""

    mapping: dict[str, str]
    remember: bool


class MappingDialog(QDialog):
    """Each header with the field it was understood as, for the officer to correct."""

    def __init__(
        self,
        parent: QWidget | None,
        headers: Sequence[str],
        mapping: Mapping[str, str],
        examples: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Column mapping")
        self.setAccessibleName("Column mapping")
        self.headers = [h for h in headers if h and h.strip()]
        field_of = {header: field for field, header in mapping.items()}
        examples = examples or {}

        intro = QLabel(
            "Each column of the workbook and the field it is screened as. Correct any that were "
            "misread; columns set to “(not screened)” are kept in the row but not checked.",
            self,
        )
        intro.setWordWrap(True)
        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.setColumnStretch(2, 1)
        for col, title in enumerate(("Column in the workbook", "Screened as", "Example")):
            head = QLabel(f"<b>{title}</b>", grid_host)
            grid.addWidget(head, 0, col)
        self.combos: dict[str, QComboBox] = {}
        for row, header in enumerate(self.headers, start=1):
            label = QLabel(header, grid_host)
            combo = QComboBox(grid_host)
            combo.addItem(NOT_SCREENED, None)
            for field in FIELDS:
                combo.addItem(FIELD_LABELS[field], field)
            combo.setCurrentIndex(max(combo.findData(field_of.get(header)), 0))
            combo.setAccessibleName(f"Field for column {header}")
            label.setBuddy(combo)
            sample = examples.get(header, "")
            short = sample if len(sample) <= EXAMPLE_CHARS else sample[: EXAMPLE_CHARS - 1] + "…"
            example = QLabel(short, grid_host)
            example.setToolTip(sample if short != sample else "")
            example.setStyleSheet("color: gray")
            example.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(example, row, 2)
            combo.currentIndexChanged.connect(self._check)
            self.combos[header] = combo
        scroll = QScrollArea(self)
        scroll.setWidget(grid_host)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e")
        self.message.setAccessibleName("Mapping problem")
        self.remember = QCheckBox("&Remember for workbooks with these columns", self)
        self.remember.setChecked(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Re-screen")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.remember)
        layout.addWidget(self.buttons)
        self.resize(640, min(160 + 34 * len(self.headers), 720))
        self._check()

    def mapping(self) -> dict[str, str]:
        """Field -> header as currently chosen (columns not screened are left out)."""
        out: dict[str, str] = {}
        for header, combo in self.combos.items():
            field = combo.currentData()
            if field:
                out.setdefault(field, header)
        return out

    def problems(self) -> list[str]:
        """Fields chosen for more than one column (the engine reads one column per field)."""
        seen: dict[str, list[str]] = {}
        for header, combo in self.combos.items():
            field = combo.currentData()
            if field:
                seen.setdefault(field, []).append(header)
        return [
            f"“{FIELD_LABELS[f]}” is chosen for {len(hs)} columns: "
            + ", ".join(f"“{h}”" for h in hs)
            for f, hs in seen.items()
            if len(hs) > 1
        ]

    def _check(self) -> None:
        # Shown in place, not in a pop-up; an ambiguous mapping cannot be confirmed.
        problems = self.problems()
        self.message.setText("\n".join(problems))
        self.message.setVisible(bool(problems))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problems)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        headers: Sequence[str],
        mapping: Mapping[str, str],
        examples: Mapping[str, str] | None = None,
    ) -> MappingChoice | None:
        """Show the dialog; the officer's choice, or None when cancelled."""
        dialog = cls(parent, headers, mapping, examples)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return MappingChoice(dialog.mapping(), dialog.remember.isChecked())


def about_html(regimes: tuple[Regime, Regime]) -> str:
    """The About text: what the app does and exactly which rule packs it judges by."""
    current, draft = regimes
    rows = []
    for regime in (current, draft):
        note = f"<br><i>{escape(regime.status_note)}</i>" if regime.status_note else ""
        rows.append(
            f"<li><b>{escape(regime.title)}</b><br>version {escape(regime.version)}, "
            f"SHA-256 {escape(regime.sha256[:12])}…{note}</li>"
        )
    return (
        f"<h3>Sanctions Desk {escape(__version__)}</h3>"
        "<p>Screens shipment and contract ledgers against the UN Security Council measures on "
        "the DPRK, offline.</p>"
        f"<p>Rule packs:</p><ul>{''.join(rows)}</ul>"
        "<p><b>The December 2019 China-Russia draft was never adopted.</b> Verdicts under it show "
        "what the draft would have changed; they are not the law.</p>"
        "<p>Not legal advice: verdicts point to the measures to check; paragraphs marked "
        "“unverified” could not be confirmed against the resolution text.</p>"
    )


class AboutDialog:
    """The About box (a QMessageBox, so it follows the platform's look)."""

    @classmethod
    def show(cls, parent: QWidget | None, regimes: tuple[Regime, Regime]) -> None:
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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def preferences(self) -> Preferences:
        """The values as now entered."""
        return Preferences(self.organisation.text().strip(), self.officer.text().strip(),
                           str(self.page_size.currentData()))

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
