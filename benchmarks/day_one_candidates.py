"""Which (paragraph, axis) pairs day one should score: only where a rule fires, or every one.

Usage::

    LOKY_MAX_CPU_COUNT=1 .venv/bin/python benchmarks/day_one_candidates.py [--draws 3]

Day one (no human coding) scores only the (segment, axis) pairs where a rule of the axis fires
(``tagging/relevance.py``): recall cannot pass what the rules find (0.730 on the dev set). This
checks, on the development part of the seed report only (``real_text.py``'s dev set), whether
the sentence encoder's reading of the codebook can propose the rest:

1. rule-fired pairs only, the five signals of ``relevance.SIGNALS`` (what ships);
2. every (paragraph, axis) pair, those signals plus « a rule fired » (rules 0 where none did);
3. every pair, the encoder's signals alone (no rule at all);
4. rule-fired pairs with an intercept per axis (the axes' base rates), at three strengths of
   regularisation; 5. with the rule evidence crossed with the encoder's signals;
6. rule-fired pairs with the context: the strongest rule evidence of the axis in the paragraph
   before and the one after (a topic runs over several paragraphs: in the gold, a paragraph
   after one coded MORPH, COOP or GOUV has that axis 0.69, 0.71 and 0.50 of the time, against
   base rates of 0.12, 0.16 and 0.14), then also the encoder's reading of the paragraph with
   its two neighbours.

Each by 3 draws (``--draws``) of 5 folds of paragraphs (logistic regression fitted on four
folds, scored on the fifth), micro P/R/F1 at the ten categories, per threshold. The encoder's
signals are read on each dev paragraph; the rule evidence is the strongest of the segments
overlapping it, as ``real_text.rule_signals`` finds it. EMERG is one axis of the codebook: its
pairs count as EMERG.DET, so the four EMERG.ACC gold paragraphs are never found and the figures
sit about 0.01 under ``real_text.py``'s. Nothing reads the held-out part of the report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

sys.path.insert(0, str(Path(__file__).resolve().parent))

import real_text

from ptce_coding.codebook.loader import load_codebook
from ptce_coding.tagging.relevance import AxisMeaning, axis_of
from ptce_coding.tagging.sentence_vectors import encode

SHARED = Path(__file__).resolve().parents[2] / "shared"
CODEBOOK = Path(__file__).resolve().parents[1] / "src/ptce_coding/data/ptce.yaml"
NAMES = ("rules", "similarity", "relative", "top", "excluded", "fired")
CUTS = (0.3, 0.35, 0.4, 0.45, 0.5)


def pairs(paragraphs: list[dict]) -> tuple[list[tuple[int, str]], np.ndarray, list[str]]:
    """Every (paragraph, axis) pair and its signals (columns NAMES)."""
    book = load_codebook(CODEBOOK)
    meaning = AxisMeaning(book)
    vectors = encode([p["text"] for p in paragraphs])
    toward, away = meaning.similarities(vectors), meaning.exclusions(vectors)
    found: dict[tuple[int, str], dict[str, float]] = {
        (i, axis): {**meaning.signals(toward[i], away[i], axis), "rules": 0.0, "fired": 0.0}
        for i in range(len(paragraphs))
        for axis in meaning.axes
    }
    seed = SHARED / "seed/000_bd2812c46b4043d7.txt"
    for start, end, code, values in real_text.rule_signals(seed, True):
        axis = axis_of(book, code)
        for i, paragraph in enumerate(paragraphs):
            if start < paragraph["end"] and end > paragraph["start"]:
                pair = found[(i, axis)]
                pair["rules"] = max(pair["rules"], values.get("rules", 0.0))
                pair["fired"] = 1.0
    keys = list(found)
    return keys, np.array([[found[k][n] for n in NAMES] for k in keys]), meaning.axes


def cross_validated(
    paragraphs: list[dict],
    keys: list[tuple[int, str]],
    X: np.ndarray,
    subset: np.ndarray,
    regularisation: float = 100.0,
    draws: int = 3,
) -> None:
    gold = [set(p["gold"]) for p in paragraphs]
    y = np.array([int(real_text.category(axis) in gold[i]) for i, axis in keys])
    owner = np.array([i for i, _ in keys])
    figures: dict[float, list[tuple[float, ...]]] = {cut: [] for cut in CUTS}
    for draw in range(draws):
        probability = np.zeros(len(y))
        for train, test in KFold(5, shuffle=True, random_state=draw).split(paragraphs):
            fit_on = np.isin(owner, train) & subset
            read_on = np.isin(owner, test) & subset
            model = LogisticRegression(C=regularisation, max_iter=2000)
            model.fit(X[fit_on], y[fit_on])
            probability[read_on] = model.predict_proba(X[read_on])[:, 1]
        for cut in CUTS:
            predicted: list[set[str | None]] = [set() for _ in paragraphs]
            for k, (i, axis) in enumerate(keys):
                if subset[k] and probability[k] >= cut:
                    predicted[i].add(real_text.category(axis))
            table = real_text.scores(gold, [p - {None} for p in predicted])
            figures[cut].append(table["micro"][:3])
    for cut, values in figures.items():
        p, r, f = np.mean(values, axis=0)
        print(
            f"   threshold {cut:.2f}: micro P {p:.3f} R {r:.3f} F1 {f:.3f} (mean of {draws} draws)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=3, help="fold draws per candidate")
    draws = parser.parse_args().draws
    paragraphs = real_text.read_dev(SHARED / "reference/coded-datasets/ptce-seminar-dev")
    keys, X, axes = pairs(paragraphs)
    fired = X[:, NAMES.index("fired")] > 0
    every = np.ones(len(keys), dtype=bool)
    gold = [set(p["gold"]) for p in paragraphs]
    positive = np.array([real_text.category(a) in gold[i] for i, a in keys])
    print(
        f"{len(keys)} (paragraph, axis) pairs, {positive.sum()} in the gold; a rule fires on "
        f"{fired.sum()}, {(positive & fired).sum()} of them in the gold"
    )
    signals = [0, 1, 2, 3, 4]
    print("1. rule-fired pairs, the shipped signals")
    cross_validated(paragraphs, keys, X[:, signals], fired, draws=draws)
    print("2. every pair, the shipped signals and « a rule fired »")
    cross_validated(paragraphs, keys, X, every, draws=draws)
    print("3. every pair, the encoder's signals alone")
    cross_validated(paragraphs, keys, X[:, [1, 2, 3, 4]], every, draws=draws)
    per_axis = np.array([[float(axis == a) for a in axes] for _, axis in keys])
    for regularisation in (100.0, 1.0, 0.3):
        print(f"4. rule-fired pairs, an intercept per axis (C={regularisation})")
        cross_validated(
            paragraphs, keys, np.hstack([X[:, signals], per_axis]), fired, regularisation, draws
        )
    crossed = X[:, [0]] * X[:, [1, 2, 3]]
    print("5. rule-fired pairs, rule evidence × the encoder's similarity, relative, top")
    cross_validated(paragraphs, keys, np.hstack([X[:, signals], crossed]), fired, draws=draws)
    print("6. rule-fired pairs, the rule evidence of the paragraphs before and after")
    around = neighbours(keys, X[:, NAMES.index("rules")], len(paragraphs))
    cross_validated(paragraphs, keys, np.column_stack([X[:, signals], around]), fired, draws=draws)
    print("   and the encoder's reading of the paragraph with its neighbours (relative)")
    window = window_relative(paragraphs, keys)
    cross_validated(
        paragraphs, keys, np.column_stack([X[:, signals], around, window]), fired, draws=draws
    )


def neighbours(keys: list[tuple[int, str]], values: np.ndarray, count: int) -> np.ndarray:
    """Per (paragraph, axis) pair, the highest of ``values`` for the same axis in the
    paragraph before and the one after."""
    at = {key: k for k, key in enumerate(keys)}
    return np.array(
        [
            max(
                (values[at[(j, axis)]] for j in (i - 1, i + 1) if 0 <= j < count),
                default=0.0,
            )
            for i, axis in keys
        ]
    )


def window_relative(paragraphs: list[dict], keys: list[tuple[int, str]]) -> np.ndarray:
    """Per pair, the ``relative`` signal of the paragraph read with its two neighbours."""
    meaning = AxisMeaning(load_codebook(CODEBOOK))
    texts = [p["text"] for p in paragraphs]
    vectors = encode([" ".join(texts[max(0, i - 1) : i + 2]) for i in range(len(texts))])
    toward, away = meaning.similarities(vectors), meaning.exclusions(vectors)
    return np.array([meaning.signals(toward[i], away[i], axis)["relative"] for i, axis in keys])


if __name__ == "__main__":
    main()
