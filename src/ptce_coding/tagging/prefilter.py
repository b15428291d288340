"""Cheap tests that let the tagger skip a rule on a text where it cannot match.

Most of the codebook's rules are regular expressions or token patterns, and most of them match
nowhere in a given segment; running each one on each segment is what made coding slow. Each
rule gets a *prefilter*: what any match of the rule must contain, as a conjunction of
requirements, each a set of alternatives:

- literal strings of the text (compared case-folded): ``\\b(membres?|adhérents?) du pôle\\b``
  needs « membre » or « adhérent », and « du pôle »;
- lemmas, for token patterns with a ``LEMMA`` condition on a mandatory token.

A text that lacks one requirement is skipped for that rule without running it. The prefilter
only ever skips work: a part of a rule from which no requirement can be read (a character
class, an optional group, a lookaround) adds none, so results never change. A test codes the
demo corpus with and without prefilters and compares every match.

The literals are read from the regular expression's parse tree (``re._parser``, the parser
``re`` itself uses), so alternations, optional parts and repeats are handled as ``re`` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

try:  # the parser of the re module; its name changed in Python 3.11
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

MIN_LITERAL = 3  # shorter literals are found in almost every segment: no use as a filter

Literals = frozenset[str]

_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
if hasattr(sre_constants, "POSSESSIVE_REPEAT"):
    _REPEATS.add(sre_constants.POSSESSIVE_REPEAT)


@dataclass(frozen=True)
class Prefilter:
    """Requirements of a rule: each literal set must have one member in the case-folded text,
    each lemma set (string hashes) one member among the segment's lemmas."""

    literals: tuple[Literals, ...] = ()
    lemmas: tuple[frozenset[int], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.literals or self.lemmas)

    def allows_text(self, folded: str) -> bool:
        return all(any(literal in folded for literal in group) for group in self.literals)

    def allows_lemmas(self, lemmas: set[int]) -> bool:
        return all(not group.isdisjoint(lemmas) for group in self.lemmas)


def fold(text: str) -> str:
    """Case-folded text, with the few characters that ``re.IGNORECASE`` also takes as equal
    (dotless ı and i, for one) mapped alike."""
    return text.casefold().translate(_EQUIVALENT)


def regex_prefilter(pattern: str, flags: int = 0) -> Prefilter:
    """What every match of ``pattern`` contains."""
    try:
        tree = sre_parse.parse(pattern, flags)
    except re.error:
        return Prefilter()
    return Prefilter(literals=_ordered(_sequence(list(tree))))


def token_pattern_prefilter(
    pattern: Sequence[Mapping[str, Any]], lemma_hash: Any = None
) -> Prefilter:
    """What every match of a spaCy token pattern contains: from its mandatory tokens'
    conditions on the surface form (LOWER, ORTH, TEXT: a value, an IN list or a REGEX) and, if
    ``lemma_hash`` (str -> int) is given, on the lemma (a value or an IN list)."""
    literals: list[Literals] = []
    lemmas: list[frozenset[int]] = []
    for entry in pattern:
        token = {str(key).upper(): value for key, value in entry.items()}
        if not _mandatory(str(token.get("OP", ""))):
            continue
        for attribute in ("LOWER", "ORTH", "TEXT"):
            if attribute in token:
                literals.extend(_condition_literals(token[attribute]))
        if lemma_hash is not None and "LEMMA" in token:
            values = _condition_values(token["LEMMA"])
            if values:
                lemmas.append(frozenset(lemma_hash(value) for value in values))
    return Prefilter(literals=_ordered(literals), lemmas=tuple(sorted(lemmas, key=len)))


def _condition_values(condition: Any) -> list[str]:
    if isinstance(condition, str):
        return [condition]
    if isinstance(condition, Mapping) and isinstance(condition.get("IN"), list):
        return [str(value) for value in condition["IN"]]
    return []


def _condition_literals(condition: Any) -> list[Literals]:
    values = _condition_values(condition)
    if values:
        useful = _useful(fold(value) for value in values)
        return [useful] if useful else []
    if isinstance(condition, Mapping) and isinstance(condition.get("REGEX"), str):
        return list(regex_prefilter(condition["REGEX"]).literals)
    return []


def _sequence(items: list[tuple[Any, Any]]) -> list[Literals]:
    """The literal sets all required by a sequence of regex nodes."""
    required: list[Literals] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            useful = _useful(["".join(run)])
            if useful:
                required.append(useful)
            run.clear()

    for op, value in items:
        if op is sre_constants.LITERAL:
            run.append(fold(chr(value)))
            continue
        end_run()
        if op is sre_constants.SUBPATTERN:
            required.extend(_sequence(list(value[-1])))
        elif op is sre_constants.BRANCH:
            branches = [_best(_sequence(list(branch))) for branch in value[1]]
            if all(branches):
                required.append(frozenset().union(*branches))  # type: ignore[arg-type]
        elif op in _REPEATS:
            low, _, body = value
            if low >= 1:
                required.extend(_sequence(list(body)))
        elif op is getattr(sre_constants, "ATOMIC_GROUP", None):
            required.extend(_sequence(list(value)))
        # anything else (classes, anchors, lookarounds, any character, group references)
        # requires no literal we can name, and it ends the current run of literal characters
    end_run()
    return required


def _useful(literals: Iterable[str]) -> Literals | None:
    literals = frozenset(literals)
    if not literals or min(len(literal) for literal in literals) < MIN_LITERAL:
        return None
    return literals


def _selectivity(group: Literals) -> tuple[int, int]:
    return (min(len(literal) for literal in group), -len(group))


def _best(groups: list[Literals]) -> Literals | None:
    """The most selective set: its shortest literal the longest, then the fewest literals."""
    return max(groups, key=_selectivity) if groups else None


def _ordered(groups: Iterable[Literals]) -> tuple[Literals, ...]:
    """Distinct sets, the most selective first (the first to fail ends the test)."""
    return tuple(sorted(set(groups), key=_selectivity, reverse=True))


def _mandatory(op: str) -> bool:
    """Whether a token pattern entry with this ``OP`` must be present in every match."""
    if op in ("?", "*", "!"):
        return False
    return not re.match(r"\{0?,", op)


def _equivalences() -> dict[int, str]:
    try:
        from re import _compiler

        groups = _compiler._equivalences
    except (ImportError, AttributeError):  # pragma: no cover - other Python versions
        groups = ((0x69, 0x131), (0x73, 0x17F))
    table = {}
    for group in groups:
        target = chr(group[0]).casefold()
        for code in group[1:]:
            table[ord(chr(code).casefold()[0])] = target
    return table


_EQUIVALENT = _equivalences()
