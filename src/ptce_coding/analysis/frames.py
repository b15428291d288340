"""The store's records as pandas DataFrames, for matrices and exports."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ptce_coding.base.errors import PtceError
from ptce_coding.base.records import CODING_COLUMNS, SEGMENT_COLUMNS, CodingRow
from ptce_coding.corpus.transcript import groupable
from ptce_coding.store import Store


def segments_frame(store: Store, *, with_text: bool = True) -> pd.DataFrame:
    rows = [row.as_tuple() for row in store.segment_rows(with_text=with_text)]
    frame = pd.DataFrame(rows, columns=list(SEGMENT_COLUMNS))
    frame["interviewer"] = frame["interviewer"].astype(bool)  # an empty frame's columns too
    frame["title"] = frame["title"].astype(bool)
    return frame


def codings_frame(
    store: Store,
    *,
    statuses: Iterable[str] | None = None,
    coders: Iterable[str] | None = None,
    methods: Iterable[str] | None = None,
    with_text: bool = True,
) -> pd.DataFrame:
    rows = store.coding_rows(statuses=statuses, coders=coders, methods=methods, with_text=with_text)
    return rows_frame(rows)


def rows_frame(rows: Iterable[CodingRow]) -> pd.DataFrame:
    """Coding rows as a DataFrame, one column per field (``CODING_COLUMNS``)."""
    return pd.DataFrame([row.as_tuple() for row in rows], columns=list(CODING_COLUMNS))


BUILT_IN_ROWS = ("case", "document", "speaker")
NO_VALUE = "(sans valeur)"


def with_attribute(segments: pd.DataFrame, store: Store, name: str) -> pd.DataFrame:
    """``segments`` with a column ``name`` from the document's or its case's attributes
    (the document's own value wins); segments without a value get « (sans valeur) ». Only
    values one can group by are rows (``groupable``): a reader's structure (a Transcriber
    file's speakers, sections) is none."""
    if name in BUILT_IN_ROWS:
        return segments
    cases = store.cases()
    values = {}
    known: set[str] = set()
    for document in store.documents():
        merged = {**groupable(cases.get(document.case, {})), **groupable(document.attributes)}
        known.update(merged)
        value = merged.get(name)
        values[document.name] = NO_VALUE if value in (None, "") else str(value)
    if name not in known:
        raise PtceError(
            f"no attribute {name!r} on any case or document",
            hint="Rows can be case, document, speaker or one of: "
            + (", ".join(sorted(known)) or "(no attributes yet: see corpus/cases.csv)"),
        )
    return segments.assign(**{name: segments["document"].map(values)})
