"""A row's content fingerprint: what a decision is keyed to, so it follows the row into the next file.

The fingerprint is the SHA-256 (first 32 hex digits) of the row's screened fields, normalised:

- only the fields the screening read (the mapped, non-empty cells, by canonical field name), so the
  column order, the header wording, the sheet, the row number and unscreened columns do not count;
- each value as the officer reads it in evidence (a whole number written `1234.0` is `1234`, a date
  cell is `2019-12-31`), Unicode NFKC, case-folded, with runs of whitespace made one space.

The same row content in another file (or another sheet, or moved down ten rows) gives the same
fingerprint; any change to a screened cell gives another one. The `v1` in the hashed text pins the
recipe: a new recipe would be `v2` and never collide with stored decisions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Mapping
from typing import Any

import orjson

RECIPE = b"sanctions-desk/row-fingerprint/v1\n"


def normalised_value(value: Any) -> str:
    """A screened cell as the fingerprint sees it."""
    if type(value) is str:
        text = value
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    if not text.isascii():  # NFKC leaves ASCII as it is; most cells are ASCII
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split()).casefold()


def normalised_fields(fields: Mapping[str, Any]) -> dict[str, str]:
    """The screened fields, sorted by name, each normalised; empty values left out."""
    out: dict[str, str] = {}
    for name in sorted(fields):
        text = normalised_value(fields[name])
        if text:
            out[name] = text
    return out


_last: tuple[Mapping[str, Any] | None, str] = (None, "")
"""The last row fingerprinted: the JSON, the workbook and the store each ask for a row's in turn."""


def row_fingerprint(fields: Mapping[str, Any]) -> str:
    """The fingerprint of a row's screened fields (32 hex digits)."""
    global _last
    last = _last  # read once: another thread may replace it
    if last[0] is fields:  # the same row object (rows are never changed once read)
        return last[1]
    found = hashlib.sha256(RECIPE + orjson.dumps(normalised_fields(fields))).hexdigest()[:32]
    _last = (fields, found)
    return found
