"""What the table's free-text search looks in: the reference and every screened field of a row.

Countries are also findable by their short name ('north korea' finds a row that wrote 'DPRK').
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from compliance.model.fields import PARTY_FIELDS
from compliance.model.results import RowResult
from compliance.normalise.countries import country_codes_in, country_name
from compliance.normalise.record import cell_text

SEARCH_FIELDS: Final = (
    *PARTY_FIELDS,
    "description",
    "project",
    "contract_type",
    "vessel",
    "imo",
    "flag",
    "hs_code",
    "origin",
    "destination",
    "loading_port",
    "discharge_port",
    "transit",
    "shipper_country",
    "consignee_country",
    "contractor_country",
    "counterparty_country",
    "worker_nationality",
    "place_of_work",
    "exemption_ref",
)
"""Every field the screening reads that an officer would search by: parties, goods, vessel, IMO, countries, ports."""
COUNTRY_SEARCH_FIELDS: Final = frozenset(
    {"origin", "destination", "transit", "flag", "shipper_country", "consignee_country", "contractor_country",
     "counterparty_country", "worker_nationality", "place_of_work", "loading_port", "discharge_port"}
)  # fmt: skip
"""Fields whose country is also searchable by its short name ('north korea' finds a row that wrote 'DPRK')."""


@lru_cache(maxsize=4096)
def _country_words(text: str) -> str:
    """The short names of the countries a cell names, when they are not already in its text."""
    folded = text.casefold()
    names = [country_name(code) for code in country_codes_in(text)]
    return "\x1f".join(n for n in names if n.casefold() not in folded)


def search_text(result: RowResult) -> str:
    """What free-text search looks in: the reference and every screened field, lower-cased.

    Built once per row on the screening thread; the reference comes first (row_of_reference relies on it).
    """
    fields = result.source.fields
    parts = [result.reference]
    for name in SEARCH_FIELDS:
        value = fields.get(name)
        if value is not None:
            text = value if isinstance(value, str) else cell_text(value)
            parts.append(text)
            if name in COUNTRY_SEARCH_FIELDS:
                extra = _country_words(text)
                if extra:
                    parts.append(extra)
    return "\x1f".join(parts).casefold()
