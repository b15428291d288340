"""Rule-based coding of the documents in the store: suggested codings, method ``rule``.

A run replaces the earlier *rule suggestions* only. Where a reviewer already accepted or
rejected a rule suggestion, no new suggestion of that code is made on that segment, so a
rejected suggestion does not come back at every run. Codings by other coders do not silence
the rules: the rules stay a coder whose agreement with humans can be measured.

The rules also read the interviewer's questions, without suggesting anything on them: a code
found in a question is suggested on the opening of the answer's first paragraph, with the
confidence read on the question (``questions.py`` says where a question's codes go).

A suggestion's evidence quotes the words its rules matched, the codebook text closest to the
passage, what the passage was read under when that counted in its confidence (« read under
the question “Et qui décide ?” », or the heading of its section: ``enclosing.py``), and the
threshold.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ptce_coding.base.errors import CodebookError
from ptce_coding.base.language import DocCache
from ptce_coding.base.records import Coding, Document
from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.codebook.model import Codebook
from ptce_coding.corpus.counting import is_coded
from ptce_coding.store import Store
from ptce_coding.tagging.context import opening, passage
from ptce_coding.tagging.document_tagging import DocumentJob, TaggedDocument, tag_all
from ptce_coding.tagging.enclosing import enclosing
from ptce_coding.tagging.evidence_text import (
    QUESTION_CHARACTERS,
    closest,
    far_note,
    quoted,
    read_under,
)
from ptce_coding.tagging.far_documents import (
    FAR_CLOSENESS,
    context_readings,
    far_confidence,
    is_far,
)
from ptce_coding.tagging.finding_meaning import Surroundings, finding_meaning
from ptce_coding.tagging.model_evidence import ModelReading, ModelView, with_ratio
from ptce_coding.tagging.questions import superseded
from ptce_coding.tagging.relevance import (
    RULES_ONLY,
    WEIGHTS,
    RuleRecord,
    Weights,
    axis_of,
    codes_signal,
    coding_records,
    combined,
    follow_moves,
    moved_rules,
    rule_signal,
    stale_rules,
)
from ptce_coding.tagging.rules import RuleTagger
from ptce_coding.tagging.saved_model import ModelBasis
from ptce_coding.tagging.settings import DEFAULT_MIN_CONFIDENCE

CODER = "rules"


@dataclass(frozen=True)
class Scoring:
    """How rule suggestions get their confidence (``relevance.py``) and which are written."""

    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    sentence_vectors: bool = True
    vectors_folder: Path | None = None  # the project's .cache/vectors/, None: memory only
    records: dict[str, RuleRecord] = field(default_factory=dict)  # review history per rule
    # human-coded documents: where their coded part ends, their codings (code, start, end)
    human: dict[str, tuple[int, list[tuple[str, int, int]]]] = field(default_factory=dict)
    keep_signals: bool = False  # keep every (segment, code)'s signals in the run (benchmarks)
    # the assisted tagger's reading of the segments, trained on the group's coding: its
    # likelihood ratio weighs each finding's confidence (model_evidence.py)
    model: ModelView | None = None
    write: bool = True  # False: the suggestions are kept in the run, the store is not changed
    # False: a passage a reviewer decided gets its suggestion too, as on a project with no
    # decision (`evaluate --tagger weighed` scores every held-out passage)
    skip_decided: bool = True
    # under this closeness to the codebook, a document is read as far (far_documents.py)
    far_closeness: float = FAR_CLOSENESS

    @property
    def weights(self) -> Weights:
        return WEIGHTS if self.sentence_vectors else RULES_ONLY


@dataclass
class RuleRun:
    """What a run of the rules did."""

    documents: int = 0
    segments: int = 0
    removed: int = 0
    added: int = 0
    kept: int = 0  # of those added, the suggestions made again (their rows and ids stay)
    skipped_decided: int = 0
    below_confidence: int = 0  # (segment, code) pairs the rules found, under min_confidence
    # the confidences of those of them no coder decided yet (what a lower threshold would add)
    below: list[float] = field(default_factory=list)
    model_read: int = 0  # findings whose confidence the model's reading weighed
    model_raised: int = 0  # ... and that reached min_confidence with it only
    model_lowered: int = 0  # ... and that fell under min_confidence with it only
    # whose reading weighed them: "given" (by `suggest`), "saved" (the model `suggest` saved,
    # trained on the present coding), "earlier" (saved, but trained on an earlier coding: not
    # read), "none"
    model_state: str = "none"
    # the saved model `code` found, against the present coding (None: none, or one fitted with
    # another codebook, settings or libraries)
    model_basis: ModelBasis | None = None
    # read without a model: the rule suggestions written earlier with its weighing that are
    # not written now
    model_dropped: int = 0
    negated: int = 0  # matches left out because a negation came before them
    # each document's closeness to the codebook, when it names context codes
    # (far_documents.py): in a far one, only what the rules find of them is likely
    closeness: dict[str, float] = field(default_factory=dict)
    demoted: list[str] = field(default_factory=list)  # rules mostly rejected in review
    by_code: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    cache_hits: int = 0
    encoded: int = 0  # segments whose sentence vector was not in .cache/vectors/ yet
    suggestions: list[tuple[int, Coding]] = field(default_factory=list)  # Scoring.write False
    # with Scoring.keep_signals: (document, segment start, segment end, code, signals)
    signals: list[tuple[str, int, int, str, dict[str, float]]] = field(default_factory=list)

    def far(self, cut: float = FAR_CLOSENESS) -> dict[str, float]:
        """The documents far from what the codebook describes, with their closeness."""
        return {name: value for name, value in self.closeness.items() if is_far(value, cut)}


PARALLEL_WORDS = 50_000  # below this, a second process costs more than it saves


def code_with_rules(
    store: Store,
    codebook: Codebook,
    tagger: RuleTagger,
    cache: DocCache,
    *,
    interviewer_turns: bool = False,
    progress: Callable[[int, int], None] | None = None,
    processes: int = 2,
    scoring: Scoring | None = None,
) -> RuleRun:
    """Suggest codes on every document; ``progress(done, total)`` is called per document.
    With ``scoring.write`` false the suggestions are kept in ``RuleRun.suggestions`` and the
    store is not changed (`evaluate` scores them).

    Documents are tagged one at a time (never the corpus's parsed text in memory at once), on
    ``processes`` worker processes for corpora of more than PARALLEL_WORDS words. Each
    (segment, code) the rules find gets a confidence (``relevance.py``); those of at least
    ``scoring.min_confidence`` are written, in one transaction at the end, each covering the
    sentences that hold its evidence."""
    scoring = scoring or Scoring()
    run = RuleRun()
    moved = rules_moved(store, codebook)  # review records of rules whose code changed id
    if moved:
        scoring = replace(scoring, records=follow_moves(scoring.records, moved))
    documents = store.documents()
    jobs = [  # read here: the store's connection belongs to this thread
        DocumentJob(index, document.text, document.text_hash, store.segments(document.id))
        for index, document in enumerate(documents)
    ]
    parallel = processes > 1 and sum(d.words for d in documents) >= PARALLEL_WORDS
    tagged_all: list[TaggedDocument] = []
    for tagged in tag_all(jobs, tagger, cache, interviewer_turns, parallel, processes):
        tagged_all.append(tagged)
        run.documents += 1
        run.segments += tagged.segments
        run.cache_hits += tagged.cache_hit
        run.negated += tagged.negated
        if progress is not None:
            progress(run.documents, len(documents))
    if scoring.human:  # how each rule fared against the group's coding joins its record
        findings = [
            (
                documents[t.index].name,
                item.segment.start,
                item.segment.end,
                item.code,
                [rule for rule, _, _ in item.matches],
            )
            for t in tagged_all
            for item in t.found
        ]
        records = combined(scoring.records, coding_records(findings, scoring.human, codebook))
        scoring = replace(scoring, records=records)
    run.demoted = sorted(rule for rule, record in scoring.records.items() if record.demoted)
    around = Surroundings(
        documents,
        {job.index: enclosing(job.text, job.segments) for job in jobs},
        processes,
        scoring.vectors_folder,
        {job.index: {s.start for s in job.segments if s.title} for job in jobs},
        {
            job.index: [(s.start, s.end) for s in job.segments if is_coded(s, interviewer_turns)]
            for job in jobs
        },
    )
    confidences = _confidences(run, codebook, tagged_all, scoring, around)
    suggestions: list[tuple[int, Coding]] = []
    for tagged in tagged_all:
        document = documents[tagged.index]
        suggestions.extend(
            _suggestions(run, store, codebook, document, tagged, confidences, scoring)
        )
    if not scoring.write:
        run.suggestions = suggestions
        return run
    replaced = store.replace_suggestions_counted("rule", [d.id for d in documents], suggestions)
    run.removed, run.added, run.kept = replaced.removed, replaced.added, replaced.kept
    return run


def rules_moved(store: Store, codebook: Codebook) -> dict[str, str]:
    """{rule id cited by decided rule suggestions: the id of that rule in ``codebook``}, for
    the rules whose id changed with a `codebook rename`, `move` or `merge` (``CODE#n``):
    their review record follows them (``relevance.moved_rules``)."""
    rows = store.coding_rows(methods=["rule"], statuses=["accepted", "rejected"], with_text=False)
    stale = stale_rules(rows, codebook)
    if not stale:
        return {}
    earlier = {}
    for version in set(stale) & set(store.codebook_versions()):
        try:
            earlier[version] = parse_codebook(store.codebook_content(version)[1])
        except CodebookError:  # a version that today's loader refuses: its rules stay put
            continue
    return moved_rules(stale, earlier, codebook, store.renames())


def _confidences(
    run: RuleRun,
    codebook: Codebook,
    tagged_all: list[TaggedDocument],
    scoring: Scoring,
    around: Surroundings,
) -> dict[tuple[int, int, str], _Confidence]:
    """(document index, segment position, code) -> its confidence (and the closest codebook
    text and the model's reading, for the suggestions to write), for everything found."""
    found = [(tagged, item) for tagged in tagged_all for item in tagged.found]
    if not found:
        return {}
    evidence: dict[tuple[int, int, str], list[float]] = {}
    codes: dict[tuple[int, int, str], set[str]] = {}
    for tagged, item in found:
        key = (tagged.index, item.read_on.position, axis_of(codebook, item.code))
        weights = evidence.setdefault(key, [])
        weights.extend(_weight(scoring, rule) for rule, _, _ in item.matches)
        codes.setdefault(key, set()).add(item.code)
    meaning = None
    if scoring.sentence_vectors:
        meaning = finding_meaning(codebook, tagged_all, around)
        run.encoded = meaning.encoded
    result = {}
    # per far document's index, per segment start: its length and context neighbours
    read_far: dict[int, dict[int, tuple[float, int]]] = {}
    for tagged, item in found:
        axis = axis_of(codebook, item.code)
        read_on = (tagged.index, item.read_on.position, axis)
        signals = {"rules": rule_signal(evidence[read_on]), "codes": codes_signal(codes[read_on])}
        if meaning is not None:
            signals.update(meaning.signals(tagged.index, item, axis))
        key = (tagged.index, item.segment.position, item.code)
        confidence = scoring.weights.confidence(signals)
        reading = None
        name = around.documents[tagged.index].name
        far = meaning.closeness.get(tagged.index) if meaning is not None else None
        if far is not None:
            run.closeness[name] = far
            far = far if is_far(far, scoring.far_closeness) else None
        nearby = None
        if far is not None:  # the meaning signals read nothing there (far_documents.py)
            if tagged.index not in read_far:
                marked = {i.segment.start for i in tagged.found if codebook.is_context(i.code)}
                text = around.documents[tagged.index].text
                read_far[tagged.index] = context_readings(text, around.coded[tagged.index], marked)
            length, nearby = read_far[tagged.index].get(item.segment.start, (0.0, 0))
            signals.update(length=length, nearby=math.log1p(nearby))
            confidence = far_confidence(signals, codebook.is_context(item.code))
        if scoring.model is not None:
            reading = scoring.model.reading(codebook, name, item.segment.start, item.code)
        if reading is not None:
            before, confidence = confidence, with_ratio(confidence, reading.ratio)
            run.model_read += 1
            written, was = confidence >= scoring.min_confidence, before >= scoring.min_confidence
            run.model_raised += written and not was
            run.model_lowered += was and not written
        nearest, under = None, None
        if meaning is not None and confidence >= scoring.min_confidence:
            nearest = meaning.nearest(tagged.index, item)
            # it counted: the reviewer is told (in a far document only the rules counted)
            if far is None and signals.get("context", 0.0) > 0.0:
                under = meaning.read_under(tagged.index, item)
        result[key] = _Confidence(confidence, nearest, reading, under, far, nearby)
        if scoring.keep_signals:
            run.signals.append((name, item.segment.start, item.segment.end, item.code, signals))
    return result


@dataclass(frozen=True)
class _Confidence:
    """A finding's confidence, with what its evidence shows of it."""

    value: float
    nearest: str | None  # the closest codebook text
    model: ModelReading | None  # the model's reading, when it weighed the confidence
    # what the segment is read under, when that counted: ("heading" or "question", its text)
    under: tuple[str, str] | None = None
    far: float | None = None  # the document's closeness, when it is far
    nearby: int | None = None  # in a far document, the segments near it with a context code
    # (said of a context code's finding only: far_documents.describe)


def _weight(scoring: Scoring, rule: str) -> float:
    record = scoring.records.get(rule)
    return record.weight if record is not None else 1.0


def _suggestions(
    run: RuleRun,
    store: Store,
    codebook: Codebook,
    document: Document,
    tagged: TaggedDocument,
    confidences: dict[tuple[int, int, str], _Confidence],
    scoring: Scoring,
) -> list[tuple[int, Coding]]:
    """The rule suggestions of one document at or above the confidence asked, less those a
    reviewer already decided (unless ``scoring.skip_decided`` is false); each covers the
    sentences holding its evidence."""
    skip = scoring.skip_decided and bool(tagged.found)
    decided = store.decided_spans(document.id, CODER) if skip else []
    said_better = superseded(
        tagged.found,
        lambda item: confidences[(tagged.index, item.segment.position, item.code)].value,
        codebook,
    )
    suggestions = []
    for item in tagged.found:
        segment = item.segment
        found = confidences[(tagged.index, segment.position, item.code)]
        confidence = found.value
        if confidence < scoring.min_confidence:
            run.below_confidence += 1
            if not any(
                c == item.code and s < segment.end and e > segment.start for c, s, e in decided
            ):
                run.below.append(confidence)
            continue
        if (segment.position, item.code) in said_better:
            continue  # « la gouvernance ? — le conseil d'administration… »: GOUV.CA, not GOUV
        if any(c == item.code and s < segment.end and e > segment.start for c, s, e in decided):
            run.skipped_decided += 1
            continue
        text = document.text[segment.start : segment.end]
        context = codebook.is_context(item.code)
        if item.asked is None:
            begin, end = passage(text, [(start, end) for _, start, end in item.matches])
            said, under = item.evidence, found.under
        else:  # the answer's opening, for what the question asked (quoted once)
            begin, end = opening(text)
            question = document.text[item.asked.start : item.asked.end]
            said = f"{item.evidence} in the question {quoted(question, QUESTION_CHARACTERS)}"
            under = None
        suggestions.append(
            (
                document.id,
                Coding(
                    document=document.name,
                    start=segment.start + begin,
                    end=segment.start + end,
                    code=item.code,
                    coder=CODER,
                    method="rule",
                    status="suggested",
                    confidence=round(confidence, 4),
                    evidence=f"{said}{closest(found.nearest)}{read_under(under)}"
                    f"{far_note(found.far, scoring.far_closeness, context, found.nearby)}"
                    f"{'; ' + found.model.describe() if found.model else ''} "
                    f"(threshold {scoring.min_confidence:.2f})",
                    codebook_version=codebook.version,
                ),
            )
        )
        run.by_code[item.code] += 1
        run.by_rule.update({rule for rule, _, _ in item.matches})
    return suggestions
