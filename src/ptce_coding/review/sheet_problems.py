"""What a review-workbook import says of a row it refuses (review/sheet.py): why its suggestion
is not pending for the reviewer, what the row changed of it, and what to do, by kind of
problem."""

from __future__ import annotations

from typing import Any

from ptce_coding.base.cells import whole_number
from ptce_coding.base.records import CodingRow
from ptce_coding.review.queue import coded_by
from ptce_coding.review.sheet_decided import CHANGED_HINT
from ptce_coding.review.sheet_matching import GONE_HINT
from ptce_coding.review.suggestion import Suggestion
from ptce_coding.store import Store

ANSWER_HINT = (
    "Write accept or reject in `decision` (also yes/no, oui/non, accepté/rejeté), a or r for "
    "short, or leave it empty to decide later."
)
STALE_HINT = (
    "Correct the rows (a suggestion re-coded since the export is no longer pending: export "
    "again) and import the workbook again."
)
EDITED_HINT = (
    "The columns other than `decision` cannot be changed: put them back as exported. To give "
    "a passage another code, leave its decision empty and move it with `m` in `ptce-coding "
    "review` (or reject it and import a coding with `ptce-coding codings import`)."
)


def problem_hints(kinds: set[str]) -> str:
    """What to do about the problems of an import, by their ``kinds``."""
    hints = [ANSWER_HINT] if "unknown" in kinds else []
    hints += [EDITED_HINT] if "edited" in kinds else []
    hints += [GONE_HINT] if "gone" in kinds else []
    hints += [CHANGED_HINT] if "changed" in kinds else []
    hints += [STALE_HINT] if "stale" in kinds or not hints else []
    return "\n".join(hints)


def not_pending(
    store: Store, coding_id: Any, reviewer: str, plan: dict[str, tuple[str, ...]] | None
) -> str:
    """Why a row's suggestion is not in ``reviewer``'s queue (never the other coder's
    decision: the review is blind)."""
    row = store.coding_by_id(coding_id) if isinstance(coding_id, int) else None
    if row is None or row.method not in ("rule", "model"):
        return f"suggestion {coding_id!r} is not pending in the store"
    decided = store.decision_of(row.id, reviewer)
    if decided is not None:
        status = store.coding_by_id(decided)
        return f"suggestion {coding_id} is decided already by {reviewer}" + (
            f" ({status.status})" if status is not None else ""
        )
    coders = plan.get(row.document, ()) if plan is not None else None
    if coders is not None and reviewer not in coders:
        return (
            f"suggestion {coding_id} is of {row.document}, assigned to "
            f"{', '.join(coders) or 'no coder'}, not to {reviewer}"
        )
    own = [
        coding
        for coding in coded_by(store, reviewer, [row.document])
        if coding.code == row.code and coding.start < row.end and coding.end > row.start
    ]
    if own:
        return (
            f"suggestion {coding_id} is of {row.code}, which {reviewer} coded already on this "
            "passage: there is nothing to decide (leave the row's decision empty)"
        )
    return f"suggestion {coding_id!r} is not pending in the store"


def row_changes(suggestion: Suggestion | CodingRow, cells: dict[str, Any]) -> list[str]:
    """What a row says of its suggestion that is not so (« is of code COOP.LIEU, not ECO »)."""
    stored = {
        "document": ("is in", suggestion.document),
        "start": ("starts at", suggestion.start),
        "end": ("ends at", suggestion.end),
        "code": ("is of code", suggestion.code),
    }
    changes = []
    for name, cell in cells.items():
        verb, value = stored[name]
        given = cell.strip() if isinstance(cell, str) else cell
        if name in ("start", "end") and isinstance(given, str) and given:
            number = whole_number(given)  # « 216.0 », « 216,0 »: the same offset
            given = number if number is not None else given
        if given != value and str(given) != str(value):
            changes.append(f"{verb} {value}, not {'(empty)' if given in (None, '') else given}")
    return changes
