"""The assisted tagger: one binary decision per code over segment texts (multi-label).

Features are TF-IDF weights of word n-grams of the lemmas and of character n-grams (within
words), so that « mutualiser », « mutualisation » and a typo share evidence, and the segment's
sentence vector (``sentence_vectors.py``: a multilingual sentence encoder reading the text
itself), so that passages saying the same thing in other words meet. Each code gets a
logistic regression with balanced class weights. Out-of-fold scores from a cross-validation on
the training data only give, per code, a sigmoid calibration (Platt) of the score into a
probability, and the probability threshold that maximises F1 (``calibration``; each code's
regression and its parameters: ``code_regression``). Nothing here sees test data.

Texts: either lemma texts (a sequence of strings, read by every feature) or a DataFrame with
columns ``lemmas`` (for the n-grams) and ``text`` (the words as said, for the sentence vector).

Labels: ``Y[i, j]`` is 1 (segment i has code j), 0 (it does not) or -1 (unknown: the segment
is left out of code j's training set, e.g. a segment only reviewed for another code).

The codebook's own words can be given as *examples* (a code's label, definition and examples,
labelled like segments): they are added to the training set of every fit, inner folds
included, but never scored, so the calibration and thresholds rest on the coded segments only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from joblib import Parallel, cpu_count, delayed
from joblib.externals.loky import get_reusable_executor
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from ptce_coding.tagging.calibration import (
    best_threshold,
    out_of_fold_scores,
    platt_sigmoid,
    sigmoid,
)
from ptce_coding.tagging.code_regression import FitPlan, logistic_regression, with_examples
from ptce_coding.tagging.sentence_vectors import SentenceVectors

UNKNOWN = -1
# the features' non-zero values × codes from which a fit's codes go to separate processes:
# about 8 s of fits in one process (``benchmarks/group_scale.py``), where starting the
# workers costs about 1 s
PARALLEL_WORK = 20_000_000
COLUMNS = ("lemmas", "text")

Texts = Sequence[str] | pd.DataFrame


def as_frame(X: Texts) -> pd.DataFrame:
    """The model's input as a frame: lemma texts alone are also the text."""
    if isinstance(X, pd.DataFrame):
        missing = set(COLUMNS) - set(X.columns)
        if missing:
            raise ValueError(f"the texts lack the columns {sorted(missing)}")
        return X.loc[:, list(COLUMNS)].reset_index(drop=True)
    lemmas = [str(x) for x in X]
    return pd.DataFrame({"lemmas": lemmas, "text": lemmas})


@dataclass(frozen=True)
class CodeFit:
    """What was learned for one code."""

    classifier: LogisticRegression
    slope: float  # Platt calibration: p = 1 / (1 + exp(-(slope * score + intercept)))
    intercept: float
    threshold: float  # on the calibrated probability
    positives: int
    negatives: int
    cv_f1: float  # F1 of the out-of-fold decisions at the chosen threshold (nan: few-shot)
    # A code with fewer coded segments than min_positive is learned from them and the
    # codebook's examples, without cross-validation: its probability is scaled by
    # positives / min_positive, so that its confidence says how little it rests on.
    scale: float = 1.0

    def bounded(self, probabilities: np.ndarray) -> np.ndarray:
        """Calibrated probabilities kept within what the code's numbers of examples support:
        from 1 / (N- + 2) to (N+ + 1) / (N+ + 2), Laplace's rule of succession and Platt's
        own targets (``platt_sigmoid``): a score beyond those of every coded segment reads no
        surer than the surest of them (7/8 for a code of 6 coded segments). A code learned
        from few examples is scaled instead (``scale``)."""
        if self.scale < 1.0:
            return probabilities
        low, high = 1 / (self.negatives + 2), (self.positives + 1) / (self.positives + 2)
        return np.clip(probabilities, low, high)


