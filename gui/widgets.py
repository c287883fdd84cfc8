"""The bars above the table: regime toggle, as-of date, summary counts and filters."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any, Final

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QWidget,
)

from compliance.status import STATUSES, Status
from gui.detail import CHIP_HTML

REGIME_LABELS: Final = {"current": "In force", "draft": "Draft", "compare": "Compare"}
REGIME_TIPS: Final = {
    "current": "Verdicts under the UN Security Council measures in force (Ctrl+1)",
    "draft": "Verdicts under the December 2019 China-Russia draft, never adopted (Ctrl+2)",
    "compare": "Both verdicts side by side, with what the draft would change (Ctrl+3)",
}
SEARCH_DELAY_MS: Final = 250  # let the officer finish typing before 100,000 rows are re-filtered


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
            button.setToolTip(REGIME_TIPS[regime])
            button.setAccessibleName(f"Show verdicts: {label}")
            button.setMinimumWidth(76)
            self.group.addButton(button)
            layout.addWidget(button)
            self.buttons[regime] = button
            button.toggled.connect(lambda on, r=regime: on and self.changed.emit(r))
        self.buttons["current"].setChecked(True)

    @property
    def regime(self) -> str:
        """'current', 'draft' or 'compare'."""
        return next(r for r, b in self.buttons.items() if b.isChecked())

    def set_regime(self, regime: str) -> None:
        """Select a view (emits changed when it differs)."""
        self.buttons[regime].setChecked(True)


class AsOfControl(QWidget):
    """'Each row's own date' (the default) or one date every row is judged at."""

    changed = Signal(object)
    """The new as-of date, or None for each row's own date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Judge at:", self)
        self.mode = QComboBox(self)
        self.mode.addItems(["Each row's own date", "A chosen date"])
        self.mode.setAccessibleName("Judge rows at")
        self.mode.setToolTip("Judge each row at its own date, or every row at one date")
        label.setBuddy(self.mode)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setDate(QDate.currentDate())
        self.date.setEnabled(False)
        self.date.setAccessibleName("As-of date")
        # Room for the whole date and the calendar button, whatever the style's padding.
        self.date.setMinimumWidth(self.date.fontMetrics().horizontalAdvance("0000-00-00") + 48)
        layout.addWidget(label)
        layout.addWidget(self.mode)
        layout.addWidget(self.date)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(500)
        self._debounce.timeout.connect(self._emit)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.date.dateChanged.connect(lambda _d: self._debounce.start())

    def value(self) -> dt.date | None:
        """The chosen date, or None for each row's own date."""
        if self.mode.currentIndex() == 0:
            return None
        d = self.date.date()
        return dt.date(d.year(), d.month(), d.day())

    def set_value(self, day: dt.date | None) -> None:
        """Show a value without asking for a re-screen."""
        self.blockSignals(True)
        self.mode.blockSignals(True)
        self.date.blockSignals(True)
        try:
            self.mode.setCurrentIndex(0 if day is None else 1)
            self.date.setEnabled(day is not None)
            if day is not None:
                self.date.setDate(QDate(day.year, day.month, day.day))
        finally:
            self.date.blockSignals(False)
            self.mode.blockSignals(False)
            self.blockSignals(False)

    def _mode_changed(self, index: int) -> None:
        self.date.setEnabled(index == 1)
        self._emit()

    def _emit(self) -> None:
        self._debounce.stop()
        self.changed.emit(self.value())


def counts_html(title: str, counts: dict[Status, int]) -> str:
    """'In force: [✖ 3 prohibited] [! 5 review] [✓ 40 permitted]' as rich text."""
    chips = []
    for status in STATUSES:
        label, bg, fg = CHIP_HTML[status]
        symbol = label.split()[0]
        chips.append(
            f'<span style="background-color:{bg}; color:{fg};">&nbsp;{symbol} '
            f"{counts.get(status, 0):,} {status}&nbsp;</span>"
        )
    return f"<b>{escape(title)}:</b> " + " ".join(chips)


