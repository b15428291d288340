"""Twin codings: passages where one coder's decisions on two codes became decisions on one
code, after a merge (made one coding each: ``Store.fold_twins``) or a hand rename onto a code
of the codebook (both kept, only counted)."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from ptce_coding.base.records import CodingRow
from ptce_coding.store import Store


class Folded(NamedTuple):
    """What `fold_twins` did and found (the fields of ``codebook_ops.Change`` it sets)."""

    folded: int
    twins: int
    conflicts: int


def fold_twins(store: Store, token: str) -> Folded:
    """After the merge's recoding (its events carry ``token``): one coding per coder,
    passage and code (``Store.fold_twins``); ``twins`` and ``conflicts`` count the passages
    where decisions that are not a person's own coding (a tagger's rejected suggestions)
    still stand twice."""
    moved = {
        int(coding): (str(event["details"]["before"]), str(event["details"]["after"]))
        for event in store.recoded_by(token)
        for coding in event["details"].get("codings", [])
    }
    folded = store.fold_twins(moved, change=token)
    decided = store.coding_rows(
        statuses=["accepted", "rejected"],
        codes=sorted({after for _, after in moved.values()}),
        with_text=False,
    )
    groups: dict[tuple[str, int, int, str, str], list[CodingRow]] = defaultdict(list)
    for row in decided:
        groups[(row.document, row.start, row.end, row.coder, row.code)].append(row)
    twins = [rows for rows in groups.values() if len(rows) > 1 and any(r.id in moved for r in rows)]
    conflicts = sum(len({row.status for row in rows}) > 1 for rows in twins)
    return Folded(folded, len(twins), conflicts)


def twins_of(store: Store, mapping: dict[str, str]) -> tuple[int, int]:
    """``count_twins`` for each code that ``mapping`` moves codings onto, summed."""
    found = [
        count_twins(store, [*(old for old, new in mapping.items() if new == target), target])
        for target in sorted(set(mapping.values()))
    ]
    return sum(t for t, _ in found), sum(c for _, c in found)


def count_twins(store: Store, merged: list[str]) -> tuple[int, int]:
    """Passages where one coder decided (accepted or rejected) two of the ``merged`` codes,
    which a hand rename onto a code of the codebook makes two decisions on one code; and, of
    those, where one was accepted and another rejected. Both codings are kept: this only says
    so (a merge makes them one: ``fold_twins``)."""
    decided = store.coding_rows(statuses=["accepted", "rejected"], codes=merged, with_text=False)
    groups: dict[tuple[str, int, int, str], list[CodingRow]] = defaultdict(list)
    for row in decided:
        groups[(row.document, row.start, row.end, row.coder)].append(row)
    twins = [rows for rows in groups.values() if len({row.code for row in rows}) > 1]
    conflicts = [rows for rows in twins if len({row.status for row in rows}) > 1]
    return len(twins), len(conflicts)
