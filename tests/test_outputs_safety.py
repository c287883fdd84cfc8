"""Outputs never destroy an input, never replace a special file, and fail whole: one line, exit 2, nothing left.

Every refusal here must come before the input is read: `start_run` and the designation loader are
replaced by a function that fails the test if it is called.
"""

from __future__ import annotations

import errno
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import compliance.designations.parties
import compliance.outputs.atomic
import compliance.run
from compliance.cli import main
from compliance.model.errors import OutputFileError
from compliance.paths import resource_root

ROOT = resource_root()
LEDGER = "Reference,Shipment Date,Country of Origin,HS Code,Goods Description\nR1,2018-03-01,DPRK,030743,squid\n"


def _ledger(folder: Path, name: str = "victim.csv") -> Path:
    path = folder / name
    path.write_text(LEDGER, encoding="utf-8")
    return path


def _never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def reads(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("an input was read before the output paths were checked")

    monkeypatch.setattr(compliance.run, "start_run", reads)
    monkeypatch.setattr(compliance.designations.parties, "load_party_screening", reads)


def _pdf_writer(report: Any, path: str, page_size: str, landscape: bool) -> int:
    """Writes a stand-in PDF by name, as the desktop renderer does (atomically)."""
    with compliance.outputs.atomic.atomic_write(path) as out:
        out.write(b"%PDF-1.4 stand-in\n")
    return 1


def _screen(*args: str, pdf_writer: Callable[..., int] | None = _pdf_writer) -> tuple[int, str]:
    out = io.StringIO()
    return main(["screen", *args], out=out, pdf_writer=pdf_writer), out.getvalue()


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# -- 1. an output that names an input --------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--json", "--xlsx", "--report"])
@pytest.mark.parametrize("spelling", ["same", "dot-slash", "symlink", "hard-link", "absolute"])
def test_an_output_naming_the_input_is_refused_before_anything_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], option: str, spelling: str
) -> None:
    victim = _ledger(tmp_path)
    monkeypatch.chdir(tmp_path)
    if spelling == "symlink":
        (tmp_path / "alias.csv").symlink_to(victim)
    if spelling == "hard-link":
        os.link(victim, tmp_path / "alias.csv")
    output = {"same": "victim.csv", "dot-slash": "./victim.csv", "absolute": str(victim)}.get(spelling, "alias.csv")
    _never_read(monkeypatch)
    code, printed = _screen("victim.csv", option, output)
    assert code == 2 and printed == ""
    line = _one_line(capsys.readouterr().err)
    assert line.startswith(f"error: {option} {output} is the input victim.csv")
    assert victim.read_text(encoding="utf-8") == LEDGER
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["victim.csv"] + (["alias.csv"] if spelling in ("symlink", "hard-link") else [])
    )


def test_an_input_given_through_a_link_is_still_the_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = _ledger(tmp_path)
    (tmp_path / "alias.csv").symlink_to(victim)
    _never_read(monkeypatch)
    assert _screen(str(tmp_path / "alias.csv"), "--xlsx", str(victim))[0] == 2
    assert "is the input" in _one_line(capsys.readouterr().err)
    assert victim.read_text(encoding="utf-8") == LEDGER


def test_an_output_naming_a_designation_list_or_a_rule_pack_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = _ledger(tmp_path)
    listed = tmp_path / "vessels.csv"
    listed.write_text("IMO,Name\n", encoding="utf-8")
    _never_read(monkeypatch)
    assert _screen(str(victim), "--designations", str(listed), "--json", str(listed))[0] == 2
    assert "is the input" in _one_line(capsys.readouterr().err)
    rules = ROOT / "rules"
    pack = next(p for p in rules.iterdir() if p.suffix == ".toml")
    before = pack.read_bytes()
    assert _screen(str(victim), "--json", str(pack))[0] == 2
    assert "is the input" in _one_line(capsys.readouterr().err)
    assert pack.read_bytes() == before


