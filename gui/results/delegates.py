"""Verdict chips: a coloured, labelled pill per verdict cell, painted (no per-row widgets).

The label is always drawn, with a symbol, so colour is never the only signal (colour-blind
officers, greyscale printouts); colours are chosen to read on light and dark palettes.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from compliance.model.status import Status
from compliance.outputs.palette import STATUS_CHIPS
from gui.results.model import StatusRole


class ChipStyle(NamedTuple):
    """How one status looks: label, fill and text colours (None: the palette's text colour)."""

    label: str
    fill: QColor
    text: QColor | None


_LABELS: Final = {Status.PROHIBITED: "✖ Prohibited", Status.REVIEW: "! Review", Status.PERMITTED: "✓ Permitted"}
CHIPS: Final[dict[Status, ChipStyle]] = {
    status: ChipStyle(label, QColor(STATUS_CHIPS[status].fill), QColor(STATUS_CHIPS[status].text))
    for status, label in _LABELS.items()
}
_H_PAD, _V_PAD, _MARGIN = 8, 2, 4


def chip_label(status: Status) -> str:
    """The text a chip shows for a status."""
    return CHIPS[status].label


def chip_font(base: QFont) -> QFont:
    """The chip's font: the view's font, semi-bold."""
    font = QFont(base)
    font.setWeight(QFont.Weight.DemiBold)
    return font


def status_at(index: QModelIndex | QPersistentModelIndex) -> Status | None:
    """The verdict of a cell, or None for cells that are not verdicts."""
    value = index.data(StatusRole)
    # PySide hands a StrEnum back as a plain str, so convert rather than isinstance-check.
    return Status(value) if value else None


def chip_width(font: QFont) -> int:
    """Width of a cell that fits the widest chip."""
    metrics = QFontMetrics(chip_font(font))
    return max(metrics.horizontalAdvance(c.label) for c in CHIPS.values()) + 2 * (_H_PAD + _MARGIN)


class VerdictDelegate(QStyledItemDelegate):
    """Paints a verdict cell as a chip; other cells are drawn normally."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Draw the cell background (selection, focus), then the chip."""
        status = status_at(index)
        if status is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the chip carries the text; the style must not draw it a second time
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        chip = CHIPS[status]
        font = chip_font(opt.font)
        metrics = QFontMetrics(font)
        cell = opt.rect.adjusted(_MARGIN, 0, -_MARGIN, 0)
        width = min(metrics.horizontalAdvance(chip.label) + 2 * _H_PAD, cell.width())
        height = min(metrics.height() + 2 * _V_PAD, cell.height() - 2)
        rect = QRect(cell.left(), cell.top() + (cell.height() - height) // 2, width, height)
        text_colour = chip.text or opt.palette.color(QPalette.ColorRole.Text)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(chip.fill)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setFont(font)
        painter.setPen(text_colour)
        label = metrics.elidedText(chip.label, Qt.TextElideMode.ElideRight, width - 2 * _H_PAD + 2)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        """Room for the widest chip, so the column never cuts a label."""
        if status_at(index) is None:
            return super().sizeHint(option, index)
        metrics = QFontMetrics(chip_font(option.font))
        return QSize(chip_width(option.font), metrics.height() + 2 * _V_PAD + 6)
