"""Shared helpers for the decisions and audit tests: a store in a temporary folder, a small ledger, screening."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from compliance.cli import main

UN_LIST = Path(__file__).parent / "data" / "designations" / "un-consolidated-list-2017-07-03-dprk.xml"
HEADER = "Reference,Shipment Date,Country of Origin,Destination,HS Code,Goods Description,Consignee\n"
SQUID = "S1,2018-03-01,North Korea,China,030743,Frozen squid,Dalian Seafood Co\n"
LAPTOPS = "S2,2018-03-02,China,Japan,847130,Laptops,Tokyo Trading KK\n"
BANK = "S3,2018-03-03,China,Japan,847130,Laptops,Bank of East Land\n"


def ledger(path: Path, *rows: str) -> Path:
    """A CSV ledger with the given data lines."""
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def screen_json(tmp_path: Path, *args: str) -> dict[str, Any]:
    """Screen with --json and return the parsed JSON (the run must succeed)."""
    out_json = tmp_path / f"screen-{len(list(tmp_path.glob('screen-*.json')))}.json"
    printed = io.StringIO()
    code = main(["screen", *args, "--json", str(out_json)], out=printed)
    assert code == 0, printed.getvalue()
    data: dict[str, Any] = json.loads(out_json.read_text(encoding="utf-8"))
    data["_printed"] = printed.getvalue()
    return data


def row(data: dict[str, Any], reference: str) -> dict[str, Any]:
    """The JSON row with this reference."""
    return next(r for r in data["rows"] if r["reference"] == reference)


def hit(data: dict[str, Any], reference: str, rule: str) -> dict[str, Any]:
    """The measures-in-force hit of this rule on the row with this reference."""
    return next(h for h in row(data, reference)["current"]["hits"] if h["rule"] == rule)


def cli(*args: str) -> tuple[int, str]:
    """Run a command; its exit code and what it printed."""
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()
