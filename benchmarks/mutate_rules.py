"""Mutation check of the rule packs: does some test fail when one rule is changed?

Usage: python benchmarks/mutate_rules.py [--rules ID,ID] [--mutations NAME,NAME] [--limit N]
       [--tests PATH ...] [--without TEST_ID ...] [--timeout SECONDS]

For each rule of each pack in turn, one change at a time, written to a temporary copy of the rules
folder (read with tomllib, changed as a dict, written back with tomli-w):
- adopted+400      the adoption date (citation.adopted) 400 days later
- until+400        in_force_until 400 days later (rules a later resolution replaced)
- deadline+400     the deadline's last day 400 days later (repatriation, joint-venture closure)
- hs->9999         the HS prefixes replaced by '9999', a prefix no real goods use
- no-goods-terms   the goods' description terms (its own, and the named term lists) dropped
- no-when-terms    the terms of the rule's own condition dropped
- outcome-flip     prohibited <-> review (a question is added when review needs one)
- links->other     the DPRK links replaced by one link the rule does not use (or by one, if it uses all)
- contract->other  the contract types replaced by one the rule does not use
- wind-down*10     the wind-down's days times 10
- unit-value*10    the luxury unit-value threshold times 10
- drop-exception   one exception of the rule (or of a pack) removed
- drop-lift        one lift of an amendment (the draft) removed
Then it runs a fast subset of the tests with SANCTIONS_DESK_RULES pointing at the copy
(`pytest -x -q -p no:cacheprovider`): a failing test kills the mutant, none lets it survive. A change
that makes a pack invalid is not run and is counted apart. The unchanged packs, written back the
same way, are run first and must pass, so the writer itself never kills a mutant.

One mutant at a time (the machine is shared): about 2 s per mutant with the default subset, about
8 minutes for every mutant of the bundled packs on two shared cores. --rules, --mutations and
--limit make quick runs.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compliance.model.errors import RuleFileError  # noqa: E402
from compliance.paths import RULES_ENV, rules_dir  # noqa: E402
from compliance.rules.regime import load_regimes  # noqa: E402

SHIFT = dt.timedelta(days=400)
UNUSED_HS = "9999"
LINKS = ("from_dprk", "to_dprk", "dprk_party", "in_dprk", "dprk_nationals", "dprk_vessel")
FAST_TESTS = (
    "tests/test_engine.py",
    "tests/test_rules.py",
    "tests/test_sample.py",
    "tests/test_properties.py",
    "tests/test_measures_by_description.py",
    "tests/test_expectation_sets.py",
)
FAIL_CLOSED_GLOB = "test_*fail_closed*.py"

Pack = dict[str, Any]


@dataclass(frozen=True)
class Mutant:
    """One change to one pack: which pack, which rule (or lift/exception), what and how."""

    pack_file: str
    target: str
    mutation: str
    detail: str
    change: Callable[[Pack], None]


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    result: str  # killed, survived, invalid, error
    seconds: float
    note: str = ""


# --- mutations ---------------------------------------------------------------------------------------


def _rule(pack: Pack, rule_id: str) -> dict[str, Any]:
    return next(r for r in pack["rule"] if r["id"] == rule_id)


def _rule_mutants(pack_file: str, pack: Pack, rule: dict[str, Any]) -> Iterator[Mutant]:
    rid = rule["id"]

    def make(mutation: str, detail: str, edit: Callable[[dict[str, Any]], None]) -> Mutant:
        return Mutant(pack_file, rid, mutation, detail, lambda p: edit(_rule(p, rid)))

    adopted = rule["citation"]["adopted"]
    yield make("adopted+400", f"adopted {adopted} -> {adopted + SHIFT}", lambda r: _shift(r["citation"], "adopted"))
    if "in_force_until" in rule:
        until = rule["in_force_until"]
        yield make("until+400", f"in force until {until} -> {until + SHIFT}", lambda r: _shift(r, "in_force_until"))
    if "deadline" in rule:
        last = rule["deadline"]["last_day"]
        yield make("deadline+400", f"last day {last} -> {last + SHIFT}", lambda r: _shift(r["deadline"], "last_day"))
    goods = rule.get("goods", {})
    if goods.get("hs"):
        yield make("hs->9999", f"hs {goods['hs']} -> ['{UNUSED_HS}']", lambda r: r["goods"].update(hs=[UNUSED_HS]))
    if goods.get("terms"):
        yield make("no-goods-terms", f"{len(goods['terms'])} goods terms dropped", lambda r: r["goods"].pop("terms"))
    if goods.get("term_lists"):
        yield make(
            "no-goods-terms", f"term lists {goods['term_lists']} dropped", lambda r: r["goods"].pop("term_lists")
        )
    when = rule.get("when", {})
    if when.get("terms"):
        yield make("no-when-terms", f"condition terms {when['terms']} dropped", lambda r: r["when"].pop("terms"))
    flipped = {"prohibited": "review", "review": "prohibited"}.get(rule["outcome"])
    if flipped:
        yield make("outcome-flip", f"{rule['outcome']} -> {flipped}", lambda r: _flip(r, flipped))
    # A rule tied to the DPRK in every way is narrowed to one of them instead.
    other_link = next((link for link in LINKS if link not in rule["links"]), LINKS[-1])
    yield make("links->other", f"links {rule['links']} -> ['{other_link}']", lambda r: r.update(links=[other_link]))
    if rule.get("contract_types"):
        vocabulary = pack.get("vocabulary", {}).get("contract_types", {})
        other_type = next((t for t in vocabulary if t not in rule["contract_types"]), None)
        if other_type:
            yield make(
                "contract->other",
                f"contract types {rule['contract_types']} -> ['{other_type}']",
                lambda r: r.update(contract_types=[other_type]),
            )
    if "wind_down" in rule:
        # A wind-down named from the vocabulary is copied into the rule, so only this rule changes.
        wind = rule["wind_down"]
        shared = pack.get("vocabulary", {}).get("wind_downs", {})
        table = dict(shared[wind]) if isinstance(wind, str) else wind
        days = table["days"]
        yield make(
            "wind-down*10",
            f"wind-down {days} -> {days * 10} days",
            lambda r, table=table: r.update(wind_down={**table, "days": table["days"] * 10}),
        )
    if goods.get("unit_value_above_usd") is not None:
        value = goods["unit_value_above_usd"]
        yield make(
            "unit-value*10",
            f"unit value above USD {value:g} -> {value * 10:g}",
            lambda r: _times_ten(r["goods"], "unit_value_above_usd"),
        )
    for n, exc in enumerate(rule.get("exceptions", ())):
        name = exc if isinstance(exc, str) else exc["id"]
        yield make("drop-exception", f"exception '{name}' removed", lambda r, n=n: r["exceptions"].pop(n))


def _pack_mutants(pack_file: str, pack: Pack) -> Iterator[Mutant]:
    for rule in pack.get("rule", ()):
        yield from _rule_mutants(pack_file, pack, rule)
    for n, exc in enumerate(pack.get("exception", ())):
        yield Mutant(
            pack_file, exc["id"], "drop-exception", "pack exception removed", lambda p, n=n: p["exception"].pop(n)
        )
    for n, lift in enumerate(pack.get("lift", ())):
        yield Mutant(pack_file, lift["rule"], "drop-lift", "lift removed", lambda p, n=n: p["lift"].pop(n))


def _shift(table: dict[str, Any], key: str) -> None:
    table[key] = table[key] + SHIFT


def _times_ten(table: dict[str, Any], key: str) -> None:
    table[key] = table[key] * 10


def _flip(rule: dict[str, Any], outcome: str) -> None:
    rule["outcome"] = outcome
    if outcome == "review" and not rule.get("question"):
        rule["question"] = "Is this measure really only a question to answer?"


# --- running ------------------------------------------------------------------------------------------


def _write_folder(folder: Path, packs: dict[str, Pack], source: Path) -> None:
    """The packs as TOML, and every other file of the rules folder as it is."""
    for path in source.iterdir():
        if path.is_file() and path.name not in packs:
            shutil.copy2(path, folder / path.name)
        elif path.is_dir():
            shutil.copytree(path, folder / path.name, dirs_exist_ok=True)
    for name, data in packs.items():
        (folder / name).write_text(tomli_w.dumps(data), encoding="utf-8")


def _run_tests(folder: Path, tests: list[str], timeout: float, without: list[str]) -> tuple[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env[RULES_ENV] = str(folder)
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    command += [f"--deselect={test}" for test in without]
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "error", f"no answer in {timeout:.0f} s"
    if done.returncode == 0:
        return "survived", ""
    if done.returncode == 1:
        failed = [line for line in done.stdout.splitlines() if line.startswith("FAILED ")]
        return "killed", failed[0].removeprefix("FAILED ").split(" - ")[0] if failed else ""
    last = (done.stdout.strip().splitlines() or done.stderr.strip().splitlines() or ["?"])[-1]
    return "error", f"pytest exit {done.returncode}: {last}"


def _try(
    mutant: Mutant, originals: dict[str, Pack], source: Path, tests: list[str], timeout: float, without: list[str]
) -> Outcome:
    packs = copy.deepcopy(originals)
    mutant.change(packs[mutant.pack_file])
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mutant-rules-") as tmp:
        folder = Path(tmp)
        _write_folder(folder, packs, source)
        try:
            load_regimes(folder)
        except RuleFileError as exc:
            return Outcome(mutant, "invalid", time.perf_counter() - start, str(exc).replace(tmp, "<copy>"))
        result, note = _run_tests(folder, tests, timeout, without)
    return Outcome(mutant, result, time.perf_counter() - start, note)


def _describe(outcome: Outcome) -> str:
    """Which test killed the mutant, or why it was not run."""
    if not outcome.note:
        return ""
    return f" (by {outcome.note})" if outcome.result == "killed" else f" [{outcome.note}]"


def default_tests() -> list[str]:
    extra = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob(FAIL_CLOSED_GLOB))
    return [t for t in FAST_TESTS if (ROOT / t).is_file()] + [t for t in extra if t not in FAST_TESTS]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--rules", help="only these rule ids (or lifted rule / exception ids), comma-separated")
    parser.add_argument("--mutations", help="only these mutations, comma-separated (e.g. adopted+400,hs->9999)")
    parser.add_argument("--limit", type=int, help="stop after this many mutants")
    parser.add_argument("--tests", nargs="+", help="test files to run against each mutant (default: a fast subset)")
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        metavar="TEST_ID",
        help="leave this test out (pytest --deselect), e.g. a table check that kills every date change",
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds one test run may take (default 300)")
    args = parser.parse_args(argv)

    source = rules_dir()
    names = sorted(p.name for p in source.glob("*.toml"))
    originals = {name: tomllib.loads((source / name).read_text(encoding="utf-8")) for name in names}
    mutants = [m for name in names for m in _pack_mutants(name, originals[name])]
    if args.rules:
        wanted = {r.strip() for r in args.rules.split(",") if r.strip()}
        mutants = [m for m in mutants if m.target in wanted]
    if args.mutations:
        kinds = {k.strip() for k in args.mutations.split(",") if k.strip()}
        mutants = [m for m in mutants if m.mutation in kinds]
    if args.limit is not None:
        mutants = mutants[: args.limit]
    tests = args.tests or default_tests()
    print(f"rules: {source}\ntests: {' '.join(tests)}\nmutants: {len(mutants)}", flush=True)
    for test in args.without:
        print(f"left out: {test}")

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="unmutated-rules-") as tmp:
        _write_folder(Path(tmp), originals, source)
        baseline, note = _run_tests(Path(tmp), tests, args.timeout, args.without)
    if baseline != "survived":
        print(f"The tests fail on the unchanged packs written back ({baseline}: {note}); nothing to measure.")
        return 1
    print(f"unchanged packs, written back: tests pass ({time.perf_counter() - start:.1f} s)\n", flush=True)

    outcomes: list[Outcome] = []
    header = f"{'pack':<24} {'rule':<36} {'mutation':<16} {'result':<9} {'s':>5}  detail"
    print(header)
    print("-" * len(header))
    for mutant in mutants:
        outcome = _try(mutant, originals, source, tests, args.timeout, args.without)
        outcomes.append(outcome)
        note = _describe(outcome)
        print(
            f"{mutant.pack_file:<24} {mutant.target:<36} {mutant.mutation:<16} {outcome.result:<9} "
            f"{outcome.seconds:5.1f}  {mutant.detail}{note}",
            flush=True,
        )

    counted = [o for o in outcomes if o.result in ("killed", "survived")]
    killed = sum(o.result == "killed" for o in counted)
    invalid = [o for o in outcomes if o.result == "invalid"]
    errors = [o for o in outcomes if o.result == "error"]
    print(f"\nkilled {killed} / {len(counted)} mutants run", end="")
    print(f" ({100 * killed / len(counted):.0f}%)" if counted else "", end="")
    print(f"; {len(invalid)} invalid (pack refused, not run); {len(errors)} errors")
    print(f"total time {time.perf_counter() - start:.0f} s")
    survivors = [o for o in outcomes if o.result == "survived"]
    if survivors:
        print(f"\nsurvivors ({len(survivors)}):")
        for o in survivors:
            print(f"  {o.mutant.pack_file}: {o.mutant.target} {o.mutant.mutation} ({o.mutant.detail})")
    for label, group in (("invalid", invalid), ("errors", errors)):
        if group:
            print(f"\n{label} ({len(group)}):")
            for o in group:
                print(f"  {o.mutant.pack_file}: {o.mutant.target} {o.mutant.mutation}: {o.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
