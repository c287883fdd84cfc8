"""What a zip workbook's parts hold, noted as the safety scan streams them: formulas, value cells, and
the longest shared string (each cell naming it gets a copy)."""

from __future__ import annotations

import re
from collections.abc import Iterator

_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")


class PartWatch:
    """Looks at a part's bytes as a scan passes them on: formulas, and the longest shared string."""

    def __init__(self) -> None:
        self.formulas = False
        self.values = 0
        self._size = 0
        self.longest = 0
        self._run = 0
        self._tail = b""
        self._close = b"</si>"
        self._first = True
        self._unsure = False

    def formulas_in(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """Pass the chunks on, noting formula elements and counting value elements.

        A cell names a shared string in a <v> element, so '<v' and ':v' (a prefixed one) bound
        the cells that can; anything else that matches only makes the bound looser.
        """
        for chunk in chunks:
            if self._first:
                self._first = False
                # A UTF-16 part is not searched byte-wise: assume formulas, and a value per byte.
                self._unsure = chunk.startswith(_UTF16_STARTS)
                self.formulas = self._unsure
            joined = self._tail + chunk
            # Every formula element contains '<f' or ':f' (a prefixed one): the plain byte searches rule
            # most chunks out far faster than the pattern would.
            if not self.formulas and (b"<f" in joined or b":f" in joined) and _FORMULA.search(joined):
                self.formulas = True
            tail = self._tail
            self.values += joined.count(b"<v") + joined.count(b":v") - tail.count(b"<v") - tail.count(b":v")
            self._tail = chunk[-64:]
            self._size += len(chunk)
            yield chunk

    @property
    def value_cells(self) -> int:
        """Upper bound of the cells with a <v> element (each may name a shared string)."""
        return self._size if self._unsure else self.values

    def strings_in(self, chunks: Iterator[bytes], size: int) -> Iterator[bytes]:
        """Pass the chunks on, bounding the longest <si> by the bytes between two closing tags.

        Text cannot hold a raw '<', so every '</si>' closes a string; a comment, CDATA section or
        processing instruction could, so a part with any of them is bounded by its whole size.
        """
        for chunk in chunks:
            if self._first:
                self._first = False
                self._unsure = chunk.startswith(_UTF16_STARTS)
                root = re.search(rb"<([A-Za-z_][\w.-]*:)?sst\b", chunk)
                if root and root.group(1):
                    self._close = b"</" + root.group(1) + b"si>"
                chunk_body = chunk[chunk.find(b"?>") + 2 :] if chunk.startswith(b"<?") else chunk
            else:
                chunk_body = chunk
            if b"<!" in self._tail + chunk or b"<?" in self._tail + chunk_body:
                self._unsure = True
            self._tail = chunk[-8:]
            pieces = chunk.split(self._close)
            if len(pieces) == 1:
                self._run += len(chunk)
            else:
                inner = max(map(len, pieces[1:-1]), default=0)
                self.longest = max(self.longest, self._run + len(pieces[0]), inner)
                self._run = len(pieces[-1])
            yield chunk
        self.longest = size if self._unsure else max(self.longest, self._run)
