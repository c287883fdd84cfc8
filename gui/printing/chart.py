"""The report's bar chart (rows per measure, baseline vs alternative), drawn with QPainter so PDFs get vectors.

QTextDocument ignores inline SVG, so the HTML leaves an image slot (gui.printing.report_html.CHART_IMAGE)
and `install_chart` swaps it for a custom text object whose drawObject paints the bars.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QPointF, QRect, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QPyTextObject,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from compliance.outputs.palette import CURRENT_COLOUR, DRAFT_COLOUR
from compliance.outputs.report.model import MeasureBar
from gui.printing.fonts import report_font
from gui.printing.report_html import CHART_IMAGE

CHART_OBJECT = QTextFormat.ObjectTypes.UserObject + 1
LAYOUT_DPI = 96.0
"""The document is laid out at this resolution; chart sizes and fonts are in these units."""
_ROW = 26.0
_LEGEND = 26.0
_MAX_WIDTH = 720.0


def _font(painter: QPainter, points: float, *, bold: bool = False) -> QFont:
    """A font of `points` in document units, whatever scale the painter draws the document at."""
    # The painter is scaled from layout units to the device; undo the device's own pt->px factor.
    return report_font(points * LAYOUT_DPI / max(painter.device().logicalDpiY(), 1), bold=bold)


def chart_size(bars: Sequence[MeasureBar], width: float) -> QSizeF:
    """The chart's size in layout units for a text column `width` wide."""
    return QSizeF(min(width, _MAX_WIDTH), _LEGEND + _ROW * len(bars) + 6)


def paint_chart(
    painter: QPainter, rect: QRectF, bars: Sequence[MeasureBar], labels: Sequence[str] = ("Baseline", "Alternative")
) -> None:
    """Grouped horizontal bars with labels, counts and a legend naming the two regimes by `labels`,
    within `rect` (layout units)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    label_font = _font(painter, 8)
    painter.setFont(label_font)
    # Measured on the device, the font's advances come out in layout units (it was sized for them).
    metrics = QFontMetricsF(label_font, painter.device())
    label_w = min(max((metrics.horizontalAdvance(b.measure) for b in bars), default=0) + 12, rect.width() * 0.38)
    left = rect.left() + label_w
    count_w = 40.0
    span = max(rect.width() - label_w - count_w, 10.0)
    top = max((max(b.baseline, b.alternative) for b in bars), default=0) or 1
    colours = (QColor(CURRENT_COLOUR), QColor(DRAFT_COLOUR))
    # Legend.
    y = rect.top() + 4
    x = left
    for colour, text in zip(colours, labels[:2], strict=True):
        painter.fillRect(QRectF(x, y + 3, 11, 11), colour)
        painter.setPen(QColor("#111"))
        painter.drawText(
            QRectF(x + 15, y, metrics.horizontalAdvance(text) + 8, 16), Qt.AlignmentFlag.AlignVCenter, text
        )
        x += 15 + metrics.horizontalAdvance(text) + 24
    bar_h = (_ROW - 6) / 2
    y = rect.top() + _LEGEND
    for i, bar in enumerate(bars):
        if i % 2 == 0:
            painter.fillRect(QRectF(rect.left(), y - 1, rect.width(), _ROW), QColor("#f4f6f9"))
        painter.setPen(QColor("#111"))
        painter.drawText(
            QRectF(rect.left(), y, label_w - 8, _ROW - 4),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(bar.measure, Qt.TextElideMode.ElideRight, label_w - 8),
        )
        for j, (value, colour) in enumerate(zip((bar.baseline, bar.alternative), colours, strict=True)):
            by = y + 1 + j * bar_h
            w = span * value / top
            if w > 0:
                painter.fillRect(QRectF(left, by, max(w, 1.0), bar_h - 1), colour)
            painter.setPen(QColor("#111"))
            painter.drawText(QRectF(left + w + 4, by - 2, count_w, bar_h + 3), Qt.AlignmentFlag.AlignVCenter,
                             f"{value:,}")  # fmt: skip
        y += _ROW
    painter.setPen(QPen(QColor("#555"), 0.8))
    painter.drawLine(QPointF(left, rect.top() + _LEGEND - 2), QPointF(left, y))
    painter.restore()


class ChartObject(QPyTextObject):
    """QTextDocument handler for the chart object: its size and how to paint it."""

    def __init__(
        self,
        bars: Sequence[MeasureBar],
        parent: QObject | None = None,
        labels: Sequence[str] = ("Baseline", "Alternative"),
    ) -> None:
        super().__init__(parent)
        self.bars = tuple(bars)
        self.labels = tuple(labels)

    def intrinsicSize(self, doc: QTextDocument, _pos: int, _fmt: QTextFormat) -> QSizeF:
        """The chart's size: as wide as the text column allows, one row per measure."""
        width = doc.pageSize().width() if doc.pageSize().width() > 0 else _MAX_WIDTH
        return chart_size(self.bars, width - 2 * doc.documentMargin())

    def drawObject(
        self, painter: QPainter, rect: QRectF | QRect, _doc: QTextDocument, _pos: int, _fmt: QTextFormat
    ) -> None:
        """Paint the bars into the rectangle the layout gives."""
        paint_chart(painter, QRectF(rect), self.bars, self.labels)


def install_chart(
    doc: QTextDocument, bars: Sequence[MeasureBar], labels: Sequence[str] = ("Baseline", "Alternative")
) -> bool:
    """Swap the HTML's chart image slot for the vector chart object (its legend naming the regimes by
    `labels`); False when there is no slot."""
    handler = ChartObject(bars, doc, labels)  # parented to the document so it lives as long as it
    doc.documentLayout().registerHandler(CHART_OBJECT, handler)
    block = doc.begin()
    while block.isValid():
        text = block.text()
        start = 0
        while (idx := text.find("\ufffc", start)) >= 0:
            start = idx + 1
            cursor = QTextCursor(doc)
            cursor.setPosition(block.position() + idx)
            cursor.setPosition(block.position() + idx + 1, QTextCursor.MoveMode.KeepAnchor)
            fmt = cursor.charFormat()
            if fmt.isImageFormat() and fmt.toImageFormat().name() == CHART_IMAGE:
                chart = QTextCharFormat()
                chart.setObjectType(CHART_OBJECT)
                cursor.insertText("\ufffc", chart)
                return True
        block = block.next()
    return False
