"""Automatic coding on real text: the PTCE development set, and speech that is not about PTCE.

Usage::

    .venv/bin/python benchmarks/real_text.py
        [--dev ../shared/reference/coded-datasets/ptce-seminar-dev]
        [--seed-text ../shared/seed/000_bd2812c46b4043d7.txt]
        [--transcripts ../shared/reference/transcripts] [--fit] [--folds 5] [--repeats 3]

1. **Day one on the dev set** (no human coding). A fresh project imports the seed seminar
   report whole (as a user would), runs the rules (`code`), and its suggestions on the 109
   paragraphs of the development part (code points 0–25642) are scored against the adjudicated
   gold at the level of the ten categories of ``coding_instructions.md`` (a code counts for
   the category it sits under; EMERG itself counts as EMERG.DET). A paragraph has a category
   when a suggestion of it overlaps the paragraph. Per category and micro/macro P/R/F1, at the
   project's default threshold (``coding.min_confidence``), with the weights shipped in
   ``tagging/relevance.py``.
2. **The weights, cross-validated** (``--fit``). The signals of every (segment, code) the rules
   find are kept; a logistic regression of « the code's category is in the gold » on them is
   fitted in K folds of paragraphs (repeated with other fold draws) and scored on the held-out
   folds only, then fitted on all 109 paragraphs: those are the weights to ship. Both with and
   without sentence vectors. Then suggestions from the codebook's meaning where no rule fires
   (``meaning_only``): every (paragraph, axis) with no rule finding, scored by the encoder's
   signals alone with their own calibration, cross-validated on the same folds and added to
   the rules' suggestions at several thresholds (not shipped: they add no right category).
3. **The assisted tagger by cross-validation**: the segment coder trained on the gold of the
   other folds' paragraphs (the codebook's own words as examples), scored on the held-out fold.
4. **The dev set said**: the same day one on the dev paragraphs rewritten with the marks of
   speech at the rates measured in the ESLO and CFPP interviews (hesitations, words said
   twice, words begun and left; then also without punctuation, in lower case), two seeded
   draws: what of the figure on a written report holds on the same words said aloud.
5. **Speech that is not about PTCE**: the ESLO and CFPP transcripts of the reference folder
   imported into a fresh project and coded: suggestions per 1,000 counted words, by category,
   and a sample of what fired, to read by hand.
6. **Speech about PTCE, invented**: the two demo interviews that two people coded
   (``examples/double-coding/``: claire, malik), day one, at the level of the ten categories,
   per interviewee segment, against each coder, for every match and at three thresholds. The
   interviews were written for the demo by this project, in the codebook's vocabulary: a check
   of the spoken register, not a measure to quote as real. Then the same with the seed report
   imported beside them and the dev part's gold codings, `code` and `suggest` run: the rules
   weighed by a model trained on a written report, read on speech. And one interview coded by
   claire at the code level, the other one's suggestions before and after `suggest` (P/R/F1
   and the number predicted, per category and per exact code).

Nothing here reads the held-out part of the report (after code point 25642): its suggestions
are not scored and no figure comes from it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from ptce_coding.cli import cli

CATEGORIES = [
    "MORPH",
    "OBJ",
    "COOP",
    "GOUV",
    "ECO",
    "EMERG.DET",
    "EMERG.ACC",
    "TERR",
    "INST",
    "EVAL",
]
DEV_END = 25642  # code point where the held-out part of the seed report starts
SIGNALS = ("rules", "similarity", "relative", "top", "excluded", "codes", "context")
THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
DEFAULT_CUT = 0.35  # the project's default coding.min_confidence
MEANING_SIGNALS = ("similarity", "relative", "top", "excluded", "context")
MEANING_CUTS = (0.2, 0.3, 0.4, 0.5)


def category(code: str) -> str | None:
    for name in ("EMERG.DET", "EMERG.ACC"):
        if code == name or code.startswith(name + "."):
            return name
    if code == "EMERG":
        return "EMERG.DET"
    top = code.split(".")[0]
    return top if top in CATEGORIES else None


def invoke(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    if result.exit_code != 0:
        sys.exit(f"ptce-coding {' '.join(args)} failed:\n{result.output}")
    return result.output


def new_project(folder: Path, min_confidence: float | None = None) -> Path:
    """A fresh project with the default settings (``coding.min_confidence`` changed if
    given)."""
    invoke(["init", str(folder)])
    if min_confidence is not None:
        path = folder / "project.yaml"
        text = re.sub(
            r"(?m)^(  min_confidence:) [0-9.]+",
            rf"\g<1> {min_confidence}",
            path.read_text(encoding="utf-8"),
        )
        path.write_text(text, encoding="utf-8")
    return folder


def scores(gold: list[set[str]], predicted: list[set[str]]) -> dict[str, tuple[float, ...]]:
    """Per category and micro/macro: precision, recall, F1, support, predicted."""
    table = {}
    for name in CATEGORIES:
        tp = sum(name in g and name in p for g, p in zip(gold, predicted, strict=True))
        support = sum(name in g for g in gold)
        count = sum(name in p for p in predicted)
        table[name] = _prf(tp, support, count)
    tp = sum(len(g & p) for g, p in zip(gold, predicted, strict=True))
    table["micro"] = _prf(tp, sum(map(len, gold)), sum(map(len, predicted)))
    rows = [table[name] for name in CATEGORIES if table[name][3]]
    means = [float(np.mean([r[i] for r in rows])) if rows else 0.0 for i in range(3)]
    table["macro"] = (*means, sum(r[3] for r in rows), sum(r[4] for r in rows))
    return table


def _prf(tp: int, support: int, count: int) -> tuple[float, float, float, int, int]:
    precision = tp / count if count else 0.0
    recall = tp / support if support else 0.0
    f1 = 2 * tp / (support + count) if support + count else 0.0
    return precision, recall, f1, support, count


def print_table(title: str, table: dict[str, tuple[float, ...]]) -> None:
    print(f"\n{title}")
    print(f"  {'category':10} {'P':>6} {'R':>6} {'F1':>6} {'support':>8} {'predicted':>9}")
    for name, (p, r, f, s, c) in table.items():
        print(f"  {name:10} {p:6.3f} {r:6.3f} {f:6.3f} {s:8d} {c:9d}")


def read_dev(folder: Path) -> list[dict]:
    lines = (folder / "paragraphs.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def overlapping(paragraphs: list[dict], spans: list[tuple[int, int, str]]) -> list[set[str]]:
    found = []
    for paragraph in paragraphs:
        cats = {
            category(code)
            for s, e, code in spans
            if s < paragraph["end"] and e > paragraph["start"]
        }
        found.append(cats - {None})
    return found


def day_one(
    seed_text: Path, paragraphs: list[dict], min_confidence: float | None = None
) -> list[set[str]]:
    """What a fresh project's `code` suggests on each dev paragraph (categories)."""
    from ptce_coding.app.project import load_project

    with tempfile.TemporaryDirectory() as tmp:
        root = new_project(Path(tmp) / "p", min_confidence)
        invoke(["--quiet", "import", str(seed_text), "--case", "seminaire", "--project", str(root)])
        invoke(["--quiet", "code", "--project", str(root)])
        project = load_project(root)
        with project.open_store(create=False) as store:
            rows = store.coding_rows(methods=["rule"], with_text=False)
    spans = [(r.start, r.end, r.code) for r in rows if r.start < DEV_END]
    return overlapping(paragraphs, spans)


