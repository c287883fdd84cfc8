"""The screening JSON, streamed row by row so a million-row ledger never sits in memory twice."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import orjson

from compliance.atomic import atomic_write
from compliance.errors import OutputFileError
from compliance.results import RowResult
from compliance.screening import ScreeningRun


def _fragment(obj: object) -> bytes:
    """An object's JSON without its braces, so keys can be written around the streamed rows."""
    return orjson.dumps(obj)[1:-1]


def write_json(
    path: str | Path,
    run: ScreeningRun,
    results: Iterable[RowResult] | None = None,
    on_row: Callable[[RowResult], None] | None = None,
) -> None:
    """Screen (or take) the run's rows and write the JSON atomically; on_row sees each result."""
    rows = run.results() if results is None else results
    try:
        with atomic_write(path) as out:
            out.write(b"{" + _fragment(run.header_json()) + b',"rows":[')
            first = True
            for result in rows:
                if on_row is not None:
                    on_row(result)
                out.write((b"\n" if first else b",\n") + orjson.dumps(result.as_json()))
                first = False
            out.write(b"\n]," + _fragment(run.footer_json()) + b"}\n")
    except OSError as exc:
        raise OutputFileError(f"cannot write the JSON: {exc.strerror or exc}", path=str(path)) from None
