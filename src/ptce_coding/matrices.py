"""Cross-case matrices as pandas DataFrames.

The counting unit is the *segment*: a segment counts for a code when a coding of that code
overlaps it (DESIGN.md). Only interviewees' segments count; interviewers' questions never do.
Renderers take the DataFrames built here and never query the store.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ptce_coding.codebook import Codebook
from ptce_coding.errors import PtceError

VALUES = ("count", "presence", "share")
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
            f"codings use codes that are not in the codebook: {listed}",
            hint="Put these codes back in the codebook (or rename them there) before "
            "building matrices; no coding was changed.",
        )


def interviewee_segments(segments: pd.DataFrame) -> pd.DataFrame:
    """Segments that statistics count: interviewees' turns.

    Interviewer turns are left out, and so is text before the first speaker label (a title,
    a date) in a document that has labels; a document without any label counts whole.
    """
    labelled = segments["speaker"].notna()
    has_labels = labelled.groupby(segments["document"]).transform("any")
    keep = ~segments["interviewer"].astype(bool) & (labelled | ~has_labels)
    return segments.loc[keep]


def coded_segments(segments: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """One row per (segment, code) where a coding overlaps the segment.

    ``segments``: document, case, segment, start, end, interviewer, …;
    ``codings``: document, start, end, code, …
    """
    columns = [*segments.columns, "code"]
    if codings.empty or segments.empty:
        return pd.DataFrame(columns=columns)
    pairs = segments.merge(
        codings[["document", "start", "end", "code"]].rename(
            columns={"start": "coding_start", "end": "coding_end"}
        ),
        on="document",
    )
    overlap = (pairs["coding_start"] < pairs["end"]) & (pairs["coding_end"] > pairs["start"])
    found = pairs.loc[overlap, columns]
    return found.drop_duplicates(["document", "segment", "code"]).reset_index(drop=True)


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
    """Rows (cases, documents…) × codes.

    ``count``: coded segments; ``presence``: 1 when at least one; ``share``: % of the row's
    counted segments. ``level`` rolls codes up to their ancestor at that depth (1 = axes); a
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
    counts = pd.crosstab(found[rows], found["column"]) if not found.empty else pd.DataFrame()
    row_labels = sorted(segments[rows].dropna().unique())
    matrix = counts.reindex(index=row_labels, columns=columns, fill_value=0).astype(int)
    if value == "presence":
        matrix = (matrix > 0).astype(int)
    elif value == "share":
        totals = segments.groupby(rows).size().reindex(row_labels)
        matrix = (matrix.div(totals, axis=0) * 100).round(1)
    matrix.index.name = rows
    matrix.columns.name = "code"
    return matrix.copy()  # one block: later inserts (reset_index) stay fast


def code_labels(codebook: Codebook, columns: Sequence[str]) -> pd.DataFrame:
    """id, label and parent of the matrix's columns (a legend sheet)."""
    return pd.DataFrame(
        [
            {"code": code, "label": codebook.get(code).label, "parent": codebook.get(code).parent}
            for code in columns
        ]
    ).set_index("code")
