"""The codings a coder selection counts (:mod:`ptce_coding.base.coder_selection`), in a
frame of codings or in a list of store rows.

A consensus decision settles a code on a passage at the level it was taken (a
disagreements workbook of `agreement --level 1` decides the axes): its « no » overrides the
selected coders' codings of that code and of every code under it overlapping the passage
(a coding of MORPH.EMPLOI.CAE is a coding of MORPH too, which the group refused there); its
« yes » stands for their codings of that code, and their codings of the codes under it stay
(they say more precisely what the group confirmed, and were not what it decided). A code is
under another when its id extends the other's with a dot, as the codebook's ids do
(`codebook validate` warns about an id off its tree)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ptce_coding.base.coder_selection import MACHINE_CODERS, STRUCTURE_CODER, CoderSelection
from ptce_coding.base.notices import say
from ptce_coding.base.records import CODING_COLUMNS, CodingRow

# the notes said so far in this process: a command selects codings several times (`run`: the
# matrices, the network, the report), `serve` at each page; each note is said once
told: set[str] = set()


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
    _note_unapplied(mine)
    if not selection.consensus:
        return mine
    decisions = codings[consensus & codings["status"].isin(["accepted", "rejected"])]
    overridden = _overridden(mine, decisions)
    return pd.concat([mine[~overridden], decisions], ignore_index=False).sort_index()


def select_rows(
    rows: list[CodingRow], selection: CoderSelection, statuses: tuple[str, ...]
) -> list[CodingRow]:
    """``select_codings`` on store rows (``store.coding_rows``, any status), then only
    ``statuses``; the rows keep their order."""
    if not selection.chosen:
        _note_unapplied(
            pd.DataFrame({"coder": [r.coder for r in rows], "status": [r.status for r in rows]})
        )
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


def unapplied_decisions(codings: pd.DataFrame) -> dict[str, int]:
    """Of the codings a selection counts (its consensus left out), the people who hold « no »
    decisions (codings of their own rejected: a filled disagreements workbook imported under
    their name; a tagger's rejected suggestion stays the tagger's) → how many. Nothing
    applies those decisions: such a coder is pooled as one more coder, whose « no » removes
    nothing."""
    people = ~codings["coder"].isin([*MACHINE_CODERS, STRUCTURE_CODER])
    refused = codings[people & (codings["status"] == "rejected")]
    return {str(name): int(n) for name, n in refused["coder"].value_counts().sort_index().items()}


def _note_unapplied(codings: pd.DataFrame) -> None:
    """Tell whoever runs the command (``notices``) that a coder counted holds consensus
    decisions which nothing applies, and how to apply them."""
    for name, count in unapplied_decisions(codings).items():
        note = (
            f"Note: coder {name} holds {count} « no » decision(s) (a filled disagreements "
            f"workbook imported as {name}?) that are not applied: {name} is not the consensus "
            f"here, so it counts as one more coder and its « no » removes nothing. To apply "
            f"them, set `analysis: {{consensus: {name}}}` in project.yaml, or give "
            f"--consensus {name}."
        )
        if note not in told:
            told.add(note)
            say(note)


def _overridden(codings: pd.DataFrame, decisions: pd.DataFrame) -> pd.Series:
    """For each coding: does a consensus decision in its document, overlapping it, settle
    it? A decision settles the codings of its code; a « no » those of the codes under it too
    (the module's docstring)."""
    hit = pd.Series(False, index=codings.index)
    if decisions.empty or codings.empty:
        return hit
    for (document, code, status), group in decisions.groupby(["document", "code", "status"]):
        settled = codings["code"] == code
        if status == "rejected":
            settled |= codings["code"].str.startswith(f"{code}.")
        same = codings[(codings["document"] == document) & settled]
        if same.empty:
            continue
        starts = group["start"].to_numpy()[None, :]
        ends = group["end"].to_numpy()[None, :]
        covered = (same["start"].to_numpy()[:, None] < ends) & (
            same["end"].to_numpy()[:, None] > starts
        )
        hit.loc[same.index[np.any(covered, axis=1)]] = True
    return hit
