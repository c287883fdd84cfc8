"""What the decisions store costs a screening: the JSON written with and without it, first and second run.

    python benchmarks/bench_decisions.py N

Generates an N-row ledger, then times (in one process, store in a temporary folder): the screening
to JSON without the store, the first screening with it (every row fingerprinted and remembered) and
a second one (every row looked up as seen before), and prints rows/s and the store's size.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compliance.decisions import Store  # noqa: E402
from compliance.decisions.runs import recorder_for, screening_payload  # noqa: E402
from compliance.outputs.json_writer import JsonWriter  # noqa: E402
from compliance.paths import rules_dir  # noqa: E402
from compliance.run import start_run  # noqa: E402


def timed_run(ledger: Path, out: Path, store: Store | None) -> float:
    """Seconds to screen the ledger to JSON (and record the run when a store is given)."""
    started = time.perf_counter()
    run = start_run([ledger], rules_dir=rules_dir())
    recorder = recorder_for(store, run) if store is not None else None
    with JsonWriter(
        out,
        run,
        decisions_of=recorder.decisions_for if recorder else None,
        footer_extra=recorder.footer_json if recorder else None,
    ) as writer:
        for result in run.results():
            writer.add(result)
    if recorder is not None:
        recorder.finish("Benchmark", screening_payload(run))
        recorder.close()
    return time.perf_counter() - started


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        ledger = base / "ledger.xlsx"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_ledger.py"), str(n), str(ledger)], check=True)
        plain = timed_run(ledger, base / "plain.json", None)
        with Store.open(base / "store.sqlite3") as store:
            first = timed_run(ledger, base / "first.json", store)
            second = timed_run(ledger, base / "second.json", store)
        size = sum(p.stat().st_size for p in base.glob("store.sqlite3*"))
        print(f"{n:,} rows")
        for label, seconds in (("without the store", plain), ("first run with it", first), ("second run", second)):
            print(f"  {label:<20} {seconds:7.2f} s  {n / seconds:10,.0f} rows/s")
        print(f"  store on disk        {size / 1e6:7.1f} MB")


if __name__ == "__main__":
    main()
