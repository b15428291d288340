"""Rule-based coding of the documents in the store: suggested codings, method ``rule``.

A run replaces the earlier *rule suggestions* only. Where a reviewer already accepted or
rejected a rule suggestion, no new suggestion of that code is made on that segment, so a
rejected suggestion does not come back at every run. Codings by other coders do not silence
the rules: the rules stay a coder whose agreement with humans can be measured.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ptce_coding.codebook import Codebook
from ptce_coding.nlp import DocCache
from ptce_coding.records import Coding, Document, Segment
from ptce_coding.store import Store
from ptce_coding.tagging.rules import RuleTagger, evidence

if TYPE_CHECKING:
    from spacy.tokens import Doc

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


CHUNK = 32  # documents parsed together: both cores busy, never the whole corpus in memory
PARALLEL_WORDS = 200_000  # below this, starting a second process costs more than it saves


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
    """Suggest codes on every document; ``progress(done, total)`` is called per document."""
    run = RuleRun()
    suggestions: list[tuple[int, Coding]] = []
    documents = store.documents()
    n_process = processes if sum(d.words for d in documents) >= PARALLEL_WORDS else 1
    for first in range(0, len(documents), CHUNK):
        chunk = documents[first : first + CHUNK]
        segments = [store.segments(document.id) for document in chunk]
        parsed = cache.parse_many(
            [(d.text, d.text_hash, [(s.start, s.end) for s in segs])
             for d, segs in zip(chunk, segments, strict=True)],
            n_process=n_process,
        )  # fmt: skip
        for document, segs, docs in zip(chunk, segments, parsed, strict=True):
            suggestions.extend(
                _suggest(run, store, codebook, tagger, document, segs, docs, interviewer_turns)
            )
            if progress is not None:
                progress(run.documents, len(documents))
    run.removed, run.added = store.replace_suggestions(
        "rule", [d.id for d in documents], suggestions
    )
    run.cache_hits = cache.hits
    return run


def _suggest(
    run: RuleRun,
    store: Store,
    codebook: Codebook,
    tagger: RuleTagger,
    document: Document,
    segments: list[Segment],
    docs: list[Doc],
    interviewer_turns: bool,
) -> list[tuple[int, Coding]]:
    """The rule suggestions of one document."""
    decided = store.decided_spans(document.id, CODER)
    run.documents += 1
    labelled = any(segment.speaker for segment in segments)
    found = []
    for segment, doc in zip(segments, docs, strict=True):
        if segment.interviewer and not interviewer_turns:
            continue
        if labelled and segment.speaker is None:
            continue  # a title or header before the first speaker label
        run.segments += 1
        segment_text = document.text[segment.start : segment.end]
        for code, matches in tagger.codes(doc, segment_text).items():
            if any(c == code and s < segment.end and e > segment.start for c, s, e in decided):
                run.skipped_decided += 1
                continue
            found.append(
                (
                    document.id,
                    Coding(
                        document=document.name, start=segment.start, end=segment.end,
                        code=code, coder=CODER, method="rule", status="suggested",
                        evidence=evidence(matches), codebook_version=codebook.version,
                    ),
                )
            )  # fmt: skip
            run.by_code[code] += 1
            run.by_rule.update({match.rule.id for match in matches})
    return found
