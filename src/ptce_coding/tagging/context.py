"""What surrounds a rule match in a segment: a negation before it, and the sentences it sits in.

- **Negation.** « nous ne sommes pas le sous-traitant » says the opposite of what the matched
  word says. A match is negated when one of ``NEGATION_CUES`` comes among the
  ``NEGATION_WINDOW`` tokens before it, in the same clause (no punctuation between), or when
  the match sits inside « ne … cue », the French negation around a verb: « on ne mutualise
  pas les locaux », « nous n'avons avec l'administration aucun lien » (« ne » among the
  tokens before, a cue within the match or among the tokens after, same clause). « ne »
  alone is no cue: it is often dropped in speech and « ne … que » means « only »; « pas
  seulement », « pas que » are not negations either. A negated match is no evidence for its
  code (it is reported, not counted). An answer that opens by saying no (``denies``: « Non,
  … », « Pas du tout ») takes nothing from the interviewer's question before it. An answer
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
from typing import TYPE_CHECKING

import numpy as np

from ptce_coding.tagging.sentence_ends import sentence_spans
from ptce_coding.tagging.transcript_marks import without_stage_directions

if TYPE_CHECKING:
    from spacy.tokens import Doc

NEGATION_CUES = frozenset({"pas", "jamais", "aucun", "aucune", "ni", "sans", "guère", "rien"})
NOT_NEGATING_AFTER = frozenset({"seulement", "uniquement", "que", "qu'", "simplement", "juste"})
NEGATION_WINDOW = 4
_NE = frozenset({"ne", "n'", "n’"})
_OFFSETS = "ptce_coding.token_offsets"  # Doc.user_data key
_CLAUSE_END = frozenset('.;:!?…,()«»"')
MAX_WORDS_AROUND = 40


# an answer that opens by saying no to the question: « Non, … », « Pas du tout », « Aucun »
_DENIAL = re.compile(
    r"^\W*(?:non|nan|pas (?:du tout|vraiment|encore|trop|beaucoup|spécialement)|aucun\w*|"
    r"jamais|rien|absolument pas)\b",
    re.IGNORECASE,
)


def denies(answer: str) -> bool:
    """Whether an answer opens by saying no (« Non, pas encore de locaux partagés »): what the
    question asked about is then not what the answer is about."""
    return _DENIAL.match(answer) is not None


ASKING_BACK_WORDS = 20  # a longer paragraph ending with « ? » answers, then asks


def asks_back(answer: str) -> bool:
    """Whether an answer is only a question back to the interviewer (« C'est-à-dire ? »,
    « Vous voulez la réponse officielle ou la vraie ? »): short, and ending with « ? »."""
    text = answer.strip().rstrip('»”")').rstrip()
    return text.endswith("?") and len(text.split()) <= ASKING_BACK_WORDS


def negated(doc: Doc, start_char: int, end_char: int | None = None) -> bool:
    """Whether a negation cue comes shortly before the match at ``start_char`` in ``doc``, or
    (``end_char`` given) the match sits inside « ne … cue »."""
    starts, ends = _offsets(doc)
    index = int(np.searchsorted(ends, start_char, side="right"))  # the first token after
    if index == len(doc):
        return False
    ne_before = False
    for position in range(index - 1, max(index - 1 - NEGATION_WINDOW, -1), -1):
        token = doc[position]
        if token.text in _CLAUSE_END or "\n" in token.text:
            break
        if token.lower_ in NEGATION_CUES:
            return not _not_negating(doc, position)
        ne_before = ne_before or token.lower_ in _NE
    if not ne_before or end_char is None:
        return False
    last = int(np.searchsorted(starts, end_char, side="left"))
    for position in range(index + 1, min(last + NEGATION_WINDOW, len(doc))):
        token = doc[position]
        if token.text in _CLAUSE_END or "\n" in token.text:
            return False
        if token.lower_ in NEGATION_CUES:
            return not _not_negating(doc, position)
    return False


def _offsets(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    """Where each token of ``doc`` starts and ends (characters), read once per doc: finding
    the token of a match is then a binary search, not a walk through a long turn."""
    found = doc.user_data.get(_OFFSETS)
    if found is None:
        if len(doc):
            array = doc.to_array(["IDX", "LENGTH"]).astype(np.int64)
            found = (array[:, 0], array[:, 0] + array[:, 1])
        else:
            found = (np.zeros(0, np.int64), np.zeros(0, np.int64))
        doc.user_data[_OFFSETS] = found
    return found


def _not_negating(doc: Doc, position: int) -> bool:
    """« pas seulement », « pas que »: the cue at ``position`` does not negate."""
    after = doc[position + 1].lower_ if position + 1 < len(doc) else ""
    return after in NOT_NEGATING_AFTER


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