class SegmentCoder(BaseEstimator):
    """Multi-label segment coder; ``fit`` returns self, learned attributes end in ``_``.

    Parameters: ``min_positive`` segments for a code to be learned with a calibrated
    probability (fewer, but at least one, and the codebook gives examples of it: learned
    *few-shot*, its confidence scaled down by positives / min_positive; none: skipped);
    ``C`` the inverse regularisation of each logistic regression; ``folds`` of the
    inner cross-validation; n-gram ranges of words and characters; ``sentence_vectors`` to
    read each text's sentence vector too; ``random_state``; ``n_jobs`` processes for the
    codes' fits (None: one per core when the fits are long, else one); the fits, hence the
    model, are the same whatever the number of processes.
    """

    def __init__(
        self,
        *,
        min_positive: int = 5,
        C: float = 10.0,
        folds: int = 5,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (2, 5),
        sentence_vectors: bool = True,
        random_state: int = 0,
        n_jobs: int | None = None,
    ) -> None:
        self.min_positive = min_positive
        self.C = C
        self.folds = folds
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.sentence_vectors = sentence_vectors
        self.random_state = random_state
        self.n_jobs = n_jobs

    def fit(
        self,
        X: Texts,
        Y: np.ndarray,
        codes: Sequence[str],
        groups: Sequence[str] | None = None,
        examples: Texts = (),
        example_labels: np.ndarray | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> SegmentCoder:
        """Learn every code with enough positive segments. ``X``: n texts; ``Y``: n × k
        labels in {1, 0, -1}; ``codes``: the k code ids; ``groups`` (n): cases or documents,
        kept whole in the inner folds when there are enough of them; ``examples`` (m texts)
        with ``example_labels`` (m × k): the codebook's words, always trained on, never
        scored; ``progress(done, total)`` is called as each code's fit ends."""
        X, examples = as_frame(X), as_frame(examples)
        Y = np.asarray(Y)
        if Y.shape != (len(X), len(codes)):
            raise ValueError(f"Y has shape {Y.shape}, expected ({len(X)}, {len(codes)})")
        extra_Y = (
            np.asarray(example_labels)
            if example_labels is not None
            else np.zeros((0, len(codes)), dtype=int)
        )
        if extra_Y.shape != (len(examples), len(codes)):
            raise ValueError(f"example labels have shape {extra_Y.shape}")
        labelled = (Y != UNKNOWN).any(axis=1)
        self.vectorizer_ = self._vectorizer()
        if not labelled.any():
            raise ValueError("no labelled segment to learn from")
        self.vectorizer_.fit(pd.concat([X.iloc[np.flatnonzero(labelled)], examples]))
        features = self.vectorizer_.transform(X)
        extra = self.vectorizer_.transform(examples) if len(examples) else None
        self.fits_: dict[str, CodeFit] = {}
        self.skipped_: dict[str, int] = {}
        group_array = np.asarray(groups) if groups is not None else None
        plan = FitPlan(self.C, self.folds, self.min_positive, self.random_state)
        tasks = []
        for j in range(len(codes)):
            rows = np.flatnonzero(Y[:, j] != UNKNOWN)
            given = None
            if extra is not None:
                known = np.flatnonzero(extra_Y[:, j] != UNKNOWN)
                if len(known):
                    given = (extra[known], extra_Y[known, j].astype(int))
            row_groups = group_array[rows] if group_array is not None else None
            tasks.append((rows, Y[rows, j].astype(int), row_groups, given))
        stored = features.nnz if sparse.issparse(features) else features.size
        jobs = self._jobs(stored * len(codes))
        # each fit seeds liblinear's random generator, global to a process: fits in separate
        # processes are the same as one after the other (threads would share it)
        fitted = Parallel(n_jobs=jobs, return_as="generator")(
            delayed(fit_one_code)(plan, features, *task) for task in tasks
        )
        for done, (code, (_, y, _, _), fit) in enumerate(
            zip(codes, tasks, fitted, strict=True), start=1
        ):
            if progress is not None:
                progress(done, len(codes))
            if fit is None:
                self.skipped_[code] = int(y.sum())
            else:
                self.fits_[code] = fit
        if jobs != 1:
            # the workers and their threads end with the fit: a process with threads left
            # would not fork the sentence encoder's workers (sentence_vectors._can_fork)
            get_reusable_executor().shutdown(wait=True)
        self.codes_ = list(self.fits_)
        self.thresholds_ = np.array([self.fits_[c].threshold for c in self.codes_])
        return self

    def _vectorizer(self) -> ColumnTransformer:
        """Each block has unit norm per text: word n-grams, character n-grams, and (if asked)
        the sentence vector."""
        blocks = [
            (
                "word",
                TfidfVectorizer(
                    ngram_range=self.word_ngrams,
                    sublinear_tf=True,
                    token_pattern=r"(?u)\b\w\w+\b",
                ),
                "lemmas",
            ),
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=self.char_ngrams,
                    sublinear_tf=True,
                    min_df=2,
                ),
                "lemmas",
            ),
        ]
        if self.sentence_vectors:
            blocks.append(("sentence", SentenceVectors(), "text"))
        return ColumnTransformer(blocks, sparse_threshold=1.0)

    def _jobs(self, work: int) -> int:
        """Processes for the codes' fits: ``n_jobs`` if given, else one per core (at most 8)
        when the fits are long (``work``: the features' non-zero values × codes), one when
        starting processes would cost more than it saves."""
        if self.n_jobs is not None:
            return self.n_jobs
        return min(cpu_count(), 8) if work >= PARALLEL_WORK else 1

    def transform(self, X: Texts) -> sparse.csr_matrix:
        return sparse.csr_matrix(self.vectorizer_.transform(as_frame(X)))

    def predict_proba(self, X: Texts) -> np.ndarray:
        """n × len(codes_) calibrated probabilities."""
        return self._probabilities(self.transform(X))

    def _probabilities(self, features: sparse.csr_matrix) -> np.ndarray:
        columns = [
            fit.scale
            * fit.bounded(
                sigmoid(fit.slope * fit.classifier.decision_function(features) + fit.intercept)
            )
            for fit in (self.fits_[c] for c in self.codes_)
        ]
        return np.column_stack(columns) if columns else np.zeros((features.shape[0], 0))

    def predict(self, X: Texts) -> np.ndarray:
        """n × len(codes_) decisions (0/1) at each code's threshold."""
        return (self.predict_proba(X) >= self.thresholds_).astype(int)

    def evidence(self, X: Texts, code: str, top: int = 5) -> list[list[str]]:
        """For each text, the terms that weighed most towards ``code`` (word n-grams first;
        character n-grams, quoted, only when no word pushed towards the code). The sentence
        vector's share is not a term and is left out."""
        features = self.transform(X)
        weights = self.fits_[code].classifier.coef_[0]
        names = self.vectorizer_.get_feature_names_out()
        result = []
        for i in range(features.shape[0]):
            row = features.getrow(i)
            contributions = sorted(
                (
                    (row.data[k] * weights[index], names[index])
                    for k, index in enumerate(row.indices)
                    if row.data[k] * weights[index] > 0
                ),
                reverse=True,
            )
            words = [name.split("__", 1)[1] for _, name in contributions if name[:6] == "word__"]
            chars = [
                f"«{name.split('__', 1)[1]}»" for _, name in contributions if name[:6] == "char__"
            ]
            result.append((words or chars)[:top])
        return result


