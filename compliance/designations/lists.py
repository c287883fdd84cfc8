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
from dataclasses import dataclass
from typing import Final, Literal, cast

from compliance.intake.csv_reader import detect_format, iter_records
from compliance.intake.safety.xml_scan import ScanRejected, check_no_dtd
from compliance.model.errors import InputFileError
from compliance.model.fields import header_key

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

AliasQuality = Literal["good", "low", "aka", "fka"]
ListingKind = Literal["individual", "entity", "vessel"]
ListKind = Literal["un-consolidated-xml", "un-1718-vessels-csv"]

# The whole Consolidated List (every regime) is about 2 MB and the vessel list a few kB.
MAX_LIST_BYTES: Final = 64 * 1024 * 1024
# The UN's DPRK entries number about 160 and its designated vessels about 70. A file with tens of
# thousands of them is not a UN list, and screening a ledger against it would take minutes and
# gigabytes; at this limit 100,000 rows are screened in about 20 s and 300 MB
# (benchmarks/bench_designations.py). Counted while reading, so an oversized list costs no memory.
MAX_LISTED_ENTRIES: Final = 5_000
_CHUNK: Final = 1024 * 1024
_HEADER_SEARCH_ROWS: Final = 10


@dataclass(frozen=True, slots=True)
class Alias:
    """Another name of a listing, with the UN's quality mark (a 'low' alias alone never prohibits)."""

    name: str
    quality: AliasQuality


@dataclass(frozen=True, slots=True)
class Document:
    """An identity document of a listed individual."""

    type: str
    number: str


@dataclass(frozen=True, slots=True)
class Listing:
    """One designated individual, entity or vessel, with the UN's data as written (trimmed)."""

    reference: str
    """'KPi.033', 'KPe.025'; for a vessel (the vessel list has no reference) 'IMO 8660313'."""
    kind: ListingKind
    name: str
    """The primary name: FIRST_NAME..FOURTH_NAME joined for individuals; the vessel's name."""
    aliases: tuple[Alias, ...] = ()
    listed_on: dt.date | None = None
    """The first designation date."""
    listed_dates: tuple[dt.date, ...] = ()
    """Every designation date (a vessel can carry two: '1: 03-Oct-17 2: 30-Mar-18')."""
    nationality: tuple[str, ...] = ()
    designation: str = ""
    comments: str = ""
    documents: tuple[Document, ...] = ()
    imo: str | None = None
    """A vessel's IMO number; for an entity the first IMO (company) number its comments give."""
    imo_numbers: tuple[str, ...] = ()
    """Every IMO number of the listing (an entity's comments may give several)."""
    flag: str | None = None
    call_sign: str | None = None
    mmsi: str | None = None
    vessel_type: str | None = None
    legal_basis: tuple[str, ...] = ()
    """For vessels: the legal-basis columns marked for it (asset freeze, port-entry ban, ...)."""

    @property
    def names(self) -> tuple[str, ...]:
        """The primary name then every alias."""
        return (self.name, *(a.name for a in self.aliases))

    def describe(self) -> str:
        """'the designated entity KOREA DAESONG BANK (KPe.035, listed 2016-11-30)'."""
        listed = f", listed {self.listed_on.isoformat()}" if self.listed_on else ""
        return f"the designated {self.kind} {self.name} ({self.reference}{listed})"


@dataclass(frozen=True, slots=True)
class DesignationList:
    """A loaded list file: where it came from, which version, and its listings."""

    path: str
    name: str
    sha256: str
    kind: ListKind
    generated: dt.date | None
    """The XML's dateGenerated; for the vessel CSV the newest designation date in it."""
    listings: tuple[Listing, ...]


# ---------------------------------------------------------------- IMO numbers

