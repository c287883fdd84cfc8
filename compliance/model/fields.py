"""The fields a screened row can carry, in the officer's words, and the headers trade documents use.

One source for the importer (header matching), the engine (what a field means) and the exports.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from compliance.model.header_languages import LOCAL_SYNONYMS

# Canonical field -> the header names that mean it. Matching is case- and punctuation-insensitive
# (see `header_key`); the canonical name itself always matches too.
FIELD_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "reference": (
        "reference",
        "ref",
        "ref no",
        "reference no",
        "reference number",
        "our ref",
        "invoice no",
        "invoice number",
        "invoice",
        "contract no",
        "contract number",
        "contract ref",
        "b/l no",
        "bl no",
        "bl number",
        "bill of lading",
        "bill of lading no",
        "bill of lading number",
        "document no",
        "doc no",
        "transaction id",
        "transaction ref",
        "shipment id",
        "shipment no",
        "record id",
        "deal id",
        "deal no",
        "booking no",
        "booking number",
        "id",
    ),
    "kind": ("kind", "record type", "record kind", "row type", "entry type"),
    "date": (
        "date",
        "shipment date",
        "date of shipment",
        "shipping date",
        "ship date",
        "invoice date",
        "bl date",
        "b/l date",
        "bill of lading date",
        "transaction date",
        "signing date",
        "date signed",
        "signed on",
        "value date",
        "departure date",
        "loading date",
        "etd",
    ),
    "contract_date": (
        "contract date",
        "date of contract",
        "contract signed",
        "contract signing date",
        "contract concluded",
        "contract finalised",
        "contract finalized",
        "order date",
        "po date",
    ),
    "shipper": (
        "shipper",
        "exporter",
        "seller",
        "supplier",
        "consignor",
        "vendor",
        "shipper name",
        "exporter name",
        "seller name",
        "supplier name",
    ),
    "shipper_country": (
        "shipper country",
        "exporter country",
        "seller country",
        "supplier country",
        "consignor country",
        "vendor country",
        "country of shipper",
        "country of exporter",
        "country of seller",
        "country of supplier",
        "shipper nationality",
    ),
    "consignee": (
        "consignee",
        "importer",
        "buyer",
        "customer",
        "purchaser",
        "receiver",
        "consignee name",
        "importer name",
        "buyer name",
        "ship to",
    ),
    "consignee_country": (
        "consignee country",
        "importer country",
        "buyer country",
        "customer country",
        "purchaser country",
        "receiver country",
        "country of consignee",
        "country of importer",
        "country of buyer",
    ),
    "contractor": (
        "contractor",
        "employer",
        "contracting party",
        "investor",
        "host company",
        "company",
        "contractor name",
        "employer name",
    ),
    "contractor_country": (
        "contractor country",
        "employer country",
        "investor country",
        "country of contractor",
        "country of employer",
        "company country",
    ),
    "counterparty": (
        "counterparty",
        "counter party",
        "counterpart",
        "partner",
        "other party",
        "joint venture partner",
        "jv partner",
        "agent",
        "counterparty name",
    ),
    "counterparty_country": (
        "counterparty country",
        "counter party country",
        "counterpart country",
        "partner country",
        "country of counterparty",
        "other party country",
        "jv partner country",
        "agent country",
    ),
    "bank": ("bank", "issuing bank", "paying bank", "beneficiary bank", "correspondent bank", "lc bank"),
    "notify_party": ("notify party", "notify"),
    "origin": (
        "origin",
        "country of origin",
        "coo",
        "origin country",
        "made in",
        "place of origin",
        "goods origin",
        "country of manufacture",
    ),
    "destination": (
        "destination",
        "country of destination",
        "destination country",
        "final destination",
        "ship to country",
        "delivery country",
        "place of delivery",
        "country of delivery",
    ),
    "loading_port": (
        "port of loading",
        "pol",
        "loading port",
        "port of lading",
        "load port",
        "port of shipment",
        "port of departure",
    ),
    "discharge_port": (
        "port of discharge",
        "pod",
        "discharge port",
        "port of destination",
        "unloading port",
        "port of arrival",
        "port of entry",
    ),
    "transit": ("transit", "via", "routing", "route", "transshipment", "transhipment", "transit country"),
    "hs_code": (
        "hs code",
        "hs",
        "hs no",
        "hs number",
        "hts",
        "hts code",
        "hs6",
        "hs 6",
        "tariff code",
        "tariff",
        "tariff no",
        "commodity code",
        "customs code",
        "cn code",
        "harmonized code",
        "harmonised code",
        "harmonized system code",
    ),
    "description": (
        "description",
        "goods",
        "goods description",
        "description of goods",
        "commodity",
        "commodity description",
        "item",
        "item description",
        "product",
        "product description",
        "cargo",
        "cargo description",
        "merchandise",
        "details",
        "subject",
    ),
    "quantity": ("quantity", "qty", "volume", "net weight", "weight", "gross weight", "units"),
    "unit": ("unit", "uom", "unit of measure", "qty unit", "quantity unit"),
    "value": (
        "value",
        "amount",
        "invoice value",
        "total value",
        "price",
        "total",
        "customs value",
        "contract value",
        "fob value",
        "cif value",
        "value usd",
        "amount usd",
    ),
    "currency": ("currency", "ccy", "cur", "curr"),
    "vessel": ("vessel", "ship", "vessel name", "ship name", "carrier vessel", "vessel/voyage"),
    "imo": ("imo", "imo number", "imo no", "vessel imo", "imo nr"),
    "flag": ("flag", "vessel flag", "flag state", "flag of vessel", "ship flag"),
    "project": ("project", "project name", "programme", "program", "project description"),
    "contract_type": (
        "contract type",
        "type of contract",
        "agreement type",
        "deal type",
        "nature of contract",
        "contract kind",
        "type",
    ),
    "worker_nationality": (
        "worker nationality",
        "workers nationality",
        "nationality of workers",
        "nationality",
        "citizenship",
        "nationality of worker",
    ),
    "workers": (
        "workers",
        "number of workers",
        "no of workers",
        "headcount",
        "head count",
        "staff",
        "employees",
        "number of employees",
    ),
    "place_of_work": (
        "place of work",
        "work location",
        "worksite",
        "work site",
        "site",
        "location",
        "country of work",
        "host country",
        "place of employment",
    ),
    "start_date": ("start date", "start", "from", "employment start", "commencement", "date from"),
    "end_date": ("end date", "end", "to", "until", "expiry", "expiry date", "employment end", "date to"),
    "exemption_ref": (
        "exemption",
        "exemption ref",
        "exemption reference",
        "committee exemption",
        "1718 exemption",
        "exemption no",
        "exemption number",
    ),
}

# The same columns in Chinese, Russian, Korean and Japanese, after the English names.
for _name, _spec in LOCAL_SYNONYMS.items():
    FIELD_SYNONYMS[_name] += tuple(item.strip() for item in _spec.split(";") if item.strip())

FIELDS: Final[tuple[str, ...]] = tuple(FIELD_SYNONYMS)

# Fields that name a party: the designation screening reads these.
PARTY_FIELDS: Final[tuple[str, ...]] = (
    "shipper",
    "consignee",
    "contractor",
    "counterparty",
    "bank",
    "notify_party",
)

# Which country field belongs to which party, so evidence can say "the consignee is in the DPRK".
PARTY_COUNTRY_FIELDS: Final[dict[str, str]] = {
    "shipper_country": "shipper",
    "consignee_country": "consignee",
    "contractor_country": "contractor",
    "counterparty_country": "counterparty",
}

EVENT_DATE_FIELDS: Final[tuple[str, ...]] = ("date", "contract_date", "start_date")
"""The dates that place a row in time, in the order a row's own date is taken from them."""
DATE_FIELDS: Final[tuple[str, ...]] = (*EVENT_DATE_FIELDS, "end_date")
"""Every date field a row may carry."""

FIELD_LABELS: Final[dict[str, str]] = {
    name: name.replace("_", " ").replace("hs code", "HS code").replace("imo", "IMO").capitalize() for name in FIELDS
}
FIELD_LABELS.update({"hs_code": "HS code", "imo": "IMO number", "exemption_ref": "Exemption reference"})

_NON_WORD = re.compile(r"[\W_]+")


def header_key(text: str) -> str:
    """Reduce a header to its letters and digits, any script: 'Country of Origin' -> 'countryoforigin'."""
    # Compatibility forms fold first (full-width "ＨＳ编码", "№"), then case and accents, so that
    # "Référence" meets "reference"; Chinese, Korean and Cyrillic letters stay as they are.
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub("", unicodedata.normalize("NFC", bare))
