"""Term matching for descriptions, projects and contract types, in the scripts ledgers are written in.

A term is matched as a phrase, never as part of a longer word: "tank" is not found in "tanker", and
"machine" is found in "machine-made rugs" only until an exclusion says that phrase is not machinery.
Each script is matched the way it is written:
- Latin: whole words, singular and plural alike ("excavator", "excavators"), phrases of up to four
  words looked up as word n-grams in a dict, so a description costs a few dict probes.
- Cyrillic: whole words by stem, since Russian inflects its nouns ("кальмар", "кальмары",
  "кальмаров"): a term word matches a text word that starts with its stem.
- Chinese, Japanese and Korean: written without spaces between words (Korean attaches particles),
  so a term of two characters or more is found as a substring of the cell.
An exclusion is a phrase that contains a term but does not name such goods ("water tank",
"machine-made"); an occurrence of the term inside an occurrence of one of its key's exclusions does
not count.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

_WORD = re.compile(r"[0-9a-z]+")
MAX_TERM_WORDS = 4
_FOUND_LIMIT = 50_000

# Letters of the scripts written without spaces between words: CJK ideographs, kana, Hangul.
_DENSE_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_DENSE = re.compile(f"[{_DENSE_CHARS}]")
_CYRILLIC_WORD = re.compile(r"[0-9\u0400-\u04ff]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_SPACE = re.compile(r"\s+")
_LATIN_OR_CYRILLIC_WORD = re.compile(r"[0-9a-z\u00c0-\u024f\u0400-\u04ff]+")
# Russian endings dropped to find a word's stem (adjective and noun inflections), longest first.
_RU_ENDING_TEXT = "ыми ими ого его ому ему ая яя ое ее ые ие ый ий ой ую юю ых их ым им ом ем ам ям ах ях ов ев ей а я о е ы и у ю ь й"  # noqa: E501, RUF001
_RU_ENDINGS = tuple(sorted(set(_RU_ENDING_TEXT.split()), key=len, reverse=True))


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """Lower-case Latin words of a text; hyphens and punctuation separate words ('Hydro-electric')."""
    return tuple(_WORD.findall(text.casefold()))


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def term_key(term: str) -> tuple[str, ...]:
    """The normalised form a Latin term is stored under (words, each singular)."""
    return tuple(_singular(w) for w in words(term))


def russian_stem(word: str) -> str:
    """A Russian word less its inflection, kept at three letters or more ('кальмары' -> 'кальмар')."""
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def script_of(term: str) -> str:
    """'dense' (CJK, kana, Hangul), 'cyrillic' or 'latin': how a term is matched."""
    if _DENSE.search(term):
        return "dense"
    if re.search(r"[\u0400-\u04ff]", term):
        return "cyrillic"
    return "latin"


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int


class _Phrases:
    """Where phrases of one script occur in a text, as spans in that script's own token positions."""

    def __init__(self) -> None:
        self.latin: dict[tuple[str, ...], list[str]] = {}
        self.cyrillic: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        """First word's stem -> (stems of every word, phrase as written)."""
        self.dense: dict[str, str] = {}
        self._dense_pattern: re.Pattern[str] | None = None

    def add(self, phrase: str) -> str:
        script = script_of(phrase)
        if script == "dense":
            text = phrase.casefold().replace(" ", "")
            if len(text) < 2:
                raise ValueError(f"term {phrase!r}: Chinese, Japanese and Korean terms need two characters or more")
            self.dense[text] = phrase
            self._dense_pattern = None
            return text
        if script == "cyrillic":
            stems = tuple(russian_stem(w) for w in _CYRILLIC_WORD.findall(phrase.casefold()))
            if not stems or len(stems) > 2 * MAX_TERM_WORDS:
                raise ValueError(f"term {phrase!r} must have 1 to {2 * MAX_TERM_WORDS} words")
            self.cyrillic.setdefault(stems[0], []).append((stems, phrase))
            return "\x00".join(stems)
        norm = term_key(phrase)
        if not norm or len(norm) > MAX_TERM_WORDS:
            raise ValueError(f"term {phrase!r} must have 1 to {MAX_TERM_WORDS} words")
        self.latin.setdefault(norm, []).append(phrase)
        return " ".join(norm)

    def dense_pattern(self) -> re.Pattern[str] | None:
        if self._dense_pattern is None and self.dense:
            ordered = sorted(self.dense, key=len, reverse=True)
            self._dense_pattern = re.compile("|".join(f"(?=({re.escape(t)}))" for t in ordered))
        return self._dense_pattern


