"""Carrying codings over to a new version of a transcript.

A coding moves to wherever its passage is in the new text: its only occurrence, or the
occurrence nearest to where it was (positions scaled to the new length). A passage that is no
longer in the text is *lost*: the caller lists it and records it in the event log.
"""

from __future__ import annotations

from collections.abc import Iterable


def occurrences(text: str, passage: str) -> list[int]:
    found = []
    at = text.find(passage)
    while at >= 0:
        found.append(at)
        at = text.find(passage, at + 1)
    return found


def carry_over(
    old_text: str, new_text: str, spans: Iterable[tuple[int, int, int]]
) -> tuple[dict[int, tuple[int, int]], list[int]]:
    """({id: (start, end)} in the new text, [ids of lost codings]) for (id, start, end) spans."""
    moved: dict[int, tuple[int, int]] = {}
    lost: list[int] = []
    scale = len(new_text) / max(len(old_text), 1)
    for coding_id, start, end in spans:
        passage = old_text[start:end]
        found = occurrences(new_text, passage) if passage.strip() else []
        if not found:
            lost.append(coding_id)
            continue
        expected = start * scale
        best = min(found, key=lambda at: abs(at - expected))
        moved[coding_id] = (best, best + len(passage))
    return moved, lost
