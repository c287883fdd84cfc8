"""First look at an input file: what it really is (by its bytes, not its name) and whether it is
safe to hand to a parser. Everything here reads the file read-only and in bounded pieces.

The input is opened once: its bytes are hashed as they are copied to a private folder, and every
check and every reader after that reads the copy. A file replaced or edited while it is screened
cannot be vetted as one version and parsed as another; `CheckedFile.verify_unchanged` then tells
whether the original still holds the bytes that were screened.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import weakref
from dataclasses import dataclass, field
from typing import BinaryIO

from compliance.intake.limits import CHUNK_SIZE, MAX_GRID_CELLS
from compliance.intake.safety.biff_scan import scan_xls_stream
from compliance.intake.safety.ole import SIGNATURE as OLE_SIGNATURE
from compliance.intake.safety.ole import CompoundFile, OleError
from compliance.intake.safety.xml_scan import ScanRejected
from compliance.intake.safety.zip_check import check_zip_workbook
from compliance.intake.safety.zip_scan import WorkbookFacts
from compliance.model.errors import InputFileError

HEAD_SIZE = 64 * 1024

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_KNOWN_BINARY = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"{\\rtf", "an RTF document"),
)
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


FileIdentity = tuple[int, int, int, int]
"""(device, inode, size, modification time in ns) of the input as it was opened."""

CHANGED = "was changed while it was being screened; nothing was written, screen it again"


class PrivateCopy:
    """The input's bytes in a folder only this user can read; removed once no longer needed."""

    def __init__(self, name: str) -> None:
        self.folder = tempfile.mkdtemp(prefix="sanctions-desk-")
        # The original's name keeps messages from a parser readable; the folder keeps it apart.
        self.path = os.path.join(self.folder, os.path.basename(name) or "input")
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.folder, True)

    def remove(self) -> None:
        """Delete the copy (safe to call twice; also done at exit for a copy never removed)."""
        self._cleanup()


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """A file that passed the safety checks, with what it turned out to be."""

    path: str
    """The path as the user gave it (for messages and for SourceRow.input)."""
    name: str
    size: int
    sha256: str
    kind: str
    """'xlsx' (also .xlsm), 'xlsb', 'ods', 'xls' or 'csv'."""
    head: bytes
    """The first 64 KiB, for encoding and delimiter detection."""
    read_path: str = ""
    """The private copy every reader opens (the bytes hashed and vetted); `path` when none was made."""
    identity: FileIdentity = (0, 0, 0, 0)
    copy: PrivateCopy | None = field(default=None, repr=False, compare=False)
    workbook: WorkbookFacts | None = field(default=None, repr=False, compare=False)
    """What the safety scan learnt of a zip workbook's parts (sheets, formulas, shared strings)."""

    def verify_unchanged(self) -> None:
        """Raise InputFileError when the original no longer holds the bytes that were screened."""
        try:
            now = _identity(os.stat(self.path))
        except OSError:
            raise _fail(CHANGED, self.path) from None
        if now != self.identity:
            raise _fail(CHANGED, self.path)
        try:
            with open(self.path, "rb") as handle:
                digest = _sha256(handle)
        except OSError:
            raise _fail(CHANGED, self.path) from None
        if digest != self.sha256:
            raise _fail(CHANGED, self.path)

    def discard(self) -> None:
        """Remove the private copy."""
        if self.copy is not None:
            self.copy.remove()


def _identity(info: os.stat_result) -> FileIdentity:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _fail(message: str, label: str) -> InputFileError:
    return InputFileError(message, path=label)


def _stat(label: str) -> os.stat_result:
    try:
        info = os.stat(label)
    except FileNotFoundError:
        raise _fail("file not found", label) from None
    except PermissionError:
        raise _fail("cannot be read: permission denied", label) from None
    except OSError as exc:
        raise _fail(f"cannot be read: {exc.strerror or exc}", label) from None
    return _vet_status(info, label)


def _vet_status(info: os.stat_result, label: str) -> os.stat_result:
    if stat.S_ISDIR(info.st_mode):
        raise _fail("is a folder, not a spreadsheet or CSV file", label)
    if not stat.S_ISREG(info.st_mode):
        raise _fail("is not a regular file", label)
    if info.st_size == 0:
        raise _fail("is empty (0 bytes)", label)
    return info


