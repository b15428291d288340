"""Rule-based coding of the documents in the store: suggested codings, method ``rule``.

A run replaces the earlier *rule suggestions* only. Where a reviewer already accepted or
rejected a rule suggestion, no new suggestion of that code is made on that segment, so a
rejected suggestion does not come back at every run. Codings by other coders do not silence
the rules: the rules stay a coder whose agreement with humans can be measured.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ptce_coding.codebook import Codebook
from ptce_coding.nlp import DocCache
from ptce_coding.records import Coding, Document, Segment
from ptce_coding.store import Store
from ptce_coding.tagging.rules import RuleTagger, evidence

CODER = "rules"


@dataclass
class RuleRun:
    """What a run of the rules did."""

    documents: int = 0
    segments: int = 0
    removed: int = 0
    added: int = 0
    skipped_decided: int = 0
    by_code: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    cache_hits: int = 0


PARALLEL_WORDS = 50_000  # below this, a second process costs more than it saves


@dataclass(frozen=True)
class _Job:
    """One document to tag, as sent to a worker process."""

    index: int
    text: str
    text_hash: str
    segments: list[Segment]


@dataclass(frozen=True)
class _Tagged:
    """What the rules found in one document."""

    index: int
    found: list[_Found]
    segments: int  # segments examined (interviewees' turns)
    cache_hit: bool


@dataclass(frozen=True)
class _Found:
    """A code the rules found on a segment."""

    segment: Segment
    code: str
    evidence: str
    rules: frozenset[str]


def code_with_rules(
    store: Store,
    codebook: Codebook,
    tagger: RuleTagger,
    cache: DocCache,
    *,
    interviewer_turns: bool = False,
    progress: Callable[[int, int], None] | None = None,
    processes: int = 2,
) -> RuleRun:
    """Suggest codes on every document; ``progress(done, total)`` is called per document.

    Documents are tagged one at a time (never the corpus's parsed text in memory at once), on
    ``processes`` worker processes for corpora of more than PARALLEL_WORDS words; the
    suggestions are written in one transaction at the end."""
    run = RuleRun()
    suggestions: list[tuple[int, Coding]] = []
    documents = store.documents()
    jobs = [  # read here: the store's connection belongs to this thread
        _Job(index, document.text, document.text_hash, store.segments(document.id))
        for index, document in enumerate(documents)
    ]
    parallel = processes > 1 and sum(d.words for d in documents) >= PARALLEL_WORDS
    for tagged in _tag_all(jobs, tagger, cache, interviewer_turns, parallel, processes):
        document = documents[tagged.index]
        run.documents += 1
        run.segments += tagged.segments
        run.cache_hits += tagged.cache_hit
        suggestions.extend(_suggestions(run, store, codebook, document, tagged.found))
        if progress is not None:
            progress(run.documents, len(documents))
    run.removed, run.added = store.replace_suggestions(
        "rule", [d.id for d in documents], suggestions
    )
    return run


# The worker processes inherit the tagger and the cache from the parent (fork): nothing is
# loaded or compiled twice.
_WORKER_STATE: tuple[RuleTagger, DocCache, bool] | None = None


def _tag_all(
    jobs: Iterable[_Job],
    tagger: RuleTagger,
    cache: DocCache,
    interviewer_turns: bool,
    parallel: bool,
    processes: int,
) -> Iterator[_Tagged]:
    global _WORKER_STATE
    if parallel and _can_fork():
        import multiprocessing

        _WORKER_STATE = (tagger, cache, interviewer_turns)
        try:
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                yield from pool.imap(_work, jobs, chunksize=2)
        finally:
            _WORKER_STATE = None
        return
    for job in jobs:
        yield _tag_document(tagger, cache, job, interviewer_turns)


def _can_fork() -> bool:
    """Forking is cheap and shares the loaded pipeline, but is only safe in a process with a
    single thread and where the platform has it; otherwise the work stays in this process."""
    import multiprocessing
    import threading

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _work(job: _Job) -> _Tagged:
    assert _WORKER_STATE is not None
    tagger, cache, interviewer_turns = _WORKER_STATE
    return _tag_document(tagger, cache, job, interviewer_turns)


def _tag_document(
    tagger: RuleTagger, cache: DocCache, job: _Job, interviewer_turns: bool
) -> _Tagged:
    """The codes the rules find on each segment of one document."""
    hits = cache.hits
    docs = cache.parse(job.text, job.text_hash, [(s.start, s.end) for s in job.segments])
    labelled = any(segment.speaker for segment in job.segments)
    candidates = tagger.candidates(job.text)
    found = []
    examined = 0
    for segment, doc in zip(job.segments, docs, strict=True):
        if segment.interviewer and not interviewer_turns:
            continue
        if labelled and segment.speaker is None:
            continue  # a title or header before the first speaker label
        examined += 1
        segment_text = job.text[segment.start : segment.end]
        for code, matches in tagger.codes(doc, segment_text, candidates).items():
            found.append(
                _Found(segment, code, evidence(matches), frozenset(m.rule.id for m in matches))
            )
    return _Tagged(job.index, found, examined, cache.hits > hits)


def _suggestions(
    run: RuleRun,
    store: Store,
    codebook: Codebook,
    document: Document,
    found: list[_Found],
) -> list[tuple[int, Coding]]:
    """The rule suggestions of one document, less those a reviewer already decided."""
    decided = store.decided_spans(document.id, CODER) if found else []
    suggestions = []
    for item in found:
        segment = item.segment
        if any(c == item.code and s < segment.end and e > segment.start for c, s, e in decided):
            run.skipped_decided += 1
            continue
        suggestions.append(
            (
                document.id,
                Coding(
                    document=document.name, start=segment.start, end=segment.end,
                    code=item.code, coder=CODER, method="rule", status="suggested",
                    evidence=item.evidence, codebook_version=codebook.version,
                ),
            )
        )  # fmt: skip
        run.by_code[item.code] += 1
        run.by_rule.update(item.rules)
    return suggestions
