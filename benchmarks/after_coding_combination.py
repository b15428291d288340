"""Why the model adds little to the rules once the group has coded, measured (issue 17).

Usage::

    LOKY_MAX_CPU_COUNT=1 .venv/bin/python benchmarks/after_coding_combination.py
        [--dev ../shared/reference/coded-datasets/ptce-seminar-dev]
        [--seed-text ../shared/seed/000_bd2812c46b4043d7.txt] [--blocks 5] [--folds 5]

The protocol of ``real_text.py``'s « after coding the blocks before »: the dev paragraphs in
``--blocks`` consecutive blocks; for each block after the first, a fresh project imports the
gold codings of the blocks before it; the rules run on the whole report with the rules'
record against that coding (as `code` does), the model is trained on it (as `suggest` does).
Scored at the level of the ten categories on the paragraphs of the block, pooled over blocks:

1. the rules before the model, and weighed by it as `suggest` does today
   (``model_evidence.with_ratio``: the rule's odds times the model's likelihood ratio);
2. within the (paragraph, category) pairs a rule finds: how well the rule confidence, the
   model's log ratio and today's sum rank the gold (ROC AUC), and the best linear combination
   *fitted on those scored pairs themselves* (a ceiling, not a method);
3. today's weighed confidence at other thresholds (read on the scored pairs: a ceiling too);
4. a combination learned on the project's own coding, as a project could: a logistic
   regression of « the category is coded » on (logit rule confidence, model log ratio) over
   the coded paragraphs' rule findings, the model's ratio there read out of fold (the model
   refitted ``--folds`` times without a fold of consecutive coded segments), falling back to
   today's sum with fewer than 10 coded pairs of either class; also with the rule confidence
   on the coded part read without the coding's own record (``Scoring.human`` empty: the
   record is measured against that very coding), with the rule's coefficient fixed at 1
   (learning only an offset and the model's weight, shrunk towards today's 0 and 1), and the
   threshold that maximises F1 on the coded part;
5. what no combination reaches: the gold pairs of the scored paragraphs that no rule finds,
   and how the model ranks them among all pairs without a rule finding.

Nothing here reads the held-out part of the report (after code point 25642).
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

import real_text

from ptce_coding.analysis.unread_reference import as_suggested
from ptce_coding.app.project import load_project
from ptce_coding.app.workflow import human_coding
from ptce_coding.base.language import DocCache, load_pipeline
from ptce_coding.codebook.model import Codebook
from ptce_coding.store import Store
from ptce_coding.tagging.classifier_coding import codebook_codes, examples_for, language_cache
from ptce_coding.tagging.model_evidence import ModelView, logit, model_view, with_ratio
from ptce_coding.tagging.relevance import rule_records
from ptce_coding.tagging.rule_coding import Scoring, code_with_rules
from ptce_coding.tagging.rules import RuleTagger
from ptce_coding.tagging.saved_model import segment_coder
from ptce_coding.tagging.training_data import (
    frame,
    human_coded_documents,
    label_matrix,
    segment_items,
)

MINIMUM = 10  # coded pairs of each class below which a learned combination falls back


@dataclass
class Pair:
    """A (paragraph, category) a rule finds: the finding that today's sum ranks highest."""

    paragraph: int
    category: str
    gold: bool
    rule: float  # logit of the rule confidence (before the model)
    ratio: float  # the model's log likelihood ratio (0: no reading)


@dataclass
class Block:
    scored: list[dict]
    tested: list[Pair]  # the scored paragraphs' pairs, the model trained on the coded part
    coded: list[Pair]  # the coded paragraphs' pairs, the model's ratio out of fold
    coded_recordless: list[Pair]  # the same, rule confidences without the coding's record
    unfound: list[tuple[bool, float]] = field(default_factory=list)  # (gold, best ratio)


