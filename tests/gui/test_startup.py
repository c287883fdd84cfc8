"""The start-up probe: the app reports its time to a shown window and quits (a figure, not a bound)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.paths import resource_root

# Start-up time, measured in a child process: slow.
pytestmark = pytest.mark.slow


def test_start_up_probe_reports_and_exits(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SANCTIONS_DESK_STARTUP_PROBE": "1",
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    proc = subprocess.run(
        [sys.executable, str(resource_root() / "main.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    match = re.search(r"start-up: (\d+\.\d+) s to the first event-loop pass", proc.stdout)
    assert match, proc.stdout
    print(f"[start-up] {match.group(1)} s")  # noqa: T201 - the measured figure, shown with -s