@pytest.mark.parametrize(
    ("first", "second"),
    [("--json", "--xlsx"), ("--xlsx", "--report"), ("--json", "--report")],
)
@pytest.mark.parametrize("exists", [False, True])
def test_one_path_for_two_outputs_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    first: str,
    second: str,
    exists: bool,
) -> None:
    victim = _ledger(tmp_path)
    monkeypatch.chdir(tmp_path)
    if exists:
        (tmp_path / "out.dat").write_bytes(b"an earlier run")
    _never_read(monkeypatch)
    code, _ = _screen(str(victim), first, "out.dat", second, "./out.dat")
    assert code == 2
    assert _one_line(capsys.readouterr().err) == (
        f"error: {first} and {second} name the same file (./out.dat); give each its own"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.dat", "victim.csv"] if exists else ["victim.csv"]


def test_two_outputs_meeting_through_a_link_to_a_new_file_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = _ledger(tmp_path)
    (tmp_path / "link.json").symlink_to(tmp_path / "new.json")  # dangling: the file is not made yet
    _never_read(monkeypatch)
    assert _screen(str(victim), "--json", str(tmp_path / "new.json"), "--xlsx", str(tmp_path / "link.json"))[0] == 2
    assert "name the same file" in _one_line(capsys.readouterr().err)


# -- 2. special files ------------------------------------------------------------------------------------------


def _special(tmp_path: Path, kind: str) -> tuple[str, str]:
    """A path of that kind, and what the refusal calls it."""
    if kind == "fifo":
        os.mkfifo(tmp_path / "pipe")
        return str(tmp_path / "pipe"), "is a pipe (FIFO)"
    if kind == "folder":
        (tmp_path / "folder").mkdir()
        return str(tmp_path / "folder"), "is a folder"
    if kind == "link-to-device":
        (tmp_path / "null").symlink_to("/dev/null")
        return str(tmp_path / "null"), "is a link to a device (/dev/null)"
    if kind == "link-to-stdout":
        (tmp_path / "out").symlink_to("/dev/stdout")
        return str(tmp_path / "out"), "is a link to an open file (/proc/self/fd/1); for standard output give -"
    return f"/dev/{kind}", "is a device"


@pytest.mark.parametrize("kind", ["null", "full", "fifo", "folder", "link-to-device", "link-to-stdout"])
@pytest.mark.parametrize("option", ["--json", "--xlsx", "--report"])
def test_special_files_are_refused_in_one_line_and_left_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], kind: str, option: str
) -> None:
    victim = _ledger(tmp_path)
    path, called = _special(tmp_path, kind)
    mode = os.stat(path).st_mode
    _never_read(monkeypatch)
    assert _screen(str(victim), option, path)[0] == 2
    line = _one_line(capsys.readouterr().err)
    assert line.startswith(f"error: {option} {path}: {called}"), line
    assert os.stat(path).st_mode == mode  # still a device, a pipe, a folder
    assert stat.S_ISREG(os.stat(victim).st_mode)


def test_the_atomic_writer_itself_refuses_a_device(tmp_path: Path) -> None:
    with (
        pytest.raises(OutputFileError, match="is a device"),
        compliance.outputs.atomic.atomic_write("/dev/null") as out,
    ):
        out.write(b"x")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_link_to_a_regular_file_is_written_through_and_survives(tmp_path: Path) -> None:
    victim = _ledger(tmp_path)
    (tmp_path / "real.json").write_text("old", encoding="utf-8")
    (tmp_path / "latest.json").symlink_to("real.json")
    assert _screen(str(victim), "--json", str(tmp_path / "latest.json"))[0] == 0
    assert (tmp_path / "latest.json").is_symlink()
    assert json.loads((tmp_path / "real.json").read_text(encoding="utf-8"))["summary"]["rows"] == 1


def _run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "screen", *args], capture_output=True, cwd=cwd, timeout=300, check=False
    )


def test_a_dash_writes_the_json_to_standard_output_and_the_summary_to_standard_error(tmp_path: Path) -> None:
    victim = _ledger(tmp_path)
    done = _run_cli(str(victim), "--json", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["summary"]["rows"] == 1 and data["rows"][0]["reference"] == "R1"
    assert b"Screened 1 rows" in done.stderr and b"Written: standard output" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["victim.csv"]  # no file called '-'


@pytest.mark.parametrize("option", ["--xlsx", "--report"])
def test_a_dash_is_refused_for_the_workbook_and_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    _never_read(monkeypatch)
    assert _screen(str(_ledger(tmp_path)), option, "-")[0] == 2
    assert (
        _one_line(capsys.readouterr().err)
        == f"error: {option} -: standard output takes only the JSON; give a file name"
    )


# -- 3. folders that cannot take a file, a full disk, interrupts ------------------------------------------------


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("missing/out.json", "the folder"),
        ("/proc/out.json", "cannot write in /proc"),
        ("victim.csv/x.json", "Not a directory"),
    ],
)  # fmt: skip
def test_a_folder_that_cannot_take_the_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str, says: str
) -> None:
    victim = _ledger(tmp_path)
    monkeypatch.chdir(tmp_path)
    _never_read(monkeypatch)
    started = time.perf_counter()
    assert _screen(str(victim), "--json", "a.json", "--xlsx", where)[0] == 2
    assert time.perf_counter() - started < 5  # refused at once, not after the screening
    assert says in _one_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["victim.csv"]


def test_a_full_disk_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    import compliance.outputs.paths

    victim = _ledger(tmp_path)
    monkeypatch.setattr(compliance.outputs.paths.shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(9, 9, 4096))  # type: ignore[attr-defined]
    _never_read(monkeypatch)
    assert _screen(str(victim), "--xlsx", str(tmp_path / "out.xlsx"))[0] == 2
    line = _one_line(capsys.readouterr().err)
    assert "the disk holding it has 0.0 MiB free" in line