def pairs(
    paragraphs: list[dict],
    findings: list[tuple[int, int, int, str, float]],
    view: ModelView,
    book: Codebook,
    document: str,
) -> list[Pair]:
    """Per paragraph and category a rule finds: its pair (``findings``: segment start, passage
    start, end, code, rule confidence)."""
    best: dict[tuple[int, str], Pair] = {}
    for paragraph in paragraphs:
        for segment, start, end, code, confidence in findings:
            name = real_text.category(code)
            if name is None or not (start < paragraph["end"] and end > paragraph["start"]):
                continue
            reading = view.reading(book, document, segment, code)
            pair = Pair(
                paragraph["i"],
                name,
                name in paragraph["gold"],
                logit(confidence),
                reading.ratio if reading else 0.0,
            )
            key = (paragraph["i"], name)
            if key not in best or pair.rule + pair.ratio > best[key].rule + best[key].ratio:
                best[key] = pair
    return list(best.values())


def rule_findings(
    store: Store, book: Codebook, nlp: Any, cache_path: Path, human: dict
) -> list[tuple]:
    """Every rule finding (min_confidence 0), its confidence before any model."""
    scoring = Scoring(
        min_confidence=0.0,
        vectors_folder=cache_path / "vectors",
        records=rule_records(
            as_suggested(
                store.coding_rows(methods=["rule"], with_text=False),
                store.threshold_acceptances(),
            )
        ),
        human=human,
        write=False,
    )
    run = code_with_rules(
        store, book, RuleTagger(book, nlp), DocCache(cache_path / "docs", nlp), scoring=scoring
    )
    segments = {d.name: [(s.start, s.end) for s in store.segments(d.id)] for d in store.documents()}
    found = []
    for _, c in run.suggestions:
        segment = next(s for s, e in segments[c.document] if s <= c.start < e)
        found.append((segment, c.start, c.end, c.code, c.confidence or 0.0))
    return found


def one_block(
    seed_text: Path,
    gold_rows: list[dict],
    paragraphs: list[dict],
    block: int,
    size: int,
    folds: int,
) -> Block:
    before_end = paragraphs[block * size]["start"]
    scored = paragraphs[block * size : (block + 1) * size]
    coded = [p for p in paragraphs if p["end"] <= before_end]
    with tempfile.TemporaryDirectory() as tmp:
        root = real_text.new_project(Path(tmp) / "p")
        real_text.invoke(
            ["--quiet", "import", str(seed_text), "--case", "seminaire", "--project", str(root)]
        )
        training = Path(tmp) / "gold.csv"
        with training.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(gold_rows[0]))
            writer.writeheader()
            writer.writerows(r for r in gold_rows if int(r["end"]) <= before_end)
        real_text.invoke(["--quiet", "codings", "import", str(training), "--project", str(root)])
        project = load_project(root)
        book = project.load_codebook()
        settings = project.model_settings()
        nlp = load_pipeline()
        with project.open_store(create=False) as store:
            document = store.documents()[0].name
            found = rule_findings(store, book, nlp, project.cache_path, human_coding(store))
            recordless = rule_findings(store, book, nlp, project.cache_path, {})
            cache, _ = language_cache(project.cache_path, project.coding.language)
            items = segment_items(store, cache, interviewer_turns=False)
            codings = store.coding_rows()
        codes = codebook_codes(book)
        labels = label_matrix(
            items, codes, codings, coded_documents=human_coded_documents(codings), above=book.above
        )
        texts = frame(items)
        examples, example_labels = examples_for(book, codes, cache.nlp, settings)

        def fitted(rows: np.ndarray):
            return segment_coder(settings).fit(
                texts.iloc[rows],
                labels[rows],
                codes,
                examples=examples,
                example_labels=example_labels,
            )

        labelled = np.flatnonzero((labels != -1).any(axis=1))
        view = model_view(fitted(labelled), items, labels, codes)
        out_of_fold = ModelView()
        for part in np.array_split(labelled, folds):  # folds of consecutive coded segments
            hidden = labels.copy()
            hidden[part] = -1
            try:
                fold_view = model_view(fitted(np.setdiff1d(labelled, part)), items, hidden, codes)
            except ValueError:
                continue
            out_of_fold.positives.update(fold_view.positives)
            out_of_fold.calibrated |= fold_view.calibrated
            for i in part:
                key = (items[i].document, items[i].start)
                if key in fold_view.ratios:
                    out_of_fold.ratios[key] = fold_view.ratios[key]
    result = Block(
        scored,
        pairs(scored, found, view, book, document),
        pairs(coded, found, out_of_fold, book, document),
        pairs(coded, recordless, out_of_fold, book, document),
    )
    ruled = {(p.paragraph, p.category) for p in result.tested}
    for paragraph in scored:
        starts = [
            i.start for i in items if i.start < paragraph["end"] and i.end > paragraph["start"]
        ]
        for name in real_text.CATEGORIES:
            if (paragraph["i"], name) in ruled:
                continue
            readings = [view.reading(book, document, s, name) for s in starts]
            ratios = [r.ratio for r in readings if r is not None]
            if ratios:
                result.unfound.append((name in paragraph["gold"], max(ratios)))
    return result


