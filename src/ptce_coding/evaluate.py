"""The taggers against accepted human coding, at segment level.

Gold: accepted codings made by humans (method manual or import; ``coders`` restricts them) on
the documents they coded; a segment has a code when such a coding overlaps it. The rules are
scored by their suggestions (whatever their review status: what the rules proposed). The model
is scored by grouped K-fold cross-validation: each fold's model is trained on the other groups
(cases by default, or documents) and codes the held-out ones, so no interview is ever both in
training and test. Per code and per top-level axis (a segment has an axis when it has any code
under it): precision, recall, F1, support; micro and macro averages over codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ptce_coding.codebook import Codebook
from ptce_coding.coder_selection import CoderSelection, select_rows
from ptce_coding.errors import PtceError
from ptce_coding.project import Project
from ptce_coding.store import Store
from ptce_coding.tagging.model_coding import (
    ModelSettings,
    codebook_codes,
    examples_for,
    project_cache,
    remember_vectors,
)
from ptce_coding.tagging.training_data import (
    HUMAN_METHODS,
    frame,
    label_matrix,
    segment_items,
)

GROUPINGS = ("case", "document")
COLUMNS = ["tagger", "level", "code", "precision", "recall", "f1", "support", "predicted"]


@dataclass(frozen=True)
class Fold:
    train_groups: tuple[str, ...]
    test_groups: tuple[str, ...]


@dataclass(frozen=True)
class Evaluation:
    scores: pd.DataFrame  # COLUMNS; level: code, axis, micro, macro
    folds: tuple[Fold, ...]
    segments: int
    documents: int
    language_note: str | None


def evaluate(
    project: Project,
    store: Store,
    codebook: Codebook,
    *,
    group: str = "case",
    folds: int = 5,
    coders: Sequence[str] | None = None,
    settings: ModelSettings | None = None,
    taggers: Sequence[str] = ("rules", "model"),
    selection: CoderSelection | None = None,
) -> Evaluation:
    if group not in GROUPINGS:
        raise PtceError(f"unknown grouping {group!r}", hint="Use case or document.")
    settings = settings or ModelSettings.for_project(project)
    gold_rows = [
        row for row in store.coding_rows(statuses=["accepted"], methods=HUMAN_METHODS,
                                         coders=list(coders) if coders else None)
    ]  # fmt: skip
    if selection is not None and selection.chosen:  # issue 18: whose coding is the gold
        gold_rows = select_rows(
            store.coding_rows(methods=HUMAN_METHODS), selection, ("accepted",)
        )  # fmt: skip
    if not gold_rows:
        raise PtceError(
            "no accepted human coding to evaluate against",
            hint="Import a coder's codings first: `ptce-coding codings import FILE --coder NAME`.",
        )
    cache, note = project_cache(project)
    coded = {row["document"] for row in gold_rows}
    items = segment_items(store, cache, interviewer_turns=project.code_interviewer_turns)
    items = [item for item in items if item.document in coded]  # fmt: skip
    codes = codebook_codes(codebook)
    gold = label_matrix(items, codes, gold_rows, coded_documents=coded)
    predictions: dict[str, np.ndarray] = {}
    fold_list: tuple[Fold, ...] = ()
    if "rules" in taggers:
        rule_rows = store.coding_rows(methods=["rule"], documents=sorted(coded))
        rule_rows = [{**row, "status": "accepted"} for row in rule_rows]
        predictions["rules"] = label_matrix(items, codes, rule_rows, coded_documents=coded)
    if "model" in taggers:
        groups = [item.case if group == "case" else item.document for item in items]
        examples = examples_for(codebook, codes, cache.nlp, settings)
        remember_vectors(project, settings, items, examples[0])
        predictions["model"], fold_list = cross_validated(
            frame(items), gold, codes, groups, folds, settings, examples
        )
    frames = [scores_table(name, gold, pred, codes, codebook) for name, pred in predictions.items()]
    return Evaluation(pd.concat(frames, ignore_index=True), fold_list, len(items), len(coded), note)


def cross_validated(
    texts: pd.DataFrame,
    gold: np.ndarray,
    codes: list[str],
    groups: list[str],
    folds: int,
    settings: ModelSettings,
    examples: tuple[pd.DataFrame, np.ndarray | None] | None = None,
) -> tuple[np.ndarray, tuple[Fold, ...]]:
    """Out-of-fold decisions of the model, folds made of whole groups; the codebook's
    ``examples`` (texts, labels) join every fold's training part."""
    from sklearn.model_selection import GroupKFold

    names = sorted(set(groups))
    n_splits = min(folds, len(names))
    if n_splits < 2:
        raise PtceError(
            f"cross-validation needs at least 2 groups; the human coding covers {len(names)}",
            hint="Evaluate with --group document, or code documents of another case.",
        )
    given, given_labels = examples if examples is not None else ((), None)
    predicted = np.zeros_like(gold)
    done = []
    splitter = GroupKFold(n_splits=n_splits)
    for train, test in splitter.split(texts, groups=groups):
        done.append(Fold(tuple(sorted({groups[i] for i in train})),
                         tuple(sorted({groups[i] for i in test}))))  # fmt: skip
        model = settings.coder()
        try:
            model.fit(texts.iloc[train], gold[train], codes,
                      groups=[groups[i] for i in train], examples=given,
                      example_labels=given_labels)  # fmt: skip
        except ValueError:
            continue  # nothing labelled in this fold's training part: it predicts nothing
        if model.codes_:
            decisions = model.predict(texts.iloc[test])
            for j, code in enumerate(model.codes_):
                predicted[test, codes.index(code)] = decisions[:, j]
    return predicted, tuple(done)


