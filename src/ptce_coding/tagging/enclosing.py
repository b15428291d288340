"""What a segment is read under: the section heading of a written document, the interviewer's
question of an interview.

A coder reads a paragraph under the heading of its section (« Quelle territorialité pour les
PTCE ? ») and an answer under the question that asked it (« Et avec la mairie, ça se passe
comment ? »): the same words mean more when the passage sits where the axis is being talked
about. ``enclosing`` gives, for each segment of a document, the span of the text it is read
under, and ``relevance.py`` turns that text's closest axis into the ``context`` signal:

- a title line (``Segment.title``) is the heading of the segments after it, until the next
  title line or question;
- the interviewer's consecutive paragraphs are one question (as ``questions.py`` reads them),
  the context of the answers after it, until the next question or title line; a
  back-channel (« d'accord », « oui oui », « ah bon »: fewer than ``QUESTION_WORDS`` words and
  no « ? ») asks nothing and leaves the context as it was;
- a segment before any of them, and the interviewer's own paragraphs, are read under nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from ptce_coding.base.records import Segment

QUESTION_WORDS = 4  # an interviewer's paragraph shorter than this, without « ? », asks nothing


def enclosing(text: str, segments: Sequence[Segment]) -> dict[int, tuple[int, int]]:
    """{segment position: (start, end) of the heading or question it is read under}, for
    the segments of one document (``text``, its segments in their order) that are read
    under one."""
    found: dict[int, tuple[int, int]] = {}
    current: tuple[int, int] | None = None
    previous: Segment | None = None
    for segment in segments:
        if segment.title:
            current = (segment.start, segment.end)
        elif segment.interviewer:
            if not _asks(text[segment.start : segment.end]):
                continue  # « d'accord », « oui oui »: the interviewer listens, the topic stays
            goes_on = (
                current is not None
                and previous is not None
                and previous.interviewer
                and not previous.title
                and previous.position + 1 == segment.position
            )
            current = (
                (current[0], segment.end) if goes_on and current else (segment.start, segment.end)
            )
        elif current is not None:
            found[segment.position] = current
        previous = segment
    return found


def _asks(said: str) -> bool:
    """Whether an interviewer's paragraph asks something (a back-channel does not)."""
    return "?" in said or len(said.split()) >= QUESTION_WORDS
