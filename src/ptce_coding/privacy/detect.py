"""Detections of names and contact details in the documents' texts.

Six sources, from the strongest (``detection.SOURCES``): the project's lists (``list``),
the poles and organisations its own files name (``project``, see ``known``), speaker labels
(``speaker``, ``speaker_names``), patterns (``pattern``, ``patterns``: e-mail addresses,
French phone numbers, URLs, and a capitalised name after a title such as « Mme »), spaCy's
French NER (``model``, ``ner``), and, with the NER, the names a French context announces
that it missed (``context``: « l'entreprise Vandamme », « mon commercial, Patrick »).
Where two detections overlap, the stronger source wins, then the longer span; but a
person's full name the NER reads wins over a speaker's or a title's surname inside it
(``overlaps``). A name said again whole after its cut start takes the cut word's kind (« la
société Thoms- avec Thomson »: ``repairs``).

What is no name (courtesy words, adjectives before a noun, the field's generic names, titles,
roles, countries and continents, the words a corpus wrote for the names it masked itself,
« NPERS ») is ``name_words``'; where a name starts and ends in the
text, ``name_spans``'.

This module runs them all (``detect``); the names other modules import from it are
re-exported here.

Offsets are code points in the stored (NFC) text, as everywhere in ptce-coding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ptce_coding.privacy.common_words import common_nouns, lowercase_vocabulary
from ptce_coding.privacy.detection import AFTER, BEFORE, SOURCES, Detection, find_literal
from ptce_coding.privacy.name_spans import after_article, block_pieces, body_name_end
from ptce_coding.privacy.name_words import is_mask
from ptce_coding.privacy.names import KnownName, ListedName
from ptce_coding.privacy.ner import (
    MODEL,
    MODEL_DISABLED,
    MODEL_EXCLUDED,
    NER_KINDS,
    context_detections,
    load_ner,
    model_detections,
)
from ptce_coding.privacy.overlaps import resolve_overlaps, without_name_parts
from ptce_coding.privacy.patterns import PATTERNS, pattern_detections
from ptce_coding.privacy.repairs import with_repaired_kinds
from ptce_coding.privacy.speaker_names import (
    is_personal_label,
    label_name,
    overlap_speakers,
    speaker_detections,
    without_labels,
)

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "AFTER",
    "BEFORE",
    "MODEL",
    "MODEL_DISABLED",
    "MODEL_EXCLUDED",
    "NER_KINDS",
    "PATTERNS",
    "SOURCES",
    "Detection",
    "after_article",
    "block_pieces",
    "body_name_end",
    "common_nouns",
    "context_detections",
    "detect",
    "find_literal",
    "is_personal_label",
    "known_detections",
    "label_name",
    "list_detections",
    "load_ner",
    "lowercase_vocabulary",
    "model_detections",
    "overlap_speakers",
    "pattern_detections",
    "resolve_overlaps",
    "speaker_detections",
]


def list_detections(document: str, text: str, names: Sequence[ListedName]) -> list[Detection]:
    found = []
    for listed in names:
        spans: Iterable[tuple[int, int]]
        if listed.pattern is not None:
            spans = ((m.start(), m.end()) for m in re.finditer(listed.pattern, text) if m.group())
        else:
            spans = find_literal(text, listed.name)
        found += [Detection(document, s, e, text[s:e], listed.kind, "list") for s, e in spans]
    return found


def known_detections(document: str, text: str, known: Sequence[KnownName]) -> list[Detection]:
    """Where the poles and organisations the project's files name occur, as written."""
    return [
        Detection(document, s, e, text[s:e], name.kind, "project")
        for name in known
        for variant in name.variants
        for s, e in find_literal(text, variant)
    ]


def detect(
    documents: Mapping[str, str],
    speakers: Mapping[str, Iterable[str]],
    names: Sequence[ListedName] = (),
    *,
    nlp: Language | None = None,
    generic_labels: Iterable[str] = (),
    known: Sequence[KnownName] = (),
) -> list[Detection]:
    """Every detection in ``documents`` ({name: text}), overlaps resolved.

    ``speakers`` maps a document to its speaker labels (those naming someone become person
    detections); ``nlp`` is the NER pipeline (None: lists, speakers and patterns only);
    ``known``: the poles and organisations of the project's files (``known.known_names``).
    """
    generic = list(generic_labels)
    found: list[Detection] = []
    for name, text in documents.items():
        found += list_detections(name, text, names)
        found += known_detections(name, text, known)
        said = [part for s in speakers.get(name, ()) for part in overlap_speakers(s)]
        labels = [s for s in said if is_personal_label(s, generic)]
        found += speaker_detections(name, text, labels)
        found += pattern_detections(name, text)
    if nlp is not None:
        vocabulary = lowercase_vocabulary(documents.values())
        found += model_detections(documents, nlp, vocabulary)
        for name, text in documents.items():
            found += context_detections(name, text, vocabulary)
    found = without_labels(found, documents, {g.casefold() for g in generic})
    found = [d for d in found if d.source == "list" or not is_mask(d.text)]  # « NPERS »
    found = with_repaired_kinds(found, documents)  # « la société Thoms- avec Thomson »
    return resolve_overlaps(without_name_parts(found))
