"""Read delimited text (.csv, .tsv, .txt): detect its encoding and delimiter, stream its records.

Row numbers are record numbers, which is what Excel shows when it opens the file (a quoted
newline stays inside its cell).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from compliance.intake.limits import CHUNK_SIZE, MAX_COLUMNS, MAX_CSV_LINE_CHARS
from compliance.model.errors import InputFileError

DELIMITERS = (",", ";", "\t", "|")
_SEP_LINE = re.compile(r"^sep=(.)\r?\n?$", re.IGNORECASE)
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


_UNDECODED = re.compile("[\udc80-\udcff]")
_NON_ASCII_TEXT = re.compile("[^\x00-\x7f\udc80-\udcff]")


@dataclass(frozen=True, slots=True)
class CsvFormat:
    """How to read one delimited text file."""

    encoding: str
    delimiter: str
    skip_sep_line: bool = False
    """The file starts with Excel's 'sep=;' hint line, which Excel does not show as a row."""
    mixed: bool = False
    """UTF-8 text with bytes of another encoding in places: each such cell is an UndecodedText."""

    def describe(self) -> str:
        """'utf-8, semicolon-delimited' for logs and the detail view."""
        mixed = " with bytes in another encoding" if self.mixed else ""
        return f"{self.encoding}{mixed}, {_DELIMITER_NAMES.get(self.delimiter, self.delimiter)}-delimited"


class UndecodedText(str):
    """A cell of a UTF-8 file that holds bytes which are not UTF-8.

    The text reads those bytes as Windows-1252 (the usual culprit, Excel's "CSV" on Western
    Windows), and `escaped` shows the cell's bytes as they are, the foreign ones escaped (\\xe9),
    so that an officer can see exactly what was in the file.
    """

    escaped: str
    foreign: bytes
    """The bytes that are not UTF-8, in order."""

    @classmethod
    def from_surrogates(cls, text: str) -> UndecodedText:
        """The cell from its surrogate-escaped reading (each foreign byte one lone surrogate)."""
        raw = text.encode("utf-8", "surrogateescape")
        foreign = bytes(ord(c) - 0xDC00 for c in _UNDECODED.findall(text))
        cell = cls(raw.decode("utf-8", "sanctions-desk-cp1252"))
        cell.escaped = raw.decode("utf-8", "backslashreplace")
        cell.foreign = foreign
        return cell


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("sanctions-desk-cp1252", _cp1252_fallback)


def _bom_encoding(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if len(sample) >= 8 and b"\x00" in sample:
        # UTF-16 without a BOM: ASCII text leaves every other byte zero.
        if sample[1::2].count(0) > len(sample) // 5 and sample[0::2].count(0) == 0:
            return "utf-16-le"
        if sample[0::2].count(0) > len(sample) // 5 and sample[1::2].count(0) == 0:
            return "utf-16-be"
    return None


def _first_decode_error(path: str, encoding: str) -> tuple[int, bytes] | None:
    """Decode the whole file once, so a bad byte is reported now rather than mid-screening."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    try:
        with open(path, "rb") as handle:
            while block := handle.read(CHUNK_SIZE):
                decoder.decode(block)
                offset += len(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        return offset + max(exc.start, 0), bytes(exc.object[exc.start : exc.start + 1])
    return None


def _has_utf8_text(path: str, encoding: str) -> bool:
    """Whether the file holds any non-ASCII character written as valid UTF-8."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="surrogateescape")
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK_SIZE):
            if _NON_ASCII_TEXT.search(decoder.decode(block)):
                return True
    return bool(_NON_ASCII_TEXT.search(decoder.decode(b"", final=True)))


def detect_text_encoding(path: str, head: bytes, label: str | None = None) -> tuple[str, bool]:
    """(encoding, mixed): BOM (UTF-8, UTF-16, UTF-32), else strict UTF-8, else Windows-1252.

    A file that is UTF-8 in places and holds bytes of another encoding elsewhere (one pasted
    cell saved on Western Windows) is `mixed`: it is read as UTF-8 wherever it is UTF-8, never
    re-read whole in the other encoding, which would turn every Korean or Chinese name into
    mojibake.
    """
    encoding = _bom_encoding(head)
    candidates = [encoding] if encoding else ["utf-8", "cp1252"]
    offset, byte = 0, b""
    for candidate in candidates:
        error = _first_decode_error(path, candidate)
        if error is None:
            return candidate, False
        offset, byte = error
        if candidate in ("utf-8", "utf-8-sig") and (candidate == "utf-8-sig" or _has_utf8_text(path, candidate)):
            return candidate, True
    raise InputFileError(
        f"is not readable text in {' or '.join(candidates)} (undecodable byte 0x{byte.hex()} "
        f"at offset {offset:,}); save it from Excel as 'CSV UTF-8'",
        path=label or path,
    )