_IMO_IN_TEXT: Final = re.compile(
    r"\bIMO\b\)?[ \t]*(?:(?:number|no|nr|num)\b\.?)?[ \t]*[:#.]?[ \t]*(\d{7})(?!\d)", re.IGNORECASE
)
_IMO_CELL: Final = re.compile(
    r"(?:IMO\b\)?\s*(?:(?:number|no|nr|num)\b\.?)?\s*[:#.]?\s*)?(\d{7})(?:\.0+)?", re.IGNORECASE
)


def imo_check_digit(digits: str) -> bool:
    """True for seven digits whose last is the IMO check digit (not all zeros): 9144598 is valid."""
    if len(digits) != 7 or not digits.isascii() or not digits.isdigit() or digits == "0000000":
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(digits[6])


def imo_numbers_in(text: str) -> tuple[str, ...]:
    """IMO numbers written after the 'IMO' token in free text; other seven-digit numbers are ignored."""
    return tuple(dict.fromkeys(_IMO_IN_TEXT.findall(text or "")))


def imo_digits(value: object) -> str | None:
    """The seven digits a cell gives as an IMO number ('IMO 9144598', 9144598, 9144598.0), unchecked."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return None
        value = str(int(value))
    match = _IMO_CELL.fullmatch(" ".join(str(value).split()))
    return match.group(1) if match else None


def parse_imo(value: object) -> str | None:
    """A cell's IMO number if it is one (seven digits with a valid check digit), else None."""
    digits = imo_digits(value)
    return digits if digits and imo_check_digit(digits) else None


def imo_problem(value: object) -> str | None:
    """Why a non-empty IMO cell is not a valid IMO number, in plain words; None when it is (or is empty)."""
    text = "" if value is None else " ".join(str(value).split())
    if not text:
        return None
    digits = imo_digits(value)
    if digits is None:
        return f"'{text}' is not an IMO number (IMO numbers are seven digits, e.g. IMO 9144598)"
    if digits == "0000000":
        return f"'{text}' is all zeros, a placeholder rather than an IMO number"
    if not imo_check_digit(digits):
        return f"'{text}' fails the IMO check digit; the number is mistyped or not a ship's IMO number"
    return None


# ---------------------------------------------------------------- loading


def _clean(text: object) -> str:
    """Collapse whitespace (line breaks inside names included) and trim."""
    return " ".join(str(text).split()) if text else ""


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
    vessels = _parse_vessel_csv(label, data)
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
                            raise InputFileError(_too_many("DPRK entries"), path=label)
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


def _too_many(what: str) -> str:
    return (
        f"lists more than {MAX_LISTED_ENTRIES:,} {what}, too many for the limit of {MAX_LISTED_ENTRIES:,} "
        "(the UN's lists have a few hundred); refusing to read it"
    )


def _iso_date(text: str | None) -> dt.date | None:
    text = _clean(text)
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _values(element: ET.Element, tag: str) -> tuple[str, ...]:
    """Every non-empty VALUE under each <tag> child (DESIGNATION/VALUE, NATIONALITY/VALUE)."""
    found: list[str] = []
    for child in element.iter(tag):
        values = [_clean(v.text) for v in child.iter("VALUE")] or [_clean(child.text)]
        found.extend(v for v in values if v)
    return tuple(dict.fromkeys(found))


_QUALITIES: Final[dict[str, AliasQuality]] = {"good": "good", "low": "low", "aka": "aka", "fka": "fka"}


def _aliases(element: ET.Element, tag: str) -> Iterator[Alias]:
    for alias in element.iter(tag):
        name = _clean(alias.findtext("ALIAS_NAME"))
        if name:
            quality = re.sub(r"[^a-z]", "", _clean(alias.findtext("QUALITY")).casefold())
            # The UN leaves QUALITY empty on a few aliases: read as a.k.a.
            yield Alias(name, _QUALITIES.get(quality, "aka"))


def _documents(element: ET.Element) -> tuple[Document, ...]:
    found: list[Document] = []
    for document in element.iter("INDIVIDUAL_DOCUMENT"):
        number = _clean(document.findtext("NUMBER"))
        types = (_clean(document.findtext("TYPE_OF_DOCUMENT")), _clean(document.findtext("TYPE_OF_DOCUMENT2")))
        kind = " / ".join(t for t in types if t)
        if number or kind:
            found.append(Document(kind, number))
    return tuple(found)


