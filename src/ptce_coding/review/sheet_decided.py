"""A review-sheet row whose suggestion the reviewer has decided already (review/sheet.py): the
workbook imported once, then filled further and imported again. A row that says the decision
recorded is passed over (« already recorded »); one that says the other is refused, or with
`--update` changes it."""

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
