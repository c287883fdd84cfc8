"""`regimes list`, `regimes show ID` and `regimes diff A B`: the regimes, read before any data is loaded.

A proposal's or a scenario's measures are shown beside its legal status and notice every time, so the
comparison is never read as the law.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from compliance.commands.ending import EXIT_BAD_INPUT, EXIT_OK, fail
from compliance.model.errors import ComplianceError
from compliance.outputs.terminal import printable
from compliance.paths import rules_dir, user_regimes_dir
from compliance.rules.catalog import RegimeInfo, find_regimes, load_screening
from compliance.rules.diff import ChangeKind, RegimeDiff, diff_regimes
from compliance.rules.regime import Regime

_KIND_ORDER: tuple[ChangeKind, ...] = (
    "lifted",
    "restored",
    "added",
    "dropped",
    "replaced",
    "modified",
    "exemption added",
    "exemption dropped",
)


def _folders(args: argparse.Namespace) -> tuple[Path, Path]:
    return Path(args.rules) if args.rules else rules_dir(), user_regimes_dir()


def _info_json(info: RegimeInfo) -> dict[str, object]:
    return {
        "id": info.id,
        "label": info.label,
        "status": info.status,
        "date": info.date.isoformat(),
        "base": info.base,
        "shipped": info.shipped,
        "path": info.path,
        "notice": info.notice,
    }


def _list(infos: Sequence[RegimeInfo], as_json: bool, out: TextIO) -> None:
    if as_json:
        out.write(json.dumps({"regimes": [_info_json(i) for i in infos]}, ensure_ascii=False, indent=2) + "\n")
        return
    width = max(len(i.id) for i in infos)
    for info in infos:
        where = "" if info.shipped else "  (your scenario)"
        line = f"{info.id:<{width}}  {info.date.isoformat()}  {info.status:<24}  {info.label}{where}"
        out.write(printable(line) + "\n")


def _diff_lines(diff: RegimeDiff) -> list[str]:
    if not diff.changes:
        return ["  No measure differs."]
    lines: list[str] = []
    for kind in _KIND_ORDER:
        changes = diff.of_kind(kind)
        if not changes:
            continue
        lines.append(f"  {kind.capitalize()} ({len(changes)}):")
        for change in changes:
            by = f" -> {change.by}" if change.by else ""
            lines.append(f"    {change.rule}{by}: {change.title} [{change.citation}]")
            if change.detail:
                lines.append(f"      {change.detail}")
            lines.extend(f"      {f.field}: {f.old} -> {f.new}" for f in change.fields)
    return lines


def _header(regime: Regime, info: RegimeInfo) -> list[str]:
    lines = [f"{info.label} ({info.id})", f"  Status: {info.status}, {info.date.isoformat()}", f"  {info.notice}"]
    lines.append(f"  Pack: {info.path} (SHA-256 {regime.sha256[:12]})")
    return lines


def _show(regime: Regime, info: RegimeInfo, base: Regime | None, out: TextIO) -> None:
    lines = _header(regime, info)
    active = sorted(regime.active)
    lines.append(f"  Measures applied: {len(active)}")
    if base is not None:
        lines.append(f"  What it changes against {info.base}:")
        lines.extend(_diff_lines(diff_regimes(base, regime)))
    else:
        for index in active:
            rule = regime.book.rules[index]
            lines.append(f"    {rule.id}: {rule.title} [{rule.citation.text}]")
    out.write("\n".join(printable(line) for line in lines) + "\n")


def run_regimes(args: argparse.Namespace, out: TextIO) -> int:
    """The `regimes` command; 2 with one line on standard error for an unknown id or a bad pack."""
    rules, user = _folders(args)
    try:
        infos = find_regimes(rules, user)
        by_id = {i.id: i for i in infos}
        if args.regimes_command == "list":
            _list(infos, args.json, out)
            return EXIT_OK
        if args.regimes_command == "show":
            info = by_id.get(args.id)
            wanted = [args.id] if info is None or info.base is None else [info.base, args.id]
            regimes = load_screening(wanted, rules, user)
            shown = regimes[-1]
            info = info or _scenario_info(shown, args.id)
            if args.json:
                base_diff = diff_regimes(regimes[0], shown).as_json() if len(regimes) == 2 else None
                out.write(json.dumps({"regime": _info_json(info), "changes": base_diff}, ensure_ascii=False) + "\n")
                return EXIT_OK
            _show(shown, info, regimes[0] if len(regimes) == 2 else None, out)
            return EXIT_OK
        a, b = load_screening([args.a, args.b], rules, user)
        diff = diff_regimes(a, b)
        if args.json:
            out.write(json.dumps(diff.as_json(), ensure_ascii=False, indent=2) + "\n")
            return EXIT_OK
        lines = [f"{args.a} -> {args.b}"]
        for regime_ref in (args.a, args.b):
            info = by_id.get(regime_ref)
            if info is not None and info.status != "in force":
                lines.append(f"  {info.label}: {info.notice}")
        lines.extend(_diff_lines(diff))
        out.write("\n".join(printable(line) for line in lines) + "\n")
        return EXIT_OK
    except ComplianceError as error:
        fail(str(error))
        return EXIT_BAD_INPUT


def _scenario_info(regime: Regime, path: str) -> RegimeInfo:
    """A scenario named by its path rather than found in a folder."""
    declared = regime.declared
    if declared is None:
        raise ComplianceError(f"{path}: declares no [regime] table (id, label, status, date, notice)")
    return RegimeInfo(
        id=declared.id,
        label=declared.label,
        status=declared.status,
        date=declared.date,
        path=path,
        base=None,
        notice=declared.notice,
        banner=declared.banner,
        title=regime.title,
        shipped=False,
    )


def add_regimes_parser(sub: Any) -> None:
    """`regimes list [--json]`, `regimes show ID`, `regimes diff A B`."""
    regimes = sub.add_parser(
        "regimes",
        help="list the regimes (in force, proposals, your scenarios), show one, or compare two",
        description="The regimes rows can be screened under: the measures in force, the proposals (never law) "
        "and your own scenarios. Read from the rule packs alone, before any data is loaded.",
    )
    regimes.add_argument("--rules", metavar="DIR", help="folder of rule packs (default: the bundled ones)")
    inner = regimes.add_subparsers(dest="regimes_command", required=True)
    listing = inner.add_parser("list", help="id, label, status and date of every regime found")
    listing.add_argument("--json", action="store_true", help="as JSON")
    show = inner.add_parser("show", help="one regime: its status, notice, and measure by measure what it changes")
    show.add_argument("id", metavar="ID", help="a regime id (see `regimes list`) or a scenario's .toml path")
    show.add_argument("--json", action="store_true", help="as JSON")
    diff = inner.add_parser("diff", help="what differs between two regimes, measure by measure")
    diff.add_argument("a", metavar="ID_A", help="the baseline: an id or a scenario's .toml path")
    diff.add_argument("b", metavar="ID_B", help="the alternative: an id or a scenario's .toml path")
    diff.add_argument("--json", action="store_true", help="as JSON")
