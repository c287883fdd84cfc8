"""What recording a screening in the decisions store costs the app: `screen_file` with and without its log.

    python benchmarks/bench_app_decisions.py N

Generates an N-row ledger (one DPRK-linked row in fifty), then times on this thread, with the store in
a temporary folder: the app's screening without the store, the first screening with it (every row
fingerprinted and remembered) and a second one (every row looked up as seen before); prints rows/s,
the rows with alerts the window keeps decisions for, and the store's size.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compliance.paths import rules_dir  # noqa: E402
from compliance.rules.regime import load_regimes  # noqa: E402
from gui.decisions.ledger import AppScreeningLog, RunSettings  # noqa: E402
from gui.workers import screen_file  # noqa: E402


def make_ledger(path: Path, rows: int) -> Path:
    """A shipment ledger: mostly clean trade, one DPRK-linked row in fifty."""
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(
            (
                "Reference",
                "Shipment Date",
                "Country of Origin",
                "Destination",
                "HS Code",
                "Goods Description",
                "Shipper",
                "Consignee",
            )
        )
        base = dt.date(2018, 1, 1)
        for i in range(rows):
            day = (base + dt.timedelta(days=i % 700)).isoformat()
            if i % 50 == 0:
                out.writerow((f"R{i:07d}", day, "DPRK", "China", "030743", "Frozen squid", "Rason Marine", "Dalian"))
            else:
                out.writerow(
                    (
                        f"R{i:07d}",
                        day,
                        "Viet Nam",
                        "Japan",
                        "620520",
                        "Cotton shirts",
                        "Saigon Garments",
                        f"Customer {i % 97}",
                    )
                )
    return path


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    regimes = load_regimes(rules_dir())
    with tempfile.TemporaryDirectory() as folder:
        os.environ["SANCTIONS_DESK_DATA_DIR"] = folder
        ledger = make_ledger(Path(folder) / "ledger.csv", rows)
        for label, with_log in (
            ("without the store", False),
            ("first run, recorded", True),
            ("second run, recorded", True),
        ):
            log = AppScreeningLog(str(ledger), RunSettings("Benchmark")) if with_log else None
            started = time.perf_counter()
            screen_file(ledger, as_of=None, overrides=None, regimes=regimes, log=log)
            seconds = time.perf_counter() - started
            kept = f", {len(log.decisions):,} rows with alerts kept" if log is not None else ""
            print(f"{label:<22} {rows:,} rows in {seconds:.2f} s ({rows / seconds:,.0f} rows/s){kept}")
        size = sum(p.stat().st_size for p in Path(folder).glob("sanctions-desk.sqlite3*"))
        print(f"store: {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
