"""A review-sheet row whose suggestion the reviewer has decided already (review/sheet.py): the
workbook imported once, then filled further and imported again. A row that says the decision
recorded is passed over (« already recorded »); one that says the other is refused, or with
`--update` changes it. A row left empty whose suggestion was decided since, elsewhere (the
terminal, `--accept-above`, another workbook, another reviewer), is « decided in the store
already », not « without a decision » (``decider``)."""

from __future__ import annotations

from ptce_coding.base.records import CodingRow
from ptce_coding.store import Store

CHANGED_HINT = (
    "A row's decision is not the one recorded for its suggestion: to change the recorded "
    "decision, import the workbook again with `--update` (the history keeps both); to keep "
    "it, write it back in the row or empty the row's `decision` cell."
)


def recorded_decision(store: Store, coding_id: int, reviewer: str) -> tuple[CodingRow, str] | None:
    """The suggestion ``coding_id`` as suggested (the passage the export wrote, whatever
    passage it was accepted on) and the status of ``reviewer``'s decision on it (accepted,
    rejected), when ``reviewer`` has decided it; else None (another reviewer's decision is
    not theirs to find here)."""
    row = store.coding_by_id(coding_id)
    if row is None or row.method not in ("rule", "model"):
        return None
    decision = store.decision_of(coding_id, reviewer)
    held = store.coding_by_id(decision) if decision is not None else None
    if held is None:
        return None
    return store.as_suggested([row])[0], held.status


def decider(store: Store, coding_id: int, reviewer: str) -> str | None:
    """Who decided the suggestion ``coding_id`` of a row left empty, when it waits no more
    for ``reviewer`` (the row's id is not in their queue): ``reviewer`` when they decided it,
    else the reviewer of its first decision; None when it is no suggestion (gone from the
    store) or nobody decided it."""
    row = store.coding_by_id(coding_id)
    if row is None or row.method not in ("rule", "model"):
        return None
    if store.decision_of(coding_id, reviewer) is not None:
        return reviewer
    return row.reviewed_by if row.status != "suggested" else None
