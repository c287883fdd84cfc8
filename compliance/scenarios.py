"""An analyst's scenario: the measures of a chosen regime, amended by hand, saved as a pack amendment.

A scenario is written in the same TOML form as the shipped proposals (`[[lift]]`, `[[modify]]`,
`[[add]]`, `[[exception]]`) into the user's regimes folder, where the catalog finds it beside the
shipped regimes. Nothing is kept that the catalog would not load: the file is read back, with the
user's other scenarios, before it replaces anything, and an imported file is checked the same way.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import tomli_w

from compliance.model.errors import RuleFileError
from compliance.outputs.atomic import atomic_write
from compliance.paths import user_regimes_dir
from compliance.rules.catalog import find_regimes, load_regime
from compliance.rules.measure_groups import cap_text
from compliance.rules.packs import LoadedPack, load_pack
from compliance.rules.regime import Regime

"""The user's regimes folder, inside the data folder."""
SCENARIO_STATUS = "user scenario"
SCENARIO_VERSION = "1"

Direction = Literal["from_dprk", "to_dprk"]
DIRECTIONS: dict[Direction, str] = {"from_dprk": "Exports from the DPRK", "to_dprk": "Imports into the DPRK"}


@dataclass(frozen=True, slots=True)
class AddedBan:
    """A measure the scenario adds: goods by HS code or description, in one direction."""

    title: str
    direction: Direction
    hs: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    start: dt.date | None = None
    """The day the ban applies from; by default the base regime's date."""


@dataclass(frozen=True, slots=True)
class AddedExemption:
    """An exemption the scenario adds to named measures: rows whose description names these terms."""

    title: str
    rules: tuple[str, ...]
    terms: tuple[str, ...]


@dataclass
class Scenario:
    """What the analyst changed, measure by measure, against a base regime (by id).

    A measure lifted is not modified as well: the lift wins (an amendment names each measure once).
    """

    name: str
    base: str
    lifts: dict[str, str] = field(default_factory=dict)
    """Rule id -> why it is lifted."""
    caps: dict[str, tuple[float, ...]] = field(default_factory=dict)
    """Rule id -> new amounts, one per figure of its cap, in its units."""
    starts: dict[str, dt.date] = field(default_factory=dict)
    ends: dict[str, dt.date] = field(default_factory=dict)
    bans: list[AddedBan] = field(default_factory=list)
    exemptions: list[AddedExemption] = field(default_factory=list)
    id: str | None = None
    """The id it was saved under; saving again replaces that file."""


