"""Designations in the screening: a designated party keeps a row prohibited under both regimes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from compliance.cli import main
from compliance.designations.parties import PartyScreening, load_party_screening
from compliance.engine.evaluate import screen_row
from compliance.model.source_row import SourceRow
from compliance.model.status import Status
from compliance.paths import rules_dir, sample_workbook
from compliance.rules.catalog import load_regimes
from compliance.rules.regime import Regime

UN_LIST = Path(__file__).parent / "data" / "designations" / "un-consolidated-list-2017-07-03-dprk.xml"


@pytest.fixture(scope="module")
def regimes() -> tuple[Regime, Regime]:
    return load_regimes(rules_dir())


@pytest.fixture(scope="module")
def parties() -> PartyScreening:
    screening = load_party_screening([UN_LIST])
    assert screening is not None
    return screening


def test_designated_consignee_is_prohibited_under_both_regimes(
    regimes: tuple[Regime, Regime], parties: PartyScreening
) -> None:
    row = SourceRow(
        "l.xlsx",
        "Shipments",
        9,
        {
            "reference": "P1",
            "date": "2018-05-01",
            "origin": "China",
            "destination": "Malaysia",
            "hs_code": "9403",
            "consignee": "Korea Kwangson Banking Corp.",
        },
    )
    result = screen_row(row, regimes, parties=parties)
    assert result.baseline.status == result.alternative.status == Status.PROHIBITED
    hit = result.baseline.hits[0]
    assert hit.rule_id == "designated-party"
    assert hit.citation_text() == "UNSCR 1718 (2006) OP8(d)"
    assert any(e.field == "listing" and "KPe.025" in e.value for e in hit.evidence)
    assert hit.measure == "designations"


def test_designated_seller_keeps_a_lifted_statue_sale_banned(
    regimes: tuple[Regime, Regime], parties: PartyScreening
) -> None:
    row = SourceRow(
        "l.xlsx",
        "Shipments",
        10,
        {
            "reference": "P2",
            "date": "2018-05-01",
            "origin": "DPRK",
            "destination": "Namibia",
            "hs_code": "9703",
            "shipper": "Hesong Trading Co., Ltd.",
        },
    )
    without = screen_row(row, regimes)
    with_lists = screen_row(row, regimes, parties=parties)
    assert (without.baseline.status, without.alternative.status) == (Status.PROHIBITED, Status.PERMITTED)
    assert (with_lists.baseline.status, with_lists.alternative.status) == (Status.PROHIBITED, Status.PROHIBITED)
    assert with_lists.change == "unchanged"
    assert {h.rule_id for h in with_lists.alternative.hits} == {"statues-export", "designated-party"}


def test_innocent_parties_add_nothing(regimes: tuple[Regime, Regime], parties: PartyScreening) -> None:
    row = SourceRow(
        "l.xlsx",
        "Shipments",
        11,
        {
            "reference": "P3",
            "origin": "Germany",
            "destination": "France",
            "hs_code": "8471",
            "shipper": "Siemens AG",
            "consignee": "Renault SA",
            "bank": "BNP Paribas",
        },
    )
    result = screen_row(row, regimes, parties=parties)
    assert result.baseline.status == Status.PERMITTED and result.baseline.hits == ()


def test_cli_reports_lists_and_thresholds_in_json(tmp_path: Path) -> None:
    out_json = tmp_path / "o.json"
    code = main(
        [
            "screen",
            str(sample_workbook()),
            "--designations",
            str(UN_LIST),
            "--json",
            str(out_json),
            "--match-threshold",
            "97",
            "--review-threshold",
            "85",
        ],
        out=io.StringIO(),
    )
    assert code == 0
    party = json.loads(out_json.read_text())["party_screening"]
    assert party["match_threshold"] == 97 and party["review_threshold"] == 85
    (listed,) = party["lists"]
    assert listed["generated"] == "2017-07-03" and listed["entries"] == 99 and len(listed["sha256"]) == 64


def test_cli_without_lists_says_party_screening_is_off(tmp_path: Path) -> None:
    out = io.StringIO()
    out_json = tmp_path / "o.json"
    assert main(["screen", str(sample_workbook()), "--json", str(out_json)], out=out) == 0
    assert "Party screening is off" in out.getvalue()
    assert "off" in json.loads(out_json.read_text())["party_screening"]


def test_bad_designation_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "list.xml"
    bogus.write_text("<html>not a list</html>", encoding="utf-8")
    assert main(["screen", str(sample_workbook()), "--designations", str(bogus)], out=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert "list.xml" in err and err.count("\n") == 1
