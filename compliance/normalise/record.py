"""A row made ready for the rules: its kind, how it is tied to the target, and its normalised values.

The target is the country the measures are about, as the base rule pack declares it (`Target`).
Preparation happens in two steps. `link_row` is cheap and runs on every row: it normalises only the
country-bearing cells and finds the links to the target. `complete` (HS code, dates, numbers,
contract types) runs only on rows with a link, which in a real ledger are a small minority.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Final

from compliance.model.fields import DATE_FIELDS
from compliance.model.results import Evidence
from compliance.model.source_row import SourceRow
from compliance.normalise.countries import Country, country_codes_in, normalise_country
from compliance.normalise.dates import ParsedDate, parse_date
from compliance.normalise.hscodes import HsCode, normalise_hs
from compliance.normalise.numbers import parse_currency, parse_number
from compliance.normalise.target import MAYBE, NAMED, ROUTING_FIELDS, Target
from compliance.normalise.terms import TermIndex, words

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

# The links a rule can need are named for the roles they play; which cells establish each is the
# target's (the base pack's vocabulary). Goods go out of the target or into it.
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
    target: Target
    countries: dict[str, Country]
    links: dict[str, list[Evidence]]
    """Link -> the cells that establish it."""
    maybe_links: dict[str, list[Evidence]]
    """Links that hold only if an ambiguous spelling ('Korea') means the target."""
    unsure_direction: list[Evidence] = field(default_factory=list)
    """The cells tying a row that carries goods to the target when nothing says which way the goods go."""
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
        """True when the row is, or may be, tied to the target."""
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


def touches_target(source: SourceRow, target: Target) -> bool:
    """Whether any country-bearing or party cell names, or may name, the target: the fast test for every row."""
    return target.touched_by(source.fields)


def link_row(source: SourceRow, target: Target) -> Record:
    """Classify the row and find its links to the target, with the cells that establish each."""
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
    abroad = work_place is None or work_place.code != target.code
    for link, names in target.links.items():
        extra = target.contract_links.get(link, ()) if kind == "contract" else ()
        if link == "dprk_nationals" and not abroad:
            continue  # the target's nationals working at home are not "abroad"
        for name in names + extra:
            value = fields.get(name)
            if value is None:
                continue
            state = target.state(value, name in ROUTING_FIELDS)
            if state == NAMED:
                links.setdefault(link, []).append(Evidence(name, cell_text(value)))
            elif state == MAYBE:
                maybe.setdefault(link, []).append(Evidence(name, cell_text(value)))
    for name, party_links in target.party_links.items():
        value = fields.get(name)
        if value is not None and target.named_by_party(value):
            for link in party_links:
                links.setdefault(link, []).append(Evidence(name, cell_text(value)))
    supplied = links.get("from_dprk")
    if supplied and "to_dprk" in links and all(e.field == "flag" for e in supplied):
        # The target's vessel bringing another country's goods into the target is not the target supplying them.
        del links["from_dprk"]
    reference = fields.get("reference")
    return Record(
        source=source,
        kind=kind,
        reference="" if reference is None else cell_text(reference),
        target=target,
        countries=countries,
        links=links,
        maybe_links=maybe,
    )


_CONTRACT_TEXT_FIELDS: Final = ("description", "project")
_INTO: Final = frozenset({"sale", "construction"})
_SERVICES: Final = frozenset({"services"})
_OUT_OF: Final = frozenset({"purchase"})
_BOTH_WAYS: Final = frozenset({"processing"})
_TARGET_COUNTERPART_FIELDS: Final = ("counterparty_country", "counterparty", "place_of_work", "destination")
_TARGET_OWN_SIDE_FIELDS: Final = ("contractor_country", "contractor")


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


def _directions(types: set[str], target_own_side: bool) -> set[str]:
    directions: set[str] = set()
    if types & _BOTH_WAYS:
        directions.update(GOODS_LINKS)
    if types & _OUT_OF:
        directions.add("to_dprk" if target_own_side else "from_dprk")
    if types & _INTO:
        directions.add("from_dprk" if target_own_side else "to_dprk")
    if types & _SERVICES and not directions:
        # Services flow from the side that provides them: the target's technicians abroad supply
        # services out of it (arms-related services are banned both ways).
        directions.add("from_dprk" if target_own_side else "to_dprk")
    return directions


def _infer_direction(record: Record) -> None:
    """Which way a contract's goods go, from what it says it is and which side is the target's.

    A contract tied to the target by a party or a place carries goods one way or both: a purchase
    from a seller there brings them out, a sale, supply or installation for a buyer or site there
    takes them in, processing there does both. A contract's type rarely says for certain who sells,
    so the other direction stays a question rather than being ruled out; where nothing says, both do.
    A tie that holds only if an ambiguous spelling means the target gives directions that hold only
    as much.
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
    target_counterpart = bool(tied_fields & set(_TARGET_COUNTERPART_FIELDS))
    target_own_side = bool(tied_fields & set(_TARGET_OWN_SIDE_FIELDS)) and not target_counterpart
    directions = _directions(types, target_own_side)
    if set(GOODS_LINKS) - directions and sure and not _said_which_way(record, directions):
        record.unsure_direction = ties
    if not directions:
        return
    for link in sorted(directions):
        target[link] = [*ties, *said]
    words_said = ", ".join(f"'{e.value}'" for e in said)
    name = record.target.name
    record.inferred.append(
        f"Direction of the goods inferred from {words_said} and the {record.target.adjective} side "
        f"({', '.join(sorted(tied_fields)).replace('_', ' ')}): "
        + " and ".join(f"out of {name}" if d == "from_dprk" else f"into {name}" for d in sorted(directions))
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
    for name in DATE_FIELDS:
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