class SummaryBar(QWidget):
    """Counts per status for the chosen view, and a button listing the rows the draft changes."""

    show_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.counts = QLabel(self)
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setAccessibleName("Verdict counts")
        self.changed_button = QPushButton(self)
        self.changed_button.setFlat(True)
        # Looks like a link (palette link colour, so dark themes still work) but stays a button:
        # keyboard focus, Space/Enter and screen readers all work.
        self.changed_button.setStyleSheet(
            "QPushButton { color: palette(link); text-decoration: underline; border: none; "
            "padding: 2px 4px; }"
        )
        self.changed_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.changed_button.setAccessibleName("Show rows the draft would change")
        self.changed_button.setToolTip("Show only the rows whose verdict the draft would change")
        self.changed_button.clicked.connect(self.show_changed)
        self.shown = QLabel(self)
        self.shown.setAccessibleName("Rows shown")
        layout.addWidget(self.counts)
        layout.addSpacing(12)
        layout.addWidget(self.changed_button)
        layout.addStretch(1)
        layout.addWidget(self.shown)
        self.clear()

    def clear(self) -> None:
        """No workbook yet."""
        self.counts.setText("")
        self.changed_button.hide()
        self.shown.setText("")

    def update_counts(
        self,
        regime: str,
        current: dict[Status, int],
        draft: dict[Status, int],
        changed: int,
        shown: int,
        total: int,
    ) -> None:
        """Show the counts for a view; in Compare both regimes' counts."""
        parts = []
        if regime in ("current", "compare"):
            parts.append(counts_html("In force", current))
        if regime in ("draft", "compare"):
            parts.append(counts_html("Draft", draft))
        self.counts.setText(" &nbsp;&nbsp; ".join(parts))
        noun = "row" if changed == 1 else "rows"
        self.changed_button.setText(f"{changed:,} {noun} would change under the draft ▸")
        self.changed_button.setEnabled(changed > 0)
        self.changed_button.show()
        self.shown.setText(f"Showing {shown:,} of {total:,} rows")


class FilterBar(QWidget):
    """Status, measure, 'changed by the draft only' and free-text search; they combine."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = QComboBox(self)
        self.status.addItem("Any status", None)
        for status in STATUSES:
            self.status.addItem(str(status).capitalize(), status)
        self.status.setAccessibleName("Status filter")
        self.status.setToolTip("Show rows with this verdict under the chosen view")
        status_label = QLabel("&Status:", self)
        status_label.setBuddy(self.status)
        self.measure = QComboBox(self)
        self.measure.setAccessibleName("Measure filter")
        self.measure.setMinimumContentsLength(16)
        self.measure.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        measure_label = QLabel("&Measure:", self)
        measure_label.setBuddy(self.measure)
        self.set_measures([])
        self.changed_only = QCheckBox("C&hanged by draft only", self)
        self.changed_only.setAccessibleName("Changed by draft only")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search reference, parties, goods (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        self.search.setMinimumWidth(220)
        self.search.setMaximumWidth(420)
        for widget in (status_label, self.status, measure_label, self.measure, self.changed_only):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.search, 3)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.changed)
        self.status.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.measure.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.changed_only.toggled.connect(lambda _on: self.changed.emit())
        self.search.textChanged.connect(lambda _t: self._debounce.start())

    def set_measures(self, names: list[str]) -> None:
        """Offer these measures, keeping the current choice when it is still there."""
        chosen = self.measure.currentData()
        self.measure.blockSignals(True)
        self.measure.clear()
        self.measure.addItem("Any measure", None)
        for name in names:
            self.measure.addItem(name, name)
        index = self.measure.findData(chosen) if chosen else 0
        self.measure.setCurrentIndex(max(index, 0))
        self.measure.blockSignals(False)

    def filters(self) -> dict[str, Any]:
        """The filters as keyword arguments for ResultsFilterProxy.set_filters."""
        return {
            "status": self.status.currentData(),
            "measure": self.measure.currentData(),
            "changed_only": self.changed_only.isChecked(),
            "text": self.search.text(),
        }

    def reset(self) -> None:
        """Clear every filter, re-filtering once."""
        controls = (self.status, self.measure, self.changed_only, self.search)
        for widget in controls:
            widget.blockSignals(True)
        try:
            self.status.setCurrentIndex(0)
            self.measure.setCurrentIndex(0)
            self.changed_only.setChecked(False)
            self.search.clear()
        finally:
            for widget in controls:
                widget.blockSignals(False)
        self._debounce.stop()
        self.changed.emit()

    def flush(self) -> None:
        """Apply a pending search now (tests, Enter key)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.changed.emit()


class ProgressPanel(QWidget):
    """The status bar's progress: what is being screened, a busy bar and Cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy: the row count is unknown until the sheet is read to its end
        self.bar.setMaximumWidth(160)
        self.bar.setAccessibleName("Screening progress")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel screening")
        self.cancel_button.setToolTip("Stop screening (Esc); the results on screen stay")
        for widget in (self.label, self.bar, self.cancel_button):
            layout.addWidget(widget)
