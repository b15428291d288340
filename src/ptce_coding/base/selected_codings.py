"""The codings a coder selection counts (:mod:`ptce_coding.base.coder_selection`), in a
frame of codings or in a list of store rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ptce_coding.base.coder_selection import MACHINE_CODERS, STRUCTURE_CODER, CoderSelection
from ptce_coding.base.records import CODING_COLUMNS, CodingRow


def select_codings(codings: pd.DataFrame, selection: CoderSelection) -> pd.DataFrame:
    """The codings (any status) a selection counts: the selected coders', less those a
    consensus decision overrides, plus the consensus's own. Statuses are filtered after."""
    if selection.coders:  # the interview's structure (structure.py) is no one's judgement
        keep = codings["coder"].isin([*selection.coders, STRUCTURE_CODER])
    else:  # every coder (the taggers' suggestions go when the statuses leave them out), but
        # a suggestion accepted where its reviewer had coded it already, which stays the
        # tagger's: a decision, not one more coding (store/review_decisions.py ``review``)
        keep = ~(
            codings["coder"].isin(MACHINE_CODERS)
            & (codings["status"] == "accepted")
            & codings["reviewed_by"].notna()
        )
    consensus = (
        codings["coder"] == selection.consensus
        if selection.consensus
        else pd.Series(False, index=codings.index)
    )
    mine = codings[keep & ~consensus]
    if not selection.consensus:
        return mine
    decisions = codings[consensus & codings["status"].isin(["accepted", "rejected"])]
    overridden = _overlapped(mine, decisions)
    return pd.concat([mine[~overridden], decisions], ignore_index=False).sort_index()


def select_rows(
    rows: list[CodingRow], selection: CoderSelection, statuses: tuple[str, ...]
) -> list[CodingRow]:
    """``select_codings`` on store rows (``store.coding_rows``, any status), then only
    ``statuses``; the rows keep their order."""
    if not selection.chosen:
        return [
            row
            for row in rows
            if row.status in statuses
            and not (row.coder in MACHINE_CODERS and row.status == "accepted" and row.reviewed_by)
        ]
    frame = pd.DataFrame([row.as_tuple() for row in rows], columns=list(CODING_COLUMNS))
    kept = set(select_codings(frame, selection).index)
    return [row for i, row in enumerate(rows) if i in kept and row.status in statuses]


def coders_used(codings: pd.DataFrame, selection: CoderSelection) -> list[str]:
    """The coders whose codings a selected frame counts; the taggers only when selected, the
    consensus never (it settles the coders' disagreements: it is not one more coder)."""
    if selection.coders:  # the chosen coders, even one whose codings the consensus replaced
        return list(selection.coders)
    names = sorted(set(codings["coder"]) - {selection.consensus, STRUCTURE_CODER})
    return [n for n in names if n not in MACHINE_CODERS]


def absent_coders(codings: pd.DataFrame, names: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Of ``names``, those with no coding (any status) in ``codings`` (a frame of every
    coder's); and the coders who have some, the interview's structure left out."""
    present = set(codings["coder"])
    return [n for n in names if n not in present], sorted(present - {STRUCTURE_CODER})


def _overlapped(codings: pd.DataFrame, decisions: pd.DataFrame) -> pd.Series:
    """For each coding: does a decision of the same code overlap it in the same document?"""
    hit = pd.Series(False, index=codings.index)
    if decisions.empty or codings.empty:
        return hit
    for (document, code), group in decisions.groupby(["document", "code"]):
        same = codings[(codings["document"] == document) & (codings["code"] == code)]
        if same.empty:
            continue
        starts = group["start"].to_numpy()[None, :]
        ends = group["end"].to_numpy()[None, :]
        covered = (same["start"].to_numpy()[:, None] < ends) & (
            same["end"].to_numpy()[:, None] > starts
        )
        hit.loc[same.index[np.any(covered, axis=1)]] = True
    return hit
