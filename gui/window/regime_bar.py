"""The regime bar: the baseline and alternative choosers, and the quick In force / Draft / Compare views."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from compliance.rules.catalog import RegimeInfo
from gui.results.regime_words import RegimeWords

REGIME_LABELS: Final = {"current": "In force", "draft": "Draft", "compare": "Compare"}
"""The quick views: the baseline's verdicts, the alternative's, or both (by default in force and the 2019 draft)."""
REGIME_TIPS: Final = {
    "current": "Verdicts under the baseline: {baseline} (Ctrl+1)",
    "draft": "Verdicts under the alternative: {alternative} (Ctrl+2)",
    "compare": "Both verdicts side by side, with what {alternative} would change (Ctrl+3)",
}


class RegimeToggle(QWidget):
    """A segmented 'In force / Draft / Compare' control: one checkable button per view."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Regime")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        for regime, label in REGIME_LABELS.items():
            button = QToolButton(self)
            button.setText(label)
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setToolTip(REGIME_TIPS[regime].format(baseline="the baseline", alternative="the alternative"))
            button.setAccessibleName(f"Show verdicts: {label}")
            button.setMinimumWidth(76)
            self.group.addButton(button)
            layout.addWidget(button)
            self.buttons[regime] = button
            button.toggled.connect(lambda on, r=regime: self._toggled(r, on))
        self.buttons["current"].setChecked(True)

    def _toggled(self, regime: str, on: bool) -> None:
        if on:  # the button switched off reports too; only the one switched on names the view
            self.changed.emit(regime)

    @property
    def regime(self) -> str:
        """'current', 'draft' or 'compare'."""
        return next(r for r, b in self.buttons.items() if b.isChecked())

    def set_regime(self, regime: str) -> None:
        """Select a view (emits changed when it differs)."""
        self.buttons[regime].setChecked(True)

    def name_regimes(self, words: RegimeWords) -> None:
        """Say in each button's tooltip which regime it shows."""
        for regime, button in self.buttons.items():
            button.setToolTip(REGIME_TIPS[regime].format(baseline=words.baseline, alternative=words.alternative))


def chooser_text(info: RegimeInfo) -> str:
    """'US draft, May 2022 (vetoed; never adopted) · vetoed draft, 2022-05-26', with the analyst's scenarios marked."""
    mine = " · your scenario" if not info.shipped else ""
    return f"{info.label} · {info.status}, {info.date.isoformat()}{mine}"


class RegimeCombo(QComboBox):
    """A chooser as wide as its longest regime label when there is room, down to 14 characters when not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def minimumSizeHint(self) -> QSize:
        """Room for 14 characters and the arrow: a laptop's narrow window still fits the regime bar."""
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("x" * 14) + 40), hint.height())


class RegimeChooser(QWidget):
    """The baseline and the alternative to compare: any two of the regimes found (shipped and the user's)."""

    chosen = Signal(str, str)
    """The officer chose a pair: (baseline id, alternative id)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Regimes compared")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.baseline = RegimeCombo(self)
        self.alternative = RegimeCombo(self)
        for combo, name, tip in (
            (self.baseline, "Baseline regime", "The regime every row is judged by first (In force, Ctrl+1)"),
            (self.alternative, "Alternative regime", "The regime compared with the baseline (Draft, Ctrl+2)"),
        ):
            combo.setAccessibleName(name)
            combo.setToolTip(tip)
            combo.activated.connect(lambda _i: self._activated())
        baseline_label = QLabel("&Baseline:", self)
        baseline_label.setBuddy(self.baseline)
        alternative_label = QLabel("against:", self)
        alternative_label.setBuddy(self.alternative)
        for widget in (baseline_label, self.baseline, alternative_label, self.alternative):
            layout.addWidget(widget)

    def set_regimes(self, infos: list[RegimeInfo], baseline: str, alternative: str) -> None:
        """Offer these regimes, showing the pair on screen (no signal)."""
        for combo, chosen in ((self.baseline, baseline), (self.alternative, alternative)):
            combo.blockSignals(True)
            combo.clear()
            for info in infos:
                combo.addItem(info.label, info.id)
                combo.setItemData(combo.count() - 1, chooser_text(info), Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)

    def pair(self) -> tuple[str, str]:
        """The (baseline id, alternative id) on screen."""
        return str(self.baseline.currentData()), str(self.alternative.currentData())

    def _activated(self) -> None:
        self.chosen.emit(*self.pair())
