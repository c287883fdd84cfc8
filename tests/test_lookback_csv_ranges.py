"""The CSV partitioner: byte ranges cut on record boundaries read back exactly as the importer reads the file."""

from __future__ import annotations

import codecs
import csv
import io
import random
from pathlib import Path

import pytest

from compliance.intake.csv_reader import detect_format, iter_records
from compliance.lookback.csv_ranges import plan_ranges, read_range

CELLS = ("plain", 'with "quotes"', "two\nlines", "comma, inside", "crlf\r\ninside", "", "청진 seafood", "x" * 40)


def _write(path: Path, text: str, bom: bool = False) -> Path:
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))
    return path


def _ranges_read(path: Path, target: int) -> tuple[list[tuple[int, list[str]]], int]:
    fmt = detect_format(str(path), path.read_bytes()[: 64 * 1024])
    ranges = plan_ranges(str(path), fmt, target)
    records = [r for part in ranges for r in read_range(str(path), fmt, part, str(path))]
    if ranges[0].records >= 0:  # -1: a file read whole, whose records are not counted ahead
        assert sum(part.records for part in ranges) == len(records)
    assert [part.first_record for part in ranges] == sorted({part.first_record for part in ranges})
    return records, len(ranges)


def _whole(path: Path) -> list[tuple[int, list[str]]]:
    fmt = detect_format(str(path), path.read_bytes()[: 64 * 1024])
    return list(iter_records(str(path), fmt))


@pytest.mark.parametrize("seed", range(12))
def test_ranges_read_like_the_importer_whatever_the_cut(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=rng.choice(("\n", "\r\n")))
    writer.writerow(["Reference", "Description", "Origin"])
    for number in range(rng.randint(1, 250)):
        writer.writerow([f"R{number}", rng.choice(CELLS), rng.choice(("KP", "CN", "Korea"))])
        if rng.random() < 0.05:
            writer.writerow([])
    text = buffer.getvalue()
    if seed % 3 == 0:
        text = text.rstrip("\r\n")  # no newline after the last record
    path = _write(tmp_path / "ledger.csv", text, bom=seed % 2 == 0)
    expected = _whole(path)
    for target in (1, 13, 97, 512, 1 << 20):
        records, _ = _ranges_read(path, target)
        assert records == expected, target


def test_a_quoted_newline_at_the_cut_stays_in_its_cell(tmp_path: Path) -> None:
    rows = "Reference,Description\n" + "".join(f'R{i},"line one\nline two {i}"\n' for i in range(200))
    path = _write(tmp_path / "quoted.csv", rows)
    records, parts = _ranges_read(path, 64)
    assert parts > 10
    assert records == _whole(path)
    assert records[5] == (6, ["R4", "line one\nline two 4"])
    assert len(records) == 201  # the header and 200 records, never a half of one


def test_the_bom_is_read_only_at_the_start(tmp_path: Path) -> None:
    path = _write(tmp_path / "bom.csv", "Reference,Origin\n" + "R1,KP\n" * 50, bom=True)
    records, parts = _ranges_read(path, 16)
    assert parts > 5
    assert records[0] == (1, ["Reference", "Origin"])
    assert all("\ufeff" not in cell for _, row in records for cell in row)


def test_a_file_with_bare_carriage_returns_is_one_range(tmp_path: Path) -> None:
    path = _write(tmp_path / "mac.csv", "Reference,Origin\r" + "R1,KP\r" * 30)
    fmt = detect_format(str(path), path.read_bytes())
    assert len(plan_ranges(str(path), fmt, 8)) == 1
    records, _ = _ranges_read(path, 8)
    assert records == _whole(path)


def test_a_sep_line_is_not_a_record(tmp_path: Path) -> None:
    path = _write(tmp_path / "sep.csv", "sep=;\nReference;Origin\n" + "R1;KP\n" * 40)
    records, parts = _ranges_read(path, 20)
    assert parts > 3
    assert records == _whole(path)
    assert records[0] == (1, ["Reference", "Origin"])
