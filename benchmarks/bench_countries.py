"""How fast country cells are read: normalise_country on 100,000 cells, and country_mentions if present.

Usage: python benchmarks/bench_countries.py [--cells N]

Three columns are timed, each in a fresh process state (caches cleared): a realistic one (a few hundred
distinct spellings repeated, as ledgers repeat them), one where every cell is distinct (the caches miss
every time), and the first call alone (building the spelling tables, translations included).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compliance import countries  # noqa: E402

SPELLINGS = [
    "China",
    "CN",
    "PRC",
    "Dalian, China",
    "Dandong",
    "North Korea",
    "DPRK",
    "Korea",
    "KR",
    "Republic of Korea",
    "Nampo",
    "Port of Nampho",
    "Russia",
    "Vladivostok",
    "Singapore",
    "Hong Kong",
    "Dalian / Nampo",
    "n/a",
    "",
    "Korea, Democratic People's Republic of",
    "朝鲜",
    "北朝鮮",
    "韩国",
    "中国大连",
    "平壤市中区",
    "КНДР",
    "Россия",
    "г. Пхеньян, КНДР"  # noqa: RUF001,
    "북한",
    "대한민국",
    "부산",
    "평양시 중구",
    "Viet Nam",
    "Malaysia",
    "Japan",
    "日本",
]


def _cells(count: int, distinct: bool, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    if not distinct:
        pool = [f"{s}" for s in SPELLINGS] + [f"{s} {n}" for s in SPELLINGS for n in range(10)]
        return [rng.choice(pool) for _ in range(count)]
    return [f"{rng.choice(SPELLINGS)} {i}" for i in range(count)]


def _clear() -> None:
    countries._from_text.cache_clear()
    countries._codes_in_text.cache_clear()


def _time(label: str, func, cells: list[str]) -> None:  # type: ignore[no-untyped-def]
    _clear()
    start = time.perf_counter()
    for cell in cells:
        func(cell)
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {len(cells):>8,} cells {elapsed * 1000:9.1f} ms  {elapsed / len(cells) * 1e6:7.2f} us/cell")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=100_000)
    args = parser.parse_args()

    start = time.perf_counter()
    countries.normalise_country("Korea")
    print(f"{'first call (tables built)':<44} {(time.perf_counter() - start) * 1000:9.1f} ms")

    _time("normalise_country, repeated spellings", countries.normalise_country, _cells(args.cells, False))
    _time("normalise_country, every cell distinct", countries.normalise_country, _cells(args.cells, True))
    mentions = getattr(countries, "country_mentions", None)
    if mentions is None:
        try:
            from compliance.normalise.mentions import country_mentions as mentions  # type: ignore[no-redef]
        except ImportError:
            mentions = None
    if mentions is not None:
        clear = getattr(mentions, "cache_clear", None)
        for distinct in (False, True):
            if clear:
                clear()
            label = f"country_mentions, {'every cell distinct' if distinct else 'repeated spellings'}"
            _time(label, mentions, _cells(args.cells, distinct))


if __name__ == "__main__":
    main()