def _listing(element: ET.Element) -> Listing | None:
    if _clean(element.findtext("UN_LIST_TYPE")).casefold() != "dprk":
        return None
    individual = element.tag == "INDIVIDUAL"
    parts = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME") if individual else ("FIRST_NAME",)
    name = " ".join(p for p in (_clean(element.findtext(tag)) for tag in parts) if p)
    aliases = list(_aliases(element, "INDIVIDUAL_ALIAS" if individual else "ENTITY_ALIAS"))
    original = _clean(element.findtext("NAME_ORIGINAL_SCRIPT"))
    if original:
        aliases.append(Alias(original, "good"))
    if not name and aliases:
        name = aliases.pop(0).name
    reference = _clean(element.findtext("REFERENCE_NUMBER")) or f"DATAID {_clean(element.findtext('DATAID'))}"
    comments = _clean(element.findtext("COMMENTS1"))
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

# Header keys (letters and digits, lower case) -> column; the UN page, its Google Sheet export and the
# OpenSanctions copy spell them "vessel name", "vessel_name", "Vessel Name".
_VESSEL_COLUMNS: Final[dict[str, str]] = {}
for _column, _keys in {
    "name": "vesselname name vessel shipname nameofvessel",
    "imo": "imonumber imo imono imonr imonumbers",
    "mmsi": "mmsi mmsinumber",
    "flag": "flag flagstate",
    "call_sign": "callsign",
    "type": "type vesseltype shiptype",
    "other": "otherinformation otherinfo information remarks notes",
    "date": "dateofdesignation datesofdesignation designationdate datedesignated listedon dateoflisting",
    "owner": "designatedaseconomicresourcesof designatedowner owner",
}.items():
    for _key in _keys.split():
        _VESSEL_COLUMNS[_key] = _column
_REQUIRED: Final = {"name": "vessel name", "imo": "IMO number"}
_EMPTY: Final = frozenset({"", "na", "n/a", "none", "unknown", "-", "--", "nil", "no", "0", "false"})
_MARKER: Final = re.compile(r"(?:^|(?<=\s))\d{1,2}\s*:\s*")
_DATE_SHAPE: Final = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[- .][A-Za-z]{3,9}\.?[- .]\d{2,4}")
_DATE_FORMATS: Final = ("%d-%b-%y", "%d-%b-%Y", "%d-%B-%y", "%d-%B-%Y", "%Y-%m-%d")


def _is_legal_basis(key: str) -> bool:
    return key.startswith(("paragraph", "para", "economicresources")) or "resolution" in key


def _split_numbered(text: str) -> list[str]:
    """'1: ABC 2: DEF' -> ['ABC', 'DEF']; text without markers -> [text]."""
    parts = [_clean(p) for p in _MARKER.split(text)]
    return [p for p in parts if p] or ([text] if text else [])


def _vessel_dates(text: str) -> tuple[dt.date, ...] | None:
    """Every date in a 'date of designation' cell, or None if some part of it is not a date."""
    if not text:
        return ()
    found: list[dt.date] = []
    for shape in _DATE_SHAPE.findall(text):
        uniform = re.sub(r"[ .]+", "-", shape.replace(".-", "-").replace(". ", "-"))
        for fmt in _DATE_FORMATS:
            try:
                found.append(dt.datetime.strptime(uniform, fmt).date())
                break
            except ValueError:
                continue
        else:
            return None
    rest = re.sub(r"[\s,;/&]|and", "", _MARKER.sub(" ", _DATE_SHAPE.sub(" ", text)))
    return tuple(found) if found and not rest else None


