"""The assisted tagger's codes fitted in several processes give the model one process gives."""

from __future__ import annotations

import random
import threading

import numpy as np

from ptce_coding.tagging.classifier import SegmentCoder

WORDS = [
    "projet",
    "territoire",
    "salarié",
    "budget",
    "réunion",
    "commune",
    "atelier",
    "marché",
    "emploi",
    "local",
]
SIGNALS = {"COOP": "mutualiser", "ECO": "subvention", "GOUV": "conseil", "FEW": "statut"}


def training_set(seed: int = 3) -> tuple[list[str], np.ndarray, list[str], list[str]]:
    """120 texts of 4 cases; COOP, ECO, GOUV planted often, FEW twice (learned few-shot
    from the examples), RARE never (skipped); a few labels unknown."""
    generator = random.Random(seed)
    codes = [*SIGNALS, "RARE"]
    texts, labels, groups = [], [], []
    for i in range(120):
        words = generator.choices(WORDS, k=12)
        row = []
        for code in codes:
            share = 0.02 if code == "FEW" else 0.3
            has = code in SIGNALS and generator.random() < share and (code != "FEW" or i < 40)
            if has:
                words.insert(generator.randrange(len(words)), SIGNALS[code])
            row.append(1 if has else 0)
        if generator.random() < 0.05:
            row[generator.randrange(len(codes))] = -1
        texts.append(" ".join(words))
        labels.append(row)
        groups.append(f"pole-{i % 4}")
    return texts, np.array(labels), codes, groups


def fitted(n_jobs: int) -> SegmentCoder:
    texts, labels, codes, groups = training_set()
    examples = ["statut juridique", "mutualiser des locaux"]
    example_labels = np.array([[0, 0, 0, 1, -1], [1, 0, 0, 0, -1]])
    return SegmentCoder(sentence_vectors=False, n_jobs=n_jobs, random_state=0).fit(
        texts, labels, codes, groups, examples=examples, example_labels=example_labels
    )


def test_the_model_is_the_same_whatever_the_number_of_processes() -> None:
    one, two = fitted(1), fitted(2)
    assert one.codes_ == two.codes_ == ["COOP", "ECO", "GOUV", "FEW"]
    assert one.skipped_ == two.skipped_ == {"RARE": 0}
    assert np.isnan(one.fits_["FEW"].cv_f1)  # learned few-shot
    for code in one.codes_:
        a, b = one.fits_[code], two.fits_[code]
        assert np.array_equal(a.classifier.coef_, b.classifier.coef_)
        assert (a.slope, a.intercept, a.threshold, a.scale) == (
            b.slope,
            b.intercept,
            b.threshold,
            b.scale,
        )
    unseen = ["on va mutualiser la subvention", "le conseil vote le budget"]
    assert np.array_equal(one.predict_proba(unseen), two.predict_proba(unseen))
    assert one.predict(unseen)[0, 0] == 1  # the planted signal is learned


def test_the_fit_s_processes_end_with_it() -> None:
    """Before: loky's threads outlived the fit, so the sentence encoder, which forks only a
    process without threads, no longer encoded on several processes
    (test_sentence_vectors.py::test_many_texts_are_encoded_on_two_processes_alike failed
    after this file)."""
    fitted(2)
    assert threading.active_count() == 1, [t.name for t in threading.enumerate()]
