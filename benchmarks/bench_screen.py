"""Screening speed and memory on a generated ledger, next to the libraries' bare read of the same cells.

Usage: python benchmarks/bench_screen.py [N ...] [--csv] [--no-openpyxl] [--write-docs]

For each N it generates (once, cached in the system temp folder) a realistic N-row ledger, then times:
- python-calamine reading the cells and nothing else (to_python, and iter_rows);
- openpyxl's read-only mode reading the same cells (skipped above 200,000 rows: it takes minutes);
- Sanctions Desk's import alone (every row mapped to fields, no screening);
- evaluation alone under both regimes (rows already in memory; up to 200,000 rows), and what it
  would cost to send those rows to another process and take them back (pickled), per row;
- end to end: `main.py screen FILE --json OUT` in a fresh process, with its peak memory (max RSS)
  and CPU time; for ledgers large enough to be streamed, once with the sheet parsed by a second
  process (the default on two cores) and once with SANCTIONS_DESK_PROCESSES=1.
"""

from __future__ import annotations

import argparse
import os
import pickle
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from docs_section import write_section  # noqa: E402
from make_ledger import write_ledger  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "sanctions-desk-bench"
IN_MEMORY_LIMIT = 200_000
PROCESSES_VARIABLE = "SANCTIONS_DESK_PROCESSES"


def timed(work: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def ledger(n: int, csv: bool) -> Path:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"ledger-{n}.{'csv' if csv else 'xlsx'}"
    if not path.exists():
        print(f"generating {path} ...", flush=True)
        write_ledger(path, n)
    return path


def calamine_read(path: Path) -> tuple[float, float]:
    from python_calamine import CalamineWorkbook

    def to_python() -> int:
        wb = CalamineWorkbook.from_path(str(path))
        return len(wb.get_sheet_by_name(wb.sheet_names[0]).to_python(skip_empty_area=False))

    def iter_rows() -> int:
        wb = CalamineWorkbook.from_path(str(path))
        return sum(1 for _ in wb.get_sheet_by_name(wb.sheet_names[0]).iter_rows())

    return timed(to_python)[0], timed(iter_rows)[0]


def openpyxl_read(path: Path) -> float:
    from openpyxl import load_workbook

    def read() -> int:
        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            return sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
        finally:
            wb.close()

    return timed(read)[0]


def import_only(path: Path) -> float:
    from compliance.intake.importer import open_input

    return timed(lambda: sum(1 for _ in open_input(path, keep_cells=False).rows()))[0]


def evaluation_only(path: Path) -> tuple[float, dict[str, int]]:
    from compliance.engine.evaluate import screen
    from compliance.intake.importer import open_input
    from compliance.paths import rules_dir
    from compliance.rules.catalog import load_regimes

    rows = list(open_input(path, keep_cells=False).rows())
    current, draft = load_regimes(rules_dir())
    seconds, results = timed(lambda: list(screen(rows, (current, draft))))
    counts: dict[str, int] = {}
    for r in results:  # type: ignore[attr-defined]
        counts[str(r.baseline.status)] = counts.get(str(r.baseline.status), 0) + 1
    return seconds, counts


def sending_cost(path: Path) -> float:
    """Seconds to pickle every row's fields and unpickle them: the least a process pool adds per row."""
    from compliance.intake.importer import open_input

    fields = [r.fields for r in open_input(path, keep_cells=False).rows()]
    return timed(lambda: pickle.loads(pickle.dumps(fields, pickle.HIGHEST_PROTOCOL)))[0]


# A child's peak RSS starts from its parent's at fork, so the CLI is started from a small fresh
# process rather than from this one, which has just held whole sheets in memory.
_LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
own = usage.ru_utime + usage.ru_stime
# The reading process is the CLI's child: wait4 counts only what the CLI itself waited for.
children = os.times().children_user + os.times().children_system
print(time.perf_counter() - start, usage.ru_maxrss, max(own, children), os.waitstatus_to_exitcode(status))
"""


def end_to_end(path: Path, processes: int | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (every process) of the CLI screening the file to JSON."""
    out = CACHE / f"{path.stem}.json"
    cmd = [sys.executable, str(ROOT / "main.py"), "screen", str(path), "--json", str(out), "--quiet"]
    env = dict(os.environ)
    if processes is not None:
        env[PROCESSES_VARIABLE] = str(processes)
    report = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *cmd], capture_output=True, text=True, check=True, env=env
    )
    seconds, max_rss_kb, cpu, code = report.stdout.split()
    if int(code) != 0:
        raise SystemExit(f"screen failed on {path}")
    out.unlink(missing_ok=True)
    return float(seconds), int(max_rss_kb) / 1024, float(cpu)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def streams(path: Path) -> bool:
    """Whether the importer streams this workbook's sheet (and so may parse it in a second process)."""
    from compliance.intake.limits import STREAM_SHEET_BYTES
    from compliance.intake.workbook_reader import _expanded_size

    return path.suffix == ".xlsx" and _expanded_size(str(path)) > STREAM_SHEET_BYTES


