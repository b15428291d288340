"""The review queue: suggestions (rules, model) waiting for a human decision, in an order
chosen for the reviewer, and the decisions themselves (accept, reject, undo).

The terminal review (`ptce-coding review`), the spreadsheet round trip and the web page all go
through this module, so a decision is recorded the same way whatever the interface.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ptce_coding.base.coded_spans import CodedSpans
from ptce_coding.base.errors import PtceError
from ptce_coding.base.records import HUMAN_METHODS, CodingRow
from ptce_coding.review.assignments import Assignments
from ptce_coding.store import Store
from ptce_coding.tagging.context import sentences

if TYPE_CHECKING:
    from ptce_coding.codebook.model import Codebook

ORDERS = ("document", "uncertainty", "confidence")
DECISIONS = {"accept": "accepted", "reject": "rejected"}
BOUNDARY = 0.5  # a calibrated confidence of 0.5 is where the model is least sure
# The assisted tagger writes its per-code decision threshold at the end of its evidence.
_THRESHOLD = re.compile(r"\(threshold (0(?:\.\d+)?|1(?:\.0+)?)\)$")


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
    def boundary(self) -> float:
        """The confidence at which the tagger decides: the model's threshold for this code
        (written in its evidence), else 0.5."""
        match = _THRESHOLD.search(self.evidence or "")
        value = float(match.group(1)) if match else BOUNDARY
        return value if 0.0 < value < 1.0 else BOUNDARY

    @property
    def uncertainty(self) -> float:
        """Closeness to the decision boundary: 1 at the boundary, 0 at certainty (0 or 1).
        A suggestion without a confidence (a rule) counts as certain."""
        if self.confidence is None:
            return 0.0
        boundary = self.boundary
        span = boundary if self.confidence < boundary else 1.0 - boundary
        return max(0.0, 1.0 - abs(self.confidence - boundary) / span)


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
      that teach the model most), suggestions without confidence last;
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
        rows = store.as_suggested(_pending_for(rows, coder, plan))
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
        items.sort(key=lambda s: (s.confidence is None, -s.uncertainty))
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


def _pending_for(
    rows: list[CodingRow], coder: str, plan: dict[str, tuple[str, ...]] | None
) -> list[CodingRow]:
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
        accept_all(store, chosen, reviewer)
    return chosen


def accept_all(store: Store, suggestions: Iterable[Suggestion], reviewer: str) -> None:
    """Accept these suggestions in one transaction: all of them or, on an error, none."""
    with store.transaction():
        for suggestion in suggestions:
            store.review(suggestion.id, "accepted", reviewer)


@dataclass(frozen=True)
class SuggestionContext:
    """What a reviewer reads around a suggestion: the turns before and after, the speaker."""

    speaker: str | None
    previous: str | None
    previous_speaker: str | None
    next: str | None
    next_speaker: str | None


def context(store: Store, suggestion: Suggestion) -> SuggestionContext:
    """The segments just before and after the suggestion's passage, with speakers."""
    document = store.document(suggestion.document)
    if document is None:
        raise PtceError(f"unknown document {suggestion.document!r}")
    segments = store.segments(document.id)
    inside = [
        i for i, s in enumerate(segments) if s.start < suggestion.end and s.end > suggestion.start
    ]
    if not inside:
        return SuggestionContext(None, None, None, None, None)
    first, last = inside[0], inside[-1]
    before = segments[first - 1] if first > 0 else None
    after = segments[last + 1] if last + 1 < len(segments) else None
    return SuggestionContext(
        speaker=segments[first].speaker,
        previous=document.text[before.start : before.end] if before else None,
        previous_speaker=before.speaker if before else None,
        next=document.text[after.start : after.end] if after else None,
        next_speaker=after.speaker if after else None,
    )


def _list(values: Iterable[str] | None) -> list[str] | None:
    if values is None:
        return None
    values = list(values)
    return values or None


