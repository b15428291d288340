"""The names the speaker labels give, and the labels that name no one.

A label that names someone (« Anne Hurand », « Directrice Anne Hurand », « Anne Hurand
(directrice) ») is a person wherever its name is written (source ``speaker``); a role
(« Directrice »), a role code (« R », « E1 »), a machine's label (« SPEAKER_00 ») and the
labels the settings name as interviewers (« PB ») are no one, and what the NER or a context
reads of them in the stored turns is dropped (``without_labels``). A label of overlapping
speech, « A + B », is A and B (``overlap_speakers``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from ptce_coding.corpus.speaker_forms import KNOWN_INTERVIEWEE
from ptce_coding.corpus.speakers import DIARISED, fold
from ptce_coding.privacy.detection import Detection, find_literal
from ptce_coding.privacy.name_spans import trim
from ptce_coding.privacy.name_words import is_role_word, is_title

# what a label may add after the name: a role, in brackets or after a comma (« Marie Dupont
# (directrice) », « Marie Dupont, directrice du pôle »)
_LABEL_ROLE = re.compile(r"\s*(?:\(|\[|,\s*(?=[a-zà-ÿ]))[^A-ZÀ-ÖØ-Þ]*$")


def label_name(speaker: str) -> str:
    """The part of a speaker label that names someone: the label, without the role it starts
    or ends with nor its title (« Directrice Anne Hurand », « Anne Hurand (directrice) » →
    « Anne Hurand »; « Mme Hurand » → « Hurand », the title stays in the text); empty for a
    role alone (« Directrice », « Chargée de mission », « Personne interrogée », « Personne
    2 »)."""
    words = _LABEL_ROLE.sub("", speaker).split()
    while words and is_title(words[0]) and len(words) > 1:
        words.pop(0)
    if not words or not is_role_word(words[0]):
        return " ".join(words)
    rest = words[1:]
    while rest and not rest[0][0].isupper():
        rest.pop(0)
    return " ".join(rest)


def is_personal_label(speaker: str | None, generic: Iterable[str]) -> bool:
    """A speaker label that names someone (« Anne Hurand »), not a role code (« R », « E1 »)
    nor a role (« Directrice », « Chargée de mission »)."""
    if not speaker:
        return False
    folded = speaker.strip().casefold()
    if folded in {g.casefold() for g in generic} or len(folded) <= 2:
        return False
    if fold(speaker) in KNOWN_INTERVIEWEE or DIARISED.fullmatch(speaker.strip()):
        return False  # « Réponse », « Speaker 1 », « SPEAKER_00 »: a role, a machine's label
    named = label_name(speaker)
    return len(named) > 2 and named[0].isupper() and not named.isupper()


def speaker_detections(document: str, text: str, speakers: Iterable[str]) -> list[Detection]:
    """Where the names of the labels occur (« Anne Hurand » of « Directrice Anne Hurand »)."""
    names = {label_name(speaker) for speaker in speakers}
    return [
        Detection(document, s, e, name, "person", "speaker")
        for name in sorted(names)
        if name
        for s, e in find_literal(text, name)
    ]


# the speakers of overlapping speech, as a transcript labels them: « Simon Tivolle + PB »
_OVERLAP = re.compile(r"\s+\+\s+")
_LABEL_WORD = re.compile(r"[^\s+]+")


def overlap_speakers(label: str) -> list[str]:
    """The speakers of a label of overlapping speech (« A + B » → A, B); any other label
    alone."""
    return [part.strip() for part in _OVERLAP.split(label) if part.strip()]


def without_labels(
    found: list[Detection], documents: Mapping[str, str], generic: set[str]
) -> list[Detection]:
    """The detections without the labels that name no one (``generic``, folded: the
    settings' interviewers, « PB »): the NER or a context reads them in the stored turns
    (« PB : … », « Billancourt PB », where ESLO puts no full stop). A detection that is
    such a label is dropped, one that starts or ends with it is cut before it, one that
    holds it between two names is dropped (a name across two turns); a list's name stays."""
    if not generic:
        return found
    kept = []
    for detection in found:
        if detection.source == "list":
            kept.append(detection)
            continue
        text = documents[detection.document]
        words = [
            (detection.start + m.start(), detection.start + m.end())
            for m in _LABEL_WORD.finditer(text[detection.start : detection.end])
        ]
        labels = [_is_label(text, w, generic) for w in words]
        while words and labels[0]:
            words.pop(0)
            labels.pop(0)
        while words and labels[-1]:
            words.pop()
            labels.pop()
        if not words or any(labels):
            continue
        start, end = trim(text, words[0][0], words[-1][1])
        if end - start >= 2:
            kept.append(replace(detection, start=start, end=end, text=text[start:end]))
    return kept


def _is_label(text: str, span: tuple[int, int], generic: set[str]) -> bool:
    return text[span[0] : span[1]].strip('.,;:!?«»"()').casefold() in generic