def bench(n: int, csv: bool, with_openpyxl: bool) -> dict[str, object]:
    path = ledger(n, csv)
    row: dict[str, object] = {"rows": n, "file": path.name, "size_mb": path.stat().st_size / 2**20}
    row["end_to_end"], row["peak_mb"], row["cpu"] = end_to_end(path)
    if streams(path):
        row["one_process"], _, row["one_process_cpu"] = end_to_end(path, processes=1)
    if not csv:
        row["calamine_to_python"], row["calamine_iter_rows"] = calamine_read(path)
        if with_openpyxl and n <= IN_MEMORY_LIMIT:
            row["openpyxl_read_only"] = openpyxl_read(path)
    row["import"] = import_only(path)
    if n <= IN_MEMORY_LIMIT:
        row["evaluate"], row["counts"] = evaluation_only(path)
        row["sending"] = sending_cost(path)
    return row


def report(rows: list[dict[str, object]]) -> str:
    lines = [
        "| rows | file | calamine bare read | openpyxl read-only | import | evaluate (both regimes) "
        "| end to end (CLI, JSON) | end to end / calamine | peak memory |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]

    def secs(key: str, r: dict[str, object]) -> str:
        value = r.get(key)
        if not isinstance(value, float):
            return "-"
        return f"{value:.2f} s ({r['rows'] / value:,.0f} rows/s)"  # type: ignore[operator]

    for r in rows:
        bare = r.get("calamine_to_python")
        ratio = f"{r['end_to_end'] / bare:.2f}x" if isinstance(bare, float) else "-"  # type: ignore[operator]
        lines.append(
            f"| {r['rows']:,} | {r['file']} ({r['size_mb']:.1f} MB) | {secs('calamine_to_python', r)} "
            f"| {secs('openpyxl_read_only', r)} | {secs('import', r)} | {secs('evaluate', r)} "
            f"| {secs('end_to_end', r)} | {ratio} | {r['peak_mb']:.0f} MB |"
        )
    return "\n".join(lines)


def cores_report(rows: list[dict[str, object]]) -> str:
    """The two-core figures: the streamed read in a second process, and why evaluation stays here."""
    lines = [
        "| rows | one process: wall (CPU) | sheet parsed by a second process: wall (CPU, both) | speed-up |",
        "| --- | --- | --- | --- |",
    ]
    for r in rows:
        one = r.get("one_process")
        if isinstance(one, float):
            two = float(r["end_to_end"])  # type: ignore[arg-type]
            lines.append(
                f"| {r['rows']:,} | {one:.1f} s ({r['one_process_cpu']:.1f} s) "
                f"| {two:.1f} s ({r['cpu']:.1f} s) | {one / two:.2f}x |"
            )
    lines.append("")
    lines.append("| rows | screening a row (both regimes) | sending a row's fields to another process and back |")
    lines.append("| --- | --- | --- |")
    for r in rows:
        evaluate, sending = r.get("evaluate"), r.get("sending")
        if isinstance(evaluate, float) and isinstance(sending, float):
            n = int(r["rows"])  # type: ignore[call-overload]
            lines.append(f"| {n:,} | {evaluate / n * 1e6:.1f} us | {sending / n * 1e6:.1f} us |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000])
    parser.add_argument("--csv", action="store_true", help="benchmark csv ledgers instead of xlsx")
    parser.add_argument("--no-openpyxl", action="store_true", help="skip the openpyxl comparison")
    parser.add_argument("--write-docs", action="store_true", help="write docs/performance.md")
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        print(f"benchmarking {n:,} rows ...", flush=True)
        rows.append(bench(n, args.csv, not args.no_openpyxl))
        print(report(rows[-1:]), flush=True)
    table = report(rows)
    cores = cores_report(rows)
    print("\n" + machine() + "\n\n" + table + "\n\n" + cores)
    if args.write_docs:
        sizes = " ".join(str(n) for n in args.sizes)
        doc = write_section(
            "bench_screen",
            f"Measured by `benchmarks/bench_screen.py {sizes}` on {time.strftime('%Y-%m-%d')}.\n\n"
            f"Machine: {machine()}.\n\n"
            "The ledgers are generated by `benchmarks/make_ledger.py` (20 columns; about 97% of rows "
            "with no DPRK link, 3% hitting seafood, textiles, statues, coal, machinery and petroleum "
            "measures). *End to end* is `main.py screen FILE --json OUT` in a fresh process: start-up, "
            "safety checks, import, evaluation under both regimes and the JSON written; *peak memory* is "
            "the largest process's maximum resident set size.\n\n" + table + "\n\n"
            "### Two cores\n\n"
            "*CPU* adds up every process of the run. A sheet large enough to be streamed is parsed by a "
            "second process while the first builds, screens and writes the rows; smaller sheets are read "
            "by calamine in one call, which cannot be split. The second table is why screening itself "
            "stays in one process: sending a row to another process costs more than screening it.\n\n" + cores,
            first=True,
        )
        print(f"\nwritten to {doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
