"""Cheap tests that let the tagger skip a rule on a text where it cannot match.

Most of the codebook's rules are regular expressions or token patterns, and most of them match
nowhere in a given segment; running each one on each segment is what made coding slow. Each
rule gets a *prefilter*: what any match of the rule must contain, as a conjunction of
requirements, each a set of alternatives:

- literal strings of the text (compared case-folded): ``\\b(membres?|adhérents?) du pôle\\b``
  needs « membre » or « adhérent », and « du pôle »;
- token attributes (lemma, lower-case form, exact form), for token patterns whose mandatory
  tokens have a ``LEMMA``, ``LOWER``, ``ORTH`` or ``TEXT`` condition naming values (``IN`` or
  equality): the segment must have a token with one of them.

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
from typing import TYPE_CHECKING, Any

import ahocorasick

if TYPE_CHECKING:  # the typed names of the re module's parser (importing them warns since 3.11)
    import sre_compile
    import sre_constants
    import sre_parse
else:
    from re import _compiler as sre_compile
    from re import _constants as sre_constants
    from re import _parser as sre_parse

MIN_LITERAL = 3  # shorter literals are found in almost every segment: no use as a filter

Literals = frozenset[str]

_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
if hasattr(sre_constants, "POSSESSIVE_REPEAT"):
    _REPEATS.add(sre_constants.POSSESSIVE_REPEAT)


TOKEN_ATTRIBUTES = ("LEMMA", "LOWER", "ORTH")  # TEXT is ORTH


@dataclass(frozen=True)
class Prefilter:
    """Requirements of a rule: each literal set must have one member in the case-folded text;
    each token requirement (attribute, string hashes), one token of the segment whose
    attribute has one of those values."""

    literals: tuple[Literals, ...] = ()
    tokens: tuple[tuple[str, frozenset[int]], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.literals or self.tokens)

    def allows_tokens(self, values: Mapping[str, set[int]]) -> bool:
        """``values``: for each of TOKEN_ATTRIBUTES, the hashes found in the segment."""
        return all(not group.isdisjoint(values[attribute]) for attribute, group in self.tokens)


class LiteralIndex:
    """All the rules' literals in one Aho-Corasick automaton (pyahocorasick): one pass over a
    text finds every literal it contains, overlapping ones included, whatever the number of
    rules."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self._automaton = ahocorasick.Automaton()
        self._ready = False

    def groups(self, prefilter: Prefilter) -> tuple[frozenset[int], ...]:
        """A prefilter's literal requirements as sets of literal ids."""
        self._ready = False
        groups = []
        for group in prefilter.literals:
            ids = []
            for literal in group:
                if literal not in self.ids:
                    self.ids[literal] = len(self.ids)
                    self._automaton.add_word(literal, self.ids[literal])
                ids.append(self.ids[literal])
            groups.append(frozenset(ids))
        return tuple(groups)

    def found(self, folded: str) -> set[int]:
        """The ids of the literals that occur in a case-folded text."""
        if not self.ids:
            return set()
        if not self._ready:
            self._automaton.make_automaton()
            self._ready = True
        return {literal for _, literal in self._automaton.iter(folded)}


def allowed(groups: tuple[frozenset[int], ...], found: set[int]) -> bool:
    """Whether every literal requirement has one of its literals among those found."""
    return all(not group.isdisjoint(found) for group in groups)


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
    return Prefilter(literals=_ordered(_sequence(list(tree.data))))


