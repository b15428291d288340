"""The codings a split's re-assignment sheet gave their new codes, as ``codebook undo`` of the
split gives them back.

`codings import` of a split's sheet (``Store.reassign_codings``) gives each coding filled its
new code, in an event with the code it had and the code it got, by their ids of that day. A
rename or a move made since the split, before the import or after it, gave those ids other
names (the sheet's `former_code` is followed to the split code's id of the day). When the split
is undone, every change made since is undone already, the newest first, each having given its
codes their ids back, and the codebook is the split's again. Each coding the sheet re-assigned
goes back to the split code, by its id at the split (the split's ``source``), when it has:

- the code the sheet gave it, as the changes since named it in turn (the re-assignment's
  event, then each codebook change, undo or later re-assignment whose event names the coding:
  ``Store.recodings_of``), a code of the codebook before the split included;
- or one of the split's new codes that a person gave it since (`codings import --update`):
  the split code is retired, no command could have given it back, and the new codes go.

A coding a person gave another code of the codebook before the split keeps it; one made on a
new code since stops the undo (``codebook_undo``: a person's work the undo would lose).

A re-assignment recorded by an earlier version, which did not find the split under a renamed
id, carries no journal token: it is the split's when, as the changes stood that day, its code
was the split code's (``split_of``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ptce_coding.store import Store
from ptce_coding.store.recoding import split_of

Move = tuple[int, str, str]  # coding id, the code it has now, the code to give it back


def reassigned_back(store: Store, split: Mapping[str, Any]) -> list[Move]:
    """Each coding the re-assignment sheet of ``split`` (its ``codebook.change`` event)
    gave a new code, for ``Store.code_back``: (its id, the code it has now, the split code's
    id at the split), as the module docstring says. One folded since into a coding of its
    coder (gone from the store: ``Store.fold_twins``) is given with the code of its event,
    for the fold's undo."""
    details = split["details"]
    token, source = details.get("journal"), str(details.get("source"))
    changes = store.codebook_changes()
    events = [
        event for event in store.reassignments(split["id"]) if _of_split(event, token, changes)
    ]
    ids = [int(event["details"]["coding"]) for event in events]
    recodings = store.recodings_of(ids, split["id"])
    into = {str(code) for code in details.get("into") or []}
    now = {row.id: row.code for row in store.coding_rows(codes=sorted(into), with_text=False)}
    moves: dict[int, Move] = {}
    for event, coding in zip(events, ids, strict=True):
        code = _followed(coding, str(event["details"]["after"]), event["id"], recodings)
        moves[coding] = (coding, now.get(coding, code), source)
    return list(moves.values())


def _followed(coding: int, code: str, since: int, recodings: Sequence[Mapping[str, Any]]) -> str:
    """The code the events after the event ``since`` gave ``coding`` from ``code``."""
    for event in recodings:
        moved = event["details"]
        if event["id"] > since and coding in moved["codings"] and moved["before"] == code:
            code = str(moved["after"])
    return code


def _of_split(
    event: Mapping[str, Any], token: object, changes: Sequence[Mapping[str, Any]]
) -> bool:
    """Whether the re-assignment ``event`` is of the split of journal ``token``: its token,
    or, without one, the split its code was then (``split_of``)."""
    journal = event["details"].get("journal")
    if journal:
        return bool(journal == token)
    then = [change["details"] for change in changes if change["id"] < event["id"]]
    found = split_of(then, str(event["details"].get("before")))
    return found is not None and found.get("journal") == token
