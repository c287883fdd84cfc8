"""Print, preview and save the screening report as PDF: one QTextDocument, laid out page by page.

QTextDocument.print() cannot draw a footer, so `paint_report` paginates the document itself (its page
size is the page's text area), draws each page's slice with a clip, and paints the running header and
the footer (page x of y, generation time, the regimes' notice) around it with QPainter. The document is
laid out at a fixed 96 dpi and scaled to the device, so a preview and the PDF break pages alike.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextOption,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from compliance.model.errors import OutputFileError
from compliance.outputs.atomic import atomic_write
from compliance.outputs.report.model import Report
from compliance.outputs.report.text import stamp
from gui.printing.chart import LAYOUT_DPI, install_chart
from gui.printing.fonts import register_bundled_fonts, report_font
from gui.printing.pagination import Page, Slice, join_tables, paginate
from gui.printing.report_html import render_html
from gui.tasks import Cancelled

PageSizeName = Literal["A4", "Letter"]
PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
MARGINS_MM = QMarginsF(12, 10, 12, 8)
HEADER_MM = 7.0
FOOTER_MM = 13.0
FOOTER_TEXT_MM = 10.0
"""The footer's own height; the rest of FOOTER_MM keeps it clear of the page's last row."""


def ensure_app() -> QGuiApplication:
    """The running Qt application, or a new one (offscreen when there is no display, as in a CLI run)."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        register_bundled_fonts()
        return existing
    no_display = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if no_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1] or ["sanctions-desk"])
    register_bundled_fonts()
    return app


@dataclass(slots=True)
class ReportDocument:
    """The report laid out for printing: the document, and the 96-dpi device its fonts are measured on."""

    report: Report
    doc: QTextDocument
    _metrics_device: QImage


def build_document(report: Report) -> ReportDocument:
    """The report as a QTextDocument with the vector chart in place (not yet paginated)."""
    # A fixed 96-dpi device for font metrics: page breaks must not depend on the screen's dpi.
    device = QImage(1, 1, QImage.Format.Format_RGB32)
    dots_per_metre = round(LAYOUT_DPI / 0.0254)
    device.setDotsPerMeterX(dots_per_metre)
    device.setDotsPerMeterY(dots_per_metre)
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setUseDesignMetrics(True)  # unhinted widths: the same line breaks at any print resolution
    doc.setDocumentMargin(0)
    option = QTextOption()
    # A long unbroken cell value (a hash, a file name) wraps instead of widening its table off the page.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setDefaultFont(report_font(9))
    doc.setHtml(render_html(report, chart="object"))
    install_chart(doc, report.summary.bars, report.summary.labels[:2])
    join_tables(doc)
    return ReportDocument(report, doc, device)


def _mm(device: QPagedPaintDevice, mm: float) -> float:
    return mm * device.logicalDpiY() / 25.4


def _small_font(points: float, *, bold: bool = False) -> QFont:
    return report_font(points, bold=bold)


def _running_header(painter: QPainter, width: float, height: float, report: Report, page: int) -> None:
    if report.scope:
        _scope_line(painter, width, height, report.scope)
    if page == 1:
        return
    h = report.header
    painter.setFont(_small_font(7))
    painter.setPen(QColor("#444"))
    left = "" if report.scope else " \u00b7 ".join(p for p in (h.title, h.organisation) if p)
    files = ", ".join(i.name for i in h.inputs)
    rect = QRectF(0, 0, width, height * 0.8)
    painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, left)
    metrics = painter.fontMetrics()
    painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                     metrics.elidedText(files, Qt.TextElideMode.ElideMiddle, int(width * 0.45)))  # fmt: skip


def _scope_line(painter: QPainter, width: float, height: float, scope: str) -> None:
    """A report of the filtered rows says so at the top of every page, where a reader of one page sees it."""
    painter.setFont(_small_font(7, bold=True))
    painter.setPen(QColor("#8a1c14"))
    rect = QRectF(0, 0, width * 0.54, height * 0.8)
    text = painter.fontMetrics().elidedText(scope, Qt.TextElideMode.ElideRight, int(rect.width()))
    painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text)


