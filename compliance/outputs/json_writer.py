"""The screening JSON, streamed row by row so a million-row ledger never sits in memory twice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from compliance.model.errors import OutputFileError
from compliance.model.results import PERMITTED, RowResult
from compliance.outputs.atomic import atomic_write
from compliance.run import ScreeningRun

if TYPE_CHECKING:
    from compliance.decisions.recorder import RowDecisions

DecisionsOf = Callable[[RowResult], "RowDecisions"]
"""The decisions beside a row (compliance.decisions.RunRecorder.decisions_for)."""

_PERMITTED_VERDICT = {"status": "permitted", "hits": []}
# A row with no finding, from its row number on: the three values that differ from row to row are
# filled in by bytes formatting (a number, and the reference and fingerprint already JSON-encoded).
_PERMITTED_ROW = (
    b'%d,"reference":%b,"kind":%b,"fingerprint":"%b",'
    b'"current":{"status":"permitted","hits":[]},"draft":{"status":"permitted","hits":[]},"change":"unchanged"'
)
_ENDINGS: dict[bool | None, bytes] = {None: b"}", True: b',"new":true}', False: b',"new":false}'}


class RowEncoder:
    """Encodes rows as JSON lines; rows with no finding (most of a ledger) skip the dict round trip."""

    def __init__(self, regime_ids: Sequence[str] = ()) -> None:
        self._regime_ids = tuple(regime_ids)
        self._prefixes: dict[tuple[str, str], bytes] = {}
        self._kinds: dict[str, bytes] = {}
        every = {"verdicts": {i: _PERMITTED_VERDICT for i in self._regime_ids}} if self._regime_ids else {}
        self._verdicts = b"," + orjson.dumps(every)[1:-1] if every else b""

    def encode(self, result: RowResult, new: bool | None = None) -> bytes:
        """The row's JSON, as orjson.dumps(result.as_json(regime ids)) gives it (with `"new"` added last
        when the row's novelty is known). A row with no finding, note or measure ruled out is written
        from a template."""
        if result.ruled_out or result.notes or any(v is not PERMITTED for v in result.verdicts):
            out = result.as_json(self._regime_ids)
            if new is not None:
                out["new"] = new
            return orjson.dumps(out)
        source = result.source
        key = (source.input, source.sheet)
        prefix = self._prefixes.get(key)
        if prefix is None:
            prefix = orjson.dumps({"input": source.input, "sheet": source.sheet})[:-1] + b',"row":'
            self._prefixes[key] = prefix
        kind = self._kinds.get(result.kind)
        if kind is None:
            kind = self._kinds[result.kind] = orjson.dumps(result.kind)
        row = _PERMITTED_ROW % (source.row, orjson.dumps(result.reference), kind, result.fingerprint.encode())
        return prefix + row + self._verdicts + _ENDINGS[new]


def _with_decisions(result: RowResult, decisions: RowDecisions, regime_ids: Sequence[str]) -> dict[str, Any]:
    """The row's JSON with the store's view added: `new` on the row, `decision` (and `decision_lapsed`,
    `new`) on each hit. Only added keys: a reader of the plain shape reads this one unchanged."""
    out = result.as_json(regime_ids)
    if decisions.new is not None:
        out["new"] = decisions.new
    shown_verdicts = [(result.baseline, out["current"]), (result.alternative, out["draft"])]
    if regime_ids:
        shown_verdicts += [(v, out["verdicts"][i]) for v, i in zip(result.verdicts, regime_ids, strict=True)]
    for verdict, shown_verdict in shown_verdicts:
        for hit, shown in zip(verdict.hits, shown_verdict["hits"], strict=True):
            beside = decisions.for_hit(hit)
            shown["decision"] = beside.decision.as_json() if beside and beside.decision else None
            if beside is not None:
                lapsed = beside.lapsed_json()
                if lapsed is not None:
                    shown["decision_lapsed"] = lapsed
                if decisions.new is not None:
                    shown["new"] = beside.new
    return out


def _fragment(obj: object) -> bytes:
    """An object's JSON without its braces, so keys can be written around the streamed rows."""
    return orjson.dumps(obj)[1:-1]


class JsonWriter:
    """The screening JSON written as rows come (`add`), made atomic on a clean exit from `with`.

    The footer (inputs with row counts, the summary) is written on exit, once the run has counted
    every row; leaving the block with an exception leaves no file behind. Given `out` (an output the
    caller stages with others, see compliance.outputs.atomic.StagedOutputs), it writes there and leaves moving
    the file into place to the caller.
    """

    def __init__(
        self,
        path: str | Path,
        run: ScreeningRun,
        out: BinaryIO | None = None,
        decisions_of: DecisionsOf | None = None,
        footer_extra: Callable[[], dict[str, Any]] | None = None,
    ) -> None:
        self.path = path
        self.run = run
        self._encode = RowEncoder(run.regime_ids).encode
        self._decisions_of = decisions_of
        self._footer_extra = footer_extra
        self._first = True
        self._file = ExitStack()
        self._out: BinaryIO | None = out
        self._own_file = out is None

    def __enter__(self) -> JsonWriter:
        if self._own_file:
            self._out = self._file.enter_context(atomic_write(self.path))
        self._write(b"{" + _fragment(self.run.header_json()) + b',"rows":[')
        return self

    def add(self, result: RowResult) -> None:
        """Write one row."""
        if self._decisions_of is None:
            encoded = self._encode(result)
        else:
            decisions = self._decisions_of(result)
            if not any(v.hits for v in result.verdicts):
                encoded = self._encode(result, decisions.new)  # no hit, so no decision beside one
            else:
                encoded = orjson.dumps(_with_decisions(result, decisions, self.run.regime_ids))
        self._write((b"\n" if self._first else b",\n") + encoded)
        self._first = False

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        if kind is None:
            footer = self.run.footer_json()
            if self._footer_extra is not None:
                footer.update(self._footer_extra())
            self._write(b"\n]," + _fragment(footer) + b"}\n")
        try:
            self._file.__exit__(kind, exc, tb)  # renamed into place, or removed after a failure
        except OSError as error:
            raise self._error(error) from None

    def _write(self, data: bytes) -> None:
        assert self._out is not None, "JsonWriter is used in a with block"
        try:
            self._out.write(data)
        except OSError as error:
            self._file.__exit__(type(error), error, error.__traceback__)
            raise self._error(error) from None

    def _error(self, exc: OSError) -> OutputFileError:
        return OutputFileError(f"cannot write the JSON: {exc.strerror or exc}", path=str(self.path))
