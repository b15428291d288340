"""What the assisted tagger, trained on the group's coding, says about the passages the rules
find: one score per (passage, code), whatever produced it.

A rule suggestion's confidence (``relevance.py``) is how likely the passage is about the code
from the rule evidence and the codebook's meaning. Once the group has coded, the model adds
its own evidence: how much more likely its reading of the segment is under the code than not,
the *likelihood ratio*. The two are combined as independent evidence (Bayes' rule on the odds):

    odds(confidence with the model) = odds(rule confidence) × likelihood ratio

For a code the model learned with a calibrated probability ``p`` (``classifier.py``: Platt
scaling on out-of-fold scores, so ``p`` already holds the code's base rate ``b`` in the
training segments), ``log ratio = logit(p) − logit(b)``. For a code learned from few examples
(no calibration), the classifier's own odds (its classes weighed equally, so its odds are a
ratio) are taken, scaled by how little they rest on (coded segments / ``min_positive``, as its
suggestions are). A rule suggestion of a code the model has not learned reads the nearest
learned code above it (a suggestion of GOUV.CA reads GOUV when only GOUV is learned); with
none, it keeps its rule confidence. Segments the group has coded are not read: the model was
trained on them.

Where no rule finds a code, the model's suggestion of it is read the same way: its ratio on the
odds of the code among the passages the group coded where no rule found it (``unfound_rates``),
which are lower than among all coded passages, since the rules find most of them. A
calibrated probability is thus the probability *given that no rule found the code*, compared
with the code's threshold and with ``coding.min_confidence`` (``classifier_coding``). A code
learned from few examples keeps its own scaled probability and threshold.

No weight here is fitted: the combination is the model's own calibration and the group's
coding. On the PTCE dev set (`benchmarks/real_text.py`, « after coding the blocks before ») it
lifts the rule suggestions' micro-F1 in each of the four blocks scored, and the model's own
suggestions no longer lower it.

Nor is a combination learned on the project's own coding
(``benchmarks/after_coding_combination.py``). Among the passages a rule finds, the sum of the
two log odds ranks the coded ones as well as the best linear combination fitted on the scored
passages themselves (ROC AUC 0.893 against 0.895); a logistic regression learned on the coded
part, the model's reading there out of fold, scores lower (micro-F1 0.671 to 0.696 against
0.705), and so does the threshold best on the coded part (0.699): the model's reading out of
fold is weaker than the whole model's on what follows, the coded part's share of findings that
are coded is not the next part's, and the rules' record is measured against that same coding.
What the two do not reach is where no rule finds a code: 19 of the 77 coded categories scored,
which the model ranks little above the other passages (2 in its top 10).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ptce_coding.base.coded_spans import CodedSpans
from ptce_coding.base.records import CodingRow
from ptce_coding.codebook.model import Codebook
from ptce_coding.tagging.classifier import CodeFit, SegmentCoder
from ptce_coding.tagging.training_data import SegmentItem, frame

UNKNOWN = -1
# a model reading in a suggestion's evidence, as ``ModelReading.describe`` writes it
_READ_IN_EVIDENCE = re.compile(r"\bmodel \([^(),]+, \d+ coded segments?\): ×")
LIMIT = 1e-4  # probabilities are kept in [LIMIT, 1 - LIMIT] before their logit


def logit(probability: float) -> float:
    p = min(max(probability, LIMIT), 1.0 - LIMIT)
    return math.log(p / (1.0 - p))


def log_ratio(fit: CodeFit, probability: float) -> float:
    """The model's log likelihood ratio for a code from the probability it gives a segment
    (``SegmentCoder.predict_proba``, scaled down for a code learned from few examples)."""
    if fit.scale < 1.0:
        return logit(probability / fit.scale) * fit.scale
    return logit(probability) - logit(fit.positives / (fit.positives + fit.negatives))


def with_ratio(confidence: float, ratio: float) -> float:
    """A confidence updated by a log likelihood ratio (independent evidence)."""
    value = logit(confidence) + ratio
    return 1.0 / (1.0 + math.exp(-max(min(value, 50.0), -50.0)))


@dataclass(frozen=True)
class ModelReading:
    """What the model says of one (segment, code): the code it read (the suggestion's or the
    nearest learned one above it), its log likelihood ratio and the coded segments behind it."""

    code: str
    ratio: float
    positives: int

    def describe(self) -> str:
        """The evidence a reviewer reads: « model (GOUV, 12 coded segments): ×3.2 »."""
        factor = math.exp(self.ratio)
        shown = f"{factor:.1f}" if factor >= 0.1 else f"{factor:.2f}"
        plural = "s" if self.positives != 1 else ""
        return f"model ({self.code}, {self.positives} coded segment{plural}): ×{shown}"


def weighed_by_model(rows: Iterable[CodingRow]) -> set[tuple[str, int, int, str]]:
    """Where the rows whose evidence holds the model's reading lie: (document, start, end,
    code). Read before `code` writes the rule suggestions again, to say how many of those
    the model weighed are no longer written (``no_longer_written``)."""
    return {
        (row.document, row.start, row.end, row.code)
        for row in rows
        if row.evidence and _READ_IN_EVIDENCE.search(row.evidence)
    }


def no_longer_written(weighed: set[tuple[str, int, int, str]], rows: Iterable[CodingRow]) -> int:
    """How many of ``weighed`` (``weighed_by_model``) are not among ``rows``."""
    return len(weighed - {(row.document, row.start, row.end, row.code) for row in rows})


@dataclass
class ModelView:
    """The model's log likelihood ratios on the segments it did not learn from: per (document,
    segment start), per learned code."""

    ratios: dict[tuple[str, int], dict[str, float]] = field(default_factory=dict)
    positives: dict[str, int] = field(default_factory=dict)  # learned code -> coded segments
    calibrated: set[str] = field(default_factory=set)  # codes learned with enough segments

    def reading(
        self, codebook: Codebook, document: str, start: int, code: str
    ) -> ModelReading | None:
        """The model's reading of ``code`` (or of its nearest learned ancestor) on the segment
        of ``document`` starting at ``start``; None where it has none."""
        row = self.ratios.get((document, start))
        if not row:
            return None
        lineage = [code, *codebook.above(code)]
        learned = [candidate for candidate in lineage if candidate in row]
        # a calibrated reading first (the nearest), else the nearest few-shot one
        chosen = [c for c in learned if c in self.calibrated] or learned
        if not chosen:
            return None
        return ModelReading(chosen[0], row[chosen[0]], self.positives[chosen[0]])


def model_view(
    model: SegmentCoder, items: Sequence[SegmentItem], labels: np.ndarray, codes: Sequence[str]
) -> ModelView:
    """The model's log likelihood ratios on every segment and learned code whose label is
    unknown (``labels``: n × len(codes) in {1, 0, -1}, ``training_data.label_matrix``)."""
    view = ModelView(
        positives={c: model.fits_[c].positives for c in model.codes_},
        calibrated={c for c in model.codes_ if model.fits_[c].scale >= 1.0},
    )
    targets = [int(i) for i in np.flatnonzero((labels == UNKNOWN).any(axis=1))]
    if not model.codes_ or not len(targets):
        return view
    probabilities = model.predict_proba(frame([items[i] for i in targets]))
    columns = [list(codes).index(code) for code in model.codes_]
    for row, i in zip(probabilities, targets, strict=True):
        item = items[i]
        view.ratios[(item.document, item.start)] = {
            code: log_ratio(model.fits_[code], float(row[j]))
            for j, (code, column) in enumerate(zip(model.codes_, columns, strict=True))
            if labels[i, column] == UNKNOWN
        }
    return view


def unfound_rates(
    model: SegmentCoder,
    items: Sequence[SegmentItem],
    labels: np.ndarray,
    codes: Sequence[str],
    ruled: CodedSpans,
) -> dict[str, float]:
    """Per code the model learned with a calibrated probability: the share of the segments
    the group coded (label known) where no rule suggestion of the code or of one under it lies
    (``ruled``) that have the code, one half added and one segment (Laplace)."""
    rates: dict[str, float] = {}
    for code in model.codes_:
        if model.fits_[code].scale < 1.0:
            continue
        column = labels[:, list(codes).index(code)]
        coded = [int(i) for i in np.flatnonzero(column != UNKNOWN)]
        known = [
            i
            for i in coded
            if not ruled.overlap(items[i].document, code, items[i].start, items[i].end)
        ]
        rates[code] = (float(np.sum(column[known] == 1)) + 0.5) / (len(known) + 1.0)
    return rates


def given_no_rule(fit: CodeFit, probability: float, rate: float) -> float:
    """A calibrated probability of a code, read where no rule found it: the model's ratio on
    the code's odds among such passages (``unfound_rates``)."""
    return with_ratio(rate, log_ratio(fit, probability))
