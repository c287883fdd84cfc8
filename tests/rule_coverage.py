"""Rule coverage: every rule, exception and lift of the shipped packs (rules/ and rules/proposals/) must
fire somewhere in the suite: the base pack's rules, and each amendment's added, replacing and modified
rules, its lifts and its exceptions.

What "fires" means here, and no more: during the test session the engine's verdict() returned a hit
for the rule with status review or prohibited, or a hit the regime lifted (a lift fired) or an
exception changed (an exception applied). It says nothing about which of a rule's branches ran
(wind-down, deadline, undated row, 'Korea' ambiguity): a prohibited measure that only ever came out
as review still counts, and is listed separately as a note.

Only hits made in the test process count (rows screened by a CLI subprocess are not seen), and only
hits made under packs byte-identical to those in rules_dir() at the end of the session, so a test's
own hand-written pack never covers a shipped rule. A rule an amendment adds, replaces or modifies counts
only when it fired under that amendment's own regime (the regime the amendment defines). The packs are
read at the end of the session, so a rule added or renamed is checked without touching this file.

The check runs only after a session that ran the whole suite: no -k or -m, nothing deselected,
every test file collected and every collected test run to its end. Otherwise it prints nothing and
never fails. `-p no:rule-coverage` switches it off.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import compliance.engine.evaluate
from compliance.model.errors import RuleFileError
from compliance.model.results import Verdict
from compliance.model.status import Status
from compliance.paths import rules_dir
from compliance.rules.catalog import PROPOSALS
from compliance.rules.packs import LoadedPack, load_pack

TESTS_DIR = Path(__file__).resolve().parent


class Fired(NamedTuple):
    """One kind of hit seen: under which packs (by SHA-256), for which rule, and how."""

    base_sha256: str
    regime_sha256: str
    rule_id: str
    exception: str | None
    lifted: bool
    status: Status


@dataclass
class Uncovered:
    """What never fired, per pack, in the officer's terms; and rules that never reached their outcome."""

    rules: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    lifts: list[str] = field(default_factory=list)
    never_own_outcome: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=lambda: {"rules": 0, "exceptions": 0, "lifts": 0})

    @property
    def failed(self) -> bool:
        return bool(self.rules or self.exceptions or self.lifts)


def shipped_packs(folder: Path) -> list[LoadedPack]:
    """Every pack shipped in the rules folder: the measures in force, the 2019 draft, the later proposals."""
    paths = sorted(folder.glob("*.toml")) + sorted((folder / PROPOSALS).glob("*.toml"))
    return [load_pack(path) for path in paths]


def _fires(status: Status, exception: str | None, lifted: bool) -> bool:
    return lifted or exception is not None or status >= Status.REVIEW


def uncovered(packs: Iterable[LoadedPack], fired: set[Fired]) -> Uncovered:
    """Compare the packs' rules, exceptions and lifts with the hits seen."""
    out = Uncovered()
    for loaded in packs:
        pack = loaded.pack
        name = Path(loaded.path).name
        if pack.pack.based_on is None:
            mine = [f for f in fired if f.base_sha256 == loaded.sha256]
            for rule in pack.rule:
                out.checked["rules"] += 1
                own = [f for f in mine if f.rule_id == rule.id]
                if not own:
                    out.rules.append(f"{name}: rule '{rule.id}'")
                elif not any(f.status == Status(rule.outcome) and f.exception is None for f in own):
                    out.never_own_outcome.append(f"{name}: rule '{rule.id}' ({rule.outcome})")
                for exc in rule.exceptions:
                    out.checked["exceptions"] += 1
                    if not any(f.exception == exc.id for f in own):
                        out.exceptions.append(f"{name}: exception '{exc.id}' of rule '{rule.id}'")
        else:
            mine = [f for f in fired if f.regime_sha256 == loaded.sha256]
            amended = (
                *((rule.id, f"added rule '{rule.id}'") for rule in pack.add),
                *((rep.by.id, f"rule '{rep.by.id}' replacing '{rep.rule}'") for rep in pack.replace),
                *((mod.rule, f"modified rule '{mod.rule}'") for mod in pack.modify),
            )
            for rule_id, what in amended:
                out.checked["rules"] += 1
                if not any(f.rule_id == rule_id and not f.lifted for f in mine):
                    out.rules.append(f"{name}: {what}")
            for rule in (*pack.add, *(rep.by for rep in pack.replace)):
                for exc in rule.exceptions:
                    out.checked["exceptions"] += 1
                    if not any(f.rule_id == rule.id and f.exception == exc.id for f in mine):
                        out.exceptions.append(f"{name}: exception '{exc.id}' of rule '{rule.id}'")
            for lift in pack.lift:
                out.checked["lifts"] += 1
                if not any(f.lifted and f.rule_id == lift.rule for f in mine):
                    out.lifts.append(f"{name}: lift of rule '{lift.rule}'")
        for exc in pack.exception:
            out.checked["exceptions"] += 1
            targets = set(exc.rules)
            if not any(f.exception == exc.id and ("*" in targets or f.rule_id in targets) for f in mine):
                out.exceptions.append(f"{name}: exception '{exc.id}' (for {', '.join(exc.rules)})")
    return out


