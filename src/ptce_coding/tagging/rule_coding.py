"""Rule-based coding of the documents in the store: suggested codings, method ``rule``.

A run replaces the earlier *rule suggestions* only. Where a reviewer already accepted or
rejected a rule suggestion, no new suggestion of that code is made on that segment, so a
rejected suggestion does not come back at every run. Codings by other coders do not silence
the rules: the rules stay a coder whose agreement with humans can be measured.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ptce_coding.codebook import Codebook
from ptce_coding.nlp import DocCache
from ptce_coding.records import Coding
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


def code_with_rules(
    store: Store,
    codebook: Codebook,
    tagger: RuleTagger,
    cache: DocCache,
    *,
    interviewer_turns: bool = False,
) -> RuleRun:
    run = RuleRun()
    suggestions: list[tuple[int, Coding]] = []
    documents = store.documents()
    version = codebook.version
    for document in documents:
        segments = store.segments(document.id)
        docs = cache.parse(document.text, document.text_hash, [(s.start, s.end) for s in segments])
        decided = store.decided_spans(document.id, CODER)
        run.documents += 1
        labelled = any(segment.speaker for segment in segments)
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
                suggestions.append(
                    (
                        document.id,
                        Coding(
                            document=document.name,
                            start=segment.start,
                            end=segment.end,
                            code=code,
                            coder=CODER,
                            method="rule",
                            status="suggested",
                            evidence=evidence(matches),
                            codebook_version=version,
                        ),
                    )
                )
                run.by_code[code] += 1
                run.by_rule.update({match.rule.id for match in matches})
    run.removed, run.added = store.replace_suggestions(
        "rule", [d.id for d in documents], suggestions
    )
    run.cache_hits = cache.hits
    return run
