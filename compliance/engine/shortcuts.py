"""What a rule book answers the same way for every row, worked out once and remembered.

A ledger's DPRK-tied rows repeat a few kinds of tie and a few hundred HS codes, so the measures a
kind of tie can bear on, and the goods measures an HS code is outside, are decided once per book and
per tie (or code) rather than once per row and measure. Each answer is exactly what assessing the
measure would conclude; the findings still record every measure ruled out, with the same reason.
"""

from __future__ import annotations

import threading
from typing import Final

from compliance.normalise.record import GOODS_LINKS
from compliance.rules.packs import Goods, Rule
from compliance.rules.regime import RuleBook

_GOODS_LINK_SET: Final = frozenset(GOODS_LINKS)
_BOOKS_KEPT: Final = 8
_CODES_KEPT: Final = 50_000


def could_bear(rule: Rule, tied: frozenset[str], unsure: bool) -> bool:
    """Whether the row is tied to the DPRK the way this measure needs (for sure, or in doubt)."""
    if not tied.isdisjoint(rule.links):
        return True
    return unsure and rule.goods is not None and not _GOODS_LINK_SET.isdisjoint(rule.links)


def code_outside(goods: Goods, code: str) -> bool:
    """Whether a goods measure cannot cover goods of this HS code when the description names none of
    its goods (the cases where `match_goods` finds no match for a valid code and no description)."""
    if not goods.hs:
        return True
    if code.startswith(goods.hs) and not (goods.hs_exclude and code.startswith(goods.hs_exclude)):
        return False
    return not any(prefix.startswith(code) for prefix in goods.hs)


class BookShortcuts:
    """One rule book's remembered answers."""

    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self._bearing: dict[tuple[frozenset[str], bool], tuple[int, ...]] = {}
        self._outside: dict[str, frozenset[int]] = {}
        # Goods measures with no condition on the row's kind or contract type: for these the goods are
        # the first thing assessed, so a code outside them is the reason they are ruled out.
        self._plain_goods = tuple(
            i
            for i, rule in enumerate(book.rules)
            if rule.goods is not None and not rule.kinds and not rule.contract_types
        )
        self._all_plain_goods = frozenset(self._plain_goods)

    def bearing(self, tied: frozenset[str], unsure: bool) -> tuple[int, ...]:
        """Indexes of the measures this tie can bear on, in the book's order."""
        key = (tied, unsure)
        found = self._bearing.get(key)
        if found is None:
            found = tuple(i for i, rule in enumerate(self.book.rules) if could_bear(rule, tied, unsure))
            self._bearing[key] = found
        return found

    def outside(self, code: str | None) -> frozenset[int]:
        """Indexes of the goods measures (no kind or contract condition) that goods of this HS code
        (None: a row with no usable code) cannot fall under unless the description names them."""
        if not code:
            # With no code to go by, only a description naming a measure's goods brings them in.
            return self._all_plain_goods
        found = self._outside.get(code)
        if found is None:
            rules = self.book.rules
            found = frozenset(i for i in self._plain_goods if code_outside(rules[i].goods, code))  # type: ignore[arg-type]
            if len(self._outside) >= _CODES_KEPT:
                self._outside.clear()
            self._outside[code] = found
        return found


_KEPT: dict[int, BookShortcuts] = {}
_LOCK = threading.Lock()


def shortcuts(book: RuleBook) -> BookShortcuts:
    """The book's shortcuts (made on first use; a book seen again reuses them)."""
    found = _KEPT.get(id(book))
    if found is not None and found.book is book:
        return found
    with _LOCK:
        found = BookShortcuts(book)
        if len(_KEPT) >= _BOOKS_KEPT:
            _KEPT.clear()
        _KEPT[id(book)] = found
    return found
