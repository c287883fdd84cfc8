"""The as-of control: judge each row at its own date (the default), or every row at one chosen date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)


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
        if index == 1:
            # The date first, then one re-screen at it: never a re-screen at whatever date the box held.
            d = self.date.date()
            chosen = self.ask_date(self, dt.date(d.year(), d.month(), d.day()))
            if chosen is None:
                self.mode.blockSignals(True)
                self.mode.setCurrentIndex(0)
                self.mode.blockSignals(False)
                return
            self.date.blockSignals(True)
            self.date.setDate(QDate(chosen.year, chosen.month, chosen.day))
            self.date.blockSignals(False)
        self.date.setEnabled(index == 1)
        self._emit()

    @classmethod
    def ask_date(cls, parent: QWidget | None, initial: dt.date) -> dt.date | None:
        """Ask for the date every row is judged at; None when cancelled (tests monkeypatch this)."""
        dialog = QDialog(parent)
        dialog.setWindowTitle("Judge every row at")
        layout = QVBoxLayout(dialog)
        text = QLabel("Every row is judged at this date instead of its own, under the measures in force on "
                      "that day and under a proposal as if it had been adopted by then.", dialog)  # fmt: skip
        text.setWordWrap(True)
        calendar = QCalendarWidget(dialog)
        calendar.setSelectedDate(QDate(initial.year, initial.month, initial.day))
        calendar.setAccessibleName("Date to judge every row at")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Re-screen at this date")
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        calendar.activated.connect(lambda _d: dialog.accept())
        for widget in (text, calendar, buttons):
            layout.addWidget(widget)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            d = calendar.selectedDate()
            return dt.date(d.year(), d.month(), d.day())
        finally:
            dialog.deleteLater()

    def _emit(self) -> None:
        self._debounce.stop()
        self.changed.emit(self.value())
