"""`regimes list`, `regimes show` and `regimes diff`: the regimes read from the packs, before any data."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from compliance.cli import main

SCENARIO = Path(__file__).parent / "data" / "regimes" / "textiles-lifted.toml"


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_list_names_the_four_shipped_regimes_with_status_and_date() -> None:
    code, text = _run("regimes", "list", "--json")
    assert code == 0
    listed = {r["id"]: r for r in json.loads(text)["regimes"]}
    assert list(listed) == ["in-force", "draft-2019", "draft-2021", "us-draft-2022"]
    assert listed["in-force"]["status"] == "in force"
    assert listed["draft-2019"]["status"] == "proposal, never adopted"
    assert listed["draft-2019"]["date"] == "2019-12-16"
    assert listed["us-draft-2022"]["status"] == "vetoed draft"
    assert all(r["notice"] for r in listed.values())


def test_list_shows_a_scenario_saved_in_the_users_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANCTIONS_DESK_DATA_DIR", str(tmp_path))
    (tmp_path / "regimes").mkdir()
    (tmp_path / "regimes" / SCENARIO.name).write_text(SCENARIO.read_text(encoding="utf-8"), encoding="utf-8")
    code, text = _run("regimes", "list")
    assert code == 0
    assert "(your scenario)" in text.splitlines()[-1]


def test_diff_names_the_bans_the_us_draft_adds_and_the_caps_it_lowers() -> None:
    code, text = _run("regimes", "diff", "in-force", "us-draft-2022", "--json")
    assert code == 0
    changes = json.loads(text)["changes"]
    added = {c["rule"] for c in changes if c["kind"] == "added"}
    assert added == {"mineral-fuels-export", "watches-export", "tobacco-import"}
    modified = {c["rule"] for c in changes if c["kind"] == "modified"}
    assert modified == {"crude-oil-cap-2397", "refined-petroleum-cap-2397"}
    assert all("US draft (2022), reported item" in c["citation"] for c in changes if c["kind"] == "added")


def test_diff_as_text_carries_the_proposals_notice() -> None:
    code, text = _run("regimes", "diff", "in-force", "draft-2021")
    assert code == 0
    assert "never adopted" in text
    assert "refined-petroleum-cap-2397" in text.split("Lifted", 1)[1]


def test_show_of_a_proposal_lists_what_it_changes_against_its_base() -> None:
    code, text = _run("regimes", "show", "draft-2019")
    assert code == 0
    assert "What it changes against in-force" in text
    assert "seafood-export" in text and "never adopted" in text


def test_show_accepts_a_scenario_path() -> None:
    code, text = _run("regimes", "show", str(SCENARIO))
    assert code == 0
    assert "textiles-export" in text


def test_an_unknown_regime_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = _run("regimes", "diff", "in-force", "no-such-regime")
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert "no-such-regime" in err and len(err.splitlines()) == 1
