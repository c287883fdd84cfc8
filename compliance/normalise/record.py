"""A row made ready for the rules: its kind, how it is tied to the DPRK, and its normalised values.

Preparation happens in two steps. `link_row` is cheap and runs on every row: it normalises only the
country-bearing cells and finds the DPRK links. `complete` (HS code, dates, numbers, contract types)
runs only on rows with a link, which in a real ledger are a small minority.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Final

from compliance.model.results import Evidence
from compliance.model.source_row import SourceRow
from compliance.normalise.countries import Country, country_codes_in, normalise_country
from compliance.normalise.dates import ParsedDate, parse_date
from compliance.normalise.hscodes import HsCode, normalise_hs
from compliance.normalise.mentions import dprk_mentions
from compliance.normalise.numbers import parse_currency, parse_number
from compliance.normalise.terms import TermIndex, words

DPRK: Final = "KP"

COUNTRY_FIELDS: Final[tuple[str, ...]] = (
    "origin",
    "destination",
    "shipper_country",
    "consignee_country",
    "contractor_country",
    "counterparty_country",
    "loading_port",
    "discharge_port",
    "transit",
    "flag",
    "worker_nationality",
    "place_of_work",
)

# Which cells tie a row to the DPRK, and how. Export bans reach goods supplied by a DPRK party or
# moved out of DPRK territory whatever their origin, so origin is only one of several tests.
LINK_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    # A DPRK-flagged vessel carrying cargo is the DPRK supplying it "using its flag vessels".
    "from_dprk": ("origin", "shipper_country", "loading_port", "transit", "flag"),
    "to_dprk": ("destination", "consignee_country", "discharge_port"),
    "dprk_party": ("shipper_country", "consignee_country", "contractor_country", "counterparty_country"),
    "in_dprk": ("place_of_work",),
    "dprk_vessel": ("flag",),
    "dprk_nationals": ("worker_nationality",),
}

# Party cells (names, addresses) that tie a row to the DPRK when they name it or a DPRK place
# ("Korea Ryongbong Trading, Pyongyang, DPRK"), and the links they establish.
PARTY_LINKS: Final[dict[str, tuple[str, ...]]] = {
    "shipper": ("from_dprk", "dprk_party"),
    "consignee": ("to_dprk", "dprk_party"),
    "contractor": ("dprk_party",),
    "counterparty": ("dprk_party",),
    "notify_party": ("dprk_party",),
    "bank": ("dprk_party",),
}
GOODS_LINKS: Final = ("from_dprk", "to_dprk")

_CONTRACT_KIND_WORDS: Final = frozenset(
    {"contract", "contracts", "employment", "agreement", "jv", "venture", "project", "labour", "labor"}
)
_SHIPMENT_KIND_WORDS: Final = frozenset(
    {"shipment", "shipments", "cargo", "invoice", "export", "import", "trade", "consignment"}
)
_CONTRACT_FIELDS: Final = ("contract_type", "workers", "worker_nationality", "place_of_work", "start_date")


def cell_text(value: Any) -> str:
    """A cell as the officer would read it in evidence."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def row_kind(source: SourceRow) -> str:
    """'shipment' or 'contract': from a kind column, then the sheet's name, then the fields filled."""
    raw = source.fields.get("kind")
    if raw is not None:
        said = set(words(str(raw)))
        if said & _CONTRACT_KIND_WORDS:
            return "contract"
        if said & _SHIPMENT_KIND_WORDS:
            return "shipment"
    if source.kind_hint in ("shipment", "contract"):
        return source.kind_hint
    if any(f in source.fields for f in _CONTRACT_FIELDS) and "hs_code" not in source.fields:
        return "contract"
    return "shipment"


