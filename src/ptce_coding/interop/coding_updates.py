"""Rows of a codings file that change codings already in the store.

With ``--update``, a row whose `id` names a person's coding gives it its code, passage, status
and memo, and a row without `id` that falls on a stored coding (document, span, code, coder)
gives it its filled status and memo cells (``row_updates``); a tagger's coding is never changed
(``tagger_rows``). A row of a split's re-assignment sheet gives a stored coding of the split
code its new code (``reassigned_values``). Without ``--update`` such rows are refused:
``edited_codings``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace

from ptce_coding.base.records import Coding, CodingRow
from ptce_coding.interop.stored_coding import (
    CodingKey,
    asks_no_change,
    coding_key,
    described,
    gives_status,
    made_by_a_person,
    spaced,
)
from ptce_coding.interop.tagger_rows import suggestion_edited


def row_updates(
    row: Mapping[Hashable, str],
    found: list[Coding],
    old: CodingRow | None,
    held: Mapping[CodingKey, list[CodingRow]],
) -> tuple[list[Coding], list[tuple[int, Coding]], str]:
    """With --update, of a row's codings: those to add (a stored one given as it is among
    them: « already present »), and the stored codings the row changes, as (id, new values);
    or why the row is refused. A row whose `id` names ``old``, a person's coding, changes
    its code, passage, status and memo (``_by_id``). A coding of a row without id that falls
    on a stored one (document, span, code, coder) gives it its filled status and memo cells."""
    adds: list[Coding] = []
    edits: list[tuple[int, Coding]] = []
    if old is not None:
        given, new, problem = _by_id(row, found, old, held)
        if problem:
            return [], [], problem
        found = [coding for coding in found if coding is not given]
        if _same_values(new, old):
            adds.append(new)
        else:
            edits.append((old.id, new))
    for coding in found:
        stored = held.get(coding_key(coding), [])
        if not stored or any(asks_no_change(row, coding, s) for s in stored):
            adds.append(coding)
            continue
        people = [s for s in stored if made_by_a_person(s)]
        if not people:
            return [], [], suggestion_edited(stored[0], f"it falls on coding {stored[0].id}, ")
        if len(people) > 1:
            return (
                [],
                [],
                (
                    f"it falls on {len(people)} codings of {coding.coder} "
                    f"({', '.join(str(s.id) for s in people)}: {coding.code} at "
                    f"{coding.start}-{coding.end}): fill the `id` cell with the one to change"
                ),
            )
        memo = coding.memo or people[0].memo
        edits.append((people[0].id, _edited_values(row, coding, people[0], memo)))
    return adds, edits, ""


def _by_id(
    row: Mapping[Hashable, str],
    found: list[Coding],
    old: CodingRow,
    held: Mapping[CodingKey, list[CodingRow]],
) -> tuple[Coding, Coding, str]:
    """Of the row's codings, the one that changes coding ``old``, which its `id` names (the
    coding of ``old``'s code, or the only one), and the new values it gives it; or why the
    row may not change it. An emptied `status` cell keeps the stored status; an emptied
    `memo` cell removes the memo (the history keeps it)."""
    target = next((c for c in found if c.code == old.code), found[0])
    problem = _not_by_id(found, old)
    if problem:
        return target, target, problem
    new = _edited_values(row, target, old, target.memo if "memo" in row else old.memo)
    twin = next((s for s in held.get(coding_key(new), []) if s.id != old.id), None)
    if twin is not None:
        return (
            target,
            new,
            (
                f"its `id` names coding {old.id}, which would become {new.code} at "
                f"{new.start}-{new.end}: {new.coder} has that coding already (coding {twin.id}). "
                f"Delete the row of the one to drop, or give coding {old.id} its stored code and "
                "passage back"
            ),
        )
    return target, new, ""


def _not_by_id(found: list[Coding], old: CodingRow) -> str:
    """Why the row's codings may not change coding ``old``, which its `id` names: another
    coder's, another document, or several codes none of which is ``old``'s; else ""."""
    given = found[0]
    if given.coder != old.coder:
        return (
            f"its `id` names coding {old.id}, {old.coder}'s, and its coder is {given.coder}: "
            "a coding is changed by its own coder only. Empty the `id` cell to add the row as "
            f"{given.coder}'s coding (coding {old.id} stays)"
        )
    if given.document != old.document:
        return (
            f"its `id` names coding {old.id}, of {old.document!r}, and the row says "
            f"{given.document!r}: a coding does not move to another document. Empty the `id` "
            f"cell to add the row's coding there (coding {old.id} stays)"
        )
    if len(found) > 1 and all(c.code != old.code for c in found):
        return (
            f"its `id` names coding {old.id} ({old.code}) and its `code` cell holds "
            f"{', '.join(c.code for c in found)}: write alone the code coding {old.id} is to "
            "have, and each other code on a row without `id`"
        )
    return ""


def _edited_values(
    row: Mapping[Hashable, str], coding: Coding, old: CodingRow, memo: str | None
) -> Coding:
    """Stored coding ``old`` as row ``coding`` makes it, with ``memo``: the stored status
    when the row gives none, the stored memo when the row's is the same spaces aside."""
    return replace(
        coding,
        method=old.method,
        status=coding.status if gives_status(row) else old.status,
        memo=old.memo if spaced(memo) == spaced(old.memo) else memo,
    )


def _same_values(new: Coding, old: CodingRow) -> bool:
    """Whether ``new`` leaves stored coding ``old`` as it is."""
    return (new.code, new.start, new.end, new.status, new.memo) == (
        old.code,
        old.start,
        old.end,
        old.status,
        old.memo,
    )


# --- a split's re-assignment sheet: rows that recode stored codings --------------------------


def reassigned_values(
    row: Mapping[Hashable, str], coding: Coding, old: CodingRow, *, update: bool
) -> tuple[Coding, str]:
    """Stored coding ``old``, of the code a re-assignment row's `former_code` names, as the
    row makes it: its new code (``coding.code``), its passage, and the stored status and
    memo unless the row gives others (an empty cell keeps the stored one); or why the row is
    refused. A re-assignment changes the code: another status or memo is applied with
    ``update`` only, as any edit of a stored coding, and to a person's coding only (a
    suggestion accepted in the review keeps the review's)."""
    memo = old.memo if not coding.memo or spaced(coding.memo) == spaced(old.memo) else coding.memo
    status = coding.status if gives_status(row) else old.status
    values = replace(coding, method=old.method, status=status, memo=memo)
    in_store, in_row = [], []
    if status != old.status:
        in_store.append(f"status {old.status}")
        in_row.append(f"status {status}")
    if memo != old.memo:
        in_store.append(f"memo {old.memo or ''!r}")
        in_row.append(f"memo {memo!r}")
    if not in_row:
        return values, ""
    subject = (
        f"it re-assigns coding {old.id} ({described(old)}) and gives it {' and '.join(in_row)}"
        f" (in the store: {' and '.join(in_store)})"
    )
    if not made_by_a_person(old):
        return values, (
            f"{subject}, and coding {old.id} is a suggestion of the {old.method} tagger accepted "
            f"by {old.reviewed_by or old.coder} in the review: a re-assignment gives it its new "
            "code, its status and memo stay the review's. Copy the stored ones into the row (or "
            "empty those cells) and import again"
        )
    if not update:
        fields = " and ".join(name.split()[0] for name in in_row)  # « status and memo »
        return values, (
            f"{subject}: an import re-assigns the coding and changes nothing else of it. To "
            f"apply the row's {fields} too, import the file with --update; to keep the store's, "
            "copy it into the row (or empty the cell)"
        )
    return values, ""
