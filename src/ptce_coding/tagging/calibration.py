"""A code's probability, learned on the training data only: the out-of-fold scores of an
inner cross-validation, the Platt sigmoid that reads them as probabilities, and the
probability threshold that maximises F1."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from ptce_coding.tagging.code_regression import FitPlan, logistic_regression, with_examples


def platt_sigmoid(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The sigmoid (slope, intercept) that reads out-of-fold ``scores`` as probabilities,
    fitted as Platt (1999) does: towards the targets (N+ + 1) / (N+ + 2) for the N+ positives
    and 1 / (N- + 2) for the N- negatives rather than 1 and 0, each segment counted as
    positive with its target's weight and negative with the rest. With few coded segments, a
    code the scores happen to separate perfectly would otherwise get a vertical sigmoid and
    probabilities of 0.9999 on anything alike: its probabilities now stay within what its
    numbers of examples can support (at most 7/8 for 6 coded segments, on scores like
    theirs)."""
    positives = int(y.sum())
    negatives = len(y) - positives
    targets = np.where(y == 1, (positives + 1) / (positives + 2), 1 / (negatives + 2))
    column = np.concatenate([scores, scores]).reshape(-1, 1)
    labels = np.concatenate([np.ones(len(y)), np.zeros(len(y))])
    weights = np.concatenate([targets, 1 - targets])
    calibration = LogisticRegression(C=1e4, solver="lbfgs")
    calibration.fit(column, labels, sample_weight=weights)
    return float(calibration.coef_[0, 0]), float(calibration.intercept_[0])


def out_of_fold_scores(
    plan: FitPlan,
    features: sparse.csr_matrix,
    y: np.ndarray,
    groups: np.ndarray | None,
    given: tuple[sparse.csr_matrix, np.ndarray] | None = None,
) -> np.ndarray:
    n_splits = int(min(plan.folds, y.sum(), len(y) - y.sum()))
    splitter: StratifiedKFold | StratifiedGroupKFold
    if groups is not None and len(set(groups.tolist())) >= n_splits:
        splitter = StratifiedGroupKFold(n_splits, shuffle=True, random_state=plan.random_state)
        splits = splitter.split(features, y, groups)
    else:
        splitter = StratifiedKFold(n_splits, shuffle=True, random_state=plan.random_state)
        splits = splitter.split(features, y)
    scores = np.zeros(len(y))
    for train, test in splits:
        if len(set(y[train].tolist())) < 2:
            continue  # a fold without both classes: its scores stay neutral
        classifier = logistic_regression(plan).fit(*with_examples(features[train], y[train], given))
        scores[test] = classifier.decision_function(features[test])
    return scores


def sigmoid(values: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(values, -500, 500)))


def best_threshold(probabilities: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The probability threshold maximising F1 on out-of-fold probabilities: halfway between
    the cut's probability and the next lower one (a margin for unseen segments)."""
    order = np.argsort(-probabilities, kind="stable")
    ranked, truth = probabilities[order], y[order]
    true_positives = np.cumsum(truth)
    # a cut can only fall where the probability changes (ties are decided together)
    ends = np.flatnonzero(np.r_[ranked[1:] != ranked[:-1], True])
    f1 = 2 * true_positives[ends] / (truth.sum() + ends + 1)
    best = int(np.argmax(f1))
    cut = ranked[ends[best]]
    lower = ranked[ends[best] + 1] if ends[best] + 1 < len(ranked) else cut
    threshold = min(max(float((cut + lower) / 2), 0.05), 0.95)
    return threshold, float(f1[best])
