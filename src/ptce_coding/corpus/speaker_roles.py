"""Who speaks as an interviewer in a stored document, and which of its lines are titles,
as the settings, the document's attributes and its head say."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ptce_coding.base.records import Segment
from ptce_coding.corpus.counting import declared_interviewers, mark_titles
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.store import Store


def apply_settings(store: Store, detector: SpeakerDetector, preamble: str) -> tuple[int, int]:
    """The stored documents' derived marks made to follow the settings: who is an interviewer
    (``speakers.interviewers``) and which preamble lines are titles (``coding.preamble``).
    Offsets and codings are not touched. Returns (segments whose role changed, segments whose
    title mark changed)."""
    roles = titles = 0
    for document in store.documents():
        stored = store.segments(document.id)
        marked = mark_titles(
            with_roles(stored, detector, document.attributes, document.text),
            document.text,
            preamble,
        )
        if store.set_segment_marks(document.id, marked):
            before = {s.position: s for s in stored}
            roles += sum(before[s.position].interviewer != s.interviewer for s in marked)
            titles += sum(before[s.position].title != s.title for s in marked)
    return roles, titles


def with_roles(
    segments: Sequence[Segment],
    detector: SpeakerDetector,
    attributes: Mapping[str, Any],
    text: str,
) -> list[Segment]:
    """The segments of ``text`` with their speaker roles: the interviewers of the settings,
    those the document's own attributes name (an ``interviewers`` column of documents.csv or
    a front matter key, several names separated by « ; »: « Speaker 1 » of an automatic
    transcription is the interviewer in one file, not in the next), and those its head
    declares (« Enquêteur : Paul Martin », then turns of « Paul »: ``declared_interviewers``)."""
    own = detector.with_interviewers(document_interviewers(attributes))
    own = own.with_interviewers(declared_interviewers(segments, text, own))
    return [replace(s, interviewer=is_interviewer_turn(own, s.speaker)) for s in segments]


def document_interviewers(attributes: Mapping[str, Any]) -> list[str]:
    """The names under a document's ``interviewers`` (or ``interviewer``) attribute."""
    value = attributes.get("interviewers", attributes.get("interviewer"))
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(";")
    return [str(item).strip() for item in items if str(item).strip()]


def is_interviewer_turn(detector: SpeakerDetector, speaker: str | None) -> bool:
    """A turn is the interviewer's when every speaker of it is one (« A + B » overlaps)."""
    if not speaker:
        return False
    names = [name.strip() for name in speaker.split(" + ") if name.strip()]
    return bool(names) and all(detector.is_interviewer(name) for name in names)
