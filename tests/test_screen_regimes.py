"""`screen --regime`: any baseline and alternatives, by id or scenario path, in the JSON, the summary,
the workbook and the report."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from compliance.cli import main
from compliance.outputs.report.model import build_report
from compliance.outputs.xlsx_writer import JUDGEMENT_NOTICE
from compliance.paths import rules_dir
from compliance.rules.catalog import load_screening
from compliance.run import start_run
from gui.printing.report_html import render_html

SCENARIO = Path(__file__).parent / "data" / "regimes" / "textiles-lifted.toml"
HEADERS = ["Reference", "Shipment Date", "Country of Origin", "Destination", "HS Code", "Goods Description",
           "Quantity", "Unit", "Value", "Currency"]  # fmt: skip
ROWS = [
    ["TOBACCO", "2023-03-01", "China", "DPRK", "240220", "Cigarettes", None, None, 50_000, "USD"],
    ["WATCHES", "2023-03-01", "North Korea", "China", "910211", "Wristwatches", None, None, 12_000, "USD"],
    ["BITUMEN", "2023-03-01", "North Korea", "China", "271320", "Petroleum bitumen", None, None, 80_000, "USD"],
    ["DIESEL", "2023-03-01", "China", "DPRK", "271019", "Diesel fuel", 400_000, "bbl", 9_000_000, "USD"],
    ["SHIRTS", "2019-03-01", "North Korea", "China", "6109", "Cotton T-shirts", None, None, 30_000, "USD"],
    ["SWEATERS", "2019-03-01", "North Korea", "China", "6110", "Knitted jumpers", None, None, 20_000, "USD"],
    ["CRAB", "2019-03-01", "North Korea", "China", "030633", "Frozen crab", None, None, 15_000, "USD"],
    ["CHAIRS", "2023-03-01", "France", "Germany", "940161", "Upholstered chairs", None, None, 4_000, "EUR"],
]


def screen(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["screen", *args], out=out)
    return code, out.getvalue()


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Shipments"
    ws.append(HEADERS)
    for row in ROWS:
        ws.append(row)
    path = tmp_path / "ledger.xlsx"
    wb.save(path)
    return path


def _json(ledger: Path, *regimes: str, name: str = "out.json") -> tuple[dict[str, Any], str]:
    out = ledger.parent / name
    options = [x for r in regimes for x in ("--regime", r)]
    code, printed = screen(str(ledger), *options, "--json", str(out))
    assert code == 0, printed
    return json.loads(out.read_text(encoding="utf-8")), printed


def _by_ref(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["reference"]: r for r in data["rows"]}


def test_the_us_draft_prohibits_tobacco_watches_and_mineral_fuels_and_says_tightened(ledger: Path) -> None:
    data, printed = _json(ledger, "in-force", "us-draft-2022")
    assert [(r["id"], r["role"]) for r in data["regimes"]] == [
        ("in-force", "baseline"),
        ("us-draft-2022", "alternative"),
    ]
    us = data["regimes"][1]
    assert (
        us["status"] == "vetoed draft" and us["label"] == "US draft, May 2022 (vetoed; never adopted)" and us["notice"]
    )
    rows = _by_ref(data)
    added = {"TOBACCO": "tobacco-import", "WATCHES": "watches-export", "BITUMEN": "mineral-fuels-export"}
    for ref, rule in added.items():
        row = rows[ref]
        assert row["current"]["status"] != "prohibited"
        assert row["draft"]["status"] == "prohibited" and row["change"] == "tightened", ref
        assert rule in {h["rule"] for h in row["draft"]["hits"]}
        assert row["verdicts"] == {"in-force": row["current"], "us-draft-2022": row["draft"]}
    # Its lower refined-petroleum cap: 400,000 barrels is within the cap in force, above the draft's 375,000.
    diesel = rows["DIESEL"]
    assert (diesel["current"]["status"], diesel["draft"]["status"], diesel["change"]) == (
        "review", "prohibited", "tightened",
    )  # fmt: skip
    assert rows["CHAIRS"]["change"] == "unchanged" and rows["CRAB"]["change"] == "unchanged"
    summary = data["summary"]
    assert summary["tightened"] == 4 and summary["relaxed"] == 0
    assert summary["regimes"]["us-draft-2022"]["tightened"] == 4
    assert (
        "US draft, May 2022 (vetoed; never adopted) would change 4 rows (0 relaxed, 4 tightened) "
        "against Measures in force." in printed
    )
    assert us["notice"] in printed


def test_the_2021_draft_relaxes_refined_petroleum_under_the_cap_rules(ledger: Path) -> None:
    data, _ = _json(ledger, "in-force", "draft-2021")
    diesel = _by_ref(data)["DIESEL"]
    assert (diesel["current"]["status"], diesel["draft"]["status"], diesel["change"]) == (
        "review",
        "permitted",
        "relaxed",
    )
    lifted = [h for h in diesel["draft"]["hits"] if h.get("lifted")]
    assert [h["rule"] for h in lifted] == ["refined-petroleum-cap-2397"]


def test_a_scenario_file_lifting_textiles_changes_exactly_the_textile_rows(ledger: Path) -> None:
    data, _ = _json(ledger, "in-force", str(SCENARIO))
    assert data["regimes"][1]["id"] == "textiles-lifted" and data["regimes"][1]["status"] == "user scenario"
    changed = {r["reference"] for r in data["rows"] if r["change"] != "unchanged"}
    textile = {r["reference"] for r in data["rows"] if "textiles-export" in {h["rule"] for h in r["current"]["hits"]}}
    assert changed == textile == {"SHIRTS", "SWEATERS"}
    assert all(_by_ref(data)[ref]["change"] == "relaxed" for ref in changed)


def test_three_regimes_in_one_run_give_three_verdicts_per_row(ledger: Path) -> None:
    data, printed = _json(ledger, "in-force", "us-draft-2022", "draft-2021")
    ids = ["in-force", "us-draft-2022", "draft-2021"]
    assert [r["id"] for r in data["regimes"]] == ids
    assert [r["role"] for r in data["regimes"]] == ["baseline", "alternative", "other"]
    for row in data["rows"]:
        assert list(row["verdicts"]) == ids
        assert row["verdicts"]["in-force"] == row["current"] and row["verdicts"]["us-draft-2022"] == row["draft"]
    rows = _by_ref(data)
    assert rows["DIESEL"]["verdicts"]["draft-2021"]["status"] == "permitted"
    assert list(data["summary"]["regimes"]) == ids
    freed = {
        r["reference"]
        for r in data["rows"]
        if r["verdicts"]["draft-2021"]["status"] == "permitted" and r["current"]["status"] != "permitted"
    }
    assert freed == {"DIESEL", "SHIRTS", "SWEATERS", "CRAB"}
    assert data["summary"]["regimes"]["draft-2021"]["relaxed"] == 4
    for regime in data["regimes"][1:]:
        assert regime["notice"] in printed


def test_the_default_regimes_are_the_measures_in_force_and_the_2019_draft(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default, _ = _json(ledger, name="default.json")
    # A store of its own: screened again in the same store, every hit would say it is not new.
    monkeypatch.setenv("SANCTIONS_DESK_DATA_DIR", str(tmp_path / "second-store"))
    named, _ = _json(ledger, "in-force", "draft-2019", name="named.json")
    assert default["regimes"] == named["regimes"]
    assert [(r["current"], r["draft"], r["change"]) for r in default["rows"]] == [
        (r["current"], r["draft"], r["change"]) for r in named["rows"]
    ]


def test_fail_on_follows_the_baseline(ledger: Path, tmp_path: Path) -> None:
    bitumen_only = tmp_path / "bitumen.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADERS)
    ws.append(ROWS[2])
    wb.save(bitumen_only)
    # Prohibited only under the US draft: fails when the draft is the baseline, not when it is the alternative.
    assert (
        screen(str(bitumen_only), "--regime", "in-force", "--regime", "us-draft-2022", "--fail-on", "prohibited")[0]
        == 0
    )
    assert (
        screen(str(bitumen_only), "--regime", "us-draft-2022", "--regime", "in-force", "--fail-on", "prohibited")[0]
        == 1
    )


@pytest.mark.parametrize(
    ("regimes", "says"),
    [
        (["in-force", "no-such-regime"], "no regime 'no-such-regime' (known: "),
        (["in-force"], "--regime in-force: give the alternative too"),
        (["in-force", "draft-2019", "in-force"], "regime 'in-force' is already screened"),
    ],
)
def test_a_bad_regime_choice_is_one_line_and_exit_2(
    ledger: Path, regimes: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = ledger.parent / "never.json"
    code, _ = screen(str(ledger), *[x for r in regimes for x in ("--regime", r)], "--json", str(out))
    err = capsys.readouterr().err
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()


def test_a_bad_scenario_file_is_named_with_its_line(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = ledger.parent / "bad-scenario.toml"
    bad.write_text(SCENARIO.read_text(encoding="utf-8").replace('based_on = "in-force"', 'based_on = "in-force'))
    code, _ = screen(str(ledger), "--regime", "in-force", "--regime", str(bad))
    err = capsys.readouterr().err.strip()
    assert code == 2 and str(bad) in err and "line" in err and len(err.splitlines()) == 1


def test_an_output_may_not_overwrite_the_scenario_file(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = ledger.parent / "mine.toml"
    shutil.copy(SCENARIO, copy)
    code, _ = screen(str(ledger), "--regime", "in-force", "--regime", str(copy), "--json", str(copy))
    assert code == 2 and copy.read_bytes() == SCENARIO.read_bytes()
    assert "mine.toml" in capsys.readouterr().err


def test_the_workbook_names_each_regime_and_prints_each_notice(ledger: Path) -> None:
    out = ledger.parent / "out.xlsx"
    options = ["--regime", "in-force", "--regime", "us-draft-2022", "--regime", str(SCENARIO)]
    assert screen(str(ledger), *options, "--xlsx", str(out))[0] == 0
    wb = load_workbook(out, read_only=True)
    summary = [c for row in wb["Summary"].iter_rows(values_only=True) for c in row if c is not None]
    regimes = load_screening(["in-force", "us-draft-2022", str(SCENARIO)], rules_dir())
    for regime in regimes[1:]:
        assert regime.notice in summary
    assert JUDGEMENT_NOTICE in summary
    assert "Rows US draft, May 2022 (vetoed; never adopted) would change" in summary
    header = list(next(wb["Shipments"].iter_rows(max_row=1, values_only=True)))
    labels = [r.label for r in regimes]
    assert header[:7] == ["Sheet", "Row", *labels[:2], "Change", labels[2], f"Change: {labels[2]}"]
    assert f"{labels[2]}: citations" in header
    shirts = next(r for r in wb["Shipments"].iter_rows(min_row=2, values_only=True) if "SHIRTS" in r)
    assert shirts[2:7] == ("prohibited", "prohibited", "unchanged", "permitted", "relaxed")


def test_the_report_compares_the_baseline_with_several_alternatives_in_one_table(ledger: Path) -> None:
    regimes = load_screening(["in-force", "us-draft-2022", "draft-2021", str(SCENARIO)], rules_dir())
    run = start_run([ledger], rules_dir=rules_dir(), regimes=regimes)
    report = build_report(run, run.results(), organisation="", officer="", generated_at=dt.datetime(2026, 12, 5, 9))
    alternatives = {a.label: a for a in report.summary.alternatives}
    assert list(alternatives) == [r.label for r in regimes[1:]]
    us, cn, textiles = (alternatives[r.label] for r in regimes[1:])
    assert (us.relaxed, us.tightened) == (0, 4)
    assert {g.measure: g.rows for g in textiles.groups} == {"textiles": 2}
    assert sum(g.rows for g in cn.groups if g.change == "relaxed") == cn.relaxed
    html = render_html(report)
    assert "Each alternative against Measures in force" in html
    for regime in regimes[1:]:
        assert regime.notice.replace("'", "&#x27;") in html
    # The 2019 draft is not among them: nothing is said of it.
    assert "December 2019 China-Russia draft" not in html and "China-Russia draft, Dec 2019" not in html
    for regime in regimes[1:]:
        assert (regime.declared.banner if regime.declared and regime.declared.banner else regime.label) in (
            report.page_notice
        )
