"""The tables a comparison of poles reads (`CompareInputs`): pole × code counts and shares,
attributes, the poles' sizes, and the frames they were counted from."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ptce_coding.analysis.matrices import case_code_matrix
from ptce_coding.codebook.model import Codebook


@dataclass(frozen=True)
class CompareInputs:
    counts: pd.DataFrame  # pole × code at ``level``: coded segments, or interviews
    # pole × code at ``level``: % of the interviewee segments of the pole's coded interviews
    shares: pd.DataFrame
    attributes: pd.DataFrame  # pole × case attributes (text)
    interviews: pd.Series  # pole → its coded interviews (a coding counted on a segment)
    segments_counted: pd.Series  # pole → interviewee segments of its coded interviews
    level: int | None
    unit: str
    includes_suggestions: bool
    segments: pd.DataFrame  # for codes at other levels (truth-table conditions)
    codings: pd.DataFrame
    structural: tuple[str, ...] = ()  # the interview's structural codes, left out
    # pole → all its interviews, coded or not (coding under way: more than ``interviews``)
    interviews_listed: pd.Series | None = None
    # the poles where nothing is counted that hold suggestions waiting for review, when the
    # suggestions are not counted (accepted codings only): --status all would count them
    awaiting_review: tuple[str, ...] = ()

    @property
    def poles(self) -> int:
        return len(self.counts)

    @property
    def interview_total(self) -> int:
        return int(self.interviews.sum())

    @property
    def uncoded(self) -> list[str]:
        """The poles where nothing is coded at this level: left out of the CA and the
        typology (a pole not coded yet is not a pole without the codes)."""
        return [str(pole) for pole, total in self.counts.sum(axis=1).items() if total == 0]

    @property
    def coded_poles(self) -> int:
        """The poles compared: those where something is coded at this level."""
        return self.poles - len(self.uncoded)

    @property
    def presence(self) -> pd.DataFrame:
        """Pole × code, 1 where the code is coded in the pole, for the Jaccard typology; the
        poles where nothing is coded left out, as the CA leaves them out of Ward's."""
        return (self.counts.drop(index=self.uncoded) > 0).astype(int)

    def code_segments(self, codebook: Codebook, code: str) -> pd.Series:
        """Pole → segments coded ``code`` or one of its sub-codes."""
        depth = codebook.depth(code)
        matrix = case_code_matrix(self.segments, self.codings, codebook, level=depth)
        return matrix[code].reindex(self.counts.index, fill_value=0)
