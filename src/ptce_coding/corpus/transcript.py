"""What every reader returns: normalised text and speaker turns with their paragraphs."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ptce_coding.base.records import Segment


@dataclass(frozen=True)
class Turn:
    """A speaker turn: ``paragraphs`` are (start, end) offsets of its text, label excluded."""

    speaker: str | None
    interviewer: bool
    paragraphs: tuple[tuple[int, int], ...]
    time: float | None = None


@dataclass(frozen=True)
class Transcript:
    """A read transcript: the normalised text, its turns, and attributes found in the file."""

    text: str
    turns: tuple[Turn, ...]
    format: str
    encoding: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    # words the file holds outside the transcript's text, by where they are (« footnotes »,
    # « comments »): not read, and said at import so that nothing is left out unseen
    unread: tuple[tuple[str, int], ...] = ()
    # how the file was read where it differs from what it says of itself (« read as UTF-8:
    # its XML declaration says ISO-8859-1 »): said at import
    notes: tuple[str, ...] = ()

    @property
    def text_hash(self) -> str:
        return text_hash(self.text)

    @property
    def speakers(self) -> list[str]:
        seen: dict[str, None] = {}
        for turn in self.turns:
            if turn.speaker:
                seen.setdefault(turn.speaker, None)
        return list(seen)


def groupable(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes interviews can be grouped and compared by: single values (text,
    numbers, booleans, dates; empty ones too). What a reader keeps of a file's structure (a
    Transcriber file's speaker map, topics and sections, with their turn ranges) is left
    out: written as a matrix row or an exchange variable, it would be a Python repr, one
    distinct value per interview."""
    return {
        name: value
        for name, value in attributes.items()
        if not isinstance(value, Mapping | list | tuple | set | frozenset)
    }


# C0 control characters but tab and line feed: a page break (form feed) from pdftotext, a
# Word line break (vertical tab) pasted as text, a stray NUL; no spreadsheet or XML can hold them
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def normalise(text: str) -> str:
    """Unicode NFC and ``\\n`` line ends: the text every offset refers to; control characters
    (``without_controls``) are spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return without_controls(unicodedata.normalize("NFC", text))


def without_controls(text: str) -> str:
    """``text`` with each control character other than tab and line feed (and carriage
    return, which ``normalise`` makes a line feed) replaced by a space: the same length, so
    that positions in it stay valid, and words on both sides stay apart."""
    return _CONTROL.sub(" ", text)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def count_words(text: str) -> int:
    """Words as `wc -w` counts them: runs of non-space characters."""
    return len(text.split())


def segments_of(transcript: Transcript) -> list[Segment]:
    """Segments are the turns' paragraphs, numbered from 0 in reading order.

    A turn's time (when the transcript has one) goes to its first paragraph.
    """
    segments: list[Segment] = []
    for turn in transcript.turns:
        for index, (start, end) in enumerate(turn.paragraphs):
            segments.append(
                Segment(
                    position=len(segments),
                    start=start,
                    end=end,
                    speaker=turn.speaker,
                    interviewer=turn.interviewer,
                    time=turn.time if index == 0 else None,
                    words=count_words(transcript.text[start:end]),
                )
            )
    return segments
