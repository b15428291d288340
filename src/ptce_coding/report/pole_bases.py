"""The bases and shares of the synthesis's tables, per pole: its interviews, interviewee
segments, words and coders (``pole_bases``), those of its coded interviews (``coded_bases``,
the N of « k/N » and what shares divide by: ``coded_scope``), the shares of segments and of
words on each code or axis (``coded_shares``, ``word_shares``)."""

from __future__ import annotations

import pandas as pd

from ptce_coding.analysis.matrices import case_code_matrix, coded_documents, coded_segments
from ptce_coding.base.coder_selection import STRUCTURE_CODER
from ptce_coding.codebook.model import Codebook


def pole_bases(
    counted: pd.DataFrame,
    codings: pd.DataFrame,
    cases: list[str],
    used: list[str],
) -> pd.DataFrame:
    """Per pole: interviews (those with an interviewee turn: the others say nothing the report
    can count), interviewee segments and words, coders (the bases of a cell);
    the coders are those the report counts (``used``: ``coders_used``, as on its cover)."""
    humans = codings[codings["coder"].isin(used)]
    coders = humans.groupby("case")["coder"].nunique() if not humans.empty else pd.Series()
    bases = pd.DataFrame(
        {
            "interviews": counted.groupby("case")["document"].nunique(),
            "segments": counted.groupby("case").size(),
            "words": counted.groupby("case")["words"].sum(),
            "coders": coders,
        }
    ).reindex(cases)
    return bases.fillna(0).astype(int)


def coded_scope(frame: pd.DataFrame, documents: set[str]) -> pd.DataFrame:
    """The rows of ``frame`` (segments) in the coded interviews: the base of every share, as
    the k/N tables' N are the coded interviews; all of them while nothing is coded."""
    return frame[frame["document"].isin(documents)] if documents else frame


def coded_bases(
    counted: pd.DataFrame,
    codings: pd.DataFrame,
    documents: set[str],
    cases: list[str],
    used: list[str],
) -> pd.DataFrame:
    """Per pole, the bases of its coded interviews (``documents``: ``coded_documents``, as
    `matrix --value share` reads them), those « k/N » counts in N and the shares divide by:
    the interviews, their interviewee segments and words, the coders counted who coded
    them; zeros for a pole with none (its tables read « non codé »)."""
    scope = counted[counted["document"].isin(documents)]
    mine = codings[codings["document"].isin(documents) & codings["coder"].isin(used)]
    return (
        pd.DataFrame(
            {
                "interviews": scope.groupby("case")["document"].nunique(),
                "segments": scope.groupby("case").size(),
                "words": scope.groupby("case")["words"].sum(),
                "coders": mine.groupby("case")["coder"].nunique(),
            }
        )
        .reindex(cases)
        .fillna(0)
        .astype(int)
    )


def coded_shares(
    in_coded: pd.DataFrame,
    codings: pd.DataFrame,
    codebook: Codebook,
    counts: pd.DataFrame,
    level: int | None = None,
) -> pd.DataFrame:
    """Pole × code: % of the segments of the pole's coded interviews (``in_coded``), in the
    rows and columns of ``counts``; 0 for a pole with no coded interview (its tables read
    « non codé »)."""
    shares = case_code_matrix(in_coded, codings, codebook, value="share", level=level)
    return shares.reindex(index=counts.index, columns=counts.columns).fillna(0.0)


def coded_segment_count(counted: pd.DataFrame, codings: pd.DataFrame) -> int:
    """The interviewee segments with at least one coding counted (the structure aside)."""
    found = coded_segments(counted, codings[codings["coder"] != STRUCTURE_CODER])
    return 0 if found.empty else len(found.drop_duplicates(["document", "segment"]))


def coded_segment_shares(counted: pd.DataFrame, codings: pd.DataFrame) -> pd.Series:
    """Per interview with a coding counted: the % of its interviewee segments that hold one
    (the structure aside), by document name."""
    found = coded_segments(counted, codings[codings["coder"] != STRUCTURE_CODER])
    if found.empty:
        return pd.Series(dtype=float)
    coded = found.drop_duplicates(["document", "segment"]).groupby("document").size()
    totals = counted.groupby("document").size().reindex(coded.index)
    return (coded / totals * 100).sort_index()


def word_shares(
    counted: pd.DataFrame, codings: pd.DataFrame, codebook: Codebook, cases: list[str]
) -> pd.DataFrame:
    """Pole × axis: % of the interviewees' words said in segments coded on the axis, out of
    the words of the pole's coded interviews (``coded_scope``)."""
    axes = [code.id for code in codebook.top_level()]
    found = coded_segments(counted, codings)
    if found.empty:
        return pd.DataFrame(0.0, index=cases, columns=axes)
    found["axis"] = [codebook.rollup(code, 1) for code in found["code"]]
    found = found.drop_duplicates(["document", "segment", "axis"])
    words = found.groupby(["case", "axis"])["words"].sum().unstack(fill_value=0)
    words = words.reindex(index=cases, columns=axes, fill_value=0)
    scope = coded_scope(counted, coded_documents(counted, codings))
    totals = scope.groupby("case")["words"].sum().reindex(cases)
    return (words.div(totals.where(totals > 0), axis=0) * 100).round(1).fillna(0.0)
