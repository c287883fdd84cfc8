"""The XML underneath: character data and references, cell references, and the tokenizer."""

from __future__ import annotations

import re
from typing import Final

from compliance.intake.xlsx_stream.errors import XlsxStreamError

# --- text ---------------------------------------------------------------------------------------

_XML_WS: Final = " \t\n\r"
_NAMED_ENTITIES: Final = {"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": '"'}
_ENTITY = re.compile(r"&([^&;]*)(;?)")


def _entity(match: re.Match[str]) -> str:
    name, closed = match.groups()
    if not closed:
        raise XlsxStreamError("is damaged: it contains malformed XML (an entity or character reference is not closed)")
    if name in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[name]
    try:
        if name[:2] in ("#x", "#X"):
            code = int(name[2:], 16)
        elif name[:1] == "#":
            code = int(name[1:], 10)
        else:
            raise XlsxStreamError(f"is damaged: it contains malformed XML (unrecognized entity '&{name};')")
    except ValueError:
        code = 0
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise XlsxStreamError(f"is damaged: it contains malformed XML (invalid character reference '&{name};')")
    return chr(code)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise XlsxStreamError("contains text that is not valid UTF-8") from None


def _text(raw: bytes) -> str:
    """Character data as calamine reads it: line ends normalised, then references resolved."""
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    text = _decode(raw)
    return _ENTITY.sub(_entity, text) if "&" in text else text


def _cdata(raw: bytes) -> str:
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return _decode(raw)


# --- references ---------------------------------------------------------------------------------


def _parse_ref(raw: bytes) -> tuple[int, int | None]:
    """calamine's reading of "B12": (11, 1); a row-only "12": (11, None). Raises when invalid."""
    row = col = 0
    power = 1
    reading_row = True
    for byte in reversed(raw):
        if 48 <= byte <= 57:
            if not reading_row:
                raise XlsxStreamError(f"has an invalid cell reference '{_decode(raw)}'")
            row += (byte - 48) * power
            power *= 10
        elif 65 <= byte <= 90 or 97 <= byte <= 122:
            if reading_row:
                if row == 0:
                    raise XlsxStreamError(f"has an invalid cell reference '{_decode(raw)}'")
                power = 1
                reading_row = False
            col += ((byte & 0xDF) - 64) * power
            power *= 26
        else:
            raise XlsxStreamError(f"has an invalid cell reference '{raw.decode('utf-8', 'replace')}'")
    if row == 0:
        raise XlsxStreamError(f"has an invalid cell reference '{_decode(raw)}'")
    return row - 1, (col - 1 if col else None)


def _usize(raw: bytes) -> int:
    """atoi's strict unsigned parse, 0 when it fails (calamine's `unwrap_or(0)`)."""
    if raw.isdigit() and len(raw) <= 20:
        value = int(raw)
        if value < 2**64:
            return value
    return 0


# --- tokenizer ----------------------------------------------------------------------------------

_ATTRS_RE = rb"(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*"
_TOKEN = re.compile(
    rb"<(/?)([^\s/>=!?<\"']+)(" + _ATTRS_RE + rb")\s*(/?)>"  # 1 close, 2 name, 3 attributes, 4 empty
    rb"|<!--.*?-->"
    rb"|<!\[CDATA\[(.*?)\]\]>"  # 5 CDATA
    rb"|<\?.*?\?>"
    rb"|([^<]+)",  # 6 text
    re.S,
)
_ATTR = re.compile(rb"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_MAX_TOKEN = 4 * 1024 * 1024  # as xml_scan.complete_tags: a longer tag is a malformed file


def _attrs(raw: bytes) -> dict[bytes, bytes]:
    return {name: double or single for name, double, single in _ATTR.findall(raw)}


def _local(name: bytes) -> bytes:
    return name.rpartition(b":")[2]
