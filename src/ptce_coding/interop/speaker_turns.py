"""Whose each segment is, carried in a .qdpx beside a text that does not say it alone.

A reader knows more of a file than the text it stores says: a subtitle file's voice tags and
cues (a full name speaking once is a speaker there), a project's own label patterns
(``speakers.labels``). Read again from the text alone, as an import reads a source, such a
document could have other turns: other speakers, other words counted. So the export writes,
for a document whose text alone (read with the labels every project knows, its overlaps as
``overlap_turns`` says) gives other segments than the stored ones, a source variable
``VARIABLE``: the text's fingerprint, then each segment as « start-end speaker » (« start-end »
for a segment of no speaker), separated by « ; », in code points of the text (as the
selections are). The import takes the document's segments from it when its text is the one
fingerprinted and the segments fit it; otherwise (the text edited in another tool) it reads
the text, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript, Turn, segments_of, text_hash
from ptce_coding.corpus.turns import split_turns
from ptce_coding.interop.overlap_turns import split_overlaps

VARIABLE = "speaker_turns"
_FINGERPRINT = "text "  # the value's first item: « text <first 16 hex digits of its hash> »
_ITEM = re.compile(r"^(\d+)-(\d+)(?: (\S.*))?$", re.S)

Span = tuple[int, int, str | None]  # a segment: start, end, speaker


def speaker_turns(
    text: str, segments: Iterable[Span], overlaps: str, detector: SpeakerDetector
) -> str:
    """The ``VARIABLE`` value of a document (its ``text``, its stored ``segments`` and its
    ``overlap_turns`` value, '' when none): '' when the text alone reads the same segments
    with ``detector``."""
    stored = [(start, end, speaker or None) for start, end, speaker in segments]
    read = split_turns(text, detector)
    if overlaps:
        read, _ = split_overlaps(read, text, overlaps)
    again = [(s.start, s.end, s.speaker) for s in segments_of(Transcript(text, read, "qdpx"))]
    if again == stored:
        return ""
    items = [
        f"{start}-{end}" + (f" {speaker}" if speaker else "") for start, end, speaker in stored
    ]
    return "; ".join([_FINGERPRINT + _fingerprint(text), *items])


def given_turns(
    text: str, value: object, detector: SpeakerDetector
) -> tuple[tuple[Turn, ...], str]:
    """The turns a ``VARIABLE`` value gives ``text`` (a turn per segment), and '' ; or no
    turns and what does not fit (the text is not the one the value was written for, an item
    is not « start-end speaker », a segment is outside the text or overlaps the one before)."""
    first, _, rest = str(value).partition(";")
    if first.strip() != _FINGERPRINT + _fingerprint(text):
        return (), "the text is not the one it was written for"
    turns: list[Turn] = []
    end_before = 0
    for item in filter(None, (part.strip() for part in rest.split(";"))):
        found = _ITEM.match(item)
        if found is None:
            return (), f"{item!r} is not « start-end speaker »"
        start, end = int(found.group(1)), int(found.group(2))
        speaker = (found.group(3) or "").strip() or None
        if not end_before <= start < end <= len(text):
            return (), f"{start}-{end} is outside the text or overlaps the segment before it"
        turns.append(Turn(speaker, detector.is_interviewer(speaker), ((start, end),)))
        end_before = end
    return tuple(turns), ""


def _fingerprint(text: str) -> str:
    return text_hash(text)[:16]
