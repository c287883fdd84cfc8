"""Designation lists at the size limit: loading, indexing and screening 100,000 rows, time and peak memory.

Usage: python benchmarks/bench_designations.py [--entries N] [--rows N] [--source XML]

It builds (once, cached in the system temp folder) a Consolidated List of about 60 MB and 111,566
DPRK entries, as the issue that found the problem described: the real DPRK entries of the 2017-07-03
list (the full shared copy if present, else the trimmed copy under tests/data/designations), each
repeated with a different name, alias and reference made from Korean syllables and company words,
and with its comments, documents and designation kept so the file has the shape of the real one.
It then runs, each in a fresh process so the peak memory (max RSS) is that step's own:

- load: `load_list` on the file;
- index: `load_list` then `PartyScreen` (what `screen --designations FILE` builds before any row);
- screen: the same, then 100,000 ledger rows (four party fields and a vessel each, names from
  `benchmarks/make_ledger.py`'s ledger plus 3 % names near a listed one) through `PartyScreen.screen`.

Each line prints the seconds and the peak memory; the list is refused in one line if it is over a limit.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SHARED = ROOT.parent / "shared" / "data" / "un-consolidated-list-2017-07-03.xml"
TRIMMED = ROOT / "tests" / "data" / "designations" / "un-consolidated-list-2017-07-03-dprk.xml"
CACHE = Path(tempfile.gettempdir()) / "sanctions-desk-bench"

SURNAMES = (
    "KIM",
    "RI",
    "PAK",
    "CHOE",
    "JONG",
    "KANG",
    "CHO",
    "YUN",
    "JANG",
    "HAN",
    "O",
    "SO",
    "SIN",
    "KWON",
    "HWANG",
    "AN",
    "SONG",
    "JON",
    "HONG",
    "MUN",
    "YANG",
    "KO",
    "PAEK",
    "NAM",
    "HYON",
)
SYLLABLES = (
    "CHOL",
    "SU",
    "IL",
    "SONG",
    "NAM",
    "HO",
    "YONG",
    "MYONG",
    "HYOK",
    "GWANG",
    "JIN",
    "HUI",
    "SOK",
    "CHUN",
    "RYONG",
    "HAK",
    "MIN",
    "JU",
    "GYONG",
    "UN",
    "SAM",
    "TAE",
    "BOK",
    "SUN",
    "GIL",
    "CHANG",
    "HYON",
    "DOK",
    "KUK",
    "MAN",
    "RIM",
    "SE",
    "JONG",
    "HWA",
    "YOP",
    "PYONG",
    "SIK",
)
COMPANY_WORDS = (
    "KORYO",
    "KUMGANG",
    "MIRIM",
    "TAESONG",
    "RYONGBONG",
    "CHONGCHON",
    "UNHA",
    "SAMHUNG",
    "PAEKTU",
    "MANGYONGDAE",
    "HAEGUMGANG",
    "SONGAK",
    "CHOLSAN",
    "ORANG",
    "KUMSAN",
    "JINMYONG",
    "SINHUNG",
    "TONGHAE",
    "RAKWON",
    "HYOKSIN",
    "POTONG",
    "SUNCHON",
    "NAMPO",
    "CHILBO",
)
COMPANY_KINDS = (
    "TRADING CORPORATION",
    "BANK",
    "SHIPPING COMPANY",
    "MINING COMPANY",
    "GENERAL CORPORATION",
    "INDUSTRIAL GROUP",
    "TECHNOLOGY CORPORATION",
    "EXPORT COMPANY",
    "MARITIME COMPANY",
    "ENERGY CORPORATION",
    "COMMERCIAL BANK",
    "MACHINERY COMPANY",
)
ENTRIES = 111_566
TARGET_BYTES = 60 * 1024 * 1024


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(SURNAMES), f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"


def _company(rng: random.Random) -> str:
    words = rng.sample(COMPANY_WORDS, rng.choice((1, 2)))
    return f"{' '.join(words)} {rng.choice(COMPANY_KINDS)}"


def _entries(source: bytes, tag: bytes) -> list[bytes]:
    return [
        m.group(0)
        for m in re.finditer(rb"<%s>.*?</%s>" % (tag, tag), source, re.S)
        if b"<UN_LIST_TYPE>DPRK</UN_LIST_TYPE>" in m.group(0)
    ]


def _renamed(entry: bytes, number: int, rng: random.Random, individual: bool) -> bytes:
    """The entry with a new name, aliases and reference; everything else as the UN wrote it."""
    if individual:
        first, second = _person(rng)
        entry = re.sub(
            rb"<FIRST_NAME>.*?</FIRST_NAME>",
            b"<FIRST_NAME>%s</FIRST_NAME>" % first.encode(),
            entry,
            count=1,
            flags=re.S,
        )
        entry = re.sub(
            rb"<SECOND_NAME>.*?</SECOND_NAME>",
            b"<SECOND_NAME>%s</SECOND_NAME>" % second.encode(),
            entry,
            count=1,
            flags=re.S,
        )
        alias = f"{' '.join(_person(rng))}"
    else:
        entry = re.sub(
            rb"<FIRST_NAME>.*?</FIRST_NAME>",
            b"<FIRST_NAME>%s</FIRST_NAME>" % _company(rng).encode(),
            entry,
            count=1,
            flags=re.S,
        )
        alias = _company(rng)
    entry = re.sub(
        rb"<ALIAS_NAME>[^<]+</ALIAS_NAME>", lambda _m: b"<ALIAS_NAME>%s</ALIAS_NAME>" % alias.encode(), entry
    )
    entry = re.sub(rb"<NAME_ORIGINAL_SCRIPT>.*?</NAME_ORIGINAL_SCRIPT>", b"", entry, flags=re.S)
    reference = f"KP{'i' if individual else 'e'}.{number:06d}".encode()
    entry = re.sub(
        rb"<REFERENCE_NUMBER>.*?</REFERENCE_NUMBER>",
        b"<REFERENCE_NUMBER>%s</REFERENCE_NUMBER>" % reference,
        entry,
        count=1,
        flags=re.S,
    )
    return re.sub(rb"<DATAID>\d+</DATAID>", b"<DATAID>%d</DATAID>" % (90_000_000 + number), entry, count=1)


# Parts of an entry the loader does not read; left out of the copies so that 111,566 entries fit
# in 60 MB as they did in the list that found the problem (about 560 bytes an entry, against 1.1 kB
# for the real entries).
_UNREAD = re.compile(
    rb"<(VERSIONNUM|LIST_TYPE|LAST_DAY_UPDATED|SORT_KEY|SORT_KEY_LAST_MOD|INDIVIDUAL_ADDRESS|ENTITY_ADDRESS|"
    rb"INDIVIDUAL_DATE_OF_BIRTH|INDIVIDUAL_PLACE_OF_BIRTH|NAME_ORIGINAL_SCRIPT)>.*?</\1>|<[A-Z_0-9]+/>",
    re.S,
)


def build_list(path: Path, source: Path, entries: int, seed: int = 7) -> Path:
    """A Consolidated List of `entries` DPRK entries, about TARGET_BYTES long."""
    data = source.read_bytes()
    head = data.split(b"<INDIVIDUALS>", 1)[0]
    originals = [(True, e) for e in _entries(data, b"INDIVIDUAL")] + [(False, e) for e in _entries(data, b"ENTITY")]
    rng = random.Random(seed)
    sections: dict[bool, list[bytes]] = {True: [], False: []}
    written = len(head)
    for number in range(entries):
        individual, entry = originals[number % len(originals)]
        if number >= len(originals):
            entry = _UNREAD.sub(b"", _renamed(entry, number, rng, individual))
            # The comments lengthened or shortened so that the file keeps to TARGET_BYTES overall.
            room = max(0, int((TARGET_BYTES - written) / (entries - number)) - len(entry) - 9)
            found = re.search(rb"<COMMENTS1>(.*?)</COMMENTS1>", entry, re.S)
            text = (found.group(1) if found else b"") or b"Listed for the benchmark. "
            text = (text * (1 + room // len(text)))[:room]
            entry = re.sub(rb"<COMMENTS1>.*?</COMMENTS1>", b"", entry, flags=re.S)
            entry = entry.replace(b"<UN_LIST_TYPE>", b"<COMMENTS1>%s</COMMENTS1><UN_LIST_TYPE>" % text, 1)
        line = b"        " + entry + b"\n"
        written += len(line)
        sections[individual].append(line)
    with path.open("wb") as out:
        out.write(head + b"<INDIVIDUALS>\n")
        out.writelines(sections[True])
        out.write(b"    </INDIVIDUALS>\n    <ENTITIES>\n")
        out.writelines(sections[False])
        out.write(b"    </ENTITIES>\n</CONSOLIDATED_LIST>\n")
    return path


def ledger_rows(rows: int, listed: list[str], seed: int = 11) -> list[dict[str, str]]:
    """Party fields of a ledger: make_ledger's companies and vessels, one shipper in ten a name seen
    only once (so the cache of names already screened does not hide the search), and 3 % of the
    consignees a listed name as a ledger might write it."""
    from make_ledger import iter_rows

    rng = random.Random(seed)
    out: list[dict[str, str]] = []
    for row in iter_rows(rows, seed=seed):
        fields = {
            "shipper": str(row[3]),
            "consignee": str(row[5]),
            "vessel": str(row[17] or ""),
            "imo": str(row[18] or ""),
        }
        if rng.random() < 0.1:
            fields["shipper"] = f"{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES).lower()} {rng.choice(COMPANY_KINDS)}"
            fields["shipper"] += f" No. {rng.randrange(10_000)}"
        if rng.random() < 0.03:
            name = rng.choice(listed)
            fields["consignee"] = name.title() if rng.random() < 0.5 else name.replace(" ", "-")
        out.append(fields)
    return out


def _step(step: str, path: Path, rows: int) -> dict[str, object]:
    from compliance.designations import PartyScreen, load_list
    from compliance.model.errors import ComplianceError

    start = time.perf_counter()
    figures: dict[str, object] = {"step": step}
    try:
        loaded = load_list(path)
        figures["entries"] = len(loaded.listings)
        figures["load_s"] = time.perf_counter() - start
        if step != "load":
            screen = PartyScreen(loaded)
            figures["index_s"] = time.perf_counter() - start - figures["load_s"]  # type: ignore[operator]
            if step == "screen":
                names = [x.name for x in loaded.listings[:: max(1, len(loaded.listings) // 500)]]
                fields = ledger_rows(rows, names)
                began = time.perf_counter()
                hits = sum(1 for f in fields if screen.screen(f))
                figures["screen_s"] = time.perf_counter() - began
                figures["rows"] = rows
                figures["rows_with_hits"] = hits
    except ComplianceError as exc:
        figures["refused"] = str(exc)
    figures["total_s"] = time.perf_counter() - start
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=ENTRIES)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--source", type=Path, default=SHARED if SHARED.is_file() else TRIMMED)
    parser.add_argument("--step", choices=("load", "index", "screen"), help=argparse.SUPPRESS)
    parser.add_argument("--list", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:  # one measurement, in its own process
        print(json.dumps(_step(args.step, args.list, args.rows)))
        return
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"designations-{args.entries}.xml"
    if not path.exists():
        build_list(path, args.source, args.entries)
    size = path.stat().st_size / 2**20
    print(f"list: {path} ({size:.1f} MB, {args.entries:,} entries built from {args.source.name})")
    for step in ("load", "index", "screen"):
        result = subprocess.run(
            [sys.executable, __file__, "--step", step, "--list", str(path), "--rows", str(args.rows)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            print(f"{step}: failed\n{result.stderr.strip()}")
            continue
        figures = json.loads(result.stdout)
        if "refused" in figures:
            print(
                f"{step:6}: refused in {figures['total_s']:.2f} s, peak {figures['peak_mb']:.0f} MB: "
                f"{figures['refused']}"
            )
            continue
        parts = [f"load {figures['load_s']:.2f} s"]
        if "index_s" in figures:
            parts.append(f"index {figures['index_s']:.2f} s")
        if "screen_s" in figures:
            parts.append(
                f"screen {figures['rows']:,} rows {figures['screen_s']:.2f} s "
                f"({figures['rows_with_hits']:,} rows with a hit)"
            )
        print(f"{step:6}: {', '.join(parts)}; total {figures['total_s']:.2f} s, peak {figures['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
