"""The screening JSON's row template (rows with no finding) writes what the general encoding writes,
with and without the decisions store's `new` flag, on generated ledger rows: a DPRK-tied row cleared
under every regime keeps its measures ruled out."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import pytest

from compliance.engine.evaluate import screen
from compliance.intake.importer import open_input
from compliance.outputs.json_writer import RowEncoder
from compliance.paths import rules_dir
from compliance.rules.catalog import load_regimes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from make_ledger import TWELVE_COLUMNS, write_ledger


@pytest.mark.parametrize("new", [None, True, False])
def test_template_rows_match_the_general_encoding(tmp_path: Path, new: bool | None) -> None:
    ledger = write_ledger(tmp_path / "ledger.xlsx", 600, seed=5, columns=TWELVE_COLUMNS, dprk_share=0.3)
    regimes = load_regimes(rules_dir(), ["in-force", "draft-2019", "us-draft-2022"])
    ids = [r.id for r in regimes]
    encoder = RowEncoder(ids)
    templated = general = tied_and_clear = 0
    for result in screen(open_input(ledger, keep_cells=False).rows(), regimes):
        plain = not (any(v.hits for v in result.verdicts) or result.notes or result.ruled_out)
        tied_and_clear += bool(result.ruled_out) and not any(v.hits for v in result.verdicts)
        expected = result.as_json(ids)
        if new is not None:
            expected["new"] = new
        assert encoder.encode(result, new) == orjson.dumps(expected), f"row {result.source.row}"
        templated += plain
        general += not plain
    assert templated > 300 and general > 50 and tied_and_clear > 0
