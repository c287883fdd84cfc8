"""The streamed JSON writer: the fast encoding of rows with no finding matches the general one."""

from __future__ import annotations

import datetime as dt

import orjson

from compliance.engine.evaluate import screen
from compliance.model.source_row import SourceRow
from compliance.outputs.json_writer import RowEncoder
from compliance.paths import rules_dir
from compliance.rules.catalog import load_regimes


def test_fast_path_is_byte_identical_to_the_dict_path() -> None:
    current, draft = load_regimes(rules_dir())
    rows = [
        SourceRow('a "quoted" ledger.xlsx', "Shipments ü", 5, {"reference": "R\\1\n", "origin": "Germany"}),
        SourceRow("l.csv", "l", 6, {"reference": 12345.0, "origin": "France", "hs_code": "8471"}),
        SourceRow("l.csv", "l", 7, {"origin": "DPRK", "hs_code": "0307", "date": dt.date(2018, 3, 1)}),
        SourceRow("l.csv", "l", 8, {"kind": "contract", "contract_type": "JV", "counterparty_country": "KP"}),
    ]
    encoder = RowEncoder()
    results = list(screen(rows, (current, draft)))
    for result in results:
        assert encoder.encode(result) == orjson.dumps(result.as_json())
    assert orjson.loads(encoder.encode(results[0]))["reference"] == "R\\1"
    assert orjson.loads(encoder.encode(results[2]))["current"]["status"] == "prohibited"
