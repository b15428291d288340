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
weighed as on PTCE text, with the intercept of its kind of code (``FAR_CONTEXT``,
``FAR_OTHER``). Measured with ``benchmarks/real_speech.py``:

- closeness: the seed report 0.243 (0.229 rewritten as unpunctuated speech), the demo's ten
  invented PTCE interviews 0.203–0.237, the test corpus's two 0.201 and 0.269; the ESLO1 and
  CFPP2000 interviews we coded 0.159–0.177. ``FAR_CLOSENESS`` is the middle of the gap
  between the nearest far interview and the farthest PTCE text;
- in the far interviews of the seen and third sets, a finding of TERR or INST was right 23
  times in 52, any other finding 3 times in 95 (the check set, never fitted on: 10 in 35 and
  2 in 66). One match of a context code reads 0.43, of another code 0.03.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ptce_coding.tagging.relevance import Weights
from ptce_coding.tagging.settings import DEFAULT_FAR_CLOSENESS

FAR_CLOSENESS = DEFAULT_FAR_CLOSENESS
CLOSENESS_SEGMENTS = 60  # a document's closeness reads at most this many of its segments


# Fitted by `benchmarks/real_speech.py --fit` on the findings in the far documents of the seen
# and third sets (speech_gold.csv, speech_third_gold.csv): each kind of code's intercept.
# Only the rule evidence is read there (the meaning signals' weights stay 0). Refit there,
# never by hand.
FAR_CONTEXT = Weights(intercept=-0.84, rules=0.79)
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


def far_confidence(rules: float, context: bool) -> float:
    """The confidence of a finding in a far document, from its rule evidence (the ``rules``
    signal) and whether its code is a context code."""
    return (FAR_CONTEXT if context else FAR_OTHER).confidence({"rules": rules})


def shown(value: float) -> str:
    """A closeness or a confidence as a message shows it: cut, not rounded, to two decimals,
    so that a value just under a threshold never reads as at it or above it (0.2068 under
    0.21 reads 0.20, not 0.21; 0.3499 under 0.35 reads 0.34)."""
    return f"{math.floor(round(value * 100, 6)) / 100:.2f}"


def shown_cut(cut: float) -> str:
    """``coding.far_closeness`` as the project sets it: 0.205 reads 0.205, not 0.20."""
    return f"{cut:g}"


def describe(value: float, cut: float, context: bool) -> str:
    """What a suggestion's evidence says of a far document, for a context code or another."""
    weighed = "what it says of the surroundings" if context else "rarely right there"
    return (
        f"a document far from the codebook (closeness {shown(value)}, under {shown_cut(cut)}): "
        f"{weighed}"
    )
