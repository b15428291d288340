"""How far a score from few examples can be trusted: intervals and small-sample warnings.

F1 is read as a proportion, F1 = tp / (tp + (fp + fn) / 2), and given a Wilson score
interval on that many trials (an approximation that stays inside [0, 1] and stays wide when
the counts are small: F1 1.00 on 4 examples reads 0.51–1.00). Below ``MIN_EXAMPLES`` human
examples a score is printed with a warning that it is too few to trust.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CONFIDENCE = 0.95
MIN_EXAMPLES = 10  # positive examples (support) under which no score is worth reading alone
_Z = {0.90: 1.6449, 0.95: 1.9600, 0.99: 2.5758}


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    confidence: float = CONFIDENCE

    def __str__(self) -> str:
        return f"{self.confidence:.0%} CI {self.low:.2f}–{self.high:.2f}"


def wilson(successes: float, trials: float, confidence: float = CONFIDENCE) -> Interval | None:
    """The Wilson score interval of a proportion; None without any trial."""
    if trials <= 0:
        return None
    if confidence not in _Z:
        raise ValueError(f"confidence must be one of {sorted(_Z)}")
    z = _Z[confidence]
    share = min(max(successes / trials, 0.0), 1.0)
    centre = (share + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    half /= 1 + z * z / trials
    return Interval(max(0.0, centre - half), min(1.0, centre + half), confidence)


def f1_interval(
    true_positives: float,
    false_positives: float,
    false_negatives: float,
    confidence: float = CONFIDENCE,
) -> Interval | None:
    """An interval for F1 from its counts (see the module's note); None when all are 0."""
    trials = true_positives + (false_positives + false_negatives) / 2
    return wilson(true_positives, trials, confidence)


def f1_counts(f1: float, positives: int) -> tuple[float, float, float]:
    """(tp, fp, fn) behind an F1 on ``positives`` examples, precision taken equal to recall
    (all that a cross-validated F1 alone tells)."""
    true_positives = f1 * positives
    missed = positives - true_positives
    return true_positives, missed, missed


def too_few(examples: int | float | None) -> bool:
    return (
        examples is None
        or (isinstance(examples, float) and math.isnan(examples))
        or (examples < MIN_EXAMPLES)
    )


def caution(examples: int | float | None) -> str:
    """« » or the small-sample warning for a score on ``examples`` positive examples."""
    if not too_few(examples):
        return ""
    count = 0 if examples is None or examples != examples else int(examples)
    return f"only {count} example{'s' if count != 1 else ''}: too few to trust (< {MIN_EXAMPLES})"
