"""The screening JSON, streamed row by row so a million-row ledger never sits in memory twice."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import orjson

from compliance.atomic import atomic_write
from compliance.errors import OutputFileError
from compliance.results import PERMITTED, RowResult
from compliance.screening import ScreeningRun

_PERMITTED_TAIL = (
    b'"current":{"status":"permitted","hits":[]},"draft":{"status":"permitted","hits":[]},"change":"unchanged"}'
)


class RowEncoder:
    """Encodes rows as JSON lines; rows with no finding (most of a ledger) skip the dict round trip."""

    def __init__(self) -> None:
        self._prefixes: dict[tuple[str, str], bytes] = {}

    def encode(self, result: RowResult) -> bytes:
        """The row's JSON, byte for byte what orjson.dumps(result.as_json()) gives."""
        if result.current is not PERMITTED or result.draft is not PERMITTED or result.notes:
            return orjson.dumps(result.as_json())
        source = result.source
        key = (source.input, source.sheet)
        prefix = self._prefixes.get(key)
        if prefix is None:
            prefix = orjson.dumps({"input": source.input, "sheet": source.sheet})[:-1] + b',"row":'
            self._prefixes[key] = prefix
        return b"".join(
            (
                prefix,
                str(source.row).encode(),
                b',"reference":',
                orjson.dumps(result.reference),
                b',"kind":',
                orjson.dumps(result.kind),
                b",",
                _PERMITTED_TAIL,
            )
        )


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
            encode = RowEncoder().encode
            for result in rows:
                if on_row is not None:
                    on_row(result)
                out.write((b"\n" if first else b",\n") + encode(result))
                first = False
            out.write(b"\n]," + _fragment(run.footer_json()) + b"}\n")
    except OSError as exc:
        raise OutputFileError(f"cannot write the JSON: {exc.strerror or exc}", path=str(path)) from None
