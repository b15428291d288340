"""A reviewer's passage one sentence wider or narrower at one edge: the steps the terminal
review and the web page offer before accepting a suggestion on another passage."""

from __future__ import annotations

from ptce_coding.base.errors import PtceError
from ptce_coding.store import Store
from ptce_coding.tagging.context import sentences

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
