"""The codings a coder selection counts (:mod:`ptce_coding.base.coder_selection`), in a
frame of codings or in a list of store rows.

A consensus decision settles a code on a passage at the level it was taken (a
disagreements workbook of `agreement --level 1` decides the axes): its « no » overrides the
selected coders' codings of that code and of every code under it overlapping the passage
(a coding of MORPH.EMPLOI.CAE is a coding of MORPH too, which the group refused there); its
« yes » stands for their codings of that code, and their codings of the codes under it stay
(they say more precisely what the group confirmed, and were not what it decided). A code is
under another when its id extends the other's with a dot, as the codebook's ids do
(`codebook validate` warns about an id off its tree).

A decision settles its passage only: a coding that runs beyond it still counts outside it.
Its passage is the segments (speaker turns) it touches, when they are given (``units``): a
decision written on part of a turn settles the turn, the unit that a disagreements sheet
lists and a matrix counts (else a « no » on one sentence would leave the rest of the
coder's coding in that turn counting it as coded).
Such a coding is cut, in memory (the stored coding never changes), into the pieces the
decisions leave: each piece is a row of its own, with the coding's index label, id and
fields, its own start and end, and its part of the coded text. A piece that holds no letter
or digit (the line break after a decided turn) is dropped when the text is at hand; without
it, such a piece overlaps no segment and counts nowhere. ``one_per_coding`` counts a cut
coding once."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ptce_coding.base.coder_selection import MACHINE_CODERS, STRUCTURE_CODER, CoderSelection
from ptce_coding.base.notices import say
from ptce_coding.base.records import CODING_COLUMNS, CodingRow

# the notes said so far in this process: a command selects codings several times (`run`: the
# matrices, the network, the report), `serve` at each page; each note is said once
told: set[str] = set()


def select_codings(
    codings: pd.DataFrame, selection: CoderSelection, units: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The codings (any status) a selection counts: the selected coders', less the passages
    consensus decisions settle (a coding partly decided is cut: the module's docstring), plus
    the consensus's own. Statuses are filtered after. ``units`` (document, start, end: the
    segments) widen each decision to the segments it touches (``settled_passages``)."""
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
    _note_unapplied(mine, declined=selection.declined)
    _note_uncounted(codings[~keep & ~consensus], selection)
    if not selection.consensus:
        return mine
    decisions = codings[consensus & codings["status"].isin(["accepted", "rejected"])]
    # stable: the pieces of a cut coding share its label, and stay in their order
    settled = settled_passages(decisions, units)
    return pd.concat([_outside_decisions(mine, settled), decisions]).sort_index(kind="stable")


def settled_passages(decisions: pd.DataFrame, units: pd.DataFrame | None) -> pd.DataFrame:
    """``decisions`` with each passage widened to the whole of the ``units`` (segments:
    document, start, end) it touches: what a decision settles (the decision itself keeps
    its passage, and its quotation). Unchanged without units, or where it touches none."""
    if units is None or units.empty or decisions.empty:
        return decisions
    spans = decisions[["document", "start", "end"]].rename_axis("at").reset_index()
    pairs = spans.merge(
        units[["document", "start", "end"]].rename(columns={"start": "u_start", "end": "u_end"}),
        on="document",
    )
    touched = pairs[(pairs["u_start"] < pairs["end"]) & (pairs["u_end"] > pairs["start"])]
    if touched.empty:
        return decisions
    bounds = touched.groupby("at").agg(first=("u_start", "min"), last=("u_end", "max"))
    widened = decisions.copy()
    at = bounds.index
    widened.loc[at, "start"] = np.minimum(widened.loc[at, "start"], bounds["first"])
    widened.loc[at, "end"] = np.maximum(widened.loc[at, "end"], bounds["last"])
    return widened


