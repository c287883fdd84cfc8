"""Goods terms, exclusions and contract types in other languages, kept beside a pack as data.

A base pack names a folder (`pack.languages`, usually rules/languages/) of one TOML file per language;
each adds terms to the pack's named term lists and contract types. The English lists stay in the pack.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from compliance.model.errors import RuleFileError
from compliance.rules.packs import Goods, LoadedPack, Vocabulary


@dataclass(frozen=True, slots=True)
class LanguageTerms:
    """One language's additions to the vocabulary."""

    code: str
    name: str
    terms: dict[str, tuple[str, ...]]
    exclusions: dict[str, tuple[str, ...]]
    contract_types: dict[str, tuple[str, ...]]


def _str_lists(table: object, path: Path, section: str) -> dict[str, tuple[str, ...]]:
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise RuleFileError(f"[{section}] must be a table of lists", path=str(path))
    out: dict[str, tuple[str, ...]] = {}
    for name, values in table.items():
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise RuleFileError(f"[{section}] '{name}' must be a list of non-empty strings", path=str(path))
        out[name] = tuple(values)
    return out


def read_language(path: Path) -> LanguageTerms:
    """Read one language file, refusing list names the pack does not define."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuleFileError(f"cannot read language terms: {exc}", path=str(path)) from None
    info = data.get("language") or {}
    code = info.get("code") if isinstance(info, dict) else None
    if not isinstance(code, str) or not code:
        raise RuleFileError("[language] needs a code", path=str(path))
    terms = _str_lists(data.get("terms"), path, "terms")
    exclusions = _str_lists(data.get("exclusions"), path, "exclusions")
    contract_types = _str_lists(data.get("contract_types"), path, "contract_types")
    # Lists the pack does not define are kept: a language file may serve several packs.
    return LanguageTerms(code, str(info.get("name", code)), terms, exclusions, contract_types)


def load_languages(loaded: LoadedPack) -> tuple[LanguageTerms, ...]:
    """Every language file in the pack's languages folder, in name order (none when it names none)."""
    folder_name = loaded.pack.pack.languages
    if not folder_name:
        return ()
    folder = Path(loaded.path).parent / folder_name
    if not folder.is_dir():
        raise RuleFileError(f"the languages folder '{folder_name}' is missing", path=loaded.path)
    return tuple(read_language(p) for p in sorted(folder.glob("*.toml")))


def goods_vocabulary(
    goods: Goods, vocabulary: Vocabulary, languages: tuple[LanguageTerms, ...]
) -> tuple[list[str], list[str]]:
    """A goods rule's terms and exclusions in every language: its own terms, then its named lists."""
    terms = list(goods.terms)
    exclusions: list[str] = []
    for name in goods.term_lists:
        shared = vocabulary.terms[name]
        terms.extend(shared.en)
        exclusions.extend(shared.exclude)
        for language in languages:
            terms.extend(language.terms.get(name, ()))
            exclusions.extend(language.exclusions.get(name, ()))
    return terms, exclusions


def term_kinds(vocabulary: Vocabulary, languages: tuple[LanguageTerms, ...]) -> dict[str, str]:
    """Each term of another language -> the goods it names, in English words ("鱿鱼" -> "seafood"),
    so a hit can say what a cell was read as."""
    kinds: dict[str, str] = {}
    for language in languages:
        for name, terms in language.terms.items():
            if name in vocabulary.terms:
                for term in terms:
                    kinds.setdefault(term, name.replace("_", " "))
    return kinds
