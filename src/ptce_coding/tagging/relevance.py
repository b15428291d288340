"""One calibrated confidence per rule suggestion: how likely a passage is about the code.

A rule that fires finds a word; a researcher codes what a passage is *about*. The confidence of
a rule suggestion on a segment weighs these signals, all computed the same way for any
codebook:

- ``rules``: log(1 + the rule evidence for the code's axis in the segment), each match counted
  with the reliability its rule has shown (``RuleRecord.weight``: 1 for a rule with no record,
  less for a rule mostly wrong, up to 2 for one always right): in review (its suggestions
  accepted or rejected) and against the group's own coding (``coding_records``: where it
  fires in the coded part of a human-coded document, did a coder code that code, or one
  above or below it in the tree?); negated matches left out (``negation.negated``);
- ``similarity``: what the segment means against what the axis means: the mean of the three
  highest cosines between the segment's sentence vector and the vectors of the axis's own
  words in the codebook (labels, definitions, « when to use », examples of the axis and every
  code under it);
- ``relative``: that similarity less its mean over all axes (a segment close to every axis is
  close to none);
- ``top``: 1 when the axis is the closest of all to the segment;
- ``excluded``: how much closer the segment is to what the axis's codes say *not* to code with
  them (their « when not to use » texts, read the same way) than to the axis itself: a passage
  about what a code excludes is evidence against it;
- ``codes``: how many other codes of the same axis the rules find in the segment: a passage
  where several of an axis's notions come up together is about the axis, where one word of
  it may be in passing;
- ``context``: how close to the axis is what the segment is read under, the heading of its
  section in a written document or the interviewer's question in an interview
  (``enclosing.py``), when no other axis is closer to it (else 0): a coder reads a paragraph
  in its place, and a heading or a question about nothing in particular counts little.

``confidence = 1 / (1 + exp(-(intercept + Σ weight × signal)))``. The weights are a logistic
regression fitted on real PTCE text coded by two independent readings
(``benchmarks/real_text.py --fit``, on the development part of the seminar report only); the
same script prints their cross-validated precision, recall and F1. With sentence vectors off
(``model.sentence_vectors: false``) only the rule evidence is read, with weights fitted the
same way.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ptce_coding.base.records import CodingRow
from ptce_coding.codebook.model import Codebook, Rule
from ptce_coding.tagging.sentence_vectors import encode

SIGNALS = (
    "rules",
    "similarity",
    "relative",
    "top",
    "excluded",
    "codes",
    "context",
    "length",
    "nearby",
)
TOP_TEXTS = 3  # similarity of a segment to an axis: mean of its TOP_TEXTS closest texts


@dataclass(frozen=True)
class Weights:
    intercept: float
    rules: float
    similarity: float = 0.0
    relative: float = 0.0
    top: float = 0.0
    excluded: float = 0.0
    codes: float = 0.0
    context: float = 0.0
    # read in far documents only (far_documents.py): a segment's length, its neighbours
    length: float = 0.0
    nearby: float = 0.0

    def confidence(self, signals: dict[str, float]) -> float:
        value = self.intercept + sum(
            getattr(self, name) * signals.get(name, 0.0) for name in SIGNALS
        )
        return 1.0 / (1.0 + math.exp(-max(min(value, 50.0), -50.0)))


# Fitted by `benchmarks/real_text.py --fit` (see its output in the README, « Automatic coding
# on real text »). Refit there, never by hand. These are its fit on all 109 dev paragraphs, with
# the signals ``codes`` and ``context`` (session 39), refitted when session 40 added rules for a
# territory's development and local resources and let the rules' words take their plural and
# feminine forms. Cross-validated at the default threshold (5 folds of paragraphs, 3 draws)
# they give micro P/R/F1 0.743/0.584/0.654 (0.756/0.577/0.654 before those changes,
# 0.673/0.569/0.617 with the five signals before ``codes`` and ``context``); the dev
# paragraphs said 0.658 and 0.686; 1 suggestion on the ESLO/CFPP interviews, which are not
# about PTCE; on the demo's invented PTCE speech, day one at 0.35, F1 0.579 / 0.578 against
# the two coders. Each added alone was less: ``context`` as 1/0 (the axis closest to the
# heading, its similarity not counted) 0.640, ``codes`` alone 0.621. The content words of a
# rule's match as an eighth signal: 0.640 against 0.650 (session 40, not kept).
WEIGHTS = Weights(
    intercept=-4.58,
    rules=0.79,
    similarity=6.44,
    relative=4.59,
    top=0.37,
    excluded=-3.75,
    codes=0.80,
    context=6.34,
)
RULES_ONLY = Weights(intercept=-2.91, rules=2.67)


def axis_of(codebook: Codebook, code: str) -> str:
    """The top-level code a code belongs to."""
    ancestors = codebook.ancestors(code)
    return ancestors[0] if ancestors else code


def axis_texts(codebook: Codebook) -> dict[str, list[tuple[str, str]]]:
    """Per top-level axis, the codebook's own words for it and every code under it, each with
    the code it belongs to: (code id, text)."""
    texts: dict[str, list[tuple[str, str]]] = {}
    for code in codebook.codes:
        if code.retired:
            continue
        words = [code.label, code.definition, code.include, *code.examples]
        texts.setdefault(axis_of(codebook, code.id), []).extend(
            (code.id, " ".join(t.split())) for t in words if t and t.strip()
        )
    return {axis: found for axis, found in texts.items() if found}


def axis_exclusions(codebook: Codebook) -> dict[str, list[str]]:
    """Per top-level axis, the « when not to use » texts of the axis and the codes under it."""
    texts: dict[str, list[str]] = {}
    for code in codebook.codes:
        if not code.retired and code.exclude and code.exclude.strip():
            texts.setdefault(axis_of(codebook, code.id), []).append(" ".join(code.exclude.split()))
    return texts


def _closeness(vectors: np.ndarray, texts: np.ndarray) -> np.ndarray:
    """For each of n vectors, the mean of its TOP_TEXTS best cosines with ``texts``."""
    cosines = np.asarray(vectors, dtype=np.float64) @ texts.T.astype(np.float64)
    return (-np.sort(-cosines, axis=1)[:, :TOP_TEXTS]).mean(axis=1)


class AxisMeaning:
    """The codebook's axes as sentence vectors, to compare segments with."""

    def __init__(self, codebook: Codebook) -> None:
        texts = axis_texts(codebook)
        self.codebook = codebook
        self.axes = sorted(texts)
        self._texts = [texts[axis] for axis in self.axes]
        self._vectors = [encode([text for _, text in texts[axis]]) for axis in self.axes]
        exclusions = axis_exclusions(codebook)
        self._exclusions = [
            encode(exclusions[axis]) if exclusions.get(axis) else None for axis in self.axes
        ]

    def similarities(self, vectors: np.ndarray) -> np.ndarray:
        """n segments' vectors → n × axes similarities (mean of the TOP_TEXTS best cosines)."""
        columns = [_closeness(vectors, axis_vectors) for axis_vectors in self._vectors]
        return np.column_stack(columns) if columns else np.zeros((len(vectors), 0))

    def exclusions(self, vectors: np.ndarray) -> np.ndarray:
        """n segments' vectors → n × axes closeness to what each axis excludes (0 for an axis
        whose codes exclude nothing)."""
        columns = [
            _closeness(vectors, axis_vectors)
            if axis_vectors is not None
            else np.zeros(len(vectors))
            for axis_vectors in self._exclusions
        ]
        return np.column_stack(columns) if columns else np.zeros((len(vectors), 0))

    def nearest(self, vector: np.ndarray, code: str) -> str | None:
        """The codebook text closest to a segment's vector among those of ``code`` and the
        codes under it (else of its whole axis): what a reviewer can compare the passage to."""
        axis = axis_of(self.codebook, code)
        if axis not in self.axes:
            return None
        j = self.axes.index(axis)
        owners = [owner for owner, _ in self._texts[j]]
        mine = [
            k
            for k, owner in enumerate(owners)
            if owner == code or code in self.codebook.ancestors(owner)
        ]
        chosen = mine or list(range(len(owners)))
        cosines = self._vectors[j][chosen] @ np.asarray(vector, dtype=np.float32)
        return self._texts[j][chosen[int(np.argmax(cosines))]][1]

    def context(self, context_row: np.ndarray | None, axis: str) -> float:
        """The ``context`` signal: the similarity of what a segment is read under to ``axis``
        (its row of ``similarities``) when no axis is closer to it, else 0 (and 0 when it is
        read under nothing: ``None``)."""
        if context_row is None or not len(context_row) or axis not in self.axes:
            return 0.0
        j = self.axes.index(axis)
        return float(context_row[j]) if j == int(np.argmax(context_row)) else 0.0

    def signals(
        self, similarity_row: np.ndarray, exclusion_row: np.ndarray, axis: str
    ) -> dict[str, float]:
        """The meaning signals of one axis for one segment (rows of ``similarities`` and
        ``exclusions``)."""
        if axis not in self.axes or not len(similarity_row):
            return {"similarity": 0.0, "relative": 0.0, "top": 0.0, "excluded": 0.0}
        j = self.axes.index(axis)
        excluded = exclusion_row[j] - similarity_row[j] if self._exclusions[j] is not None else 0.0
        return {
            "similarity": float(similarity_row[j]),
            "relative": float(similarity_row[j] - similarity_row.mean()),
            "top": float(j == int(np.argmax(similarity_row))),
            "excluded": float(excluded),
        }