def scores_table(
    tagger: str, gold: np.ndarray, predicted: np.ndarray, codes: list[str], codebook: Codebook
) -> pd.DataFrame:
    """Per code (with support or predictions), per axis, micro and macro over codes."""
    gold, predicted = (gold == 1), (predicted == 1)
    rows = []
    used = [j for j in range(len(codes)) if gold[:, j].any() or predicted[:, j].any()]
    for j in used:
        rows.append(_scores(tagger, "code", codes[j], gold[:, j], predicted[:, j]))
    for axis in codebook.top_level():
        members = [j for j in used if codebook.ancestors(codes[j])[0] == axis.id]
        if members:
            rows.append(_scores(tagger, "axis", axis.id, gold[:, members].any(axis=1),
                                predicted[:, members].any(axis=1)))  # fmt: skip
    supported = [j for j in used if gold[:, j].any()]
    rows.append(_scores(tagger, "micro", "(all codes)", gold[:, supported].ravel(),
                        predicted[:, supported].ravel()))  # fmt: skip
    code_rows = [r for r in rows if r["level"] == "code" and r["support"] > 0]
    rows.append({
        "tagger": tagger, "level": "macro", "code": "(all codes)",
        "precision": _mean([r["precision"] for r in code_rows]),
        "recall": _mean([r["recall"] for r in code_rows]),
        "f1": _mean([r["f1"] for r in code_rows]),
        "support": sum(r["support"] for r in code_rows),
        "predicted": sum(r["predicted"] for r in code_rows),
    })  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def _scores(tagger: str, level: str, code: str, gold: np.ndarray, predicted: np.ndarray) -> dict:
    true_positives = int((gold & predicted).sum())
    support, count = int(gold.sum()), int(predicted.sum())
    precision = true_positives / count if count else float("nan")
    recall = true_positives / support if support else float("nan")
    f1 = 2 * true_positives / (support + count) if support + count else float("nan")
    return {"tagger": tagger, "level": level, "code": code, "precision": _round(precision),
            "recall": _round(recall), "f1": _round(f1), "support": support,
            "predicted": count}  # fmt: skip


def _round(value: float) -> float:
    return round(value, 3) if value == value else value


def _mean(values: list[float]) -> float:
    kept = [v for v in values if v == v]
    return round(sum(kept) / len(kept), 3) if kept else float("nan")
