"""Codebook rules compiled into spaCy matchers, applied to one segment at a time.

Rule kinds (one per rule, in the codebook YAML under a code's ``rules``):

``lemma: "appel à projets"``  lemma phrase(s): matches every inflection (« appels à projets »)
``phrase: "ETP"``             exact word sequence(s), case-insensitive
``pattern: [{LEMMA: x}, …]``  a spaCy Matcher token pattern
``regex: '\\bcotisations?\\b'`` a regular expression over the segment text (case-insensitive
                              unless ``case_sensitive: true``)
``near: [a, b]`` + ``window``  every lemma phrase within ``window`` tokens (default 10) of the
                              first one, in the same segment

Options: ``id`` (default ``CODE#n``), ``veto: true`` (an exclusion: when it matches in a segment
the code is not suggested there, e.g. a negation or a false friend), ``note``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex
from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.matcher import Matcher, PhraseMatcher

from ptce_coding.base.errors import CodebookError, PtceError
from ptce_coding.base.language import for_pipeline
from ptce_coding.base.regex_safety import MATCH_SECONDS
from ptce_coding.codebook.model import Codebook, Rule
from ptce_coding.tagging.prefilter import (
    TOKEN_ATTRIBUTES,
    LiteralIndex,
    Prefilter,
    allowed,
    fold,
    regex_prefilter,
    token_pattern_prefilter,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


PREFILTER = True  # False runs every rule on every segment (tests compare both ways)


Literals = tuple[frozenset[int], ...]  # a prefilter's literal requirements, as literal ids


@dataclass(frozen=True)
class Candidates:
    """The prefiltered rules that may match in a document (the others cannot)."""

    regexes: list[tuple[Rule, regex.Pattern[str], Literals]]
    patterns: list[tuple[Literals, Prefilter, Matcher]]


@dataclass(frozen=True)
class Match:
    """A rule that fired in a segment: character offsets relative to the segment."""

    rule: Rule
    start: int
    end: int
    text: str


class RuleTagger:
    """All the rules of a codebook, compiled once for a pipeline."""

    def __init__(self, codebook: Codebook, nlp: Language) -> None:
        self.codebook = codebook
        self.nlp = nlp
        self.by_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.by_pattern = Matcher(nlp.vocab, validate=True)  # patterns without a prefilter
        # a token pattern with a prefilter has a matcher of its own, run only where it may match
        self.patterns: list[tuple[Literals, Prefilter, Matcher]] = []
        self.rules: dict[str, Rule] = {}
        self.regexes: list[tuple[Rule, regex.Pattern[str], Literals]] = []
        self.literals = LiteralIndex()
        self.near_terms: dict[str, tuple[Rule, int]] = {}
        problems: list[PtceError] = []
        for rule in codebook.rules():
            self.rules[rule.id] = rule
            try:
                self._add(rule)
            except re.error as exc:  # a token's REGEX condition (spaCy compiles it with `re`)
                problems.append(
                    PtceError(
                        f"code {rule.code}, rule {rule.id}: invalid regular expression "
                        f"{exc.pattern!r} in the token pattern: {exc}",
                        path=codebook.path,
                        line=rule.line,
                    )
                )
            except ValueError as exc:  # spaCy's MatchPatternError derives from ValueError
                first = str(exc).strip().splitlines()
                problems.append(
                    PtceError(
                        f"code {rule.code}, rule {rule.id}: invalid token pattern: "
                        f"{first[-1] if first else exc}",
                        path=codebook.path,
                        line=rule.line,
                    )
                )
        if problems:
            raise CodebookError(problems, codebook.path)

    def _add(self, rule: Rule) -> None:
        terms = [for_pipeline(term) for term in rule.terms]
        if rule.kind == "lemma":
            self.by_lemma.add(rule.id, list(self.nlp.pipe(terms)))
            self.by_lower.add(rule.id, [self.nlp.make_doc(term) for term in terms])
        elif rule.kind == "phrase":
            self.by_lower.add(rule.id, [self.nlp.make_doc(term) for term in terms])
        elif rule.kind == "pattern":
            prefilter = token_pattern_prefilter(rule.pattern, self.nlp.vocab.strings.add)
            if not prefilter:
                self.by_pattern.add(rule.id, [list(rule.pattern)])
                return
            matcher = Matcher(self.nlp.vocab, validate=True)
            matcher.add(rule.id, [list(rule.pattern)])
            self.patterns.append((self.literals.groups(prefilter), prefilter, matcher))
        elif rule.kind == "regex":
            flags = 0 if rule.case_sensitive else re.IGNORECASE
            compiled = regex.compile(rule.regex, flags)  # `regex`: matching with a time limit
            prefilter = regex_prefilter(rule.regex, flags)
            self.regexes.append((rule, compiled, self.literals.groups(prefilter)))
        elif rule.kind == "near":
            for index, term in enumerate(terms):
                key = f"{rule.id}\x00near\x00{index}"
                self.near_terms[key] = (rule, index)
                self.by_lemma.add(key, list(self.nlp.pipe([term])))
                self.by_lower.add(key, [self.nlp.make_doc(term)])

    def candidates(self, text: str) -> Candidates:
        """The rules that may match somewhere in ``text`` (a whole document, as stored):
        testing the prefilters once per document spares testing the others per segment."""
        if not PREFILTER:
            return Candidates(self.regexes, self.patterns)
        found = self.literals.found(fold(text))
        found_pipeline = self.literals.found(fold(for_pipeline(text)))
        return Candidates(
            [item for item in self.regexes if allowed(item[2], found)],
            [item for item in self.patterns if allowed(item[0], found_pipeline)],
        )

    def matches(
        self, doc: Doc, text: str | None = None, candidates: Candidates | None = None
    ) -> list[Match]:
        """Every rule match in a segment, veto rules included.

        ``text`` is the segment as stored (``doc`` may have been read with normalised
        apostrophes); matched words and regular expressions use it. ``candidates`` (from the
        segment's document) narrows the prefiltered rules to try.
        """
        text = doc.text if text is None else text
        if candidates is None:
            candidates = Candidates(self.regexes, self.patterns)
        strings = self.nlp.vocab.strings
        found: list[Match] = []
        seen: set[tuple[str, int, int]] = set()
        near_hits: dict[str, dict[int, list[tuple[int, int]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        matchers: list[PhraseMatcher | Matcher] = [self.by_lemma, self.by_lower, self.by_pattern]
        if PREFILTER:
            present = self.literals.found(fold(text))
            if candidates.patterns:
                present_pipeline = (
                    present if doc.text == text else self.literals.found(fold(doc.text))
                )
                values = _token_values(doc)
                matchers += [
                    matcher
                    for literals, prefilter, matcher in candidates.patterns
                    if allowed(literals, present_pipeline) and prefilter.allows_tokens(values)
                ]
            regexes = [item for item in candidates.regexes if allowed(item[2], present)]
        else:
            matchers += [matcher for _, _, matcher in candidates.patterns]
            regexes = candidates.regexes
        token_matches = [
            hit
            for matcher in matchers
            if len(matcher)  # an empty matcher warns (W036)
            for hit in matcher(doc)
        ]
        for match_id, start, end in token_matches:
            key = strings[match_id]
            if key in self.near_terms:
                rule, index = self.near_terms[key]
                near_hits[rule.id][index].append((start, end))
                continue
            span = doc[start:end]
            if (key, span.start_char, span.end_char) in seen:
                continue
            seen.add((key, span.start_char, span.end_char))
            found.append(
                Match(
                    self.rules[key],
                    span.start_char,
                    span.end_char,
                    text[span.start_char : span.end_char],
                )
            )
        for rule_id, hits in near_hits.items():
            match = _near_match(self.rules[rule_id], hits, doc, text)
            if match is not None:
                found.append(match)
        for rule, compiled, _ in regexes:
            try:
                for hit in compiled.finditer(text, timeout=MATCH_SECONDS):
                    if hit.end() > hit.start():
                        found.append(Match(rule, hit.start(), hit.end(), hit.group(0)))
            except TimeoutError:
                raise PtceError(
                    f"code {rule.code}, rule {rule.id}: the regular expression {rule.regex!r} "
                    f"ran over {MATCH_SECONDS:g} s on one segment (« {text[:60]}… ») and was "
                    "stopped; nothing was written",
                    hint="Simplify it (a repeat inside a repeat, or alternatives that match the "
                    "same text, make it backtrack without end), check with `ptce-coding "
                    "codebook validate`, then run again.",
                ) from None
        return sorted(found, key=lambda m: (m.start, m.end, m.rule.id))

    def codes(
        self, doc: Doc, text: str | None = None, candidates: Candidates | None = None
    ) -> dict[str, list[Match]]:
        """Codes suggested for a segment, with the matches that support each (vetoes applied)."""
        by_code: dict[str, list[Match]] = defaultdict(list)
        vetoed: set[str] = set()
        for match in self.matches(doc, text, candidates):
            if match.rule.veto:
                vetoed.add(match.rule.code)
            else:
                by_code[match.rule.code].append(match)
        return {code: hits for code, hits in by_code.items() if code not in vetoed}


def _token_values(doc: Doc) -> dict[str, set[int]]:
    """The hashes of the lemmas, lower-case forms and forms of a segment's tokens."""
    columns = doc.to_array([LEMMA, LOWER, ORTH]).T.tolist() if len(doc) else [[], [], []]
    return {name: set(column) for name, column in zip(TOKEN_ATTRIBUTES, columns, strict=True)}


def _near_match(
    rule: Rule, hits: dict[int, list[tuple[int, int]]], doc: Doc, text: str
) -> Match | None:
    """Each term within ``window`` tokens of an occurrence of the first term."""
    if len(hits) < len(rule.terms):
        return None
    for anchor_start, anchor_end in sorted(hits[0]):
        chosen = [(anchor_start, anchor_end)]
        for index in range(1, len(rule.terms)):
            near = [
                (start, end)
                for start, end in hits[index]
                if abs(start - anchor_start) <= rule.window
            ]
            if not near:
                break
            chosen.append(min(near, key=lambda hit: abs(hit[0] - anchor_start)))
        else:
            first = min(start for start, _ in chosen)
            last = max(end for _, end in chosen)
            span = doc[first:last]
            return Match(
                rule, span.start_char, span.end_char, text[span.start_char : span.end_char]
            )
    return None


def evidence(matches: list[Match]) -> str:
    """How a suggestion was made: rule ids and the words they matched."""
    parts: dict[str, list[str]] = defaultdict(list)
    for match in matches:
        text = " ".join(match.text.split())
        if text not in parts[match.rule.id]:
            parts[match.rule.id].append(text)
    return "; ".join(
        f"{rule_id}: " + ", ".join(f"« {text} »" for text in texts)
        for rule_id, texts in parts.items()
    )