class RuleCoverage:
    """A pytest plugin: records the hits verdict() makes and checks them against the packs at the end."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.fired: set[Fired] = set()
        self.deselected = 0
        self.collected_files: set[Path] = set()
        self.items: set[str] = set()
        self.finished: set[str] = set()
        self.result: Uncovered | None = None
        self.problem: str | None = None
        self._original: Callable[..., Verdict] | None = None

    # --- recording ------------------------------------------------------------------------------

    def start(self) -> None:
        """Wrap compliance.engine.evaluate.verdict, the one place hits for measures are made."""
        original = compliance.engine.evaluate.verdict
        fired = self.fired

        def recording_verdict(rec: Any, found: Any, checks: Any, regime: Any) -> Verdict:
            result = original(rec, found, checks, regime)
            for hit in result.hits:
                if hit.rule is not None and _fires(hit.status, hit.exception, hit.lifted):
                    packs = (regime.book.pack.sha256, regime.sha256)
                    fired.add(Fired(*packs, hit.rule_id, hit.exception, hit.lifted, hit.status))
            return result

        self._original = original
        compliance.engine.evaluate.verdict = recording_verdict

    def stop(self) -> None:
        if self._original is not None:
            compliance.engine.evaluate.verdict = self._original
            self._original = None

    # --- was this the whole suite? -----------------------------------------------------------------

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected += len(items)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        # Module-level skips still report their file, so a skipped module is not a missing one.
        file_part = report.nodeid.split("::", 1)[0]
        if file_part.endswith(".py"):
            self.collected_files.add((self.config.rootpath / file_part).resolve())

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.items = {item.nodeid for item in session.items}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "teardown":
            self.finished.add(report.nodeid)

    def _test_files(self) -> set[Path]:
        patterns = self.config.getini("python_files")
        return {
            path.resolve() for path in TESTS_DIR.rglob("*.py") if any(fnmatch.fnmatch(path.name, p) for p in patterns)
        }

    def _whole_suite(self, session: pytest.Session) -> bool:
        option = self.config.option
        if getattr(option, "keyword", "") or getattr(option, "markexpr", ""):
            return False
        if self.deselected or session.shouldstop or session.shouldfail:
            return False
        if not self.items or self.finished != self.items:
            return False
        return self._test_files() <= self.collected_files

    # --- the check ---------------------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if not self._whole_suite(session):
            return
        folder = rules_dir()
        try:
            packs = shipped_packs(folder)
        except RuleFileError as exc:
            self.problem = f"cannot read the rule packs: {exc}"
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
            return
        if not packs:
            self.problem = f"no rule packs in {folder}"
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
            return
        self.result = uncovered(packs, self.fired)
        if self.result.failed:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        tr = terminalreporter
        if self.problem:
            tr.write_sep("=", "rule coverage", red=True)
            tr.write_line(self.problem)
            return
        result = self.result
        if result is None:
            return
        counts = result.checked
        scope = f"{counts['rules']} rules, {counts['exceptions']} exceptions, {counts['lifts']} lifts"
        if not result.failed:
            tr.write_sep("=", f"rule coverage: all {scope} fired", green=True)
        else:
            tr.write_sep("=", "rule coverage: FAILED", red=True)
            tr.write_line(f"Of {scope} in {rules_dir()} and its {PROPOSALS}/, these never fired in any test:")
            for label, entries in (
                ("rules never fired", result.rules),
                ("exceptions never applied", result.exceptions),
                ("lifts never applied", result.lifts),
            ):
                if entries:
                    tr.write_line(f"  {label} ({len(entries)}):")
                    for entry in entries:
                        tr.write_line(f"    {entry}")
            tr.write_line(
                "A rule fires when it gives a review or prohibited hit, or a lifted or exempted one, "
                "in the test process."
            )
        if result.never_own_outcome:
            count = len(result.never_own_outcome)
            tr.write_line(f"Note (not a failure): {count} rules fired, but never with their own outcome:")
            for entry in result.never_own_outcome:
                tr.write_line(f"    {entry}")
