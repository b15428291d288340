"""Segments as the assisted tagger sees them (lemmas and text) and the human decisions on them.

A segment is labelled for a code by what humans decided:

- positive (1) when an accepted coding of that code overlaps it: manual, imported, or a rule or
  model suggestion a reviewer accepted; with ``above`` (``Codebook.above``), an accepted coding
  of a code under it too (a passage coded GOUV.CA is about governance, GOUV), as the codebook's
  own examples are labelled;
- negative (0) when a reviewer rejected a suggestion of that code there, or when the segment
  lies in the part of a *human-coded* document that its coders went through (from the top to
  the end of the last manual or imported coding: what is not coded there is not that code;
  a document coded only in its first half leaves its second half unknown);
- unknown (-1) otherwise: such segments are what the tagger makes suggestions on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ptce_coding.base.coder_selection import STRUCTURE_CODER
from ptce_coding.base.language import DocCache, for_pipeline
from ptce_coding.base.records import HUMAN_METHODS, CodingRow
from ptce_coding.codebook.model import Codebook
from ptce_coding.corpus.counting import is_coded
from ptce_coding.store import Store

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass(frozen=True)
class SegmentItem:
    """A segment to learn from or to code."""

    document_id: int
    document: str
    case: str
    position: int
    start: int
    end: int
    lemmas: str
    text: str  # the segment as parsed (speaker label and all), for the sentence vector


def frame(items: Sequence[SegmentItem]) -> pd.DataFrame:
    """The model's input for these segments: their lemmas and their text."""
    return pd.DataFrame(
        {"lemmas": [item.lemmas for item in items], "text": [item.text for item in items]}
    )


def segment_items(store: Store, cache: DocCache, *, interviewer_turns: bool) -> list[SegmentItem]:
    """Every segment the taggers code (``corpus/counting.py``: interviewer turns only if
    asked; no title line outside the speakers' turns), with its lemmas and text from the
    parse cache."""
    documents = store.documents()
    segments = [store.segments(d.id) for d in documents]
    items = []
    for document, segs in zip(documents, segments, strict=True):
        docs = cache.parse(document.text, document.text_hash, [(s.start, s.end) for s in segs])
        for segment, doc in zip(segs, docs, strict=True):
            if not is_coded(segment, interviewer_turns):
                continue
            lemmas = lemma_text(doc)
            items.append(
                SegmentItem(
                    document.id,
                    document.name,
                    document.case,
                    segment.position,
                    segment.start,
                    segment.end,
                    lemmas,
                    doc.text,
                )
            )
    return items


def lemma_text(doc: Doc) -> str:
    """What the model reads of a text: its lemmas, without punctuation."""
    return " ".join(t.lemma_ for t in doc if not (t.is_punct or t.is_space))


def label_matrix(
    items: Sequence[SegmentItem],
    codes: Sequence[str],
    codings: Iterable[CodingRow],
    *,
    coded_documents: set[str] | Mapping[str, int],
    above: Callable[[str], Iterable[str]] | None = None,
) -> np.ndarray:
    """n × k labels in {1, 0, -1} (see the module docstring) from coding rows
    (``store.coding_rows``), an accepted coding also positive for the codes ``above`` its own
    if given; ``coded_documents`` are the human-coded documents: a set (coded
    whole) or, from ``human_coded_documents``, where each one's coded part ends."""
    column = {code: j for j, code in enumerate(codes)}
    labels = np.full((len(items), len(codes)), -1, dtype=int)
    by_document: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        by_document.setdefault(item.document, []).append(i)
        if item.document in coded_documents and item.start < _coded_end(
            coded_documents, item.document
        ):
            labels[i, :] = 0
    positives: list[CodingRow] = []
    negatives: list[CodingRow] = []
    for row in codings:
        # a code left out of ``codes`` (retired) is not labelled, but its accepted codings
        # still say the passage is about the codes above it (kept below with their column)
        if row.code not in column and not (above and row.status == "accepted"):
            continue
        if row.status == "accepted":
            positives.append(row)
        elif row.status == "rejected":
            negatives.append(row)
    # a code's own positive wins over its rejection, which wins over a positive inferred from a
    # code under it (a reviewer who accepted GOUV.CA but rejected GOUV there said no to GOUV)
    inferred = [(row, c) for row in positives for c in (above(row.code) if above else [])]
    steps: list[tuple[list[tuple[CodingRow, str]], int]] = [
        (inferred, 1),
        ([(row, row.code) for row in negatives], 0),
        ([(row, row.code) for row in positives], 1),
    ]
    for pairs, value in steps:
        for row, code in pairs:
            if code not in column:
                continue
            for i in by_document.get(row.document, []):
                if items[i].start < row.end and items[i].end > row.start:
                    labels[i, column[code]] = value
    return labels