class _Text:
    """A text cut once into the tokens each script is matched on."""

    __slots__ = ("cyrillic", "dense", "latin")

    def __init__(self, text: str) -> None:
        folded = text.casefold()
        self.latin = tuple(_singular(w) for w in _WORD.findall(folded))
        self.cyrillic = tuple(_CYRILLIC_WORD.findall(folded)) if _CYRILLIC.search(folded) else ()
        # Korean puts spaces between words that a term may join ("청동 동상"): dense scripts are
        # matched with white space removed, terms and exclusions alike.
        self.dense = _SPACE.sub("", folded) if _DENSE.search(folded) else ""


def _cyrillic_matches(stems: tuple[str, ...], tokens: tuple[str, ...], start: int) -> bool:
    if start + len(stems) > len(tokens):
        return False
    for offset, stem in enumerate(stems):
        token = tokens[start + offset]
        # A stem matches the word it begins, not a longer word that merely shares it ("уголь" in
        # "угольный" yes; an ending of at most four letters keeps "кит" out of "китайский").
        if not token.startswith(stem) or len(token) - len(stem) > 4:
            return False
    return True


def _occurrences(phrases: _Phrases, text: _Text) -> list[tuple[str, str, _Span]]:
    """Every phrase occurrence in the text: (script, normalised phrase, span in that script)."""
    found: list[tuple[str, str, _Span]] = []
    toks = text.latin
    if phrases.latin:
        for size in range(1, MAX_TERM_WORDS + 1):
            for start in range(len(toks) - size + 1):
                gram = toks[start : start + size]
                if gram in phrases.latin:
                    found.append(("latin", " ".join(gram), _Span(start, start + size)))
    if phrases.cyrillic and text.cyrillic:
        ctoks = text.cyrillic
        for start, token in enumerate(ctoks):
            for first, entries in phrases.cyrillic.items():
                if not token.startswith(first):
                    continue
                for stems, _written in entries:
                    if _cyrillic_matches(stems, ctoks, start):
                        found.append(("cyrillic", "\x00".join(stems), _Span(start, start + len(stems))))
    pattern = phrases.dense_pattern()
    if pattern is not None and text.dense:
        for m in pattern.finditer(text.dense):
            hit = next(g for g in m.groups() if g)
            found.append(("dense", hit, _Span(m.start(), m.start() + len(hit))))
    return found


class TermIndex(Generic[K]):
    """Maps terms to keys (rule indexes, contract types) and finds which keys a text mentions."""

    def __init__(self) -> None:
        self._terms = _Phrases()
        self._keys: dict[str, set[K]] = {}
        """Normalised term -> keys."""
        self._written: dict[str, str] = {}
        """Normalised term -> the term as the pack writes it (for evidence)."""
        self._exclusions = _Phrases()
        self._excluded_for: dict[str, set[K]] = {}
        """Normalised exclusion phrase -> the keys it holds back."""
        self._found: dict[str, dict[K, str]] = {}
        """Text -> what it mentions: ledgers repeat their descriptions, so each is matched once."""

    def add(self, terms: Iterable[str], key: K, exclusions: Iterable[str] = ()) -> None:
        """Register each term as pointing at key; an exclusion phrase holds back key's terms inside it."""
        for term in terms:
            norm = self._terms.add(term)
            self._keys.setdefault(norm, set()).add(key)
            self._written.setdefault(norm, term)
        for phrase in exclusions:
            norm = self._exclusions.add(phrase)
            self._excluded_for.setdefault(norm, set()).add(key)

    def find(self, text: str) -> dict[K, str]:
        """Keys mentioned in text, each with the first term that matched (for evidence)."""
        if not text or not self._keys:
            return {}
        known = self._found.get(text)
        if known is None:
            known = self._find(text)
            if len(self._found) >= _FOUND_LIMIT:
                self._found.clear()
            self._found[text] = known
        return dict(known)

    def _find(self, text: str) -> dict[K, str]:
        found: dict[K, str] = {}
        cut = _Text(text)
        held: list[tuple[str, _Span, set[K]]] = []
        if self._excluded_for:
            held = [(s, span, self._excluded_for[n]) for s, n, span in _occurrences(self._exclusions, cut)]
        for script, norm, span in _occurrences(self._terms, cut):
            for key in self._keys[norm]:
                if key in found:
                    continue
                if any(
                    s == script and key in keys and h.start <= span.start and span.end <= h.end for s, h, keys in held
                ):
                    continue
                found[key] = self._written[norm]
        return found

    def __bool__(self) -> bool:
        return bool(self._keys)


def readable_words(text: str) -> tuple[str, ...]:
    """The Latin and Cyrillic words of a text, lower-case (to judge whether a description says anything)."""
    return tuple(_LATIN_OR_CYRILLIC_WORD.findall(text.casefold()))


def has_dense_script(text: str) -> bool:
    """True when the text holds Chinese, Japanese or Korean letters."""
    return bool(_DENSE.search(text))
