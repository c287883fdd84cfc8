"""The test every row takes: whether it is tied to the regime's target country, per row.

Usage: python benchmarks/bench_target_tie.py [--rows 200000] [--repeat 3]

Screens ROWS rows already in memory, none tied to the target (ledgers are mostly such rows), under
the shipped measures in force and the 2019 draft, and under the fictional Freedonia pack of the
tests; prints the best of REPEAT runs, in seconds and microseconds per row. The tie is decided once
per distinct cell value, so the figure should not depend on which country the pack names.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compliance.engine.evaluate import screen  # noqa: E402
from compliance.model.source_row import SourceRow  # noqa: E402
from compliance.paths import rules_dir  # noqa: E402
from compliance.rules.catalog import load_regimes, load_screening  # noqa: E402

COUNTRIES = ("China", "CN", "Japan", "Russia", "Germany", "Vietnam", "Thailand", "Dalian", "Busan, Korea", "USA")


def _rows(n: int) -> list[SourceRow]:
    pick = random.Random(1).choice
    parties = [f"Trading Co {i}" for i in range(300)]
    return [
        SourceRow(
            "ledger.xlsx",
            "Shipments",
            i,
            {
                "reference": f"R{i}",
                "date": "2019-01-01",
                "origin": pick(COUNTRIES),
                "destination": pick(COUNTRIES),
                "shipper": pick(parties),
                "consignee": pick(parties),
                "hs_code": "847130",
                "description": "laptops",
            },
        )
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = _rows(args.rows)
    packs = {
        "in force + 2019 draft (DPRK)": load_regimes(rules_dir()),
        "Freedonia (tests)": load_screening(["freedonia-in-force"], ROOT / "tests" / "data" / "regimes" / "fictional"),
    }
    for label, regimes in packs.items():
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            count = sum(1 for _ in screen(rows, regimes))
            best = min(best, time.perf_counter() - start)
        print(f"{label}: {count} untied rows, best {best:.3f} s, {best / count * 1e6:.2f} us per row")


if __name__ == "__main__":
    main()
