"""A regime on a fictional country: the target, its ties and its texts come from the pack alone.

tests/data/regimes/fictional holds measures on "Freedonia" (code XF, which no country table knows,
its names and places given by the pack). Rows tied to it are judged by its measures; rows tied to the
DPRK, or naming a bare "Korea", are untied under it; and the shipped measures do not see Freedonia.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compliance.designations.parties import PartyScreening, load_party_screening
from compliance.engine.evaluate import screen_row
from compliance.model.errors import RuleFileError
from compliance.model.results import RowResult
from compliance.model.source_row import SourceRow
from compliance.model.status import Status
from compliance.normalise.record import link_row
from compliance.paths import rules_dir
from compliance.rules.catalog import load_regime, load_screening
from compliance.rules.regime import Regime

FICTIONAL = Path(__file__).parent / "data" / "regimes" / "fictional"
PACK = FICTIONAL / "freedonia-in-force.toml"
UN_LIST = Path(__file__).parent / "data" / "designations" / "un-consolidated-list-2017-07-03-dprk.xml"


@pytest.fixture(scope="module")
def freedonia() -> Regime:
    return load_regime("freedonia-in-force", FICTIONAL)


@pytest.fixture(scope="module")
def in_force() -> Regime:
    return load_regime("in-force", rules_dir())


def shipment(**fields: Any) -> SourceRow:
    return SourceRow("ledger.xlsx", "Shipments", 5, {"reference": "R1", "date": "2031-03-01", **fields})


def screened(source: SourceRow, regime: Regime, parties: PartyScreening | None = None) -> RowResult:
    return screen_row(source, (regime,), parties=parties)


def test_the_target_is_the_packs(freedonia: Regime, in_force: Regime) -> None:
    assert (freedonia.book.target.code, freedonia.book.target.name) == ("XF", "Freedonia")
    assert (in_force.book.target.code, in_force.book.target.name) == ("KP", "the DPRK")


def test_freedonian_cheese_is_prohibited_by_the_freedonia_measures(freedonia: Regime) -> None:
    result = screened(shipment(origin="Freedonia", destination="France", hs_code="040690"), freedonia)
    assert result.baseline.status == Status.PROHIBITED
    hit = result.baseline.hits[0]
    assert hit.rule_id == "cheese-export"
    assert hit.citation_text() == "UNSCR 9001 (2030) OP4"
    assert ("origin", "Freedonia") in [(e.field, e.value) for e in hit.evidence]


def test_a_port_the_pack_names_ties_the_row_in_its_role(freedonia: Regime) -> None:
    rec = link_row(shipment(origin="Italy", discharge_port="Port of Fredport", hs_code="930190"), freedonia.book.target)
    assert set(rec.links) == {"to_dprk"}
    result = screened(shipment(origin="Italy", discharge_port="Port of Fredport", hs_code="930190"), freedonia)
    assert [h.rule_id for h in result.baseline.hits] == ["arms-import"]


def test_a_party_naming_a_freedonian_place_ties_the_row(freedonia: Regime) -> None:
    source = shipment(origin="Italy", shipper="Marxville Dairy Cooperative", description="aged cheese")
    assert set(link_row(source, freedonia.book.target).links) == {"from_dprk", "dprk_party"}
    assert screened(source, freedonia).baseline.status == Status.PROHIBITED


def test_a_tied_row_cleared_by_the_measures_stands_on_their_reasons(freedonia: Regime) -> None:
    result = screened(shipment(origin="Freedonia", destination="France", hs_code="847130"), freedonia)
    assert result.baseline.status == Status.PERMITTED
    assert {r.rule_id for r in result.ruled_out} == {"cheese-export"}


def test_the_data_checks_speak_of_the_target(freedonia: Regime) -> None:
    result = screened(shipment(origin="Freedonia", destination="France"), freedonia)
    assert result.baseline.status == Status.REVIEW
    reasons = [h.reason for h in result.baseline.hits]
    assert any("tied to Freedonia and names no goods" in r for r in reasons)
    assert not any("DPRK" in r for r in reasons)


@pytest.mark.parametrize("origin", ["DPRK", "North Korea", "Nampho", "Korea", "KP"])
def test_dprk_and_korea_rows_are_untied_under_the_freedonia_measures(freedonia: Regime, origin: str) -> None:
    source = shipment(origin=origin, destination="Freedonia", hs_code="040690", shipper="Pyongyang Cheese Co.")
    assert not link_row(source, freedonia.book.target).links.keys() & {"from_dprk", "dprk_party"}
    result = screened(shipment(origin=origin, hs_code="040690", shipper="Pyongyang Cheese Co."), freedonia)
    assert result.baseline.status == Status.PERMITTED
    assert not result.baseline.hits
    assert not result.ruled_out


def test_the_same_dprk_row_is_judged_by_the_measures_in_force(in_force: Regime) -> None:
    result = screened(shipment(origin="Nampho", hs_code="030749", date="2018-03-01"), in_force)
    assert result.baseline.status == Status.PROHIBITED
    korea = screened(shipment(origin="Korea", hs_code="030749", date="2018-03-01"), in_force)
    assert korea.baseline.status == Status.REVIEW
    assert any("'Korea' here mean the DPRK" in (h.question or "") for h in korea.baseline.hits)


def test_freedonia_rows_are_untied_under_the_measures_in_force(in_force: Regime) -> None:
    result = screened(shipment(origin="Freedonia", shipper="Marxville Dairy Cooperative", hs_code="030749"), in_force)
    assert result.baseline.status == Status.PERMITTED
    assert not result.ruled_out


def test_a_designation_cites_the_packs_basis(freedonia: Regime, in_force: Regime) -> None:
    parties = load_party_screening([UN_LIST])
    assert parties is not None
    source = shipment(origin="China", destination="Malaysia", hs_code="9403", consignee="Korea Kwangson Banking Corp.")
    fictional = screened(source, freedonia, parties).baseline.hits[0]
    shipped = screened(source, in_force, parties).baseline.hits[0]
    assert (fictional.rule_id, fictional.citation_text()) == ("designated-party", "UNSCR 9000 (2029) OP3")
    assert shipped.citation_text() == "UNSCR 1718 (2006) OP8(d)"


def _pack_without(tmp_path: Path, old: str, new: str = "") -> Path:
    text = PACK.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / PACK.name).write_text(text.replace(old, new), encoding="utf-8")
    return tmp_path


def test_a_base_pack_without_a_target_is_refused(tmp_path: Path) -> None:
    start = PACK.read_text(encoding="utf-8").index("[vocabulary.target]")
    end = PACK.read_text(encoding="utf-8").index("[vocabulary.designations]")
    folder = _pack_without(tmp_path, PACK.read_text(encoding="utf-8")[start:end])
    with pytest.raises(RuleFileError, match=r"declares no target country: \[vocabulary.target\]"):
        load_screening(["freedonia-in-force"], folder)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('to_dprk = ["destination"', 'to_dprk = ["destiny"', "not country cells: destiny"),
        ('from_dprk = ["origin"', 'from_freedonia = ["origin"', "field 'vocabulary.target.links.from_freedonia"),
        ('shipper = ["from_dprk"', 'skipper = ["from_dprk"', "not party cells: skipper"),
        ('country = "XF"', 'country = "KP"', "[vocabulary.target.ambiguous] says what to ask"),
    ],
)
def test_a_bad_target_is_refused_with_file_and_reason(tmp_path: Path, old: str, new: str, message: str) -> None:
    folder = _pack_without(tmp_path, old, new)
    with pytest.raises(RuleFileError) as err:
        load_screening(["freedonia-in-force"], folder)
    text = err.value.one_line()
    assert PACK.name in text
    assert message in text
    assert "line " in text