def _sha256(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    while block := handle.read(CHUNK_SIZE):
        digest.update(block)
    return digest.hexdigest()


def _looks_like_utf16(head: bytes) -> bool:
    # UTF-16 without a BOM: ASCII text leaves every other byte zero.
    sample = head[:4096]
    even, odd = sample[0::2], sample[1::2]
    return len(sample) >= 8 and (
        (odd.count(0) > 0.4 * len(odd) > 0 and even.count(0) == 0)
        or (even.count(0) > 0.4 * len(even) > 0 and odd.count(0) == 0)
    )


def _text_kind(head: bytes, label: str) -> str:
    """Accept delimited text; refuse binary data, HTML and XML with a message that says which."""
    if not head.startswith(_TEXT_BOMS) and b"\x00" in head and not _looks_like_utf16(head):
        raise _fail("is not a spreadsheet or CSV file (it holds unrecognised binary data)", label)
    probe = head.lstrip(b"\xef\xbb\xbf").lstrip()[:512].lower().replace(b"\x00", b"")
    if probe.startswith((b"<!doctype html", b"<html", b"<table")):
        raise _fail(
            "is a web page (HTML) saved under a spreadsheet name; open it in Excel and save it as .xlsx or .csv",
            label,
        )
    if probe.startswith(b"<?xml"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head.replace(b"\x00", b""):
            raise _fail(
                "is an Excel 2003 XML spreadsheet, which cannot be read; open it in Excel and save it as .xlsx",
                label,
            )
        raise _fail("is an XML file, not a spreadsheet or CSV file", label)
    return "csv"


def _check_ole(handle: BinaryIO, size: int, label: str) -> None:
    try:
        compound = CompoundFile(handle, size)
    except OleError as exc:
        raise _fail(f"is damaged: {exc}", label) from None
    names = {n.casefold() for n in compound.stream_names()}
    if {"encryptioninfo", "encryptedpackage"} & names:
        raise _fail(
            "is password-protected (encrypted); remove the password in Excel (File > Info > "
            "Protect Workbook) and save it again",
            label,
        )
    workbook = compound.find("Workbook", "Book")
    if workbook is None:
        if "worddocument" in names:
            raise _fail("is a Word document, not a spreadsheet", label)
        if "powerpoint document" in names:
            raise _fail("is a PowerPoint presentation, not a spreadsheet", label)
        raise _fail("is an Office compound file that holds no Excel workbook", label)
    try:
        extents = scan_xls_stream(compound.read_stream(workbook))
    except OleError as exc:
        raise _fail(f"is damaged: {exc}", label) from None
    except ScanRejected as exc:
        raise _fail(str(exc), label) from None
    # calamine reads every sheet of an .xls when the file is opened.
    total = sum(e.grid for e in extents)
    if total > MAX_GRID_CELLS:
        raise _fail(
            f"spans {total:,} cells across its sheets, more than can be screened safely "
            f"(limit {MAX_GRID_CELLS:,}); split it into smaller workbooks",
            label,
        )


def _open_once(label: str) -> int:
    """The input's descriptor; never blocks (a FIFO swapped in after the first look is refused)."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        return os.open(label, flags)
    except FileNotFoundError:
        raise _fail("file not found", label) from None
    except PermissionError:
        raise _fail("cannot be read: permission denied (is it open in another program?)", label) from None
    except OSError as exc:
        raise _fail(f"cannot be read: {exc.strerror or exc}", label) from None


def _copy_once(label: str) -> tuple[PrivateCopy, str, FileIdentity]:
    """Copy the input to a private file, hashing the same bytes; refuse a file that changes meanwhile."""
    _stat(label)
    with open(_open_once(label), "rb", closefd=True) as source:
        before = _vet_status(os.fstat(source.fileno()), label)
        try:
            copy = PrivateCopy(label)
        except OSError as exc:
            raise _fail(f"cannot be copied for reading: {exc.strerror or exc}", label) from None
        try:
            digest, copied = _copy_bytes(source, copy.path, label)
            after = os.fstat(source.fileno())
        except BaseException:
            copy.remove()
            raise
    identity = _identity(before)
    if _identity(after) != identity or copied != before.st_size:
        copy.remove()
        raise _fail(CHANGED, label)
    return copy, digest, identity


def _copy_bytes(source: BinaryIO, target_path: str, label: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    copied = 0
    try:
        with open(target_path, "xb") as target:
            while True:
                try:
                    block = source.read(CHUNK_SIZE)
                except OSError as exc:
                    raise _fail(f"cannot be read: {exc.strerror or exc}", label) from None
                if not block:
                    break
                digest.update(block)
                copied += len(block)
                target.write(block)
    except OSError as exc:  # writing the copy: the temporary folder is full or gone
        raise _fail(f"cannot be copied for reading: {exc.strerror or exc}", label) from None
    return digest.hexdigest(), copied


def check_input_file(path: str | os.PathLike[str]) -> CheckedFile:
    """Identify the file by its bytes and vet it; raise InputFileError with one clear reason.

    The returned CheckedFile owns a private copy of the input (`read_path`): the caller reads that
    and calls `discard()` when done (it is also removed at exit).
    """
    label = os.fsdecode(path)
    copy, digest, identity = _copy_once(label)
    try:
        kind, facts, head = _vet(copy.path, identity[2], label)
    except BaseException:
        copy.remove()
        raise
    return CheckedFile(
        path=label,
        name=os.path.basename(label),
        size=identity[2],
        sha256=digest,
        kind=kind,
        head=head,
        read_path=copy.path,
        identity=identity,
        copy=copy,
        workbook=facts,
    )


def _vet(read_path: str, size: int, label: str) -> tuple[str, WorkbookFacts | None, bytes]:
    """What the copy is, and what its parts hold; messages name the original."""
    facts: WorkbookFacts | None = None
    try:
        with open(read_path, "rb") as handle:
            head = handle.read(HEAD_SIZE)
            if not head:
                raise _fail("is empty (0 bytes)", label)
            if head.startswith(_ZIP_MAGIC):
                facts = check_zip_workbook(handle, size, label)
                kind = facts.kind
            elif head.startswith(OLE_SIGNATURE):
                _check_ole(handle, size, label)
                kind = "xls"
            else:
                for magic, what in _KNOWN_BINARY:
                    if head.startswith(magic):
                        raise _fail(f"is {what}, not a spreadsheet or CSV file", label)
                kind = _text_kind(head, label)
    except PermissionError:
        raise _fail("cannot be read: permission denied (is it open in another program?)", label) from None
    except MemoryError:
        raise _fail("is too large to check in the memory available", label) from None
    except OSError as exc:
        raise _fail(f"cannot be read: {exc.strerror or exc}", label) from None
    return kind, facts, head