@dataclass(slots=True)
class Record:
    """A row as the rules see it."""

    source: SourceRow
    kind: str
    reference: str
    countries: dict[str, Country]
    links: dict[str, list[Evidence]]
    """Link -> the cells that establish it."""
    maybe_links: dict[str, list[Evidence]]
    """Links that hold only if an ambiguous 'Korea' means the DPRK."""
    unsure_direction: list[Evidence] = field(default_factory=list)
    """The cells tying a row that carries goods to the DPRK when nothing says which way the goods go."""
    inferred: list[str] = field(default_factory=list)
    """How a goods direction was inferred for a contract (for the officer to check)."""
    hs: HsCode | None = None
    dates: dict[str, ParsedDate] = field(default_factory=dict)
    contract_types: dict[str, Evidence] = field(default_factory=dict)
    """Contract type -> the cell that said so (the contract type, or a field that implies it)."""
    value: float | None = None
    quantity: float | None = None
    currency: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def linked(self) -> bool:
        """True when the row is, or may be, tied to the DPRK."""
        return bool(self.links or self.maybe_links)

    def text(self, name: str) -> str:
        """A field's cell as text ('' when empty)."""
        value = self.source.fields.get(name)
        return "" if value is None else cell_text(value)

    def all_country_codes(self) -> set[str]:
        """Every definite country the row names, in any role."""
        codes = {c.code for c in self.countries.values() if c.code}
        transit = self.source.fields.get("transit")
        if transit is not None:
            codes.update(country_codes_in(transit))
        return codes


# Country cell -> 1 when it names the DPRK, 2 when it may ("Korea"), 0 otherwise. Ledgers repeat a few
# hundred spellings over millions of rows, so these small caches are what keep unlinked rows cheap.
_COUNTRY_STATE: dict[Any, int] = {}
_ROUTING_STATE: dict[Any, int] = {}
_STATE_LIMIT = 200_000


def _state_of(value: Any, routing: bool) -> int:
    country = normalise_country(value)
    if (routing and DPRK in country_codes_in(value)) or country.code == DPRK:
        return 1
    return 2 if country.ambiguous else 0


def dprk_state(value: Any, routing: bool = False) -> int:
    """1 if a country cell names the DPRK, 2 if it may ('Korea'), else 0; routing cells may list several."""
    cache = _ROUTING_STATE if routing else _COUNTRY_STATE
    state = cache.get(value)
    if state is None:
        state = _state_of(value, routing)
        if len(cache) >= _STATE_LIMIT:
            cache.clear()
        cache[value] = state
    return state


_PLAIN_COUNTRY_FIELDS: Final = tuple(f for f in COUNTRY_FIELDS if f != "transit")
_PARTY_STATE: dict[Any, bool] = {}


def party_names_dprk(value: Any) -> bool:
    """Whether a party's name or address names the DPRK or a DPRK place (a bare 'Korea' does not:
    company names use it on both sides of the border)."""
    state = _PARTY_STATE.get(value)
    if state is None:
        state = bool(dprk_mentions(value))
        if len(_PARTY_STATE) >= _STATE_LIMIT:
            _PARTY_STATE.clear()
        _PARTY_STATE[value] = state
    return state


def touches_dprk(source: SourceRow) -> bool:
    """Whether any country-bearing cell names, or may name, the DPRK: the fast test for every row."""
    fields = source.fields
    cache = _COUNTRY_STATE
    for name in _PLAIN_COUNTRY_FIELDS:
        value = fields.get(name)
        if value is not None:
            state = cache.get(value)
            if state is None:
                state = dprk_state(value)
            if state:
                return True
    transit = fields.get("transit")
    if transit is not None and dprk_state(transit, routing=True) > 0:
        return True
    parties = _PARTY_STATE
    for name in PARTY_LINKS:
        value = fields.get(name)
        if value is not None:
            state = parties.get(value)
            if state is None:
                state = party_names_dprk(value)
            if state:
                return True
    return False


