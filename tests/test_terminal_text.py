"""Every line the command line prints shows control and bidi characters as escapes, never raw.

A crafted reference once made "1 prohibited" display as "0 prohibited": ESC sequences move the
cursor and erase, a carriage return rewrites the line, and bidi overrides reorder what follows.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from compliance.cli import main
from compliance.outputs.terminal import BIDI_CONTROLS, printable

HOSTILE = "\x1b[1A\x1b[2K\x07\x08\x9b2J\u202e\u2028\u2066\u200f\u061c"
"""Cursor up and erase line (ESC and C1 CSI), BEL, backspace, bidi override, isolate, RLM, ALM, line separator."""

RAW = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))} | set(BIDI_CONTROLS) | {"\u2028", "\u2029"}


def _raw_in(text: str) -> set[str]:
    return {c for c in text if c in RAW and c != "\n"}


@pytest.mark.parametrize("char", [*map(chr, range(0x20)), "\x7f", "\x85", "\x9b", *BIDI_CONTROLS, "\u2028", "\udc9b"])
def test_each_control_bidi_or_lone_surrogate_becomes_an_escape(char: str) -> None:
    shown = printable(f"R{char}1")
    assert char not in shown
    assert shown == f"R\\x{ord(char):02x}1" if ord(char) < 0x100 else shown == f"R\\u{ord(char):04x}1"


def test_ordinary_text_of_any_script_is_left_alone() -> None:
    text = "조선 朝鲜 Côte d'Ivoire عربي 1 prohibited"
    assert printable(text) == text


def _hostile_ledger(folder: Path) -> Path:
    # The file name (and so the sheet name of a csv) carries the attack too.
    path = folder / f"ledger{HOSTILE.replace(chr(0x08), '').replace(chr(0x2028), '')}.csv"
    path.write_text(
        "Reference,Shipment Date,Country of Origin,HS Code,Goods Description\n"
        f"R1{HOSTILE},2018-03-01,DPRK,030743,squid\n",
        encoding="utf-8",
    )
    return path


def test_the_summary_shows_hostile_references_file_and_sheet_names_escaped(tmp_path: Path) -> None:
    out = io.StringIO()
    code = main(["screen", str(_hostile_ledger(tmp_path))], out=out)
    printed = out.getvalue()
    assert code == 0
    assert _raw_in(printed) == set()
    assert "R1\\x1b[1A\\x1b[2K\\x07\\x08\\x9b2J\\u202e\\u2028\\u2066\\u200f\\u061c" in printed
    assert "ledger\\x1b[1A" in printed  # the file name and the sheet name it gives
    assert ": 1 prohibited, 0 review, 0 permitted" in printed


def test_error_lines_show_hostile_names_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no\x1b]0;owned\x07such\u202e.csv"
    assert main(["screen", str(missing)], out=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert _raw_in(err) == set() and len(err.strip().splitlines()) == 1
    assert "no\\x1b]0;owned\\x07such\\u202e.csv" in err


def test_usage_errors_show_hostile_arguments_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["screen", "x.csv", "--as-of", "\x1b[31m2019\u202e"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert _raw_in(err) == set() and len(err.strip().splitlines()) == 1
    assert "\\x1b[31m2019\\u202e" in err


def test_an_output_error_shows_the_hostile_path_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = _hostile_ledger(tmp_path)
    assert main(["screen", str(ledger), "--json", str(ledger)], out=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert _raw_in(err) == set() and "is the input" in err
