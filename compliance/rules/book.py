"""A rule book: the rules of every regime screened together, compiled once into indexes.

The engine works out which measures a row touches once, against the whole book, and then reads the
outcome under each regime: a regime is the set of the book's rules active in it (regime.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from compliance.model.errors import RuleFileError
from compliance.normalise.target import AmbiguousName, Target
from compliance.normalise.terms import TermIndex
from compliance.rules.languages import goods_vocabulary, load_languages, term_kinds
from compliance.rules.packs import Citation, Condition, Exception_, LoadedPack, Rule


@dataclass(frozen=True, slots=True)
class CompiledCondition:
    """A Condition with its term lists turned into indexes, ready to test against a record."""

    source: Condition
    terms: TermIndex[int] | None
    fields: tuple[str, ...]
    any_of: tuple[CompiledCondition, ...]
    all_of: tuple[CompiledCondition, ...] = ()
    none_of: tuple[CompiledCondition, ...] = ()


def compile_condition(cond: Condition, named: dict[str, Condition], where: str) -> CompiledCondition:
    """Resolve named conditions and index the terms of a condition tree."""
    if cond.named is not None:
        if cond.named not in named:
            raise RuleFileError(f"{where}: unknown named condition '{cond.named}'")
        base = named[cond.named]
        if base.named is not None:
            raise RuleFileError(f"{where}: named condition '{cond.named}' may not name another")
        return compile_condition(base, named, where)
    index: TermIndex[int] | None = None
    if cond.terms:
        index = TermIndex()
        index.add(cond.terms, 0)
    return CompiledCondition(
        source=cond,
        terms=index,
        fields=cond.fields,
        any_of=tuple(compile_condition(c, named, where) for c in cond.any_of),
        all_of=tuple(compile_condition(c, named, where) for c in cond.all_of),
        none_of=tuple(compile_condition(c, named, where) for c in cond.none_of),
    )


@dataclass(frozen=True, slots=True)
class CompiledException:
    """An exception ready to test; `rule_ids` is ('*',) for one that covers every measure."""

    exception: Exception_
    when: CompiledCondition


@dataclass(slots=True)
class RuleIndex:
    """Where to look first: rules by the link to the target they need, goods rules by HS chapter and term."""

    by_link: dict[str, tuple[int, ...]] = field(default_factory=dict)
    by_chapter: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """HS chapter -> goods rules with a prefix in that chapter."""
    goods_terms: TermIndex[int] = field(default_factory=TermIndex)
    """Description terms -> goods rules (for rows without a code, and for conflicts)."""
    unconditional: tuple[int, ...] = ()
    """Rules that are not goods rules or are goods rules matched by terms only."""


@dataclass(frozen=True, slots=True)
class RuleBook:
    """Every rule of the regimes screened together (the base pack's first, then those amendments add,
    replace or modify), compiled once and shared by those regimes."""

    pack: LoadedPack
    target: Target
    """The country the measures are about, and the cells that tie a row to it (the base's vocabulary)."""
    rules: tuple[Rule, ...]
    when: tuple[CompiledCondition | None, ...]
    own_exceptions: tuple[tuple[CompiledException, ...], ...]
    index: RuleIndex
    contract_types: TermIndex[str]
    contract_types_from_fields: dict[str, tuple[str, ...]]
    contract_types_from_text: tuple[str, ...]
    units: dict[str, dict[str, float]]
    named: dict[str, Condition]
    languages: tuple[str, ...] = ()
    """Codes of the languages whose terms were loaded beside English."""
    read_as: dict[str, str] = field(default_factory=dict)
    """A term of another language -> the goods it names in English ("鱿鱼" -> "seafood")."""
    designation_basis: Citation | None = None
    """What a designation finding cites (the base's vocabulary); None when the pack declares nothing."""


def _chapter_of(prefix: str) -> str:
    return prefix[:2]


def target_of(loaded: LoadedPack) -> Target:
    """The base pack's target country, ready to tie rows to it; a RuleFileError when it declares none."""
    declared = loaded.pack.vocabulary.target
    if declared is None:
        raise RuleFileError(
            "the base pack declares no target country: [vocabulary.target] names it and the cells that tie a row to it",
            path=loaded.path,
        )
    ambiguous = declared.ambiguous
    try:
        return Target(
            code=declared.country,
            name=declared.name,
            adjective=declared.adjective,
            links={str(k): v for k, v in declared.links.items()},
            party_links={k: tuple(v) for k, v in declared.party_links.items()},
            contract_links={str(k): v for k, v in declared.contract_links.items()},
            spellings=declared.spellings,
            ambiguous=None if ambiguous is None else AmbiguousName(ambiguous.doubt, ambiguous.question),
        )
    except ValueError as exc:
        raise RuleFileError(f"[vocabulary.target]: {exc}", path=loaded.path) from None


def compile_book(loaded: LoadedPack, more: Sequence[Rule] = ()) -> RuleBook:
    """Compile a base pack's rules, and the rules amendments add or change, into one book.

    `more` are appended after the base's own rules (which keep their indexes); a rule equal to one
    already in the book is not added twice. They use the base pack's vocabulary.
    """
    pack = loaded.pack
    named = dict(pack.vocabulary.conditions)
    where = loaded.path
    rules = list(pack.rule)
    for rule in more:
        if rule in rules:
            continue
        lists = rule.goods.term_lists if rule.goods else ()
        missing = [t for t in lists if t not in pack.vocabulary.terms]
        unknown = [t for t in rule.contract_types if t not in pack.vocabulary.contract_types]
        if missing or unknown:
            names = ", ".join(missing + unknown)
            raise RuleFileError(f"rule '{rule.id}' names term lists or contract types the base pack lacks: {names}")
        rules.append(rule)
    by_link: dict[str, list[int]] = defaultdict(list)
    by_chapter: dict[str, list[int]] = defaultdict(list)
    goods_terms: TermIndex[int] = TermIndex()
    unconditional: list[int] = []
    languages = load_languages(loaded)
    for i, rule in enumerate(rules):
        for link in rule.links:
            by_link[link].append(i)
        if rule.goods:
            terms, exclusions = goods_vocabulary(rule.goods, pack.vocabulary, languages)
            goods_terms.add(terms, i, exclusions)
        if rule.goods and rule.goods.hs:
            for chapter in sorted({_chapter_of(p) for p in rule.goods.hs}):
                by_chapter[chapter].append(i)
        else:
            unconditional.append(i)
    contract_types: TermIndex[str] = TermIndex()
    for name, english in pack.vocabulary.contract_types.items():
        contract_types.add(english, name)
    for language in languages:
        for name, written in language.contract_types.items():
            if name in pack.vocabulary.contract_types:
                contract_types.add(written, name)
    designations = pack.vocabulary.designations
    return RuleBook(
        pack=loaded,
        target=target_of(loaded),
        rules=tuple(rules),
        when=tuple(compile_condition(r.when, named, f"{where}: rule '{r.id}'") if r.when else None for r in rules),
        own_exceptions=tuple(
            tuple(
                CompiledException(e, compile_condition(e.when, named, f"{where}: rule '{r.id}'")) for e in r.exceptions
            )
            for r in rules
        ),
        index=RuleIndex(
            by_link={k: tuple(v) for k, v in by_link.items()},
            by_chapter={k: tuple(v) for k, v in by_chapter.items()},
            goods_terms=goods_terms,
            unconditional=tuple(unconditional),
        ),
        contract_types=contract_types,
        contract_types_from_fields=dict(pack.vocabulary.contract_types_from_fields),
        contract_types_from_text=pack.vocabulary.contract_types_from_text,
        units=pack.vocabulary.units,
        named=named,
        languages=tuple(lang.code for lang in languages),
        read_as=term_kinds(pack.vocabulary, languages),
        designation_basis=None if designations is None else designations.basis,
    )
