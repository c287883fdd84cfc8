"""Find a sheet's header row and understand its cells as canonical fields.

Trade documents name the same column a dozen ways ("B/L No.", "Country of Origin (COO)",
"Shipper / Exporter"), and sheets often carry title rows above the header. A header cell is
matched in tiers, most certain first: exact synonym, then with bracketed text removed or split at
'/', then a word-level match that prefers the head noun ("Customer Ref" is a reference).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

from compliance.model.fields import DATE_FIELDS, FIELD_SYNONYMS, FIELDS, header_key

HEADER_SCAN_ROWS: Final = 30

EXACT, CLEANED, TOLERANT = 0, 1, 2

_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_PARTS = re.compile(r"\s*(?:/|\||;|,|\n|\s-\s)\s*")
# Letters and digits of any script: "Страна происхождения" and "송하인 국가" have words too.
_WORD = re.compile(r"[^\W_]+")
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_SPACES = re.compile(r"\s+")
# A header whose head word is one of these names an identifier ("Item No.", "Tax ID"), so a
# match elsewhere in it ("item" -> description) would be wrong.
_IDENTIFIER_WORDS: Final = frozenset({"no", "nr", "num", "number", "id", "code", "ref", "key"})
# ...except where a code is the value itself ("Currency Code" USD, "Origin Code" CN).
_CODED_FIELDS: Final = frozenset({"currency", "origin", "destination", "loading_port", "discharge_port", "flag"})


def _word(token: str) -> str:
    # A light plural fold so "Goods Descriptions" and "Bills of Lading" still match.
    plural = len(token) > 3 and token.endswith("s") and not token.endswith("ss")
    return token[:-1] if plural else token


def _words(text: str) -> tuple[str, ...]:
    return tuple(_word(w) for w in _WORD.findall(_POSSESSIVE.sub("", text.casefold())))


_EXACT_INDEX: Final[dict[str, str]] = {}
# First word -> (synonym words, field, length), so a cell is matched in one pass over its words.
_WORD_INDEX: Final[dict[str, list[tuple[tuple[str, ...], str, int]]]] = {}
for _field, _synonyms in FIELD_SYNONYMS.items():
    for _synonym in (_field.replace("_", " "), *_synonyms):
        _EXACT_INDEX.setdefault(header_key(_synonym), _field)
        _seq = _words(_synonym)
        # Two-letter single words ("hs", "to", "id") are too ambiguous inside longer headers.
        if _seq and (len(_seq) > 1 or len(_seq[0]) >= 3):
            _WORD_INDEX.setdefault(_seq[0], []).append((_seq, _field, len(" ".join(_seq))))


def cell_text(value: Any) -> str:
    """A cell as header text: strings with whitespace collapsed, whole floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _SPACES.sub(" ", value).strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _tolerant(text: str) -> str | None:
    words = _words(text)
    if not words:
        return None
    found: list[tuple[str, int, int, int]] = []  # field, start, end, length
    for start, word in enumerate(words):
        for seq, name, length in _WORD_INDEX.get(word, ()):
            if words[start : start + len(seq)] == seq:
                found.append((name, start, start + len(seq), length))
    if not found:
        return None
    if "date" in words:
        # A column that says "date" holds dates, whatever else it names ("Date of Invoice").
        dated = [f for f in found if f[0] in DATE_FIELDS]
        if dated:
            return max(dated, key=lambda f: (f[3], f[2]))[0]
    # English puts the head noun last ("Unit Price"), or before "of" ("Name of Vessel").
    head = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    covering = [f for f in found if f[1] <= head < f[2]]
    if covering:
        return max(covering, key=lambda f: (f[3], f[2]))[0]
    if words[head] in _IDENTIFIER_WORDS:
        found = [f for f in found if f[0] in _CODED_FIELDS]
    return max(found, key=lambda f: (f[3], f[2]))[0] if found else None