def link_row(source: SourceRow) -> Record:
    """Classify the row and find its DPRK links, with the cells that establish each."""
    fields = source.fields
    kind = row_kind(source)
    countries: dict[str, Country] = {}
    links: dict[str, list[Evidence]] = {}
    maybe: dict[str, list[Evidence]] = {}
    for name in COUNTRY_FIELDS:
        value = fields.get(name)
        if value is not None:
            countries[name] = normalise_country(value)
    work_place = countries.get("place_of_work")
    abroad = work_place is None or work_place.code != DPRK
    for link, names in LINK_FIELDS.items():
        extra = ("destination",) if link == "in_dprk" and kind == "contract" else ()
        if link == "dprk_nationals" and not abroad:
            continue  # DPRK nationals working in the DPRK are not "abroad"
        for name in names + extra:
            value = fields.get(name)
            if value is None:
                continue
            state = dprk_state(value, name == "transit")
            if state == 1:
                links.setdefault(link, []).append(Evidence(name, cell_text(value)))
            elif state == 2:
                maybe.setdefault(link, []).append(Evidence(name, cell_text(value)))
    for name, party_links in PARTY_LINKS.items():
        value = fields.get(name)
        if value is not None and party_names_dprk(value):
            for link in party_links:
                links.setdefault(link, []).append(Evidence(name, cell_text(value)))
    supplied = links.get("from_dprk")
    if supplied and "to_dprk" in links and all(e.field == "flag" for e in supplied):
        # A DPRK vessel bringing another country's goods into the DPRK is not the DPRK supplying them.
        del links["from_dprk"]
    reference = fields.get("reference")
    return Record(
        source=source,
        kind=kind,
        reference="" if reference is None else cell_text(reference),
        countries=countries,
        links=links,
        maybe_links=maybe,
    )


_CONTRACT_TEXT_FIELDS: Final = ("description", "project")
_INTO: Final = frozenset({"sale", "construction"})
_SERVICES: Final = frozenset({"services"})
_OUT_OF: Final = frozenset({"purchase"})
_BOTH_WAYS: Final = frozenset({"processing"})
_DPRK_COUNTERPART_FIELDS: Final = ("counterparty_country", "counterparty", "place_of_work", "destination")
_DPRK_OWN_SIDE_FIELDS: Final = ("contractor_country", "contractor")


_INTO_WORDING: Final = re.compile(r"\b(?:supply|supplies|sale|sell|export|deliver\w*|ship\w*)\b.*\bto\b")
_OUT_OF_WORDING: Final = re.compile(r"\b(?:purchase|purchasing|buy\w*|import\w*|offtake|procure\w*)\b.*\bfrom\b")


def _said_which_way(record: Record, directions: set[str]) -> bool:
    """Whether the description says the way the goods go in so many words ("supply of ... to the
    buyer", "purchase of ... from"), agreeing with the direction inferred."""
    text = record.text("description").casefold()
    if directions == {"to_dprk"}:
        return bool(_INTO_WORDING.search(text)) and not _OUT_OF_WORDING.search(text)
    if directions == {"from_dprk"}:
        return bool(_OUT_OF_WORDING.search(text)) and not _INTO_WORDING.search(text)
    return False


def _directions(types: set[str], dprk_own_side: bool) -> set[str]:
    directions: set[str] = set()
    if types & _BOTH_WAYS:
        directions.update(GOODS_LINKS)
    if types & _OUT_OF:
        directions.add("to_dprk" if dprk_own_side else "from_dprk")
    if types & _INTO:
        directions.add("from_dprk" if dprk_own_side else "to_dprk")
    if types & _SERVICES and not directions:
        # Services flow from the side that provides them: DPRK technicians abroad supply services
        # out of the DPRK (arms-related services are banned both ways).
        directions.add("from_dprk" if dprk_own_side else "to_dprk")
    return directions


