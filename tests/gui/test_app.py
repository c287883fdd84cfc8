"""`python main.py`: the screenshot mode and exit codes, run as the user would run them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from gui.app import build_parser, run_app
from gui.settings import ENV_SETTINGS_PATH

ROOT = Path(__file__).resolve().parents[2]


def _main(args: list[str], settings: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", ENV_SETTINGS_PATH: str(settings)}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_screenshot_writes_a_png_and_exits_0(ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    done = _main(
        [str(ledger), "--screenshot", str(out), "--view", "compare", "--select", "SHP-001"], tmp_path / "s.ini"
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(out))
    assert image.width() >= 800
    assert image.height() >= 500


def test_a_bad_file_exits_2_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a workbook at all")
    done = _main([str(bad), "--screenshot", str(tmp_path / "x.png")], tmp_path / "s.ini")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert "broken.xlsx" in lines[0]
    assert not (tmp_path / "x.png").exists()


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    done = _main([str(tmp_path / "nope.xlsx")], tmp_path / "s.ini")
    assert done.returncode == 2
    assert "no such file" in done.stderr


def test_in_process_screenshot_with_as_of(ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft.png"
    code = run_app(
        [str(ledger), "--screenshot", str(out), "--view", "draft", "--select", "CT-001", "--as-of", "2019-06-30"]
    )
    assert code == 0
    assert out.exists()


def test_unknown_reference_exits_2(ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_app([str(ledger), "--screenshot", str(tmp_path / "x.png"), "--select", "NOPE"])
    assert code == 2
    assert "NOPE" in capsys.readouterr().err


def test_arguments() -> None:
    args = build_parser().parse_args(["f.xlsx", "--view", "compare", "--as-of", "2019-12-22"])
    assert (args.file, args.view, str(args.as_of)) == ("f.xlsx", "compare", "2019-12-22")
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["--view", "sideways"])
    assert exc.value.code == 2
