"""The screening JSON's row template (rows with no finding) writes what the general encoding writes,
with and without the decisions store's `new` flag, on generated ledger rows."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import pytest

from compliance.engine.evaluate import screen
from compliance.intake.importer import open_input
from compliance.outputs.json_writer import RowEncoder
from compliance.paths import rules_dir
from compliance.rules.regime import load_regimes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from make_ledger import TWELVE_COLUMNS, write_ledger


@pytest.mark.parametrize("new", [None, True, False])
def test_template_rows_match_the_general_encoding(tmp_path: Path, new: bool | None) -> None:
    ledger = write_ledger(tmp_path / "ledger.xlsx", 600, seed=5, columns=TWELVE_COLUMNS, dprk_share=0.3)
    current, draft = load_regimes(rules_dir())
    encoder = RowEncoder()
    templated = general = 0
    for result in screen(open_input(ledger, keep_cells=False).rows(), current, draft):
        plain = not (result.current.hits or result.draft.hits or result.notes)
        if plain and result.ruled_out:
            continue  # a tied row permitted under both regimes: its reasons are not in the template
        expected = result.as_json()
        if new is not None:
            expected["new"] = new
        assert encoder.encode(result, new) == orjson.dumps(expected), f"row {result.source.row}"
        templated += plain
        general += not plain
    assert templated > 300 and general > 50