def _header(label: str, records: list[tuple[int, list[str]]]) -> tuple[int, dict[str, int], list[tuple[str, int]]]:
    """The header row: its number, the known columns' indexes, and the legal-basis columns."""
    best: tuple[int, int, list[str]] | None = None
    for number, record in records[:_HEADER_SEARCH_ROWS]:
        keys = [header_key(cell) for cell in record]
        known = sum(1 for k in keys if k in _VESSEL_COLUMNS)
        if known and (best is None or known > best[1]):
            best = (number, known, record)
    if best is None:
        first = next(((n, r) for n, r in records if any(c.strip() for c in r)), (1, []))
        best = (first[0], 0, first[1])
    number, _, record = best
    columns: dict[str, int] = {}
    legal: list[tuple[str, int]] = []
    for index, cell in enumerate(record):
        key = header_key(cell)
        column = _VESSEL_COLUMNS.get(key)
        if column and column not in columns:
            columns[column] = index
        elif key and _is_legal_basis(key):
            legal.append((_clean(cell), index))
    missing = [text for column, text in _REQUIRED.items() if column not in columns]
    if missing:
        seen = ", ".join(f"'{_clean(c)}'" for c in record if _clean(c))[:200] or "nothing"
        raise InputFileError(
            f"is not the 1718 Designated Vessels List: no {' and no '.join(repr(m) for m in missing)} column "
            f"in its header (found {seen})",
            path=label,
            row=number,
        )
    return number, columns, legal


def _parse_vessel_csv(label: str, data: bytes) -> list[Listing]:
    fmt = detect_format(label, data[: 64 * 1024])
    records = list(iter_records(label, fmt))
    header_row, columns, legal = _header(label, records)
    headers = {column: _clean(records[header_row - 1][1][index]) for column, index in columns.items()}
    vessels: list[Listing] = []
    for number, record in records[header_row:]:

        def cell(column: str, record: list[str] = record) -> str:
            index = columns.get(column)
            return _clean(record[index]) if index is not None and index < len(record) else ""

        names = _split_numbered(cell("name"))
        imo_text = cell("imo")
        if not names and imo_text.casefold() in _EMPTY:
            continue  # blank line or a note under the table
        imo: str | None = None
        if imo_text.casefold() not in _EMPTY:
            imo = imo_digits(imo_text)
            if imo is None:
                raise InputFileError(
                    f"'{imo_text}' is not an IMO number (seven digits)", path=label, row=number, column=headers["imo"]
                )
        dates = _vessel_dates(cell("date"))
        if dates is None:
            raise InputFileError(
                f"'{cell('date')}' is not a designation date like 03-Oct-17",
                path=label,
                row=number,
                column=headers.get("date"),
            )
        if not names:
            raise InputFileError("a vessel without a name", path=label, row=number, column=headers["name"])
        owner = cell("owner")
        comments = "; ".join(
            t for t in (f"Designated as economic resources of {owner}" if owner else "", cell("other")) if t
        )
        based = tuple(
            text for text, index in legal if index < len(record) and _clean(record[index]).casefold() not in _EMPTY
        )
        vessels.append(
            Listing(
                reference=f"IMO {imo}" if imo else f"vessel list row {number}",
                kind="vessel",
                name=names[0],
                aliases=tuple(Alias(n, "aka") for n in dict.fromkeys(names[1:]) if n != names[0]),
                listed_on=min(dates) if dates else None,
                listed_dates=tuple(sorted(set(dates))),
                comments=comments,
                imo=imo,
                imo_numbers=(imo,) if imo else (),
                flag="; ".join(_split_numbered(cell("flag"))) or None,
                call_sign="; ".join(_split_numbered(cell("call_sign"))) or None,
                mmsi="; ".join(_split_numbered(cell("mmsi"))) or None,
                vessel_type=cell("type") or None,
                legal_basis=based,
            )
        )
        if len(vessels) > MAX_LISTED_ENTRIES:
            raise InputFileError(_too_many("vessels"), path=label, row=number)
    if not vessels:
        raise InputFileError("lists no vessels under its header", path=label, row=header_row)
    return vessels
