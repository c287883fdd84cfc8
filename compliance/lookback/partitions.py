"""An input cut into partitions, and the SourceRows of one partition, as `screen` would read them.

A CSV file is cut into byte ranges on record boundaries (compliance.lookback.csv_ranges), a Parquet
file into its row groups, a workbook into its sheets (each read by the importer, which streams a large
one). The header, its mapping and the sheet's checks are found once, by the importer, when the input
is surveyed; every partition then builds its rows exactly as compliance.intake.importer does, with the source
file's own row numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Literal

from compliance.intake.csv_reader import CsvFormat, detect_format, iter_records
from compliance.intake.headers import find_header
from compliance.intake.importer import NO_HEADER, kind_hint, open_input
from compliance.intake.unread_cells import SheetChecks
from compliance.lookback.csv_ranges import ByteRange, plan_ranges, read_range
from compliance.model.errors import ComplianceError, InputFileError
from compliance.model.source_row import SheetInfo, SourceRow, mapped_fields

PartKind = Literal["csv", "parquet", "sheet"]
PARQUET_SUFFIXES: Final = (".parquet", ".pq")
PARQUET_BATCH: Final = 16_384
"""Rows of a row group turned into Python values at a time (memory stays flat whatever its size)."""


@dataclass(frozen=True, slots=True)
class Layout:
    """How a table's rows become fields: what the importer found in its header."""

    header_row: int
    columns: tuple[tuple[str, int], ...]
    """Field -> 0-based column."""
    headers: tuple[str, ...]
    duplicates: tuple[tuple[str, tuple[int, ...]], ...] = ()
    kind_hint: str | None = None
    date_order: str | None = None
    mixed_encoding: bool = False


@dataclass(frozen=True, slots=True)
class Partition:
    """One unit of work: a byte range of a CSV file, a row group of a Parquet file, or a sheet."""

    input_index: int
    index: int
    given: str
    """The input's path as given (the `input` of every row)."""
    kind: PartKind
    sheet: str
    size: int
    mtime_ns: int
    """The file's size and time when surveyed: a file changed since is not read with an old plan."""
    layout: Layout | None = None
    csv_format: CsvFormat | None = None
    byte_range: ByteRange | None = None
    row_group: int = 0
    first_row: int = 0
    rows_expected: int = 0
    """Rows (records, for a CSV) in the partition, for the progress bar; 0 when not known ahead."""

    @property
    def name(self) -> str:
        """The partition's file name stem in the results folder."""
        return f"part-{self.input_index:05d}-{self.index:05d}"


@dataclass(slots=True)
class InputPlan:
    """One input as surveyed: its identity, its sheets, and its partitions (or why it cannot be read)."""

    index: int
    given: str
    name: str = ""
    sha256: str = ""
    sheets: list[SheetInfo] = field(default_factory=list)
    partitions: list[Partition] = field(default_factory=list)
    error: str | None = None


def input_kind(path: str) -> str:
    """'parquet', 'csv' or 'workbook' by the file's name (the importer vets the rest)."""
    lower = path.lower()
    if lower.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if lower.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    return "workbook"


def _identity(path: str) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputFileError(f"cannot be read: {exc.strerror or exc}", path=path) from None
    return info.st_size, info.st_mtime_ns


def _layout_of(opened_plan: Any, mixed: bool) -> Layout:
    layout, info = opened_plan.layout, opened_plan.info
    return Layout(
        header_row=layout.row,
        columns=tuple(layout.columns.items()),
        headers=tuple(layout.headers),
        duplicates=tuple(layout.duplicates.items()),
        kind_hint=info.kind_hint,
        date_order=info.date_order,
        mixed_encoding=mixed,
    )


def _survey_csv(plan: InputPlan, target: int) -> None:
    size, mtime = _identity(plan.given)
    opened = open_input(plan.given, keep_cells=False)
    try:
        plan.name, plan.sha256, plan.sheets = opened.name, opened.sha256, opened.sheets
        # The importer found the header and checks; the partitions read the rows themselves.
        sheet_plan = opened._plans[0]
        with open(plan.given, "rb") as handle:
            head = handle.read(64 * 1024)
        fmt = detect_format(plan.given, head, plan.given)
        layout = _layout_of(sheet_plan, fmt.mixed)
    finally:
        opened.close()
    sheet = plan.sheets[0].name
    for number, part in enumerate(plan_ranges(plan.given, fmt, target)):
        plan.partitions.append(
            Partition(
                plan.index,
                number,
                plan.given,
                "csv",
                sheet,
                size,
                mtime,
                layout,
                fmt,
                part,
                rows_expected=max(part.records, 0),
            )
        )


def _hash_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def _parquet_file(path: str) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputFileError(f"is not a readable Parquet file ({exc})", path=path) from None


