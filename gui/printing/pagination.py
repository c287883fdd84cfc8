"""Page breaks for the report: between table rows and paragraphs, never inside a row or after a heading.

QTextDocument's own pagination splits table rows across pages (a citation's last word lands on the next
page) and ignores "keep together". So the document is laid out as one long page and cut here at safe
places; a table that runs onto a new page gets its header row painted again at the top.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from PySide6.QtGui import QTextBlock, QTextBlockFormat, QTextCursor, QTextDocument, QTextFormat, QTextTable

KEEP_TOGETHER_ROWS = 6
"""Tables with at most this many body rows are never split (unless one is taller than a page)."""


@dataclass(frozen=True, slots=True)
class Slice:
    """A vertical band of the laid-out document, in layout units."""

    top: float
    bottom: float

    @property
    def height(self) -> float:
        """The band's height."""
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Page:
    """One page: the document band it shows, and the table header to repeat above it (if any)."""

    body: Slice
    header: Slice | None = None


@dataclass(frozen=True, slots=True)
class _Break:
    y: float
    header: Slice | None  # the header row to repeat when a page starts here (inside a table)


def _is_heading(block: QTextBlock) -> bool:
    return block.blockFormat().headingLevel() > 0


def _forced(block: QTextBlock) -> bool:
    policy = block.blockFormat().pageBreakPolicy()
    return bool(policy & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)


def table_bottom(doc: QTextDocument, table: QTextTable) -> float:
    """The lowest text of the table's last row plus its padding and rule."""
    layout = doc.documentLayout()
    last = table.rows() - 1
    fmt = table.format()
    cells = (table.cellAt(last, c) for c in range(table.columns()))
    return max(layout.blockBoundingRect(doc.findBlock(c.lastPosition())).bottom() for c in cells) + (
        fmt.cellPadding() + fmt.border()
    )


def _row_breaks(
    doc: QTextDocument, table: QTextTable, inherited: Slice | None, page_height: float
) -> tuple[list[_Break], float, Slice | None]:
    """Breaks before each body row (with the header band to repeat), the table's top edge, its header band.

    A table without a header row that continues the one above it (report_html writes long tables in
    chunks) takes that table's header band.
    """
    layout = doc.documentLayout()
    rows, cols = table.rows(), table.columns()
    fmt = table.format()
    pad, border = fmt.cellPadding(), fmt.border()

    def content_top(r: int) -> float:
        # Cells may be bottom-aligned (header cells are): the row starts where its tallest cell does.
        cells = (table.cellAt(r, c) for c in range(cols))
        return min(layout.blockBoundingRect(doc.findBlock(cell.firstPosition())).top() for cell in cells)

    def row_top(r: int) -> float:
        # Just below the rule between rows: the row above keeps its bottom rule on its own page.
        return content_top(r) - max(pad - 0.5, 0.0)

    # frameBoundingRect's top is not the outer edge; take the first row's content and step over its padding.
    top = content_top(0) - pad - border - 0.5
    heads = fmt.headerRowCount()
    short = rows - max(heads, 0) <= KEEP_TOGETHER_ROWS and table_bottom(doc, table) - top <= page_height
    if inherited is None and short:
        # A short table reads better whole on the next page than split a row or two in.
        return [], top, (Slice(top, row_top(heads)) if 0 < heads < rows else None)
    if heads <= 0:
        return [_Break(row_top(r), inherited) for r in range(1, rows)], top, inherited
    if heads >= rows:
        return [], top, None
    header = Slice(top, row_top(heads))
    # No break between the header and the first body row: a header alone at a page's foot helps nobody.
    return [_Break(row_top(r), header) for r in range(heads + 1, rows)], top, header


def _is_separator(block: QTextBlock) -> bool:
    """The empty block Qt puts between two adjacent tables."""
    if block.length() > 1:
        return False
    prev_table = QTextCursor(block.previous()).currentTable() if block.previous().isValid() else None
    next_table = QTextCursor(block.next()).currentTable() if block.next().isValid() else None
    return prev_table is not None and next_table is not None


