"""The bars above the table: summary counts and filters (the regime bar: regime_bar.py)."""

from __future__ import annotations

from html import escape
from typing import Any, Final

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from compliance.model.status import STATUSES, Status
from gui.results.detail import CHIP_HTML
from gui.results.regime_words import RegimeWords

SEARCH_DELAY_MS: Final = 250  # let the officer finish typing before 100,000 rows are re-filtered


def counts_html(title: str, counts: dict[Status, int]) -> str:
    """'Measures in force: [✖ 3 prohibited] [! 5 review] [✓ 40 permitted]' as rich text.

    A regime's counts never break across lines inside a chip or between its words.
    """
    chips = []
    for status in STATUSES:
        label, bg, fg = CHIP_HTML[status]
        symbol = label.split()[0]
        chips.append(
            f'<span style="background-color:{bg}; color:{fg};">&nbsp;{symbol} '
            f"{counts.get(status, 0):,} {status}&nbsp;</span>"
        )
    return f"<span style='white-space:nowrap'><b>{escape(title)}:</b> " + " ".join(chips) + "</span>"


def link_button(parent: QWidget, accessible_name: str, tip: str, button: QPushButton | None = None) -> QPushButton:
    """A flat button that looks like a link but keeps focus, Space/Enter and screen-reader support."""
    button = button if button is not None else QPushButton(parent)
    button.setFlat(True)
    # The palette's link colour, so dark themes still work.
    button.setStyleSheet(
        "QPushButton { color: palette(link); text-decoration: underline; border: none; padding: 2px 4px; }"
    )
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setAccessibleName(accessible_name)
    button.setToolTip(tip)
    return button