def evidence_spans(suggestion: Suggestion) -> list[tuple[int, int]]:
    """Where the evidence shows in the suggestion's text (offsets into ``text``): the words
    a rule matched, or the words starting like the model's terms (which are lemmas)."""
    evidence = suggestion.evidence or ""
    quoted = re.findall(r"« (.+?) »", evidence)
    if quoted:
        patterns = [re.escape(q) for q in quoted]
    else:
        terms = _THRESHOLD.sub("", evidence).split(",")
        words = {w.strip("«»") for term in terms for w in term.split() if len(w.strip("«»")) > 2}
        patterns = [r"\b" + re.escape(word[: max(3, len(word) - 2)]) + r"\w*" for word in words]
    spans = [
        (m.start(), m.end())
        for pattern in patterns
        for m in re.finditer(pattern, suggestion.text, flags=re.IGNORECASE)
    ]
    return sorted(set(spans))


def coder_progress(
    store: Store, plan: dict[str, tuple[str, ...]], coders: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """Per coder and assigned document: whether it is double-coded, the suggestions the
    coder decided and those still waiting for them (``plan``: ``coder_plan``)."""
    rows = store.coding_rows(methods=["rule", "model"], with_text=False)
    wanted = set(coders) if coders else {c for names in plan.values() for c in names}
    found = []
    for coder in sorted(wanted):
        waiting = _pending_for(rows, coder, plan)
        for document, assigned in plan.items():
            if coder not in assigned:
                continue
            found.append(
                {
                    "coder": coder,
                    "document": document,
                    "double": len(assigned) >= 2,
                    "with": ", ".join(c for c in assigned if c != coder),
                    "decided": sum(r.reviewed_by == coder and r.document == document for r in rows),
                    "pending": sum(r.document == document for r in waiting),
                }
            )
    return found


SPAN_STEPS = {
    "widen-start": "starts one sentence earlier",
    "narrow-start": "starts one sentence later",
    "narrow-end": "ends one sentence earlier",
    "widen-end": "ends one sentence later",
}


def reshape(store: Store, document: str, span: tuple[int, int], step: str) -> tuple[int, int]:
    """The passage ``span`` of ``document`` one sentence wider or narrower at one edge
    (``SPAN_STEPS``), within its segments and the segment on each side. A passage that
    starts or ends inside a sentence first grows to that sentence's edge."""
    if step not in SPAN_STEPS:
        raise PtceError(
            f"unknown passage step {step!r}", hint=f"Use one of: {', '.join(SPAN_STEPS)}."
        )
    found = store.document(document)
    if found is None:
        raise PtceError(f"unknown document {document!r}")
    start, end = span
    if not 0 <= start < end <= len(found.text):
        raise PtceError(
            f"passage {start}-{end} falls outside the document ({len(found.text)} characters)"
        )
    segments = store.segments(found.id)
    inside = [i for i, s in enumerate(segments) if s.start < end and s.end > start]
    first = segments[max(0, inside[0] - 1)] if inside else segments[0]
    last = segments[min(len(segments) - 1, inside[-1] + 1)] if inside else segments[-1]
    spans: list[tuple[int, int]] = []
    for segment in segments:  # sentences never cross a segment's edge
        if first.start <= segment.start and segment.end <= last.end:
            piece = found.text[segment.start : segment.end]
            spans.extend((segment.start + s, segment.start + e) for s, e in sentences(piece))
    if step == "widen-start":
        earlier = [s for s, e in spans if s < start]
        new = (max(earlier), end) if earlier else span
    elif step == "narrow-start":
        later = [s for s, e in spans if start < s < end]
        new = (min(later), end) if later else span
    elif step == "narrow-end":
        earlier = [e for s, e in spans if start < e < end]
        new = (start, max(earlier)) if earlier else span
    else:
        later = [e for s, e in spans if e > end]
        new = (start, min(later)) if later else span
    if new == span:
        raise PtceError(
            f"the passage cannot change so (it {SPAN_STEPS[step]}): it is one sentence, or "
            "at the edge of the turns around it"
        )
    return new


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


def find_codes(codebook: Codebook, query: str, limit: int = 10) -> list[tuple[str, str]]:
    """(id, label) of the codes whose id or label holds every word of ``query`` (accents and
    case ignored), not retired, in codebook order."""
    words = _fold(query).split()
    found = []
    for _, code in codebook.walk():
        if code.retired:
            continue
        haystack = _fold(f"{code.id} {code.label}")
        if all(word in haystack for word in words):
            found.append((code.id, code.label))
    return found[:limit]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