def slug(name: str) -> str:
    """'Textiles lifted (2026)' -> 'textiles-lifted-2026': the id's form, from the name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return text[:60].rstrip("-") or "scenario"


def scenario_id(name: str, taken: set[str]) -> str:
    """An id derived from the name, not among `taken` (another regime's id): 'name', 'name-2' ..."""
    base = slug(name)
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _ban_rule(ban: AddedBan, index: int, scenario_id_: str, name: str, start: dt.date, year: int) -> dict[str, Any]:
    if not ban.title.strip():
        raise ValueError(f"added ban #{index}: give it a title")
    if not ban.hs and not ban.terms:
        raise ValueError(f"added ban '{ban.title}': give HS codes or description terms")
    bad = [code for code in ban.hs if not re.fullmatch(r"(?:\d{2}){1,5}", code)]
    if bad:
        raise ValueError(f"added ban '{ban.title}': HS codes are 2, 4, 6, 8 or 10 digits, not {', '.join(bad)}")
    goods: dict[str, Any] = {"hs_basis": "implementation choice"}
    if ban.hs:
        goods["hs"] = list(ban.hs)
    if ban.terms:
        goods["terms"] = list(ban.terms)
    where = "from" if ban.direction == "from_dprk" else "into"
    return {
        "id": f"{scenario_id_}-ban-{index}",
        "title": f"{ban.title.strip()} (scenario)",
        "measure": "scenario bans",
        "links": [ban.direction],
        "outcome": "prohibited",
        "reason": f"Under the scenario '{name}' (an analyst's scenario, not law): {ban.title.strip()} {where} "
        "the DPRK banned.",
        "citation": {"draft": f"Scenario '{name}'", "year": year, "adopted": start},
        "goods": goods,
    }


def _exemption(exemption: AddedExemption, index: int, scenario_id_: str, name: str) -> dict[str, Any]:
    if not exemption.title.strip():
        raise ValueError(f"added exemption #{index}: give it a title")
    if not exemption.rules:
        raise ValueError(f"added exemption '{exemption.title}': choose the measures it exempts from")
    if not exemption.terms:
        raise ValueError(f"added exemption '{exemption.title}': give the description terms it applies to")
    return {
        "id": f"{scenario_id_}-exemption-{index}",
        "title": f"{exemption.title.strip()} (scenario exemption)",
        "rules": list(exemption.rules),
        "outcome": "permitted",
        "reason": f"Exempted under the scenario '{name}' (an analyst's scenario, not law): {exemption.title.strip()}.",
        "when": {"terms": list(exemption.terms), "fields": ["description"]},
    }


def _modifications(scenario: Scenario, base: Regime, name: str) -> list[dict[str, Any]]:
    rules = {base.book.rules[i].id: base.book.rules[i] for i in base.active}
    changed = [r for r in dict.fromkeys([*scenario.caps, *scenario.starts, *scenario.ends]) if r not in scenario.lifts]
    out: list[dict[str, Any]] = []
    for rule_id in changed:
        rule = rules.get(rule_id)
        if rule is None:
            raise ValueError(f"the base regime '{scenario.base}' has no measure '{rule_id}'")
        entry: dict[str, Any] = {"rule": rule_id}
        said: list[str] = []
        amounts = scenario.caps.get(rule_id)
        if amounts is not None:
            if rule.cap is None:
                raise ValueError(f"measure '{rule_id}' has no cap to change")
            if len(amounts) != len(rule.cap.limits):
                raise ValueError(f"measure '{rule_id}': its cap has {len(rule.cap.limits)} figure(s)")
            limits = tuple(
                lim.model_copy(update={"amount": float(a)}) for lim, a in zip(rule.cap.limits, amounts, strict=True)
            )
            cap: dict[str, Any] = {"limits": [{"amount": lim.amount, "unit": lim.unit} for lim in limits]}
            if rule.cap.barrels_per_tonne is not None:
                cap["barrels_per_tonne"] = rule.cap.barrels_per_tonne
            entry["cap"] = cap
            entry["reason"] = (
                f"Under the scenario '{name}' (an analyst's scenario, not law): capped at "
                f"{cap_text(limits)} a year, instead of {cap_text(rule.cap.limits)}."
            )
            said.append(f"cap changed from {cap_text(rule.cap.limits)} to {cap_text(limits)}")
        start = scenario.starts.get(rule_id, rule.citation.adopted)
        end = scenario.ends.get(rule_id, rule.in_force_until)
        if end is not None and end < start:
            raise ValueError(
                f"measure '{rule_id}' would end on {end.isoformat()}, before it starts ({start.isoformat()})"
            )
        if rule_id in scenario.starts:
            entry["in_force_from"] = scenario.starts[rule_id]
            said.append(f"applies from {scenario.starts[rule_id].isoformat()}")
        if rule_id in scenario.ends:
            entry["in_force_until"] = scenario.ends[rule_id]
            said.append(f"applies until {scenario.ends[rule_id].isoformat()}")
        entry["change"] = f"Scenario '{name}': {'; '.join(said)} (an analyst's scenario, not law)."
        out.append(entry)
    return out


def scenario_pack(scenario: Scenario, base: Regime, regime_id: str, today: dt.date) -> dict[str, Any]:
    """The scenario as the TOML tables of a pack amendment; ValueError naming what is incomplete."""
    name = " ".join(scenario.name.split())  # one line: it heads the file and names every hit
    if not name:
        raise ValueError("give the scenario a name")
    start = base.declared.date if base.declared else base.book.rules[0].citation.adopted
    data: dict[str, Any] = {
        "pack": {
            "id": regime_id,
            "title": f"Scenario: {name}",
            "version": SCENARIO_VERSION,
            "based_on": scenario.base,
            "description": f"An analyst's scenario built on '{scenario.base}': {name}.",
        },
        "regime": {
            "id": regime_id,
            "label": name,
            "status": SCENARIO_STATUS,
            "date": today,
            "notice": f"'{name}' is an analyst's scenario, not law: its verdicts are a comparison only, judged "
            "as if its changes had been made before each row's date.",
            "banner": "Analyst's scenario — not law",
        },
    }
    lifts = [
        {"rule": r, "reason": reason.strip() or f"Lifted under the scenario '{name}'."}
        for r, reason in scenario.lifts.items()
    ]
    modify = _modifications(scenario, base, name)
    add = [_ban_rule(b, i, regime_id, name, b.start or start, today.year) for i, b in enumerate(scenario.bans, start=1)]
    exceptions = [_exemption(e, i, regime_id, name) for i, e in enumerate(scenario.exemptions, start=1)]
    for key, entries in (("lift", lifts), ("modify", modify), ("add", add), ("exception", exceptions)):
        if entries:
            data[key] = entries
    if len(data) == 2:
        raise ValueError("the scenario changes nothing: lift, change or add at least one measure")
    return data


def scenario_toml(scenario: Scenario, base: Regime, regime_id: str, today: dt.date) -> bytes:
    """The scenario's file, as written to the user's folder or exported."""
    header = f"# {' '.join(scenario.name.split())}: an analyst's scenario on '{scenario.base}', not law.\n"
    return (header + tomli_w.dumps(scenario_pack(scenario, base, regime_id, today))).encode("utf-8")


def _check_in_catalog(content: bytes, target: Path, rules_dir: Path, user_dir: Path) -> LoadedPack:
    """Load the file as the catalog would, with the user's other scenarios, before it is kept.

    RuleFileError naming the target (not the temporary copy) with the loader's line and reason.
    """
    with tempfile.TemporaryDirectory(prefix="scenario-check-") as tmp:
        trial = Path(tmp)
        if user_dir.is_dir():
            for other in user_dir.glob("*.toml"):
                if other.name != target.name:
                    shutil.copyfile(other, trial / other.name)
        (trial / target.name).write_bytes(content)
        try:
            loaded = load_pack(trial / target.name)
            if loaded.pack.regime is None or not loaded.pack.is_amendment:
                raise RuleFileError("a scenario amends a regime (pack.based_on) and declares its [regime]")
            find_regimes(rules_dir, trial)
            load_regime(loaded.pack.regime.id, rules_dir, trial)
        except RuleFileError as exc:
            raise RuleFileError(exc.message, path=_outside(exc.path, trial, target, user_dir)) from None
        return loaded


def _outside(path: str | None, trial: Path, target: Path, user_dir: Path) -> str | None:
    """The path an error names, as the analyst knows it: the target or the user's own file, not the trial copy."""
    if path is None or Path(path).parent != trial:
        return path
    return str(target if Path(path).name == target.name else user_dir / Path(path).name)


def taken_ids(rules_dir: Path, user_dir: Path) -> set[str]:
    """The ids already declared by a regime, shipped or the user's."""
    return {info.id for info in find_regimes(rules_dir, user_dir)}


def save_scenario(
    scenario: Scenario, rules_dir: Path, user_dir: Path | None = None, today: dt.date | None = None
) -> Path:
    """Write the scenario into the user's folder, checked by the catalog first; returns its path.

    Sets `scenario.id` on success. ComplianceError (one line, file and reason) when it would not load.
    """
    user_dir = user_dir or user_regimes_dir()
    base = load_regime(scenario.base, rules_dir, user_dir)
    taken = taken_ids(rules_dir, user_dir) - ({scenario.id} if scenario.id else set())
    regime_id = scenario.id if scenario.id and scenario.id not in taken else scenario_id(scenario.name, taken)
    target = user_dir / f"{regime_id}.toml"
    try:
        content = scenario_toml(scenario, base, regime_id, today or dt.date.today())
    except ValueError as exc:
        raise RuleFileError(str(exc), path=str(target)) from None
    _check_in_catalog(content, target, rules_dir, user_dir)
    _write(content, target)
    scenario.id = regime_id
    return target


def export_scenario(source: Path, destination: Path) -> Path:
    """Copy a scenario file to where the analyst chose (to share it); nothing half-written is left."""
    try:
        content = source.read_bytes()
    except OSError as exc:
        raise RuleFileError(f"cannot read the scenario: {exc.strerror or exc}", path=str(source)) from None
    _write(content, destination)
    return destination


def import_scenario(source: Path, rules_dir: Path, user_dir: Path | None = None) -> Path:
    """Copy a shared scenario into the user's folder once it loads; returns where it was put.

    Refused (RuleFileError naming the file, the line and the reason) when it is not a valid pack
    amendment, amends a regime not found here, or declares an id another regime already has.
    """
    user_dir = user_dir or user_regimes_dir()
    loaded = load_pack(source)
    declared = loaded.pack.regime
    if declared is None or not loaded.pack.is_amendment:
        raise RuleFileError(
            "not a scenario: it must amend a regime (pack.based_on) and declare its [regime]", path=str(source)
        )
    target = user_dir / f"{declared.id}.toml"
    clash = next((i for i in find_regimes(rules_dir, user_dir) if i.id == declared.id), None)
    if clash is not None:
        raise RuleFileError(f"a regime with the id '{declared.id}' is already there ({clash.path})", path=str(source))
    try:
        _check_in_catalog(source.read_bytes(), target, rules_dir, user_dir)
    except RuleFileError as exc:
        raise RuleFileError(exc.message, path=str(source) if exc.path == str(target) else exc.path) from None
    _write(source.read_bytes(), target)
    return target


def _write(content: bytes, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RuleFileError(f"cannot create the folder: {exc.strerror or exc}", path=str(target.parent)) from None
    with atomic_write(target) as handle:
        handle.write(content)


__all__ = [
    "DIRECTIONS",
    "AddedBan",
    "AddedExemption",
    "Scenario",
    "export_scenario",
    "import_scenario",
    "save_scenario",
    "scenario_id",
    "scenario_pack",
    "scenario_toml",
    "slug",
    "user_regimes_dir",
]