class ElidedLinkButton(QPushButton):
    """A link button whose text is shortened with '…' when the bar is narrow (never widening the window)."""

    PADDING = 12  # the style sheet's horizontal padding, and a little room

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        # A push button will not shrink below its size hint (Minimum); this one may, down to its minimum.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_full_text(self, text: str) -> None:
        """Show this text, shortened to the room there is."""
        self._full = text
        self.setAccessibleDescription(text)
        self.updateGeometry()
        self._elide()

    def full_text(self) -> str:
        """The text before shortening."""
        return self._full

    def sizeHint(self) -> QSize:
        """Room for the whole text."""
        hint = super().sizeHint()
        # A few pixels of slack: elidedText measures unrounded widths, horizontalAdvance rounded ones.
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + self.PADDING + 4, hint.height())

    def minimumSizeHint(self) -> QSize:
        """Room for the first words, at least."""
        hint = super().minimumSizeHint()
        return QSize(min(self.sizeHint().width(), 160), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-shorten for the new width."""
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = max(self.width() - self.PADDING, 0)
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room))


class SummaryBar(QWidget):
    """Counts per status for the chosen view, the rows the alternative changes, and the party screening notice."""

    show_changed = Signal()
    party_clicked = Signal()
    """The party screening notice was clicked (open File > Designation lists)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Two lines: the counts, then the party screening notice, which must read in full on a laptop.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        first, second = QHBoxLayout(), QHBoxLayout()
        layout.addLayout(first)
        layout.addLayout(second)
        self.second_line = second
        """The party notice's line (the decision filter and count join it)."""
        self.counts = QLabel(self)
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setAccessibleName("Verdict counts")
        # Wraps rather than widening the window (Compare shows both regimes' counts).
        self.counts.setWordWrap(True)
        self.counts.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.changed_button = link_button(
            self,
            "Show rows the alternative would change",
            "Show only the rows whose verdict the alternative would change (tinted amber in every view)",
        )
        self.changed_button.clicked.connect(self.show_changed)
        self.party = ElidedLinkButton(self)
        link_button(self, "Party screening", "", self.party)
        self.party.clicked.connect(self.party_clicked)
        self.shown = QLabel(self)
        self.shown.setAccessibleName("Rows shown")
        first.addWidget(self.counts, 1)
        first.addSpacing(12)
        first.addWidget(self.changed_button)
        first.addSpacing(12)
        first.addWidget(self.shown)
        second.addWidget(self.party, 1, Qt.AlignmentFlag.AlignLeft)
        self.clear()

    def set_party(self, text: str, tip: str, warning: bool = False) -> None:
        """Say which designation lists the rows were screened against (or that none was, or how old)."""
        self.party.set_full_text(text)
        colour = "#b3261e" if warning else "palette(link)"
        weight = "600" if warning else "normal"
        self.party.setStyleSheet(
            f"QPushButton {{ color: {colour}; font-weight: {weight}; text-decoration: underline; "
            "border: none; padding: 2px 4px; }"
        )
        self.party.setToolTip(f"{text}\n{tip}")  # the whole text, however much the bar shortened it

    def clear(self) -> None:
        """No workbook yet."""
        self.counts.setText("")
        self.changed_button.hide()
        self.shown.setText("")

    def update_counts(
        self,
        regime: str,
        baseline: dict[Status, int],
        alternative: dict[Status, int],
        changed: tuple[int, int, int],
        shown: int,
        total: int,
        words: RegimeWords,
    ) -> None:
        """Show the counts for a view (in Compare both regimes'), and (changed, relaxed, tightened) rows."""
        parts = []
        if regime in ("current", "compare"):
            parts.append(counts_html(words.baseline, baseline))
        if regime in ("draft", "compare"):
            parts.append(counts_html(words.alternative, alternative))
        self.counts.setText("<br>".join(parts))  # in Compare, one line per regime: labels can be long
        count, relaxed, tightened = changed
        noun = "row" if count == 1 else "rows"
        how = [f"{n:,} {word}" for n, word in ((relaxed, "relaxed"), (tightened, "tightened")) if n]
        split = f" ({', '.join(how)})" if how else ""
        self.changed_button.setText(f"{count:,} {noun} would change under {words.alternative}{split} ▸")
        self.changed_button.setToolTip(
            f"Show only the rows whose verdict {words.alternative} would change (tinted amber in every view)"
        )
        self.changed_button.setEnabled(count > 0)
        self.changed_button.show()
        self.shown.setText(f"Showing {shown:,} of {total:,} rows")


class SearchBox(QLineEdit):
    """The search field: Esc clears it (while it holds text, before the window's Esc cancels a screening)."""

    def event(self, event: QEvent) -> bool:
        """Claim Esc from the window's shortcut while there is text to clear."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.text()
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc clears the search."""
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class FilterBar(QWidget):
    """Status, measure, 'changed rows only' (relaxed, tightened or either) and free-text search; they combine."""

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
        self.measure.setMinimumContentsLength(13)
        self.measure.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        measure_label = QLabel("&Measure:", self)
        measure_label.setBuddy(self.measure)
        self.set_measures([])
        # Alt+C: Alt+H belongs to the Help menu.
        self.changed_only = QCheckBox("&Changed only", self)
        self.changed_only.setAccessibleName("Changed rows only")
        self.changed_only.setToolTip("Show only the rows whose verdict the alternative changes")
        self.change = QComboBox(self)
        self.change.setAccessibleName("Change filter")
        self.change.setToolTip("With 'Changed only': rows the alternative relaxes, tightens, or either")
        for text, data in (("either way", None), ("relaxed", "relaxed"), ("tightened", "tightened")):
            self.change.addItem(text, data)
        self.change.setEnabled(False)
        self.changed_only.toggled.connect(self.change.setEnabled)
        self.search = SearchBox(self)
        self.search.setPlaceholderText("Search any field: party, goods, vessel, IMO, HS code, country, port (Ctrl+F)")
        self.search.setToolTip("Searches every screened field; a country also by its name. Esc clears the search.")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        self.search.setMinimumWidth(180)
        self.search.setMaximumWidth(420)
        for widget in (status_label, self.status, measure_label, self.measure, self.changed_only, self.change):
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
        self.change.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.search.textChanged.connect(lambda _t: self._debounce.start())

    def focus_search(self) -> None:
        """To the search field, its text selected (View ▸ Find)."""
        self.search.setFocus()
        self.search.selectAll()

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
            "change": self.change.currentData(),
            "text": self.search.text(),
        }

    def reset(self) -> None:
        """Clear every filter, re-filtering once."""
        controls = (self.status, self.measure, self.changed_only, self.change, self.search)
        for widget in controls:
            widget.blockSignals(True)
        try:
            self.status.setCurrentIndex(0)
            self.measure.setCurrentIndex(0)
            self.changed_only.setChecked(False)
            self.change.setCurrentIndex(0)
            self.change.setEnabled(False)
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
