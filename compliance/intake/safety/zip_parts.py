"""Which kind of workbook a zip holds and which of its parts are sheets: the relationships and the
workbook's sheet list, resolved as calamine resolves them."""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from typing import BinaryIO

from compliance.intake.safety.biff_scan import xlsb_sheet_names
from compliance.intake.safety.xml_scan import ScanRejected
from compliance.intake.safety.zip_scan import read_small
from compliance.model.errors import InputFileError

_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_FULL_CALC = re.compile(rb"""fullCalcOnLoad\s*=\s*["'](?:1|true)["']""")


def workbook_kind(by_name: dict[str, zipfile.ZipInfo], handle: BinaryIO, label: str) -> str:
    """'xlsx', 'xlsb' or 'ods'; any other zip (a Word document, a plain archive) is refused by name."""
    if "xl/workbook.xml" in by_name:
        return "xlsx"
    if "xl/workbook.bin" in by_name:
        return "xlsb"
    mimetype = by_name.get("mimetype")
    if mimetype is not None:
        try:
            value = read_small(handle, mimetype).strip()
        except ScanRejected as exc:
            raise InputFileError(f"the part 'mimetype' {exc}", path=label) from None
        if value.startswith(_ODS_MIME):
            return "ods"
        if value.startswith(b"application/vnd.oasis.opendocument."):
            kind = value.decode("ascii", "replace").rsplit(".", 1)[-1]
            raise InputFileError(f"is an OpenDocument {kind} file, not a spreadsheet", path=label)
    if "content.xml" in by_name:
        return "ods"
    if "word/document.xml" in by_name:
        raise InputFileError("is a Word document, not a spreadsheet", path=label)
    if "ppt/presentation.xml" in by_name:
        raise InputFileError("is a PowerPoint presentation, not a spreadsheet", path=label)
    raise InputFileError("is a zip archive, not an Excel or OpenDocument workbook", path=label)


_CONVENTIONAL_SHEET = re.compile(r"^xl/worksheets/sheet\d*\.(?:xml|bin)$")
_TAG_ATTRS = re.compile(rb"<(?:[\w.-]+:)?(Relationship|sheet)\b([^>]*)>")
_ATTR = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(raw: bytes) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, double, single in _ATTR.findall(raw):
        key = name.decode("ascii", "replace")
        found[key.split(":")[-1] if key.endswith(":id") else key] = html.unescape(
            (double or single).decode("utf-8", "replace")
        )
    return found


def sheet_parts(by_name: dict[str, zipfile.ZipInfo], handle: BinaryIO, kind: str) -> dict[str, str | None]:
    """Worksheet part (lower-case) -> sheet name where the workbook says it."""
    suffix = ".bin" if kind == "xlsb" else ".xml"
    # The relationships decide what calamine reads; the conventional names are scanned as well
    # (but not e.g. an .xlsb's xl/worksheets/binaryIndex1.bin, which holds no cells).
    parts: dict[str, str | None] = {
        name: None for name in by_name if _CONVENTIONAL_SHEET.match(name) and name.endswith(suffix)
    }
    rels_info = by_name.get(f"xl/_rels/workbook{suffix}.rels")
    if rels_info is None:
        return parts
    targets: dict[str, list[str]] = {}
    for tag, raw in _TAG_ATTRS.findall(read_small(handle, rels_info)):
        attrs = _attrs(raw)
        if tag != b"Relationship" or "sheet" not in attrs.get("Type", "").lower():
            continue
        target = attrs.get("Target", "").replace("\\", "/")
        if attrs.get("TargetMode", "").lower() == "external" or not target:
            continue
        path = target[1:] if target.startswith("/") else posixpath.join("xl", target)
        paths = targets.setdefault(attrs.get("Id", ""), [])
        paths.append(posixpath.normpath(path).lower())
        # calamine resolves a relative target that starts with "xl/" from the package root
        # ("xl/worksheets/a.xml" is that part, not xl/xl/...): scan the part it reads as well.
        if target.lower().startswith("xl/"):
            paths.append(posixpath.normpath(target).lower())
    names: dict[str, str] = {}
    workbook_info = by_name.get(f"xl/workbook{suffix}")
    if workbook_info is not None and kind == "xlsb":
        for rel, name in xlsb_sheet_names(read_small(handle, workbook_info)).items():
            for part in targets.get(rel, ()):
                names[part] = name
    elif workbook_info is not None:
        for tag, raw in _TAG_ATTRS.findall(read_small(handle, workbook_info)):
            attrs = _attrs(raw)
            if tag == b"sheet" and attrs.get("id") in targets:
                for part in targets[attrs["id"]]:
                    names[part] = attrs.get("name", "")
    for paths in targets.values():
        for part in paths:
            parts[part] = names.get(part)
    return parts


def workbook_sheets(by_name: dict[str, zipfile.ZipInfo], handle: BinaryIO) -> list[tuple[str, str]]:
    """(sheet name, worksheet part in lower case) in workbook order, resolved as calamine does."""
    rels_info = by_name.get("xl/_rels/workbook.xml.rels")
    workbook_info = by_name.get("xl/workbook.xml")
    if rels_info is None or workbook_info is None:
        return []
    targets: dict[str, str] = {}
    for tag, raw in _TAG_ATTRS.findall(read_small(handle, rels_info)):
        attrs = _attrs(raw)
        if tag == b"Relationship":
            targets[attrs.get("Id", "")] = attrs.get("Target", "")
    sheets: list[tuple[str, str]] = []
    for tag, raw in _TAG_ATTRS.findall(read_small(handle, workbook_info)):
        attrs = _attrs(raw)
        target = targets.get(attrs.get("id", "")) if tag == b"sheet" else None
        if target is None or "name" not in attrs:
            continue
        if target.startswith("/xl/"):
            target = target[1:]
        elif not target.startswith("xl/"):
            target = "xl/" + target
        sheets.append((attrs["name"], target.lower()))
    return sheets


def recalculates(by_name: dict[str, zipfile.ZipInfo], handle: BinaryIO) -> bool:
    """Whether the workbook asks for every formula to be recalculated on opening (fullCalcOnLoad)."""
    workbook_info = by_name.get("xl/workbook.xml")
    return workbook_info is not None and bool(_FULL_CALC.search(read_small(handle, workbook_info)))