def rule_signals(seed_text: Path, vectors: bool) -> list[tuple[int, int, str, dict]]:
    """Every (segment, code) the rules find in the seed report, with its signals."""
    from ptce_coding.app.project import load_project
    from ptce_coding.base.language import DocCache, load_pipeline
    from ptce_coding.tagging.rule_coding import Scoring, code_with_rules
    from ptce_coding.tagging.rules import RuleTagger

    with tempfile.TemporaryDirectory() as tmp:
        root = new_project(Path(tmp) / "p")
        invoke(["--quiet", "import", str(seed_text), "--case", "seminaire", "--project", str(root)])
        project = load_project(root)
        book = project.load_codebook()
        nlp = load_pipeline()
        with project.open_store(create=False) as store:
            run = code_with_rules(
                store,
                book,
                RuleTagger(book, nlp),
                DocCache(None, nlp),
                scoring=Scoring(min_confidence=0.0, sentence_vectors=vectors, keep_signals=True),
            )
    return [(s, e, code, signals) for _, s, e, code, signals in run.signals if s < DEV_END]


def fit_weights(
    paragraphs: list[dict],
    signals: list[tuple[int, int, str, dict]],
    names: tuple[str, ...],
    folds: int,
    repeats: int,
    threshold: float,
) -> list[list[set[str]]]:
    """Cross-validated figures of the confidence model, then its weights on all paragraphs.
    Returns, per fold draw, the categories predicted on each paragraph at the default
    threshold (``DEFAULT_CUT``)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    gold = [set(p["gold"]) for p in paragraphs]
    rows, labels, owner = [], [], []
    for s, e, code, values in signals:
        for i, paragraph in enumerate(paragraphs):
            if s < paragraph["end"] and e > paragraph["start"]:
                rows.append([values.get(n, 0.0) for n in names])
                labels.append(int(category(code) in gold[i]))
                owner.append((i, code))
    X, y = np.array(rows), np.array(labels)
    paragraph_of = np.array([i for i, _ in owner])
    figures = []
    at_default: list[list[set[str]]] = []
    by_threshold: dict[float, list[tuple[float, ...]]] = {}
    for repeat in range(repeats):
        probability = np.zeros(len(y))
        splitter = KFold(folds, shuffle=True, random_state=repeat)
        for train, test in splitter.split(np.arange(len(paragraphs))):
            in_train, in_test = np.isin(paragraph_of, train), np.isin(paragraph_of, test)
            model = LogisticRegression(C=100.0, max_iter=1000).fit(X[in_train], y[in_train])
            probability[in_test] = model.predict_proba(X[in_test])[:, 1]
        predicted = [set() for _ in paragraphs]
        for k, (i, code) in enumerate(owner):
            if probability[k] >= threshold:
                predicted[i].add(category(code))
        predicted = [p - {None} for p in predicted]
        table = scores(gold, predicted)
        figures.append(table["micro"][:3])
        if repeat == 0:
            print_table(
                f"cross-validated, {folds} folds of paragraphs, threshold {threshold}, "
                f"signals {'+'.join(names)} (fold draw 0)",
                table,
            )
        for cut in THRESHOLDS:
            chosen = [set() for _ in paragraphs]
            for k, (i, code) in enumerate(owner):
                if probability[k] >= cut:
                    chosen[i].add(category(code))
            by_threshold.setdefault(cut, []).append(
                scores(gold, [p - {None} for p in chosen])["micro"][:3]
            )
            if cut == DEFAULT_CUT:
                at_default.append([p - {None} for p in chosen])
    mean = np.mean(figures, axis=0)
    print(
        f"  micro over {repeats} fold draws: P {mean[0]:.3f} R {mean[1]:.3f} F1 {mean[2]:.3f}"
        f" (F1 per draw: {', '.join(f'{f[2]:.3f}' for f in figures)})"
    )
    for cut, values in by_threshold.items():
        p, r, f = np.mean(values, axis=0)
        print(f"  threshold {cut:.2f}: micro P {p:.3f} R {r:.3f} F1 {f:.3f} (mean of draws)")
    model = LogisticRegression(C=100.0, max_iter=1000).fit(X, y)
    weights = ", ".join(f"{n}={w:.2f}" for n, w in zip(names, model.coef_[0], strict=True))
    print(
        f"  weights on all {len(paragraphs)} paragraphs: intercept={model.intercept_[0]:.2f}, "
        f"{weights}"
    )
    return at_default


def meaning_only(
    seed_text: Path,
    paragraphs: list[dict],
    findings: list[tuple[int, int, str, dict]],
    rules_at_default: list[list[set[str]]],
    folds: int,
) -> None:
    """Suggestions from the codebook's meaning where no rule fires (issue 17): every dev
    segment × axis with no rule finding of the axis, read by the encoder's signals alone
    (``MEANING_SIGNALS``: the segment against the axis's codebook texts and « when not to
    use », and what it is read under), their own logistic calibration cross-validated on the
    same folds of paragraphs as the rules', added to the rules' cross-validated predictions
    at the default threshold (``rules_at_default``, one per fold draw) above each of
    ``MEANING_CUTS``: how many they add, how many of those the gold has, and micro P/R/F1."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import KFold

    from ptce_coding.app.project import load_project
    from ptce_coding.tagging.enclosing import enclosing
    from ptce_coding.tagging.relevance import AxisMeaning, axis_of
    from ptce_coding.tagging.sentence_vectors import encode

    with tempfile.TemporaryDirectory() as tmp:
        root = new_project(Path(tmp) / "p")
        invoke(["--quiet", "import", str(seed_text), "--case", "seminaire", "--project", str(root)])
        project = load_project(root)
        book = project.load_codebook()
        with project.open_store(create=False) as store:
            (document,) = store.documents()
            segments = store.segments(document.id)
    meaning = AxisMeaning(book)
    fired: dict[int, set[str]] = {}
    for start, _, code, _ in findings:
        fired.setdefault(start, set()).add(axis_of(book, code))
    read = [s for s in segments if s.start < DEV_END and not s.title and not s.interviewer]
    vectors = encode([document.text[s.start : s.end] for s in read])
    toward, away = meaning.similarities(vectors), meaning.exclusions(vectors)
    under = enclosing(document.text, segments)
    spans = sorted({under[s.position] for s in read if s.position in under})
    heading_rows = meaning.similarities(encode([document.text[a:b] for a, b in spans]))
    context = dict(zip(spans, heading_rows, strict=True))
    items = []
    for k, segment in enumerate(read):
        for axis in meaning.axes:
            if axis in fired.get(segment.start, set()):
                continue
            values = meaning.signals(toward[k], away[k], axis)
            values["context"] = meaning.context(context.get(under.get(segment.position)), axis)
            items.append((segment.start, segment.end, axis, values))
    gold = [set(p["gold"]) for p in paragraphs]
    rows, labels, owner = [], [], []
    for s, e, axis, values in items:
        for i, paragraph in enumerate(paragraphs):
            if s < paragraph["end"] and e > paragraph["start"]:
                rows.append([values[n] for n in MEANING_SIGNALS])
                labels.append(int(category(axis) in gold[i]))
                owner.append((i, category(axis)))
    X, y = np.array(rows), np.array(labels)
    paragraph_of = np.array([i for i, _ in owner])
    print(
        f"\nsuggestions from the codebook's meaning where no rule fires: {len(y)} (paragraph, "
        f"axis) pairs without a rule finding, {int(y.sum())} in the gold; signals "
        f"{'+'.join(MEANING_SIGNALS)}, {folds} folds of paragraphs (the rules' draws), added to "
        f"the rules' cross-validated suggestions at {DEFAULT_CUT}"
    )
    figures: dict[float, list[tuple[float, ...]]] = {}
    aucs = []
    for repeat, rules in enumerate(rules_at_default):
        probability = np.zeros(len(y))
        splitter = KFold(folds, shuffle=True, random_state=repeat)
        for train, test in splitter.split(np.arange(len(paragraphs))):
            in_train, in_test = np.isin(paragraph_of, train), np.isin(paragraph_of, test)
            model = LogisticRegression(C=100.0, max_iter=1000).fit(X[in_train], y[in_train])
            probability[in_test] = model.predict_proba(X[in_test])[:, 1]
        aucs.append(roc_auc_score(y, probability))
        for cut in MEANING_CUTS:
            added = [set() for _ in paragraphs]
            for k, (i, name) in enumerate(owner):
                if probability[k] >= cut and name not in rules[i]:
                    added[i].add(name)
            right = sum(len(a & g) for a, g in zip(added, gold, strict=True))
            union = [r | a for r, a in zip(rules, added, strict=True)]
            figures.setdefault(cut, []).append(
                (*scores(gold, union)["micro"][:3], sum(map(len, added)), right)
            )
    rules_only = np.mean([scores(gold, rules)["micro"][:3] for rules in rules_at_default], axis=0)
    print(
        f"  ranking of the pairs by the cross-validated confidence: ROC AUC "
        f"{', '.join(f'{a:.3f}' for a in aucs)} (per draw); rules alone: micro P "
        f"{rules_only[0]:.3f} R {rules_only[1]:.3f} F1 {rules_only[2]:.3f}"
    )
    for cut, values in figures.items():
        p, r, f, count, right = np.mean(values, axis=0)
        print(
            f"  with those of confidence ≥ {cut:.2f}: micro P {p:.3f} R {r:.3f} F1 {f:.3f}; "
            f"{count:.1f} categories added, {right:.1f} of them in the gold (mean of draws)"
        )
    model = LogisticRegression(C=100.0, max_iter=1000).fit(X, y)
    weights = ", ".join(
        f"{n}={w:.2f}" for n, w in zip(MEANING_SIGNALS, model.coef_[0], strict=True)
    )
    print(
        f"  weights on all {len(paragraphs)} paragraphs: intercept={model.intercept_[0]:.2f}, "
        f"{weights}; highest confidence {model.predict_proba(X)[:, 1].max():.2f}"
    )


