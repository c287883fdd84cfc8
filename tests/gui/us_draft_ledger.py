"""A small shipment ledger on which the US draft of May 2022 tightens verdicts: tobacco into the DPRK,
DPRK watches and DPRK mineral fuels, beside a row it leaves unchanged and a clean one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HEADERS = ("Reference", "Shipment Date", "Country of Origin", "Destination", "HS Code", "Goods Description",
           "Shipper", "Consignee")  # fmt: skip
ROWS = (
    ("US-001", dt.datetime(2023, 4, 3), "China", "DPRK", "240110", "Leaf tobacco, unstemmed", "Dandong Leaf Co",
     "Pyongyang Trading Corp"),
    ("US-002", dt.datetime(2023, 5, 9), "DPRK", "China", "910211", "Wrist watches, mechanical", "Mansudae Watch Works",
     "Shenyang Time Ltd"),
    ("US-003", dt.datetime(2023, 6, 12), "DPRK", "China", "271220", "Paraffin wax, blocks", "Sunchon Chemical",
     "Dalian Wax Trading"),
    ("US-004", dt.datetime(2023, 6, 20), "Viet Nam", "Japan", "620520", "Cotton shirts", "Saigon Garments",
     "Osaka Retail KK"),
    ("US-005", dt.datetime(2023, 7, 1), "DPRK", "China", "030743", "Frozen squid", "Rason Marine Products",
     "Dalian Ocean Foods"),
)  # fmt: skip
TIGHTENED = ("US-001", "US-002", "US-003")
"""The rows the US draft tightens (tobacco, watches, mineral fuels)."""


def write_ledger(path: Path) -> Path:
    """Write the ledger as a workbook with one 'Shipments' sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Shipments"
    ws.append(HEADERS)
    for row in ROWS:
        ws.append(row)
    wb.save(path)
    return path


if __name__ == "__main__":  # the README's compare picture is made from this ledger
    write_ledger(Path(__file__).parents[1] / "data" / "regimes-gui" / "us-draft-2022-ledger.xlsx")
