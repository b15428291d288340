"""What the rule findings of a run mean, by sentence vectors: each finding's segment and what
it is read under (``enclosing.py``), against the codebook's axes (``relevance.AxisMeaning``).
``rule_coding.py`` reads the meaning signals of each finding from here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ptce_coding.base.records import Document
from ptce_coding.codebook.model import Codebook
from ptce_coding.tagging.document_tagging import TaggedDocument
from ptce_coding.tagging.far_documents import closeness, sample
from ptce_coding.tagging.questions import Finding
from ptce_coding.tagging.relevance import AxisMeaning
from ptce_coding.tagging.sentence_vectors import encode, remember


@dataclass(frozen=True)
class Surroundings:
    """Where the findings' texts are: the documents, what each of their segments is read
    under (per document index, ``enclosing.enclosing``), and how to encode them (on how many
    processes, into which vector cache: None, memory only)."""

    documents: list[Document]
    under: dict[int, dict[int, tuple[int, int]]]
    processes: int = 2
    vectors_folder: Path | None = None
    # per document index, where its title lines start: what a segment is read under is a
    # heading when it starts there, else the interviewer's question
    titles: dict[int, set[int]] = field(default_factory=dict)
    # per document index, the spans of the segments the taggers code: with a codebook that
    # names ``context_codes``, read to tell how close each document is to the codebook
    coded: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


@dataclass
class FindingMeaning:
    """The sentence vectors of a run's findings, compared with the codebook's axes."""

    meaning: AxisMeaning
    # (document index, position of the segment a finding is read on) -> its rows of
    # ``similarities`` and ``exclusions``, and its vector
    rows: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    vectors: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)
    # (document index, position of the segment a finding is written on) -> the row of
    # ``similarities`` of what that segment is read under
    under: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)
    # the same key -> what that is: ("heading" or "question", its text)
    under_text: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    encoded: int = 0  # texts whose vector was not in the cache yet
    # per document index, its closeness to the codebook (``far_documents.closeness``), when
    # the codebook names context codes
    closeness: dict[int, float] = field(default_factory=dict)

    def signals(self, index: int, item: Finding, axis: str) -> dict[str, float]:
        """The meaning signals of one finding (document ``index``) for its axis."""
        toward, away = self.rows[(index, item.read_on.position)]
        found = self.meaning.signals(toward, away, axis)
        found["context"] = self.meaning.context(
            self.under.get((index, item.segment.position)), axis
        )
        return found

    def read_under(self, index: int, item: Finding) -> tuple[str, str] | None:
        """What the segment a finding is written on is read under: ("heading" or
        "question", its text), or None."""
        return self.under_text.get((index, item.segment.position))

    def nearest(self, index: int, item: Finding) -> str | None:
        """The codebook text closest to the segment a finding is read on."""
        return self.meaning.nearest(self.vectors[(index, item.read_on.position)], item.code)


def finding_meaning(
    codebook: Codebook, tagged_all: list[TaggedDocument], around: Surroundings
) -> FindingMeaning:
    """Encode the segments the findings are read on and what they are read under, once each,
    and compare them with the codebook's axes."""
    meaning = AxisMeaning(codebook)
    found = [(tagged, item) for tagged in tagged_all for item in tagged.found]
    keys = sorted({(tagged.index, item.read_on.position) for tagged, item in found})
    by_index = {tagged.index: tagged for tagged in tagged_all}
    texts = [by_index[i].parsed[p] for i, p in keys]
    whole = _coded_texts(codebook, around)
    spans = {
        (tagged.index, item.segment.position): span
        for tagged, item in found
        if (span := around.under.get(tagged.index, {}).get(item.segment.position))
    }
    span_keys = sorted(spans)
    headings = [around.documents[i].text[slice(*spans[(i, p)])] for i, p in span_keys]
    result = FindingMeaning(meaning)
    if around.vectors_folder is not None:
        result.encoded = remember(
            texts + headings + [t for spans in whole.values() for t in spans],
            around.vectors_folder,
            processes=around.processes,
        )
    encoded = encode(texts, around.processes)
    rows, against = meaning.similarities(encoded), meaning.exclusions(encoded)
    result.rows = {key: (rows[k], against[k]) for k, key in enumerate(keys)}
    result.vectors = {key: encoded[k] for k, key in enumerate(keys)}
    for index, segment_texts in whole.items():
        value = closeness(
            meaning.similarities(encode(segment_texts, around.processes)),
            [len(text.split()) for text in segment_texts],
        )
        if value is not None:
            result.closeness[index] = value
    if headings:
        heading_rows = meaning.similarities(encode(headings, around.processes))
        result.under = {key: heading_rows[k] for k, key in enumerate(span_keys)}
        result.under_text = {
            key: (
                "heading" if spans[key][0] in around.titles.get(key[0], set()) else "question",
                headings[k],
            )
            for k, key in enumerate(span_keys)
        }
    return result


def _coded_texts(codebook: Codebook, around: Surroundings) -> dict[int, list[str]]:
    """Per document index, the texts of its coded segments (a sample evenly spread over
    the document: ``far_documents.sample``), when the codebook names context codes (else
    nothing: no document is read as far)."""
    if not codebook.context_codes:
        return {}
    return {
        index: [around.documents[index].text[start:end] for start, end in sample(spans)]
        for index, spans in around.coded.items()
        if spans
    }
