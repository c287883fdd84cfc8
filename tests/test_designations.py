"""Designated parties and vessels: loading the UN lists, name keys, IMO numbers, and screening rows."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest

from compliance.designations.lists import (
    Alias,
    DesignationList,
    Listing,
    imo_check_digit,
    imo_numbers_in,
    imo_problem,
    load_list,
    parse_imo,
)
from compliance.designations.matcher import (
    DEFAULT_MATCH_THRESHOLD,
    DEFAULT_REVIEW_THRESHOLD,
    PartyScreen,
)
from compliance.designations.names import name_key, romanisation_key
from compliance.model.errors import InputFileError, UsageError

ROOT = Path(__file__).resolve().parent.parent
# The DPRK entries of the real 2017-07-03 Consolidated List, byte for byte (the other regimes left out).
UN_LIST = ROOT / "tests" / "data" / "designations" / "un-consolidated-list-2017-07-03-dprk.xml"

LEGAL_COLUMNS = (
    "paragraph 8 (d) of resolution 1718 (2006) and paragraph 12 of resolution 2270 (2016)",
    "paragraph 12 (a) of resolution 2321 (2016)",
    "paragraph 12 (d) of resolution 2321 (2016)",
    "paragraph 6 of resolution 2371 (2017) and paragraph 6 of resolution 2375 (2017)",
    "economic resources controlled or operated by Ocean Maritime Management (KPe.020)",
)
VESSEL_HEADER = (
    "#",
    "VESSEL_NAME",
    "IMO Number",
    "mmsi",
    "Flag",
    "Call Sign",
    "Type",
    "Other information",
    "Date of designation",
    "Designated as economic resources of",
    "Picture link",
    *LEGAL_COLUMNS,
)


def _csv(cells: tuple[str, ...] | list[str]) -> str:
    return ",".join(f'"{c}"' if ("," in c or " " in c) else c for c in cells)


def write_vessel_csv(path: Path, rows: list[list[str]], header: tuple[str, ...] = VESSEL_HEADER) -> Path:
    path.write_text("\n".join([_csv(header), *(_csv(r) for r in rows)]) + "\n", encoding="utf-8")
    return path


VESSEL_ROWS = [
    [
        "1",
        "CHON MA SAN",
        "8660313",
        "445539000",
        "DPRK",
        "HMXS",
        "Oil Tanker",
        "",
        "1: 03-Oct-17 2: 30-Mar-18",
        "",
        "",
        "",
        "",
        "",
        "X",
        "",
    ],
    [
        "2",
        "1: PAEK MA 2: BAEK MA",
        "9066978",
        "445142000",
        "DPRK",
        "HMZH",
        "Tanker",
        "Former name BAEK MA",
        "30-Mar-18",
        "",
        "",
        "X",
        "",
        "X",
        "",
        "",
    ],
    [
        "3",
        "MU DU BONG",
        "8328197",
        "",
        "DPRK",
        "",
        "General cargo",
        "",
        "28-Jul-14",
        "Ocean Maritime Management",
        "",
        "",
        "",
        "",
        "",
        "X",
    ],
]


@pytest.fixture(scope="module")
def un_list() -> DesignationList:
    return load_list(UN_LIST)


@pytest.fixture(scope="module")
def screen(un_list: DesignationList) -> PartyScreen:
    return PartyScreen(un_list)


@pytest.fixture
def vessels(tmp_path: Path) -> DesignationList:
    return load_list(write_vessel_csv(tmp_path / "vessels.csv", VESSEL_ROWS))


def by_ref(dl: DesignationList, reference: str) -> Listing:
    return next(x for x in dl.listings if x.reference == reference)


def assert_one_line(error: InputFileError, path: Path) -> str:
    text = error.one_line()
    assert "\n" not in text
    assert str(path) in text
    return text


# ---------------------------------------------------------------- the real Consolidated List


def test_real_list_holds_the_99_dprk_entries(un_list: DesignationList) -> None:
    assert un_list.kind == "un-consolidated-xml"
    assert un_list.generated == dt.date(2017, 7, 3)
    assert re.fullmatch(r"[0-9a-f]{64}", un_list.sha256)
    assert len(un_list.listings) == 99
    kinds = [x.kind for x in un_list.listings]
    assert kinds.count("individual") == 53 and kinds.count("entity") == 46
    for listing in un_list.listings:
        assert re.fullmatch(r"KP[ie]\.\d{3}", listing.reference), listing.reference
        assert listing.kind == ("individual" if listing.reference[2] == "i" else "entity")
        assert listing.name == listing.name.strip() and "  " not in listing.name
        assert listing.listed_on is not None


def test_real_list_values_are_trimmed_and_names_joined(un_list: DesignationList) -> None:
    ri = by_ref(un_list, "KPi.033")  # <FIRST_NAME> RI </FIRST_NAME><SECOND_NAME>WON HO
    assert ri.name == "RI WON HO"
    assert ri.listed_on == dt.date(2016, 11, 30)
    assert ri.designation == "DPRK Ministry of State Security Official"
    assert ri.nationality == ("Democratic People's Republic of Korea",)
    assert [(d.type, d.number) for d in ri.documents] == [("Passport", "381310014")]
    assert by_ref(un_list, "KPi.034").name == "JO YONG CHOL"  # reference was "KPi.034 "
    assert by_ref(un_list, "KPi.029").name == "PAK CHUN IL"  # three name parts
    assert by_ref(un_list, "KPe.033").name == "KOREA UNITED DEVELOPMENT BANK"  # trailing space


def test_real_list_aliases_keep_their_quality(un_list: DesignationList) -> None:
    assert by_ref(un_list, "KPi.037").aliases == (Alias("Jang Chang Ha", "good"),)
    ryonbong = by_ref(un_list, "KPe.002").aliases
    assert Alias("KOREA YONBONG GENERAL CORPORATION", "aka") in ryonbong
    assert Alias("LYONGAKSAN GENERAL TRADING CORPORATION", "fka") in ryonbong
    green_pine = [a.name for a in by_ref(un_list, "KPe.010").aliases]
    assert "National Resources Development and Investment Corporation" in green_pine  # line break collapsed
    assert "朝鲜联合机械贸易会社" in by_ref(un_list, "KPe.016").names
    assert by_ref(un_list, "KPi.033").aliases == ()  # the empty <INDIVIDUAL_ALIAS> is not an alias


def test_imo_numbers_come_only_from_the_imo_token_in_comments(un_list: DesignationList) -> None:
    assert by_ref(un_list, "KPe.022").imo == "5342883"  # "IMO Number: 5342883."
    assert by_ref(un_list, "KPe.020").imo == "1790183"  # "International Maritime Organization (IMO) Number"
    with_imo = {x.reference for x in un_list.listings if x.imo}
    assert with_imo == {"KPe.020", "KPe.022"}  # Green Pine's seven-digit fax numbers are not IMO numbers
    assert by_ref(un_list, "KPe.017").imo is None  # "registration number 1177053"


# ---------------------------------------------------------------- IMO numbers


@pytest.mark.parametrize("digits", ["9144598", "8660313", "7937317", "1790183"])
def test_imo_check_digit_accepts_valid_numbers(digits: str) -> None:
    assert imo_check_digit(digits)


@pytest.mark.parametrize("digits", ["9144597", "9144589", "0000000", "914459", "91445988", "5342883", "91445a8"])
def test_imo_check_digit_rejects_others(digits: str) -> None:
    assert not imo_check_digit(digits)


@pytest.mark.parametrize(
    "cell", ["9144598", "IMO 9144598", "IMO: 9144598", "imo no. 9144598", "IMO Number 9144598", 9144598, 9144598.0]
)
def test_parse_imo_accepts_the_ways_ledgers_write_it(cell: object) -> None:
    assert parse_imo(cell) == "9144598"
    assert imo_problem(cell) is None


def test_parse_imo_refuses_bad_numbers_and_says_why() -> None:
    assert parse_imo("9144597") is None
    assert "check digit" in (imo_problem("IMO 9144597") or "")
    assert parse_imo("0000000") is None
    assert "all zeros" in (imo_problem("0000000") or "")
    assert parse_imo("unknown") is None
    assert "seven digits" in (imo_problem("unknown") or "")
    assert parse_imo(None) is None and imo_problem("") is None


def test_imo_numbers_in_text_are_anchored_on_the_imo_token() -> None:
    text = "Tel +850-2-3814685, reg. no 1177053. IMO Number: 5342883; also IMO 9144598."
    assert imo_numbers_in(text) == ("5342883", "9144598")
    assert imo_numbers_in("Facsimile number: +850-2-3814685") == ()


# ---------------------------------------------------------------- the vessel list CSV


def test_vessel_csv_loads_with_two_designation_dates(vessels: DesignationList) -> None:
    assert vessels.kind == "un-1718-vessels-csv"
    assert vessels.generated == dt.date(2018, 3, 30)  # the newest designation date
    chon_ma_san = vessels.listings[0]
    assert (chon_ma_san.kind, chon_ma_san.name, chon_ma_san.imo) == ("vessel", "CHON MA SAN", "8660313")
    assert chon_ma_san.reference == "IMO 8660313"
    assert chon_ma_san.listed_dates == (dt.date(2017, 10, 3), dt.date(2018, 3, 30))
    assert chon_ma_san.listed_on == dt.date(2017, 10, 3)
    assert (chon_ma_san.flag, chon_ma_san.call_sign, chon_ma_san.mmsi) == ("DPRK", "HMXS", "445539000")
    assert chon_ma_san.legal_basis == (LEGAL_COLUMNS[3],)
    paek_ma = vessels.listings[1]
    assert paek_ma.name == "PAEK MA" and paek_ma.aliases == (Alias("BAEK MA", "aka"),)
    assert paek_ma.legal_basis == (LEGAL_COLUMNS[0], LEGAL_COLUMNS[2])
    mu_du_bong = vessels.listings[2]
    assert "Ocean Maritime Management" in mu_du_bong.comments
    assert mu_du_bong.legal_basis == (LEGAL_COLUMNS[4],)


def test_vessel_csv_header_may_sit_below_a_title_and_use_snake_case(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text(
        "1718 Designated Vessels List\n"
        "vessel_name;imo_number;date_of_designation\n"
        "CHON MA SAN;IMO 8660313;03-Oct-17\n\n",
        encoding="utf-8",
    )
    dl = load_list(path)
    assert [(x.name, x.imo, x.listed_on) for x in dl.listings] == [("CHON MA SAN", "8660313", dt.date(2017, 10, 3))]


def test_vessel_csv_without_an_imo_column_is_refused(tmp_path: Path) -> None:
    path = write_vessel_csv(tmp_path / "v.csv", [["1", "CHON MA SAN", "03-Oct-17"]], ("#", "Vessel name", "Date"))
    with pytest.raises(InputFileError) as caught:
        load_list(path)
    text = assert_one_line(caught.value, path)
    assert caught.value.row == 1
    assert "'IMO number'" in text


def test_vessel_csv_bad_cells_name_the_row_and_column(tmp_path: Path) -> None:
    rows = [VESSEL_ROWS[0], [*VESSEL_ROWS[1][:8], "31/02/18", *VESSEL_ROWS[1][9:]]]
    path = write_vessel_csv(tmp_path / "v.csv", rows)
    with pytest.raises(InputFileError) as caught:
        load_list(path)
    assert (caught.value.row, caught.value.column) == (3, "Date of designation")
    assert "31/02/18" in assert_one_line(caught.value, path)
    rows = [[*VESSEL_ROWS[0][:2], "86603", *VESSEL_ROWS[0][3:]]]
    with pytest.raises(InputFileError) as caught:
        load_list(write_vessel_csv(tmp_path / "w.csv", rows))
    assert (caught.value.row, caught.value.column) == (2, "IMO Number")


# ---------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.4 binary", "PDF"),
        (b"PK\x03\x04 zip", "workbook"),
        (b"", "empty"),
        (b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>", "not well-formed XML"),
        (b"<?xml version='1.0'?><html><body>list</body></html>", "not the UN Consolidated List"),
        (
            b"<CONSOLIDATED_LIST dateGenerated='2020-01-01'><INDIVIDUALS><INDIVIDUAL><UN_LIST_TYPE>Iran"
            b"</UN_LIST_TYPE></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
            "without DPRK entries",
        ),
        (b"just some text\nwith lines\n", "no 'vessel name'"),
    ],
)
def test_bad_files_are_refused_in_one_line(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "list.xml"
    path.write_bytes(content)
    with pytest.raises(InputFileError) as caught:
        load_list(path)
    assert expected in assert_one_line(caught.value, path)


def test_xml_with_an_entity_declaration_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
        "<CONSOLIDATED_LIST><ENTITIES><ENTITY><FIRST_NAME>&lol2;</FIRST_NAME>"
        "<UN_LIST_TYPE>DPRK</UN_LIST_TYPE></ENTITY></ENTITIES></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    with pytest.raises(InputFileError) as caught:
        load_list(path)
    assert "DOCTYPE/ENTITY" in assert_one_line(caught.value, path)


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="file not found"):
        load_list(tmp_path / "nope.xml")
    with pytest.raises(InputFileError, match="folder"):
        load_list(tmp_path)


# ---------------------------------------------------------------- name keys


@pytest.mark.parametrize(
    "spellings",
    [
        ("Ri", "Yi", "Lee", "Rhee", "Li"),
        ("Pak", "Park", "Bak"),
        ("Choe", "Choi", "Chwe"),
        ("Kim", "Gim"),
        ("Jong", "Chong", "Jeong", "Chung"),
        ("Kwang", "Gwang"),
        ("Kang", "Gang"),
        ("Ryu", "Yu", "Yoo"),
        ("Sin", "Shin"),
        ("O", "Oh"),
        ("Son", "Sohn"),
        ("Hyon", "Hyun", "Hyeon"),
        ("Chol", "Cheol", "Ch'o'l"),
        ("Kyong", "Kyeong", "Kyung", "KY'ONG"),
    ],
)
def test_romanisation_variants_share_one_key(spellings: tuple[str, ...]) -> None:
    keys = {name_key(s).tokens for s in spellings}
    assert len(keys) == 1, keys


def test_spacing_hyphens_and_order_do_not_change_a_name() -> None:
    forms = {name_key(s).sorted_form for s in ("Ri Won Ho", "Ri Won-ho", "Won Ho Ri", "Lee Won-ho")}
    assert len(forms) == 1
    assert name_key("Riwonho").joined in name_key("RI WON HO").rotations()
    assert name_key("Won-ho Ri").joined in name_key("RI WON HO").rotations()
    assert romanisation_key("daesong") == romanisation_key("taesong")


def test_company_forms_are_noise_but_bank_is_not() -> None:
    assert name_key("Korea Kwangson Banking Corp.").tokens == name_key("KOREA KWANGSON BANKING CORPORATION").tokens
    assert name_key("Hesong Trading Co., Ltd.").tokens == name_key("HESONG TRADING COMPANY").tokens
    assert name_key("Koryo Bank").tokens != name_key("Koryo").tokens
    assert name_key("Korea Kumsan Trading Corporaton").tokens == name_key("Korea Kumsan Trading Corp").tokens
    assert name_key("Korea Trading Co., Ltd.").core == ()  # nothing but generic words


# ---------------------------------------------------------------- screening parties


def test_exact_name_is_prohibited_with_a_plain_reason(screen: PartyScreen) -> None:
    hits = screen.screen({"consignee": "Korea Kwangson Banking Corp."})
    assert len(hits) == 1
    hit = hits[0]
    assert (hit.field, hit.value, hit.status, hit.listing.reference) == (
        "consignee",
        "Korea Kwangson Banking Corp.",
        "prohibited",
        "KPe.025",
    )
    assert hit.score >= DEFAULT_MATCH_THRESHOLD
    assert hit.reason.startswith("Consignee 'Korea Kwangson Banking Corp.' matches the designated entity KOREA")
    assert "(KPe.025, listed 2016-03-02), score 100" in hit.reason


@pytest.mark.parametrize(
    ("value", "reference", "matched"),
    [
        ("Taesong Bank", "KPe.035", "Taesong Bank"),
        ("Amnokkang Development Bank", "KPe.009", "Amnokkang Development Bank"),
        ("Lyongaksan General Trading Corp", "KPe.002", "LYONGAKSAN GENERAL TRADING CORPORATION"),
        ("Jang Chang Ha", "KPi.037", "CHANG CHANG HA"),
        ("KOMID", "KPe.001", '"KOMID"'),
    ],
)
def test_aliases_match(screen: PartyScreen, value: str, reference: str, matched: str) -> None:
    hits = screen.screen({"shipper": value})
    assert hits and hits[0].listing.reference == reference and hits[0].status == "prohibited"
    assert hits[0].matched_name == matched


@pytest.mark.parametrize(
    ("value", "reference"),
    [
        ("Lee Won-ho", "KPi.033"),
        ("Riwonho", "KPi.033"),
        ("Won Ho Ri", "KPi.033"),
        ("Mr. Ri Won Ho", "KPi.033"),
        ("Park To Chun", "KPi.050"),
        ("Choi Chun Sik", "KPi.013"),
        ("Gim Cheol-sam", "KPi.035"),
        ("Kim Jeong Jong", "KPi.021"),
        ("Hyun Gwang Il", "KPi.015"),
        ("Korea Daesong Trading Co", "KPe.042"),
        ("Chongchongang Shipping Co., Ltd.", "KPe.022"),
    ],
)
def test_romanisation_variants_of_listed_names_are_prohibited(screen: PartyScreen, value: str, reference: str) -> None:
    hits = screen.screen({"counterparty": value})
    assert reference in {h.listing.reference for h in hits if h.status == "prohibited"}, hits


def test_individuals_are_screened_in_every_party_field(screen: PartyScreen) -> None:
    row = {"notify_party": "Ri Won Ho", "bank": "Bank of China", "contractor": "Acme Ltd"}
    hits = screen.screen(row)
    assert [(h.field, h.listing.reference, h.listing.kind) for h in hits] == [("notify_party", "KPi.033", "individual")]


def test_a_typo_is_review_and_the_reason_says_so(screen: PartyScreen) -> None:
    hits = screen.screen({"bank": "Korea Kwangsn Bankng Corp"})
    assert [(h.listing.reference, h.status) for h in hits] == [("KPe.025", "review")]
    assert DEFAULT_REVIEW_THRESHOLD <= hits[0].score < DEFAULT_MATCH_THRESHOLD
    assert "resembles the designated entity" in hits[0].reason and "review" in hits[0].reason


@pytest.mark.parametrize(
    "value",
    [
        "Korea Trading Co., Ltd.",
        "Korea General Trading Corporation",
        "Pyongyang Trading Co",
        "Kim Jong Un",
        "Shinhan Bank",
        "Industrial Bank of Korea",
        "Koryo Tours",
        "Daesung Industrial Co",
        "Bank of China",
        "Samsung Electronics Co., Ltd.",
    ],
)
def test_near_misses_do_not_match(screen: PartyScreen, value: str) -> None:
    assert screen.screen({"consignee": value}) == []


@pytest.mark.parametrize("value", ["Kim Chol Su", "Korea Development Bank", "Kim Chol Nam Trading"])
def test_close_but_different_names_are_never_prohibited(screen: PartyScreen, value: str) -> None:
    assert all(h.status == "review" for h in screen.screen({"consignee": value}))


def test_an_exact_match_silences_weaker_resemblances(screen: PartyScreen) -> None:
    assert [(h.listing.reference, h.status) for h in screen.screen({"shipper": "Kim Chol Sam"})] == [
        ("KPi.035", "prohibited")  # KIM CHOL NAM (91.7) and KIM SOK CHOL (83) are dropped
    ]
    # Without the exact match, the resemblances are what the officer must see.
    assert {h.listing.reference for h in screen.screen({"shipper": "Kim Chol Su"})} >= {"KPi.035", "KPi.036"}


def test_a_second_listing_almost_as_close_is_review() -> None:
    one = Listing("KPe.901", "entity", "TAEDONGGANG SHIPBUILDING MACHINERY BANK")
    two = Listing("KPe.902", "entity", "TAEDONGGANG SHIPBUILDING MACHINERY BANKS")
    screen = PartyScreen(DesignationList("x", "test", "0", "un-consolidated-xml", None, (one, two)))
    hits = screen.screen({"bank": "Taedonggang Shipbuilding Machinery Bank"})
    assert [(h.listing.reference, h.status) for h in hits] == [("KPe.901", "prohibited"), ("KPe.902", "review")]
    assert hits[1].score >= DEFAULT_MATCH_THRESHOLD
    assert "KPe.901) matches more closely" in hits[1].reason


def test_several_parties_in_one_cell_are_screened_each(screen: PartyScreen) -> None:
    hits = screen.screen({"bank": "Bank of China; Korea Daesong Bank"})
    assert [(h.listing.reference, h.status, h.value) for h in hits] == [
        ("KPe.035", "prohibited", "Bank of China; Korea Daesong Bank")
    ]
    hits = screen.screen({"consignee": "Acme Ltd c/o Tanchon Commercial Bank (Pyongyang branch)"})
    assert [h.listing.reference for h in hits] == ["KPe.003"]


def test_acronyms_match_only_exactly_and_only_for_review(screen: PartyScreen) -> None:
    assert [(h.listing.reference, h.status) for h in screen.screen({"bank": "KKBC"})] == [("KPe.025", "review")]
    assert "acronym" in screen.screen({"bank": "KKBC"})[0].reason
    assert screen.screen({"bank": "KKBB"}) == []


def test_a_low_quality_alias_alone_never_prohibits() -> None:
    listing = Listing("KPi.999", "individual", "PAK SONG HUN", (Alias("Big Pak", "low"),))
    screen = PartyScreen(DesignationList("x", "test", "0", "un-consolidated-xml", None, (listing,)))
    hits = screen.screen({"shipper": "Big Pak"})
    assert [(h.status, h.score) for h in hits] == [("review", 100.0)]
    assert "low-quality alias" in hits[0].reason


def test_thresholds_decide_the_status(un_list: DesignationList) -> None:
    strict = PartyScreen(un_list, match_threshold=100, review_threshold=95)
    assert [h.status for h in strict.screen({"shipper": "Korea Kwangsn Banking Corp"})] == ["review"]
    assert strict.screen({"shipper": "Korea Kwangsn Bankng Corp"}) == []
    with pytest.raises(UsageError):
        PartyScreen(un_list, match_threshold=80, review_threshold=90)
    with pytest.raises(UsageError):
        PartyScreen(un_list, match_threshold=101)


def test_rows_without_parties_cost_nothing_and_results_are_cached(screen: PartyScreen) -> None:
    assert screen.screen({}) == []
    assert screen.screen({"shipper": None, "consignee": "", "hs_code": "0303", "vessel": None, "imo": ""}) == []
    first = screen.screen({"consignee": "Lee Won-ho"})
    assert screen.screen({"consignee": "Lee Won-ho"}) == first


def test_screening_many_repeated_names_is_fast(un_list: DesignationList) -> None:
    screen = PartyScreen(un_list)
    names = [f"Trader {i} Co., Ltd." for i in range(300)] + ["Korea Daesong Bank", "Lee Won-ho"]
    rows = [
        {
            "shipper": names[i % 302],
            "consignee": names[(i * 7) % 302],
            "bank": names[(i * 13) % 302],
            "notify_party": names[(i * 31) % 302],
        }
        for i in range(20_000)
    ]
    start = time.perf_counter()
    flagged = sum(1 for row in rows if screen.screen(row))
    assert time.perf_counter() - start < 5.0
    assert flagged > 0


# ---------------------------------------------------------------- screening vessels


@pytest.fixture
def vessel_screen(vessels: DesignationList) -> PartyScreen:
    return PartyScreen([vessels])


def test_exact_imo_is_prohibited_whatever_the_name(vessel_screen: PartyScreen) -> None:
    hits = vessel_screen.screen({"vessel": "OCEAN GLORY", "imo": "IMO 8660313"})
    assert [(h.field, h.status, h.score, h.listing.name) for h in hits] == [("imo", "prohibited", 100.0, "CHON MA SAN")]
    assert "whatever name" in hits[0].reason and "OCEAN GLORY" in hits[0].reason
    assert vessel_screen.screen({"imo": 8660313})[0].status == "prohibited"


def test_imo_written_in_the_vessel_cell_counts(vessel_screen: PartyScreen) -> None:
    hits = vessel_screen.screen({"vessel": "M/V Sea Star (IMO 9066978)"})
    assert [(h.field, h.status, h.listing.name) for h in hits] == [("vessel", "prohibited", "PAEK MA")]


def test_vessel_name_with_a_different_valid_imo_is_only_review(vessel_screen: PartyScreen) -> None:
    hits = vessel_screen.screen({"vessel": "Chon Ma San", "imo": "9144598"})
    assert [(h.field, h.status, h.listing.name) for h in hits] == [("vessel", "review", "CHON MA SAN")]
    assert "differs from the listed IMO 8660313" in hits[0].reason


def test_vessel_name_without_imo_matches_names_and_former_names(vessel_screen: PartyScreen) -> None:
    assert [(h.status, h.listing.name) for h in vessel_screen.screen({"vessel": "MV CHONMASAN"})] == [
        ("prohibited", "CHON MA SAN")
    ]
    hits = vessel_screen.screen({"vessel": "Baek Ma"})
    assert [(h.status, h.listing.name) for h in hits] == [("prohibited", "PAEK MA")]


def test_invalid_imo_numbers_never_match_by_number(vessel_screen: PartyScreen) -> None:
    assert vessel_screen.screen({"vessel": "OCEAN GLORY", "imo": "8660314"}) == []  # check digit
    assert vessel_screen.screen({"vessel": "OCEAN GLORY", "imo": "0000000"}) == []
    hits = vessel_screen.screen({"vessel": "Chon Ma San", "imo": "8660314"})
    assert [h.status for h in hits] == ["prohibited"]
    assert "not a valid IMO number" in hits[0].reason


def test_party_fields_are_not_screened_against_vessels(vessel_screen: PartyScreen) -> None:
    assert vessel_screen.screen({"shipper": "Chon Ma San"}) == []


def test_an_entity_imo_company_number_is_review(un_list: DesignationList, vessels: DesignationList) -> None:
    screen = PartyScreen([un_list, vessels])
    hits = screen.screen({"imo": "5342883"})
    assert [(h.listing.reference, h.status) for h in hits] == [("KPe.022", "review")]
    assert "company number" in hits[0].reason
    both = screen.screen({"consignee": "Korea Daesong Bank", "imo": "IMO 8660313"})
    assert [(h.field, h.status) for h in both] == [("consignee", "prohibited"), ("imo", "prohibited")]
