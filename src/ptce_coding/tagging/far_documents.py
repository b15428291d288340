"""Documents far from what the codebook describes, and what the rules find there of a case's
surroundings.

The confidence of a rule suggestion (``relevance.py``) is fitted on PTCE text, where a rule
that finds « le conseil d'administration » or « nos clients » finds the pole's board or the
pole's customers. In an interview that is not about a pole (a firm's director in 1969, a
resident telling the story of their town), the same words are the firm's board and the firm's
customers: readers code none of them. What such an interview does say that the codebook can
code is its *surroundings*: the town's development, local labour and suppliers, the
municipality's policies. A codebook names the codes that describe them in ``context_codes``
(the PTCE grid: TERR and INST).

A document is *far* when its closeness to the codebook is under ``coding.far_closeness``
(default ``FAR_CLOSENESS``; 0: no document is read as far): the mean, over its coded segments
(at most ``CLOSENESS_SEGMENTS``, evenly spread) weighed by their words, of each segment's mean
similarity to the codebook's axes (``AxisMeaning.similarities``). In a far document the
meaning signals, calibrated on PTCE text, read nothing (over the seen set's findings, their
ROC AUC for right against wrong is 0.55–0.57): a finding's confidence is its rule evidence,
with the intercept of its kind of code (``FAR_CONTEXT``, ``FAR_OTHER``).

What a far interview says of the surroundings is right where the talk dwells on them, not where
a word passes: a finding of a context code weighs its segment's length (the log of its words)
and how many other segments near it the rules found a context code in (``nearby``: fewer than
``NEARBY_WORDS`` coded words between them; the log of one more than their count). Over the
findings of the three speech sets fitted on, a finding with no such neighbour was right 3 times
in 28 (30 in 58 with one or more), one in a segment of under 30 words once in 19. Measured with
``benchmarks/real_speech.py``:

- closeness: the seed report 0.243 (0.229 rewritten as unpunctuated speech), the demo's ten
  invented PTCE interviews 0.203–0.237, the test corpus's two 0.201 and 0.269; the ESLO1 and
  CFPP2000 interviews we coded 0.159–0.177. ``FAR_CLOSENESS`` is the middle of the gap
  between the nearest far interview and the farthest PTCE text;
- in the far interviews of the seen and third sets, a finding of TERR or INST was right 23
  times in 52, any other finding 3 times in 95 (the check set: 10 in 35 and 2 in 66). One
  match of another code reads 0.03;
- with a segment's length and its neighbours (session 42), each of the seven interviews of
  those three sets scored by the fit on the six others: micro P 0.571, R 0.262, F1 0.359 (one
  intercept fitted on all of them, as before: P 0.384, F1 0.342); a fourth set, scored once
  after these weights were fixed: P 0.171 → 0.273, R 0.182 → 0.091, F1 0.176 → 0.136. One
  match in a segment of 60 words reads 0.17 alone, 0.31 with one neighbour and 0.50 with
  three (see ``FAR_CONTEXT``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ptce_coding.tagging.relevance import Weights
from ptce_coding.tagging.settings import DEFAULT_FAR_CLOSENESS

FAR_CLOSENESS = DEFAULT_FAR_CLOSENESS
CLOSENESS_SEGMENTS = 60  # a document's closeness reads at most this many of its segments
NEARBY_WORDS = 300  # a segment's neighbours: fewer coded words than this between them


# Fitted by `benchmarks/real_speech.py --fit` on the findings in the far documents: the
# context codes' on the seen, check and third sets (speech_gold.csv, speech_check_gold.csv,
# speech_third_gold.csv; session 42), the others' intercept on the seen and third sets, their
# rule evidence weighed as on PTCE text. The meaning signals' weights stay 0. Refit there,
# never by hand.
FAR_CONTEXT = Weights(intercept=-4.09, rules=0.03, length=0.6, nearby=1.15)
FAR_OTHER = Weights(intercept=-4.06, rules=0.79)


def sample(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """At most ``CLOSENESS_SEGMENTS`` of a document's coded segments, evenly spread over it:
    enough to tell how close it is to the codebook, without encoding every segment of a long
    corpus (most of them are encoded anyway: those where the rules find something)."""
    if len(spans) <= CLOSENESS_SEGMENTS:
        return list(spans)
    step = len(spans) / CLOSENESS_SEGMENTS
    return [spans[int(k * step)] for k in range(CLOSENESS_SEGMENTS)]


def closeness(similarities: np.ndarray, words: Sequence[int]) -> float | None:
    """A document's closeness to the codebook: its segments' mean similarity to the axes
    (rows of ``AxisMeaning.similarities``), averaged weighing each segment by its ``words``;
    None for a document with no word to read."""
    weights = np.asarray(words, dtype=np.float64)
    if not len(similarities) or weights.sum() <= 0:
        return None
    return float((similarities.mean(axis=1) * weights).sum() / weights.sum())


def is_far(value: float, cut: float = FAR_CLOSENESS) -> bool:
    """Whether a document of this closeness is far from what the codebook describes."""
    return value < cut


def far_confidence(signals: dict[str, float], context: bool) -> float:
    """The confidence of a finding in a far document, from its rule evidence (the ``rules``
    signal), whether its code is a context code and, for one, the log of its segment's words
    (``length``) and of one more than the segments near it the rules found a context code in
    (``nearby``; ``surroundings``). Its other signals are not read there."""
    return (FAR_CONTEXT if context else FAR_OTHER).confidence(signals)


def surroundings(words: Sequence[int], marked: Sequence[bool]) -> list[tuple[float, int]]:
    """Per coded segment of a far document (its ``words``; ``marked``: whether the rules found
    a context code in it): the log of its words and how many other marked segments lie fewer
    than ``NEARBY_WORDS`` coded words from it (the words of the segments between them)."""
    counts = np.asarray(words, dtype=np.int64)
    ends = np.concatenate(([0], np.cumsum(counts)))  # ends[k]: words before segment k
    flags = np.concatenate(([0], np.cumsum(np.asarray(marked, dtype=np.int64))))
    found = []
    for k, count in enumerate(counts):
        # earlier segments j with ends[k] - ends[j + 1] < NEARBY_WORDS, later ones with
        # ends[j] - ends[k + 1] < NEARBY_WORDS
        first = int(np.searchsorted(ends, ends[k] - NEARBY_WORDS, side="right")) - 1
        last = int(np.searchsorted(ends, ends[k + 1] + NEARBY_WORDS, side="left"))
        first, last = max(first, 0), min(last, len(counts))
        around = int(flags[last] - flags[first]) - bool(marked[k])
        found.append((math.log(max(int(count), 1)), around))
    return found


def context_readings(
    text: str, spans: Sequence[tuple[int, int]], marked: set[int]
) -> dict[int, tuple[float, int]]:
    """Per start of a coded segment of a far document (``spans``, in order, in ``text``): the
    log of its words and how many segments near it are ``marked`` (their starts: where the
    rules found a context code), as ``surroundings`` reads them."""
    words = [len(text[start:end].split()) for start, end in spans]
    read = surroundings(words, [start in marked for start, _ in spans])
    return {start: found for (start, _), found in zip(spans, read, strict=True)}


def shown(value: float) -> str:
    """A closeness or a confidence as a message shows it: cut, not rounded, to two decimals,
    so that a value just under a threshold never reads as at it or above it (0.2068 under
    0.21 reads 0.20, not 0.21; 0.3499 under 0.35 reads 0.34)."""
    return f"{math.floor(round(value * 100, 6)) / 100:.2f}"


def shown_cut(cut: float) -> str:
    """``coding.far_closeness`` as the project sets it: 0.205 reads 0.205, not 0.20."""
    return f"{cut:g}"


def describe(value: float, cut: float, context: bool, nearby: int | None = None) -> str:
    """What a suggestion's evidence says of a far document, for a context code (with how
    many segments ``nearby`` speak of the surroundings too, when known) or another."""
    weighed = "what it says of the surroundings" if context else "rarely right there"
    if context and nearby is not None:
        count = f"{nearby} other passages" if nearby > 1 else f"{nearby or 'no'} other passage"
        weighed += f" ({count} on them nearby)"
    return (
        f"a document far from the codebook (closeness {shown(value)}, under {shown_cut(cut)}): "
        f"{weighed}"
    )