def token_pattern_prefilter(
    pattern: Sequence[Mapping[str, Any]], string_hash: Any = None
) -> Prefilter:
    """What every match of a spaCy token pattern contains, from its mandatory tokens:
    literals from REGEX conditions on the surface form (LOWER, ORTH, TEXT) and, if
    ``string_hash`` (str -> int) is given, token values from LEMMA, LOWER, ORTH and TEXT
    conditions that name them (a value or an IN list)."""
    literals: list[Literals] = []
    tokens: list[tuple[str, frozenset[int]]] = []
    for entry in pattern:
        token = {str(key).upper(): value for key, value in entry.items()}
        if not _mandatory(str(token.get("OP", ""))):
            continue
        for attribute in ("LEMMA", "LOWER", "ORTH", "TEXT"):
            if attribute not in token:
                continue
            condition = token[attribute]
            values = _condition_values(condition)
            if values and string_hash is not None:
                name = "ORTH" if attribute == "TEXT" else attribute
                tokens.append((name, frozenset(string_hash(value) for value in values)))
            elif (
                attribute != "LEMMA"
                and isinstance(condition, Mapping)
                and isinstance(condition.get("REGEX"), str)
            ):
                literals.extend(regex_prefilter(condition["REGEX"]).literals)
    return Prefilter(
        literals=_ordered(literals), tokens=tuple(sorted(set(tokens), key=lambda t: len(t[1])))
    )


def _condition_values(condition: Any) -> list[str]:
    if isinstance(condition, str):
        return [condition]
    if isinstance(condition, Mapping) and isinstance(condition.get("IN"), list):
        return [str(value) for value in condition["IN"]]
    return []


MAX_EXPANSION = 64  # alternatives of a literal run, at most


def _sequence(items: list[tuple[Any, Any]], start: set[str] | None = None) -> list[Literals]:
    """The literal sets all required by a sequence of regex nodes.

    A run of literal characters, extended through groups that are themselves pure literals
    (``F(SE|EDER)`` is « fse » or « feder »), makes one set; it continues into each branch of
    an alternation or group that follows (``d(la|ispositif)``); any other node ends it.
    ``start`` is the run that precedes the sequence."""
    required: list[Literals] = []
    run: set[str] = set(start) if start else {""}

    def end_run() -> None:
        nonlocal run
        useful = _useful(run)
        if useful:
            required.append(useful)
        run = {""}

    for op, value in items:
        alternatives = _exact(op, value)
        if alternatives is not None and len(run) * len(alternatives) <= MAX_EXPANSION:
            run = {prefix + alternative for prefix in run for alternative in alternatives}
            continue
        if op is sre_constants.SUBPATTERN:
            required.extend(_sequence(list(value[-1]), run))
            run = {""}
            continue
        if op is sre_constants.BRANCH:
            best = [_best(_sequence(list(branch), run)) for branch in value[1]]
            branches = [found for found in best if found]
            if len(branches) == len(best):
                required.append(frozenset().union(*branches))
            else:
                end_run()
            run = {""}
            continue
        end_run()
        if op in _REPEATS:
            low, _, body = value
            if low >= 1:
                required.extend(_sequence(list(body)))
        elif op is getattr(sre_constants, "ATOMIC_GROUP", None):
            required.extend(_sequence(list(value)))
        # anything else (classes, anchors, lookarounds, any character, group references)
        # requires no literal we can name
    end_run()
    return required


def _exact(op: Any, value: Any) -> set[str] | None:
    """Every string a node matches, case-folded, if it is a literal or a group or
    alternation of literals; None otherwise."""
    if op is sre_constants.LITERAL:
        return {fold(chr(value))}
    if op is sre_constants.SUBPATTERN:
        return _exact_sequence(list(value[-1]))
    if op is sre_constants.BRANCH:
        found: set[str] = set()
        for branch in value[1]:
            strings = _exact_sequence(list(branch))
            if strings is None:
                return None
            found |= strings
        return found if len(found) <= MAX_EXPANSION else None
    return None


def _exact_sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    strings = {""}
    for op, value in items:
        alternatives = _exact(op, value)
        if alternatives is None or len(strings) * len(alternatives) > MAX_EXPANSION:
            return None
        strings = {prefix + alternative for prefix in strings for alternative in alternatives}
    return strings


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
    groups = getattr(sre_compile, "_equivalences", ((0x69, 0x131), (0x73, 0x17F)))
    table = {}
    for group in groups:
        target = chr(group[0]).casefold()
        for code in group[1:]:
            table[ord(chr(code).casefold()[0])] = target
    return table


_EQUIVALENT = _equivalences()
