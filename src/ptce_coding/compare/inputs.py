"""What the comparison of poles reads from the store: pole × code tables, attributes, sizes
(`CompareInputs`, pole_tables.py), on the codings a `CodingFilter` keeps.

The counting unit is the one of the matrices (matrices.py): interviewees' segments; with
``unit="interviews"`` a cell counts the pole's interviews where the code appears at least once.
Conditions and outcomes of a truth table come from codes (present in a pole when coded in at
least ``min_segments`` of its segments) or from case attributes (cases.csv):
truth_table_data.py, constant_columns.py.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ptce_coding.analysis.frames import codings_frame, segments_frame
from ptce_coding.analysis.matrices import case_code_matrix, coded_segments, interviewee_segments
from ptce_coding.base.case_choice import chosen_cases
from ptce_coding.base.coder_selection import STRUCTURE_CODER, CoderSelection
from ptce_coding.base.selected_codings import below_decided, select_codings
from ptce_coding.codebook.model import Codebook
from ptce_coding.compare.ca import AnalysisError
from ptce_coding.compare.pole_tables import CompareInputs
from ptce_coding.store import Store

if TYPE_CHECKING:
    from ptce_coding.privacy.apply import AnonymisedView

UNITS = ("segments", "interviews")


@dataclass(frozen=True)
class CodingFilter:
    """Which codings a comparison reads. ``statuses``: None reads the accepted codings when
    there are any, else the suggestions too; ``cases``: the poles compared (None: all);
    ``view``: pseudonymised through an anonymised view; ``selection``: whose codings count
    (coder_selection.py; None: every coder)."""

    statuses: tuple[str, ...] | None = None
    cases: list[str] | None = None
    view: AnonymisedView | None = None
    selection: CoderSelection | None = None


def load_inputs(
    store: Store,
    codebook: Codebook,
    *,
    level: int | None = 2,
    unit: str = "segments",
    filters: CodingFilter = CodingFilter(),
) -> CompareInputs:
    """The comparison's tables at ``level``, counted in ``unit``, on the codings ``filters``
    keeps (see `CodingFilter`)."""
    return inputs_from_frames(
        segments_frame(store, with_text=False),
        codings_frame(store, with_text=False),
        store.cases(),
        codebook,
        level=level,
        unit=unit,
        filters=filters,
    )


def inputs_from_frames(
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    attributes: dict[str, dict[str, Any]],
    codebook: Codebook,
    *,
    level: int | None = 2,
    unit: str = "segments",
    filters: CodingFilter = CodingFilter(),
) -> CompareInputs:
    """As :func:`load_inputs`, from frames already read (``frames.segments_frame``,
    ``frames.codings_frame``) and the case ``attributes``."""
    statuses, cases = filters.statuses, filters.cases
    view, selection = filters.view, filters.selection
    if unit not in UNITS:
        raise AnalysisError(f"unknown unit {unit!r}: choose segments or interviews")
    if selection is not None and selection.chosen:
        codings = select_codings(codings, selection, segments)
    # the interview guide's questions (`ptce-coding structure`) say where a passage is in the
    # interview, not what it is about: counted, they would weigh in the comparison as a theme
    # every pole with headings talks about at length
    structural = structural_codes(codings, codebook)
    codings = codings[codings["coder"] != STRUCTURE_CODER]
    if statuses is None:
        accepted = (codings["status"] == "accepted").any()
        statuses = ("accepted",) if accepted else ("accepted", "suggested")
    if cases:
        # a name typed or pasted decomposed (« é » as e + accent, as macOS file names are)
        # is the store's composed one
        cases = [unicodedata.normalize("NFC", case) for case in cases]
        cases = chosen_cases(cases, set(segments["case"]))
        segments = segments[segments["case"].isin(cases)]
        codings = codings[codings["case"].isin(cases)]
    if view is not None:
        segments, codings = view.segments(segments), view.codings(codings)
        attributes = view.cases(attributes)
    waiting = (
        set()
        if "suggested" in statuses
        else set(codings.loc[codings["status"] == "suggested", "case"])
    )
    codings = codings[codings["status"].isin(statuses)]
    if selection is not None:  # a « yes » on an axis adds no category beside its sub-codes
        codings = below_decided(codings, selection.consensus, level)
    value = "count" if unit == "segments" else "documents"
    counts = case_code_matrix(segments, codings, codebook, value=value, level=level)
    counts = counts.drop(columns=structural, errors="ignore")
    poles = list(counts.index)
    awaiting = [str(p) for p, total in counts.sum(axis=1).items() if not total and p in waiting]
    # coding under way: an interview nobody has coded yet is not one that leaves every code
    # out; a pole's shares, and the interviews compared, are its coded interviews' (a share
    # over all its segments read half as much in a pole half coded)
    counted = interviewee_segments(segments)
    coded = segments[segments["document"].isin(set(coded_segments(counted, codings)["document"]))]
    shares = case_code_matrix(coded, codings, codebook, value="share", level=level)
    shares = shares.reindex(index=poles, columns=counts.columns, fill_value=0.0)
    frame = pd.DataFrame.from_dict(attributes, orient="index").reindex(poles)
    frame.index.name = "case"
    return CompareInputs(
        counts=counts,
        shares=shares,
        attributes=frame,
        interviews=coded.groupby("case")["document"].nunique().reindex(poles, fill_value=0),
        segments_counted=interviewee_segments(coded)
        .groupby("case")
        .size()
        .reindex(poles, fill_value=0),
        level=level,
        unit=unit,
        includes_suggestions="suggested" in statuses,
        segments=segments,
        codings=codings,
        structural=tuple(structural),
        interviews_listed=segments.groupby("case")["document"]
        .nunique()
        .reindex(poles, fill_value=0),
        awaiting_review=tuple(awaiting),
    )


def structural_codes(codings: pd.DataFrame, codebook: Codebook) -> list[str]:
    """The codes of the interview's structure: every code under the top-level code of one
    that the structure coded (`structure.code` is a top-level code of its own)."""
    coded = set(codings.loc[codings["coder"] == STRUCTURE_CODER, "code"])
    roots = {codebook.ancestors(code)[0] for code in coded if code in codebook}
    return [code.id for code in codebook.codes if codebook.ancestors(code.id)[0] in roots]
