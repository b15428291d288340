"""What of a matrix rests on suggestions accepted by threshold (`review --accept-above`):
each coder's share of the codings it counts, and each cell's part (the `by_threshold` sheet)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from ptce_coding.analysis.unread_codings import UnreadShare, unread_shares
from ptce_coding.app.matrix_job import MatrixRequest, matrix_of, selected
from ptce_coding.base.selected_codings import one_per_coding

if TYPE_CHECKING:
    from ptce_coding.codebook.model import Codebook
    from ptce_coding.store import Store


def threshold_counted(store: Store, request: MatrixRequest) -> list[UnreadShare]:
    """Of the codings the request counts when acceptances by threshold count as their
    reviewer's (``without_threshold`` off), how many of each coder's accepted ones are
    acceptances by threshold (`review --accept-above`): what ``without_threshold`` leaves
    to the tagger, or left. Empty when none is among them. A coding a consensus decision
    cut in pieces counts once."""
    marks = store.threshold_acceptances()
    if not marks:
        return []
    _, codings = selected(store, replace(request, without_threshold=False), with_text=False)
    codings = one_per_coding(codings)
    return unread_shares(codings, marks, sorted(set(codings["coder"])))


# the matrices whose cells count codings, of which a part can rest on acceptances by threshold
THRESHOLD_PART_VALUES = ("count", "documents")


def threshold_part(store: Store, codebook: Codebook, request: MatrixRequest) -> pd.DataFrame | None:
    """Of each cell of a count (or documents) matrix of accepted codings, how much rests on
    suggestions accepted by threshold (`review --accept-above`): what the cell would lose
    without them (``without_threshold``), 0 where nothing; None for another matrix, or when
    no coding it counts was accepted by threshold. Rows and columns as the matrix's."""
    if (
        request.kind != "crosstab"
        or request.value not in THRESHOLD_PART_VALUES
        or request.status != "accepted"
        or request.without_threshold
    ):
        return None
    marks = store.threshold_acceptances()
    if not marks:
        return None
    segments, codings = selected(store, request)
    batched = codings["id"].isin(list(marks)) if not codings.empty else None
    if batched is None or not batched.any():
        return None
    every = matrix_of(segments, codings, codebook, request)
    read = matrix_of(segments, codings[~batched], codebook, request)
    # a row coded by acceptances by threshold only is empty without them: all it has rests on them
    part = every.astype(float).fillna(0) - read.astype(float).fillna(0)
    # whole numbers, and empty where the matrix is (a row nothing counted codes)
    return (
        part.where(every.notna())
        .astype(object)
        .map(lambda value: None if pd.isna(value) else int(value))
    )
