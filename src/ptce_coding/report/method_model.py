"""How the report's coding was made, as plain data for its method note: the codebook and its
versions, who coded what, the agreement (and each pair's), the codebook's changes, the units
the agreement left out, the acceptances by threshold, whose coding the report rests on, how
much of each interview is coded and the confidence of the suggestions decided."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ptce_coding.analysis.coded_extent import Cut
from ptce_coding.analysis.unread_codings import UnreadShare
from ptce_coding.base.coder_selection import CoderSelection


@dataclass(frozen=True)
class DecidedSuggestions:
    """The taggers' suggestions a person decided (accepted, one by one or by threshold, or
    rejected), among the coders the report counts, and the lowest and highest confidence
    the tagger gave them, and the thresholds (``coding.min_confidence``) the rules wrote
    those of them that are rule suggestions at, as their evidence says (« (threshold
    0.35) »)."""

    accepted: int
    rejected: int
    lowest: float | None
    highest: float | None
    thresholds: tuple[float, ...] = ()


@dataclass
class Method:
    codebook_name: str
    codebook_version: str
    versions_seen: list[str]
    coders: pd.DataFrame  # coder, method, status, codings
    statuses: tuple[str, ...]
    agreement: pd.DataFrame | None = None
    agreement_coders: list[str] = field(default_factory=list)
    agreement_documents: int = 0
    # three coders or more with documents in common: every pair of them at level 1
    # (agreement_pairs.py), its ``flag`` the reading of each row (``pair_readings``)
    pairwise: pd.DataFrame | None = None
    changes: list[dict] = field(default_factory=list)  # codebook operations, oldest first
    # the units the agreement (and each pair's) left out where a coder stopped coding a
    # document (analysis/coded_extent.py)
    cuts: list[Cut] = field(default_factory=list)
    whose: str = ""  # whose coding the report rests on (coder_selection.py), in French
    counted: list[str] = field(default_factory=list)  # the coders it counts (coders_used)
    min_coded_units: int = 10  # below: « trop peu d'unités codées pour conclure »
    # the codings counted that were accepted by threshold (`review --accept-above`), not
    # read one by one: {threshold: codings}
    accepted_above: dict[float, int] = field(default_factory=dict)
    # the human coders with codings accepted by threshold, which the agreement gives back
    # to the tagger (analysis/unread_codings.py)
    unread: list[UnreadShare] = field(default_factory=list)
    selection: CoderSelection = field(default_factory=CoderSelection)  # names the files
    # per interview with a coding counted: % of its interviewee segments holding one
    # (pole_bases.coded_segment_shares)
    coverage: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    decided: DecidedSuggestions | None = None  # the taggers' suggestions decided
