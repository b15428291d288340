"""The disagreements sheet: every unit and code where the compared coders differ, for the
group's consensus meeting, with the decisions the consensus took already filled in.

The sheet is read back by ``codings import`` as the consensus coder's codings (a `decision`
of yes or no per row, ``interop/codings_reader.py``). A decision the consensus took on an
earlier sheet fills in its row (``decision_on``, as the coder selection applies decisions:
``base/selected_codings.py``), so a decided disagreement is never offered again as
undecided; a row decided on part of its passage only is named (``partly_decided``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

from ptce_coding.analysis.agreement_table import Agreement
from ptce_coding.codebook.model import Codebook

DECIDED = {"accepted": "yes", "rejected": "no"}  # a consensus coding's status, as the sheet says


@dataclass(frozen=True)
class Decided:
    """A consensus decision found for a row of the disagreements sheet: its ``decision``
    (yes, no) when one covers the row's whole passage, else the decisions on part of it
    (``parts``: « no on 74–118 »), which leave the rest of the passage undecided, or the
    contradiction of a « yes » and a « no » on all of it."""

    decision: str = ""
    parts: tuple[str, ...] = ()


def decision_on(decisions: pd.DataFrame, document: str, start: int, end: int, code: str) -> Decided:
    """What the consensus ``decisions`` (codings of the consensus coder, accepted or
    rejected) decided of ``code`` on the passage ``start``–``end`` of ``document``, as the
    coder selection applies them (``base/selected_codings.py``): a decision of that code,
    or a « no » on a code above it (which takes out the codes under it). A decision that
    covers the passage decides it; one on part of it decides that part only. Two decisions
    that cover it and disagree decide nothing (the sheet leaves it to the group)."""
    if decisions.empty:
        return Decided()
    above = decisions["code"].map(lambda other: code.startswith(f"{other}.")).astype(bool)
    mine = decisions[
        (decisions["document"] == document)
        & (decisions["start"] < end)
        & (decisions["end"] > start)
        & ((decisions["code"] == code) | ((decisions["status"] == "rejected") & above))
    ]
    whole = mine[(mine["start"] <= start) & (mine["end"] >= end)]
    said = {DECIDED[status] for status in whole["status"]}
    if len(said) == 1:
        return Decided(decision=said.pop())
    if said:  # a yes and a no on the whole passage: the group's to settle again
        return Decided(parts=("yes and no, both on the whole passage",))
    parts = tuple(
        f"{DECIDED[status]} on {first}–{last}"
        for status, first, last in sorted(
            zip(mine["status"], mine["start"], mine["end"], strict=True), key=lambda p: p[1]
        )
    )
    return Decided(parts=parts)


def disagreements(
    result: Agreement,
    codebook: Codebook,
    texts: dict[str, str],
    decisions: pd.DataFrame | None = None,
    consensus: str = "consensus",
) -> pd.DataFrame:
    """Every (unit, code) where the coders differ, ready for the consensus meeting.

    The sheet can be edited and imported back with ``codings import``: fill ``decision``
    with yes (the code applies) or no; rows left empty are not imported. ``decisions`` are
    the decisions ``consensus`` holds already (``decision_on``): a row they decide has its
    ``decision`` filled in (imported again, it is « already present »; changed, it goes in
    with ``--update``), so a decided disagreement is never offered again as undecided.
    """
    rows = []
    info = result.units.set_index(["document", "segment"])
    held = decisions if decisions is not None and not decisions.empty else pd.DataFrame()
    # each document's decisions, read once (a sheet has a row per unit and code)
    by_document = (
        {str(name): group for name, group in held.groupby("document")} if len(held) else {}
    )
    none = pd.DataFrame()
    for code, frame in result.presence.items():
        differ = frame[frame.nunique(axis=1) > 1]
        for key, votes in differ.iterrows():
            document, segment = cast("tuple[str, int]", key)  # the index of presence frames
            unit_row = cast("pd.Series[Any]", info.loc[(document, segment)])  # a unique key
            start, end = int(unit_row["start"]), int(unit_row["end"])
            rows.append(
                {
                    "document": document,
                    "case": unit_row["case"],
                    "segment": segment if segment >= 0 else "",
                    "start": start,
                    "end": end,
                    "code": code,
                    "label": codebook.get(code).label,
                    **{f"coded by {coder}": int(votes[coder]) for coder in result.coders},
                    # a whole document does not fit in a cell: its passage is left out
                    "text": texts[document][start:end] if result.unit == "segment" else "",
                    "coder": consensus,
                    "decision": decision_on(
                        by_document.get(document, none), document, start, end, code
                    ).decision,
                }
            )
    return pd.DataFrame(rows)


def partly_decided(sheet: pd.DataFrame, decisions: pd.DataFrame) -> list[str]:
    """The rows of a disagreements ``sheet`` left undecided that ``decisions`` decide on
    part of their passage only, or both ways, as « document start–end CODE (no on 74–118) »:
    the rest of the passage is the group's to decide."""
    found: list[str] = []
    if sheet.empty or decisions.empty:
        return found
    for document, start, end, code, decision in zip(
        sheet["document"],
        sheet["start"],
        sheet["end"],
        sheet["code"],
        sheet["decision"],
        strict=True,
    ):
        if decision:
            continue
        parts = decision_on(decisions, document, int(start), int(end), code).parts
        if parts:
            found.append(f"{document} {start}–{end} {code} ({'; '.join(parts)})")
    return found
