"""Data checks: review hits for what a row leaves open that no measure's finding covers."""

from __future__ import annotations

from compliance.engine.findings import Finding, quoted
from compliance.model.results import Evidence, Hit
from compliance.model.source_row import SourceRow
from compliance.model.status import Status
from compliance.normalise.mentions import country_mentions
from compliance.normalise.record import Record
from compliance.normalise.target import Target
from compliance.normalise.terms import has_dense_script, readable_words, words

# Words that say goods are there without saying what they are.
_GENERIC_TEXT = """goods general merchandise cargo sample samples item items product products various assorted
    mixed misc miscellaneous sundry sundries part parts spare spares equipment material materials supplies supply stuff
    consignment shipment shipments package packages packed box boxes carton cartons pallet pallets piece pieces
    pcs lot lots set sets kit kits other others accessories accessory commodity commodities article articles
    per invoice order po contract ref reference see attached list as of for and the a an with in to from on by
    new used unit units total qty quantity description goods freight trade trading export import delivery
    personal effects general cargo household agreed agreement terms conditions basis business deal
    transaction arrangement according schedule time counterparty buyer seller customer client consignee
    consignor supplier showroom office premises warehouse store company firm party parties exchange"""
_GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())


def goods_unknown(rec: Record, term_hits: dict[int, str]) -> tuple[str, str] | None:
    """Why the row's goods cannot be identified (reason, question), or None when they can.

    Goods are identified by a usable HS code, by a description that names goods a measure covers, or
    by an English description that says specifically what the goods are. A description only in a
    script whose words the packs do not know is not read as clear.
    """
    hs = rec.hs
    if hs is not None and hs.digits:
        return None
    if term_hits:
        return None
    description = rec.text("description")
    if not description:
        if hs is not None and not hs.valid:
            return None  # the unusable code has its own check, which asks the same question
        return (
            f"The row is tied to {rec.target.name} and names no goods: neither an HS code nor a description.",
            "What are the goods? Give an HS code or a specific description.",
        )
    # A description says what the goods are when some word of it is neither a word for "goods", nor
    # deal wording ("as agreed", "to the counterparty"), nor a place ("showroom in Pyongyang").
    latin = [w for w in words(description) if len(w) >= 3 and not w.isdigit()]
    places = {w for m in country_mentions(description) for w in words(m.phrase)}
    if any(w not in _GENERIC_WORDS and w not in places for w in latin):
        return None
    if has_dense_script(description) or any(not w.isascii() for w in readable_words(description)):
        return (
            f"The row is tied to {rec.target.name} and its description '{description}' could not be read: no term "
            "of any language the rule packs know names its goods.",
            "The description could not be read: what are the goods? Give an HS code.",
        )
    return (
        f"The row is tied to {rec.target.name} and its description '{description}' does not say what the goods are.",
        "What are the goods? Give an HS code or a specific description.",
    )


_GOODS_CONTRACTS = frozenset({"sale", "purchase", "processing", "construction"})


def _contract_natures(target: Target) -> str:
    return f"goods (which, and which way), services, employment of {target.adjective} nationals or a joint venture"


def _carries_goods(rec: Record) -> bool:
    if rec.kind == "shipment":
        ties = set(rec.links) | set(rec.maybe_links)
        return not ties <= {"dprk_nationals"}
    return "hs_code" in rec.source.fields or bool(set(rec.contract_types) & _GOODS_CONTRACTS)


def data_checks(rec: Record, found: list[Finding], term_hits: dict[int, str]) -> tuple[Hit, ...]:
    """Review hits for what a row tied to the target leaves open that no measure finding already covers:
    an unusable HS code, goods that cannot be identified, a contract whose nature is not stated."""
    checks: list[Hit] = []
    hs = rec.hs
    if hs is not None and not hs.valid and not any(e.field == "hs_code" for f in found for e in f.evidence):
        checks.append(
            Hit(
                "check-hs-code",
                Status.REVIEW,
                f"The HS code '{quoted(hs.raw)}' is unusable ({hs.problem}), and the row is tied to {rec.target.name}: "
                "the goods cannot be checked against the measures.",
                (Evidence("hs_code", hs.raw),),
                question="What are the goods, and what is their correct HS code?",
            )
        )
    if _carries_goods(rec) and not any(f.status > Status.PERMITTED for f in found):
        unknown = goods_unknown(rec, term_hits)
        if unknown is not None:
            cells = (Evidence("description", rec.text("description")),) if "description" in rec.source.fields else ()
            checks.append(
                Hit("check-goods", Status.REVIEW, unknown[0], cells, question=unknown[1], heading="Goods unknown")
            )
    if (
        rec.kind == "contract"
        and not rec.contract_types
        and not found
        and rec.links.keys() & {"dprk_party", "in_dprk"}
        and goods_unknown(rec, term_hits) is not None
    ):
        checks.append(
            Hit(
                "check-contract",
                Status.REVIEW,
                f"The contract is tied to {rec.target.name}, and the row does not say what it covers.",
                tuple(e for link in ("dprk_party", "in_dprk") for e in rec.links.get(link, ())),
                question=f"What does the contract cover: {_contract_natures(rec.target)}?",
                heading="Contract unclear",
            )
        )
    return tuple(checks)


def cell_checks(source: SourceRow) -> tuple[Hit, ...]:
    """Review hits for screened cells the importer could not read for certain, on any row.

    An unread cell could hide the tie to the target or the goods, so it holds the row at `review`
    whether or not the rest of the row is tied to it.
    """
    return tuple(
        Hit(
            "check-cell",
            Status.REVIEW,
            f"The {p.field.replace('_', ' ')} cell (column '{p.column}') could not be read for certain: {p.problem}.",
            (Evidence(p.field, p.value),),
            question=p.question,
            heading="Unread cell",
        )
        for p in source.problems
    )
