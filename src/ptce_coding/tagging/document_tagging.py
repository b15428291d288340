"""What the rules find in each document, one document at a time, on worker processes for a
large corpus: per segment the codes whose matches are not negated, and the codes of the
interviewer's questions carried to the answers (``questions.py``)."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ptce_coding.base.language import DocCache
from ptce_coding.base.records import Segment
from ptce_coding.corpus.counting import is_coded
from ptce_coding.tagging.negation import negated
from ptce_coding.tagging.questions import Finding, Questions, asks
from ptce_coding.tagging.rules import RuleTagger, evidence


@dataclass(frozen=True)
class DocumentJob:
    """One document to tag, as sent to a worker process."""

    index: int
    text: str
    text_hash: str
    segments: list[Segment]


@dataclass(frozen=True)
class TaggedDocument:
    """What the rules found in one document."""

    index: int
    found: list[Finding]
    segments: int  # segments examined (interviewees' turns)
    cache_hit: bool
    negated: int
    parsed: dict[int, str]  # segment position -> the segment as parsed (for its vector)


# The worker processes inherit the tagger and the cache from the parent (fork): nothing is
# loaded or compiled twice.
_WORKER_STATE: tuple[RuleTagger, DocCache, bool] | None = None


def tag_all(
    jobs: Iterable[DocumentJob],
    tagger: RuleTagger,
    cache: DocCache,
    interviewer_turns: bool,
    parallel: bool,
    processes: int,
) -> Iterator[TaggedDocument]:
    """What the rules find in each document of ``jobs``, in their order; on ``processes``
    forked workers when ``parallel`` (and the platform can fork safely)."""
    global _WORKER_STATE
    if parallel and _can_fork():
        _WORKER_STATE = (tagger, cache, interviewer_turns)
        try:
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                yield from pool.imap(_work, jobs, chunksize=2)
        finally:
            _WORKER_STATE = None
        return
    for job in jobs:
        yield tag_document(tagger, cache, job, interviewer_turns)


def _can_fork() -> bool:
    """Forking is cheap and shares the loaded pipeline, but is only safe in a process with a
    single thread and where the platform has it; otherwise the work stays in this process."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _work(job: DocumentJob) -> TaggedDocument:
    assert _WORKER_STATE is not None
    tagger, cache, interviewer_turns = _WORKER_STATE
    return tag_document(tagger, cache, job, interviewer_turns)


def tag_document(
    tagger: RuleTagger, cache: DocCache, job: DocumentJob, interviewer_turns: bool
) -> TaggedDocument:
    """The codes the rules find on each segment of one document, negated matches left out."""
    hits = cache.hits
    docs = cache.parse(job.text, job.text_hash, [(s.start, s.end) for s in job.segments])
    candidates = tagger.candidates(job.text)
    found: list[Finding] = []
    parsed = {}
    examined = negations = 0
    questions = Questions()
    # a transcript whose interviewer never writes « ? » cannot tell a question from a remark
    punctuated = any(
        "?" in job.text[s.start : s.end] for s in job.segments if s.interviewer and not s.title
    )
    for segment, doc in zip(job.segments, docs, strict=True):
        question = segment.interviewer and not segment.title
        if not is_coded(segment, interviewer_turns) and not question:
            questions.end()
            continue
        here = []
        denied = set()  # codes whose every match is negated here
        left_out = 0
        segment_text = job.text[segment.start : segment.end]
        for code, matches in tagger.codes(doc, segment_text, candidates).items():
            kept = [m for m in matches if not negated(doc, m.start, m.end)]
            left_out += len(matches) - len(kept)
            if not kept:
                denied.add(code)
                continue
            parsed[segment.position] = doc.text
            here.append(
                Finding(
                    segment,
                    code,
                    evidence(kept),
                    tuple((m.rule.id, m.start, m.end) for m in kept),
                )
            )
        if is_coded(segment, interviewer_turns):
            examined += 1
            negations += left_out
            found.extend(here)
        if question:
            questions.question(segment, here, asks(doc) or not punctuated)
        else:
            found.extend(questions.answer(segment, doc, here, denied))
    return TaggedDocument(job.index, found, examined, cache.hits > hits, negations, parsed)