def select_rows(
    rows: list[CodingRow],
    selection: CoderSelection,
    statuses: tuple[str, ...],
    units: pd.DataFrame | None = None,
) -> list[CodingRow]:
    """``select_codings`` on store rows (``store.coding_rows``, any status), then only
    ``statuses``; the rows keep their order, a coding cut by a decision as its pieces (rows
    with its id, their own start, end and text); ``units`` as ``select_codings``'s."""
    if not selection.chosen:
        _note_unapplied(
            pd.DataFrame({"coder": [r.coder for r in rows], "status": [r.status for r in rows]}),
            declined=selection.declined,
        )
        return [
            row
            for row in rows
            if row.status in statuses
            and not (row.coder in MACHINE_CODERS and row.status == "accepted" and row.reviewed_by)
        ]
    frame = pd.DataFrame([row.as_tuple() for row in rows], columns=list(CODING_COLUMNS))
    kept = select_codings(frame, selection, units)  # labelled by the rows' positions
    found = []
    for i, start, end in zip(kept.index, kept["start"], kept["end"], strict=True):
        row = rows[i]
        if row.status not in statuses:
            continue
        if (start, end) != (row.start, row.end):  # a piece of a coding a decision cut
            text = row.text[start - row.start : end - row.start] if row.text else row.text
            row = replace(row, start=int(start), end=int(end), text=text)
        found.append(row)
    return found


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


def _note_unapplied(codings: pd.DataFrame, *, declined: bool = False) -> None:
    """Tell whoever runs the command (``notices``) that a coder counted holds consensus
    decisions which nothing applies, and how to apply them; ``declined``: no consensus was
    asked for on purpose (--consensus none), then the fact only, no advice to apply one."""
    for name, count in unapplied_decisions(codings).items():
        said = (
            f"Note: coder {name} holds {count} « no » decision(s) (a filled disagreements "
            f"workbook imported as {name}?) that are not applied: "
        )
        if declined:
            note = (
                f"{said}with --consensus none, {name} counts as one more coder and its « no » "
                "removes nothing."
            )
        else:
            note = (
                f"{said}{name} is not the consensus here, so it counts as one more coder and its "
                f"« no » removes nothing. To apply them, set `analysis: {{consensus: {name}}}` "
                f"in project.yaml, or give --consensus {name}."
            )
        if note not in told:
            told.add(note)
            say(note)


def below_decided(codings: pd.DataFrame, consensus: str | None, level: int | None) -> pd.DataFrame:
    """``codings`` (selected, statuses filtered) as counted at ``level``: less the consensus
    « yes » that stands, on its passage, for codings of the codes under its code, when
    ``level`` is deeper than its code. There the coders' sub-codes count the passage; the
    « yes » would add its code as one more category for the same passage (an artefact of
    deciding at `--level 1`: `compare` at level 2 read OBJ and OBJ.PROMOTION_ESS for one
    passage). At its own level and above it is kept (the sub-codes roll up to its code: the
    passage counts once); at full depth (``level`` None) too, as the README says: the
    coders' sub-codes stay beside the consensus's axis."""
    if not consensus or level is None or codings.empty:
        return codings
    yes = np.flatnonzero(
        ((codings["coder"] == consensus) & (codings["status"] == "accepted")).to_numpy()
    )
    yes = yes[codings["code"].iloc[yes].str.count(r"\.").to_numpy() + 1 < level]
    others = codings[(codings["coder"] != consensus).to_numpy()]
    drop = []
    for i in yes:
        row = codings.iloc[i]
        under = others[
            (others["document"] == row["document"])
            & others["code"].str.startswith(f"{row['code']}.")
            & (others["start"] < row["end"])
            & (others["end"] > row["start"])
        ]
        if not under.empty:
            drop.append(i)
    if not drop:
        return codings
    keep = np.ones(len(codings), dtype=bool)
    keep[drop] = False
    return codings[keep]


def uncounted_coders(codings: pd.DataFrame, selection: CoderSelection) -> dict[str, int]:
    """Of ``codings`` (a frame of every coder's), the people a selection naming coders leaves
    out (neither its coders nor its consensus) → how many accepted codings of theirs it does
    not count; none when it names no coder (every coder counts)."""
    if not selection.coders:
        return {}
    left = ~codings["coder"].isin(
        [*selection.coders, *MACHINE_CODERS, STRUCTURE_CODER, selection.consensus]
    )
    theirs = codings[left & (codings["status"] == "accepted")]
    return {str(name): int(n) for name, n in theirs["coder"].value_counts().sort_index().items()}


def uncounted_note(imported: dict[str, int], analysis: CoderSelection) -> str:
    """What `codings import` says of the coders it imported (name → codings) whom the
    project's ``analysis`` setting leaves out of every count: `analysis.coders` names others
    ('' when it names none, or all of them)."""
    if not analysis.coders:
        return ""
    notes = [
        f"Note: {name} is not in analysis.coders ({', '.join(analysis.coders)}): "
        f"{'this coding is' if n == 1 else f'these {n} codings are'} not counted by matrix, "
        f"report, export qdpx, network, evaluate and compare until {name} is listed there "
        f"(or named with --coders)"
        for name, n in sorted(imported.items())
        if name not in (*analysis.coders, analysis.consensus, *MACHINE_CODERS, STRUCTURE_CODER)
    ]
    return "\n".join(notes)


