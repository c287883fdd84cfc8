"""What a lookback keeps on disk reads back exactly: a flagged row's source, and an input's plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from compliance.intake.csv_reader import UndecodedText
from compliance.lookback.partitions import survey
from compliance.lookback.plan_store import plan_path, save_plan, saved_plan
from compliance.lookback.source_codec import decode_source, encode_source
from compliance.model.source_row import CellProblem, SourceRow


def test_a_source_reads_back_with_its_types() -> None:
    undecoded = UndecodedText.from_surrogates("Caf\udce9 Pyongyang")
    fields = {
        "reference": "BL-1",
        "hs_code": 30614,
        "value": 12500.5,
        "date": dt.date(2017, 9, 12),
        "contract_date": dt.datetime(2017, 9, 1, 8, 30),
        "description": undecoded,
        "quantity": 10**20,
    }
    problem = CellProblem("origin", "Origin 2", "KP", "two columns give the origin", "Which is the origin?")
    source = SourceRow("in.csv", "Ledger", 14, fields, "shipment", (), "dmy", (problem,))
    back = decode_source(encode_source(source))
    assert back == source
    assert [type(v) for v in back.fields.values()] == [type(v) for v in fields.values()]
    assert isinstance(back.fields["description"], UndecodedText)
    assert back.fields["description"].escaped == undecoded.escaped
    assert back.fields["description"].foreign == b"\xe9"


def test_text_that_is_not_a_source_is_refused() -> None:
    with pytest.raises(ValueError, match="not a row"):
        decode_source('{"input": "x"}')


def test_a_plan_reads_back_whole_and_a_damaged_one_is_surveyed_again(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_bytes(b"\xef\xbb\xbfReference,Origin,Description\n" + b'R1,KP,"two\nlines"\n' * 300)
    plan = survey(0, str(ledger), 512)
    assert plan.error is None
    assert len(plan.partitions) > 5
    save_plan(tmp_path, plan)
    back = saved_plan(tmp_path, 0, str(ledger))
    assert back is not None
    assert back.partitions == plan.partitions
    assert [(s.name, s.header_row, s.mapping) for s in back.sheets] == [
        (s.name, s.header_row, s.mapping) for s in plan.sheets
    ]
    assert saved_plan(tmp_path, 0, str(tmp_path / "other.csv")) is None
    plan_path(tmp_path, 0).write_bytes(b'{"index": 0, "given"')
    assert saved_plan(tmp_path, 0, str(ledger)) is None
