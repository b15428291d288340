"""The model's cross-validation: folds made of whole groups (cases or documents), so that no
interview is ever both in training and test; the codebook's examples join every fold's
training part."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from ptce_coding.base.errors import PtceError
from ptce_coding.base.progress import Progress, part_of
from ptce_coding.tagging.saved_model import segment_coder
from ptce_coding.tagging.settings import ModelSettings


@dataclass(frozen=True)
class Fold:
    train_groups: tuple[str, ...]
    test_groups: tuple[str, ...]
    learned: tuple[str, ...] = ()  # the codes this fold's model learned (its ``codes_``)


def enough_groups(groups: list[str], folds: int, group: str = "case") -> int:
    """The number of folds: at most ``folds``, one group at least in each; at least 2. The
    groups are cases or documents (``group``), which the hint follows."""
    names = set(groups)
    if min(folds, len(names)) < 2:
        raise PtceError(
            f"cross-validation needs at least 2 groups; the human coding covers {len(names)}",
            hint="Evaluate with --group document, or code documents of another case."
            if group == "case"
            else "Code or review another document.",
        )
    return min(folds, len(names))


def cross_validated(
    texts: pd.DataFrame,
    gold: np.ndarray,
    codes: list[str],
    groups: list[str],
    folds: int,
    settings: ModelSettings,
    examples: tuple[pd.DataFrame, np.ndarray | None] | None = None,
    progress: Progress | None = None,
) -> tuple[np.ndarray, tuple[Fold, ...]]:
    """Out-of-fold decisions of the model, folds made of whole groups; the codebook's
    ``examples`` (texts, labels) join every fold's training part; ``progress`` counts each
    fold's fits."""
    n_splits = enough_groups(groups, folds)
    given, given_labels = examples if examples is not None else ((), None)
    predicted = np.zeros_like(gold)
    done = []
    splitter = GroupKFold(n_splits=n_splits)
    for index, (train, test) in enumerate(splitter.split(texts, groups=groups)):
        fold = Fold(
            tuple(sorted({groups[i] for i in train})), tuple(sorted({groups[i] for i in test}))
        )
        model = segment_coder(settings)
        try:
            model.fit(
                texts.iloc[train],
                gold[train],
                codes,
                groups=[groups[i] for i in train],
                examples=given,
                example_labels=given_labels,
                progress=part_of(progress, index, n_splits),
            )
        except ValueError:
            done.append(fold)  # nothing labelled in this fold's training part: it predicts nothing
            continue
        done.append(replace(fold, learned=tuple(model.codes_)))
        if model.codes_:
            decisions = model.predict(texts.iloc[test])
            for j, code in enumerate(model.codes_):
                predicted[test, codes.index(code)] = decisions[:, j]
    return predicted, tuple(done)
