"""Country and place names inside free text: a party's name, an address, a port written at length.

"Korea Ryongbong Trading, Pyongyang, DPRK", "Pkhenyan, KNDR" in Cyrillic and "平壤市中区" tie a row to the DPRK
as surely as a country column does. Latin and Cyrillic names are found as whole words ("Rason" is not
in "Parasonic"), Chinese, Japanese and Korean ones as substrings of two characters or more, with the
exclusions and place-word rules of `compliance.normalise.script_scan`. A bare "Korea" (Корея, 코리아, コリア) is
reported as ambiguous, and only when nothing else in the text says which Korea is meant: "Korea
Exchange Bank, Seoul" is in the South.

Every country the tables know is reported, but the tables are tuned for the question that matters
here, whether the text names a regime's target country (`mentions_of`); short translated names are
left to whole country cells.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final, NamedTuple

from compliance.normalise.countries import spelling_key, spelling_tables
from compliance.normalise.country_names import (
    AMBIGUOUS,
    AMBIGUOUS_MEANS,
    FREE_TEXT_AMBIGUOUS,
    FREE_TEXT_IGNORED,
    QUALIFIED,
    QUALIFIERS,
)
from compliance.normalise.script_scan import CJK_CHARS, CJK_RUN, EXCLUDED, cjk_key, find_in_run

__all__ = ["Mention", "country_mentions", "dprk_mentions", "mentions_of"]


class Mention(NamedTuple):
    """One country or place name found in a text."""

    code: str | None
    """ISO 3166 alpha-2 of the country named or where the place is; None when ambiguous."""
    phrase: str
    """The words that named it, as they stand in the text (after full-width letters are narrowed)."""
    ambiguous: bool
    """True for a bare "Korea" in any language: North or South cannot be told."""


# A run of CJK characters, or a word of any other script (apostrophes inside: "Namp'o"), or "&".
_TOKEN: Final = re.compile(f"[{CJK_CHARS}]+|[^\\W_{CJK_CHARS}]+(?:['`\u2018\u2019\u00b4\u02bc][^\\W_{CJK_CHARS}]+)*|&")


class _Token(NamedTuple):
    key: str
    start: int
    end: int
    cjk: bool
    initials: bool
    """Made of single letters: "D.P.R.K." so far."""


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        if CJK_RUN.fullmatch(word):
            tokens.append(_Token(cjk_key(word), match.start(), match.end(), True, False))
            continue
        key = spelling_key(word)
        if not key or key == "the":
            # "Korea (the Republic of)" meets "Korea, Republic of", as in country cells.
            continue
        single = len(key) == 1 and key.isalpha()
        previous = tokens[-1] if tokens else None
        if single and previous is not None and previous.initials:
            # "D.P.R.K." and "D P R K" are one word, as in country cells.
            tokens[-1] = previous._replace(key=previous.key + key, end=match.end())
            continue
        tokens.append(_Token(key, match.start(), match.end(), False, single))
    return tokens


def _qualified_latin(tokens: list[_Token], i: int, n: int) -> bool:
    # "Rajin port", "port of Rajin", "Rajin city", or "Rajin" alone in a port cell: a given name
    # (Rajin Kumar) has none of these.
    if n == len(tokens):
        return True
    after = tokens[i + n].key if i + n < len(tokens) else ""
    before = [t.key for t in tokens[max(0, i - 2) : i]]
    return after in QUALIFIERS or before[-1:] in (["port"], ["порт"]) or before == ["port", "of"]


def _window(tokens: list[_Token], i: int) -> tuple[int, str] | None:
    """Length and code of the longest known phrase starting at token i, if any."""
    tables = spelling_tables()
    for n in range(min(tables.scan_words, len(tokens) - i), 0, -1):
        if n == 1 and tokens[i].cjk:
            # A lone CJK run is searched inside, with its exclusions, not looked up whole.
            return None
        key = " ".join(t.key for t in tokens[i : i + n])
        code = tables.scan.get(key)
        if code is None or key in FREE_TEXT_IGNORED:
            continue
        if key in QUALIFIED and not _qualified_latin(tokens, i, n):
            continue
        return n, AMBIGUOUS if key in FREE_TEXT_AMBIGUOUS else code
    return None


def _phrase(text: str, start: int, end: int) -> str:
    # Close what the phrase opened, so evidence quotes "Korea (North)" and "D.P.R.K." whole.
    closing = text[end : end + 1]
    if (closing == ")" and text.count("(", start, end) > text.count(")", start, end)) or (
        closing == "." and end - start > 1 and text[end - 2] == "."
    ):
        end += 1
    return text[start:end]


def _mention(code: str, phrase: str) -> Mention:
    return Mention(None, phrase, True) if code == AMBIGUOUS else Mention(code, phrase, False)


@lru_cache(maxsize=1 << 16)
def _mentions_in(text: str) -> tuple[Mention, ...]:
    # NFKC narrows full-width letters and widens half-width kana, as cells arrive both ways.
    narrowed = unicodedata.normalize("NFKC", text)
    tokens = _tokens(narrowed)
    if len(tokens) == 1 and tokens[0].cjk:
        # A cell that is one name and nothing else ("남포" in a port column) is that place, even where
        # the same word inside a longer text would need a place word after it.
        code = spelling_tables().cjk.phrases.get(tokens[0].key)
        if code is not None and code != EXCLUDED:
            return (_mention(code, tokens[0].key),)
    found: list[Mention] = []
    i = 0
    while i < len(tokens):
        hit = _window(tokens, i)
        if hit is not None:
            n, code = hit
            found.append(_mention(code, _phrase(narrowed, tokens[i].start, tokens[i + n - 1].end)))
            i += n
            continue
        token = tokens[i]
        if token.cjk:
            for start, end, code in find_in_run(token.key, spelling_tables().cjk):
                phrase = token.key[start:end]
                found.append(_mention(AMBIGUOUS if phrase in FREE_TEXT_AMBIGUOUS else code, phrase))
        i += 1
    if any(m.code in AMBIGUOUS_MEANS for m in found):
        # The text says which Korea it means: its bare "Korea" is that one, not a question.
        found = [m for m in found if not m.ambiguous]
    return tuple(dict.fromkeys(found))


def country_mentions(text: object) -> tuple[Mention, ...]:
    """Every country or place name in a free-text cell, in order, each once; () for non-text cells."""
    if not isinstance(text, str) or not text.strip():
        return ()
    return _mentions_in(text)


def mentions_of(text: object, code: str) -> tuple[Mention, ...]:
    """The mentions that name a country or a place in it: the text's tie to that country, if any."""
    return tuple(m for m in country_mentions(text) if m.code == code)


def dprk_mentions(text: object) -> tuple[Mention, ...]:
    """`mentions_of(text, "KP")`, the case the tables are tuned for and measured against."""
    return mentions_of(text, "KP")
