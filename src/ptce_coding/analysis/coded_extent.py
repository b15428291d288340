"""How far each coder evidently coded a document, and the units an agreement leaves out after
a coder stopped before its end.

A document counts for an agreement when every compared coder coded it (``agreement_table``).
Within it, a unit after the place where a coder stopped was not judged « absent » by them: it
was never read, and counting it as « both said absent » inflates the agreement. The project
holds no declaration of how far a coder went, so each coder's extent is read from their
traces: the codings they made (of any code, any status, withdrawn ones included) and the
suggestions they reviewed. Positions are counted in the compared units (a document's
interviewee segments, unless the interviewers' turns are compared too).

A coder *stopped* in a document when, after the unit of their last trace, the others go on
coding where they mark nothing, at a length and a rate their own coding of the document does
not explain:

1. the units after it are at least a fifth of the document's (``MIN_SHARE``): a shorter end
   changes the figures little, and is as often the interview's closing, which one coder
   codes and the other leaves as nothing to code (« merci, au revoir »), as a coder who
   stopped;
2. the distance from their last traced unit to the document's end is more than twice the
   longest distance between two of their traced units, or from the start to their first one
   (``STOP_FACTOR``): a coder who reads to the end leaves its last units uncoded only as they
   leave other stretches uncoded; one who stopped halfway leaves an end far longer;
3. the others traced ``m`` units after it, none of which the coder marked, while before it
   the coder marked a share ``h`` of the units the others traced (estimated by Laplace's rule
   of succession, (hits + 1) / (units + 2), so that a few units never make it 0 or 1): a
   coder still at work would have marked none of the ``m`` with a chance (1 − h)^m, below
   ``STOP_CHANCE`` (5 %).

The comparison then ends at the last traced unit of the coder who stopped first, and the
units after it are left out and said (``Cut``). The taggers read every document to its end:
they never stop. The rule reads traces, so a coder who read to the end but coded little
there, unlike the others, can read as stopped: the cut is said with the option that keeps
every unit (``AgreementScope.whole_documents``, ``--whole-documents``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ptce_coding.base.coder_selection import MACHINE_CODERS

# the end left uncoded must be longer than this many times the coder's longest stride
STOP_FACTOR = 2
# and the chance that a coder still at work marks none of the units the others coded there
# must be below this (a conventional significance level)
STOP_CHANCE = 0.05
# and the units left out must be at least this share of the document's compared units
MIN_SHARE = 0.2


@dataclass(frozen=True)
class Cut:
    """The units of ``document`` an agreement leaves out because ``coder`` stopped there:
    their last traced unit is the ``last_unit``-th of ``units`` compared units (1-based), in
    segment ``last_segment``; the units after it, segments ``first_left``–``last_left``, are
    left out of the comparison of ``coders``; ``others_traced`` of them hold another
    compared coder's trace."""

    document: str
    coder: str
    coders: tuple[str, ...]
    units: int
    last_unit: int
    last_segment: int
    first_left: int
    last_left: int
    others_traced: int

    @property
    def left_out(self) -> int:
        """The number of units left out."""
        return self.units - self.last_unit


def coder_traces(codings: pd.DataFrame, coders: list[str]) -> pd.DataFrame:
    """Where each of ``coders`` left a trace (document, start, end, coder): their codings of
    any status, the suggestions they reviewed, and a tagger's suggestions (as its own)."""
    parts = [codings.loc[codings["coder"].isin(coders), ["document", "start", "end", "coder"]]]
    for column in ("reviewed_by", "suggested_by"):
        if column in codings:
            theirs = codings[codings[column].isin(coders)]
            parts.append(
                theirs[["document", "start", "end"]].assign(coder=theirs[column].astype(str))
            )
    return pd.concat(parts, ignore_index=True).drop_duplicates()


