"""The country a regime's measures are about, and how a ledger row is tied to it.

The base rule pack declares it (`[vocabulary.target]`): its country code, how sentences name it,
which cells tie a row to it and in which way (the links its measures need), any spellings of its own
beyond the country tables, and what to ask when a cell names it ambiguously ("Korea"). Nothing about
any one country is written here: the tables of country and place names are keyed by country code,
and the pack says which code is the target.

Whether a cell names the target is decided once per distinct cell value and remembered on the
target: ledgers repeat a few hundred spellings over millions of rows, so the caches keep untied rows
cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from compliance.normalise.countries import country_codes_in, normalise_country, spelling_key
from compliance.normalise.country_names import AMBIGUOUS_MEANS
from compliance.normalise.mentions import mentions_of

__all__ = ["ROUTING_FIELDS", "AmbiguousName", "Target"]

ROUTING_FIELDS: Final = frozenset({"transit"})
"""Cells that may list several countries in turn ("Dalian / Nampo"): any one of them ties the row."""

NAMED: Final = 1
MAYBE: Final = 2
_STATE_LIMIT: Final = 200_000


@dataclass(frozen=True, slots=True)
class AmbiguousName:
    """What to say of a cell whose spelling the target shares with another country ('Korea')."""

    doubt: str
    """Put before the reason, with `{cells}` for the cells: "'Korea' is ambiguous ({cells}). If it means ...:"."""
    question: str
    """The question that settles it."""


@dataclass(frozen=True, slots=True, eq=False)
class Target:
    """A regime's target country and the cells that tie a row to it (see the module's docstring)."""

    code: str
    """ISO 3166 alpha-2 code (or a code the pack's own spellings give it)."""
    name: str
    """As a sentence names it: "tied to the DPRK", "out of the DPRK"."""
    adjective: str
    """Before a noun: "DPRK nationals", "the DPRK side"."""
    links: dict[str, tuple[str, ...]]
    """Link -> the country cells that establish it."""
    party_links: dict[str, tuple[str, ...]]
    """Party cell (a name or an address) -> the links it establishes when it names the target."""
    contract_links: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Link -> further cells that establish it on a contract row (a contract's destination is its site)."""
    spellings: tuple[str, ...] = ()
    """Names and places of the target the country tables do not know, as the pack writes them."""
    ambiguous: AmbiguousName | None = None
    """Set when a spelling the tables call ambiguous may mean the target."""
    _keys: frozenset[str] = field(default=frozenset(), init=False)
    _widest: int = field(default=0, init=False)
    _country_state: dict[Any, int] = field(default_factory=dict, init=False)
    _routing_state: dict[Any, int] = field(default_factory=dict, init=False)
    _party_state: dict[Any, bool] = field(default_factory=dict, init=False)
    _plain_fields: tuple[str, ...] = field(default=(), init=False)
    _routing_fields: tuple[str, ...] = field(default=(), init=False)

    def __post_init__(self) -> None:
        if (self.code in AMBIGUOUS_MEANS) != (self.ambiguous is not None):
            shared = "/".join(sorted(AMBIGUOUS_MEANS))
            raise ValueError(
                f"the target {self.code} shares ambiguous spellings with another country ({shared}): "
                "say what to ask of them"
                if self.ambiguous is None
                else f"the target {self.code} shares no ambiguous spelling: it needs no question about one"
            )
        keys = frozenset(k for k in (spelling_key(s) for s in self.spellings) if k)
        object.__setattr__(self, "_keys", keys)
        object.__setattr__(self, "_widest", max((k.count(" ") + 1 for k in keys), default=0))
        cells = dict.fromkeys(f for fields in (*self.links.values(), *self.contract_links.values()) for f in fields)
        object.__setattr__(self, "_plain_fields", tuple(f for f in cells if f not in ROUTING_FIELDS))
        object.__setattr__(self, "_routing_fields", tuple(f for f in cells if f in ROUTING_FIELDS))

    def _own_spelling_in(self, value: Any) -> bool:
        """Whether the text holds one of the pack's own spellings of the target, as whole words."""
        if not self._keys or not isinstance(value, str):
            return False
        words = spelling_key(value).split()
        for i in range(len(words)):
            for n in range(min(self._widest, len(words) - i), 0, -1):
                if " ".join(words[i : i + n]) in self._keys:
                    return True
        return False

    def _state_of(self, value: Any, routing: bool) -> int:
        country = normalise_country(value)
        if country.code == self.code or self._own_spelling_in(value):
            return NAMED
        if routing and self.code in country_codes_in(value):
            return NAMED
        if country.ambiguous and (self.ambiguous is not None or self.code in country_codes_in(value)):
            return MAYBE
        return 0

    def state(self, value: Any, routing: bool = False) -> int:
        """1 if a country cell names the target, 2 if it may ('Korea'), else 0; routing cells may list several."""
        cache = self._routing_state if routing else self._country_state
        state = cache.get(value)
        if state is None:
            state = self._state_of(value, routing)
            if len(cache) >= _STATE_LIMIT:
                cache.clear()
            cache[value] = state
        return state

    def named_by_party(self, value: Any) -> bool:
        """Whether a party's name or address names the target or a place in it (a spelling it shares
        with another country does not: company names use 'Korea' on both sides of the border)."""
        state = self._party_state.get(value)
        if state is None:
            state = bool(mentions_of(value, self.code)) or self._own_spelling_in(value)
            if len(self._party_state) >= _STATE_LIMIT:
                self._party_state.clear()
            self._party_state[value] = state
        return state

    def touched_by(self, fields: dict[str, Any]) -> bool:
        """Whether any cell that could tie a row names, or may name, the target: the test every row takes."""
        cache = self._country_state
        for name in self._plain_fields:
            value = fields.get(name)
            if value is not None:
                state = cache.get(value)
                if state is None:
                    state = self.state(value)
                if state:
                    return True
        for name in self._routing_fields:
            value = fields.get(name)
            if value is not None and self.state(value, routing=True):
                return True
        parties = self._party_state
        for name in self.party_links:
            value = fields.get(name)
            if value is not None:
                named = parties.get(value)
                if named is None:
                    named = self.named_by_party(value)
                if named:
                    return True
        return False