def _coded_end(coded: set[str] | Mapping[str, int], document: str) -> float:
    return coded[document] if isinstance(coded, Mapping) else float("inf")


def human_coded_documents(codings: Iterable[CodingRow]) -> dict[str, int]:
    """Documents with manual or imported accepted codings, and where the last one ends (the
    coders went through the document up to there). A suggestion a reviewer moved to another
    code (a manual coding with an ``origin``, issue 18) is a review decision: it counts as a
    label, not as a sign that the document was coded up to there; nor are the interview's
    structural codes (coder ``structure``, structure.py), which no one coded."""
    ends: dict[str, int] = {}
    for row in codings:
        if row.origin or row.coder == STRUCTURE_CODER:
            continue
        if row.method in HUMAN_METHODS and row.status == "accepted":
            ends[row.document] = max(ends.get(row.document, 0), row.end)
    return ends


def human_spans(rows: Iterable[CodingRow]) -> dict[str, tuple[int, list[tuple[str, int, int]]]]:
    """Per human-coded document among ``rows`` (accepted manual or imported codings): where
    its coded part ends (``human_coded_documents``) and its codings (code, start, end), to
    measure how each rule agrees with the group's coding (``relevance.coding_records``)."""
    rows = list(rows)
    ends = human_coded_documents(rows)
    spans: dict[str, list[tuple[str, int, int]]] = {}
    for row in rows:
        spans.setdefault(row.document, []).append((row.code, row.start, row.end))
    return {document: (end, spans[document]) for document, end in ends.items()}


def codebook_examples(
    codebook: Codebook, codes: Sequence[str], nlp: Language
) -> tuple[pd.DataFrame, np.ndarray]:
    """The codebook's own words as training examples: each code's label, definition, « when to
    use » and examples, positive for that code and its ancestors, negative for the other
    codes; its « when not to use » negative for that code (unknown for the others, since it
    often names another code). Returns (lemmas and texts, m × k labels)."""
    column = {code: j for j, code in enumerate(codes)}
    texts: list[str] = []
    rows: list[list[int]] = []
    for code in codebook.codes:
        if code.retired or code.id not in column:
            continue
        owners = [c for c in (code.id, *codebook.ancestors(code.id)) if c in column]
        row = [0] * len(codes)
        for owner in owners:
            row[column[owner]] = 1
        for text in (code.label, code.definition, code.include, *code.examples):
            if text and text.strip():
                texts.append(text)
                rows.append(row)
        if code.exclude and code.exclude.strip():
            against = [-1] * len(codes)
            against[column[code.id]] = 0
            texts.append(code.exclude)
            rows.append(against)
    lemmas = [lemma_text(doc) for doc in nlp.pipe(for_pipeline(text) for text in texts)]
    examples = pd.DataFrame({"lemmas": lemmas, "text": texts})
    return examples, np.array(rows, dtype=int).reshape(len(rows), len(codes))


def unread_codings(items: Sequence[SegmentItem], codings: Iterable[CodingRow]) -> int:
    """Accepted codings that overlap none of the segments the taggers read (``items``): on
    interviewer turns (unless ``coding.interviewer_turns``) or title lines only. Neither
    learned from nor scored; the structural codings (coder ``structure``) are not counted."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for item in items:
        spans.setdefault(item.document, []).append((item.start, item.end))
    return sum(
        1
        for row in codings
        if row.status == "accepted"
        and row.coder != STRUCTURE_CODER
        and not any(
            start < row.end and end > row.start for start, end in spans.get(row.document, [])
        )
    )