def _footer(painter: QPainter, rect: QRectF, report: Report, page: int, pages: int) -> None:
    painter.setPen(QPen(QColor("#777"), max(rect.height() / 300, 1.0)))
    painter.drawLine(rect.topLeft(), rect.topRight())
    painter.setPen(QColor("#222"))
    generated = stamp(report.header.generated_at)
    line = rect.height() / 2.4
    first = QRectF(rect.left(), rect.top() + line * 0.15, rect.width(), line)
    painter.setFont(_small_font(7.5, bold=True))
    painter.drawText(first, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"Page {page} of {pages}")
    painter.setFont(_small_font(7.5))
    painter.drawText(first, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     f"Generated {generated} by Sanctions Desk {report.header.app_version}")  # fmt: skip
    second = QRectF(rect.left(), first.bottom(), rect.width(), rect.bottom() - first.bottom())
    painter.setFont(_small_font(7))
    painter.drawText(second, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                     report.page_notice or report.notice)  # fmt: skip


def _draw_band(painter: QPainter, doc: QTextDocument, band: Slice, offset: float, width: float) -> None:
    """Draw one band of the laid-out document at `offset` (layout units) below the painter's origin."""
    painter.save()
    painter.setClipRect(QRectF(0, offset, width, band.height))
    painter.translate(0, offset - band.top)
    context = QAbstractTextDocumentLayout.PaintContext()
    # The layout also draws what merely touches the clip; text the painter then clips away would still be
    # in the PDF (invisible, but found by search and copy), so the next page's first line must not touch.
    context.clip = QRectF(0, band.top, width, max(band.height - 0.75, 0.1))
    doc.documentLayout().draw(painter, context)
    painter.restore()


def layout_pages(rendered: ReportDocument, device: QPagedPaintDevice) -> list[Page]:
    """Lay the document out for the device's text area and cut it into pages."""
    scale = device.logicalDpiY() / LAYOUT_DPI
    width = device.width() / scale
    height = (device.height() - _mm(device, HEADER_MM) - _mm(device, FOOTER_MM)) / scale
    if width <= 50 or height <= 50:
        raise OutputFileError("the page is too small for the report's margins")
    rendered.doc.setTextWidth(width)
    return paginate(rendered.doc, height)


PageProgress = Callable[[int, int], None]
"""Called with (page, pages) before each page is painted."""


def paint_report(
    rendered: ReportDocument,
    device: QPagedPaintDevice,
    *,
    progress: PageProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Paint every page of the report on a PDF writer or printer (margins already set); returns pages.

    Raises gui.tasks.Cancelled between pages once `cancelled()` is true.
    """
    doc, report = rendered.doc, rendered.report
    pages = layout_pages(rendered, device)
    scale = device.logicalDpiY() / LAYOUT_DPI
    width, height = float(device.width()), float(device.height())
    header_h = _mm(device, HEADER_MM)
    painter = QPainter()
    if not painter.begin(device):
        raise OutputFileError("cannot start painting on the printer or PDF file")
    try:
        for number, page in enumerate(pages, 1):
            if cancelled is not None and cancelled():
                raise Cancelled
            if progress is not None:
                progress(number, len(pages))
            if number > 1 and not device.newPage():
                raise OutputFileError(f"cannot start page {number}")
            _running_header(painter, width, header_h, report, number)
            painter.save()
            painter.translate(0, header_h)
            painter.scale(scale, scale)
            offset = 0.0
            if page.header is not None:
                _draw_band(painter, doc, page.header, 0.0, width / scale)
                offset = page.header.height
            _draw_band(painter, doc, page.body, offset, width / scale)
            painter.restore()
            text_h = _mm(device, FOOTER_TEXT_MM)
            _footer(painter, QRectF(0, height - text_h, width, text_h), report, number, len(pages))
    finally:
        painter.end()
    return len(pages)


def page_layout(page_size: PageSizeName = "A4", *, landscape: bool = True) -> QPageLayout:
    """A4 or Letter, landscape by default (the findings table needs the width), with the report's margins."""
    if page_size not in PAGE_SIZES:
        raise ValueError(f"page size must be one of {', '.join(PAGE_SIZES)}, not {page_size!r}")
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(PAGE_SIZES[page_size]), orientation, MARGINS_MM, QPageLayout.Unit.Millimeter)