def model_cv(seed_text: Path, dev: Path, paragraphs: list[dict], folds: int) -> None:
    """The assisted tagger trained on the other folds' gold, scored on the held-out fold."""
    from ptce_coding.analysis.model_folds import cross_validated
    from ptce_coding.app.project import load_project
    from ptce_coding.tagging.classifier_coding import (
        codebook_codes,
        examples_for,
        language_cache,
    )
    from ptce_coding.tagging.settings import ModelSettings
    from ptce_coding.tagging.training_data import frame, label_matrix, segment_items

    with tempfile.TemporaryDirectory() as tmp:
        root = new_project(Path(tmp) / "p")
        invoke(["--quiet", "import", str(seed_text), "--case", "seminaire", "--project", str(root)])
        invoke(["--quiet", "codings", "import", str(dev / "codings.csv"), "--project", str(root)])
        project = load_project(root)
        book = project.load_codebook()
        with project.open_store(create=False) as store:
            cache, _ = language_cache(project.cache_path, project.coding.language)
            items = [
                i for i in segment_items(store, cache, interviewer_turns=False) if i.end <= DEV_END
            ]
            gold_rows = store.coding_rows(coders=["gold"], with_text=False)
        codes = codebook_codes(book)
        gold = label_matrix(items, codes, gold_rows, coded_documents={items[0].document})
        settings = ModelSettings()
        # folds of consecutive paragraphs: neighbours (same presentation) stay together
        groups = [f"block{k * folds // len(items)}" for k in range(len(items))]
        examples = examples_for(book, codes, cache.nlp, settings)
        predicted, _ = cross_validated(frame(items), gold, codes, groups, folds, settings, examples)
    spans = [
        (item.start, item.end, codes[j])
        for i, item in enumerate(items)
        for j in np.flatnonzero(predicted[i])
    ]
    print_table(
        f"assisted tagger, {folds} folds of consecutive paragraphs (trained on the "
        "other folds' gold)",
        scores([set(p["gold"]) for p in paragraphs], overlapping(paragraphs, spans)),
    )


