"""Codings accepted by threshold (`review --accept-above`): a person's by the store's count,
yet nobody read them one by one. An agreement between coders compares what each coder read
and judged; a suggestion accepted in a batch because its confidence reached a threshold is
the tagger's judgement, taken over unread. So the agreement (``agreement``, the report's)
gives such codings back to the tagger that suggested them (its suggestions again, as if
nobody had decided them: the tagger, compared as a coder, still says them) and says, for
each compared coder, how many of their codings this leaves out (``UnreadShare``). The
store says which codings they are (``Store.threshold_acceptances``: {coding id: threshold}).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class UnreadShare:
    """Of ``coder``'s ``codings`` (accepted, in the codings given), ``unread`` are
    suggestions accepted by threshold, at ``thresholds`` (lowest first)."""

    coder: str
    unread: int
    codings: int
    thresholds: tuple[float, ...]

    @property
    def none_read(self) -> bool:
        """Whether every coding of the coder is an acceptance by threshold."""
        return self.unread == self.codings

    @property
    def lowest(self) -> float:
        """The lowest threshold of these acceptances (the one that let most through)."""
        return self.thresholds[0]


def by_threshold(codings: pd.DataFrame, marks: Mapping[int, float]) -> pd.Series:
    """For each row of ``codings`` (a ``codings_frame``), its threshold when it stands as an
    acceptance by threshold (``marks``), else NaN; indexed as ``codings``."""
    if codings.empty:
        return pd.Series(dtype=float, index=codings.index)
    return pd.Series([marks.get(int(i)) for i in codings["id"]], index=codings.index, dtype=float)


def as_read(codings: pd.DataFrame, marks: Mapping[int, float]) -> pd.DataFrame:
    """``codings`` with the acceptances by threshold (``marks``) given back to the tagger:
    its suggestions, undecided (``coder`` the tagger, ``status`` suggested, no reviewer),
    so that a coder's codings are those they read and judged."""
    unread = by_threshold(codings, marks).notna()
    if not unread.any():
        return codings
    back = codings.copy()
    back.loc[unread, "coder"] = back.loc[unread, "suggested_by"]
    back.loc[unread, "status"] = "suggested"
    for column in ("reviewed_by", "reviewed_at", "suggested_by"):
        back.loc[unread, column] = None
    return back


def unread_shares(
    codings: pd.DataFrame, marks: Mapping[int, float], coders: Iterable[str]
) -> list[UnreadShare]:
    """For each of ``coders`` (in order) with an acceptance by threshold among their
    accepted ``codings``: how many of them, of how many, at which thresholds."""
    accepted = codings[codings["status"] == "accepted"] if not codings.empty else codings
    thresholds = by_threshold(accepted, marks)
    shares = []
    for coder in coders:
        mine = accepted["coder"] == coder if not accepted.empty else pd.Series(dtype=bool)
        found = thresholds[mine].dropna() if not accepted.empty else thresholds
        if found.empty:
            continue
        shares.append(
            UnreadShare(
                coder=coder,
                unread=len(found),
                codings=int(mine.sum()),
                thresholds=tuple(sorted({float(value) for value in found})),
            )
        )
    return shares


def unread_sentence(share: UnreadShare) -> str:
    """« doctorante: 143 of their 150 codings are suggestions accepted by threshold
    (confidence ≥ 0.8), not read one by one », for the command line."""
    at = " or ".join(f"≥ {value:g}" for value in share.thresholds)
    one = share.unread == 1
    if share.none_read:
        head = (
            f"{share.coder}: their only coding is"
            if one
            else f"{share.coder}: all {share.codings} of their codings are"
        )
    else:
        verb = "is" if one else "are"
        head = f"{share.coder}: {share.unread} of their {share.codings} codings {verb}"
    return (
        f"{head} {'a suggestion' if one else 'suggestions'} accepted by threshold "
        f"(confidence {at}), not read one by one"
    )
