"""Designation lists beyond any real UN list are refused in one line, before they cost memory or time."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

import compliance.designations.matcher as matcher
from compliance.designations.lists import MAX_LISTED_ENTRIES, load_list
from compliance.designations.matcher import PartyScreen
from compliance.model.errors import InputFileError, UsageError

UN_LIST = Path(__file__).parent / "data" / "designations" / "un-consolidated-list-2017-07-03-dprk.xml"


def _entries(source: bytes) -> list[bytes]:
    return re.findall(rb"<(?:INDIVIDUAL|ENTITY)>.*?</(?:INDIVIDUAL|ENTITY)>", source, re.S)


def write_list(path: Path, entries: int) -> Path:
    """A Consolidated List of `entries` DPRK entries: the real ones, repeated under new references."""
    source = UN_LIST.read_bytes()
    real = _entries(source)
    head = source.split(b"<INDIVIDUALS>", 1)[0]
    with path.open("wb") as out:
        out.write(head + b"<INDIVIDUALS>\n")
        for number in range(entries):
            entry = real[number % len(real)]
            entry = re.sub(
                rb"<REFERENCE_NUMBER>.*?</REFERENCE_NUMBER>",
                b"<REFERENCE_NUMBER>KP.%06d</REFERENCE_NUMBER>" % number,
                entry,
                count=1,
            )
            out.write(entry + b"\n")
        out.write(b"</INDIVIDUALS></CONSOLIDATED_LIST>\n")
    return path


def test_the_real_dprk_entries_load(tmp_path: Path) -> None:
    loaded = load_list(UN_LIST)
    assert len(loaded.listings) == 99
    assert loaded.generated is not None and loaded.generated.isoformat() == "2017-07-03"


def test_a_list_at_the_limit_loads(tmp_path: Path) -> None:
    loaded = load_list(write_list(tmp_path / "at-limit.xml", MAX_LISTED_ENTRIES))
    assert len(loaded.listings) == MAX_LISTED_ENTRIES


def test_a_list_over_the_limit_is_refused_in_one_line(tmp_path: Path) -> None:
    path = write_list(tmp_path / "over-limit.xml", MAX_LISTED_ENTRIES + 1)
    with pytest.raises(InputFileError) as caught:
        load_list(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    assert f"more than {MAX_LISTED_ENTRIES:,} DPRK entries" in message and "limit" in message


def test_a_vessel_list_over_the_limit_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = tmp_path / "vessels.csv"
    rows = ["VESSEL_NAME,IMO Number,Date of designation"]
    rows += [f"SHIP {n},{9_000_000 + n},03-Oct-17" for n in range(MAX_LISTED_ENTRIES + 1)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=f"more than {MAX_LISTED_ENTRIES:,} vessels") as caught:
        load_list(path)
    assert caught.value.row == MAX_LISTED_ENTRIES + 2  # the header is row 1


def test_lists_together_over_the_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_list(UN_LIST)
    monkeypatch.setattr(matcher, "MAX_LISTED_ENTRIES", 150)
    PartyScreen(loaded)  # 99 entries: within
    with pytest.raises(UsageError, match=r"198 entries together, too many for the limit of 150"):
        PartyScreen([loaded, loaded])


def test_screen_refuses_an_oversized_list_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from compliance.cli import main
    from compliance.paths import sample_workbook

    path = write_list(tmp_path / "huge.xml", MAX_LISTED_ENTRIES + 1)
    out = tmp_path / "out.json"
    code = main(["screen", str(sample_workbook()), "--designations", str(path), "--json", str(out)], out=io.StringIO())
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "too many for the limit" in err
    assert not out.exists()


def test_short_names_score_alike_with_and_without_the_prefilter() -> None:
    """The short listed names are scored from lists prepared once; the result must not change."""
    loaded = load_list(UN_LIST)
    fast, slow = PartyScreen(loaded), PartyScreen(loaded, prefilter=False)
    for name in (
        "Ri Won Ho",
        "Riwonho",
        "Jang Chang Ha",
        "Cho Chun Ryong",
        "Kim Chol Sam",
        "Pak Il-u",
        "Tanchon Bank",
        "Korea Ryonbong",
        "Mirim Trading",
    ):
        assert {(x.reference, round(s)) for x, _, s in fast.score_name(name)} == {
            (x.reference, round(s)) for x, _, s in slow.score_name(name)
        }, name
