"""The column mapping dialog: each sheet's columns with the field each is screened as, for correction.

A mapping decides verdicts, so nothing in it changes by accident: the dropdowns ignore the mouse
wheel unless focused, every difference from the mapping first detected is listed, and remembering
the mapping for other workbooks is the officer's explicit choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from compliance.model.fields import FIELD_LABELS, FIELDS
from gui.mapping.model import SheetColumns, sheet_corrections

NOT_SCREENED: Final = "(not screened)"
EXAMPLE_CHARS: Final = 36
CHANGED_STYLE: Final = "color: #8a4b00; font-weight: 600"


@dataclass(frozen=True, slots=True)
class MappingChoice:
    """The officer's choice: per sheet, field -> header for each screened column; and whether to remember."""

    sheets: dict[str, dict[str, str]]
    remember: bool


class FieldCombo(QComboBox):
    """A field dropdown that takes the mouse wheel only when focused (a scroll over it must not change it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # no focus from the wheel either

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Change the field only when the officer has focused this dropdown; else scroll the dialog."""
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


def field_name(field: str | None) -> str:
    """A field as the officer reads it, or '(not screened)'."""
    return FIELD_LABELS.get(field, field) if field else NOT_SCREENED


def _short(text: str) -> str:
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"


class MappingDialog(QDialog):
    """Each sheet's headers with the field each was understood as, for the officer to correct."""

    def __init__(self, parent: QWidget | None, sheets: Sequence[SheetColumns]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Column mapping")
        self.setAccessibleName("Column mapping")
        self.sheets = list(sheets)
        intro = QLabel(
            "Each sheet's columns and the field each is screened as. Correct any that were misread; "
            "columns set to “(not screened)” are kept in the row but not checked.",
            self,
        )
        intro.setWordWrap(True)
        host = QWidget(self)
        grid = QGridLayout(host)
        grid.setColumnStretch(2, 1)
        self.combos: dict[tuple[str, str], FieldCombo] = {}
        self.marks: dict[tuple[str, str], QLabel] = {}
        row = 0
        for sheet in self.sheets:
            row = self._add_sheet(grid, host, sheet, row)
        scroll = QScrollArea(self)
        scroll.setWidget(host)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.changes = QLabel(self)
        self.changes.setWordWrap(True)
        self.changes.setAccessibleName("Changes against the detected mapping")
        self.reset_button = QPushButton("Reset to &detected", self)
        self.reset_button.setToolTip("Put every column back to the field it was detected as")
        self.reset_button.clicked.connect(self.reset_to_detected)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e")
        self.message.setAccessibleName("Mapping problem")
        self.remember = QCheckBox("&Remember for workbooks with these columns", self)
        self.remember.setChecked(False)  # a mapping applied to other workbooks is chosen, never assumed
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Re-screen")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.changes)
        layout.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        layout.addWidget(self.remember)
        layout.addWidget(self.buttons)
        rows = sum(len(s.headers) + 2 for s in self.sheets)
        self.resize(720, min(230 + 32 * rows, 700))
        self._check()

    def _add_sheet(self, grid: QGridLayout, host: QWidget, sheet: SheetColumns, row: int) -> int:
        title = QLabel(f"<b>Sheet “{sheet.sheet}”</b>", host)
        grid.addWidget(title, row, 0, 1, 4)
        row += 1
        for col, text in enumerate(("Column in the workbook", "Screened as", "Example", "")):
            grid.addWidget(QLabel(f"<i>{text}</i>", host), row, col)
        row += 1
        field_of = {header: field for field, header in sheet.mapping.items()}
        for header in sheet.headers:
            key = (sheet.sheet, header)
            label = QLabel(header, host)
            combo = FieldCombo(host)
            combo.addItem(NOT_SCREENED, None)
            for field in FIELDS:
                combo.addItem(FIELD_LABELS[field], field)
            combo.setCurrentIndex(max(combo.findData(field_of.get(header)), 0))
            combo.setAccessibleName(f"Field for column {header}, sheet {sheet.sheet}")
            label.setBuddy(combo)
            sample = sheet.examples.get(header, "")
            example = QLabel(_short(sample), host)
            example.setToolTip(sample if _short(sample) != sample else "")
            example.setStyleSheet("color: gray")
            example.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            mark = QLabel(host)
            mark.setStyleSheet(CHANGED_STYLE)
            for col, widget in enumerate((label, combo, example, mark)):
                grid.addWidget(widget, row, col)
            combo.currentIndexChanged.connect(self._check)
            self.combos[key] = combo
            self.marks[key] = mark
            row += 1
        return row

    # --- what is chosen ---------------------------------------------------------------------------

    def chosen(self) -> dict[str, dict[str, str]]:
        """Per sheet, field -> header as currently chosen (columns not screened are left out)."""
        out: dict[str, dict[str, str]] = {s.sheet: {} for s in self.sheets}
        for (sheet, header), combo in self.combos.items():
            field = combo.currentData()
            if field:
                out[sheet].setdefault(field, header)
        return out

    def detected_field(self, sheet: SheetColumns, header: str) -> str | None:
        """The field this column was detected as, before any correction."""
        return next((f for f, h in sheet.detected.items() if h == header), None)

    def changed(self) -> list[str]:
        """'Sheet “Shipments”, “Shipment Date”: detected as Date, now Kind', one per column changed."""
        lines = []
        for sheet in self.sheets:
            for header in sheet.headers:
                was = self.detected_field(sheet, header)
                now = self.combos[(sheet.sheet, header)].currentData()
                if was != now:
                    lines.append(
                        f"Sheet “{sheet.sheet}”, “{header}”: detected as {field_name(was)}, now {field_name(now)}"
                    )
        return lines

    def reset_to_detected(self) -> None:
        """Every column back to the field it was detected as."""
        for sheet in self.sheets:
            for header in sheet.headers:
                combo = self.combos[(sheet.sheet, header)]
                combo.setCurrentIndex(max(combo.findData(self.detected_field(sheet, header)), 0))

    def problems(self) -> list[str]:
        """Fields chosen for two columns of one sheet, and corrections the sheets disagree on."""
        found = []
        for sheet in self.sheets:
            seen: dict[str, list[str]] = {}
            for header in sheet.headers:
                field = self.combos[(sheet.sheet, header)].currentData()
                if field:
                    seen.setdefault(field, []).append(header)
            found += [
                f"Sheet “{sheet.sheet}”: “{FIELD_LABELS[f]}” is chosen for {len(hs)} columns: "
                + ", ".join(f"“{h}”" for h in hs)
                for f, hs in seen.items()
                if len(hs) > 1
            ]
        return found + sheet_corrections(self.sheets, self.chosen(), None)[1]

    def _check(self) -> None:
        # Shown in place, not in a pop-up; an ambiguous mapping cannot be confirmed.
        for sheet in self.sheets:
            for header in sheet.headers:
                was = self.detected_field(sheet, header)
                now = self.combos[(sheet.sheet, header)].currentData()
                mark = self.marks[(sheet.sheet, header)]
                mark.setText("" if was == now else f"changed (detected: {field_name(was)})")
        lines = self.changed()
        noun = "column differs" if len(lines) == 1 else "columns differ"
        self.changes.setText(
            f"<b>{len(lines)} {noun} from the mapping detected:</b><br>" + "<br>".join(lines)
            if lines
            else "The mapping is as detected."
        )
        self.reset_button.setEnabled(bool(lines))
        problems = self.problems()
        self.message.setText("\n".join(problems))
        self.message.setVisible(bool(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)

    @classmethod
    def ask(cls, parent: QWidget | None, sheets: Sequence[SheetColumns]) -> MappingChoice | None:
        """Show the dialog; the officer's choice, or None when cancelled."""
        dialog = cls(parent, sheets)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return MappingChoice(dialog.chosen(), dialog.remember.isChecked())
        finally:
            dialog.deleteLater()