def codes_signal(codes: Iterable[str]) -> float:
    """The ``codes`` signal: how many distinct codes of one axis the rules find in a
    segment, beyond the first."""
    return float(max(len(set(codes)) - 1, 0))


_RULE_ID = re.compile(r"(?:^|; )([^:;]+?): «")


def evidence_rules(evidence: str | None) -> list[str]:
    """The rule ids named in a rule suggestion's evidence (« CODE#1: « mot »; … »)."""
    return _RULE_ID.findall(evidence or "")


@dataclass(frozen=True)
class RuleRecord:
    """What reviewers decided on the suggestions a rule took part in."""

    accepted: int = 0
    rejected: int = 0

    @property
    def reliability(self) -> float:
        """Share of its reviewed suggestions a rule got right, with one success and one
        failure assumed beforehand (Laplace): 0.5 for a rule nobody reviewed."""
        return (self.accepted + 1) / (self.accepted + self.rejected + 2)

    @property
    def weight(self) -> float:
        """How much one match of the rule counts: 1 with no record, towards 0 when mostly
        wrong, towards 2 when always right."""
        return 2.0 * self.reliability if self.accepted + self.rejected else 1.0

    @property
    def demoted(self) -> bool:
        """Mostly rejected, on enough decisions to say so."""
        return self.rejected >= 3 and self.reliability < 0.35


