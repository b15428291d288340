"""Which labels at the start of a subtitle cue's lines are speakers (``subtitles``): a label
that is certain or known, one that comes back, a full name, a diarisation label, and one that
answers an interviewer's turn, as ``split_turns`` reads a text; weak ones only where two of
them come back. A one-off capitalised word before a colon (« Bref : on a signé ») stays speech.
In a file without speakers, a dash before a line says that the speaker changes, as in a text
(``dash_turns``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ptce_coding.corpus.dialogue_dashes import dash_labels
from ptce_coding.corpus.label_patterns import LEAD
from ptce_coding.corpus.speakers import Label, SpeakerDetector, fold, full_name

# « -Tous les jeudis »: a dialogue dash glued to its word, as English subtitles write it (a
# number after it is one below zero)
_GLUED_DASH = re.compile(rf"{LEAD}[—–-](?=[^\W\d_])")


@dataclass(frozen=True)
class CueSpan:
    """Text of a cue under one voice tag (or none): cleaned lines, labels found in them."""

    voice: str | None
    time: float
    lines: tuple[tuple[str, Label | None], ...]


def accepted_labels(spans: Sequence[CueSpan], detector: SpeakerDetector) -> set[str]:
    """Folded names of the labels taken as speakers (the others stay speech); a label that
    answers an interviewer's turn (« Intervieweur : … ? » then « Jeanne : … ») is one, as in
    ``split_turns``, which reads the stored text again (a .qdpx export imported elsewhere)."""
    labels = [label for span in spans for _, label in span.lines if label is not None]
    counts = Counter(fold(label.speaker) for label in labels)
    # a weak label (« Marie Dupont - … », « MARIE. … ») only where two of them come back, as
    # in ``split_turns``: « A0 - 0 » said twice is speech
    alternating = (
        len(
            {
                fold(label.speaker)
                for label in labels
                if label.weak and counts[fold(label.speaker)] >= 2
            }
        )
        >= 2
    )
    accepted = {
        fold(label.speaker)
        for label in labels
        if label.certain
        or detector.is_known(label.speaker)
        or (
            (alternating and counts[fold(label.speaker)] >= 2)
            if label.weak
            else counts[fold(label.speaker)] >= 2 or full_name(label.speaker)
        )
    }
    return accepted | _answers(spans, accepted, detector)


def _answers(spans: Sequence[CueSpan], accepted: set[str], detector: SpeakerDetector) -> set[str]:
    """Folded names of the labels not taken yet that start the turn after an interviewer's
    (a voice tag or a label taken)."""
    answering: set[str] = set()
    previous: str | None = None
    for span in spans:
        previous = span.voice or previous
        for _, label in span.lines:
            if label is None:
                continue
            name = fold(label.speaker)
            if name in accepted or name in answering:
                previous = label.speaker
            elif not label.weak and detector.is_interviewer(previous):
                answering.add(name)
                previous = label.speaker
    return answering


def dash_turns(spans: Sequence[CueSpan], accepted: set[str]) -> dict[tuple[int, int], Label]:
    """The lines a dialogue dash opens a turn at, in a file whose cues name no speaker (no
    voice tag, no label taken: there the labels say who speaks): (span, line) → a label
    that skips the dash, its speaker « Question », « Réponse » or unsaid (empty).

    Subtitles write two speakers in one cue with a dash before each line; the file's lines,
    cue after cue, are read as a text's (``dialogue_dashes.dash_labels``): none is a turn
    unless a dash turn ending with « ? » is followed by another (items of a list otherwise),
    and who asks is told over the whole file, a cue holding too few turns for it. A line
    without a dash goes on with the turn before it, in its cue or the next."""
    if accepted or any(span.voice for span in spans):
        return {}
    places = [
        (number, index) for number, span in enumerate(spans) for index in range(len(span.lines))
    ]
    glued: set[int] = set()
    lines: list[tuple[int, str]] = []
    for key, (number, index) in enumerate(places):
        line = spans[number].lines[index][0]
        if found := _GLUED_DASH.match(line):
            glued.add(key)
            line = f"{line[: found.end()]} {line[found.end() :]}"
        lines.append((key, line))
    return {
        places[key]: replace(label, length=label.length - (1 if key in glued else 0))
        for key, label in dash_labels(lines).items()
    }