def block_weights(
    paragraphs: list[dict], signals: list[tuple[int, int, str, dict]], left_out: list[dict]
):
    """The confidence weights fitted as ``--fit`` does, without the paragraphs ``left_out``."""
    from sklearn.linear_model import LogisticRegression

    from ptce_coding.tagging.relevance import Weights

    rows, labels = [], []
    for s, e, code, values in signals:
        for paragraph in paragraphs:
            if paragraph in left_out or not (s < paragraph["end"] and e > paragraph["start"]):
                continue
            rows.append([values.get(n, 0.0) for n in SIGNALS])
            labels.append(int(category(code) in paragraph["gold"]))
    model = LogisticRegression(C=100.0, max_iter=1000).fit(np.array(rows), np.array(labels))
    coefficients = dict(zip(SIGNALS, map(float, model.coef_[0]), strict=True))
    return Weights(intercept=float(model.intercept_[0]), **coefficients)


def after_coding(
    seed_text: Path,
    dev: Path,
    paragraphs: list[dict],
    blocks: int,
    signals: list[tuple[int, int, str, dict]] | None = None,
) -> None:
    """What a group sees once the first part of a document is coded: the dev paragraphs in
    ``blocks`` consecutive blocks; for each block after the first, a fresh project imports the
    gold codings of the blocks before it (`codings import`), runs `code` and `suggest`, and
    its suggestions on that block are scored (the rules as `code` wrote them, the rules once
    `suggest` weighed them, the model, and both together). `suggest` weighs
    the rules' findings with the model's reading (``tagging/model_evidence.py``), and the model
    does not repeat a rule suggestion of the same code, or of one under it, on the same passage
    (one review item), so its line scores what it adds to the rules. The counts `suggest`
    prints are summed over the blocks.

    The shipped confidence weights were fitted on all the dev paragraphs, the scored ones
    included; with ``signals`` (``--fit``), each block is instead scored with weights fitted
    without it (``block_weights``), so that no figure rests on its own gold."""
    import csv
    from contextlib import nullcontext
    from unittest import mock

    from ptce_coding.app.project import load_project
    from ptce_coding.tagging import rule_coding

    rows = list(csv.DictReader((dev / "codings.csv").open(encoding="utf-8")))
    gold_rows = [row for row in rows if row["coder"] == "gold"]
    size = -(-len(paragraphs) // blocks)
    found: dict[str, list[set[str]]] = {
        "rules before `suggest`": [],
        "rules": [],
        "model": [],
        "rules and model": [],
    }
    # the model's line: its own suggestions, those a rule suggestion does not already make
    scored: list[dict] = []
    counted: Counter[str] = Counter()
    for block in range(1, blocks):
        before_end = paragraphs[block * size]["start"]
        tested = paragraphs[block * size : (block + 1) * size]
        with tempfile.TemporaryDirectory() as tmp:
            root = new_project(Path(tmp) / "p")
            invoke(
                ["--quiet", "import", str(seed_text), "--case", "seminaire", "--project", str(root)]
            )
            training = Path(tmp) / "gold.csv"
            with training.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(r for r in gold_rows if int(r["end"]) <= before_end)
            invoke(["--quiet", "codings", "import", str(training), "--project", str(root)])
            weights = (
                mock.patch.object(
                    rule_coding, "WEIGHTS", block_weights(paragraphs, signals, tested)
                )
                if signals is not None
                else nullcontext()
            )
            with weights:
                invoke(["--quiet", "code", "--project", str(root)])
                # the rule suggestions as `code` wrote them, before the model weighs them
                with load_project(root).open_store(create=False) as store:
                    unweighed = store.coding_rows(methods=["rule"], with_text=False)
                said = invoke(["suggest", "--project", str(root)])
            for pattern, name in COUNTS:
                counted[name] += sum(int(n) for n in re.findall(pattern, said))
            with load_project(root).open_store(create=False) as store:
                suggestions = store.coding_rows(statuses=["suggested"], with_text=False)
        spans = {
            m: [(r.start, r.end, r.code) for r in suggestions if r.method == m]
            for m in ("rule", "model")
        }
        rules, model = overlapping(tested, spans["rule"]), overlapping(tested, spans["model"])
        found["rules before `suggest`"] += overlapping(
            tested, [(r.start, r.end, r.code) for r in unweighed]
        )
        found["rules"] += rules
        found["model"] += model
        found["rules and model"] += [a | b for a, b in zip(rules, model, strict=True)]
        scored += tested
    gold = [set(p["gold"]) for p in scored]
    for name, predicted in found.items():
        title = f"after coding the blocks before ({len(scored)} paragraphs scored): {name}"
        if signals is not None:
            title += ", weights fitted without the scored block"
        print_table(title, scores(gold, predicted))
    print(
        "\n  `suggest` printed, summed over the blocks (counts over the whole imported report, "
        "not scored): " + ", ".join(f"{name} {counted[name]}" for _, name in COUNTS)
    )


COUNTS = (  # what `suggest` prints, to sum over the after-coding blocks
    (r"Weighed with the model trained on your coding: (\d+) finding", "rule findings weighed"),
    (r"\((\d+) written only with it", "written only with the model"),
    (r"(\d+) not written because of it", "not written because of it"),
    (r"Suggested (\d+) codings", "model suggestions"),
    (r"Not suggested again: (\d+)", "model suggestions not made (a rule suggestion waits)"),
)


def as_spoken(text: str, rng: random.Random, unpunctuated: bool) -> str:
    """``text`` with the marks of speech at the rates of the ESLO and CFPP interviews (of
    their words: 5 % hesitations, 2 % words said twice, 1 % words begun and left); with
    ``unpunctuated``, also without punctuation and in lower case, as ESLO transcribes."""
    words: list[str] = []
    for word in text.split():
        draw = rng.random()
        if draw < 0.05:
            words.append("euh")
        elif draw < 0.07:
            words.append(word)
        elif draw < 0.08 and len(word) > 3:
            words.append(word[:2] + "-")
        words.append(word)
    said = " ".join(words)
    if unpunctuated:
        said = " ".join(re.sub(r"[.,;:!?«»()*]", " ", said).lower().split())
    return said


def spoken_dev(seed_text: Path, paragraphs: list[dict], draws: int = 2) -> None:
    """Day one on the dev paragraphs rewritten as speech (``as_spoken``): how much of the
    figure on a written report holds on the same words said in an interview."""
    global DEV_END
    text = seed_text.read_text(encoding="utf-8")
    gold = [set(p["gold"]) for p in paragraphs]
    written_end = DEV_END
    print("\nthe dev paragraphs said (speech marks at the ESLO/CFPP rates), day one, 0.35")
    for unpunctuated in (False, True):
        figures = []
        for draw in range(draws):
            rng = random.Random(draw)
            pieces, moved, cursor = [], [], 0
            for paragraph in paragraphs:
                pieces.append(text[cursor : paragraph["start"]])
                start = sum(map(len, pieces))
                pieces.append(
                    as_spoken(text[paragraph["start"] : paragraph["end"]], rng, unpunctuated)
                )
                moved.append({**paragraph, "start": start, "end": sum(map(len, pieces))})
                cursor = paragraph["end"]
            pieces.append(text[cursor:written_end])
            end = sum(map(len, pieces))
            with tempfile.TemporaryDirectory() as tmp:
                said = Path(tmp) / seed_text.name
                said.write_text("".join(pieces) + text[written_end:], encoding="utf-8")
                DEV_END = end
                try:
                    figures.append(scores(gold, day_one(said, moved))["micro"][:3])
                finally:
                    DEV_END = written_end
        p, r, f = np.mean(figures, axis=0)
        what = "also unpunctuated, lower case" if unpunctuated else "punctuation kept"
        print(
            f"  {what}: micro P {p:.3f} R {r:.3f} F1 {f:.3f} (mean of {draws} draws; F1 "
            f"{', '.join(f'{x[2]:.3f}' for x in figures)})"
        )


def other_speech(folder: Path, sample: int, seed: int) -> None:
    """Suggestions on real interviews that are not about PTCE."""
    from ptce_coding.app.project import load_project

    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".trs", ".txt"})
    with tempfile.TemporaryDirectory() as tmp:
        root = new_project(Path(tmp) / "p")
        for path in files:
            CliRunner().invoke(
                cli, ["--quiet", "import", str(path), "--case", "reference", "--project", str(root)]
            )
        started = time.perf_counter()
        invoke(["--quiet", "code", "--project", str(root)])
        seconds = time.perf_counter() - started
        project = load_project(root)
        with project.open_store(create=False) as store:
            counted = sum(r.counted for r in store.document_rows())
            rows = store.coding_rows(methods=["rule"])
    by_category = Counter(category(r.code) for r in rows)
    print(
        f"\nnot about PTCE: {len(files)} files, {counted} counted words, {len(rows)} rule "
        f"suggestions = {1000 * len(rows) / max(counted, 1):.2f} per 1,000 words "
        f"(`code` {seconds:.1f} s)"
    )
    print("  by category: " + ", ".join(f"{c} {n}" for c, n in by_category.most_common()))
    for row in random.Random(seed).sample(rows, min(sample, len(rows))):
        text = " ".join((row.text or "").split())
        print(f"  [{row.confidence or 0:.2f}] {row.code}: « {text[:160]} » ({row.evidence})")


