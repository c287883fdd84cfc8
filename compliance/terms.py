"""Whole-word term matching for descriptions, projects and contract types.

Terms of one to four words are looked up as word n-grams in a dict, so matching a description
costs a few dict probes whatever the number of rules.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from functools import lru_cache
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

_WORD = re.compile(r"[0-9a-z]+")
MAX_TERM_WORDS = 4


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """Lower-case words of a text; hyphens and punctuation separate words ('Hydro-electric')."""
    return tuple(_WORD.findall(text.casefold()))


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def term_key(term: str) -> tuple[str, ...]:
    """The normalised form a term is stored under (words, each singular)."""
    return tuple(_singular(w) for w in words(term))


class TermIndex(Generic[K]):
    """Maps terms to keys (rule ids, contract types) and finds which keys a text mentions."""

    def __init__(self) -> None:
        self._keys: dict[tuple[str, ...], set[K]] = {}

    def add(self, terms: Iterable[str], key: K) -> None:
        """Register each term as pointing at key."""
        for term in terms:
            norm = term_key(term)
            if not norm or len(norm) > MAX_TERM_WORDS:
                raise ValueError(f"term {term!r} must have 1 to {MAX_TERM_WORDS} words")
            self._keys.setdefault(norm, set()).add(key)

    def find(self, text: str) -> dict[K, str]:
        """Keys mentioned in text, each with the first phrase that matched (for evidence)."""
        found: dict[K, str] = {}
        if not text or not self._keys:
            return found
        toks = tuple(_singular(w) for w in words(text))
        for size in range(1, MAX_TERM_WORDS + 1):
            for start in range(len(toks) - size + 1):
                gram = toks[start : start + size]
                keys = self._keys.get(gram)
                if keys:
                    for key in keys:
                        found.setdefault(key, " ".join(gram))
        return found

    def __bool__(self) -> bool:
        return bool(self._keys)

