"""A suggestion accepted by threshold where its reviewer coded the document by hand: in
`evaluate`'s reference, its passage is unknown for its code, not a negative.

The reference counts a hand-coded document's segments as negatives of every code its coders
did not put there, and leaves out the suggestions accepted by threshold (nobody read them:
unread_reference.py). Where a coder accepted a suggestion by threshold in a document they
coded by hand, they did not code that passage with its code because the acceptance stood
there for it: their silence there says nothing, and reading it as a « no » would count the
suggestion as a false positive against the reading of the very coder who took it. So that
(segment, code), and the codes above it, are unknown (-1: not scored), unless someone's
coding or a decision read one by one labels them. Where only other coders coded the
document, their silence is theirs: the passage stays a negative (a reviewer who accepts
suggestions by threshold in someone else's interview does not change its coding).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

from ptce_coding.base.records import CodingRow
from ptce_coding.tagging.training_data import SegmentItem, human_coded_documents, label_matrix


def own_acceptances_unknown(
    items: Sequence[SegmentItem],
    codes: Sequence[str],
    gold: np.ndarray,
    labelled: Sequence[CodingRow],
    acceptances: Iterable[CodingRow],
    above: Callable[[str], Iterable[str]] | None = None,
) -> tuple[np.ndarray, int]:
    """``gold`` (n × codes, from ``labelled``: the human codings and the decisions read)
    with the negatives that ``acceptances`` (by threshold) of a coder who coded their
    document by hand stand on made unknown (-1), where no row of ``labelled`` says so
    (module docstring); and how many of those acceptances made a cell unknown."""
    column = {code: j for j, code in enumerate(codes)}
    ends: dict[str, dict[str, int]] = {}  # coder -> document -> where their coding ends
    for row in labelled:
        ends.setdefault(row.coder, {})
    for coder in ends:
        ends[coder] = human_coded_documents(row for row in labelled if row.coder == coder)
    said = label_matrix(items, codes, labelled, coded_documents=set(), above=above)
    by_document: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        by_document.setdefault(item.document, []).append(i)
    result = gold.copy()
    counted = 0
    for row in acceptances:
        end = ends.get(row.reviewed_by or row.coder, {}).get(row.document)
        if end is None:
            continue
        columns = [
            column[c] for c in (row.code, *(above(row.code) if above else ())) if c in column
        ]
        cells = [
            (i, j)
            for i in by_document.get(row.document, [])
            if items[i].start < min(row.end, end) and items[i].end > row.start
            for j in columns
            if said[i, j] == -1 and result[i, j] == 0
        ]
        for i, j in cells:
            result[i, j] = -1
        counted += bool(cells)
    return result, counted
