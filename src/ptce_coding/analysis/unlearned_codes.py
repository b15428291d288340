"""The codes the model had not learned where their coded segments are tested, and what that
means for its scores.

In grouped cross-validation, a fold whose training part holds too few coded segments of a code
(``model.min_positive``, fewer with examples in the codebook) has a model that does not know
the code: it cannot suggest it in the fold's test part. Which codes a fold's model learned is
what the classifier itself says (``SegmentCoder.codes_``, kept as ``learned`` in each fold): the
learnability rule is not written again here. A code not learned wherever its coded segments are
tested (``Unlearned.never``) has no recall nor F1 in the model's rows (not 0, which would read
as the model being wrong on it), is left out of the model's macro average, and its coded
segments count as misses in the micro recall; the notes here say so, row by row
(``analysis.evaluate.score_notes`` places them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

MODEL = "model"  # the tagger whose codes may be unlearned: the rules need no examples


class TrainedFold(Protocol):
    """A cross-validation fold as ``not_learned`` reads it (``analysis.model_folds.Fold``)."""

    @property
    def train_groups(self) -> tuple[str, ...]: ...

    @property
    def test_groups(self) -> tuple[str, ...]: ...

    @property
    def learned(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Unlearned:
    """A code with coded segments tested where the model had not learned it (a fold whose
    training part had too few of them): ``untested`` of its ``segments`` coded segments
    scored; ``trained_on``: the most coded segments with it in the training part of those
    folds; ``needed``: what a code needs to be learned with a calibrated probability
    (``model.min_positive``; fewer are enough with examples in the codebook)."""

    code: str
    segments: int
    untested: int
    trained_on: int
    needed: int

    @property
    def never(self) -> bool:
        """Not learned where any of its coded segments is tested: the model could not
        find one, so its recall and F1 measure nothing of the model."""
        return self.untested >= self.segments


def not_learned(
    gold: np.ndarray,
    codes: list[str],
    groups: list[str],
    folds: Sequence[TrainedFold],
    needed: int,
) -> tuple[Unlearned, ...]:
    """The codes with coded segments (``gold`` 1) in the test part of a fold whose model had
    not learned them (``learned``), in codebook order; ``groups``: each segment's group, as
    the folds name them; ``needed``: ``model.min_positive``."""
    positive = gold == 1
    in_group = np.asarray(groups)
    found = []
    for j, code in enumerate(codes):
        untested = trained_on = 0
        for fold in folds:
            if code in fold.learned:
                continue
            tested = int(positive[np.isin(in_group, fold.test_groups), j].sum())
            if tested:
                untested += tested
                trained_on = max(
                    trained_on, int(positive[np.isin(in_group, fold.train_groups), j].sum())
                )
        if untested:
            found.append(Unlearned(code, int(positive[:, j].sum()), untested, trained_on, needed))
    return tuple(found)


def code_note(missing: Unlearned) -> str:
    """What a code row of the model says of its code not learned: no recall nor F1 when it
    never was where tested, else how many of its coded segments are misses it could not
    avoid (the code stays in the macro average)."""
    if missing.never:
        return (
            f"not learned: {coded_segments(missing.segments)}, {missing.needed} needed (fewer "
            "with examples in the codebook; the folds that test it trained on "
            f"{missing.trained_on}): recall and F1 not scored"
        )
    return (
        f"{missing.untested} of its {coded_segments(missing.segments)} tested where the "
        "model had not learned it (counted as misses)"
    )


def macro_note(codes: int, never: Sequence[Unlearned]) -> str:
    """The model's macro average is the mean of its ``codes`` with coded segments but those
    ``never`` learned ("" when there are none)."""
    if not never:
        return ""
    left_out = [u.code for u in never]
    return (
        f"mean of {codes - len(left_out)} of {codes} codes "
        f"(not learned by the model, left out: {some_codes(left_out)})"
    )


def micro_note(row: Mapping[Any, Any], never: Sequence[Unlearned]) -> str:
    """The micro recall counts the coded segments of codes not learned as misses (the model
    did not find them); said, with the recall without them."""
    if not never:
        return ""
    missed = sum(u.segments for u in never)
    found = (0.0 if pd.isna(row["recall"]) else row["recall"]) * row["support"]
    rest = row["support"] - missed
    without = f"; micro recall without them: {found / rest:.2f}" if rest > 0 else ""
    return (
        f"{coded_segments(missed)} of codes not learned ({some_codes([u.code for u in never])}) "
        f"counted as misses in the recall{without}"
    )


def coded_segments(count: int) -> str:
    """« 1 coded segment », « 2 coded segments »."""
    return f"{count} coded segment{'' if count == 1 else 's'}"


def some_codes(names: list[str], shown: int = 5) -> str:
    """The first ``shown`` names, and how many more."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")
