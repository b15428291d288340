"""Taggers' predictions scored against gold labels: per code, per top-level axis, micro and
macro averages over codes, and what is undefined in each row and why."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ptce_coding.analysis.unlearned_codes import (
    MODEL,
    Unlearned,
    code_note,
    macro_note,
    micro_note,
    some_codes,
)
from ptce_coding.codebook.model import Codebook

COLUMNS = ["tagger", "level", "code", "precision", "recall", "f1", "support", "predicted"]


def scores_table(
    tagger: str,
    gold: np.ndarray,
    predicted: np.ndarray,
    codes: list[str],
    codebook: Codebook,
    unlearned: Sequence[Unlearned] = (),
) -> pd.DataFrame:
    """Per code (with support or predictions), per axis, micro and macro over codes. Cells
    whose gold is unknown (-1: a reviewed segment, for the codes nobody decided there) are not
    scored. A code ``unlearned`` never where it is tested (``Unlearned.never``) has no recall
    nor F1 and is left out of the macro average; its coded segments stay misses in the axis
    and micro rows (the model did not find them)."""
    never = {u.code for u in unlearned if u.never}
    known = gold != -1
    gold, predicted = (gold == 1), (predicted == 1) & known
    rows = []
    used = [j for j in range(len(codes)) if gold[:, j].any() or predicted[:, j].any()]
    for j in used:
        row = _scores(tagger, "code", codes[j], gold[:, j], predicted[:, j])
        if codes[j] in never:
            row.update(recall=float("nan"), f1=float("nan"))
        rows.append(row)
    for axis in codebook.top_level():
        members = [j for j in used if codebook.ancestors(codes[j])[0] == axis.id]
        if members:
            rows.append(
                _scores(
                    tagger,
                    "axis",
                    axis.id,
                    np.asarray(gold[:, members].any(axis=1)),
                    np.asarray(predicted[:, members].any(axis=1)),
                )
            )
    # every code scored above: a suggestion of a code nobody put there is a false positive
    # in the micro average as in that code's row
    rows.append(
        _scores(tagger, "micro", "(all codes)", gold[:, used].ravel(), predicted[:, used].ravel())
    )
    code_rows = [
        r for r in rows if r["level"] == "code" and r["support"] > 0 and r["code"] not in never
    ]
    rows.append(
        {
            "tagger": tagger,
            "level": "macro",
            "code": "(all codes)",
            "precision": _mean([r["precision"] for r in code_rows]),
            "recall": _mean([r["recall"] for r in code_rows]),
            "f1": _mean([r["f1"] for r in code_rows]),
            "support": sum(r["support"] for r in code_rows),
            "predicted": sum(r["predicted"] for r in code_rows),
        }
    )
    return pd.DataFrame(rows, columns=COLUMNS)


def _scores(
    tagger: str, level: str, code: str, gold: np.ndarray, predicted: np.ndarray
) -> dict[str, Any]:
    true_positives = int((gold & predicted).sum())
    support, count = int(gold.sum()), int(predicted.sum())
    precision = true_positives / count if count else float("nan")
    recall = true_positives / support if support else float("nan")
    # no example: recall, and F1 with it, are undefined (a 0 there would read as a failure
    # measured on examples; the precision still says how many predictions were wrong)
    f1 = 2 * true_positives / (support + count) if support else float("nan")
    return {
        "tagger": tagger,
        "level": level,
        "code": code,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "support": support,
        "predicted": count,
    }


def score_notes(scores: pd.DataFrame, unlearned: Sequence[Unlearned] = ()) -> list[str]:
    """Per row of a scores table, what is undefined in it and why (else ""): a code's
    precision when nothing was predicted, its recall and F1 when it has no example; the macro
    average's precision or recall when it is the mean of fewer codes than its F1. The
    model's rows say what ``unlearned`` means for them: a code not learned where it is tested
    (no F1), one partly so (misses it could not avoid), over how many codes its macro
    average is, and that the micro recall counts the unlearned codes' segments as misses."""
    notes = []
    by_code = {u.code: u for u in unlearned}
    for row in scores.to_dict(orient="records"):
        mine = by_code if row["tagger"] == MODEL else {}
        if row["level"] == "macro":
            codes = scores[
                (scores["tagger"] == row["tagger"])
                & (scores["level"] == "code")
                & (scores["support"] > 0)
            ]
            notes.append(_macro_note(codes, [u for u in mine.values() if u.never]))
            continue
        if row["level"] == "micro":
            notes.append(micro_note(row, [u for u in mine.values() if u.never]))
            continue
        said = []
        missing = mine.get(row["code"]) if row["level"] == "code" else None
        if missing is not None and missing.never:
            said.append(code_note(missing))
        if pd.isna(row["precision"]):
            said.append("precision undefined: nothing predicted")
        if pd.isna(row["recall"]) and not (missing is not None and missing.never):
            said.append("recall and F1 undefined: no example")
        if missing is not None and not missing.never:
            said.append(code_note(missing))
        notes.append("; ".join(said))
    return notes


def _macro_note(codes: pd.DataFrame, never: Sequence[Unlearned] = ()) -> str:
    said = [macro_note(len(codes), never)] if never else []
    codes = codes[~codes["code"].isin([u.code for u in never])]
    for name, why in (("precision", "nothing predicted"), ("recall", "no example")):
        undefined = codes[codes[name].isna()]
        if len(undefined):
            said.append(
                f"{name}: mean of {len(codes) - len(undefined)} of {len(codes)} codes "
                f"(undefined for {some_codes(list(undefined['code']))}: {why})"
            )
    return "; ".join(said)


def _mean(values: list[float]) -> float:
    kept = [v for v in values if v == v]
    return sum(kept) / len(kept) if kept else float("nan")