def f1_line(name: str, blocks: list[Block], chosen) -> float:
    """Micro P/R/F1 over the scored paragraphs: a category is predicted where ``chosen(block,
    pair)`` holds."""
    gold, predicted = [], []
    for block in blocks:
        kept = {(p.paragraph, p.category) for p in block.tested if chosen(block, p)}
        for paragraph in block.scored:
            gold.append(set(paragraph["gold"]))
            predicted.append({c for c in real_text.CATEGORIES if (paragraph["i"], c) in kept})
    p, r, f, support, count = real_text.scores(gold, predicted)["micro"]
    print(f"  {name}: P {p:.3f} R {r:.3f} F1 {f:.3f} (support {support}, predicted {count})")
    return f


def sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(value, 50.0), -50.0)))


def learned(coded: list[Pair], fixed_rule: bool) -> tuple[float, float, float] | None:
    """(a, b, w) of sigmoid(a + b × rule + w × ratio) learned on the coded pairs; None where
    too few of either class."""
    y = np.array([p.gold for p in coded], dtype=int)
    if min(y.sum(), len(y) - y.sum()) < MINIMUM:
        return None
    X = np.array([[p.rule, p.ratio] for p in coded])
    if not fixed_rule:
        model = LogisticRegression(C=1.0).fit(X, y)
        return float(model.intercept_[0]), float(model.coef_[0, 0]), float(model.coef_[0, 1])

    def loss(theta: np.ndarray) -> float:
        z = theta[0] + X[:, 0] + theta[1] * X[:, 1]
        prior = 0.5 * (theta[0] ** 2 + (theta[1] - 1.0) ** 2)  # towards today's sum
        return float(np.sum(np.logaddexp(0, z) - y * z) + prior)

    a, w = minimize(loss, np.array([0.0, 1.0])).x
    return float(a), 1.0, float(w)


