"""Cross-case matrices as pandas DataFrames.

The counting unit is the *segment*: a segment counts for a code when a coding of that code
overlaps it (DESIGN.md). Only interviewees' segments count; interviewers' questions never do.
Renderers take the DataFrames built here and never query the store.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ptce_coding.base.coder_selection import STRUCTURE_CODER
from ptce_coding.base.errors import PtceError
from ptce_coding.codebook.model import ORPHAN_HINT, Codebook

VALUES = ("count", "presence", "share", "per1000", "documents")
# The columns a share matrix has after its codes (``share_bases``): each row's interviews, those
# coded, and the interviewee segments of the coded ones, which its shares divide by.
BASE_COLUMNS = ("interviews", "coded_interviews", "base_segments")
STATUS_FILTERS = {
    "accepted": ("accepted",),
    "suggested": ("suggested",),
    "all": ("accepted", "suggested"),
}


def check_codes(codings: pd.DataFrame, codebook: Codebook) -> None:
    """Codings whose code is not in the codebook stop the matrix: nothing is dropped silently."""
    if codings.empty:
        return
    unknown = codings.loc[~codings["code"].isin([c.id for c in codebook.codes]), "code"]
    if not unknown.empty:
        counts = unknown.value_counts()
        listed = ", ".join(f"{code} ({n} coding(s))" for code, n in counts.items())
        raise PtceError(
            f"codings use codes that are not in the codebook: {listed}", hint=ORPHAN_HINT
        )


def interviewee_segments(segments: pd.DataFrame) -> pd.DataFrame:
    """Segments that statistics count (``corpus/counting.py``): interviewees' turns, less the
    title lines outside the speakers' turns of a document that has labels."""
    keep = ~segments["interviewer"].astype(bool) & ~segments["title"].astype(bool)
    return segments.loc[keep]