def rule_records(
    rows: Iterable[CodingRow], moved: dict[str, str] | None = None
) -> dict[str, RuleRecord]:
    """Per rule id, the review decisions on rule suggestions it supported (coding rows);
    with ``moved`` (``moved_rules``), under the id each rule has now."""
    accepted: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    for row in rows:
        if row.method != "rule" or row.status == "suggested":
            continue
        for rule in {(moved or {}).get(rule, rule) for rule in evidence_rules(row.evidence)}:
            (accepted if row.status == "accepted" else rejected)[rule] += 1
    return {
        rule: RuleRecord(accepted[rule], rejected[rule]) for rule in set(accepted) | set(rejected)
    }


def stale_rules(rows: Iterable[CodingRow], codebook: Codebook) -> dict[str, set[str]]:
    """Per codebook version, the rule ids that decided rule suggestions made with it cite and
    that ``codebook`` no longer has (a code renamed, moved or merged since: ``CODE#n``)."""
    current = {rule.id for code in codebook.codes for rule in code.rules}
    stale: dict[str, set[str]] = {}
    for row in rows:
        if row.method != "rule" or row.status == "suggested" or not row.codebook_version:
            continue
        gone = set(evidence_rules(row.evidence)) - current
        if gone:
            stale.setdefault(row.codebook_version, set()).update(gone)
    return stale