def fit_one_code(
    plan: FitPlan,
    features: sparse.csr_matrix,
    rows: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray | None,
    given: tuple[sparse.csr_matrix, np.ndarray] | None,
) -> CodeFit | None:
    """One code's fit on its labelled ``rows`` of ``features`` (labels ``y``): calibrated by
    inner cross-validation when it has ``min_positive`` positives, few-shot when it has fewer
    but the codebook gives examples of it, else None (skipped)."""
    features = features[rows]
    positives, negatives = int(y.sum()), int(len(y) - y.sum())
    if positives < max(plan.min_positive, 2) or negatives < 2:
        if positives >= 1 and negatives >= 2 and given is not None and given[1].any():
            return _fit_few_shot(plan, features, y, given)
        return None
    return _fit_code(plan, features, y, groups, given)


def _fit_code(
    plan: FitPlan,
    features: sparse.csr_matrix,
    y: np.ndarray,
    groups: np.ndarray | None,
    given: tuple[sparse.csr_matrix, np.ndarray] | None = None,
) -> CodeFit:
    scores = out_of_fold_scores(plan, features, y, groups, given)
    slope, intercept = platt_sigmoid(scores, y)
    positives = int(y.sum())
    unfitted = CodeFit(
        logistic_regression(plan), slope, intercept, 0.5, positives, len(y) - positives, 0
    )
    probabilities = unfitted.bounded(sigmoid(slope * scores + intercept))
    threshold, cv_f1 = best_threshold(probabilities, y)
    classifier = logistic_regression(plan).fit(*with_examples(features, y, given))
    return CodeFit(classifier, slope, intercept, threshold, positives, len(y) - positives, cv_f1)


def _fit_few_shot(
    plan: FitPlan,
    features: sparse.csr_matrix,
    y: np.ndarray,
    given: tuple[sparse.csr_matrix, np.ndarray],
) -> CodeFit:
    """A code with few coded segments: the classifier's own probability (no calibration
    data), scaled by positives / min_positive, threshold 0.5 scaled alike."""
    classifier = logistic_regression(plan).fit(*with_examples(features, y, given))
    positives = int(y.sum())
    scale = positives / max(plan.min_positive, 2)
    return CodeFit(
        classifier, 1.0, 0.0, 0.5 * scale, positives, len(y) - positives, float("nan"), scale
    )
