"""Members named in the interviews, found by their aliases with spaCy's PhraseMatcher.

An alias written in capitals (ADVT, GEIQ, AI) is an acronym and matches the exact form only,
so that « AI » never matches « j'ai ». Any other alias matches case-insensitively (LOWER) and
by lemmas (LEMMA: « les Ateliers du Val » also finds « l'Atelier du Val »). Overlapping
matches keep the longest. Only interviewees' segments are searched, as in the matrices.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from ptce_coding.base.language import for_pipeline
from ptce_coding.network.members import Member, is_acronym

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Mention:
    case: str
    document: str
    segment: int  # the segment's position in its document
    start: int  # code-point offsets in the document's text
    end: int
    member: str
    text: str


@dataclass(frozen=True)
class SegmentDoc:
    """An interviewee segment with its parsed text (offsets relative to ``start``)."""

    case: str
    document: str
    segment: int
    start: int
    doc: Doc


class MemberMatcher:
    """The aliases of one pole's members, compiled for a pipeline."""

    def __init__(self, members: Sequence[Member], nlp: Language) -> None:
        self.members = list(members)
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for index, member in enumerate(self.members):
            key = str(index)
            acronyms = [a for a in member.aliases if is_acronym(a)]
            words = [for_pipeline(a) for a in member.aliases if not is_acronym(a)]
            if acronyms:
                self.exact.add(key, [nlp.make_doc(a) for a in acronyms])
            if words:
                self.lower.add(key, [nlp.make_doc(a) for a in words])
                self.lemma.add(key, list(nlp.pipe(words)))

    def find(self, doc: Doc) -> list[tuple[int, int, Member]]:
        """(start_char, end_char, member) in ``doc``, longest first where they overlap."""
        spans = [
            Span(doc, start, end, label=key)
            for matcher in (self.exact, self.lower, self.lemma)
            for key, start, end in matcher(doc)
        ]
        return [
            (span.start_char, span.end_char, self.members[int(span.label_)])
            for span in sorted(filter_spans(spans), key=lambda s: s.start)
        ]


def find_mentions(
    segments: Iterable[SegmentDoc], members: Sequence[Member], nlp: Language
) -> list[Mention]:
    """Every mention of a member of the segment's own pole."""
    by_case: dict[str, list[Member]] = {}
    for member in members:
        by_case.setdefault(member.case, []).append(member)
    matchers: dict[str, MemberMatcher] = {}
    found: list[Mention] = []
    for item in segments:
        if item.case not in by_case:
            continue
        if item.case not in matchers:
            matchers[item.case] = MemberMatcher(by_case[item.case], nlp)
        for start, end, member in matchers[item.case].find(item.doc):
            found.append(
                Mention(
                    item.case,
                    item.document,
                    item.segment,
                    item.start + start,
                    item.start + end,
                    member.name,
                    item.doc.text[start:end],
                )
            )
    return found
