"""Read a large .xlsx/.xlsm worksheet one row at a time, with the values calamine would give.

python-calamine builds a whole sheet in memory before its first row can be read: about 1.9 GB for a
million rows of twenty columns. This reader inflates the worksheet XML in bounded chunks (with the
safety scan's `inflate`, which enforces each part's declared size) and holds only the shared-string
table, one chunk and the rows of that chunk. It reproduces python-calamine 0.9's reading of a sheet
cell for cell and type for type: str, float (every number), bool, datetime.date / datetime /
time / timedelta for date-formatted numbers, "" for errors and empty cells; rows padded to the
sheet's used columns, starting at its first used column (as `CalamineSheet.iter_rows`).

Two passes read the worksheet part:

1. the used columns: calamine pads every row to the sheet's used range, so the width must be known
   before the first row is handed out. This pass only looks at cells that would widen the range
   found so far (a regex search that matches nothing in an ordinary chunk);
2. the rows.

Both passes have a fast path for cells written the usual way (`<c r="B2" s="1" t="s"><v>3</v></c>`,
inline strings, formulas with a cached value): one compiled pattern over a whole chunk (cut after
its last complete cell). A chunk holding anything else (a cell without a leading reference, rich
text, a comment, a namespace prefix, ...) is noticed by counting its cell tags and some cheap byte
searches, and goes through `_Parser`, a small tokenizer replaying calamine's (quick-xml's) reading
rules event by event. The exact path is about ten times slower, so the fast one takes each chunk
it can describe completely.

A sheet whose rows go backwards (row 7 written before row 5) cannot be streamed: calamine sorts such
cells into its grid; here it is an error, raised when the row is reached (spreadsheet programs
always write rows in order).
"""

from compliance.intake.xlsx_stream.errors import XlsxStreamError
from compliance.intake.xlsx_stream.errors import read_error as read_error
from compliance.intake.xlsx_stream.formats import number_format_kind as number_format_kind
from compliance.intake.xlsx_stream.rows import _RowReader as _RowReader
from compliance.intake.xlsx_stream.sheet import StreamedSheet
from compliance.intake.xlsx_stream.workbook import XlsxStream

__all__ = ["StreamedSheet", "XlsxStream", "XlsxStreamError"]
