"""What a `codings import` did with a file's rows, beyond the counts: the rows whose coding the
store held already (``present_rows``: which rows, and how those codings came to be), and the
hand codings added on a passage their coder had rejected as a tagger's suggestion of that code
(``rejected_before``: kept, since a person's coding is research data, but said), and the
rows whose passage lies only on interviewer turns or title lines (``uncounted_rows``: kept,
counted by no matrix)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ptce_coding.base.records import Coding, CodingRow, Segment
from ptce_coding.interop.codings_given import CodingsFile
from ptce_coding.interop.stored_coding import CodingKey, coding_key

if TYPE_CHECKING:
    from ptce_coding.store import Store

TAGGER_METHODS = ("rule", "model")


@dataclass(frozen=True, slots=True)
class PresentRows:
    """The file rows whose coding the store held already, in order, and how many of those
    stored codings came from each origin (``how_made``)."""

    rows: tuple[int, ...]
    origins: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class RejectedBefore:
    """A hand coding added (``coding``, from file row ``row``) on a passage where its coder
    had rejected a tagger's suggestion of its code (``rejected``: those suggestions)."""

    row: int
    coding: Coding
    rejected: tuple[CodingRow, ...]


def how_made(stored: CodingRow) -> str:
    """How a stored coding came to be: « accepted suggestion » (a tagger's, accepted),
    « imported » (a file, a QDPX project) or « manual » (the web page)."""
    if stored.method in TAGGER_METHODS:
        return "accepted suggestion"
    return "imported" if stored.method == "import" else "manual"


def present_rows(
    found: CodingsFile, ids: Sequence[int | None], stored: Iterable[CodingRow]
) -> PresentRows:
    """The rows of ``found`` whose codings the store held already: ``ids`` is what the
    store did with each of ``found.codings`` (``AddedCodings.ids``: None for one present),
    ``stored`` the store's codings before the import."""
    held: dict[CodingKey, CodingRow] = {}
    for stored_row in stored:
        held.setdefault(coding_key(stored_row), stored_row)
    rows: dict[int, None] = {}
    origins: Counter[str] = Counter()
    for coding, row, coding_id in zip(found.codings, found.rows, ids, strict=True):
        if coding_id is not None:
            continue
        rows[row] = None
        if (same := held.get(coding_key(coding))) is not None:
            origins[how_made(same)] += 1
    return PresentRows(tuple(rows), dict(origins))


def rejected_before(
    found: CodingsFile, ids: Sequence[int | None], stored: Iterable[CodingRow]
) -> list[RejectedBefore]:
    """The codings of ``found`` the store added (``ids`` not None) that give a code to a
    passage their coder had rejected as a suggestion of that code: of ``stored`` (the
    store's codings), a tagger's suggestion rejected by that coder (``reviewed_by``) in the
    coding's document, whose passage overlaps the coding's."""
    by_place: dict[tuple[str, str, str], list[CodingRow]] = {}
    for suggestion in stored:
        if (
            suggestion.method in TAGGER_METHODS
            and suggestion.status == "rejected"
            and suggestion.reviewed_by
        ):
            place = (suggestion.document, suggestion.code, suggestion.reviewed_by)
            by_place.setdefault(place, []).append(suggestion)
    found_rows = []
    for coding, row, coding_id in zip(found.codings, found.rows, ids, strict=True):
        if coding_id is None or coding.status == "rejected":  # a « no » gives no code
            continue
        rejected = [
            suggestion
            for suggestion in by_place.get((coding.document, coding.code, coding.coder), [])
            if suggestion.start < coding.end and coding.start < suggestion.end
        ]
        if rejected:
            rejected.sort(key=lambda suggestion: (suggestion.start, suggestion.end, suggestion.id))
            found_rows.append(RejectedBefore(row, coding, tuple(rejected)))
    return found_rows


def uncounted_rows(found: CodingsFile, ids: Sequence[int | None], store: Store) -> tuple[int, ...]:
    """The rows of ``found`` whose coding the store added (``ids`` not None) on a passage
    that overlaps no interviewee segment of its document: only interviewer turns or title
    lines, which no matrix, report or agreement counts."""

    def segments(name: str) -> Sequence[Segment]:
        document = store.document(name)
        return store.segments(document.id) if document is not None else ()

    rows: dict[int, None] = {}
    read: dict[str, Sequence[Segment]] = {}
    for coding, row, coding_id in zip(found.codings, found.rows, ids, strict=True):
        if coding_id is None or coding.status == "rejected":
            continue
        if coding.document not in read:
            read[coding.document] = segments(coding.document)
        if not any(
            not segment.interviewer
            and not segment.title
            and segment.start < coding.end
            and coding.start < segment.end
            for segment in read[coding.document]
        ):
            rows[row] = None
    return tuple(rows)