class _FillingFile:
    """A staged output whose disk fills after `room` bytes."""

    def __init__(self, handle: Any, room: int) -> None:
        self._handle, self._room = handle, room

    def write(self, data: bytes) -> int:
        self._room -= len(data)
        if self._room < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return int(self._handle.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def _fill_disk_for(monkeypatch: pytest.MonkeyPatch, suffix: str, room: int) -> None:
    real = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = real(fd, *args, **kwargs)
        name = os.readlink(f"/proc/self/fd/{fd}")
        return _FillingFile(handle, room) if suffix in name else handle

    monkeypatch.setattr(compliance.outputs.atomic.os, "fdopen", fdopen)


@pytest.mark.parametrize(("full", "room"), [(".json.", 5_000), (".xlsx.", 0), (".xlsx.", 20_000)])
def test_a_disk_filling_during_one_output_leaves_none_of_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], full: str, room: int
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr("tempfile.tempdir", None)  # read TMPDIR again
    out = tmp_path / "out"
    out.mkdir()
    _fill_disk_for(monkeypatch, full, room)
    ledger = ROOT / "seeds" / "sample-ledger.xlsx"
    code, printed = _screen(str(ledger), "--json", str(out / "r.json"), "--xlsx", str(out / "r.xlsx"))
    assert code == 2 and printed == ""
    line = _one_line(capsys.readouterr().err)
    assert line.endswith("No space left on device"), line
    assert ("r.json" if full == ".json." else "r.xlsx") in line
    assert list(out.iterdir()) == []  # neither output, no .part file
    assert list(scratch.iterdir()) == []  # no scratch files of the workbook writer


def test_a_failed_report_takes_back_the_finished_json_and_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing_pdf(report: Any, path: str, page_size: str, landscape: bool) -> int:
        raise OutputFileError("cannot write the PDF: No space left on device", path=path)

    (tmp_path / "r.json").write_text("the last run's", encoding="utf-8")
    ledger = ROOT / "seeds" / "sample-ledger.xlsx"
    args = ("--json", str(tmp_path / "r.json"), "--xlsx", str(tmp_path / "r.xlsx"), "--report", str(tmp_path / "r.pdf"))
    code, printed = _screen(str(ledger), *args, pdf_writer=failing_pdf)
    assert code == 2 and printed == ""
    assert "No space left on device" in _one_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]
    assert (tmp_path / "r.json").read_text(encoding="utf-8") == "the last run's"


def test_every_output_together_when_all_succeed(tmp_path: Path) -> None:
    ledger = ROOT / "seeds" / "sample-ledger.xlsx"
    args = ("--json", str(tmp_path / "r.json"), "--xlsx", str(tmp_path / "r.xlsx"), "--report", str(tmp_path / "r.pdf"))
    code, printed = _screen(str(ledger), *args)
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json", "r.pdf", "r.xlsx"]
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
    assert f"Written: {tmp_path / 'r.json'}, {tmp_path / 'r.xlsx'}, {tmp_path / 'r.pdf'} (1 pages)" in printed


@pytest.fixture(scope="module")
def big_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from make_ledger import write_ledger

    return Path(write_ledger(tmp_path_factory.mktemp("big") / "ledger.csv", 60_000))


@pytest.mark.parametrize(("signum", "code", "says"), [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGINT, 130, "Ctrl-C")])
def test_an_interrupt_removes_every_temporary_file_and_says_one_line(
    big_ledger: Path, tmp_path: Path, signum: int, code: int, says: str
) -> None:
    scratch, out = tmp_path / "scratch", tmp_path / "out"
    scratch.mkdir()
    out.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "SANCTIONS_DESK_PROCESSES": "1"}
    args = [str(big_ledger), "--json", str(out / "r.json"), "--xlsx", str(out / "r.xlsx")]
    with subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "screen", *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as child:  # fmt: skip
        deadline = time.monotonic() + 120
        # Wait until both outputs are being written: the JSON's .part has rows, the workbook its scratch files.
        while time.monotonic() < deadline and child.poll() is None:
            parts = list(out.glob(".r.json.*.part"))
            building = any(any(f.iterdir()) for f in scratch.glob("sanctions-desk-xlsx.*"))
            if parts and parts[0].stat().st_size > 100_000 and building:
                break
            time.sleep(0.05)
        assert child.poll() is None, "the run ended before it could be interrupted"
        child.send_signal(signum)
        stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == code
    assert stderr.decode().strip() == f"stopped by {says}: nothing was written"
    assert stdout == b""
    assert list(out.iterdir()) == []
    assert list(scratch.iterdir()) == []


def test_a_closed_standard_output_is_one_line_and_exit_2(tmp_path: Path) -> None:
    victim = _ledger(tmp_path)
    with subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "screen", str(victim), "--json", "-"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as child:  # fmt: skip
        assert child.stdout is not None
        child.stdout.close()  # the reader went away (`| head`), before a byte was written
        _, stderr = child.communicate(timeout=120)
    assert child.returncode == 2
    assert stderr.decode().strip() == "error: cannot write to standard output: Broken pipe"