@lru_cache(maxsize=8192)
def match_header(text: str) -> tuple[str, int] | None:
    """The field a header names and how surely (EXACT, CLEANED or TOLERANT), else None."""
    key = header_key(text)
    if not key:
        return None
    if key in _EXACT_INDEX:
        return _EXACT_INDEX[key], EXACT
    cleaned = _PARENS.sub(" ", text)
    if header_key(cleaned) in _EXACT_INDEX:
        return _EXACT_INDEX[header_key(cleaned)], CLEANED
    for part in _PARTS.split(cleaned):
        if header_key(part) in _EXACT_INDEX:
            return _EXACT_INDEX[header_key(part)], CLEANED
    name = _tolerant(cleaned)
    return (name, TOLERANT) if name else None


@dataclass(frozen=True, slots=True)
class HeaderLayout:
    """Where a sheet's header is and what each of its columns means."""

    row: int
    """1-based row number of the header as Excel shows it."""
    headers: tuple[str, ...]
    """Every header cell, in column order (empty string for blank cells)."""
    columns: dict[str, int]
    """Canonical field -> 0-based column index."""
    unmapped: tuple[str, ...]
    overrides_found: frozenset[str] = field(default_factory=frozenset)
    duplicates: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Field -> further 0-based columns that name it too ("Origin" and "COO"): each is read and
    compared with the mapped column, never silently dropped (a field given by --map has none)."""

    @property
    def mapping(self) -> dict[str, str]:
        """Canonical field -> header text as written."""
        return {name: self.headers[index] for name, index in self.columns.items()}


def normalise_field_name(name: str) -> str | None:
    """'HS code', 'hs-code' or 'hs_code' -> 'hs_code'; None when no such field exists."""
    candidate = re.sub(r"[\s\-]+", "_", name.strip().casefold())
    return candidate if candidate in FIELDS else None


def layout_for_row(row: int, cells: Sequence[Any], overrides: Mapping[str, str] | None = None) -> HeaderLayout:
    """Map one candidate header row: overrides first, then each tier in column order."""
    headers = tuple(cell_text(c) for c in cells)
    columns: dict[str, int] = {}
    taken: set[int] = set()
    found_overrides: set[str] = set()
    for name, wanted in (overrides or {}).items():
        key = header_key(wanted)
        for index, text in enumerate(headers):
            if index not in taken and text and header_key(text) == key:
                columns[name] = index
                taken.add(index)
                found_overrides.add(name)
                break
    matches = {
        index: match
        for index, (text, raw) in enumerate(zip(headers, cells, strict=True))
        if index not in taken and isinstance(raw, str) and (match := match_header(text))
    }
    extra: dict[str, list[int]] = {}
    for tier in (EXACT, CLEANED, TOLERANT):
        for index, (name, level) in matches.items():
            if level != tier or index in taken:
                continue
            if name not in columns:
                columns[name] = index
            elif name not in found_overrides:
                extra.setdefault(name, []).append(index)
            else:
                continue
            taken.add(index)
    unmapped = tuple(text for index, text in enumerate(headers) if text and index not in taken)
    ordered = dict(sorted(columns.items(), key=lambda item: item[1]))
    duplicates = {name: tuple(sorted(extra[name])) for name in ordered if name in extra}
    return HeaderLayout(row, headers, ordered, unmapped, frozenset(found_overrides), duplicates)


def _score(layout: HeaderLayout) -> tuple[int, int, int]:
    exact = sum(
        1
        for name, index in layout.columns.items()
        if name not in layout.overrides_found and header_key(layout.headers[index]) in _EXACT_INDEX
    )
    return len(layout.overrides_found), len(layout.columns), exact


def find_header(
    rows: Sequence[tuple[int, Sequence[Any]]], overrides: Mapping[str, str] | None = None
) -> HeaderLayout | None:
    """The best header among the first non-empty rows given: 2+ fields, highest score, earliest."""
    best: HeaderLayout | None = None
    best_score = (-1, -1, -1)
    for row, cells in rows[:HEADER_SCAN_ROWS]:
        layout = layout_for_row(row, cells, overrides)
        if len(layout.columns) < 2:
            continue
        score = _score(layout)
        if score > best_score:
            best, best_score = layout, score
    return best
