"""The review queue: suggestions (rules, model) waiting for a human decision, in an order
chosen for the reviewer, and the decisions themselves (accept, reject, undo).

The terminal review (`ptce-coding review`), the spreadsheet round trip and the web page all go
through this module, so a decision is recorded the same way whatever the interface.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ptce_coding.errors import PtceError
from ptce_coding.store import Store

ORDERS = ("document", "uncertainty", "confidence")
DECISIONS = {"accept": "accepted", "reject": "rejected"}
BOUNDARY = 0.5  # a calibrated confidence of 0.5 is where the model is least sure


@dataclass(frozen=True)
class Suggestion:
    """A suggested coding waiting for review."""

    id: int
    document: str
    case: str
    start: int
    end: int
    code: str
    coder: str
    method: str
    confidence: float | None
    evidence: str | None
    text: str

    @property
    def uncertainty(self) -> float:
        """Closeness to the decision boundary: 1 at the boundary, 0 at certainty (0 or 1).
        A suggestion without a confidence (a rule) counts as certain."""
        if self.confidence is None:
            return 0.0
        return 1.0 - abs(self.confidence - BOUNDARY) / BOUNDARY


def pending(
    store: Store,
    *,
    order: str = "document",
    codes: Iterable[str] | None = None,
    methods: Iterable[str] | None = None,
    documents: Iterable[str] | None = None,
) -> list[Suggestion]:
    """The suggestions still to review, filtered, in ``order``:

    - ``document``: case, document, then position in the text (reading order);
    - ``uncertainty``: closest to the decision boundary first (active learning: the decisions
      that teach the model most), suggestions without confidence last;
    - ``confidence``: most confident first, suggestions without confidence last.
    """
    if order not in ORDERS:
        raise PtceError(f"unknown review order {order!r}", hint=f"Use one of: {', '.join(ORDERS)}.")
    rows = store.coding_rows(
        statuses=["suggested"],
        codes=_list(codes),
        methods=_list(methods) or ["rule", "model"],
        documents=_list(documents),
    )
    items = [
        Suggestion(
            id=row["id"],
            document=row["document"],
            case=row["case"],
            start=row["start"],
            end=row["end"],
            code=row["code"],
            coder=row["coder"],
            method=row["method"],
            confidence=row["confidence"],
            evidence=row["evidence"],
            text=row["text"],
        )
        for row in rows
    ]
    if order == "uncertainty":
        items.sort(key=lambda s: (s.confidence is None, -s.uncertainty))
    elif order == "confidence":
        items.sort(key=lambda s: (s.confidence is None, -(s.confidence or 0.0)))
    return items


def decide(store: Store, coding_id: int, decision: str, reviewer: str) -> None:
    """Record ``decision`` ('accept' or 'reject') on a suggestion, with who and when."""
    if decision not in DECISIONS:
        raise PtceError(
            f"unknown decision {decision!r}", hint=f"Use one of: {', '.join(DECISIONS)}."
        )
    store.review(coding_id, DECISIONS[decision], reviewer)


def undo(store: Store, coding_id: int, reviewer: str) -> str:
    """Put a reviewed suggestion back in the queue; returns the status it had."""
    return store.unreview(coding_id, reviewer)


def accept_above(
    store: Store,
    threshold: float,
    reviewer: str,
    *,
    codes: Iterable[str] | None = None,
    methods: Iterable[str] | None = None,
    documents: Iterable[str] | None = None,
    dry_run: bool = False,
) -> list[Suggestion]:
    """Accept every pending suggestion whose confidence is at least ``threshold``; with
    ``dry_run``, only say which. Returns the suggestions concerned."""
    if not 0.0 <= threshold <= 1.0:
        raise PtceError(f"a confidence threshold is between 0 and 1, not {threshold}")
    chosen = [
        s
        for s in pending(store, codes=codes, methods=methods, documents=documents)
        if s.confidence is not None and s.confidence >= threshold
    ]
    if not dry_run:
        with store.transaction():
            for suggestion in chosen:
                store.review(suggestion.id, "accepted", reviewer)
    return chosen


def _list(values: Iterable[str] | None) -> list[str] | None:
    if values is None:
        return None
    values = list(values)
    return values or None