def _traced_units(
    starts: np.ndarray, ends: np.ndarray, spans: tuple[np.ndarray, np.ndarray]
) -> set[int]:
    """The ordinals of the units (sorted, non-overlapping: ``starts``, ``ends``) the traces
    (``spans``: their starts and ends) overlap; a trace between units (an interviewer's
    turn) marks the unit before it, since the coder read that far."""
    firsts = np.searchsorted(ends, spans[0], side="right")  # the first unit ending after it
    lasts = np.searchsorted(starts, spans[1], side="left") - 1  # the last starting before
    traced: set[int] = set()
    for first, last in zip(firsts.tolist(), lasts.tolist(), strict=True):
        if first <= last:
            traced.update(range(first, last + 1))
        elif last >= 0:
            traced.add(last)
    return traced


def _long_end(traced: set[int], units: int) -> bool:
    """Whether the end left uncoded after the last of the ``traced`` units (of ``units``) is
    at least MIN_SHARE of the units, and more than STOP_FACTOR times the longest stride
    between them (the start counting as one before the first unit)."""
    positions = sorted(traced)
    strides = np.diff([-1, *positions])
    end = units - positions[-1]  # from the last traced unit to one past the last unit
    return end - 1 >= MIN_SHARE * units and bool(end > STOP_FACTOR * int(strides.max()))


def _unlikely_miss(mine: set[int], others: set[int]) -> bool:
    """Whether a coder who marked ``mine`` would mark none of the units the others marked
    (``others``) after the last of theirs with a chance below STOP_CHANCE, given the share
    of the others' units they marked before it (Laplace's rule of succession)."""
    last = max(mine)
    before = {unit for unit in others if unit <= last}
    after = sum(unit > last for unit in others)
    share = (len(before & mine) + 1) / (len(before) + 2)
    return after > 0 and (1 - share) ** after < STOP_CHANCE


def document_cut(
    document: pd.DataFrame, traces: pd.DataFrame, coders: list[str]
) -> tuple[pd.Index, Cut | None]:
    """The index of the compared units of one ``document`` (rows ordered by start) up to
    where the first of ``coders`` to stop stopped, and the ``Cut`` that says so (None: every
    unit kept)."""
    starts = document["start"].to_numpy()
    ends = document["end"].to_numpy()
    whose = traces["coder"].to_numpy()
    spans = (traces["start"].to_numpy(), traces["end"].to_numpy())
    traced = {
        coder: _traced_units(starts, ends, (spans[0][whose == coder], spans[1][whose == coder]))
        for coder in coders
    }
    stops = {}
    for coder in coders:
        if coder in MACHINE_CODERS or not traced[coder]:
            continue  # a tagger reads every document to its end
        others = set().union(*(traced[other] for other in coders if other != coder))
        if _long_end(traced[coder], len(document)) and _unlikely_miss(traced[coder], others):
            stops[coder] = max(traced[coder])
    if not stops:
        return document.index, None
    coder = min(stops, key=lambda name: (stops[name], coders.index(name)))
    last = stops[coder]
    others = set().union(*(traced[other] for other in coders if other != coder))
    segments = document["segment"].to_numpy()
    cut = Cut(
        document=str(document["document"].iloc[0]),
        coder=coder,
        coders=tuple(coders),
        units=len(document),
        last_unit=last + 1,
        last_segment=int(segments[last]),
        first_left=int(segments[last + 1]),
        last_left=int(segments[-1]),
        others_traced=sum(position > last for position in others),
    )
    return document.index[: last + 1], cut


def cut_units(
    units: pd.DataFrame, traces: pd.DataFrame, coders: list[str]
) -> tuple[pd.DataFrame, list[Cut]]:
    """``units`` (segments: document, segment, start, end, …) less those after where a coder
    stopped, document by document (``document_cut``), in their order, and the cuts made."""
    kept: list[object] = []
    cuts = []
    by_document = dict(list(traces.groupby("document", sort=False)))
    none = traces.iloc[:0]
    for name, document in units.groupby("document", sort=False):
        within, cut = document_cut(
            document.sort_values("start"), by_document.get(name, none), coders
        )
        kept.extend(within)
        if cut is not None:
            cuts.append(cut)
    return (units.loc[units.index.isin(kept)] if cuts else units), cuts