def _infer_direction(record: Record) -> None:
    """Which way a contract's goods go, from what it says it is and which side is the DPRK's.

    A contract tied to the DPRK by a party or a place carries goods one way or both: a purchase
    from a DPRK seller brings them out, a sale, supply or installation for a DPRK buyer or site takes
    them in, processing in the DPRK does both. A contract's type rarely says for certain who sells, so
    the other direction stays a question rather than being ruled out; where nothing says, both do.
    A tie that holds only if 'Korea' means the DPRK gives directions that hold only as much.
    """
    if any(link in record.links or link in record.maybe_links for link in GOODS_LINKS):
        return
    sure = [e for link in ("dprk_party", "in_dprk", "dprk_vessel") for e in record.links.get(link, ())]
    maybe = [e for link in ("dprk_party", "in_dprk") for e in record.maybe_links.get(link, ())]
    ties, target = (sure, record.links) if sure else (maybe, record.maybe_links)
    if not ties:
        return
    tied_fields = {e.field for e in ties}
    types = set(record.contract_types)
    if "employment" in types and "hs_code" not in record.source.fields:
        # "Labour supply agreement", "supply of construction workers": what is supplied is people.
        types -= {"sale", "purchase"}
    said = [record.contract_types[t] for t in sorted(types & (_INTO | _OUT_OF | _BOTH_WAYS | _SERVICES))]
    dprk_counterpart = bool(tied_fields & set(_DPRK_COUNTERPART_FIELDS))
    dprk_own_side = bool(tied_fields & set(_DPRK_OWN_SIDE_FIELDS)) and not dprk_counterpart
    directions = _directions(types, dprk_own_side)
    if set(GOODS_LINKS) - directions and sure and not _said_which_way(record, directions):
        record.unsure_direction = ties
    if not directions:
        return
    for link in sorted(directions):
        target[link] = [*ties, *said]
    words_said = ", ".join(f"'{e.value}'" for e in said)
    record.inferred.append(
        f"Direction of the goods inferred from {words_said} and the DPRK side "
        f"({', '.join(sorted(tied_fields)).replace('_', ' ')}): "
        + " and ".join("out of the DPRK" if d == "from_dprk" else "into the DPRK" for d in sorted(directions))
        + "."
    )


def complete(
    record: Record,
    contract_types: TermIndex[str],
    implied: dict[str, tuple[str, ...]],
    from_text: tuple[str, ...] = (),
) -> None:
    """Normalise the rest of a linked row: HS code, dates, amounts, contract types and goods direction."""
    fields = record.source.fields
    order = record.source.date_order
    hs = normalise_hs(fields.get("hs_code"))
    record.hs = hs
    if hs.restored_zero:
        record.notes.append(f"HS code {hs.raw} read as {hs.digits} (a zero Excel dropped was restored)")
    for name in ("date", "contract_date", "start_date", "end_date"):
        if name in fields:
            record.dates[name] = parse_date(fields[name], order)
    record.value = parse_number(fields.get("value"))
    record.quantity = parse_number(fields.get("quantity"))
    record.currency = parse_currency(fields.get("currency")) or parse_currency(fields.get("value"))
    said = contract_types.find(record.text("contract_type")) if "contract_type" in fields else {}
    for name in said:
        record.contract_types[name] = Evidence("contract_type", record.text("contract_type"))
    for name, implying in implied.items():
        for f in implying:
            if name not in record.contract_types and f in fields:
                record.contract_types[name] = Evidence(f, record.text(f))
    # A contract's own description says what it is ("purchase of squid from ..."); on any row the
    # description can reveal a joint venture, a charter or fishing rights the type cell does not name.
    for field_name in _CONTRACT_TEXT_FIELDS:
        if field_name not in fields:
            continue
        for name in contract_types.find(record.text(field_name)):
            if name in record.contract_types:
                continue
            if record.kind == "contract" or name in from_text:
                record.contract_types[name] = Evidence(field_name, record.text(field_name))
    _infer_direction(record)


def first_date(record: Record, names: tuple[str, ...]) -> tuple[dt.date | None, str | None, str | None]:
    """The first of the named date cells that is present: (date, field, problem)."""
    for name in names:
        parsed = record.dates.get(name)
        if parsed is None:
            continue
        if parsed.value is not None:
            return parsed.value, name, None
        problem = parsed.problem or f"'{record.text(name)}' is not a usable date"
        return None, name, problem
    return None, None, None