def demo_speech(repository: Path, trained: tuple[Path, Path] | None = None) -> None:
    """Day one on the demo's double-coded interviews, against each coder's axis codes. With
    ``trained`` (the seed report and the dev set), the report is imported beside them with the
    dev part's gold codings, and `code` then `suggest` run: the rules weighed by a model
    trained on a written report, read on speech (another register)."""
    import csv
    import shutil

    from ptce_coding.app.project import load_project

    coders: dict[str, list[tuple[str, int, int, str]]] = {}
    for path in sorted((repository / "examples" / "double-coding").glob("*.csv")):
        for row in csv.DictReader(path.open(encoding="utf-8")):
            coders.setdefault(row["coder"], []).append(
                (row["document"], int(row["start"]), int(row["end"]), row["code"])
            )
    names = sorted({name for rows in coders.values() for name, *_ in rows})
    with tempfile.TemporaryDirectory() as tmp:
        root = new_project(Path(tmp) / "p", 0.0)
        for name in names:
            target = root / "corpus" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(repository / "corpus" / name, target)
        invoke(["--quiet", "import", str(root / "corpus"), "--project", str(root)])
        invoke(["--quiet", "code", "--project", str(root)])
        if trained is not None:
            seed_text, dev = trained
            case = ["--case", "seminaire", "--project", str(root)]
            invoke(["--quiet", "import", str(seed_text), *case])
            gold = root / "gold.csv"
            with (dev / "codings.csv").open(encoding="utf-8") as handle:
                kept = [r for r in csv.DictReader(handle) if r["coder"] == "gold"]
            with gold.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(kept[0]))
                writer.writeheader()
                writer.writerows(kept)
            invoke(["--quiet", "codings", "import", str(gold), "--project", str(root)])
            invoke(["--quiet", "code", "--project", str(root)])
            invoke(["--quiet", "suggest", "--project", str(root)])
        with load_project(root).open_store(create=False) as store:
            rows = store.coding_rows(methods=["rule"], with_text=False)
            model = store.coding_rows(methods=["model"], with_text=False)
            ids = {d.name: d.id for d in store.documents()}
            segments = [
                (name, s)
                for name in names
                for s in store.segments(ids[name])
                if not s.interviewer and not s.title
            ]
    when = "day one" if trained is None else "rules weighed by the model trained on the dev gold"
    print(
        f"\ninvented PTCE speech (demo, {len(names)} interviews double-coded, "
        f"{len(segments)} interviewee segments), {when}, micro over the categories"
    )
    for coder, coded in sorted(coders.items()):
        gold = [
            {category(c) for d, s, e, c in coded if d == name and s < seg.end and e > seg.start}
            - {None}
            for name, seg in segments
        ]
        for cut in (0.0, 0.25, 0.35, 0.5):  # 0: every rule match
            chosen = [r for r in rows if (r.confidence or 0.0) >= cut]
            p, r, f, support, count = scores(gold, on_segments(segments, chosen))["micro"]
            print(
                f"  against {coder}, threshold {cut:.2f}: P {p:.3f} R {r:.3f} F1 {f:.3f} "
                f"(support {support}, predicted {count})"
            )
        if trained is None:
            continue
        # the rules at the default threshold and the model's own suggestions
        written = [*(r for r in rows if (r.confidence or 0.0) >= 0.35), *model]
        p, r, f, support, count = scores(gold, on_segments(segments, written))["micro"]
        print(
            f"  against {coder}, rules at 0.35 and the model's own suggestions: P {p:.3f} "
            f"R {r:.3f} F1 {f:.3f} (support {support}, predicted {count})"
        )


