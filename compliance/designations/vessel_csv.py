"""The UN 1718 Designated Vessels List as CSV: its header found among the first rows, one listing per vessel."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from compliance.designations.imo import imo_digits
from compliance.designations.listing import MAX_LISTED_ENTRIES, Alias, Listing, clean_text, too_many
from compliance.intake.csv_reader import detect_format, iter_records
from compliance.model.errors import InputFileError
from compliance.model.fields import header_key

_HEADER_SEARCH_ROWS: Final = 10

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
    parts = [clean_text(p) for p in _MARKER.split(text)]
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
            legal.append((clean_text(cell), index))
    missing = [text for column, text in _REQUIRED.items() if column not in columns]
    if missing:
        seen = ", ".join(f"'{clean_text(c)}'" for c in record if clean_text(c))[:200] or "nothing"
        raise InputFileError(
            f"is not the 1718 Designated Vessels List: no {' and no '.join(repr(m) for m in missing)} column "
            f"in its header (found {seen})",
            path=label,
            row=number,
        )
    return number, columns, legal


def parse_vessel_csv(label: str, data: bytes) -> list[Listing]:
    fmt = detect_format(label, data[: 64 * 1024])
    records = list(iter_records(label, fmt))
    header_row, columns, legal = _header(label, records)
    headers = {column: clean_text(records[header_row - 1][1][index]) for column, index in columns.items()}
    vessels: list[Listing] = []
    for number, record in records[header_row:]:

        def cell(column: str, record: list[str] = record) -> str:
            index = columns.get(column)
            return clean_text(record[index]) if index is not None and index < len(record) else ""

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
            text for text, index in legal if index < len(record) and clean_text(record[index]).casefold() not in _EMPTY
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
            raise InputFileError(too_many("vessels"), path=label, row=number)
    if not vessels:
        raise InputFileError("lists no vessels under its header", path=label, row=header_row)
    return vessels
