"""A review-sheet row whose suggestion id is gone from the store (review/sheet.py).

A suggestion keeps its id when the taggers run again and make it again
(``Store.replace_suggestions``); a row whose id is gone all the same (a sheet exported before
that, a suggestion left out by one run and made again by a later one) decides the one
suggestion waiting on its document, passage and code from its tagger (``MadeAgain``), and the
import says so. When none waits, the row is refused with what the taggers suggest there now."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ptce_coding.base.cells import whole_number
from ptce_coding.review.suggestion import Suggestion
from ptce_coding.store import Store

# Columns that say which suggestion a row decides: an edit there would decide another one.
FIXED = ("document", "start", "end", "code")
GONE_HINT = (
    "The taggers no longer suggest these codes on these passages (`ptce-coding code` or "
    "`suggest` ran since the export): empty their `decision` cells and import the workbook "
    "again to record the other rows; to code such a passage all the same, import a coding "
    "with `ptce-coding codings import`."
)
# A row's suggestion as its cells name it: (document as stored, start, end, code), and its
# tagger's method (None without a `method` column).
Passage = tuple[tuple[str, int, int, str], str | None]
# The reviewer's queue by (document, code): the suggestions a row's passage is looked up in.
ByCode = Mapping[tuple[str, str], list[Suggestion]]


@dataclass(frozen=True)
class MadeAgain:
    """A row whose suggestion is gone from the store while the same one (same document,
    passage, code and tagger) waits under another id: the row's decision is recorded on it."""

    row: int
    sheet_id: int
    suggestion: int

    @property
    def note(self) -> str:
        return (
            f"row {self.row}: suggestion {self.sheet_id} was made again as suggestion "
            f"{self.suggestion} (same document, passage, code and tagger): the decision is "
            f"recorded on {self.suggestion}"
        )


def by_code(queue: Iterable[Suggestion]) -> dict[tuple[str, str], list[Suggestion]]:
    """The suggestions of ``queue`` by (document, code)."""
    grouped: dict[tuple[str, str], list[Suggestion]] = {}
    for item in queue:
        grouped.setdefault((item.document, item.code), []).append(item)
    return grouped


def row_passage(store: Store, row: Mapping[Any, Any], fixed: list[str]) -> Passage | None:
    """The suggestion a row names by its cells; None when a column of ``FIXED`` is missing
    or a cell unreadable (``fixed``: the columns of ``FIXED`` the sheet has)."""
    if len(fixed) < len(FIXED):
        return None
    cells = {name: str(row[name]).strip() for name in (*FIXED, "method") if name in row}
    start, end = whole_number(cells["start"]), whole_number(cells["end"])
    if start is None or end is None or not cells["document"] or not cells["code"]:
        return None
    document = store.stored_document_name(cells["document"])
    return (document, start, end, cells["code"]), cells.get("method") or None


def waiting_on(waiting: ByCode, passage: Passage | None) -> int | None:
    """The id of the one suggestion waiting on ``passage`` (of its method, when the row
    says), or None (``waiting``: the queue ``by_code``)."""
    if passage is None:
        return None
    (document, start, end, code), method = passage
    found = [
        item.id
        for item in waiting.get((document, code), [])
        if (item.start, item.end) == (start, end) and method in (None, item.method)
    ]
    return found[0] if len(found) == 1 else None


def why_gone(coding_id: int, passage: Passage | None, waiting: ByCode) -> str:
    """Why a row whose suggestion is gone from the store decides nothing: what it was, and
    what the taggers suggest there now (the same code on an overlapping passage)."""
    if passage is None:
        return f"suggestion {coding_id} is no longer in the store"
    (document, start, end, code), method = passage
    now = [
        f"{item.start}-{item.end} (suggestion {item.id})"
        for item in waiting.get((document, code), [])
        if method in (None, item.method) and item.start < end and item.end > start
    ]
    return (
        f"suggestion {coding_id} ({code} on {start}-{end} of {document}) is no longer suggested"
        + (f"; {code} is suggested on {', '.join(now)} now" if now else "")
    )


def log_made_again(
    store: Store, made_again: Iterable[MadeAgain], queue: Mapping[int, Suggestion]
) -> None:
    """Write each ``MadeAgain`` to the event log (``history --coding`` finds it), inside the
    caller's transaction."""
    for match in made_again:
        store.log(
            "review.sheet.made_again",
            row=match.row,
            sheet_id=match.sheet_id,
            suggestion=match.suggestion,
            document=queue[match.suggestion].document,
            code=queue[match.suggestion].code,
        )
