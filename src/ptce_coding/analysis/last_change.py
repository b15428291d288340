"""When the data a report or matrix reads last changed: the latest time a coding was made or
decided, or a memo written, as the store records them. The files made from the data carry
it as their own time (``base.packages.settle_package``), so that the same store gives the
same bytes whenever it is read: a tagger's run that makes its suggestions again keeps their
rows and times, and changes nothing here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import pandas as pd

from ptce_coding.analysis.frames import codings_frame
from ptce_coding.base.records import MemoRow
from ptce_coding.store import Store

CODING_TIMES = ("created_at", "reviewed_at")


def last_change(codings: pd.DataFrame, memos: Sequence[MemoRow] = ()) -> datetime | None:
    """The latest of the ``codings``' creation and review times (a frame of
    ``analysis.frames.codings_frame``) and the ``memos``' writing times, in UTC; None when
    there is none (times that are not ISO 8601 are passed over)."""
    texts: list[object] = [
        value
        for column in CODING_TIMES
        if column in codings.columns
        for value in codings[column].tolist()
    ]
    texts += [time for memo in memos for time in (memo.created_at, memo.updated_at)]
    moments = list(_moments(texts))
    return max(moments) if moments else None


def stored_last_change(store: Store) -> datetime | None:
    """``last_change`` of every coding and memo the ``store`` holds (what a review sheet
    written from it is dated by)."""
    return last_change(codings_frame(store, with_text=False), store.memos())


def _moments(texts: Iterable[object]) -> Iterable[datetime]:
    for text in texts:
        if not isinstance(text, str) or not text.strip():
            continue
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            continue
        yield (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
