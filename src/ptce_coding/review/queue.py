"""The review queue: suggestions (rules, model) waiting for a human decision, in an order
chosen for the reviewer, and the decisions themselves (accept, reject, undo).

The terminal review (`ptce-coding review`), the spreadsheet round trip and the web page all go
through this module, so a decision is recorded the same way whatever the interface. The
suggestion as a reviewer reads it is in suggestion.py, who reviews what under assignments in
coder_plan.py, a passage made wider or narrower in passage_steps.py, finding a code to move a
suggestion to in code_search.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from ptce_coding.base.coded_spans import CodedSpans
from ptce_coding.base.errors import PtceError
from ptce_coding.base.records import HUMAN_METHODS, CodingRow
from ptce_coding.review.coder_plan import waiting_for
from ptce_coding.review.suggestion import Suggestion
from ptce_coding.store import Batch, Store

if TYPE_CHECKING:
    from ptce_coding.codebook.model import Codebook

ORDERS = ("document", "uncertainty", "confidence")
DECISIONS = {"accept": "accepted", "reject": "rejected"}


def pending(
    store: Store,
    *,
    order: str = "document",
    codes: Iterable[str] | None = None,
    methods: Iterable[str] | None = None,
    documents: Iterable[str] | None = None,
    coder: str | None = None,
    plan: dict[str, tuple[str, ...]] | None = None,
    above: Callable[[str], Iterable[str]] | None = None,
) -> list[Suggestion]:
    """The suggestions still to review, filtered, in ``order``. With ``coder``, those this
    coder has still to decide: with a ``plan`` (assignments.py: each document's coders),
    only on the coder's documents, and on a double-coded document also those the other coder
    decided, shown as suggestions (blind: the other's decision is not told), on the passage
    suggested even when the other accepted it on another one (``Store.as_suggested``).

    - ``document``: case, document, then position in the text (reading order);
    - ``uncertainty``: closest to the decision boundary first (active learning: the decisions
      that teach the model most), then the model's suggestions of codes it learned from few
      examples (``Suggestion.few_examples``), themselves by closeness to their boundary, and
      suggestions without confidence last. A few-example code's confidence is not
      calibrated: its closeness to a threshold set by construction (0.5 scaled down) says
      nothing of how likely the tagger is wrong, which is what makes a decision teach, and
      it is mostly below `coding.min_confidence` (0.10–0.20 for a code with one coded
      segment), so such suggestions would head the queue with the least likely codes;
    - ``confidence``: most confident first, suggestions without confidence last.

    Unless ``methods`` asks for one tagger, a model suggestion is not listed where a rule
    suggestion of the same code (or, with ``above``, ``Codebook.above``, of a code under it)
    on an overlapping passage waits too, or was decided (by this coder, with ``coder``): the
    reviewer decides a (passage, code) once. With ``coder``, a suggestion is not listed where
    that coder coded the code already (by hand or in an imported sheet; with ``above``, a
    coding of a code under it counts): the coder said so, there is nothing to decide.
    """
    if order not in ORDERS:
        raise PtceError(f"unknown review order {order!r}", hint=f"Use one of: {', '.join(ORDERS)}.")
    rows = store.coding_rows(
        statuses=None if coder else ["suggested"],
        codes=_list(codes),
        methods=_list(methods) or ["rule", "model"],
        documents=_list(documents),
    )
    if coder:
        rows = store.as_suggested(waiting_for(rows, coder, plan))
    if methods is None:  # both taggers asked for: one item per (passage, code)
        rows = _without_repeats(store, rows, coder, codes, documents, above)
    items = [
        Suggestion(
            id=row.id,
            document=row.document,
            case=row.case,
            start=row.start,
            end=row.end,
            code=row.code,
            coder=row.machine,  # the tagger that suggested it: not who decided it
            method=row.method,
            confidence=row.confidence,
            evidence=row.evidence,
            text=row.text or "",
        )
        for row in rows
    ]
    if coder:
        items = without_own_codings(store, items, coder, above)
    if order == "uncertainty":
        items.sort(key=lambda s: (s.confidence is None, s.few_examples, -s.uncertainty))
    elif order == "confidence":
        items.sort(key=lambda s: (s.confidence is None, -(s.confidence or 0.0)))
    return items


def _without_repeats(
    store: Store,
    rows: list[CodingRow],
    coder: str | None,
    codes: Iterable[str] | None,
    documents: Iterable[str] | None,
    above: Callable[[str], Iterable[str]] | None = None,
) -> list[CodingRow]:
    """``rows`` less the model suggestions a rule suggestion of the same code (or of a code
    under it) on an overlapping passage stands for: waiting among ``rows``, or decided."""
    decided = store.coding_rows(
        statuses=["accepted", "rejected"],
        methods=["rule"],
        codes=_list(codes),
        documents=_list(documents),
        with_text=False,
    )
    if coder:
        decided = [row for row in decided if row.reviewed_by == coder]
    rules = CodedSpans([*(row for row in rows if row.method == "rule"), *decided], above)
    return [
        row
        for row in rows
        if row.method != "model" or not rules.overlap(row.document, row.code, row.start, row.end)
    ]


def without_own_codings(
    store: Store,
    suggestions: list[Suggestion],
    coder: str,
    above: Callable[[str], Iterable[str]] | None = None,
) -> list[Suggestion]:
    """``suggestions`` less those of a code that ``coder``'s own accepted coding of it (by
    hand or imported; with ``above``, of a code under it) overlaps: the coder said so
    already, there is nothing to decide."""
    own = CodedSpans(coded_by(store, coder, {s.document for s in suggestions}), above)
    return [s for s in suggestions if not own.overlap(s.document, s.code, s.start, s.end)]


def coded_by(store: Store, coder: str, documents: Iterable[str]) -> list[CodingRow]:
    """``coder``'s accepted codings made by hand or imported, in ``documents``."""
    wanted = sorted(set(documents))
    if not wanted:
        return []
    return store.coding_rows(
        statuses=["accepted"],
        methods=list(HUMAN_METHODS),
        coders=[coder],
        documents=wanted,
        with_text=False,
    )


def as_shown_to(store: Store, row: CodingRow, coder: str) -> CodingRow:
    """A suggestion as ``coder``'s review shows it (``pending``): one another coder decided
    and ``coder`` has not, on the passage suggested (``Store.as_suggested``); their own
    decision, or an undecided suggestion, as it is. What a page sent back is checked
    against this (web/api.py)."""
    if row.status == "suggested" or row.reviewed_by == coder:
        return row
    if store.decision_of(row.id, coder) is not None:
        return row
    return store.as_suggested([row])[0]


def decide(store: Store, coding_id: int, decision: str, reviewer: str) -> int:
    """Record ``decision`` ('accept' or 'reject') on a suggestion, with who and when; returns
    the id of the coding that holds the decision (the suggestion, or for a second coder's
    decision on a double-coded document, a row of its own)."""
    if decision not in DECISIONS:
        raise PtceError(
            f"unknown decision {decision!r}", hint=f"Use one of: {', '.join(DECISIONS)}."
        )
    return store.review(coding_id, DECISIONS[decision], reviewer)


def undo(store: Store, coding_id: int, reviewer: str) -> str:
    """Put a reviewed suggestion back in ``reviewer``'s queue (``coding_id``: the suggestion
    or the decision's own row); returns the status it had."""
    return store.unreview(store.decision_of(coding_id, reviewer) or coding_id, reviewer)


def ever_suggested(store: Store) -> bool:
    """Whether a tagger (the rules, the model) has suggested anything, decided since or not:
    an empty queue before `code` or `suggest` ran is not a review done."""
    return bool(store.coding_rows(methods=["rule", "model"], with_text=False))


def accept_above(
    store: Store,
    threshold: float,
    reviewer: str,
    *,
    codes: Iterable[str] | None = None,
    methods: Iterable[str] | None = None,
    documents: Iterable[str] | None = None,
    plan: dict[str, tuple[str, ...]] | None = None,
    dry_run: bool = False,
) -> list[Suggestion]:
    """Accept every pending suggestion whose confidence is at least ``threshold``; with
    ``dry_run``, only say which. Returns the suggestions concerned. With a ``plan``
    (``coder_plan``: the project's assignments), only those of ``reviewer``'s queue: on the
    documents assigned to them, a double-coded one's included (their own decision, blind)."""
    if not 0.0 <= threshold <= 1.0:
        raise PtceError(f"a confidence threshold is between 0 and 1, not {threshold}")
    queue = pending(
        store,
        codes=codes,
        methods=methods,
        documents=documents,
        coder=reviewer if plan is not None else None,
        plan=plan,
    )
    if plan is None:  # one queue for all: still, not where the reviewer coded the code
        queue = without_own_codings(store, queue, reviewer)
    chosen = [s for s in queue if s.confidence is not None and s.confidence >= threshold]
    if not dry_run:
        only = {"codes": codes, "methods": methods, "documents": documents}
        accept_all(store, chosen, reviewer, threshold, only)
    return chosen


def accept_all(
    store: Store,
    suggestions: Iterable[Suggestion],
    reviewer: str,
    threshold: float | None = None,
    only: Mapping[str, Iterable[str] | None] | None = None,
) -> None:
    """Accept these suggestions in one transaction: all of them or, on an error, none. With
    ``threshold``, they are accepted by threshold, not read one by one: each event says so,
    with the threshold, a token shared by the batch, its size and the options that narrowed
    it (``only``: codes, methods, documents; ``store.Batch``), and `history`, `agreement`
    and the report tell them from the decisions made one by one."""
    chosen = list(suggestions)
    narrowed = tuple((name, tuple(values)) for name, values in (only or {}).items() if values)
    batch = (
        None
        if threshold is None
        else Batch(threshold, uuid.uuid4().hex[:12], len(chosen), narrowed)
    )
    with store.transaction():
        for suggestion in chosen:
            store.review(suggestion.id, "accepted", reviewer, batch=batch)


def _list(values: Iterable[str] | None) -> list[str] | None:
    if values is None:
        return None
    values = list(values)
    return values or None


def accept_on(store: Store, coding_id: int, reviewer: str, span: tuple[int, int]) -> int:
    """Accept a suggestion on the reviewer's passage (narrower or wider than suggested)."""
    return store.review(coding_id, "accepted", reviewer, span=span)


def move(
    store: Store,
    coding_id: int,
    code: str,
    reviewer: str,
    codebook: Codebook,
    span: tuple[int, int] | None = None,
) -> int:
    """Move a suggestion to another code of the codebook: the suggestion is rejected and the
    reviewer codes the passage with ``code``. Returns the new coding's id."""
    if code not in codebook:
        raise PtceError(f"unknown code {code!r}", hint="Choose a code of the codebook.")
    if codebook.get(code).retired:
        raise PtceError(f"code {code} is retired: it is kept for history, not for new coding")
    return store.move_suggestion(coding_id, code, reviewer, span)