def on_segments(segments: list, rows: list) -> list[set[str]]:
    """The categories of the coding rows on each (document name, segment)."""
    return [
        {
            category(r.code)
            for r in rows
            if r.document == name and r.start < seg.end and r.end > seg.start
        }
        - {None}
        for name, seg in segments
    ]


def demo_one_coded(repository: Path) -> None:
    """One demo interview coded by claire at the code level (`codings import`), `code` then
    `suggest`: the other interview's suggestions against each coder, at the level of the ten
    categories and of the exact code, for the rules before `suggest` (their own confidence),
    after it (weighed with the model's reading) and with the model's own suggestions."""
    import csv
    import shutil

    from ptce_coding.app.project import load_project

    coded: dict[str, list[dict]] = {}
    for path in sorted((repository / "examples" / "double-coding").glob("*.csv")):
        for row in csv.DictReader(path.open(encoding="utf-8")):
            coded.setdefault(row["coder"], []).append(row)
    names = sorted({row["document"] for rows in coded.values() for row in rows})
    print("\ninvented PTCE speech, one interview coded by claire, the other one's suggestions")
    for trained in names:
        tested = next(name for name in names if name != trained)
        with tempfile.TemporaryDirectory() as tmp:
            root = new_project(Path(tmp) / "p")
            shutil.rmtree(root / "corpus")
            shutil.copytree(repository / "corpus", root / "corpus")
            invoke(["--quiet", "import", str(root / "corpus"), "--project", str(root)])
            training = root / "claire.csv"
            with training.open("w", encoding="utf-8", newline="") as handle:
                fields = ["document", "start", "end", "code", "coder"]
                writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
                writer.writeheader()
                writer.writerows(r for r in coded["claire"] if r["document"] == trained)
            invoke(["--quiet", "codings", "import", str(training), "--project", str(root)])
            invoke(["--quiet", "code", "--project", str(root)])
            with load_project(root).open_store(create=False) as store:
                before = store.coding_rows(methods=["rule"], with_text=False)
                document = next(d for d in store.documents() if d.name == tested)
                segments = [
                    s for s in store.segments(document.id) if not s.interviewer and not s.title
                ]
            invoke(["--quiet", "suggest", "--project", str(root)])
            with load_project(root).open_store(create=False) as store:
                after = store.coding_rows(methods=["rule"], with_text=False)
                model = store.coding_rows(methods=["model"], with_text=False)
        for coder, rows in sorted(coded.items()):
            for level, key in (("categories", category), ("codes", lambda code: code)):
                gold = [
                    {
                        key(r["code"])
                        for r in rows
                        if r["document"] == tested
                        and int(r["start"]) < seg.end
                        and int(r["end"]) > seg.start
                    }
                    - {None}
                    for seg in segments
                ]
                figures = []
                for found in (before, after, after + model):
                    predicted = [
                        {
                            key(r.code)
                            for r in found
                            if r.document == tested and r.start < seg.end and r.end > seg.start
                        }
                        - {None}
                        for seg in segments
                    ]
                    p, r, f, _, count = scores(gold, predicted)["micro"]
                    figures.append(f"{p:.3f}/{r:.3f}/{f:.3f} ({count})")
                print(
                    f"  {tested.split('/')[0]} vs {coder}, {level}: rules {figures[0]}, "
                    f"weighed {figures[1]}, with the model's own {figures[2]}"
                )


