"""A coding two rows of a codings file give: one coding when the rows agree, a refusal
when they give it another status or memo (the store keeps one coding of each document, span,
code and coder)."""

from __future__ import annotations

from ptce_coding.base.records import Coding
from ptce_coding.interop.edited_codings import CodingKey


def first_times(
    found: list[Coding], number: int, seen: dict[CodingKey, tuple[int, Coding]]
) -> tuple[list[Coding], str]:
    """The codings of row ``number`` no row before gave, and why the row is refused when it
    gives a coding again with another status or memo: the store keeps one coding of each
    document, span, code and coder, so one of the two would be lost without a word. A row
    given twice alike (a pasted row) is one coding. ``seen`` is updated."""
    fresh: list[Coding] = []
    for coding in found:
        key = (coding.document, coding.start, coding.end, coding.code, coding.coder)
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = (number, coding)
            fresh.append(coding)
        elif (earlier[1].status, earlier[1].memo or "") != (coding.status, coding.memo or ""):
            first = earlier[1]
            return [], (
                f"the same coding as row {earlier[0]} ({coding.code} at "
                f"{coding.start}-{coding.end} of {coding.document!r} by {coding.coder}) with "
                f"another status or memo (row {earlier[0]}: {first.status}, "
                f"{first.memo or ''!r}; row {number}: {coding.status}, {coding.memo or ''!r}): "
                "keep one of the two rows (merge the memos into it)"
            )
    return fresh, ""
