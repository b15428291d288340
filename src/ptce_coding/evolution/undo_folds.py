"""What ``codebook undo`` tells of the codings a change made one with another (a « fold »,
store/twin_folds.py), and of the codings made or changed since that stop it.

A merge, or a split's re-assignment sheet, that gives a coder's coding a code they had on
that passage makes the two one: the other waits whole in the event log, and the undo gives it
back on its code, whatever was done since to the coding kept. Where that coding had been
given another code, or removed, the undo says which coding came back beside it; where the
passage is no longer there (the document's text replaced, the document gone), it says that
the coding stays in the history, and how to find it.

The undo is refused while codings use a code the codebook before the change does not have:
made since the change, or changed since (a coding of before given one of its new codes, one
another was made one with). The refusal says which, and that a coding holding a fold may take
another code: the coding folded into it comes back all the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ptce_coding.store import Store
from ptce_coding.store.twin_folds import FOLDED, Unfolded

# events that name a coding by creating it: not a change of it
MADE = ("coding.manual.add",)
LISTED = 3  # the folds a refusal names, the others counted


@dataclass(frozen=True)
class Since:
    """The codings that stop an undo, as the refusal tells them."""

    changed: bool  # an event since names one at least, other than the one that made it
    holding: tuple[tuple[int, list[Mapping[str, Any]]], ...]  # (coding, the codings folded in)


def since_the_change(store: Store, change: Mapping[str, Any], codes: Sequence[str]) -> Since:
    """What the codings of ``codes`` (codes the codebook before ``change``, a codebook
    change's event, does not have) went through since it: whether one was changed (an event
    since names it, other than the one that made it), and the folds of that change (its
    merge's, its split sheet's) they hold."""
    ids = [row.id for row in store.coding_rows(codes=list(codes), with_text=False)]
    events = store.coding_events(ids, int(change["id"]))
    token = change["details"].get("journal")
    holding = tuple(
        (int(event["details"]["coding"]), list(event["details"]["removed"]))
        for event in events
        if event["action"] == FOLDED
        and event["details"].get("removed")
        and event["details"].get("change") == token
    )
    return Since(any(event["action"] not in MADE for event in events), holding)


def refusal_words(since: Since) -> tuple[str, str]:
    """(how the refusal names the codings: « made since » or « made or changed since »,
    the sentence its hint starts with about the folds they hold, or "")."""
    made = "made or changed since" if since.changed else "made since"
    if not since.holding:
        return made, ""
    held = "; ".join(
        f"coding {kept} holds "
        + ", ".join(f"{row['coder']}'s coding {row['id']} of {row['code']}" for row in folded)
        for kept, folded in since.holding[:LISTED]
    )
    if len(since.holding) > LISTED:
        held += f"; and {len(since.holding) - LISTED} more: `ptce-coding history --action {FOLDED}`"
    return made, (
        f"The change made codings one ({held}): giving the coding kept another code, or "
        "removing it, keeps the one folded into it, which the undo gives back on its code. "
    )


def unfolded_lines(unfolded: Sequence[Unfolded]) -> list[str]:
    """What an undo tells of the codings it gave back, or could not, from a fold whose coding
    kept was changed or removed since (module docstring): one line each, said after what was
    undone (cli/codebook.py), since a coding « back » means nothing before the reader knows
    which change was taken back."""
    lines = []
    for coding in sorted(unfolded, key=lambda coding: coding.coding):
        whose = f"coding {coding.coding} ({coding.coder}, {coding.document})"
        kept = (
            f"coding {coding.kept}, removed since"
            if coding.kept_code is None
            else f"coding {coding.kept}, which keeps what was done to it since (code "
            f"{coding.kept_code})"
        )
        if coding.back:
            lines.append(
                f"  {whose} is back on {coding.code}: the change had made it one with {kept}"
            )
        else:
            lines.append(
                f"  warning: {whose} of {coding.code}, which the change had made one with "
                f"{kept}, cannot come back: the document's text was replaced since, or the "
                "document is gone; it is kept whole in the history (`ptce-coding history "
                f"--coding {coding.coding}`): code the passage again if it still applies"
            )
    return lines