def _note_uncounted(left: pd.DataFrame, selection: CoderSelection) -> None:
    """Tell whoever runs the command (``notices``) that `analysis.coders` in project.yaml
    leaves coders with codings out of the count, and how many codings of theirs; once per
    coder and process. Coders left out by --coders on the command line were chosen there:
    nothing is said."""
    if selection.asked:
        return
    for name, count in uncounted_coders(left, selection).items():
        if f"uncounted {name}" in told:
            continue
        told.add(f"uncounted {name}")
        say(
            f"Note: not counted: {name} ({count} coding{'s' if count > 1 else ''}), not in "
            f"`analysis.coders` of project.yaml ({', '.join(selection.coders)}); to count "
            f"them, add {name} there, or give --coders "
            f"{','.join([*selection.coders, name])}."
        )


def one_per_coding(codings: pd.DataFrame) -> pd.DataFrame:
    """``codings`` (``select_codings``) with one row per coding, to count codings: the
    pieces a consensus decision cut a coding into (one id) count once."""
    if "id" not in codings.columns:
        return codings
    return codings[~(codings["id"].duplicated() & codings["id"].notna())]


def _outside_decisions(codings: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """``codings`` less the passages consensus decisions settle (the module's docstring):
    a coding wholly decided goes, one partly decided is cut into the pieces outside."""
    decided = _decided_passages(codings, decisions)
    if not decided:
        return codings
    untouched = np.ones(len(codings), dtype=bool)
    untouched[list(decided)] = False
    pieces = [_pieces(codings.iloc[[i]], passages) for i, passages in decided.items()]
    return pd.concat([codings[untouched], *(p for p in pieces if not p.empty)])


def _decided_passages(
    codings: pd.DataFrame, decisions: pd.DataFrame
) -> dict[int, list[tuple[int, int]]]:
    """Position of each coding a consensus decision settles → the passages (start, end) of
    the decisions that settle it: those of its document, of its code (a « no » of a code
    above it too) that overlap it."""
    found: dict[int, list[tuple[int, int]]] = {}
    if decisions.empty or codings.empty:
        return found
    for (document, code, status), group in decisions.groupby(["document", "code", "status"]):
        settled = codings["code"] == code
        if status == "rejected":
            settled |= codings["code"].str.startswith(f"{code}.")
        same = np.flatnonzero((codings["document"] == document) & settled)
        if not len(same):
            continue
        starts = group["start"].to_numpy()
        ends = group["end"].to_numpy()
        covered = (codings["start"].to_numpy()[same][:, None] < ends[None, :]) & (
            codings["end"].to_numpy()[same][:, None] > starts[None, :]
        )
        for row, hits in zip(same, covered, strict=True):
            if hits.any():
                passages = zip(starts[hits].tolist(), ends[hits].tolist(), strict=True)
                found.setdefault(int(row), []).extend(passages)
    return found


def _pieces(coding: pd.DataFrame, passages: list[tuple[int, int]]) -> pd.DataFrame:
    """The pieces of ``coding`` (a frame of one row) outside ``passages``: its rows repeated
    with their own start, end and text (none when the decided passages cover it)."""
    start, end = int(coding["start"].iloc[0]), int(coding["end"].iloc[0])
    spans = []
    at = start
    for first, last in sorted(passages):
        if first > at:
            spans.append((at, min(first, end)))
        at = max(at, last)
        if at >= end:
            break
    if at < end:
        spans.append((at, end))
    text = coding["text"].iloc[0] if "text" in coding.columns else None
    if isinstance(text, str):  # a piece of spaces and punctuation codes nothing
        spans = [(a, b) for a, b in spans if any(c.isalnum() for c in text[a - start : b - start])]
    pieces = coding.iloc[[0] * len(spans)].copy()
    pieces["start"] = [a for a, _ in spans]
    pieces["end"] = [b for _, b in spans]
    if isinstance(text, str):
        pieces["text"] = [text[a - start : b - start] for a, b in spans]
    return pieces
