"""What surrounds a rule match in a segment: the sentences it sits in, and an answer that asks
back.

- **Negation** (a negated match, an answer that says no) is read in ``negation.py``. An answer
  that asks back (``asks_back``: « Comment ça ? », « Vous voulez la réponse officielle ou la
  vraie ? ») is not yet the answer: the question's codes wait for the paragraph after the
  interviewer's reply.
- **Sentences.** A suggestion covers the sentences that hold its evidence, not the whole turn.
  What a sentence is, the report's quotations say too (``sentence_ends.py``): a line break
  ends one, and so does « . ! ? … » unless it is an abbreviation's point (« M. Dupont »,
  « env. 300 ») or the next word is in lower case (« etc. et puis », « c'est... euh »); so
  the quotation of a suggestion is its sentences, whole. A transcriber's mark of what is not
  speech (« (rires) », « [ouais] ») never starts nor ends a sentence (``transcript_marks.py``).
  In a long run without punctuation (speech transcribed without it), the passage is cut to
  ``MAX_WORDS_AROUND`` words on each side of the evidence. A code carried from the
  interviewer's question covers the answer's opening (``opening``): its first sentences, up to
  the one that reaches ``MAX_WORDS_AROUND`` words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ptce_coding.tagging.sentence_ends import sentence_spans
from ptce_coding.tagging.transcript_marks import without_stage_directions

MAX_WORDS_AROUND = 40


ASKING_BACK_WORDS = 20  # a longer paragraph ending with « ? » answers, then asks


def asks_back(answer: str) -> bool:
    """Whether an answer is only a question back to the interviewer (« C'est-à-dire ? »,
    « Vous voulez la réponse officielle ou la vraie ? »): short, and ending with « ? »."""
    text = answer.strip().rstrip('»”")').rstrip()
    return text.endswith("?") and len(text.split()) <= ASKING_BACK_WORDS


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, as the report's quotations read them
    (``sentence_ends.sentence_spans``), spaces and the transcriber's marks of what is not
    speech (« (rires) ») trimmed from its edges."""
    return sentence_spans(without_stage_directions(text))


def passage(text: str, evidence: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The part of a segment's ``text`` a suggestion covers: from the first to the last
    sentence holding ``evidence`` (character spans in ``text``), cut to MAX_WORDS_AROUND words
    around the evidence where the sentences are longer. In speech transcribed without
    punctuation, evidence more than twice MAX_WORDS_AROUND words apart with no sentence end
    between (« Europe » at the start and at the end of a 500-word turn) is in two places: the
    passage is the one with the most of it (the first, on a tie). Offsets relative to
    ``text``."""
    if not evidence:
        return 0, len(text)
    spans = sentences(text) or [(0, len(text))]
    first, last = _densest(text, evidence, spans)
    begin = min(first, next((s for s, e in spans if e > first), spans[0][0]))
    end = next((e for s, e in reversed(spans) if s < last), spans[-1][1])
    begin = max(begin, _words_before(text, first, MAX_WORDS_AROUND))
    end = min(end, _words_after(text, last, MAX_WORDS_AROUND))
    return begin, max(end, last)


def _densest(
    text: str, evidence: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """(start, end) of the run of evidence spans with the most spans, a run ending where more
    than twice MAX_WORDS_AROUND words and no sentence end (of ``spans``, the sentences of
    ``text``) separate two spans."""
    ordered = sorted(evidence)
    runs = [[ordered[0]]]
    for span in ordered[1:]:
        gap_start, gap_end = runs[-1][-1][1], span[0]
        between = text[gap_start:gap_end]
        ended = any(gap_start <= end <= gap_end for _, end in spans)
        if len(between.split()) > 2 * MAX_WORDS_AROUND and not ended:
            runs.append([span])
        else:
            runs[-1].append(span)
    best = max(runs, key=len)  # the first of the longest
    return best[0][0], max(end for _, end in best)


def opening(text: str) -> tuple[int, int]:
    """The part of an answer a question's code is suggested on: its first sentences, up to
    the one that reaches MAX_WORDS_AROUND words, and never more than twice that many words
    (speech transcribed without punctuation). Offsets relative to ``text``."""
    spans = sentences(text) or [(0, len(text))]
    begin = spans[0][0]
    reached = _words_after(text, begin, MAX_WORDS_AROUND)
    end = next((e for _, e in spans if e >= reached), spans[-1][1])
    return begin, min(end, _words_after(text, begin, 2 * MAX_WORDS_AROUND))


def _words_before(text: str, position: int, count: int) -> int:
    words = list(re.finditer(r"\S+", text[:position]))
    return words[-count].start() if len(words) >= count else 0


def _words_after(text: str, position: int, count: int) -> int:
    words = list(re.finditer(r"\S+", text[position:]))
    return position + words[count - 1].end() if len(words) >= count else len(text)
