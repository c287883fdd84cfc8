"""Header matching: how trade-document column names are understood."""

from __future__ import annotations

import pytest

from compliance.intake.headers import (
    CLEANED,
    EXACT,
    TOLERANT,
    find_header,
    layout_for_row,
    match_header,
    normalise_field_name,
)


@pytest.mark.parametrize(
    ("header", "field", "tier"),
    [
        ("B/L No.", "reference", EXACT),
        ("HS-Code", "hs_code", EXACT),
        ("Invoice No.", "reference", EXACT),
        ("HTS", "hs_code", EXACT),
        ("CONSIGNEE", "consignee", EXACT),
        ("Goods Description", "description", EXACT),
        ("Country of\nOrigin", "origin", EXACT),
        ("Country of Origin (COO)", "origin", CLEANED),
        ("Shipper / Exporter", "shipper", CLEANED),
        ("Net Weight (kg)", "quantity", CLEANED),
        ("Vessel Name / IMO", "vessel", CLEANED),
        ("Customer Ref", "reference", TOLERANT),
        ("Unit Price", "value", TOLERANT),
        ("Invoice Amount (USD)", "value", TOLERANT),
        ("Date of Invoice", "date", TOLERANT),
        ("Name of Vessel", "vessel", TOLERANT),
        ("Shipper's Country", "shipper_country", TOLERANT),
        ("Commodity HS Code", "hs_code", TOLERANT),
        ("Currency Code", "currency", TOLERANT),
        ("Description of the goods", "description", TOLERANT),
    ],
)
def test_match_header(header: str, field: str, tier: int) -> None:
    assert match_header(header) == (field, tier)


@pytest.mark.parametrize("header", ["Item No.", "Tax ID", "Container No.", "Remarks", "Country", ""])
def test_headers_that_name_nothing_screenable(header: str) -> None:
    assert match_header(header) is None


def test_the_best_scoring_row_wins_and_ties_go_to_the_earliest() -> None:
    rows = [
        (1, ["Shipment register", "", ""]),
        (2, ["Reference", "Origin", ""]),
        (3, ["Reference", "Origin", "HS Code"]),
        (4, ["Reference", "Origin", "HS Code"]),
    ]
    layout = find_header(rows)
    assert layout is not None
    assert layout.row == 3


def test_a_row_needs_two_fields() -> None:
    assert find_header([(1, ["Reference", "whatever"])]) is None


def test_override_headers_count_towards_detection() -> None:
    overrides = {"description": "Warenbeschreibung"}
    layout = find_header([(1, ["Warenbeschreibung", "HS Code"])], overrides)
    assert layout is not None
    assert layout.mapping == {"description": "Warenbeschreibung", "hs_code": "HS Code"}


def test_numbers_and_dates_in_a_row_are_not_header_names() -> None:
    layout = layout_for_row(1, ["Reference", 2019.0, "Origin"])
    assert layout.headers == ("Reference", "2019", "Origin")
    assert layout.unmapped == ("2019",)


@pytest.mark.parametrize(
    ("name", "field"), [("HS code", "hs_code"), ("hs-code", "hs_code"), ("Origin", "origin"), ("colour", None)]
)
def test_normalise_field_name(name: str, field: str | None) -> None:
    assert normalise_field_name(name) == field
