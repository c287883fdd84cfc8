"""Finding names inside Chinese, Japanese and Korean text, which has no spaces between its words.

Chinese and Japanese are read as substrings of two characters or more, the longest known phrase first
at each position; Korean, which spaces its words, has its short names read only at the start of a word.
Short names that are also ordinary words or other towns count only with a place word after them.
A known phrase that contains a name without meaning it (朝鲜族, the Korean minority of China; 원산지,
"country of origin") is an exclusion: it wins over the shorter name inside it and yields nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Final, NamedTuple

__all__ = ["CJK_CHARS", "CJK_RUN", "EXCLUDED", "CjkTable", "build_cjk_table", "cjk_key", "find_in_run", "has_cjk"]

# Han ideographs (with extension A and compatibility forms), kana, Hangul syllables and jamo.
CJK_CHARS: Final = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
)
CJK_RUN: Final = re.compile(f"[{CJK_CHARS}]+")
_HANGUL: Final = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")

# Table value for an exclusion: never an alpha-2 code, nor the ambiguous "?".
EXCLUDED: Final = "-"


def has_cjk(text: str) -> bool:
    """True when the text holds any Chinese, Japanese or Korean character."""
    return CJK_RUN.search(text) is not None


def cjk_key(text: str) -> str:
    """Normal form for matching: half-width kana made full-width, spaces and case untouched."""
    return unicodedata.normalize("NFKC", text)


class CjkTable(NamedTuple):
    """Phrases in Chinese, Japanese or Korean script and what each names."""

    phrases: dict[str, str]
    """Phrase -> alpha-2 code, the ambiguous marker, or `EXCLUDED`."""
    longest: int
    """Characters in the longest phrase: the widest window tried at each position."""
    qualified: frozenset[str]
    """Phrases that count only as a whole word or with a qualifier after them ("南浦港")."""
    qualifiers: tuple[str, ...]
    """What may follow a qualified phrase, longest first."""
    organisations: tuple[str, ...]
    """Endings of an organisation's name: a qualified phrase opening such a name counts (청진수산무역회사)."""


def build_cjk_table(
    spellings: Iterable[tuple[str, str]],
    exclusions: Iterable[str],
    qualified: Iterable[str],
    qualifiers: Iterable[str],
    organisations: Iterable[str] = (),
) -> CjkTable:
    """A table of the given (phrase, code) pairs in CJK script, two characters or more each."""
    phrases: dict[str, str] = {}
    for spelling, code in spellings:
        key = cjk_key(spelling)
        # One character is too little to tell a name from part of a word.
        if len(key) >= 2 and CJK_RUN.fullmatch(key):
            phrases.setdefault(key, code)
    for phrase in exclusions:
        phrases[cjk_key(phrase)] = EXCLUDED
    cjk_qualifiers = sorted((cjk_key(q) for q in qualifiers if has_cjk(q)), key=len, reverse=True)
    return CjkTable(
        phrases,
        max(map(len, phrases), default=0),
        frozenset(cjk_key(q) for q in qualified),
        tuple(cjk_qualifiers),
        tuple(cjk_key(o) for o in organisations),
    )


def _qualified_here(run: str, start: int, end: int, table: CjkTable) -> bool:
    after = run[end:]
    if start == 0 and after and run.endswith(table.organisations) and "株式" not in run:
        # DPRK enterprises open their names with their town: 청진수산무역회사, 端川矿业贸易会社. A
        # Japanese company named after its founder (元山商事株式会社) says 株式 and is left alone.
        return True
    if _HANGUL.match(run[start]):
        # Korean spaces its words: the name must open the word and a place word must close it
        # ("해주시" is Haeju city; "확인해주시기" is "please confirm", "개성 있는" is "with character").
        return start == 0 and after in table.qualifiers
    return (start == 0 and not after) or after.startswith(table.qualifiers)


def find_in_run(run: str, table: CjkTable) -> list[tuple[int, int, str]]:
    """(start, end, code) of every known phrase in one run of CJK characters, left to right."""
    found: list[tuple[int, int, str]] = []
    phrases = table.phrases
    last_end, last_code = -1, ""
    i = 0
    while i < len(run) - 1:
        for length in range(min(table.longest, len(run) - i), 1, -1):
            code = phrases.get(run[i : i + length])
            if code is None:
                continue
            end = i + length
            if code == EXCLUDED:
                i = end
                break
            if run[i:end] in table.qualified and (
                not _qualified_here(run, i, end, table)
                # Right after another country's place it is that place's district: 上海南浦.
                or (last_end == i and last_code != code)
            ):
                continue
            found.append((i, end, code))
            last_end, last_code = end, code
            i = end
            break
        else:
            i += 1
    return found