def pdf_bytes(
    report: Report,
    *,
    page_size: PageSizeName = "A4",
    landscape: bool = True,
    progress: PageProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[bytes, int]:
    """The report as the bytes of a PDF file, and its page count.

    Safe on a worker thread: the document, writer and painter are all made here, QTextDocument is
    reentrant and QPainter may paint PDF/printer devices outside the GUI thread (Qt, "Thread-Support
    in Qt Modules"); the report holds no QPixmap.
    """
    ensure_app()
    if cancelled is not None and cancelled():
        raise Cancelled
    rendered = build_document(report)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(page_layout(page_size, landscape=landscape))
    writer.setTitle(report.header.title)
    writer.setCreator("Sanctions Desk")
    # painter.end() has written the whole file into the buffer; a cancel leaves nothing on disk.
    pages = paint_report(rendered, writer, progress=progress, cancelled=cancelled)
    data: QByteArray = buffer.data()
    buffer.close()
    return bytes(data.data()), pages


def save_pdf(data: bytes, path: str | Path) -> None:
    """Write a PDF's bytes atomically (OutputFileError naming the file when it cannot be written)."""
    try:
        with atomic_write(path) as out:
            out.write(data)
    except OSError as exc:
        raise OutputFileError(f"cannot write the PDF: {exc.strerror or exc}", path=str(path)) from None


def render_pdf(
    report: Report,
    path: str | Path,
    *,
    page_size: PageSizeName = "A4",
    landscape: bool = True,
    progress: PageProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the report as a PDF, atomically (no partial file on failure or cancel); returns the page count."""
    data, pages = pdf_bytes(report, page_size=page_size, landscape=landscape, progress=progress, cancelled=cancelled)
    save_pdf(data, path)
    return pages


def _printer(page_size: PageSizeName, landscape: bool) -> QPrinter:
    made = QPrinter(QPrinter.PrinterMode.HighResolution)
    made.setPageLayout(page_layout(page_size, landscape=landscape))
    return made


def print_report(
    report: Report,
    parent: QWidget | None = None,
    *,
    printer: QPrinter | None = None,
    page_size: PageSizeName = "A4",
    landscape: bool = True,
) -> bool:
    """Ask for a printer with QPrintDialog and print the report; False when the user cancels."""
    target = printer if printer is not None else _printer(page_size, landscape)
    dialog = QPrintDialog(target, parent)
    dialog.setWindowTitle("Print screening report")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    paint_report(build_document(report), target)
    return True


def preview_report(
    report: Report, parent: QWidget | None = None, *, page_size: PageSizeName = "A4", landscape: bool = True
) -> int:
    """Show the report in QPrintPreviewDialog (which can print or change the page); returns its result."""
    dialog = preview_dialog(report, parent, page_size=page_size, landscape=landscape)
    return dialog.exec()


class _PreviewDialog(QPrintPreviewDialog):
    """A print preview that keeps its printer alive."""

    def __init__(self, printer: QPrinter, parent: QWidget | None) -> None:
        super().__init__(printer, parent)
        # The dialog does not own the printer: it must live as long as the dialog, or Qt paints on freed memory.
        self._printer_kept = printer


def preview_dialog(
    report: Report, parent: QWidget | None = None, *, page_size: PageSizeName = "A4", landscape: bool = True
) -> QPrintPreviewDialog:
    """The preview dialog, not yet shown, opening at the page's full width (readable on a laptop)."""
    rendered = build_document(report)  # built once; a new page size or orientation only re-paginates it
    printer = _printer(page_size, landscape)
    dialog = _PreviewDialog(printer, parent)
    dialog.setWindowTitle("Screening report preview")
    dialog.paintRequested.connect(lambda device: paint_report(rendered, device))
    # Through the dialog's own "Fit width" action, so its toolbar shows the zoom in use.
    fit = next((a for a in dialog.findChildren(QAction) if a.objectName() == "fitWidthAction"
                or a.text().replace("&", "").casefold() == "fit width"), None)  # fmt: skip
    if fit is not None:
        fit.trigger()
    widget = dialog.findChild(QPrintPreviewWidget)
    if widget is not None:
        widget.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)
    return dialog


__all__ = [
    "PAGE_SIZES",
    "ReportDocument",
    "build_document",
    "ensure_app",
    "page_layout",
    "paint_report",
    "preview_dialog",
    "preview_report",
    "print_report",
    "render_pdf",
]