def main() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dev", type=Path, default=shared / "reference/coded-datasets/ptce-seminar-dev"
    )
    parser.add_argument("--seed-text", type=Path, default=shared / "seed/000_bd2812c46b4043d7.txt")
    parser.add_argument("--transcripts", type=Path, default=shared / "reference/transcripts")
    parser.add_argument("--fit", action="store_true", help="cross-validate and refit weights")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sample", type=int, default=15)
    parser.add_argument("--no-model", action="store_true", help="skip the assisted tagger")
    args = parser.parse_args()
    paragraphs = read_dev(args.dev)
    gold = [set(p["gold"]) for p in paragraphs]
    print(f"dev set: {len(paragraphs)} paragraphs, {sum(map(len, gold))} gold categories")
    print_table(
        "day one, rules with shipped weights, default threshold",
        scores(gold, day_one(args.seed_text, paragraphs)),
    )
    print_table(
        "day one, every rule match (coding.min_confidence: 0)",
        scores(gold, day_one(args.seed_text, paragraphs, 0.0)),
    )
    signals = None
    if args.fit:
        for vectors, names in ((True, SIGNALS), (False, ("rules",))):
            found = rule_signals(args.seed_text, vectors)
            chosen = fit_weights(paragraphs, found, names, args.folds, args.repeats, 0.5)
            if vectors:
                meaning_only(args.seed_text, paragraphs, found, chosen, args.folds)
            signals = signals or found
    if not args.no_model:
        model_cv(args.seed_text, args.dev, paragraphs, args.folds)
        after_coding(args.seed_text, args.dev, paragraphs, args.folds)
        if signals is not None:
            after_coding(args.seed_text, args.dev, paragraphs, args.folds, signals)
    spoken_dev(args.seed_text, paragraphs)
    if args.transcripts.is_dir():
        other_speech(args.transcripts, args.sample, 0)
    demo_speech(Path(__file__).resolve().parents[1])
    if not args.no_model:
        demo_speech(Path(__file__).resolve().parents[1], (args.seed_text, args.dev))
        demo_one_coded(Path(__file__).resolve().parents[1])


if __name__ == "__main__":
    main()
