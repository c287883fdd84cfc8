"""Write seeds/sample-ledger.xlsx (the sample a new user opens) and seeds/sample-expected.csv.

Run: python seeds/make_sample.py

The workbook is byte-for-byte deterministic, so re-running it never shows up as a change in review.
Every company, vessel, IMO number and contract is fictitious. Each row carries the verdict we expect
under the measures in force on the row's own date and under the December 2019 China-Russia draft
(never adopted), reasoned from shared/domain.md rather than from the engine: the CSV is that oracle.
Rows are written in date order, as a real ledger is, so the Excel row numbers are computed here and
the CSV cannot drift from the workbook.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

SEEDS = Path(__file__).resolve().parent
XLSX_PATH = SEEDS / "sample-ledger.xlsx"
CSV_PATH = SEEDS / "sample-expected.csv"

# A fixed stamp for the workbook's metadata and zip entries: without it every run differs.
FIXED_STAMP = datetime(2020, 2, 1, 9, 0, 0)

# The tables below are laid out by hand, like the sheet they describe.
# fmt: off
SHIPMENT_HEADERS = (
    "B/L No.", "Shipment Date", "Contract Date", "Shipper", "Shipper Country", "Consignee",
    "Consignee Country", "Country of Origin", "Port of Loading", "Transshipment",
    "Port of Discharge", "Destination", "HS Code", "Goods Description", "Quantity", "Unit",
    "Value", "Currency", "Incoterms", "Vessel", "IMO", "Flag", "Exemption Ref",
)
# "Incoterms" matches no field on purpose: real ledgers carry columns the screen ignores.

CONTRACT_HEADERS = (
    "Contract No.", "Signing Date", "Contract Type", "Contractor", "Contractor Country",
    "Counterparty", "Counterparty Country", "Project", "Worker Nationality", "Number of Workers",
    "Place of Work", "Start Date", "End Date", "Value", "Currency", "Exemption Ref",
)

# fmt: on

SHIPMENT_HEADER_ROW = 4  # two title rows and a blank row above it, like many ERP exports
CONTRACT_HEADER_ROW = 1

P = "prohibited"
R = "review"
OK = "permitted"

Party = tuple[str, str]  # (name, country as the ledger writes it)
Expect = tuple[str, str, str, str]  # (current, draft, measure, why)


@dataclass(frozen=True)
class Shipment:
    """One ledger line plus the verdicts we expect for it."""

    day: date
    shipper: Party
    consignee: Party
    origin: str
    pol: str
    pod: str
    dest: str
    hs: str | int | None
    desc: str
    qty: int
    unit: str
    value: int
    expect: Expect
    cur: str = "USD"
    inc: str = "CFR"
    vessel: tuple[str, int, str] | None = None  # (name, first six IMO digits, flag)
    contract: date | None = None
    via: str | None = None
    exemption: str | None = None
    date_text: str | None = None  # the cell holds this text instead of an Excel date


@dataclass(frozen=True)
class Contract:
    """One contract line plus the verdicts we expect for it."""

    day: date
    kind: str
    contractor: Party
    counterparty: Party | None
    project: str
    value: int
    cur: str
    expect: Expect
    nationality: str | None = None
    workers: int | None = None
    place: str | None = None
    start: date | None = None
    end: date | None = None
    exemption: str | None = None
    date_text: str | None = None


def d(y: int, m: int, dd: int) -> date:
    """Short date constructor: the row tables below stay readable."""
    return date(y, m, dd)


def imo(base6: int) -> int:
    """A seven-digit IMO number with a valid check digit (weights 7..2 over the first six)."""
    digits = [int(c) for c in f"{base6:06d}"]
    check = sum(w * x for w, x in zip(range(7, 1, -1), digits, strict=True)) % 10
    return base6 * 10 + check


# Parties used more than once, so that a company looks the same on every line it appears.
CHONGJIN_FISH = ("Chongjin Sea Star Fisheries Co.", "DPRK")
RASON_MARINE = ("Rason Silver Wave Marine Products Co.", "DPRK")
WONSAN_GULL = ("Wonsan Golden Gull Trading Co.", "DPRK")
DALIAN_SEAFOOD = ("Dalian Harbour Light Seafood Trading Co.", "China")
HUNCHUN_FOODS = ("Hunchun Bounty Seafood Co.", "China")
LONGKOU_AQUA = ("Longkou Seaview Aquatic Products Co.", "China")
YANJI_TRADER = ("Yanji Northstar Seafood Trading Co.", "China")
SINUIJU_GARMENT = ("Sinuiju Morning Thread Garment Factory", "DPRK")
PY_LOOM = ("Pyongyang Crimson Loom Textile Co.", "DPRK")
DANDONG_APPAREL = ("Dandong Silkroad Apparel Co.", "China")
QINGDAO_FASHION = ("Qingdao Fashion Link Trading Co.", "China")
ART_STUDIO = ("Pyongyang Bright Star Art Studio", "DPRK")
ANJU_COAL = ("Anju Black Diamond Coal Trading Co.", "DPRK")
RIZHAO_ENERGY = ("Rizhao Energy Trading Co.", "China")
DANDONG_RIVERSIDE = ("Dandong Riverside Import & Export Co.", "China")
MOUNTAIN_HARVEST = ("Rason Mountain Harvest Co.", "DPRK")
YANBIAN_FOODS = ("Yanbian Forest Foods Co.", "China")
PY_ELECTRIC = ("Pyongyang Electric Apparatus Co.", "DPRK")
SHENYANG_POWER = ("Shenyang Power Equipment Trading Co.", "China")
TANGSHAN_STEEL = ("Tangshan Eastern Steel Co.", "China")
SUNRISE_FOOD = ("Pyongyang Sunrise Food Distribution Co.", "DPRK")
HAEBIT_AIR = ("Haebit Civil Airways", "DPRK")
HENGYUAN_OIL = ("Dandong Hengyuan Petroleum Trading Co.", "China")
WEST_REFINERY = ("Western Coast Refinery Supply Co.", "DPRK")
VOSTOK_GAS = ("Vostok Gas Condensate Trading LLC", "Russia")
PEARL_BOUTIQUE = ("Pyongyang Pearl Boutique Co.", "DPRK")
KASHGAR_CARPET = ("Kashgar Silk Carpet Co.", "China")
ZHOUSHAN_FISH = ("Zhoushan Blue Horizon Fishing Co.", "China")
LABOUR_CO = ("Chilbo Overseas Labour Cooperation Co.", "DPRK")
MANPOWER_CO = ("Sinuiju Overseas Manpower Co.", "DPRK")

# Reusable "why" fragments, so the same legal basis reads the same on every row.
SEAFOOD = "UNSCR 2371 (2017) OP9 seafood ban from 5 Aug 2017; the draft lifts it"
TEXTILE = "UNSCR 2375 (2017) OP16 (unverified) textile ban; the draft lifts it"
STATUE = "UNSCR 2321 (2016) OP29 (unverified) statue ban; the draft lifts it"
OP6 = "UNSCR 2397 (2017) OP6: DPRK export ban on HS {}; not in the draft"
OP7 = "UNSCR 2397 (2017) OP7 (unverified): import ban on HS {} into the DPRK; not in the draft"
NO_LINK = "No DPRK party, origin, route or vessel: no measure applies"
NO_PARTY = "No DPRK party or national: no measure applies"

# fmt: off
SHIPMENTS: tuple[Shipment, ...] = (
    # --- Ordinary trade with no DPRK link: must stay permitted, whatever the goods. ---
    Shipment(d(2018, 2, 12), TANGSHAN_STEEL, ("Haiphong Steel Distribution JSC", "Viet Nam"),
             "China", "Jingtang", "Haiphong", "Viet Nam", "720839",
             "Hot-rolled steel coil, non-alloy, under 3 mm", 2400, "MT", 1128000,
             (OK, OK, "none", NO_LINK + " (HS 72 is banned only into the DPRK)"),
             vessel=("Jade Harmony", 941270, "Panama")),
    Shipment(d(2019, 5, 7), ("Bergmann Werkzeugmaschinen GmbH", "Germany"),
             ("Lakeshore Precision Inc.", "United States"), "Germany", "Hamburg", "New York",
             "United States", 845961, "CNC vertical milling machines", 6, "UNIT", 1380000,
             (OK, OK, "none", NO_LINK), cur="EUR", inc="CIF",
             vessel=("Elbe Trader", 936418, "Liberia")),
    Shipment(d(2019, 1, 15), ("Fjordlaks AS", "Norway"), ("Tokyo Marine Foods K.K.", "Japan"),
             "Norway", "Bergen", "Tokyo", "Japan", "030214",
             "Fresh Atlantic salmon, whole, gutted", 18000, "KG", 162000,
             (OK, OK, "none", NO_LINK + " (seafood ban covers DPRK supply only)"),
             vessel=("Nordic Reefer", 927731, "Norway")),
    Shipment(d(2018, 3, 27), ("Andes Cathode Exports S.A.", "Chile"),
             ("Ningbo Bright Metals Co.", "China"), "Chile", "San Antonio", "Ningbo", "China",
             "740311", "Refined copper cathodes, grade A", 500, "MT", 3450000,
             (OK, OK, "none", NO_LINK), inc="CIF", vessel=("Pacific Condor", 950332, "Liberia")),
    Shipment(d(2018, 10, 30), ("Kalimantan Energi Resources PT", "Indonesia"),
             ("Gujarat Coastal Power Ltd.", "India"), "Indonesia", "Samarinda", "Mundra", "India",
             "270112", "Steam coal, bituminous, 5,500 kcal", 55000, "MT", 3300000,
             (OK, OK, "none", NO_LINK + " (coal ban covers DPRK supply only)"), inc="FOB",
             vessel=("Borneo Spirit", 944185, "Marshall Islands")),
    Shipment(d(2019, 3, 19), ("Saigon Garment Export JSC", "Viet Nam"),
             ("Blue Harbor Apparel LLC", "United States"), "Viet Nam", "Ho Chi Minh City",
             "Long Beach", "United States", "620342", "Men's cotton trousers", 24000, "PCS",
             168000, (OK, OK, "none", NO_LINK), inc="FOB",
             vessel=("Mekong Pioneer", 958807, "Singapore")),
    Shipment(d(2018, 7, 9), ("Marmi Apuane Sculture Srl", "Italy"),
             ("Galerie du Parc SARL", "France"), "Italy", "Livorno", "Marseille", "France",
             "970300", "Original marble sculpture, life-size figure", 1, "PCS", 48000,
             (OK, OK, "none", NO_LINK + " (statue ban covers DPRK supply only)"), cur="EUR",
             inc="DAP", vessel=("Tirreno Express", 923354, "Italy")),
    Shipment(d(2018, 11, 12), ("Anatolia Hali Ihracat A.S.", "Turkey"),
             ("Gulf Interiors Trading LLC", "United Arab Emirates"), "Turkey", "Mersin",
             "Jebel Ali", "United Arab Emirates", "570110", "Hand-knotted wool rugs", 60, "PCS",
             54000, (OK, OK, "none", NO_LINK), vessel=("Levant Star", 931562, "Malta")),
    Shipment(d(2019, 6, 18), ("Horlogerie du Lac SA", "Switzerland"),
             ("Orchard Timepieces Pte Ltd", "Singapore"), "Switzerland", "Zurich (air)",
             "Singapore (air)", "Singapore", "910211", "Wrist-watches, automatic, steel case",
             300, "PCS", 210000, (OK, OK, "none", NO_LINK), cur="CHF", inc="CIP"),
    Shipment(d(2017, 9, 14), ("Chubu Motor Export Co.", "Japan"),
             ("Southern Cross Motors Pty Ltd", "Australia"), "Japan", "Nagoya", "Melbourne",
             "Australia", 870323, "Passenger cars, petrol, 1.5-3.0 l", 420, "UNIT", 7980000,
             (OK, OK, "none", NO_LINK), vessel=("Hikari Carrier", 947723, "Panama")),
    Shipment(d(2016, 11, 8), ("Cafe Serra Azul Exportadora Ltda", "Brazil"),
             ("Torrefazione Adriatica SpA", "Italy"), "Brazil", "Santos", "Trieste", "Italy",
             "090111", "Green arabica coffee, not roasted", 96, "MT", 312000,
             (OK, OK, "none", NO_LINK), inc="FOB", vessel=("Atlantic Grace", 929115, "Liberia")),
    Shipment(d(2017, 5, 24), ("Coimbatore Spinning Mills Ltd", "India"),
             ("Chattogram Knit Composite Ltd", "Bangladesh"), "India", "Chennai", "Chittagong",
             "Bangladesh", "520512", "Cotton yarn, combed, single", 120, "MT", 396000,
             (OK, OK, "none", NO_LINK), vessel=("Bay of Bengal Trader", 918240, "India")),
    Shipment(d(2018, 8, 28), ("Primorsk Oil Trading LLC", "Russia"),
             ("Shandong Coastal Refining Co.", "China"), "Russia", "Kozmino", "Qingdao", "China",
             "270900", "ESPO blend crude oil", 730000, "BBL", 51100000,
             (OK, OK, "none", NO_LINK + " (crude cap covers supply to the DPRK only)"), inc="FOB",
             vessel=("Amur Tanker", 939046, "Russia")),
    Shipment(d(2019, 9, 3), ("Prairie Grain Exporters LLC", "United States"),
             ("Tianjin Golden Harvest Oils Co.", "China"), "United States", "New Orleans",
             "Tianjin", "China", "120190", "Soybeans, yellow, No. 2", 60000, "MT", 21600000,
             (OK, OK, "none", NO_LINK + " (HS 12 is banned only from the DPRK)"), inc="FOB",
             vessel=("Gulf Harvest", 960528, "Marshall Islands")),
    # --- South Korea (KR) is not the DPRK. ---
    Shipment(d(2018, 5, 22), ("Busan Harbor Fresh Co.", "KR"),
             ("Osaka Seaside Foods K.K.", "Japan"), "South Korea", "Busan", "Osaka", "Japan",
             "030614", "Frozen red snow crab, sections",
             8000, "KG", 112000,
             (OK, OK, "none", "South Korean (KR) seafood: the 2371 OP9 ban covers the DPRK only"),
             vessel=("Hanbada Reefer", 933207, "Korea, Republic of")),
    Shipment(d(2018, 8, 14), ("Daegu Polytex Co.", "KR"), ("Binh Duong Garment Co.", "Viet Nam"),
             "KR", "Busan", "Ho Chi Minh City", "Viet Nam", "540752",
             "Dyed polyester woven fabric", 85000, "MTR", 127500,
             (OK, OK, "none", "South Korean (KR) fabric: the 2375 textile ban covers the DPRK"),
             inc="FOB", vessel=("Sunrise Busan", 946657, "Korea, Republic of")),
    Shipment(d(2019, 10, 8), ("Changwon Precision Machinery Co.", "Republic of Korea"),
             ("Great Lakes Automation Inc.", "United States"), "Republic of Korea", "Busan",
             "Los Angeles", "United States", 847989, "Industrial robot arms and controllers", 12,
             "UNIT", 744000,
             (OK, OK, "none", "Republic of Korea is South Korea, not the DPRK: no measure applies"),
             inc="CIF", vessel=("Pacific Bridge", 952210, "Panama")),
    # --- Seafood (2371 OP9), both directions, with every awkward way a ledger records it. ---
    Shipment(d(2017, 3, 14), CHONGJIN_FISH, HUNCHUN_FOODS, "DPRK", "Chongjin", "Dalian", "China",
             "030614", "Frozen snow crab, whole cooked", 12000, "KG", 84000,
             (OK, OK, "seafood", "Before UNSCR 2371 (adopted 5 Aug 2017): no seafood ban yet"),
             vessel=("Lucky Gull 2", 871346, "Togo")),
    Shipment(d(2018, 3, 15), RASON_MARINE, DALIAN_SEAFOOD, "DPRK", "Rajin", "Dalian", "China",
             "030614", "Frozen snow crab, sections", 9000, "KG", 72000, (P, OK, "seafood", SEAFOOD),
             vessel=("Lucky Gull 2", 871346, "Togo"), date_text="2018-03-15"),
    Shipment(d(2018, 6, 20), WONSAN_GULL, LONGKOU_AQUA, "KP", "Wonsan", "Longkou", "China",
             30743, "Frozen squid", 20000, "KG", 46000,
             (P, OK, "seafood", "HS 030743 frozen squid, leading zero lost in Excel; " + SEAFOOD),
             vessel=("Silver Lily", 862035, "Sierra Leone")),
    Shipment(d(2018, 1, 9), ("Sinpo Sea Ridge Foodstuffs Co.", "DPRK"),
             ("Yantai Blue Coast Foods Co.", "China"), "DPRK", "Hungnam", "Yantai", "China",
             "160420", "Prepared Alaska pollack, canned", 2400, "CTN", 38400,
             (P, OK, "seafood", "Seafood 'in all forms' includes prepared fish (HS 1604); "
              + SEAFOOD), vessel=("Silver Lily", 862035, "Sierra Leone")),
    Shipment(d(2018, 4, 2), ("Chongjin Sea Star Fisheries Co.", "North Korea"), HUNCHUN_FOODS,
             "North Korea", "Chongjin", "Dalian", "China", None, "frozen crab meat", 6000, "KG",
             66000, (P, OK, "seafood", "No HS code; description is seafood. " + SEAFOOD),
             vessel=("Lucky Gull 2", 871346, "Togo")),
    Shipment(d(2017, 8, 21), RASON_MARINE, DALIAN_SEAFOOD, "DPRK", "Rajin", "Dalian", "China",
             "030614", "Frozen snow crab, whole", 10000, "KG", 78000,
             (R, OK, "seafood", "UNSCR 2371 OP9 30-day wind-down (to 4 Sep 2017, unverified): "
              "contract before 5 Aug 2017, Committee must have been notified; draft lifts"),
             vessel=("Lucky Gull 2", 871346, "Togo"), contract=d(2017, 7, 3)),
    Shipment(d(2017, 8, 30), WONSAN_GULL, LONGKOU_AQUA, "DPRK", "Wonsan", "Longkou", "China",
             "030771", "Frozen clams", 15000, "KG", 27000,
             (R, OK, "seafood", "Inside the 2371 OP9 30-day wind-down with no contract date: was "
              "there a written contract before 5 Aug 2017? Draft lifts"),
             vessel=("Silver Lily", 862035, "Sierra Leone")),
    Shipment(d(2017, 9, 18), CHONGJIN_FISH, YANJI_TRADER, "DPRK", "Chongjin", "Dalian", "China",
             "030614", "Frozen king crab, whole", 5000, "KG", 95000,
             (P, OK, "seafood", "After the 2371 30-day window (ended 4 Sep 2017) the pre-ban "
              "contract no longer helps; " + SEAFOOD),
             vessel=("Lucky Gull 2", 871346, "Togo"), contract=d(2017, 6, 28)),
    Shipment(d(2018, 7, 11), WONSAN_GULL, ("Mekong Delta Seafood Import Co.", "Viet Nam"), "China",
             "Dalian", "Haiphong", "Viet Nam", "030617", "Frozen shrimps, peeled", 14000, "KG",
             126000, (P, OK, "seafood", "Seller is a DPRK company: 2371 OP9 bars DPRK supply "
                      "whether or not DPRK-origin; draft lifts"),
             vessel=("Yellow Sea Star", 925583, "Panama")),
    Shipment(d(2018, 10, 5), DANDONG_RIVERSIDE, ("Saigon Frozen Foods JSC", "Viet Nam"), "DPRK",
             "Nampo", "Ho Chi Minh City", "Viet Nam", "0307.43", "Frozen squid tubes", 18000,
             "KG", 45000, (P, OK, "seafood", "DPRK-origin seafood; transshipment via China does "
                           "not clean it. " + SEAFOOD),
             vessel=("Yellow Sea Star", 925583, "Panama"), via="Dalian, China"),
    Shipment(d(2018, 11, 20), DALIAN_SEAFOOD, SUNRISE_FOOD, "China", "Dalian", "Nampo", "DPRK",
             "030354", "Frozen mackerel, whole", 25000, "KG", 30000,
             (OK, OK, "none", "Seafood going INTO the DPRK: 2371 OP9 bans DPRK supply only; no "
              "UN ban on food imports"), vessel=("Liaodong Carrier", 914459, "Panama")),
    Shipment(d(2018, 9, 3), YANJI_TRADER, ("Haiphong Tidewater Foods JSC", "Viet Nam"), "Korea",
             "Dalian", "Haiphong", "Viet Nam", "030614", "Frozen snow crab, sections", 7000, "KG",
             63000, (R, OK, "seafood", "Origin 'Korea' does not say North or South; if DPRK, "
                     "2371 OP9 applies. Draft lifts the seafood ban"),
             vessel=("Yellow Sea Star", 925583, "Panama")),
    Shipment(d(2017, 10, 16), RASON_MARINE, HUNCHUN_FOODS, "DPRK", "Rajin", "Dalian", "China",
             847130, "Frozen crab", 6000, "KG", 54000,
             # A code that contradicts the description is review, stating both: the officer must
             # establish what was shipped (crab: 2371 OP9; computers: nothing before 2397 OP6).
             (R, OK, "seafood", "HS 8471 (computers) contradicts 'frozen crab': a code that "
              "contradicts the description is review, stating both (seafood, 2371 OP9); the "
              "draft lifts seafood"),
             vessel=("Lucky Gull 2", 871346, "Togo")),
    # --- Textiles (2375, 11 Sep 2017; 90-day wind-down to 10 Dec 2017). ---
    Shipment(d(2017, 6, 12), PY_LOOM, QINGDAO_FASHION, "DPRK", "Nampo", "Qingdao", "China",
             "620293", "Padded winter jackets, synthetic", 8000, "PCS", 96000,
             (OK, OK, "textiles", "Before UNSCR 2375 (adopted 11 Sep 2017): no textile ban yet"),
             vessel=("Silver Lily", 862035, "Sierra Leone")),
    Shipment(d(2017, 10, 20), SINUIJU_GARMENT, DANDONG_APPAREL, "DPRK", "Sinuiju (rail)",
             "Dandong (rail)", "China", "6110.20", "Knitted cotton pullovers", 30000, "PCS", 90000,
             (R, OK, "textiles", "2375 OP16 (unverified) 90-day wind-down (to 10 Dec 2017): "
              "contract before 11 Sep 2017, Committee must have been notified; draft lifts"),
             inc="DAP", contract=d(2017, 8, 15)),
    Shipment(d(2017, 11, 6), PY_LOOM, DANDONG_APPAREL, "DPRK", "Sinuiju (rail)", "Dandong (rail)",
             "China", "520852", "Printed plain-weave cotton fabric", 60000, "MTR", 72000,
             (P, OK, "textiles", "Contract signed after 11 Sep 2017, so no wind-down; " + TEXTILE),
             inc="DAP", contract=d(2017, 9, 25)),
    Shipment(d(2017, 11, 28), ("Nampo Evergreen Apparel Co.", "DPRK"), QINGDAO_FASHION, "DPRK",
             "Nampo", "Qingdao", "China", "620343", "Men's trousers, synthetic fibres", 20000,
             "PCS", 70000,
             (R, OK, "textiles", "Inside the 2375 90-day wind-down with no contract date: was "
              "there a written contract before 11 Sep 2017? Draft lifts"),
             vessel=("Silver Lily", 862035, "Sierra Leone")),
    Shipment(d(2018, 3, 3), SINUIJU_GARMENT, DANDONG_APPAREL, "DPRK", "Sinuiju (rail)",
             "Dandong (rail)", "China", "620462", "Women's cotton trousers", 25000, "PCS", 80000,
             (P, OK, "textiles", "After the 90-day window (full ban from 11 Dec 2017); "
              + TEXTILE), inc="DAP", contract=d(2017, 8, 1), date_text="March 3, 2018"),
    # --- Statues (2321, 30 Nov 2016). ---
    Shipment(d(2016, 6, 8), ART_STUDIO, ("Maputo Civic Works Lda", "Mozambique"), "DPRK", "Nampo",
             "Maputo", "Mozambique", "970300", "Bronze statues, commemorative group", 3, "PCS",
             900000, (OK, OK, "statues", "Before UNSCR 2321 (adopted 30 Nov 2016): no statue "
                      "ban yet"), inc="CIF", vessel=("Southern Cross 8", 854472, "Togo")),
    Shipment(d(2017, 5, 16), ART_STUDIO, ("Windhoek Civic Monuments Ltd", "Namibia"), "DPRK",
             "Nampo", "Walvis Bay", "Namibia", "970300", "Bronze monument, heroic figure, 8 m", 1,
             "PCS", 1250000, (P, OK, "statues", STATUE), inc="CIF",
             vessel=("Southern Cross 8", 854472, "Togo")),
    Shipment(d(2018, 4, 25), ("Mirim Monument Works", "DPRK"),
             ("Heritage Parks Authority Ltd", "Angola"), "DPRK", "Nampo", "Luanda", "Angola",
             None, "Bronze statue, 4 m, with granite plinth", 1, "PCS", 420000,
             (P, OK, "statues", "No HS code; description is a statue. " + STATUE), inc="CIF",
             vessel=("Southern Cross 8", 854472, "Togo")),
    # --- Coal, iron, iron ore and other minerals. ---
    Shipment(d(2016, 7, 19), ANJU_COAL, RIZHAO_ENERGY, "DPRK", "Nampo", "Rizhao", "China",
             "270111", "Anthracite, lump", 30000, "MT", 1950000,
             (R, R, "coal", "UNSCR 2270 (2016) OP29 (unverified): coal banned unless solely for "
              "livelihood or Rajin transit, facts not in the sheet"), inc="FOB",
             vessel=("Golden Harvest 6", 837721, "Sierra Leone")),
    Shipment(d(2017, 3, 9), ANJU_COAL, RIZHAO_ENERGY, "DPRK", "Nampo", "Rizhao", "China", 270111,
             "Anthracite, fines", 33000, "MT", 2640000,
             (R, R, "coal", "UNSCR 2321 (2016) OP26(b): annual DPRK coal cap (USD 400,870,018 or "
              "7.5 Mt), tracked by the Committee"), inc="FOB",
             vessel=("Golden Harvest 6", 837721, "Sierra Leone")),
    Shipment(d(2018, 2, 6), ANJU_COAL, ("Longkou Harbour Fuel Co.", "China"), "DPRK", "Nampo",
             "Longkou", "China", "270111", "Anthracite, lump", 4800, "MT", 408000,
             (P, P, "coal", "UNSCR 2371 (2017) OP8: full ban on DPRK coal; not in the draft"),
             inc="FOB", vessel=("Golden Harvest 6", 837721, "Sierra Leone")),
    Shipment(d(2018, 4, 17), ("Primorye Coal Export LLC", "Russia"),
             ("Zhejiang Coastal Power Fuel Co.", "China"), "Russia", "Rajin", "Ningbo", "China",
             "270112", "Russian steam coal, rail transit via Khasan", 40000, "MT", 3600000,
             (R, R, "coal", "2371 OP8 exception: foreign-origin coal exported from Rajin; needs "
              "proof of origin and advance notice to the Committee"), inc="FOB",
             vessel=("Primorye Spirit", 948852, "Russia")),
    Shipment(d(2018, 6, 26), ("Anju Black Diamond Coal Trading Co.", "KP"), DANDONG_RIVERSIDE,
             "KP", "Nampo", "Dandong", "China", "ABC12", "Anthracite coal, lump", 2500, "MT",
             200000,
             # An invalid code is review (the row's data cannot be trusted as written), even
             # though the description alone would say DPRK coal, banned by 2371 OP8.
             (R, R, "coal", "HS code 'ABC12' is not a code: an invalid code is review; the "
              "description says coal (2371 OP8), which the draft keeps"),
             inc="FOB", vessel=("Golden Harvest 6", 837721, "Sierra Leone")),
    Shipment(d(2018, 2, 19), ("Musan Red Hill Mining Co.", "DPRK"),
             ("Helong Steel Raw Materials Co.", "China"), "DPRK", "Musan (rail)", "Nanping (rail)",
             "China", "260111", "Iron ore concentrate, non-agglomerated", 12000, "MT", 720000,
             (P, P, "iron", "UNSCR 2371 (2017) OP8: DPRK iron and iron ore ban; not in the draft"),
             inc="DAP"),
    Shipment(d(2017, 12, 1), ("Hwanghae Grey Stone Minerals Co.", "DPRK"),
             ("Yingkou Nonferrous Trading Co.", "China"), "DPRK", "Nampo", "Yingkou", "China",
             "260700", "Lead ores and concentrates", 800, "MT", 1120000,
             (P, P, "lead", "UNSCR 2371 (2017) OP10 (unverified): lead and lead ore ban; past "
              "the 30-day window"), inc="FOB", vessel=("Golden Harvest 6", 837721, "Sierra Leone")),
    Shipment(d(2016, 9, 12), ("Pyongyang Golden Lotus Co.", "DPRK"),
             ("Lucky Dragon Bullion Ltd", "Hong Kong"), "DPRK", "Pyongyang (air)",
             "Hong Kong (air)", "Hong Kong", "710812", "Gold bars, unwrought, 999.9", 12, "KG",
             480000, (P, P, "gold", "UNSCR 2270 (2016) OP30 (unverified): DPRK gold export ban"),
             inc="CIP"),
    Shipment(d(2017, 2, 20), ("Hyesan Copper Hill Mining Co.", "DPRK"),
             ("Changbai Metals Trading Co.", "China"), "DPRK", "Hyesan (road)", "Changbai (road)",
             "China", "260300", "Copper ores and concentrates", 2000, "MT", 2400000,
             (P, P, "copper", "UNSCR 2321 (2016) OP28 (unverified): DPRK copper export ban"),
             inc="DAP"),
    Shipment(d(2018, 5, 8), ("Komdok Silverline Zinc Co.", "DPRK"),
             ("Huludao Zinc Trading Co.", "China"), "DPRK", "Nampo", "Yingkou", "China", "790111",
             "Unwrought zinc, 99.99% or more", 500, "MT", 1550000,
             (P, P, "zinc", "UNSCR 2321 (2016) OP28 (unverified): DPRK zinc export ban"),
             inc="FOB", vessel=("Golden Harvest 6", 837721, "Sierra Leone")),
    # --- 2397 OP6 export bans by HS chapter (22 Dec 2017; 30-day wind-down). ---
    Shipment(d(2017, 9, 5), MOUNTAIN_HARVEST, YANBIAN_FOODS, "DPRK", "Wonjong (road)",
             "Quanhe (road)", "China", "070959", "Fresh pine mushrooms (matsutake)", 2500, "KG",
             200000, (OK, OK, "export-hs07", "Before UNSCR 2397 (adopted 22 Dec 2017): HS 07 "
                      "not yet banned"), inc="DAP"),
    Shipment(d(2018, 9, 10), MOUNTAIN_HARVEST, YANBIAN_FOODS, "DPRK", "Wonjong (road)",
             "Quanhe (road)", "China", "070959", "Fresh pine mushrooms (matsutake)", 3000, "KG",
             240000, (P, P, "export-hs07", OP6.format("07")), inc="DAP"),
    Shipment(d(2019, 2, 14), ("Kaechon Orchard Produce Co.", "DPRK"),
             ("Shenyang Nut & Fruit Trading Co.", "China"), "DPRK", "Sinuiju (rail)",
             "Dandong (rail)", "China", "080241", "Chestnuts, in shell", 20000, "KG", 36000,
             (P, P, "export-hs08", OP6.format("08")), inc="DAP"),
    Shipment(d(2018, 10, 22), ("Kaesong Red Root Ginseng Co.", "DPRK"),
             ("Guangzhou Herbal Health Co.", "China"), "DPRK", "Nampo", "Dalian", "China",
             "121120", "Dried red ginseng roots", 1500, "KG", 225000,
             (P, P, "export-hs12", OP6.format("12")),
             vessel=("Silver Lily", 862035, "Sierra Leone")),
    Shipment(d(2018, 7, 3), ("Ryongyang Magnesia Products Co.", "DPRK"),
             ("Yingkou Refractory Materials Co.", "China"), "DPRK", "Hungnam", "Yingkou", "China",
             "251990", "Dead-burned magnesia", 5000, "MT", 1500000,
             (P, P, "export-hs25", OP6.format("25 (incl. magnesite and magnesia)")), inc="FOB",
             vessel=("Golden Harvest 6", 837721, "Sierra Leone")),
    Shipment(d(2019, 4, 9), ("Jagang Larch Timber Products Co.", "DPRK"),
             ("Tumen Timber Trading Co.", "China"), "DPRK", "Manpo (rail)", "Ji'an (rail)",
             "China", "440711", "Sawn pine timber", 900, "M3", 162000,
             (P, P, "export-hs44", OP6.format("44")), inc="DAP"),
    Shipment(d(2018, 8, 6), ("Pyongyang Riverside Machine Works", "DPRK"), DANDONG_RIVERSIDE,
             "DPRK", "Sinuiju (rail)", "Dandong (rail)", "China", "841370",
             "Centrifugal water pumps", 120, "UNIT", 84000, (P, P, "export-hs84", OP6.format("84")),
             inc="DAP"),
    Shipment(d(2018, 1, 10), PY_ELECTRIC, SHENYANG_POWER, "DPRK", "Sinuiju (rail)",
             "Dandong (rail)", "China", "850423", "Power transformers, over 10,000 kVA", 2, "UNIT",
             380000, (R, R, "export-hs85", "UNSCR 2397 (2017) OP6 30-day wind-down (to 21 Jan "
                      "2018): contract before 22 Dec 2017, Committee notice within 45 days"),
             inc="DAP", contract=d(2017, 11, 20)),
    Shipment(d(2018, 6, 12), PY_ELECTRIC, SHENYANG_POWER, "DPRK", "Sinuiju (rail)",
             "Dandong (rail)", "China", "854449", "Insulated copper cable, under 1,000 V", 40000,
             "MTR", 56000, (P, P, "export-hs85", OP6.format("85")), inc="DAP"),
    Shipment(d(2018, 3, 20), ("Nampo Seagull Shipyard", "DPRK"), ZHOUSHAN_FISH, "DPRK", "Nampo",
             "Zhoushan", "China", "890200", "Used stern trawler, 38 m", 1, "UNIT", 650000,
             (P, P, "export-hs89", OP6.format("89 (vessels)"))),
    # --- Goods going INTO the DPRK (import bans, caps, exceptions). ---
    Shipment(d(2018, 7, 17), ("Shenyang Heavy Equipment Trading Co.", "China"),
             ("Pyongyang Construction Materials Co.", "DPRK"), "China", "Dandong (rail)",
             "Sinuiju (rail)", "DPRK", "842952", "Hydraulic crawler excavators, 21 t", 6, "UNIT",
             540000, (P, P, "import-machinery", OP7.format("84")), inc="DAP"),
    Shipment(d(2018, 9, 25), ("Moscow Avia Parts JSC", "Russia"), HAEBIT_AIR, "Russia",
             "Moscow Sheremetyevo (air)", "Pyongyang Sunan (air)", "DPRK", "880330",
             "Spare parts for passenger aircraft in service (landing-gear assemblies)", 4, "PCS",
             310000, (R, R, "import-vehicles", "2397 OP7 (unverified) bans HS 88, except spare "
                      "parts for DPRK civil passenger aircraft in use: confirm"), inc="CIP"),
    Shipment(d(2018, 5, 14), TANGSHAN_STEEL, ("Nampo Harbour Construction Co.", "DPRK"), "China",
             "Dalian", "Nampo", "DPRK", "721049", "Galvanised steel sheet", 300, "MT", 228000,
             (P, P, "import-metals", OP7.format("72-83 (iron, steel, metals)")),
             vessel=("Liaodong Carrier", 914459, "Panama")),
    Shipment(d(2019, 12, 22), ("Jilin Northern Motor Trading Co.", "China"),
             ("Sariwon Transport Cooperative", "DPRK"), "China", "Dandong (road)",
             "Sinuiju (road)", "DPRK", 870423, "Heavy dump trucks, diesel, over 20 t GVW", 10,
             "UNIT", 650000, (P, P, "import-vehicles", OP7.format("86-89 (vehicles)")), inc="DAP",
             date_text="22.12.2019"),
    Shipment(d(2018, 11, 6), ZHOUSHAN_FISH, WONSAN_GULL, "China", "Zhoushan", "Wonsan", "DPRK",
             "890190", "Used general cargo vessel, 2,800 dwt", 1, "UNIT", 1900000,
             (P, P, "vessels-into-dprk", "UNSCR 2397 (2017) OP14: no new or used vessels to the "
              "DPRK (also OP7, unverified, HS 89)"), inc="DAP"),
    Shipment(d(2017, 6, 27), ("Ural Rotor Export JSC", "Russia"), HAEBIT_AIR, "Russia",
             "Vladivostok", "Rajin", "DPRK", "880212",
             "New light utility helicopter, unladen weight 2,600 kg", 1, "UNIT", 4800000,
             (P, P, "helicopters", "UNSCR 2321 (2016) OP30: no new helicopters to the DPRK "
              "without the Committee's prior approval"), inc="CIF",
             vessel=("Zolotoy Rog", 937165, "Russia")),
    Shipment(d(2018, 3, 12), HENGYUAN_OIL, WEST_REFINERY, "China", "Dandong (pipeline)",
             "Sinuiju (pipeline)", "DPRK", "270900", "Crude petroleum oil, pipeline delivery",
             40000, "BBL", 2400000,
             (R, R, "crude-cap", "UNSCR 2397 (2017) OP4: crude cap 4m bbl / 525,000 t a year, "
              "reported every 90 days: aggregate"), inc="DAP"),
    Shipment(d(2018, 4, 23), HENGYUAN_OIL, ("Sinuiju Fuel Supply Co.", "DPRK"), "China",
             "Dandong (road)", "Sinuiju (road)", "DPRK", "2710.19", "Diesel fuel (gas oil), 10 ppm",
             1500, "BBL", 120000,
             (R, R, "refined-petroleum-cap", "UNSCR 2397 (2017) OP5: refined petroleum cap "
              "500,000 bbl a year; each delivery reported to the Committee"), inc="DAP"),
    Shipment(d(2018, 6, 4), VOSTOK_GAS, WEST_REFINERY, "Russia", "Vanino", "Nampo", "DPRK",
             "270900", "Gas condensate (natural gas condensate)", 9000, "BBL", 540000,
             (P, P, "condensate-ngl", "UNSCR 2375 (2017) OP13 (unverified): condensates banned; "
              "HS 2709 also covers crude, the description decides"),
             vessel=("Tatar Strait", 956693, "Comoros")),
    Shipment(d(2019, 1, 28), VOSTOK_GAS, ("Chongjin Energy Supply Co.", "DPRK"), "Russia",
             "Nakhodka", "Chongjin", "DPRK", "271119", "Natural gas liquids (NGL), mixed", 600,
             "MT", 360000, (P, P, "condensate-ngl", "UNSCR 2375 (2017) OP13 (unverified): natural "
                            "gas liquids banned"), vessel=("Tatar Strait", 956693, "Comoros")),
    Shipment(d(2016, 10, 11), ("Yantai Aviation Fuel Trading Co.", "China"), HAEBIT_AIR, "China",
             "Yantai", "Nampo", "DPRK", "271019", "Kerosene-type jet fuel (Jet A-1)", 2000, "MT",
             900000, (P, P, "aviation-fuel", "UNSCR 2270 (2016) OP31: aviation fuel banned into "
                      "the DPRK; return-flight exception cannot apply to cargo"),
             vessel=("Bohai Pearl", 922317, "Panama")),
    Shipment(d(2016, 11, 15), ("Shenyang Airport Fuel Services Co.", "China"), HAEBIT_AIR,
             "China", "Shenyang Taoxian Airport", "Shenyang Taoxian Airport", "China", "271019",
             "Jet A-1 uplift for passenger aircraft, return flight Shenyang-Pyongyang", 18, "MT",
             11000, (R, R, "aviation-fuel", "2270 OP31 exception: fuel for a civil passenger "
                     "aircraft outside the DPRK, return flight only: confirm"), inc="DAP"),
    Shipment(d(2018, 6, 19), ("Jade Crown Jewellery Ltd", "Hong Kong"), PEARL_BOUTIQUE, "Italy",
             "Hong Kong (air)", "Pyongyang Sunan (air)", "DPRK", "711319",
             "Gold jewellery set with diamonds", 40, "PCS", 186000,
             (P, P, "luxury", "Luxury goods: jewellery with gems and precious metals, UNSCR 1718 "
              "OP8(a)(iii), 2094 Annex IV"), inc="CIP"),
    Shipment(d(2017, 4, 18), KASHGAR_CARPET, PEARL_BOUTIQUE, "China", "Dalian", "Nampo", "DPRK",
             "570110", "Hand-knotted silk rugs", 10, "PCS", 12000,
             (P, P, "luxury", "UNSCR 2321 (2016) Annex IV: rugs over USD 500 each are luxury "
              "goods (here USD 1,200 a piece)"), vessel=("Liaodong Carrier", 914459, "Panama")),
    Shipment(d(2017, 5, 30), KASHGAR_CARPET, ("Kaesong Home Furnishing Co.", "DPRK"), "China",
             "Dalian", "Nampo", "DPRK", "570110", "Hand-knotted wool rugs, small", 40, "PCS", 8000,
             (OK, OK, "luxury", "USD 200 a piece, under the 2321 Annex IV USD 500 threshold; no "
              "other ban on rugs into the DPRK"), vessel=("Liaodong Carrier", 914459, "Panama")),
    Shipment(d(2017, 6, 20), ("Jingdezhen Fine China Export Co.", "China"), PEARL_BOUTIQUE,
             "China", "Dalian", "Nampo", "DPRK", "691110", "Porcelain tableware sets", 250, "CTN",
             15000, (R, R, "luxury", "2321 Annex IV: porcelain tableware over USD 100 is luxury; "
                     "price per piece unknown (cartons)"),
             vessel=("Liaodong Carrier", 914459, "Panama")),
    Shipment(d(2018, 2, 27), ("Volga Sporting Arms LLC", "Russia"),
             ("Ryanggang Hunting Supplies Co.", "DPRK"), "Russia", "Vladivostok", "Rajin", "DPRK",
             "930320", "Sporting and hunting rifles", 50, "PCS", 45000,
             (P, P, "arms", "UNSCR 1718 (2006) OP8(a), 1874: all arms and related materiel "
              "banned into the DPRK"), vessel=("Zolotoy Rog", 937165, "Russia")),
    Shipment(d(2016, 5, 17), ("Haeju Precision Ordnance Co.", "DPRK"),
             ("Delta Defence Supplies FZE", "United Arab Emirates"), "DPRK", "Nampo", "Jebel Ali",
             "United Arab Emirates", "930690", "Artillery ammunition, 122 mm", 2000, "PCS",
             640000, (P, P, "arms", "UNSCR 1718 (2006) OP8(b), 1874: DPRK arms exports banned"),
             vessel=("Southern Cross 8", 854472, "Togo")),
    Shipment(d(2019, 4, 15), ("Agromeccanica Padana Srl", "Italy"),
             ("Sariwon Cooperative Farm Supply Office", "DPRK"), "Italy", "Genoa", "Nampo", "DPRK",
             "843229", "Harrows and seed-bed equipment", 8, "UNIT", 96000,
             (R, R, "import-machinery", "2397 OP7 (unverified) bans HS 84; a 1718 Committee "
              "humanitarian exemption is cited (2397 OP25): check scope and validity"),
             cur="EUR", inc="CIF", vessel=("Liaodong Carrier", 914459, "Panama"),
             via="Dalian, China", exemption="1718C/EX/2019/014"),
    Shipment(d(2019, 8, 20), ("Harbin Golden Wheat Milling Co.", "China"), SUNRISE_FOOD, "China",
             "Dandong (rail)", "Sinuiju (rail)", "DPRK", "110100", "Wheat flour, 25 kg bags", 500,
             "MT", 210000, (OK, OK, "none", "Food into the DPRK: no UN ban applies"), inc="DAP"),
    Shipment(d(2017, 3, 21), ("Ningbo Needlecraft Machinery Co.", "China"), PY_LOOM, "China",
             "Dalian", "Nampo", "DPRK", "845210", "Industrial sewing machines", 80, "UNIT", 64000,
             (OK, OK, "none", "Machinery into the DPRK before UNSCR 2397 OP7 (22 Dec 2017): no "
              "ban yet"), vessel=("Liaodong Carrier", 914459, "Panama")),
    Shipment(d(2019, 7, 16), SHENYANG_POWER, ("Chongjin Energy Supply Co.", "DPRK"), "China",
             "Dandong (road)", "Sinuiju (road)", "DPRK", "850213",
             "Diesel generating sets, over 375 kVA", 4, "UNIT", 188000,
             (P, P, "import-machinery", OP7.format("85")), inc="DAP"),
    Shipment(d(2018, 5, 29), ("Formosa Bunker Trading Co.", "Taiwan"), WEST_REFINERY,
             "Singapore", "Singapore", "At sea (East China Sea)", "DPRK", "271019",
             "Gas oil, 0.001% S", 7500, "BBL", 600000,
             (P, P, "ship-to-ship", "UNSCR 2375 (2017) OP11 (unverified): ship-to-ship transfer "
              "to a DPRK-flagged vessel is banned, whatever the cap (2397 OP5)"), inc="FOB",
             vessel=("Blue Meridian", 913396, "Panama"),
             via="Ship-to-ship transfer at sea to DPRK-flagged tanker"),
    Shipment(d(2016, 5, 26), ("Pyongyang Golden Lotus Co.", "DPRK"),
             ("Baotou Rare Metals Trading Co.", "China"), "DPRK", "Nampo", "Tianjin", "China",
             "284690", "Rare-earth compounds, mixed oxides", 20, "MT", 380000,
             (P, P, "rare-earths", "UNSCR 2270 (2016) OP30 (unverified): DPRK rare earth minerals "
              "export ban"), vessel=("Golden Harvest 6", 837721, "Sierra Leone")),
    Shipment(d(2018, 9, 11), ("Yingkou Ceramic Tile Co.", "China"),
             ("Primorye Building Supplies LLC", "Russia"), "China", "Yingkou", "Vladivostok",
             "Russia", "690721", "Glazed ceramic floor tiles", 22000, "M2", 198000,
             (R, R, "dprk-vessel", "DPRK-flagged carrier: 2270/2321 bar chartering and services "
              "of DPRK vessels (OPs unverified); check the 1718 vessel list"),
             vessel=("Hae Baram 3", 876124, "KP")),
)

CONTRACTS: tuple[Contract, ...] = (
    # --- DPRK workers abroad (2371 OP11 freeze, 2375 OP17, 2397 OP8 repatriation). ---
    Contract(d(2018, 2, 10), "Employment", ("Amur Frontier Construction LLC", "Russia"), LABOUR_CO,
             "Residential block construction (DPRK construction crew)", 960000, "USD",
             (P, OK, "workers", "UNSCR 2375 (2017) OP17: no new work authorizations for DPRK "
              "nationals after 11 Sep 2017; the draft would lift it"),
             "DPRK", 120, "Vladivostok, Russia", d(2018, 3, 1), d(2019, 11, 30)),
    Contract(d(2017, 10, 5), "Labour supply", ("Dandong Jade Needle Garment Co.", "China"),
             MANPOWER_CO, "Garment sewing line staffing", 510000, "USD",
             (P, OK, "workers", "UNSCR 2375 (2017) OP17: contract after 11 Sep 2017; the draft "
              "would lift the ban"), "North Korea", 85, "Dandong, China", d(2017, 11, 1),
             d(2019, 6, 30)),
    Contract(d(2017, 6, 20), "Employment", ("Khabarovsk Timberline LLC", "Russia"), LABOUR_CO,
             "Logging crew, Khabarovsk Krai", 280000, "USD",
             (OK, OK, "workers", "Written contract before 11 Sep 2017: 2375 OP17 exception; ended "
              "before the 2397 OP8 deadline (22 Dec 2019)"),
             "DPRK", 40, "Khabarovsk, Russia", d(2017, 7, 1), d(2018, 6, 30)),
    Contract(d(2016, 4, 1), "Employment", ("Sakhalin Northern Build LLC", "Russia"), LABOUR_CO,
             "Road and housing construction", 1150000, "USD",
             (P, OK, "repatriation", "UNSCR 2397 (2017) OP8: DPRK earners repatriated by 22 Dec "
              "2019; this runs to 2020. The draft would end repatriation"),
             "DPRK", 60, "Yuzhno-Sakhalinsk, Russia", d(2016, 5, 1), d(2020, 12, 31)),
    Contract(d(2016, 3, 2), "Employment", ("Incheon Precision Parts Co.", "KR"), None,
             "Machine operator; the employee is also a national of the host state", 150000, "USD",
             (R, OK, "repatriation", "2397 OP8 does not require repatriating the host state's "
              "own nationals: confirm; the draft would end repatriation"),
             "DPRK; Republic of Korea", 1, "Incheon, South Korea", d(2016, 3, 2), d(2021, 3, 1)),
    Contract(d(2017, 3, 1), "Employment", ("Rheinland Logistik GmbH", "Germany"), None,
             "Warehouse clerk; the employee holds recognised refugee status in Germany", 160000,
             "EUR", (R, OK, "repatriation", "2397 OP8 yields where refugee law forbids return: "
                     "confirm the status; the draft would end repatriation"),
             "DPRK", 1, "Duisburg, Germany", d(2017, 3, 15), d(2021, 3, 14)),
    Contract(d(2017, 8, 20), "Labour supply", ("Hunchun Coastal Seafood Processing Co.", "China"),
             MANPOWER_CO, "Seafood processing line staffing", 430000, "USD",
             (R, OK, "workers", "UNSCR 2371 (2017) OP11 (unverified): authorizations frozen at the "
              "5 Aug 2017 number: within it? (pre-11-Sep, so 2375 OP17 excepts)"),
             "DPRK", 60, "Hunchun, China", d(2017, 9, 1), d(2019, 8, 31)),
    # --- Joint ventures and cooperation projects (2375 OP18). ---
    Contract(d(2018, 4, 12), "Joint venture", ("Liaoning Everbright Mining Machinery Co.", "China"),
             ("Sinuiju Dawn Light Machinery Works", "DPRK"),
             "JV: mining equipment repair workshop", 2400000, "USD",
             (P, P, "joint-ventures", "UNSCR 2375 (2017) OP18: all JVs with DPRK entities banned; "
              "not in the draft"), place="Sinuiju, DPRK"),
    Contract(d(2017, 8, 25), "Joint venture", ("Tumen River Logistics Co.", "China"),
             ("Rason Seaside Food Processing Co.", "DPRK"),
             "JV: cold-storage warehouse, Rason free trade zone", 650000, "USD",
             (P, P, "joint-ventures", "UNSCR 2371 (2017) OP12 (unverified): no new JVs with DPRK "
              "entities from 5 Aug 2017; 2375 OP18 then banned them all"),
             place="Rason, DPRK", start=d(2017, 9, 1), end=d(2019, 8, 31)),
    Contract(d(2016, 5, 10), "Joint venture", ("Jilin Birch Valley Food Co.", "China"),
             ("Rason Seaside Food Processing Co.", "DPRK"),
             "JV: fruit and vegetable canning plant (existing, still operating)", 1200000, "USD",
             (P, P, "joint-ventures", "2375 OP18: existing JVs had to close within 120 days (by "
              "9 Jan 2018); this one runs to 2024"),
             place="Rason, DPRK", start=d(2016, 6, 1), end=d(2024, 5, 31)),
    Contract(d(2018, 7, 2), "Joint venture", ("Yalu River Hydropower Development Co.", "China"),
             ("North Phyongan Hydropower Bureau", "DPRK"),
             "Maintenance of an existing China-DPRK hydroelectric power station on the Yalu",
             3800000, "USD", (R, R, "joint-ventures", "2375 OP18 carve-out for existing China-DPRK "
                              "hydroelectric projects: confirm it is one; not in the draft"),
             place="Yalu River border", start=d(2018, 7, 15), end=d(2023, 7, 14)),
    Contract(d(2018, 5, 15), "Joint venture", ("Khasan Rail Terminal JSC", "Russia"),
             ("Rajin Port Cooperation Co.", "DPRK"),
             "Rajin-Khasan port and rail project: coal terminal, Russian-origin coal only",
             5000000, "USD", (R, R, "joint-ventures", "2375 OP18 carve-out: Rajin-Khasan solely "
                              "for Russian-origin coal (2371 OP8): confirm; not in the draft"),
             place="Rajin, DPRK", start=d(2018, 6, 1), end=d(2028, 5, 31)),
    Contract(d(2018, 12, 26), "Construction project", ("Hanbit Railway Engineering Corp.", "KR"),
             ("Kaesong Rail Construction Bureau", "DPRK"),
             "Inter-Korean railway modernisation: Kaesong-Sinuiju line survey and upgrade",
             12000000, "USD", (R, OK, "inter-korean", "Needs a 1718 Committee exemption (2375 "
                               "OP18; 2397 OP7, unverified, for materials); the draft exempts "
                               "inter-Korean rail projects"),
             place="Kaesong-Sinuiju, DPRK", start=d(2019, 1, 15), end=d(2021, 12, 31),
             date_text="26.12.2018"),
    Contract(d(2019, 3, 11), "Construction project", ("Saebyeok Highway Construction Co.",
                                                      "South Korea"),
             ("Kaesong Road Construction Bureau", "DPRK"),
             "Inter-Korean road modernisation: Kaesong-Pyongyang highway section", 8500000, "USD",
             (R, OK, "inter-korean", "Needs a 1718 Committee exemption (2375 OP18; 2397 OP7, "
              "unverified, for materials); the draft exempts inter-Korean road projects"),
             place="Kaesong, DPRK", start=d(2019, 4, 1), end=d(2022, 3, 31)),
    # --- Fishing rights (2397 OP6 reading of the 2371 OP9 seafood ban). ---
    Contract(d(2018, 6, 1), "Fishing rights", ("Weihai Bluewater Fisheries Co.", "China"),
             ("Wonsan Coastal Fishing Rights Co.", "DPRK"),
             "Purchase of squid fishing rights in DPRK East Sea waters, 2018 season", 1800000,
             "USD", (P, P, "fishing-rights", "UNSCR 2397 (2017) OP6: sale of fishing rights falls "
                     "under the 2371 OP9 seafood ban; not reported in the draft"),
             place="DPRK waters (East Sea)", start=d(2018, 7, 1), end=d(2018, 12, 31)),
    # --- A Committee exemption. ---
    Contract(d(2019, 5, 20), "Services", ("Terra Viva Cooperazione Agricola Srl", "Italy"),
             ("South Hwanghae Cooperative Farm No. 3", "DPRK"),
             "Greenhouse installation and training for rural food security", 240000, "EUR",
             (R, R, "humanitarian-exemption", "1718 Committee humanitarian exemption cited (2397 "
              "OP25): check reference, scope and validity"),
             place="Sinchon, DPRK", start=d(2019, 6, 1), end=d(2020, 1, 25),
             exemption="1718C/EX/2019/031"),
    # --- Ordinary contracts with no DPRK link, and South Korea (KR), which is not the DPRK. ---
    Contract(d(2018, 9, 17), "Services", ("Bergmann Anlagenbau GmbH", "Germany"),
             ("Wisla Energia Sp. z o.o.", "Poland"), "Boiler retrofit engineering services",
             640000, "EUR", (OK, OK, "none", NO_PARTY), place="Plock, Poland"),
    Contract(d(2019, 1, 7), "Employment", ("Al Noor Contracting Est.", "Saudi Arabia"),
             ("Manila Overseas Manpower Inc.", "Philippines"), "Construction workers, metro depot",
             3600000, "USD", (OK, OK, "none", "Workers are Filipino: no measure applies"),
             "Philippines", 200, "Riyadh, Saudi Arabia", d(2019, 2, 1), d(2021, 1, 31)),
    Contract(d(2018, 11, 26), "Joint venture", ("Hanul Display Co.", "KR"),
             ("Dong Nai Components JSC", "Viet Nam"), "JV: printed-circuit assembly plant",
             15000000, "USD", (OK, OK, "none", "South Korean (KR) JV partner is not the DPRK"),
             place="Bien Hoa, Viet Nam"),
    Contract(d(2019, 7, 15), "Fishing rights", ("Kesennuma Pacific Fisheries Co.", "Japan"),
             ("Kiribati Fisheries Licensing Office", "Kiribati"),
             "Purse-seine tuna fishing licence, Kiribati EEZ", 2100000, "USD",
             (OK, OK, "none", "Fishing rights sold by Kiribati, not the DPRK"),
             place="Kiribati EEZ", start=d(2019, 8, 1), end=d(2020, 7, 31)),
    Contract(d(2017, 2, 13), "Construction project", ("Truong Son Construction JSC", "Viet Nam"),
             ("Vientiane Urban Development Co.", "Laos"), "Bridge construction", 9600000, "USD",
             (OK, OK, "none", NO_PARTY), place="Vientiane, Laos", start=d(2017, 3, 1),
             end=d(2019, 2, 28)),
    Contract(d(2020, 1, 20), "Services", ("Bangalore Core Systems Pvt Ltd", "India"),
             ("Thames Mutual Bank plc", "United Kingdom"), "Core banking software maintenance",
             1250000, "GBP", (OK, OK, "none", NO_PARTY), place="London, United Kingdom"),
    Contract(d(2018, 10, 1), "Employment", ("Primorsky Marine Works LLC", "Russia"),
             ("Geoje Offshore Engineering Co.", "South Korea"),
             "Welding supervisors seconded from South Korea", 1800000, "USD",
             (OK, OK, "none", "Workers are South Korean (KR), not DPRK nationals"),
             "KR", 15, "Bolshoy Kamen, Russia", d(2018, 11, 1), d(2020, 10, 31)),
)
# fmt: on

README_LINES = (
    "Sanctions Desk: sample ledger",
    "",
    "This workbook is a made-up example for trying Sanctions Desk. Every company, vessel, IMO "
    "number and contract in it is fictitious; any likeness to a real firm is accidental.",
    "The sheet 'Shipments' is a freight ledger as an ERP exports it: two title lines, a blank "
    "line, then the column headings on row 4.",
    "The sheet 'Contracts' lists employment, joint-venture, fishing-rights, construction and "
    "services contracts, with its headings on row 1.",
    "The rows exercise the UN Security Council measures on North Korea (resolutions 1718 to 2397): "
    "seafood, textiles, statues, coal and minerals, the 2017 bans by HS chapter, machinery, "
    "vehicles, metals, oil caps, luxury goods, arms, vessels, overseas workers and joint ventures.",
    "Compare the verdicts under the measures in force with those under the December 2019 "
    "China-Russia draft, which was never adopted: only seafood, textiles, statues, workers and "
    "inter-Korean rail and road projects change.",
    "Most dates are Excel dates; a few were typed as text (22.12.2019, 2018-03-15, March 3, 2018), "
    "one HS code lost its leading zero and one is not a code at all, as happens in real ledgers.",
    "Rows from South Korea (KR) are there on purpose: they must not be mistaken for the DPRK.",
    "Nothing in this file is legal advice.",
)


def shipment_cells(s: Shipment, ref: str) -> list[Any]:
    """The row as the sheet holds it, in SHIPMENT_HEADERS order."""
    vessel, imo_no, flag = (s.vessel[0], imo(s.vessel[1]), s.vessel[2]) if s.vessel else (None,) * 3
    return [
        ref, s.date_text or s.day, s.contract, s.shipper[0], s.shipper[1], s.consignee[0],
        s.consignee[1], s.origin, s.pol, s.via, s.pod, s.dest, s.hs, s.desc, s.qty, s.unit,
        s.value, s.cur, s.inc, vessel, imo_no, flag, s.exemption,
    ]  # fmt: skip


def contract_cells(c: Contract, ref: str) -> list[Any]:
    """The row as the sheet holds it, in CONTRACT_HEADERS order."""
    party = c.counterparty or (None, None)
    return [
        ref, c.date_text or c.day, c.kind, c.contractor[0], c.contractor[1], party[0], party[1],
        c.project, c.nationality, c.workers, c.place, c.start, c.end, c.value, c.cur, c.exemption,
    ]  # fmt: skip


def _style_dates(row: tuple[Any, ...]) -> None:
    """Give Excel date cells a date format so they read as dates, not serial numbers."""
    for cell in row:
        if isinstance(cell.value, datetime | date):
            cell.number_format = "yyyy-mm-dd"


def build_workbook() -> tuple[Workbook, list[list[str]]]:
    """Build the sample workbook and the expected verdict for every data row."""
    wb = Workbook()
    readme = wb.worksheets[0]  # a new Workbook starts with one empty sheet
    readme.title = "Read me"
    for line in README_LINES:
        readme.append([line or None])
    readme.column_dimensions["A"].width = 120

    expected: list[list[str]] = []
    ships = wb.create_sheet("Shipments")
    ships.append(["Eastern Trading Co. — shipment ledger FY2016-2020"])
    ships.append(["Exported 2020-02-01"])
    ships.append([])
    ships.append(list(SHIPMENT_HEADERS))
    # Stable sort: rows on the same day keep the order they are written in above.
    for i, s in enumerate(sorted(SHIPMENTS, key=lambda s: s.day), start=1):
        ref = f"ETC{s.day:%y%m}{i:03d}"
        ships.append(shipment_cells(s, ref))
        expected.append(["Shipments", str(ships.max_row), ref, *s.expect])
    _finish_sheet(ships, SHIPMENT_HEADER_ROW)

    contracts = wb.create_sheet("Contracts")
    contracts.append(list(CONTRACT_HEADERS))
    for i, c in enumerate(sorted(CONTRACTS, key=lambda c: c.day), start=1):
        ref = f"CT-{c.day:%Y}-{i:03d}"
        contracts.append(contract_cells(c, ref))
        expected.append(["Contracts", str(contracts.max_row), ref, *c.expect])
    _finish_sheet(contracts, CONTRACT_HEADER_ROW)
    return wb, expected


def _finish_sheet(ws: Worksheet, header_row: int) -> None:
    """Bold headings, frozen panes, date formats and usable column widths."""
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for row in ws.iter_rows(min_row=header_row + 1):
        _style_dates(row)
    for column in ws.iter_cols(min_row=header_row):
        width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
        ws.column_dimensions[column[0].column_letter].width = min(max(width, 8) + 2, 48)


def deterministic_xlsx(wb: Workbook) -> bytes:
    """Serialise the workbook with fixed timestamps, so each run yields identical bytes."""
    wb.properties.creator = "Sanctions Desk sample generator"
    wb.properties.created = FIXED_STAMP
    buffer = io.BytesIO()
    wb.save(buffer)
    # openpyxl stamps 'modified' with the clock on save, and zipfile stamps every member.
    stamp = FIXED_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_STAMP.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, data)
    return out.getvalue()


def main() -> int:
    """Write the workbook and the expected verdicts next to this script."""
    wb, expected = build_workbook()
    XLSX_PATH.write_bytes(deterministic_xlsx(wb))
    with CSV_PATH.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["sheet", "row", "reference", "current", "draft", "measure", "why"])
        writer.writerows(expected)
    ships = sum(1 for e in expected if e[0] == "Shipments")
    print(f"wrote {XLSX_PATH.name}: {ships} shipments, {len(expected) - ships} contracts")
    print(f"wrote {CSV_PATH.name}: {len(expected)} expected verdicts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