def moved_rules(
    stale: dict[str, set[str]],
    earlier: dict[str, Codebook],
    codebook: Codebook,
    renames: dict[str, str],
) -> dict[str, str]:
    """{rule id of an earlier codebook version: the id the same rule has in ``codebook``}.

    ``stale``: per version, the ids to follow (``stale_rules``); ``earlier``: those versions'
    codebooks; ``renames``: the store's code ids renamed, moved or merged, {old: newest}.
    The rule is the one of the code its code became with the same words (terms, pattern or
    regex and their options): a merge appends the rules of the codes merged, so
    ``SOURCE#1`` is then ``INTO#n``. A rule whose words changed too is followed only through
    a plain rename or move (one code became one new code): ``OLD#n`` is ``NEW#n``. An id that
    two versions would send to two different rules is left as it is."""
    found: dict[str, set[str]] = {}
    for version, ids in stale.items():
        book = earlier.get(version)
        if book is None:
            continue
        rules = {rule.id: rule for code in book.codes for rule in code.rules}
        for rule_id in ids & set(rules):
            now = _rule_now(rules[rule_id], book, codebook, renames)
            if now is not None:
                found.setdefault(rule_id, set()).add(now)
    return {rule_id: next(iter(now)) for rule_id, now in found.items() if len(now) == 1}


def _rule_now(
    rule: Rule, book: Codebook, codebook: Codebook, renames: dict[str, str]
) -> str | None:
    """The id ``rule`` of codebook ``book`` has in ``codebook``, if it can be told."""
    target = renames.get(rule.code, rule.code)
    if target not in codebook:
        return None
    same = [r.id for r in codebook.get(target).rules if _words(r) == _words(rule)]
    if same:
        return same[0]
    sources = [code.id for code in book.codes if renames.get(code.id, code.id) == target]
    position = rule.id.removeprefix(f"{rule.code}#")
    renamed = f"{target}#{position}"
    if sources == [rule.code] and target not in book and position.isdigit():
        return renamed if any(r.id == renamed for r in codebook.get(target).rules) else None
    return None


def _words(rule: Rule) -> tuple[object, ...]:
    """What a rule matches, whatever its id, its code and its note."""
    pattern = json.dumps(rule.pattern, sort_keys=True, ensure_ascii=False)
    return (rule.kind, rule.terms, pattern, rule.regex, rule.case_sensitive, rule.window, rule.veto)


def follow_moves(records: dict[str, RuleRecord], moved: dict[str, str]) -> dict[str, RuleRecord]:
    """Rule records under the ids their rules have now (``moved_rules``), added up where an
    old id and the new one both have a record."""
    return combined(*({moved.get(rule, rule): record} for rule, record in records.items()))


def coding_records(
    findings: Iterable[tuple[str, int, int, str, Iterable[str]]],
    human: dict[str, tuple[int, list[tuple[str, int, int]]]],
    codebook: Codebook,
) -> dict[str, RuleRecord]:
    """Per rule, how often it agreed with the human coding: ``findings`` are (document,
    segment start, segment end, code, rule ids) of what the rules found; ``human`` maps a
    human-coded document to (where its coded part ends, its codings (code, start, end)).
    A finding in the coded part is right when a human coding overlapping the segment has the
    code, an ancestor or a descendant of it, wrong otherwise."""
    right: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    lineage: dict[str, set[str]] = {}
    for document, start, end, code, rules in findings:
        if document not in human or start >= human[document][0]:
            continue
        if code not in lineage:
            lineage[code] = {code, *codebook.ancestors(code)} if code in codebook else {code}
        agreed = any(
            s < end and e > start and _related(codebook, lineage[code], code, other)
            for other, s, e in human[document][1]
        )
        for rule in set(rules):
            (right if agreed else wrong)[rule] += 1
    return {rule: RuleRecord(right[rule], wrong[rule]) for rule in set(right) | set(wrong)}


def _related(codebook: Codebook, lineage: set[str], code: str, other: str) -> bool:
    """``other`` is ``code``, one of its ancestors (``lineage``) or one of its descendants."""
    return other in lineage or (other in codebook and code in codebook.ancestors(other))


def combined(*records: dict[str, RuleRecord]) -> dict[str, RuleRecord]:
    """Rule records added up (review decisions and agreement with the human coding)."""
    total: dict[str, RuleRecord] = {}
    for record in records:
        for rule, value in record.items():
            before = total.get(rule, RuleRecord())
            total[rule] = RuleRecord(
                before.accepted + value.accepted, before.rejected + value.rejected
            )
    return total


def rule_signal(weights: Sequence[float]) -> float:
    """The ``rules`` signal from the weights of the (non-negated) matches found."""
    return math.log1p(sum(weights))