def coded_segments(segments: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """One row per (segment, code) where a coding overlaps the segment, in segment order.

    ``segments``: document, case, segment, start, end, interviewer, …;
    ``codings``: document, start, end, code, …

    The segments of a document do not overlap, so the segments a coding overlaps are a run of
    consecutive ones, found by binary search (numpy ``searchsorted``): time and memory grow
    with the number of overlaps, not with segments × codings per document.
    """
    columns = [*segments.columns, "code"]
    if codings.empty or segments.empty:
        return pd.DataFrame(columns=columns)
    segments = segments.reset_index(drop=True)
    documents = pd.Index(pd.unique(segments["document"]))
    segment_document = documents.get_indexer(pd.Index(segments["document"])).astype(np.int64)
    coding_document = documents.get_indexer(pd.Index(codings["document"])).astype(np.int64)
    seg_start = segments["start"].to_numpy(dtype=np.int64)
    seg_end = segments["end"].to_numpy(dtype=np.int64)
    order = np.lexsort((seg_start, segment_document))
    scale = int(max(seg_end.max(), codings["end"].max())) + 1
    starts = segment_document[order] * scale + seg_start[order]
    ends = segment_document[order] * scale + seg_end[order]
    if np.any(np.diff(ends) < 0) or np.any(ends[:-1] > starts[1:]):
        raise PtceError("overlapping segments in a document: the store is inconsistent")
    known = np.flatnonzero(coding_document >= 0)  # codings of documents among the segments
    base = coding_document[known] * scale
    first = np.searchsorted(ends, base + codings["start"].to_numpy(dtype=np.int64)[known], "right")
    last = np.searchsorted(starts, base + codings["end"].to_numpy(dtype=np.int64)[known], "left")
    counts = np.maximum(last - first, 0)
    coding_rows = np.repeat(known, counts)
    within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    segment_rows = order[np.repeat(first, counts) + within]
    pairs = np.lexsort((coding_rows, segment_rows))
    found: pd.DataFrame = segments.iloc[segment_rows[pairs]].reset_index(drop=True)
    found["code"] = codings["code"].to_numpy()[coding_rows[pairs]]
    found = found[columns]
    return found.drop_duplicates(["document", "segment", "code"]).reset_index(drop=True)


def coded_documents(segments: pd.DataFrame, codings: pd.DataFrame) -> set[str]:
    """The interviews with at least one coding counted on an interviewee's segment, the
    interview guide's structure (coder ``structure``), which marks every interview, aside:
    the coded interviews, whose segments a share divides by (the report's « k/N » count
    them). The others are not coded yet: a share over their segments would read as a theme
    their interviewees left out."""
    if "coder" in codings.columns:
        codings = codings[codings["coder"] != STRUCTURE_CODER]
    found = coded_segments(interviewee_segments(segments), codings)
    return set(found["document"]) if not found.empty else set()


def share_bases(segments: pd.DataFrame, codings: pd.DataFrame, rows: str) -> pd.DataFrame:
    """Per row (case, document, speaker, attribute): its ``interviews`` (with an
    interviewee's segment), its ``coded_interviews`` (``coded_documents``) and
    ``base_segments``, the interviewee segments of its coded interviews, which its shares
    divide by (``coded_share_matrix``)."""
    counted = interviewee_segments(segments)
    coded = counted["document"].isin(coded_documents(segments, codings))
    labels = sorted(counted[rows].dropna().unique())
    bases = pd.DataFrame(
        {
            "interviews": counted.groupby(rows)["document"].nunique(),
            "coded_interviews": counted[coded].groupby(rows)["document"].nunique(),
            "base_segments": counted[coded].groupby(rows).size(),
        }
    )
    bases = bases.reindex(index=labels, columns=list(BASE_COLUMNS)).fillna(0).astype(int)
    bases.index.name = rows
    return bases


def coded_share_matrix(
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    codebook: Codebook,
    *,
    rows: str = "case",
    level: int | None = None,
) -> pd.DataFrame:
    """Rows × codes: % of the interviewee segments of the row's coded interviews
    (``coded_documents``) coded with the code, as the report's annex reads a share; empty
    (NaN) for a row none of whose interviews is coded yet, whose 0 would read as a theme
    nobody spoke of."""
    coded = segments[segments["document"].isin(coded_documents(segments, codings))]
    shares = case_code_matrix(coded, codings, codebook, rows=rows, value="share", level=level)
    labels = sorted(interviewee_segments(segments)[rows].dropna().unique())
    shares = shares.reindex(index=labels)
    shares.index.name = rows
    return shares


def code_columns(codebook: Codebook, level: int | None) -> list[str]:
    """Matrix columns in codebook tree order: every code no deeper than ``level``."""
    keep = {code.id for code in codebook.at_level(level)}
    return [code.id for _, code in codebook.walk() if code.id in keep]


def case_code_matrix(
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    codebook: Codebook,
    *,
    rows: str = "case",
    value: str = "count",
    level: int | None = None,
    interviewees_only: bool = True,
) -> pd.DataFrame:
    """Rows (cases, documents, speakers or an attribute) × codes.

    ``count``: coded segments; ``presence``: 1 when at least one; ``share``: % of the row's
    counted segments (of ``segments`` as given: ``coded_share_matrix`` gives it those of the
    coded interviews, as the report's annex); ``per1000``: coded segments per 1,000 words of
    the row's counted segments; ``documents``: how many interviews of the row have the code
    at least once. ``level`` rolls codes up to their ancestor at that depth (1 = axes); a
    segment coded with two sub-codes of one axis counts once for the axis.
    """
    if value not in VALUES:
        raise PtceError(f"unknown matrix value {value!r}; choose one of {', '.join(VALUES)}")
    if level is not None and level < 1:
        raise PtceError("--level must be 1 (top-level codes) or more")
    if rows not in segments.columns:
        raise PtceError(f"cannot make rows of {rows!r}: no such column in the segments")
    check_codes(codings, codebook)
    if interviewees_only:
        segments = interviewee_segments(segments)
    columns = code_columns(codebook, level)
    found = coded_segments(segments, codings)
    found["column"] = [codebook.rollup(code, level) for code in found["code"]]
    found = found.drop_duplicates(["document", "segment", "column"])
    if value == "documents":
        found = found.drop_duplicates(["document", "column"])
    counts = pd.crosstab(found[rows], found["column"]) if not found.empty else pd.DataFrame()
    row_labels = sorted(segments[rows].dropna().unique())
    matrix = counts.reindex(index=row_labels, columns=columns, fill_value=0).astype(int)
    if value == "presence":
        matrix = (matrix > 0).astype(int)
    elif value == "share":
        totals = segments.groupby(rows).size().reindex(row_labels)
        matrix = (matrix.div(totals, axis=0) * 100).round(1)
    elif value == "per1000":
        words = segments.groupby(rows)["words"].sum().reindex(row_labels)
        matrix = (matrix.div(words.where(words > 0), axis=0) * 1000).round(2)
    matrix.index.name = rows
    matrix.columns.name = "code"
    return matrix.copy()  # one block: later inserts (reset_index) stay fast


def cooccurrence(
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    codebook: Codebook,
    *,
    level: int | None = None,
    window: int = 0,
    jaccard: bool = False,
) -> pd.DataFrame:
    """Code × code co-occurrence, symmetric; the diagonal counts each code's segments.

    With ``window`` 0, a cell counts the segments coded with both codes. With ``window`` N,
    it counts the pairs (a segment of one code, a segment of the other) at most N segments
    apart in one interview. ``jaccard`` (window 0 only): |A∩B| / |A∪B| over segments.
    """
    if window < 0:
        raise PtceError("--window is a number of segments, 0 or more")
    if jaccard and window:
        raise PtceError("the Jaccard index is defined on segments: use it with --window 0")
    check_codes(codings, codebook)
    segments = interviewee_segments(segments)
    columns = code_columns(codebook, level)
    found = coded_segments(segments, codings)
    found["column"] = [codebook.rollup(code, level) for code in found["code"]]
    found = found.drop_duplicates(["document", "segment", "column"])[
        ["document", "segment", "column"]
    ]
    own = found.groupby("column").size().reindex(columns, fill_value=0)
    if found.empty:
        matrix = pd.DataFrame(0, index=columns, columns=columns)
    else:
        pairs = found.merge(found, on="document", suffixes=("_a", "_b"))
        pairs = pairs[(pairs["segment_a"] - pairs["segment_b"]).abs() <= window]
        matrix = pd.crosstab(pairs["column_a"], pairs["column_b"])
        matrix = matrix.reindex(index=columns, columns=columns, fill_value=0)
        for code in columns:
            matrix.loc[code, code] = own[code]
    matrix = matrix.astype(int)
    if jaccard:
        union = own.to_numpy()[:, None] + own.to_numpy()[None, :] - matrix.to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(union > 0, matrix.to_numpy() / np.maximum(union, 1), 0.0)
        matrix = pd.DataFrame(values.round(3), index=columns, columns=columns)
    matrix.index.name = "code"
    matrix.columns.name = "code"
    return matrix.copy()


def code_labels(codebook: Codebook, columns: Sequence[str]) -> pd.DataFrame:
    """id, label, parent of the matrix's columns and whether each is retired (a legend
    sheet: the matrix's own columns stay the code ids that scripts read)."""
    return pd.DataFrame(
        [
            {
                "code": code,
                "label": codebook.get(code).label,
                "parent": codebook.get(code).parent,
                "retired": codebook.get(code).retired,
            }
            for code in columns
        ]
    ).set_index("code")


def retired_columns(codebook: Codebook, columns: Sequence[str]) -> list[str]:
    """The matrix's columns that are retired codes: their earlier codings are counted, but
    nothing new is coded with them."""
    return [str(code) for code in columns if code in codebook and codebook.get(code).retired]


def retired_note(codebook: Codebook, columns: Sequence[str]) -> str | None:
    """The line said under a matrix that has retired codes among its columns, else None."""
    retired = retired_columns(codebook, columns)
    if not retired:
        return None
    return (
        f"Retired code(s) among the columns: {', '.join(retired)}: their earlier codings are "
        "counted, but they are no longer offered for coding (`retired` in the legend sheet "
        "of the .xlsx)."
    )