def detect_encoding(path: str, head: bytes) -> str:
    """BOM (UTF-8, UTF-16, UTF-32), else strict UTF-8, else Windows-1252 (see detect_text_encoding)."""
    return detect_text_encoding(path, head)[0]


def _consistency(sample: str, delimiter: str) -> tuple[float, int]:
    """(share of records with the most common field count, that count); (0, 0) if under 2."""
    try:
        records = list(csv.reader(io.StringIO(sample), delimiter=delimiter))[:50]
    except csv.Error:
        return 0.0, 0
    counts = [len(r) for r in records if any(field.strip() for field in r)]
    if not counts:
        return 0.0, 0
    fields, frequency = Counter(counts).most_common(1)[0]
    if fields < 2:
        return 0.0, 0
    return frequency / len(counts), fields


def detect_delimiter(sample: str) -> str:
    """Sniffer's choice when the field counts agree with it, else the most consistent candidate."""
    try:
        sniffed: str | None = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    # Sniffer prefers ',' whenever it is consistent, which misreads "1.234,56" in ';' files.
    scores = {d: _consistency(sample, d) for d in DELIMITERS}
    best = max(scores.values())
    if best == (0.0, 0):
        return sniffed or ","
    if sniffed in scores and scores[sniffed] == best:
        return sniffed
    return max(DELIMITERS, key=lambda d: scores[d])


def detect_format(path: str, head: bytes, label: str | None = None) -> CsvFormat:
    """Encoding and delimiter of a delimited text file, from its first 64 KiB."""
    encoding, mixed = detect_text_encoding(path, head, label)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)
    if len(head) >= 64 * 1024 and "\n" in text:
        text = text[: text.rfind("\n") + 1]  # drop a line cut short by the sample
    sep = _SEP_LINE.match(text.partition("\n")[0] + "\n")
    if sep:
        return CsvFormat(encoding, sep.group(1), skip_sep_line=True, mixed=mixed)
    return CsvFormat(encoding, detect_delimiter(text), mixed=mixed)


class _LineTooLong(Exception):
    pass


def _lines(handle: io.TextIOBase) -> Iterator[str]:
    # Bounded reads: one line with no newline must not be pulled into memory whole.
    while line := handle.readline(MAX_CSV_LINE_CHARS):
        if len(line) >= MAX_CSV_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise _LineTooLong
        yield line


def _decoded(record: list[str]) -> list[str]:
    """A mixed file's record: each cell holding foreign bytes becomes an UndecodedText."""
    if not _UNDECODED.search("".join(record)):
        return record
    return [UndecodedText.from_surrogates(c) if _UNDECODED.search(c) else c for c in record]


def iter_records(path: str, fmt: CsvFormat, label: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(record number, fields) for every record, blank ones included; errors name the row.

    `label` names the file in messages when `path` is a private copy of it.
    """
    number = 0
    path_shown = label or path
    errors = "surrogateescape" if fmt.mixed else "strict"
    try:
        with open(path, encoding=fmt.encoding, errors=errors, newline="") as handle:
            lines = _lines(handle)
            if fmt.skip_sep_line:
                next(lines, None)
            for number, record in enumerate(csv.reader(lines, delimiter=fmt.delimiter), 1):
                if len(record) > MAX_COLUMNS:
                    raise InputFileError(
                        f"has {len(record):,} columns, more than Excel's {MAX_COLUMNS:,}",
                        path=path_shown,
                        row=number,
                    )
                yield number, _decoded(record) if fmt.mixed else record
    except _LineTooLong:
        raise InputFileError(
            f"has a line longer than {MAX_CSV_LINE_CHARS:,} characters; it is not a normal CSV file",
            path=path_shown,
            row=number + 1,
        ) from None
    except csv.Error as exc:
        raise InputFileError(f"cannot be read as CSV: {exc}", path=path_shown, row=number + 1) from None
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"is not valid {fmt.encoding} text ({exc.reason})", path=path_shown, row=number + 1
        ) from None
    except OSError as exc:
        raise InputFileError(f"cannot be read: {exc.strerror or exc}", path=path_shown) from None
