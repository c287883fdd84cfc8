"""Peak memory of the import on files crafted to expand: shared strings and repeated ODS cells.

Usage: python benchmarks/bench_hostile.py [--project PATH] [--cap-gib N]

Each case is crafted in a temporary folder, then opened and read to the last row by
`compliance.intake.importer.open_input` in a fresh process, whose peak resident memory (max RSS, the
process or the sheet reader it starts, whichever is larger) is printed with the outcome. The
process's address space is capped (3 GiB by default) so that a checkout without the bounds fails
at the cap instead of taking the machine's memory: run it once with `--project /path/to/an/older/
checkout` for the figures before, and once without for the figures now.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_craft import ods_repeat_bomb, shared_string_bomb  # noqa: E402

CHILD = textwrap.dedent(
    """
    import resource, sys
    cap = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from compliance.model.errors import ComplianceError
    from compliance.intake.importer import open_input
    try:
        opened = open_input(sys.argv[1])
        rows = sum(1 for _ in opened.rows())
        print(f"read {rows:,} rows")
    except ComplianceError as exc:
        print("refused: " + exc.message[:110])
    except MemoryError:
        print("MemoryError at the cap")
    # The sheet reader may be a second process: the larger of the two is the peak.
    peak = max(resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(f"peak={peak}")
    """
)


def cases(folder: Path) -> list[tuple[str, Path]]:
    """(what it is, the crafted file) for each case."""
    return [
        (
            "xlsx: 100,000 cells naming one 32,767-char shared string",
            shared_string_bomb(folder / "sst.xlsx", rows=100_000, length=32_767),
        ),
        (
            "xlsx: 20,000 cells naming one 2,000-char string (within the text bound: read whole)",
            shared_string_bomb(folder / "sst-under.xlsx", rows=20_000, length=2_000),
        ),
        (
            "ods: 10,000 rows x 1,000 repeated cells of 600 chars",
            ods_repeat_bomb(folder / "repeat.ods", rows=10_000, columns=1_000, length=600),
        ),
        (
            "ods: 2,000 rows x 1,000 repeated cells of 100 chars (under the bound)",
            ods_repeat_bomb(folder / "fits.ods", rows=2_000, columns=1_000, length=100),
        ),
        (
            "ods: 5,000 rows x 1,000 repeated one-char cells (under the bound)",
            ods_repeat_bomb(folder / "many.ods", rows=5_000, columns=1_000, length=1),
        ),
        (
            "ods: 11,000 rows x 1,000 repeated one-char cells (over the bound)",
            ods_repeat_bomb(folder / "too-many.ods", rows=11_000, columns=1_000, length=1),
        ),
    ]


def measure(project: Path, path: Path, cap: int) -> tuple[str, float, float]:
    """(outcome, peak MiB, seconds) of opening and reading the file in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(project)}
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(cap)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=project,
    )
    assert child.stdout is not None
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    lines = out.decode().strip().splitlines()
    peak = usage.ru_maxrss
    if lines and lines[-1].startswith("peak="):
        peak = max(peak, int(lines.pop().removeprefix("peak=")))
    if child.returncode != 0:
        return f"exit {child.returncode}: {(lines or [''])[-1][:90]}", peak / 1024, elapsed
    outcome = " ".join(lines)
    return outcome, peak / 1024, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=ROOT, help="the checkout whose compliance/ is measured")
    parser.add_argument("--cap-gib", type=float, default=3.0, help="address-space cap of the measured process")
    args = parser.parse_args()
    cap = int(args.cap_gib * 1024**3)
    print(f"project: {args.project}  (address space capped at {args.cap_gib:g} GiB)")
    with tempfile.TemporaryDirectory(prefix="sanctions-desk-hostile-") as tmp:
        for what, path in cases(Path(tmp)):
            outcome, peak, seconds = measure(args.project.resolve(), path, cap)
            size = path.stat().st_size
            print(f"{what}\n    file {size / 1024:,.1f} KiB; peak {peak:,.0f} MiB; {seconds:.1f} s; {outcome}")


if __name__ == "__main__":
    main()
