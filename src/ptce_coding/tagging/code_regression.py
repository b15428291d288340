"""One code's logistic regression: the parameters of its fit (``FitPlan``, sent to a worker
process), the regression itself, and its training rows with the codebook's examples."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression


@dataclass(frozen=True)
class FitPlan:
    """The parameters of one code's fit (a SegmentCoder's), sent to a worker process."""

    C: float
    folds: int
    min_positive: int
    random_state: int


def logistic_regression(plan: FitPlan) -> LogisticRegression:
    """liblinear solves the dual problem: there are far more features (n-grams) than
    segments, where the primal's Newton steps cost ten to thirty times as long for the
    same optimum (``benchmarks/group_scale.py``)."""
    return LogisticRegression(
        C=plan.C,
        class_weight="balanced",
        solver="liblinear",
        dual=True,
        max_iter=1000,
        random_state=plan.random_state,
    )


def with_examples(
    features: sparse.csr_matrix, y: np.ndarray, given: tuple[sparse.csr_matrix, np.ndarray] | None
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Training rows with the codebook's examples appended."""
    if given is None:
        return features, y
    return sparse.vstack([features, given[0]]).tocsr(), np.concatenate([y, given[1]])
