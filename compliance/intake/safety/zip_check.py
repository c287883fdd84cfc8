"""Check a zip-based workbook (.xlsx, .xlsm, .xlsb, .ods) member by member before calamine opens it.

The zip's own directory is only a claim: sizes are checked against the limits first, then every
part calamine would read is inflated in bounded chunks, with its declared size enforced, and scanned
for DTDs and for the used range it would make calamine allocate.
"""

from __future__ import annotations

import functools
import struct
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from compliance.intake.limits import MAX_GRID_CELLS, MAX_SHARED_STRINGS_BYTES
from compliance.intake.safety.biff_scan import scan_xlsb_sheet
from compliance.intake.safety.ods_scan import scan_ods_content
from compliance.intake.safety.part_watch import PartWatch
from compliance.intake.safety.xml_scan import Extent, ScanRejected, check_no_dtd, refine_rows, scan_worksheet
from compliance.intake.safety.zip_parts import recalculates, sheet_parts, workbook_kind, workbook_sheets
from compliance.intake.safety.zip_scan import SheetPart, WorkbookFacts, check_directory, inflate
from compliance.model.errors import InputFileError

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_SHARED_STRINGS = "xl/sharedstrings.xml"


def _reject(exc: ScanRejected, info: zipfile.ZipInfo, sheet: str | None, label: str) -> None:
    if sheet:
        raise InputFileError(f"the sheet {exc}", path=label, sheet=sheet) from None
    raise InputFileError(f"the workbook part '{info.filename}' {exc}", path=label) from None


def _check_grid(sheets: list[tuple[str | None, Extent, zipfile.ZipInfo | None]], handle: BinaryIO, label: str) -> None:
    """Keep the dense grids calamine will hold within budget, tightening loose bounds first."""
    if sum(e.grid for _, e, _ in sheets) <= MAX_GRID_CELLS:
        return
    refined: list[tuple[str | None, Extent, zipfile.ZipInfo | None]] = []
    for name, extent, info in sheets:
        if not extent.exact and info is not None:
            try:
                extent = refine_rows(functools.partial(inflate, handle, info), extent)
            except ScanRejected as exc:
                _reject(exc, info, name, label)
        refined.append((name, extent, info))
    total = sum(e.grid for _, e, _ in refined)
    if total > MAX_GRID_CELLS:
        name, biggest, _ = max(refined, key=lambda item: item[1].grid)
        where = f"sheet '{name}'" if name else "its largest sheet"
        raise InputFileError(
            f"spans {total:,} cells across its sheets ({where}: {biggest.rows:,} rows x "
            f"{biggest.columns:,} columns), more than can be screened safely (limit "
            f"{MAX_GRID_CELLS:,}); split it into smaller workbooks",
            path=label,
        )


def check_zip_workbook(handle: BinaryIO, file_size: int, label: str) -> WorkbookFacts:
    """Vet a zip container and every part calamine reads; say what it is ('xlsx', 'xlsb', 'ods')
    and, for an .xlsx, its sheets by part, which hold formulas, and its longest shared string."""
    try:
        archive = zipfile.ZipFile(handle)
        infos = archive.infolist()
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        struct.error,
        NotImplementedError,
        OverflowError,
        KeyError,
    ) as exc:
        raise InputFileError(
            f"is damaged or incomplete: it starts like a zip/Excel file but cannot be read ({exc})",
            path=label,
        ) from None
    check_directory(infos, file_size, label)
    by_name = {i.filename.lower(): i for i in infos}
    kind = workbook_kind(by_name, handle, label)
    parts: dict[str, str | None] = {}
    listed: list[tuple[str, str]] = []
    recalculate = False
    if kind != "ods":
        try:
            parts = sheet_parts(by_name, handle, kind)
            if kind == "xlsx":
                listed = workbook_sheets(by_name, handle)
                recalculate = recalculates(by_name, handle)
        except ScanRejected as exc:
            raise InputFileError(f"the workbook's sheet list {exc}", path=label) from None
    sheets: list[tuple[str | None, Extent, zipfile.ZipInfo | None]] = []
    watched: dict[str, PartWatch] = {}
    strings = PartWatch()
    for info in infos:
        lower = info.filename.lower()
        if info.is_dir():
            continue
        sheet = parts.get(lower)

        def source(info: zipfile.ZipInfo = info) -> Iterator[bytes]:
            """A fresh pass over this member (the exact and refining scans read it again)."""
            return inflate(handle, info)

        try:
            if lower in parts and kind == "xlsx":
                watch = PartWatch()

                def watched_source(info: zipfile.ZipInfo = info, watch: PartWatch = watch) -> Iterator[bytes]:
                    return watch.formulas_in(inflate(handle, info))

                extent = scan_worksheet(watched_source, info.file_size)
                sheets.append((sheet, extent, info))
                watched[lower] = watch
            elif lower in parts and kind == "xlsb":
                sheets.append((sheet, scan_xlsb_sheet(source()), None))
            elif kind == "ods" and lower == "content.xml":
                sheets.extend((None, extent, None) for extent in scan_ods_content(source))
            elif kind == "xlsx" and lower == _SHARED_STRINGS:
                if info.file_size > MAX_SHARED_STRINGS_BYTES:
                    raise InputFileError(
                        f"holds {info.file_size / 1024**2:,.0f} MiB of shared strings, more than can be "
                        f"screened safely (limit {MAX_SHARED_STRINGS_BYTES / 1024**2:,.0f} MiB); split it "
                        "into smaller workbooks",
                        path=label,
                    )
                check_no_dtd(strings.strings_in(source(), info.file_size))
            elif lower.endswith(_XML_SUFFIXES):
                check_no_dtd(source())
        except ScanRejected as exc:
            _reject(exc, info, sheet, label)
    _check_grid(sheets, handle, label)
    found = []
    for name, part in listed:
        if part in watched and part in by_name:
            watch = watched[part]
            member = by_name[part]
            found.append(SheetPart(name, member.filename, member.file_size, watch.value_cells, watch.formulas))
    return WorkbookFacts(kind, tuple(found), strings.longest, recalculate)
