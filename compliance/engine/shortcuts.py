"""What a rule book answers the same way for every row, worked out once and remembered.

A ledger's tied rows repeat a few kinds of tie, two kinds of row and a few hundred HS codes, so
the measures a kind of tie can bear on, those a row's kind (with no contract type named) rules out,
and the goods measures an HS code is outside are decided once per book and per tie, kind or code
rather than once per row and measure. Each answer is exactly what assessing the measure would
conclude (`_assess` reads the same reasons from here); the findings still record every measure
ruled out, with its reason.
"""

from __future__ import annotations

import threading
from typing import Final

from compliance.model.results import RuledOut
from compliance.normalise.record import GOODS_LINKS
from compliance.rules.packs import Goods, Rule
from compliance.rules.regime import RuleBook

_GOODS_LINK_SET: Final = frozenset(GOODS_LINKS)
_BOOKS_KEPT: Final = 8
_CODES_KEPT: Final = 50_000


def could_bear(rule: Rule, tied: frozenset[str], unsure: bool) -> bool:
    """Whether the row is tied to the target the way this measure needs (for sure, or in doubt)."""
    if not tied.isdisjoint(rule.links):
        return True
    return unsure and rule.goods is not None and not _GOODS_LINK_SET.isdisjoint(rule.links)


def other_kind(rule: Rule, kind: str) -> str:
    """Why a measure for other kinds of row does not bear on this one."""
    return f"applies to {' and '.join(rule.kinds)} rows, and this is a {kind} row"


def other_contract(rule: Rule) -> str:
    """Why a measure on some kinds of contract does not bear on a row that names none of them."""
    wanted = ", ".join(t.replace("_", " ") for t in rule.contract_types)
    return f"the row is not a contract of that kind ({wanted})"


def goods_ruled_out(code: str | None, described: bool) -> str:
    """Why a goods measure does not cover the row's goods, as the officer would check it: by the
    HS code when there is a usable one, else by the description, if any."""
    if code:
        return f"HS {code} is outside this measure's goods"
    if described:
        return "the description names none of this measure's goods"
    return "the row names no goods"


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
        self._outside: dict[tuple[str, bool], dict[int, RuledOut]] = {}
        self._unsaid: dict[str, dict[int, RuledOut]] = {}
        # Goods measures with no condition on the row's kind or contract type: for these the goods are
        # the first thing assessed, so a code outside them is the reason they are ruled out.
        self._plain_goods = tuple(
            i
            for i, rule in enumerate(book.rules)
            if rule.goods is not None and not rule.kinds and not rule.contract_types
        )

    def bearing(self, tied: frozenset[str], unsure: bool) -> tuple[int, ...]:
        """Indexes of the measures this tie can bear on, in the book's order."""
        key = (tied, unsure)
        found = self._bearing.get(key)
        if found is None:
            found = tuple(i for i, rule in enumerate(self.book.rules) if could_bear(rule, tied, unsure))
            self._bearing[key] = found
        return found

    def unsaid(self, kind: str) -> dict[int, RuledOut]:
        """For a row of this kind that names no contract type: the measures ruled out before anything
        else of the row is read (those for other kinds of row, those on a kind of contract)."""
        found = self._unsaid.get(kind)
        if found is None:
            found = {}
            for i, rule in enumerate(self.book.rules):
                if rule.kinds and kind not in rule.kinds:
                    found[i] = RuledOut(rule.id, other_kind(rule, kind))
                elif rule.contract_types:
                    found[i] = RuledOut(rule.id, other_contract(rule))
            self._unsaid[kind] = found
        return found

    def outside(self, code: str | None, described: bool) -> dict[int, RuledOut]:
        """The goods measures (no kind or contract condition) that goods of this HS code (None: a row
        with no usable code) cannot fall under unless the description names them, each with the
        record of it ruled out; `described`: whether the row has a description at all."""
        key = (code or "", described)
        found = self._outside.get(key)
        if found is None:
            rules = self.book.rules
            why = goods_ruled_out(code, described)
            # With no code to go by, only a description naming a measure's goods brings them in.
            found = {
                i: RuledOut(rules[i].id, why)
                for i in self._plain_goods
                if not code or code_outside(rules[i].goods, code)  # type: ignore[arg-type]
            }
            if len(self._outside) >= _CODES_KEPT:
                self._outside.clear()
            self._outside[key] = found
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
