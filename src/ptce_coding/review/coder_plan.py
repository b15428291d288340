"""Who reviews which documents under the project's assignments (assignments.py): each
document's coders, what a coder has still to decide, their progress (``open_progress``
without assignments: each person the store knows, on every document), and the decisions
refused outside a coder's documents."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from ptce_coding.base.coder_selection import MACHINE_CODERS, STRUCTURE_CODER
from ptce_coding.base.errors import PtceError
from ptce_coding.base.records import CodingRow
from ptce_coding.review.assignments import Assignments
from ptce_coding.store import Store

TAGGER_METHODS = ("rule", "model")  # a suggestion's methods: a person decides it


def waiting_for(
    rows: list[CodingRow], coder: str, plan: dict[str, tuple[str, ...]] | None
) -> list[CodingRow]:
    """The suggestions among ``rows`` that ``coder`` has still to decide: with a ``plan``,
    on their documents only, and on a double-coded one also those another coder decided."""
    decided = {row.origin or row.id for row in rows if row.reviewed_by == coder}
    pending = []
    for row in rows:
        if row.origin is not None or row.id in decided:
            continue  # a second coder's decision, or one of this coder's
        coders = plan.get(row.document, ()) if plan is not None else None
        if coders is not None and coder not in coders:
            continue  # another coder's document
        if row.status == "suggested" or (coders is not None and len(coders) >= 2):
            pending.append(row)
    return pending


def refuse_unassigned(plan: dict[str, tuple[str, ...]] | None, coder: str, document: str) -> None:
    """Under assignments (``plan``: ``coder_plan``), a decision on a suggestion of a document
    not assigned to ``coder`` is refused: it would take the suggestion out of the queue of
    the coders it is assigned to (and, on a double-coded one, decide for them)."""
    if plan is None or coder in plan.get(document, ()):
        return
    coders = plan.get(document, ())
    raise PtceError(
        f"{document} is assigned to {', '.join(coders) or 'no coder'}, not to {coder}: a "
        "decision of yours would take its suggestions out of their queue; nothing was recorded",
        hint="Review the documents assigned to you (`ptce-coding progress --coder NAME`), or "
        "change `assignments` in project.yaml.",
    )


def unmatched_note(store: Store, assignments: Assignments) -> str | None:
    """A line naming the assignments' patterns that match no document, or None."""
    unmatched = assignments.unmatched({row.document: row.case for row in store.document_rows()})
    if not unmatched:
        return None
    return (
        "Note: `assignments.coders` in project.yaml names what no document matches: "
        + ", ".join(f"{pattern} ({coder})" for coder, pattern in unmatched)
        + "; give case folder names, document names or patterns such as pole-c/*.txt "
        "(`ptce-coding documents` lists them)"
    )


def coder_plan(
    store: Store, assignments: Assignments, coder: str | None = None
) -> dict[str, tuple[str, ...]] | None:
    """Each document's coders under the project's assignments; None when there are none.
    With ``coder``, a coder with no document in it is refused: their queue would be empty,
    or, for a bulk acceptance, everyone's documents would be theirs."""
    if not assignments.configured:
        return None
    plan = assignments.plan(
        {row.document: row.case for row in store.document_rows()}, store.deciders()
    )
    if coder is not None and not any(coder in coders for coders in plan.values()):
        patterns = assignments.coders.get(coder)
        raise PtceError(
            f"{coder} has no document in the project's assignments: "
            + (
                f"{', '.join(patterns)} name(s) no case or document of the project"
                if patterns
                else f"the coders assigned are {', '.join(assignments.coders)}"
            ),
            hint="Correct `assignments.coders` in project.yaml (case folder names, document "
            "names or patterns such as pole-c/*.txt; `ptce-coding documents` lists them), "
            "or review with --coder as one of the assigned coders.",
        )
    return plan


def coder_progress(
    store: Store, plan: dict[str, tuple[str, ...]], coders: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """Per coder and assigned document: whether it is double-coded, the codings the coder
    made themself (``coded``: imported or made on the web page), the suggestions the coder
    decided (``by_threshold`` of them accepted by `review --accept-above`, not read one
    by one) and those still waiting for them (``plan``: ``coder_plan``)."""
    wanted = set(coders) if coders else {c for names in plan.values() for c in names}
    return _progress(store, sorted(wanted), plan)


def open_progress(store: Store, coders: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Without assignments, where anyone may decide any suggestion: per coder and document,
    as ``coder_progress`` gives them, for ``coders``, or else every person the store knows
    (``people``), on every document; a suggestion waits for each of them until one decides
    it."""
    return _progress(store, sorted(set(coders)) if coders else people(store), None)


def people(store: Store) -> list[str]:
    """The persons the store knows: who coded (by hand, imported, on the web page) or decided
    a tagger's suggestion; the taggers and the interview's structure are nobody."""
    found = set()
    for row in store.coding_rows(with_text=False):
        if row.method not in TAGGER_METHODS:
            found.add(row.coder)
        if row.method in TAGGER_METHODS and row.reviewed_by:
            found.add(row.reviewed_by)
    return sorted(found - {*MACHINE_CODERS, STRUCTURE_CODER})


def waiting_suggestions(store: Store) -> tuple[int, int]:
    """(suggestions nobody has decided, the documents they are on)."""
    rows = store.coding_rows(methods=list(TAGGER_METHODS), statuses=["suggested"], with_text=False)
    return len(rows), len({row.document for row in rows})


def _progress(
    store: Store, coders: list[str], plan: dict[str, tuple[str, ...]] | None
) -> list[dict[str, Any]]:
    """The rows of ``coder_progress`` (``plan``) and ``open_progress`` (None: every document,
    open to each coder alone)."""
    rows = store.coding_rows(methods=list(TAGGER_METHODS), with_text=False)
    batched = store.threshold_acceptances()  # accepted by threshold, not read one by one
    # what the coder coded themself (imported, or on the web page), not a suggestion decided
    own = Counter(
        (r.coder, r.document)
        for r in store.coding_rows(coders=coders, statuses=["accepted"], with_text=False)
        if r.method not in TAGGER_METHODS
    )
    documents = plan if plan is not None else {r.document: () for r in store.document_rows()}
    found = []
    for coder in coders:
        waiting = waiting_for(rows, coder, plan)
        for document, assigned in documents.items():
            if plan is not None and coder not in assigned:
                continue
            found.append(
                {
                    "coder": coder,
                    "document": document,
                    "double": len(assigned) >= 2,
                    "with": ", ".join(c for c in assigned if c != coder),
                    "coded": own[(coder, document)],
                    "decided": sum(r.reviewed_by == coder and r.document == document for r in rows),
                    "by_threshold": sum(
                        r.id in batched and r.reviewed_by == coder and r.document == document
                        for r in rows
                    ),
                    "pending": sum(r.document == document for r in waiting),
                }
            )
    return found