def join_tables(doc: QTextDocument) -> None:
    """Shrink the empty block between two adjacent tables to nothing, so chunks read as one table."""
    block = doc.begin()
    while block.isValid():
        if _is_separator(block):
            fmt = block.blockFormat()
            fmt.setTopMargin(0)
            fmt.setBottomMargin(0)
            fmt.setLineHeight(0.01, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
            cursor = QTextCursor(block)
            cursor.setBlockFormat(fmt)
        block = block.next()


@dataclass(slots=True)
class _Plan:
    breaks: list[_Break]
    forced: list[float]
    end: float
    """Where the last text or table ends (Qt's trailing empty block would add a near-blank page)."""
    tables: list[tuple[float, float, Slice | None]]
    """Each table's top, bottom and header band, for a cut forced inside a row."""

    def header_at(self, y: float) -> Slice | None:
        """The header band to repeat above a page that starts at `y` inside a table's body."""
        return next((h for top, bottom, h in self.tables if top < y < bottom and h and y >= h.bottom), None)


def _plan(doc: QTextDocument, page_height: float) -> _Plan:
    """Every safe break and every forced one (page-break-before), in document order."""
    layout = doc.documentLayout()
    root = doc.rootFrame()
    breaks: list[_Break] = []
    forced: list[float] = []
    after_heading = True  # nothing before the first element: no break there either
    header: Slice | None = None  # the header of the table just above, for a chunk that continues it
    columns = -1
    floor = 0.0  # the bottom of the last table: the empty block Qt puts after a table claims a top inside it
    end = 0.0
    tables: list[tuple[float, float, Slice | None]] = []
    block = doc.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is not None:
            continues = header is not None and table.format().headerRowCount() == 0 and table.columns() == columns
            rows, top, header = _row_breaks(doc, table, header if continues else None, page_height)
            if continues:
                breaks.append(_Break(top, header))  # between the last row above and this chunk's first
            elif not after_heading:
                breaks.append(_Break(top, None))
            breaks.extend(rows)
            columns = table.columns()
            after_heading = False
            floor = end = table_bottom(doc, table)
            tables.append((top, floor, header))
            block = doc.findBlock(table.lastPosition() + 1)
            continue
        if _is_separator(block):
            block = block.next()
            continue
        header, columns = None, -1
        if QTextCursor(block).currentFrame() == root and block.length() > 1:
            rect = layout.blockBoundingRect(block)
            y = max(rect.top(), floor)
            end = max(end, rect.bottom())
            if _forced(block) and y > 0:
                forced.append(y)
            elif not after_heading:
                breaks.append(_Break(y, None))
            after_heading = _is_heading(block)
        block = block.next()
    breaks.sort(key=lambda b: b.y)
    return _Plan(breaks, sorted(forced), end, tables)


def _line_safe(doc: QTextDocument, start: float, limit: float) -> float:
    """A cut at or above `limit` that goes through no line of text (for a row taller than a page)."""
    layout = doc.documentLayout()
    y = limit
    block = doc.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        if block.length() > 1 and rect.top() < y < rect.bottom() and block.layout() is not None:
            lines = block.layout()
            for i in range(lines.lineCount()):
                line = lines.lineAt(i)
                line_top = rect.top() + line.y()
                if line_top < y < line_top + line.height():
                    y = line_top
        block = block.next()
    return y if y > start + 1 else limit


def paginate(doc: QTextDocument, page_height: float) -> list[Page]:
    """Cut the (unpaginated, laid-out) document into pages of `page_height` layout units."""
    plan = _plan(doc, page_height)
    ys = [b.y for b in plan.breaks]
    end = min(plan.end, doc.size().height()) if plan.end > 0 else doc.size().height()
    pages: list[Page] = []
    start, header = 0.0, None
    while start < end - 0.5:
        room = page_height - (header.height if header else 0.0)
        limit = start + room
        i = bisect.bisect_right(plan.forced, start + 0.5)
        if i < len(plan.forced) and plan.forced[i] <= limit:
            cut, next_header = plan.forced[i], None
        elif limit >= end:
            cut, next_header = end, None
        else:
            j = bisect.bisect_right(ys, limit) - 1
            if j >= 0 and ys[j] > start + 0.5:
                cut, next_header = ys[j], plan.breaks[j].header
            else:
                # A single row taller than the page: cut between its lines, keep repeating its header.
                cut = _line_safe(doc, start, limit)
                next_header = plan.header_at(cut)
        pages.append(Page(Slice(start, cut), header))
        start, header = cut, next_header
    return pages or [Page(Slice(0.0, max(end, 1.0)))]
