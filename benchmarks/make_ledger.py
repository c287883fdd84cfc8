"""Generate a large, realistic shipment ledger for benchmarks.

Usage: python benchmarks/make_ledger.py N OUT.xlsx [--csv] [--seed S] [--columns 12] [--dprk-share 0.05]

About 97% of rows are ordinary trade among 30 countries that are not the DPRK (South Korea among
them, as "KR" or "South Korea", because confusing it with the DPRK is the classic false positive).
About 3% touch the DPRK through one of the families a screen must catch: seafood, textiles and
statues from the DPRK, DPRK coal, machinery and petroleum into the DPRK, plus the data problems that
come with them (a bare "Korea", an HS code that lost its leading zero, no HS code at all). Workers
and joint ventures live in contract sheets, so they have no place here.

The rows depend only on N and the seed, so a benchmark can regenerate the same ledger at will;
`write_ledger` is the entry point for code, the command line for people.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HEADERS: tuple[str, ...] = (
    "B/L No.", "Shipment Date", "Contract Date", "Shipper", "Shipper Country", "Consignee",
    "Consignee Country", "Country of Origin", "Port of Loading", "Port of Discharge",
    "Destination", "HS Code", "Goods Description", "Quantity", "Unit", "Value", "Currency",
    "Vessel", "IMO", "Flag",
)  # fmt: skip

DPRK_SHARE = 0.03

# The narrower ledger of the cost-per-row goal: the columns screening reads most, in HEADERS order.
TWELVE_COLUMNS: tuple[str, ...] = (
    "B/L No.", "Shipment Date", "Shipper", "Shipper Country", "Consignee", "Consignee Country",
    "Country of Origin", "Port of Loading", "Port of Discharge", "HS Code", "Goods Description", "Value",
)  # fmt: skip

# Country: (spellings a ledger uses, most common first), ports, company-name suffix.
COUNTRIES: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (("China", "CN", "PRC"), ("Shanghai", "Ningbo", "Qingdao", "Dalian", "Tianjin", "Shenzhen"),
     "Co., Ltd"),
    (("Japan", "JP"), ("Yokohama", "Kobe", "Nagoya", "Osaka"), "K.K."),
    (("South Korea", "KR", "Republic of Korea"), ("Busan", "Incheon", "Gwangyang"), "Co., Ltd"),
    (("Viet Nam", "VN", "Vietnam"), ("Haiphong", "Ho Chi Minh City", "Da Nang"), "JSC"),
    (("Thailand", "TH"), ("Laem Chabang", "Bangkok"), "Co., Ltd"),
    (("Malaysia", "MY"), ("Port Klang", "Penang"), "Sdn Bhd"),
    (("Singapore", "SG"), ("Singapore",), "Pte Ltd"),
    (("Indonesia", "ID"), ("Tanjung Priok", "Surabaya"), "PT"),
    (("India", "IN"), ("Nhava Sheva", "Mundra", "Chennai"), "Pvt Ltd"),
    (("Bangladesh", "BD"), ("Chittagong",), "Ltd"),
    (("United Arab Emirates", "AE", "UAE"), ("Jebel Ali",), "LLC"),
    (("Saudi Arabia", "SA"), ("Jeddah", "Dammam"), "Est."),
    (("Turkey", "TR", "Türkiye"), ("Mersin", "Ambarli"), "A.S."),
    (("Egypt", "EG"), ("Port Said", "Alexandria"), "S.A.E."),
    (("South Africa", "ZA"), ("Durban", "Cape Town"), "(Pty) Ltd"),
    (("Nigeria", "NG"), ("Lagos", "Onne"), "Ltd"),
    (("Kenya", "KE"), ("Mombasa",), "Ltd"),
    (("Germany", "DE"), ("Hamburg", "Bremerhaven"), "GmbH"),
    (("Netherlands", "NL"), ("Rotterdam", "Amsterdam"), "B.V."),
    (("Belgium", "BE"), ("Antwerp", "Zeebrugge"), "NV"),
    (("France", "FR"), ("Le Havre", "Marseille"), "SAS"),
    (("Italy", "IT"), ("Genoa", "Trieste", "La Spezia"), "S.p.A."),
    (("Spain", "ES"), ("Valencia", "Algeciras"), "S.L."),
    (("United Kingdom", "GB", "UK"), ("Felixstowe", "Southampton"), "Ltd"),
    (("Poland", "PL"), ("Gdansk", "Gdynia"), "Sp. z o.o."),
    (("Russia", "RU", "Russian Federation"), ("Vladivostok", "Novorossiysk", "St Petersburg"),
     "LLC"),
    (("United States", "US", "USA"), ("Los Angeles", "New York", "Houston", "Savannah"), "Inc."),
    (("Canada", "CA"), ("Vancouver", "Montreal"), "Inc."),
    (("Brazil", "BR"), ("Santos", "Paranagua"), "Ltda"),
    (("Australia", "AU"), ("Melbourne", "Sydney", "Brisbane"), "Pty Ltd"),
)  # fmt: skip

# Ordinary goods: (HS code, descriptions, unit, unit price range in USD).
GOODS: tuple[tuple[str, tuple[str, ...], str, tuple[float, float]], ...] = (
    ("020230", ("Frozen boneless beef", "Beef cuts, frozen"), "KG", (4.0, 9.0)),
    ("020714", ("Frozen chicken wings", "Chicken cuts, frozen"), "KG", (1.5, 3.0)),
    ("030214", ("Fresh Atlantic salmon", "Salmon, whole, chilled"), "KG", (6.0, 11.0)),
    ("030617", ("Frozen shrimps, peeled", "Vannamei shrimp, frozen"), "KG", (5.0, 10.0)),
    ("040221", ("Whole milk powder", "Milk powder, 26% fat"), "KG", (2.5, 4.0)),
    ("080310", ("Fresh plantains", "Bananas, fresh"), "KG", (0.4, 0.9)),
    ("080810", ("Fresh apples", "Apples, Fuji"), "KG", (0.8, 1.6)),
    ("090111", ("Green arabica coffee", "Coffee beans, not roasted"), "KG", (2.5, 5.0)),
    ("100630", ("Milled white rice", "Rice, long grain"), "KG", (0.35, 0.7)),
    ("120190", ("Soybeans, yellow", "Soya beans, bulk"), "KG", (0.3, 0.5)),
    ("151190", ("Refined palm oil", "RBD palm olein"), "KG", (0.6, 1.0)),
    ("170199", ("Refined white sugar", "Sugar ICUMSA 45"), "KG", (0.35, 0.6)),
    ("220421", ("Red wine, bottled", "Wine in bottles"), "LTR", (3.0, 12.0)),
    ("270112", ("Steam coal, bituminous", "Thermal coal"), "MT", (60.0, 120.0)),
    ("270900", ("Crude petroleum oil", "Crude oil, light sweet"), "BBL", (45.0, 80.0)),
    ("271019", ("Diesel fuel", "Gas oil 10 ppm", "Jet fuel A-1"), "BBL", (60.0, 100.0)),
    ("290511", ("Methanol", "Methyl alcohol"), "MT", (250.0, 450.0)),
    ("300490", ("Pharmaceutical tablets", "Medicaments, packaged"), "KG", (20.0, 90.0)),
    ("310210", ("Urea fertiliser", "Granular urea"), "MT", (220.0, 380.0)),
    ("390110", ("Polyethylene granules", "LDPE resin"), "MT", (900.0, 1400.0)),
    ("401110", ("Passenger car tyres", "Radial tyres"), "PCS", (25.0, 80.0)),
    ("440710", ("Sawn softwood", "Pine lumber"), "M3", (150.0, 300.0)),
    ("480256", ("Copy paper A4", "Uncoated paper"), "MT", (600.0, 900.0)),
    ("520512", ("Cotton yarn, combed", "Ring-spun cotton yarn"), "KG", (2.5, 4.0)),
    ("540752", ("Dyed polyester fabric", "Woven polyester fabric"), "MTR", (1.0, 2.5)),
    ("610910", ("Cotton T-shirts", "Knitted T-shirts"), "PCS", (1.5, 5.0)),
    ("620342", ("Men's cotton trousers", "Denim jeans"), "PCS", (4.0, 12.0)),
    ("640399", ("Leather shoes", "Footwear, leather uppers"), "PRS", (8.0, 30.0)),
    ("690721", ("Ceramic floor tiles", "Glazed tiles"), "M2", (4.0, 12.0)),
    ("700490", ("Float glass sheets", "Clear glass"), "M2", (3.0, 8.0)),
    ("720839", ("Hot-rolled steel coil", "HRC, non-alloy"), "MT", (450.0, 700.0)),
    ("730890", ("Steel structures", "Fabricated steelwork"), "MT", (900.0, 1600.0)),
    ("740311", ("Copper cathodes", "Refined copper, grade A"), "MT", (5500.0, 9000.0)),
    ("760421", ("Aluminium profiles", "Extruded aluminium sections"), "MT", (2500.0, 3800.0)),
    ("840991", ("Engine parts", "Pistons and rings"), "PCS", (10.0, 60.0)),
    ("842952", ("Hydraulic excavators", "Crawler excavators"), "UNIT", (60000.0, 180000.0)),
    ("845961", ("CNC milling machines", "Vertical machining centres"), "UNIT", (80000.0, 250000.0)),
    ("847130", ("Laptop computers", "Notebook PCs"), "PCS", (250.0, 900.0)),
    ("850440", ("Power supplies", "Static converters"), "PCS", (5.0, 40.0)),
    ("851712", ("Mobile phones", "Smartphones"), "PCS", (80.0, 500.0)),
    ("870323", ("Passenger cars", "Sedans, petrol 2.0 l"), "UNIT", (12000.0, 30000.0)),
    ("870899", ("Auto parts", "Vehicle body parts"), "KG", (3.0, 15.0)),
    ("890190", ("General cargo vessel", "Used cargo ship"), "UNIT", (800000.0, 4000000.0)),
    ("901839", ("Medical catheters", "Syringes and needles"), "PCS", (0.2, 3.0)),
    ("940360", ("Wooden furniture", "Office desks"), "PCS", (40.0, 250.0)),
    ("950300", ("Plastic toys", "Children's toys"), "PCS", (1.0, 8.0)),
)  # fmt: skip


DPRK_FORMS = ("DPRK", "KP", "North Korea", "Democratic People's Republic of Korea")
DPRK_PORTS = ("Nampo", "Rajin", "Chongjin", "Wonsan", "Hungnam", "Songrim")
DPRK_PLACES = ("Nampo", "Rason", "Chongjin", "Wonsan", "Sinpo", "Haeju", "Kimchaek", "Sariwon")
WORDS = ("Golden", "Eastern", "Pacific", "Harbour", "Blue", "Summit", "Evergreen", "Silver",
         "Northern", "Bright", "Union", "Delta", "Crown", "Lotus", "Horizon", "Pioneer", "Apex",
         "Meridian", "Sunrise", "Crescent", "Coastal", "Global", "Prime", "Unity")  # fmt: skip
TRADES = ("Trading", "Logistics", "Industries", "Import & Export", "Foods", "Metals", "Textiles",
          "Machinery", "Energy", "Chemicals", "Supply", "Commodities")  # fmt: skip
CURRENCIES = ("USD",) * 16 + ("EUR", "EUR", "CNY", "JPY", "GBP")
FLAGS = ("Panama", "Liberia", "Marshall Islands", "Hong Kong", "Singapore", "Malta", "Bahamas",
         "Greece", "China", "Cyprus")  # fmt: skip

# Each DPRK family: (family, (HS code, description) pairs, unit, quantity range, unit price
# range in USD, direction). "from": the DPRK supplies the goods; "into": a DPRK party receives them.
DPRK_FAMILIES: tuple[
    tuple[str, tuple[tuple[str, str], ...], str, tuple[int, int], tuple[float, float], str], ...
] = (
    ("Fisheries", (("030614", "Frozen snow crab"), ("030743", "Frozen squid"),
                   ("030771", "Frozen clams"), ("160420", "Prepared pollack, canned")),
     "KG", (500, 25000), (3.0, 12.0), "from"),
    ("Garment", (("611020", "Knitted cotton pullovers"), ("620343", "Men's trousers"),
                 ("620462", "Women's cotton trousers"), ("520852", "Printed cotton fabric")),
     "PCS", (1000, 40000), (2.0, 6.0), "from"),
    ("Art Studio", (("970300", "Bronze monument"), ("970300", "Bronze statue"),
                    ("970300", "Commemorative statue group")),
     "PCS", (1, 4), (100000.0, 1500000.0), "from"),
    ("Coal Trading", (("270111", "Anthracite, lump"), ("270111", "Anthracite fines"),
                      ("270112", "Steam coal")),
     "MT", (1000, 40000), (60.0, 95.0), "from"),
    ("Machinery Import", (("842952", "Crawler excavators"), ("841370", "Centrifugal pumps"),
                          ("847130", "Laptop computers"), ("850213", "Diesel generating sets")),
     "UNIT", (1, 60), (500.0, 90000.0), "into"),
    ("Fuel Supply", (("271019", "Diesel fuel"), ("271019", "Gas oil"),
                     ("270900", "Crude petroleum oil")),
     "BBL", (500, 20000), (55.0, 95.0), "into"),
)  # fmt: skip

_INDEX = {forms[0]: i for i, (forms, _ports, _suffix) in enumerate(COUNTRIES)}
KR = _INDEX["South Korea"]  # the ambiguous "Korea" rows borrow South Korean company names
# DPRK trade partners are mostly Chinese and Russian; the rest come from anywhere on the list.
DPRK_PARTNERS = tuple(
    _INDEX[name] for name in ("China",) * 5 + ("Russia",) * 2 + ("Viet Nam", "Singapore", "United Arab Emirates")
)

START = date(2015, 1, 1)
DAYS = (date(2021, 12, 31) - START).days + 1


def _imo(base6: int) -> int:
    """A seven-digit IMO number with a valid check digit."""
    digits = [int(c) for c in f"{base6:06d}"]
    return base6 * 10 + sum(w * x for w, x in zip(range(7, 1, -1), digits, strict=True)) % 10


class _Pools:
    """Names, vessels and dates drawn once per ledger, so the per-row work stays cheap."""

    def __init__(self, rng: random.Random) -> None:
        self.companies: list[list[str]] = []
        for _forms, ports, suffix in COUNTRIES:
            stems = [*ports, *rng.sample(WORDS, 6)]
            self.companies.append(
                [f"{rng.choice(stems)} {rng.choice(WORDS)} {rng.choice(TRADES)} {suffix}" for _ in range(60)]
            )
        # DPRK company names follow their trade, as the coal shipper is a coal trader.
        self.dprk_companies = {
            trade: [f"{rng.choice(DPRK_PLACES)} {rng.choice(WORDS)} {trade} Co." for _ in range(20)]
            for trade, *_ in DPRK_FAMILIES
        }
        self.vessels = [
            (
                f"{rng.choice(WORDS)} {rng.choice(('Star', 'Spirit', 'Trader', 'Express', 'Wave'))}"
                f" {rng.randint(1, 30)}",
                _imo(rng.randint(910000, 979999)),
                rng.choice(FLAGS),
            )
            for _ in range(400)
        ]
        self.days = [START + timedelta(days=i) for i in range(DAYS)]


def _country(rng: random.Random, idx: int) -> str:
    """The country as a ledger spells it: mostly its name, sometimes a code or variant."""
    forms = COUNTRIES[idx][0]
    return forms[0] if rng.random() < 0.85 else rng.choice(forms)


def _hs_cell(rng: random.Random, code: str) -> str | int:
    """HS codes as ledgers hold them: text, dotted, or a number when no zero can be lost."""
    r = rng.random()
    if r < 0.10:
        return f"{code[:4]}.{code[4:]}"
    if r < 0.15 and code[0] != "0":
        return int(code)
    return code


def _date_cell(rng: random.Random, day: date) -> date | str:
    """Mostly real Excel dates; a few typed as text, as exported ledgers often have."""
    r = rng.random()
    if r < 0.01:
        return day.strftime("%d.%m.%Y")
    if r < 0.02:
        return day.isoformat()
    return day


def _ordinary(rng: random.Random, pools: _Pools) -> list[Any]:
    """Shipper to value of a shipment between two of the 30 countries, with no DPRK link."""
    a, b = rng.sample(range(len(COUNTRIES)), 2)
    code, descs, unit, (lo, hi) = rng.choice(GOODS)
    qty = rng.randint(1, 50) if unit == "UNIT" else rng.randint(10, 50000)
    return [
        rng.choice(pools.companies[a]), _country(rng, a),
        rng.choice(pools.companies[b]), _country(rng, b),
        _country(rng, a), rng.choice(COUNTRIES[a][1]), rng.choice(COUNTRIES[b][1]),
        _country(rng, b), _hs_cell(rng, code), rng.choice(descs), qty, unit,
        round(qty * rng.uniform(lo, hi), 2),
    ]  # fmt: skip


def _dprk(rng: random.Random, pools: _Pools) -> list[Any]:
    """Shipper to value of a row touching the DPRK through one family, or one data problem."""
    trade, goods, unit, (q_lo, q_hi), (lo, hi), direction = rng.choice(DPRK_FAMILIES)
    other = rng.choice(DPRK_PARTNERS) if rng.random() < 0.7 else rng.randrange(len(COUNTRIES))
    dprk = [rng.choice(pools.dprk_companies[trade]), rng.choice(DPRK_FORMS)]
    partner = [rng.choice(pools.companies[other]), _country(rng, other)]
    code, desc = rng.choice(goods)
    hs: str | int | None = _hs_cell(rng, code)
    origin = rng.choice(DPRK_FORMS)
    dprk_port: str | None = rng.choice(DPRK_PORTS)
    problem = rng.random()
    if problem < 0.15:
        # A bare "Korea" and no Korean port: nothing tells North from South without asking.
        dprk, origin, dprk_port = [rng.choice(pools.companies[KR]), "Korea"], "Korea", None
    elif problem < 0.30 and code[0] == "0":
        hs = int(code)  # Excel dropped the leading zero
    elif problem < 0.45:
        hs = None  # only the description says what the goods are
    qty = rng.randint(q_lo, q_hi)
    tail = [hs, desc, qty, unit, round(qty * rng.uniform(lo, hi), 2)]
    other_port = rng.choice(COUNTRIES[other][1])
    if direction == "from":
        return [*dprk, *partner, origin, dprk_port, other_port, partner[1], *tail]
    return [*partner, *dprk, partner[1], other_port, dprk_port, dprk[1], *tail]


def iter_rows(n: int, seed: int = 0, dprk_share: float = DPRK_SHARE) -> Iterator[list[Any]]:
    """Yield n data rows in HEADERS order; the same n, seed and share always give the same rows."""
    rng = random.Random(seed)
    pools = _Pools(rng)
    for i in range(1, n + 1):
        middle = _dprk(rng, pools) if rng.random() < dprk_share else _ordinary(rng, pools)
        day = rng.choice(pools.days)
        contract = day - timedelta(days=rng.randint(10, 120)) if rng.random() < 0.3 else None
        by_sea = rng.random() < 0.9  # the rest went by air, road or rail
        vessel = rng.choice(pools.vessels) if by_sea else (None, None, None)
        yield [
            f"BL{day:%y%m}{i:07d}", _date_cell(rng, day), contract, *middle,
            rng.choice(CURRENCIES), *vessel,
        ]  # fmt: skip


def write_ledger(
    path: str | Path,
    n: int,
    seed: int = 0,
    *,
    columns: Sequence[str] = HEADERS,
    dprk_share: float = DPRK_SHARE,
) -> Path:
    """Write an n-row ledger to path: CSV when it ends in .csv, else xlsx (header on row 1).

    `columns` picks and orders a subset of HEADERS; the rows are drawn the same whatever it is.
    """
    out = Path(path)
    unknown = [c for c in columns if c not in HEADERS]
    if unknown:
        raise ValueError(f"unknown ledger columns: {', '.join(unknown)}")
    picks = [HEADERS.index(c) for c in columns]
    rows = ([row[i] for i in picks] for row in iter_rows(n, seed, dprk_share))
    if out.suffix.lower() == ".csv":
        with out.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            writer.writerows([c.isoformat() if isinstance(c, date) else c for c in row] for row in rows)
        return out
    # write_only streams rows to disk: memory stays flat even for a million rows.
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Shipments")
    ws.append(list(columns))
    for row in rows:
        ws.append(row)
    wb.save(out)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the ledger (and its CSV twin with --csv) and report the time taken."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of data rows")
    parser.add_argument("out", type=Path, help="output .xlsx (or .csv) path")
    parser.add_argument("--csv", action="store_true",
                        help="also write the same rows as CSV next to OUT")  # fmt: skip
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--columns", type=int, choices=(12, len(HEADERS)), default=len(HEADERS),
                        help="12: the cost-per-row goal's ledger; 20 (default): every column")  # fmt: skip
    parser.add_argument("--dprk-share", type=float, default=DPRK_SHARE,
                        help=f"share of rows tied to the DPRK (default {DPRK_SHARE})")  # fmt: skip
    args = parser.parse_args(argv)
    if not 0.0 <= args.dprk_share <= 1.0:
        parser.error("--dprk-share must be between 0 and 1")
    columns = TWELVE_COLUMNS if args.columns == 12 else HEADERS
    targets = [args.out]
    if args.csv and args.out.suffix.lower() != ".csv":
        targets.append(args.out.with_suffix(".csv"))
    for target in targets:
        started = time.perf_counter()
        write_ledger(target, args.n, args.seed, columns=columns, dprk_share=args.dprk_share)
        elapsed = time.perf_counter() - started
        size = target.stat().st_size / 1_048_576
        print(f"{target}: {args.n:,} rows in {elapsed:.1f} s, {size:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