def main() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dev", type=Path, default=shared / "reference/coded-datasets/ptce-seminar-dev"
    )
    parser.add_argument("--seed-text", type=Path, default=shared / "seed/000_bd2812c46b4043d7.txt")
    parser.add_argument("--blocks", type=int, default=5)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=0.35)
    args = parser.parse_args()
    paragraphs = real_text.read_dev(args.dev)
    rows = list(csv.DictReader((args.dev / "codings.csv").open(encoding="utf-8")))
    gold_rows = [row for row in rows if row["coder"] == "gold"]
    size = -(-len(paragraphs) // args.blocks)
    blocks = [
        one_block(args.seed_text, gold_rows, paragraphs, b, size, args.folds)
        for b in range(1, args.blocks)
    ]
    cut = args.threshold
    scored = sum(len(b.scored) for b in blocks)
    print(f"after coding the blocks before ({scored} paragraphs scored), threshold {cut}")
    f1_line("rules before the model", blocks, lambda b, p: sigmoid(p.rule) >= cut)
    f1_line("rules weighed by the model (today)", blocks, lambda b, p: today(p) >= cut)
    for number, block in enumerate(blocks, start=2):
        f1_line(f"block {number}, before the model", [block], lambda b, p: sigmoid(p.rule) >= cut)
        f1_line(f"block {number}, weighed (today)", [block], lambda b, p: today(p) >= cut)

    tested = [p for b in blocks for p in b.tested]
    y = np.array([p.gold for p in tested], dtype=int)
    X = np.array([[p.rule, p.ratio] for p in tested])
    ceiling = LogisticRegression(C=100.0).fit(X, y)
    print(
        f"\n  pairs a rule finds in the scored paragraphs: {len(y)}, {y.sum()} coded; ROC AUC: "
        f"rule {roc_auc_score(y, X[:, 0]):.3f}, model ratio {roc_auc_score(y, X[:, 1]):.3f}, "
        f"today's sum {roc_auc_score(y, X.sum(axis=1)):.3f}, best linear fitted on these "
        f"pairs {roc_auc_score(y, ceiling.decision_function(X)):.3f} (rule "
        f"{ceiling.coef_[0, 0]:.2f}, ratio {ceiling.coef_[0, 1]:.2f}, intercept "
        f"{ceiling.intercept_[0]:.2f})"
    )
    for other in (0.2, 0.25, 0.3, 0.4, 0.5):
        f1_line(
            f"today's weighing at {other} (read on the scored pairs)",
            blocks,
            lambda b, p, t=other: today(p) >= t,
        )

    print("\n  learned on the project's own coding (fallback to today's with too few pairs)")
    for name, source, fixed in (
        ("logistic regression", "coded", False),
        (
            "logistic regression, coded part's rules without the coding's record",
            "recordless",
            False,
        ),
        ("offset and model weight, rule coefficient 1", "coded", True),
    ):
        weights = {
            id(b): learned(getattr(b, "coded" if source == "coded" else "coded_recordless"), fixed)
            for b in blocks
        }
        said = "; ".join(
            "fallback" if w is None else f"a {w[0]:.2f} b {w[1]:.2f} w {w[2]:.2f}"
            for w in weights.values()
        )
        f1_line(f"{name} [{said}]", blocks, lambda b, p, W=weights: combined(W[id(b)], p) >= cut)
    thresholds = {id(b): coded_threshold(b) for b in blocks}
    said = ", ".join(f"{t:.2f}" for t in thresholds.values())
    f1_line(
        f"today's weighing, threshold best on the coded part [{said}]",
        blocks,
        lambda b, p: today(p) >= thresholds[id(b)],
    )

    unfound = [u for b in blocks for u in b.unfound]
    ranked = sorted(unfound, key=lambda u: -u[1])
    top = {k: sum(g for g, _ in ranked[:k]) for k in (10, 20, 50)}
    gold_total = sum(len(p["gold"]) for b in blocks for p in b.scored)
    print(
        f"\n  gold pairs no rule finds: {gold_total - int(y.sum())} of {gold_total}; among the "
        f"{len(unfound)} pairs without a rule finding that the model reads "
        f"({sum(g for g, _ in unfound)} coded), coded ones in its top 10/20/50 by ratio: "
        f"{top[10]}/{top[20]}/{top[50]}"
    )


def today(pair: Pair) -> float:
    return with_ratio(sigmoid(pair.rule), pair.ratio)


def combined(weights: tuple[float, float, float] | None, pair: Pair) -> float:
    if weights is None:
        return today(pair)
    a, b, w = weights
    return sigmoid(a + b * pair.rule + w * pair.ratio)


def coded_threshold(block: Block) -> float:
    """The threshold on today's weighing that maximises F1 over the coded part's pairs (the
    coded categories no rule finds counted as missed); 0.35 with too few pairs."""
    y = np.array([p.gold for p in block.coded], dtype=bool)
    if min(y.sum(), len(y) - y.sum()) < MINIMUM:
        return 0.35
    score = np.array([today(p) for p in block.coded])
    missed = 0  # the coded categories without a rule finding do not change the best cut
    best = max(
        (2 * np.sum((score >= t) & y) / (y.sum() + missed + np.sum(score >= t)), -t)
        for t in np.arange(0.1, 0.8, 0.05)
    )
    return -best[1]


if __name__ == "__main__":
    main()
