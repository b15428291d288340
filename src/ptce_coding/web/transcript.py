"""A document as the web page shows it: speaker turns of paragraphs, each paragraph cut into
pieces at the boundaries of the codings that overlap it.

Every piece carries its code-point offset into the document's normalised text, so that the
browser can turn a selection back into exact offsets (records.py: offsets are code points).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from ptce_coding.base.records import CodingRow, Segment


@dataclass(frozen=True)
class Piece:
    """A run of text covered by the same codings (ids of the codings, in order)."""

    start: int
    end: int
    text: str
    codings: tuple[int, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    position: int
    start: int
    end: int
    pieces: tuple[Piece, ...]


@dataclass
class Turn:
    """Consecutive paragraphs of one speaker."""

    speaker: str | None
    interviewer: bool
    paragraphs: list[Paragraph] = field(default_factory=list)


def cut(text: str, start: int, end: int, codings: Sequence[CodingRow]) -> tuple[Piece, ...]:
    """``text[start:end]`` in pieces at every coding boundary inside it."""
    bounds = {start, end}
    for coding in codings:
        for offset in (coding.start, coding.end):
            if start < offset < end:
                bounds.add(offset)
    edges = sorted(bounds)
    pieces = []
    for left, right in itertools.pairwise(edges):
        covering = tuple(c.id for c in codings if c.start < right and c.end > left)
        pieces.append(Piece(left, right, text[left:right], covering))
    return tuple(pieces)


def turns(text: str, segments: Sequence[Segment], codings: Sequence[CodingRow]) -> list[Turn]:
    """The transcript as turns of paragraphs of pieces (``cut``)."""
    found: list[Turn] = []
    for segment in segments:
        overlapping = [c for c in codings if c.start < segment.end and c.end > segment.start]
        paragraph = Paragraph(
            segment.position,
            segment.start,
            segment.end,
            cut(text, segment.start, segment.end, overlapping),
        )
        last = found[-1] if found else None
        if last and last.speaker == segment.speaker and last.interviewer == segment.interviewer:
            last.paragraphs.append(paragraph)
        else:
            found.append(Turn(segment.speaker, segment.interviewer, [paragraph]))
    return found
