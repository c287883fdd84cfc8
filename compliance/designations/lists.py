"""Load the UN lists of designated parties and vessels: the Consolidated List XML (its DPRK entries)
and the 1718 Designated Vessels List as CSV.

Both are read read-only and size-bounded; XML that declares a DOCTYPE or ENTITY is refused outright
(the UN's file never does; an entity declaration is the classic expansion attack). Values are trimmed
everywhere: real files carry stray spaces ("KPi.034 ", "<FIRST_NAME> RI <"). Anything wrong raises
InputFileError, one line naming the file (and the row and column for CSV).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Final, cast

from compliance.designations.imo import imo_check_digit, imo_digits, imo_numbers_in, imo_problem, parse_imo
from compliance.designations.listing import (
    MAX_LIST_BYTES,
    MAX_LISTED_ENTRIES,
    Alias,
    AliasQuality,
    DesignationList,
    Document,
    Listing,
    clean_text,
    too_many,
)
from compliance.designations.vessel_csv import parse_vessel_csv
from compliance.intake.safety.xml_scan import ScanRejected, check_no_dtd
from compliance.model.errors import InputFileError

__all__ = [
    "MAX_LISTED_ENTRIES",
    "MAX_LIST_BYTES",
    "Alias",
    "DesignationList",
    "Document",
    "Listing",
    "imo_check_digit",
    "imo_digits",
    "imo_numbers_in",
    "imo_problem",
    "load_list",
    "parse_imo",
]

_CHUNK: Final = 1024 * 1024

# ---------------------------------------------------------------- loading


_KNOWN_BINARY: Final = (
    (b"PK\x03\x04", "a zip archive or an Excel/OpenDocument workbook (save the vessel list as CSV)"),
    (b"\xd0\xcf\x11\xe0", "an Office compound file, e.g. an old Excel workbook (save the vessel list as CSV)"),
    (b"%PDF-", "a PDF document (use the list's XML or CSV form)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
)
_NOT_A_LIST: Final = "not the UN Consolidated List (XML) or the 1718 Designated Vessels List (CSV)"


def _read_bounded(label: str) -> bytes:
    try:
        info = os.stat(label)
    except FileNotFoundError:
        raise InputFileError("file not found", path=label) from None
    except OSError as exc:
        raise InputFileError(f"cannot be read: {exc.strerror or exc}", path=label) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputFileError("is a folder, not a designation list", path=label)
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError("is not a regular file", path=label)
    if info.st_size == 0:
        raise InputFileError("is empty (0 bytes)", path=label)
    if info.st_size > MAX_LIST_BYTES:
        raise InputFileError(
            f"is {info.st_size:,} bytes, far larger than any UN list (limit {MAX_LIST_BYTES:,}); refusing to read it",
            path=label,
        )
    try:
        with open(label, "rb") as handle:
            data = handle.read(MAX_LIST_BYTES + 1)
    except OSError as exc:
        raise InputFileError(f"cannot be read: {exc.strerror or exc}", path=label) from None
    if len(data) > MAX_LIST_BYTES:  # grew while being read
        raise InputFileError(f"is larger than {MAX_LIST_BYTES:,} bytes; refusing to read it", path=label)
    return data


def load_list(path: str | os.PathLike[str]) -> DesignationList:
    """Read a UN Consolidated List XML (its DPRK entries) or a 1718 Designated Vessels List CSV."""
    label = os.fsdecode(path)
    data = _read_bounded(label)
    sha256 = hashlib.sha256(data).hexdigest()
    head = data[:1024].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    if head.startswith(b"<"):
        generated, listings = _parse_consolidated(data, label)
        return DesignationList(
            label,
            "UN Security Council Consolidated List (DPRK entries)",
            sha256,
            "un-consolidated-xml",
            generated,
            tuple(listings),
        )
    for magic, what in _KNOWN_BINARY:
        if data.startswith(magic):
            raise InputFileError(f"is {what}, {_NOT_A_LIST}", path=label)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputFileError(f"holds binary data, {_NOT_A_LIST}", path=label)
    vessels = parse_vessel_csv(label, data)
    dates = [d for vessel in vessels for d in vessel.listed_dates]
    return DesignationList(
        label,
        "UN 1718 Designated Vessels List",
        sha256,
        "un-1718-vessels-csv",
        max(dates) if dates else None,
        tuple(vessels),
    )


# ---------------------------------------------------------------- Consolidated List XML


def _parse_consolidated(data: bytes, label: str) -> tuple[dt.date | None, list[Listing]]:
    try:
        check_no_dtd(data[i : i + _CHUNK] for i in range(0, len(data), _CHUNK))
    except ScanRejected:
        raise InputFileError(
            "contains an XML DOCTYPE/ENTITY declaration, which the UN list never carries (a sign of an "
            "entity-expansion attack); refusing to read it",
            path=label,
        ) from None
    parser = ET.XMLPullParser(events=("start", "end"))
    root_tag: str | None = None
    generated: dt.date | None = None
    listings: list[Listing] = []
    try:
        for offset in range(0, len(data), _CHUNK):
            parser.feed(data[offset : offset + _CHUNK])
            for read in parser.read_events():
                event, element = cast("tuple[str, object]", read)
                if not isinstance(element, ET.Element):
                    continue  # start and end events give elements; nothing else is asked for
                if root_tag is None:
                    root_tag = element.tag
                    if root_tag != "CONSOLIDATED_LIST":
                        raise InputFileError(
                            f"is XML but not the UN Consolidated List (root element <{root_tag}>, "
                            "expected <CONSOLIDATED_LIST>)",
                            path=label,
                        )
                    generated = _iso_date(element.get("dateGenerated"))
                if event == "end" and element.tag in ("INDIVIDUAL", "ENTITY"):
                    listing = _listing(element)
                    if listing is not None:
                        listings.append(listing)
                        if len(listings) > MAX_LISTED_ENTRIES:
                            raise InputFileError(too_many("DPRK entries"), path=label)
                    element.clear()  # memory stays flat on the full multi-regime list
        parser.close()
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        what = str(exc).split(":")[0]
        raise InputFileError(f"is not well-formed XML ({what}, line {line}, column {column + 1})", path=label) from None
    if not listings:
        raise InputFileError(
            "is a UN Consolidated List without DPRK entries (UN_LIST_TYPE 'DPRK'); nothing to screen against",
            path=label,
        )
    return generated, listings


def _iso_date(text: str | None) -> dt.date | None:
    text = clean_text(text)
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _values(element: ET.Element, tag: str) -> tuple[str, ...]:
    """Every non-empty VALUE under each <tag> child (DESIGNATION/VALUE, NATIONALITY/VALUE)."""
    found: list[str] = []
    for child in element.iter(tag):
        values = [clean_text(v.text) for v in child.iter("VALUE")] or [clean_text(child.text)]
        found.extend(v for v in values if v)
    return tuple(dict.fromkeys(found))


_QUALITIES: Final[dict[str, AliasQuality]] = {"good": "good", "low": "low", "aka": "aka", "fka": "fka"}


def _aliases(element: ET.Element, tag: str) -> Iterator[Alias]:
    for alias in element.iter(tag):
        name = clean_text(alias.findtext("ALIAS_NAME"))
        if name:
            quality = re.sub(r"[^a-z]", "", clean_text(alias.findtext("QUALITY")).casefold())
            # The UN leaves QUALITY empty on a few aliases: read as a.k.a.
            yield Alias(name, _QUALITIES.get(quality, "aka"))


def _documents(element: ET.Element) -> tuple[Document, ...]:
    found: list[Document] = []
    for document in element.iter("INDIVIDUAL_DOCUMENT"):
        number = clean_text(document.findtext("NUMBER"))
        types = (clean_text(document.findtext("TYPE_OF_DOCUMENT")), clean_text(document.findtext("TYPE_OF_DOCUMENT2")))
        kind = " / ".join(t for t in types if t)
        if number or kind:
            found.append(Document(kind, number))
    return tuple(found)


def _listing(element: ET.Element) -> Listing | None:
    if clean_text(element.findtext("UN_LIST_TYPE")).casefold() != "dprk":
        return None
    individual = element.tag == "INDIVIDUAL"
    parts = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME") if individual else ("FIRST_NAME",)
    name = " ".join(p for p in (clean_text(element.findtext(tag)) for tag in parts) if p)
    aliases = list(_aliases(element, "INDIVIDUAL_ALIAS" if individual else "ENTITY_ALIAS"))
    original = clean_text(element.findtext("NAME_ORIGINAL_SCRIPT"))
    if original:
        aliases.append(Alias(original, "good"))
    if not name and aliases:
        name = aliases.pop(0).name
    reference = clean_text(element.findtext("REFERENCE_NUMBER")) or f"DATAID {clean_text(element.findtext('DATAID'))}"
    comments = clean_text(element.findtext("COMMENTS1"))
    imos = imo_numbers_in(comments)
    listed_on = _iso_date(element.findtext("LISTED_ON"))
    return Listing(
        reference=reference,
        kind="individual" if individual else "entity",
        name=name,
        aliases=tuple(dict.fromkeys(a for a in aliases if a.name != name)),
        listed_on=listed_on,
        listed_dates=(listed_on,) if listed_on else (),
        nationality=_values(element, "NATIONALITY"),
        designation="; ".join(_values(element, "DESIGNATION")),
        comments=comments,
        documents=_documents(element),
        imo=imos[0] if imos else None,
        imo_numbers=imos,
    )


# ---------------------------------------------------------------- 1718 Designated Vessels List CSV
