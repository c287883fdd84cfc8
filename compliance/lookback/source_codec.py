"""A flagged row's source kept as JSON text in the results, and read back exactly for the report.

JSON rather than pickle: a results folder is kept, copied and opened again later, and reading it must
never run code. Each cell keeps its type (text, number, date, time of day), so the row screened again
from it is the row that was screened.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson

from compliance.intake.csv_reader import UndecodedText
from compliance.model.source_row import CellProblem, SourceRow


def _cell(value: Any) -> list[Any]:
    # datetime before date: a datetime is a date too.
    if isinstance(value, UndecodedText):
        return ["undecoded", str(value), value.escaped, value.foreign.hex()]
    if isinstance(value, str):
        return ["text", value]
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, int):
        return ["int", str(value)]  # as text: a long integer keeps every digit
    if isinstance(value, float):
        return ["float", repr(value)]
    if isinstance(value, dt.datetime):
        return ["datetime", value.isoformat()]
    if isinstance(value, dt.date):
        return ["date", value.isoformat()]
    if isinstance(value, dt.time):
        return ["time", value.isoformat()]
    return ["text", str(value)]


def _value(cell: list[Any]) -> Any:
    kind = cell[0]
    if kind == "text":
        return cell[1]
    if kind == "undecoded":
        text = UndecodedText(cell[1])
        text.escaped = cell[2]
        text.foreign = bytes.fromhex(cell[3])
        return text
    if kind == "bool":
        return bool(cell[1])
    if kind == "int":
        return int(cell[1])
    if kind == "float":
        return float(cell[1])
    if kind == "datetime":
        return dt.datetime.fromisoformat(cell[1])
    if kind == "date":
        return dt.date.fromisoformat(cell[1])
    if kind == "time":
        return dt.time.fromisoformat(cell[1])
    raise ValueError(f"unknown cell kind {kind!r}")


def encode_source(source: SourceRow) -> str:
    """The row (where it is, its fields, its unread cells) as JSON text."""
    return orjson.dumps(
        {
            "input": source.input,
            "sheet": source.sheet,
            "row": source.row,
            "kind_hint": source.kind_hint,
            "date_order": source.date_order,
            "fields": [[name, *_cell(value)] for name, value in source.fields.items()],
            "problems": [[p.field, p.column, p.value, p.problem, p.question] for p in source.problems],
        }
    ).decode()


def decode_source(text: str | bytes) -> SourceRow:
    """The row `encode_source` wrote (ValueError when the text is not one)."""
    try:
        data = orjson.loads(text)
        fields = {entry[0]: _value(entry[1:]) for entry in data["fields"]}
        problems = tuple(CellProblem(*entry) for entry in data["problems"])
        return SourceRow(
            data["input"], data["sheet"], int(data["row"]), fields, data["kind_hint"], (), data["date_order"], problems
        )
    except (orjson.JSONDecodeError, KeyError, IndexError, TypeError) as exc:
        raise ValueError(f"not a row of a lookback's results ({exc})") from None
