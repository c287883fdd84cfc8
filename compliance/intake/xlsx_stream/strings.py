"""Strings: the runs of an <si> or <is>, and the shared-string table (sharedStrings.xml)."""

from __future__ import annotations

import re

from compliance.intake.xlsx_stream.errors import XlsxStreamError
from compliance.intake.xlsx_stream.markup import _MAX_TOKEN, _TOKEN, _XML_WS, _attrs, _cdata, _decode, _local, _text


class _StringReader:
    """calamine's `read_string`: the <t> runs of an <si> or <is>, phonetic runs left out."""

    __slots__ = ("closing", "parts", "phonetic", "t_name", "t_parts", "t_preserve")

    def __init__(self, closing: bytes) -> None:
        self.closing = closing
        self.parts: list[str] = []
        self.phonetic = False
        self.t_name: bytes | None = None
        self.t_parts: list[str] = []
        self.t_preserve = False

    def start(self, name: bytes, attrs: bytes) -> None:
        if self.t_name is not None:
            return
        local = _local(name)
        if local == b"rPh":
            self.phonetic = True
        elif local == b"t" and not self.phonetic:
            self.t_name = name
            self.t_parts = []
            self.t_preserve = _attrs(attrs).get(b"xml:space") == b"preserve"

    def end(self, name: bytes) -> str | None:
        """The string when this closes it, else None."""
        if self.t_name is not None:
            if name == self.t_name:
                text = "".join(self.t_parts)
                self.parts.append(text if self.t_preserve else text.strip(_XML_WS))
                self.t_name = None
            return None
        local = _local(name)
        if local == self.closing:
            return "".join(self.parts)
        if local == b"rPh":
            self.phonetic = False
        return None

    def text(self, raw: bytes) -> None:
        if self.t_name is not None:
            self.t_parts.append(_text(raw))

    def cdata(self, raw: bytes) -> None:
        if self.t_name is not None:
            self.t_parts.append(_cdata(raw))


class _StringTableReader:
    """sharedStrings.xml: one string per <si>, fast for plain ones, exact for the rest."""

    _SI = re.compile(
        rb"<si><t>[ \t\n\r]*((?:[^< \t\n\r]+(?:[ \t\n\r]+[^< \t\n\r]+)*)?)[ \t\n\r]*</t></si>"
        rb'|<si><t xml:space="preserve">([^<]*)</t></si>'
        rb"|(<si[\s>/]|<[\w.-]+:|<[!?]|</sst)"
    )

    def __init__(self, strings: list[str]) -> None:
        self.strings = strings
        self.reader: _StringReader | None = None
        self.started = False
        self.done = False

    def feed(self, buf: bytes, final: bool) -> int:
        """Read the complete strings of buf; return where the unread rest starts."""
        pos = 0
        if not self.started:  # the prolog (<?xml ...?>, <sst>) the exact way
            first = buf.find(b"<si")
            if first == -1 and not final:
                return 0
            pos = self._exact(buf, 0, len(buf) if first == -1 else first, final)
            self.started = True
        while not self.done:
            if self.reader is None:
                end = buf.rfind(b"</si>", pos)
                if end != -1:
                    end += 5
                    if self._fast(buf, pos, end):
                        pos = end
                        continue
                    new = self._exact(buf, pos, end, final=False)
                    if new > pos:
                        pos = new
                        continue
            new = self._exact(buf, pos, len(buf), final)
            if new == pos:
                break
            pos = new
        if final and not self.done:
            raise XlsxStreamError("is damaged: its shared strings end before their end tag")
        return pos

    def _fast(self, buf: bytes, pos: int, end: int) -> bool:
        found = self._SI.findall(buf, pos, end)
        if any(marker for _, _, marker in found):
            return False
        append = self.strings.append
        if buf.find(b"&", pos, end) != -1 or buf.find(b"\r", pos, end) != -1:
            for trimmed, kept, _marker in found:
                append(_text(kept) if kept else _text(trimmed).strip(_XML_WS))
        else:
            for trimmed, kept, _marker in found:
                append(_decode(trimmed or kept))
        return True

    def _exact(self, buf: bytes, pos: int, end: int, final: bool) -> int:
        while pos < end and not self.done:
            token = _TOKEN.match(buf, pos, end)
            if token is None or (token.end() == end and not final and token.lastindex == 6):
                if final or end - pos > _MAX_TOKEN:
                    raise XlsxStreamError("is damaged: its shared strings contain malformed XML")
                break
            pos = token.end()
            closing, name, attrs, empty, cdata, text = token.groups()
            reader = self.reader
            if reader is None:
                if name is not None:
                    local = _local(name)
                    if closing and local == b"sst":
                        self.done = True
                    elif not closing and local == b"si":
                        if empty:
                            self.strings.append("")
                        else:
                            self.reader = _StringReader(b"si")
                continue
            if name is not None:
                if not closing:
                    reader.start(name, attrs)
                if closing or empty:
                    value = reader.end(name)
                    if value is not None:
                        self.strings.append(value)
                        self.reader = None
            elif text is not None:
                reader.text(text)
            elif cdata is not None:
                reader.cdata(cdata)
        return pos