def _survey_parquet(plan: InputPlan) -> None:
    size, mtime = _identity(plan.given)
    parquet = _parquet_file(plan.given)
    names = [str(n) for n in parquet.schema_arrow.names]
    header = find_header([(1, names)])
    name = Path(plan.given).stem
    if header is None:
        raise InputFileError(f"{NO_HEADER} (its columns are: {', '.join(names[:20])})", path=plan.given)
    plan.name, plan.sha256 = Path(plan.given).name, _hash_file(plan.given)
    info = SheetInfo(name=name, header_row=1, mapping=header.mapping, headers=tuple(names), kind_hint=kind_hint(name))
    info.unmapped = header.unmapped
    plan.sheets = [info]
    layout = Layout(
        header_row=1,
        columns=tuple(header.columns.items()),
        headers=tuple(header.headers),
        duplicates=tuple(header.duplicates.items()),
        kind_hint=info.kind_hint,
    )
    first = 2  # row 1 is the header, as when the file is opened as a sheet
    metadata = parquet.metadata
    for group in range(metadata.num_row_groups):
        rows = metadata.row_group(group).num_rows
        plan.partitions.append(
            Partition(
                plan.index,
                group,
                plan.given,
                "parquet",
                name,
                size,
                mtime,
                layout,
                row_group=group,
                first_row=first,
                rows_expected=rows,
            )
        )
        first += rows


def _survey_workbook(plan: InputPlan) -> None:
    size, mtime = _identity(plan.given)
    opened = open_input(plan.given, keep_cells=False)
    try:
        plan.name, plan.sha256, plan.sheets = opened.name, opened.sha256, opened.sheets
    finally:
        opened.close()
    screened = [s for s in plan.sheets if not s.skipped]
    for number, info in enumerate(screened):
        plan.partitions.append(Partition(plan.index, number, plan.given, "sheet", info.name, size, mtime))


def survey(index: int, given: str, target_bytes: int) -> InputPlan:
    """Vet one input and cut it into partitions; a bad input comes back with its one-line error."""
    plan = InputPlan(index, given)
    try:
        kind = input_kind(given)
        if kind == "parquet":
            _survey_parquet(plan)
        elif kind == "csv":
            _survey_csv(plan, target_bytes)
        else:
            _survey_workbook(plan)
    except ComplianceError as exc:
        return InputPlan(index, given, error=exc.one_line())
    except Exception as exc:  # whatever else a file can do to a reader: one line naming it, the run goes on
        return InputPlan(index, given, error=f"{given}: cannot be read ({type(exc).__name__}: {exc})")
    return plan


def _blank(row: list[Any]) -> bool:
    return all(v is None or v == "" or (isinstance(v, str) and not v.strip()) for v in row)


def _table_rows(part: Partition, numbered: Iterator[tuple[int, list[Any]]]) -> Iterator[SourceRow]:
    """SourceRows of numbered raw rows, built as compliance.intake.importer builds them."""
    layout = part.layout
    assert layout is not None
    columns = list(layout.columns)
    checks = SheetChecks(layout.headers, dict(layout.columns), 0, dict(layout.duplicates), {}, layout.mixed_encoding)
    wanted = checks if checks.wanted else None
    given, sheet, hint, order, header = part.given, part.sheet, layout.kind_hint, layout.date_order, layout.header_row
    for number, row in numbered:
        if number <= header:
            continue
        fields = mapped_fields(columns, row)
        if wanted is None:
            if not fields and _blank(row):
                continue
            yield SourceRow(given, sheet, number, fields, hint, (), order)
            continue
        if _blank(row):
            continue
        yield SourceRow(given, sheet, number, fields, hint, (), order, wanted.problems(number, row, fields))


def _parquet_value(value: Any) -> Any:
    # The engine reads what a sheet holds: text, numbers, dates; a decimal is a number.
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def _parquet_records(part: Partition) -> Iterator[tuple[int, list[Any]]]:
    import pyarrow as pa

    parquet = _parquet_file(part.given)
    number = part.first_row
    try:
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH, row_groups=[part.row_group]):
            values = [column.to_pylist() for column in batch.columns]
            for row in zip(*values, strict=True):
                yield number, [_parquet_value(v) for v in row]
                number += 1
    except (OSError, pa.ArrowException) as exc:
        raise InputFileError(f"cannot be read: {exc}", path=part.given, row=number) from None


def _check_unchanged(part: Partition) -> None:
    if _identity(part.given) != (part.size, part.mtime_ns):
        raise InputFileError(
            "changed since the lookback surveyed it; start the lookback again in a new output folder",
            path=part.given,
        )


def partition_rows(part: Partition) -> Iterator[SourceRow]:
    """The partition's rows, in the source file's order and with its row numbers."""
    _check_unchanged(part)
    if part.kind == "sheet":
        opened = open_input(part.given, sheet=part.sheet, keep_cells=False)
        yield from opened.rows()
        return
    if part.kind == "parquet":
        yield from _table_rows(part, _parquet_records(part))
        return
    assert part.csv_format is not None
    assert part.byte_range is not None
    if part.byte_range.records < 0:  # a file that cannot be cut is read whole, as the importer reads it
        yield from _table_rows(part, iter_records(part.given, part.csv_format, part.given))
        return
    yield from _table_rows(part, read_range(part.given, part.csv_format, part.byte_range, part.given))
