"""The `screen` command: summary, JSON shape, exit codes, bad input, and no partial output."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from compliance.cli import main
from compliance.paths import resource_root, sample_workbook

ROOT = resource_root()


def screen(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["screen", *args], out=out)
    return code, out.getvalue()


def small_ledger(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Shipments"
    ws.append(["Reference", "Shipment Date", "Country of Origin", "Destination", "HS Code", "Goods Description"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_sample_json_has_the_documented_shape(tmp_path: Path) -> None:
    out_json = tmp_path / "out.json"
    code, printed = screen(str(sample_workbook()), "--json", str(out_json))
    assert code == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["schema"] == "sanctions-desk/screening/v2"
    assert data["as_of"] is None
    assert [(r["id"], r["role"]) for r in data["regimes"]] == [("in-force", "baseline"), ("draft-2019", "alternative")]
    for regime in data["regimes"]:
        assert {"title", "version", "sha256", "label", "status", "date", "notice"} <= set(regime)
    (inp,) = data["inputs"]
    assert inp["sha256"] == hashlib.sha256(sample_workbook().read_bytes()).hexdigest()
    sheets = {s["name"]: s for s in inp["sheets"]}
    assert sheets["Shipments"]["header_row"] == 4
    assert sheets["Shipments"]["mapping"]["hs_code"] == "HS Code"
    assert sheets["Shipments"]["rows"] + sheets["Contracts"]["rows"] == len(data["rows"])
    row = next(
        r
        for r in data["rows"]
        if r["current"]["status"] == "prohibited" and r["current"]["hits"][0]["rule"] == "seafood-export"
    )
    assert set(row) >= {"input", "sheet", "row", "reference", "kind", "current", "draft", "change", "verdicts"}
    assert row["verdicts"] == {"in-force": row["current"], "draft-2019": row["draft"]}
    hit = row["current"]["hits"][0]
    assert hit["resolution"] == "2371" and hit["year"] == 2017 and hit["paragraph"] == "9"
    assert hit["paragraph_verified"] is True
    textile = next(h for r in data["rows"] for h in r["current"]["hits"] if h["rule"] == "textiles-export")
    assert textile["paragraph_verified"] is False and textile["citation"] == "UNSCR 2375 (2017) OP16, unverified"
    assert hit["evidence"] and {"field", "value"} <= set(hit["evidence"][0])
    assert row["draft"]["status"] == "permitted" and row["change"] == "relaxed"
    summary = data["summary"]
    assert sum(summary["current"].values()) == len(data["rows"])
    assert summary["changed"] == sum(r["change"] != "unchanged" for r in data["rows"])
    assert f"(never adopted) would change {summary['changed']} rows" in printed


def test_as_of_is_recorded_and_applied(tmp_path: Path) -> None:
    ledger = small_ledger(tmp_path / "l.xlsx", [["S1", "2017-03-01", "DPRK", "China", "030743", "crab"]])
    for as_of, status in (("2017-03-01", "permitted"), ("2020-01-15", "prohibited")):
        out_json = tmp_path / f"{as_of}.json"
        assert screen(str(ledger), "--as-of", as_of, "--json", str(out_json))[0] == 0
        data = json.loads(out_json.read_text())
        assert data["as_of"] == as_of
        assert data["rows"][0]["current"]["status"] == status


def test_fail_on_exit_codes(tmp_path: Path) -> None:
    banned = small_ledger(tmp_path / "b.xlsx", [["S1", "2018-03-01", "DPRK", "China", "030743", "crab"]])
    clean = small_ledger(tmp_path / "c.xlsx", [["S2", "2018-03-01", "Germany", "France", "8471", "laptops"]])
    assert screen(str(banned), "--fail-on", "prohibited")[0] == 1
    assert screen(str(banned), "--fail-on", "review")[0] == 1
    assert screen(str(clean), "--fail-on", "review")[0] == 0
    assert screen(str(banned))[0] == 0


def test_map_overrides_a_header(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Reference", "Date", "Origin", "Destination", "Tariff No", "Goods"])
    ws.append(["S1", "2018-03-01", "DPRK", "China", "030743", "frozen goods"])
    wb.save(tmp_path / "m.xlsx")
    out_json = tmp_path / "m.json"
    assert screen(str(tmp_path / "m.xlsx"), "--map", "hs_code=Tariff No", "--json", str(out_json))[0] == 0
    data = json.loads(out_json.read_text())
    assert data["inputs"][0]["sheets"][0]["mapping"]["hs_code"] == "Tariff No"
    assert data["rows"][0]["current"]["hits"][0]["rule"] == "seafood-export"


def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "photo.xlsx"
    bogus.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    out_json = tmp_path / "out.json"
    code, _ = screen(str(bogus), "--json", str(out_json))
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "photo.xlsx" in err and "Traceback" not in err
    assert not out_json.exists()
    assert list(tmp_path.iterdir()) == [bogus]


@pytest.mark.parametrize(
    "args",
    [["--as-of", "15/01/2020"], ["--map", "hs_code"], ["--fail-on", "maybe"], ["--map", "colour=HS Code"]],
)
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(["screen", str(sample_workbook()), *args], out=io.StringIO())
    except SystemExit as exc:  # argparse reports malformed options by exiting
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err


def test_unwritable_json_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "out.json"
    code, _ = screen(str(sample_workbook()), "--json", str(target))
    assert code == 2
    assert not target.parent.exists()


def test_main_py_screen_runs_as_a_process(tmp_path: Path) -> None:
    out_json = tmp_path / "p.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "screen", str(sample_workbook()), "--json", str(out_json), "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Screened" in proc.stdout
    assert json.loads(out_json.read_text())["rows"]


def test_input_file_is_not_modified(tmp_path: Path) -> None:
    ledger = small_ledger(tmp_path / "l.xlsx", [["S1", "2018-03-01", "DPRK", "China", "030743", "crab"]])
    before = (ledger.read_bytes(), ledger.stat().st_mtime_ns)
    screen(str(ledger), "--json", str(tmp_path / "o.json"))
    assert (ledger.read_bytes(), ledger.stat().st_mtime_ns) == before


def test_self_test_passes_on_the_bundled_sample() -> None:
    out = io.StringIO()
    assert main(["--self-test"], out=out) == 0
    assert "Self-test passed: 106 sample rows, 0 mismatches." in out.getvalue()


def test_self_test_fails_when_a_verdict_differs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import compliance.selftest as selftest

    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    expected = seeds / "sample-expected.csv"
    lines = expected.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("prohibited,prohibited", "permitted,permitted", 1)
    expected.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(selftest, "seeds_dir", lambda: seeds)
    out = io.StringIO()
    assert main(["--self-test"], out=out) == 1
    assert "expected permitted/permitted, got prohibited/prohibited" in out.getvalue()


def test_json_written_beside_a_workbook_is_the_json_written_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone, beside, xlsx = tmp_path / "alone.json", tmp_path / "beside.json", tmp_path / "out.xlsx"
    # Each run with a store of its own: a second run of one ledger would say what is new since the first.
    monkeypatch.setenv("SANCTIONS_DESK_DATA_DIR", str(tmp_path / "store-1"))
    assert screen(str(sample_workbook()), "--json", str(alone), "--quiet")[0] == 0
    monkeypatch.setenv("SANCTIONS_DESK_DATA_DIR", str(tmp_path / "store-2"))
    assert screen(str(sample_workbook()), "--json", str(beside), "--xlsx", str(xlsx), "--quiet")[0] == 0
    assert beside.read_bytes() == alone.read_bytes()
    assert xlsx.stat().st_size > 0


def test_an_output_that_cannot_be_written_leaves_no_other_output(tmp_path: Path) -> None:
    out_json = tmp_path / "out.json"
    code, _ = screen(str(sample_workbook()), "--json", str(out_json), "--xlsx", str(tmp_path / "missing" / "o.xlsx"))
    assert code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no JSON, no temporary file


def test_leave_out_stops_screening_a_column(tmp_path: Path) -> None:
    ledger = small_ledger(tmp_path / "l.xlsx", [["S1", "2018-03-01", "DPRK", "China", "030743", "goods"]])
    out_json = tmp_path / "o.json"
    assert screen(str(ledger), "--json", str(out_json), "--quiet")[0] == 0
    read = json.loads(out_json.read_text())
    assert read["rows"][0]["current"]["status"] == "prohibited"  # seafood by its HS code
    assert screen(str(ledger), "--json", str(out_json), "--leave-out", "HS code", "--quiet")[0] == 0
    left = json.loads(out_json.read_text())
    assert left["rows"][0]["current"]["status"] != "prohibited"  # the code is no longer read
    sheet = left["inputs"][0]["sheets"][0]
    assert "hs_code" not in sheet["mapping"] and "HS Code" in sheet["unmapped"]


def test_leave_out_names_an_unknown_field(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = screen(str(sample_workbook()), "--leave-out", "tariff wizardry")
    assert code == 2
    assert "unknown field 'tariff wizardry' in --leave-out" in capsys.readouterr().err
