"""The store's records as pandas DataFrames, for matrices and exports."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ptce_coding.store import Store

SEGMENT_COLUMNS = [
    "document", "case", "segment", "start", "end", "speaker", "interviewer", "time", "words",
    "text",
]  # fmt: skip
CODING_COLUMNS = [
    "id", "document", "case", "start", "end", "code", "coder", "method", "status",
    "confidence", "evidence", "memo", "codebook_version", "created_at", "text",
]  # fmt: skip


def segments_frame(store: Store) -> pd.DataFrame:
    frame = pd.DataFrame(store.segment_rows(), columns=SEGMENT_COLUMNS)
    frame["interviewer"] = frame["interviewer"].astype(bool)
    return frame


def codings_frame(
    store: Store,
    *,
    statuses: Iterable[str] | None = None,
    coders: Iterable[str] | None = None,
    methods: Iterable[str] | None = None,
) -> pd.DataFrame:
    rows = store.coding_rows(statuses=statuses, coders=coders, methods=methods)
    return pd.DataFrame(rows, columns=CODING_COLUMNS)
