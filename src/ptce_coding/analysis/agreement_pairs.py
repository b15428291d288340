"""Pairwise intercoder agreement: who, in a group, codes unlike whom.

For every pair of the listed coders, on the documents *both* coded (among the chosen ones),
the codes either of them coded there are pooled: each unit and code is one presence decision
(1 or 0) per coder, built as in the per-code table (``agreement_table.py``), and the pair's
percent agreement, Cohen's kappa, Krippendorff's alpha (nominal) and Gwet's AC1 are the
functions of ``agreement_stats.py`` applied to all its decisions at once. A pair's data are
those of ``agreement --coders A,B``, its codes' rows laid end to end: its percent is the mean
of those rows' percents (every code has the same units), its coefficients are not the mean of
theirs (the chance agreement is that of the pooled decisions).

Within a document, the units after the place one of the pair evidently stopped are left
out of that pair's comparison (``coded_extent.py``; ``PairwiseAgreement.cuts`` says which).
A pair with no document in common (or nothing coded on their common units) is a row that
says so, its statistics empty. Each coder's ``(mean)`` row averages the statistics of their
pairs, unweighted, over the pairs where each is defined, and its note says over which.
Readings (``pair_readings``) follow the per-code table's: alpha below 0.667 ✗, below 0.800
~, fewer than 10 decisions coded by either coder « too few coded units to conclude ».
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import cast

import numpy as np
import pandas as pd

from ptce_coding.analysis.agreement_readings import (
    MEAN,
    MIN_CODED_UNITS,
    STATISTICS,
    THRESHOLDS,
    TOO_FEW,
    flag,
    statistics_row,
    too_few,
)
from ptce_coding.analysis.agreement_table import AgreementScope, coded_documents, compared_frames
from ptce_coding.analysis.coded_extent import Cut, coder_traces
from ptce_coding.base.errors import PtceError
from ptce_coding.codebook.model import Codebook

PAIR_COLUMNS = [
    "coder",
    "with",
    "pairs",
    "documents",
    "units",
    "codes",
    "decisions",
    "coded_decisions",
    *STATISTICS,
    "note",
]
NOT_COMPARED = "not compared"  # the reading of a pair with nothing to compare


@dataclass(frozen=True)
class PairwiseAgreement:
    """One row per pair of ``coders`` (``coder``, ``with``), in the order listed, then one
    ``(mean)`` row per coder (``with`` is ``(mean)``, ``pairs`` the pairs it averages);
    ``cuts``: the units each pair's comparison left out after one of the two stopped
    (``coded_extent.py``), pair by pair."""

    table: pd.DataFrame
    coders: list[str]
    unit: str
    cuts: tuple[Cut, ...] = ()

    @property
    def pairs(self) -> pd.DataFrame:
        """The pairs' rows."""
        return self.table[self.table["with"] != MEAN]

    def not_compared(self) -> list[tuple[str, str, str]]:
        """(coder, other, why) for each pair with no decision to compare."""
        pairs = self.pairs
        return [
            (str(row["coder"]), str(row["with"]), str(row["note"]))
            for _, row in pairs[pairs["decisions"] == 0].iterrows()
        ]

    def too_few(self) -> list[tuple[str, str]]:
        """The compared pairs with fewer than MIN_CODED_UNITS decisions coded by either."""
        pairs = self.pairs
        return [
            (str(row["coder"]), str(row["with"]))
            for _, row in pairs[pairs["decisions"] > 0].iterrows()
            if too_few(row["coded_decisions"])
        ]

    def below_thresholds(self) -> list[tuple[str, str, float]]:
        """(coder, other, alpha) of the readable pairs whose alpha is below 0.800, lowest
        first: those a group talks over first."""
        found = [
            (str(row["coder"]), str(row["with"]), float(row["krippendorff_alpha"]))
            for _, row in self.pairs.iterrows()
            if row["decisions"] > 0
            and not too_few(row["coded_decisions"])
            and row["krippendorff_alpha"] is not None
            and float(row["krippendorff_alpha"]) < THRESHOLDS[1]
        ]
        return sorted(found, key=lambda item: item[2])


def pairwise_agreement(
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    codebook: Codebook,
    coders: list[str],
    scope: AgreementScope,
) -> PairwiseAgreement:
    """Agreement of each pair of ``coders`` on the documents both coded, codes pooled, within
    ``scope``; then each coder's mean with the others."""
    if len(coders) < 2:
        raise PtceError(
            f"--pairs compares each pair of the listed coders; {len(coders)} listed "
            f"({', '.join(coders) or 'none'}): list at least two, --coders A,B,C"
        )
    mine, by_coder = coded_documents(codings, codebook, coders, scope)
    traces = coder_traces(codings, coders)
    found = [
        _pair_row(
            segments,
            (mine, traces),
            codebook,
            (first, second),
            sorted(by_coder[first] & by_coder[second]),
            scope,
        )
        for first, second in combinations(coders, 2)
    ]
    rows = [row for row, _ in found]
    rows += [_coder_row(rows, coder) for coder in coders]
    table = pd.DataFrame(rows, columns=PAIR_COLUMNS, dtype=object)  # counts stay whole
    cuts = tuple(cut for _, pair_cuts in found for cut in pair_cuts)
    return PairwiseAgreement(table, list(coders), scope.unit, cuts)


def _pair_row(
    segments: pd.DataFrame,
    said: tuple[pd.DataFrame, pd.DataFrame],
    codebook: Codebook,
    pair: tuple[str, str],
    documents: list[str],
    scope: AgreementScope,
) -> tuple[dict[str, object], list[Cut]]:
    """One pair's row: its documents, units, codes and pooled decisions, and the statistics
    of those decisions; a pair with nothing to compare says why. ``said``: what the coders
    said and where they left a trace (``compared_frames``'s ``mine`` and ``traces``); the
    cuts made where one of the pair stopped come with the row."""
    row: dict[str, object] = {"coder": pair[0], "with": pair[1], "pairs": None}
    row.update(documents=len(documents), units=0, codes=0, decisions=0, coded_decisions=0)
    row.update(dict.fromkeys(STATISTICS))
    if not documents:
        where = " among the chosen ones" if scope.documents else ""
        return {**row, "note": f"no document coded by both{where}"}, []
    mine, traces = said
    units, frames, cuts = compared_frames(
        segments, mine, traces, codebook, list(pair), documents, scope
    )
    row.update(units=len(units), codes=len(frames))
    if not frames:
        which = f"a code starting with {scope.codes_prefix!r}" if scope.codes_prefix else "a code"
        return {**row, "note": f"neither coded {which} on their {len(units)} common units"}, cuts
    pooled = np.concatenate([frame.to_numpy().T for frame in frames.values()], axis=1)
    statistics = statistics_row(pooled, list(pair))
    row["decisions"] = statistics.pop("units")
    row["coded_decisions"] = statistics.pop("coded_units")
    return {**row, **statistics}, cuts


def _coder_row(pairs: list[dict[str, object]], coder: str) -> dict[str, object]:
    """A coder's mean with the others: each statistic averaged over their compared pairs
    where it is defined; the note names the pairs left out and why."""
    theirs = [row for row in pairs if coder in (row["coder"], row["with"])]
    other = {id(row): str(row["with"] if row["coder"] == coder else row["coder"]) for row in theirs}
    compared = [row for row in theirs if row["decisions"]]
    row: dict[str, object] = dict.fromkeys(PAIR_COLUMNS)
    row.update({"coder": coder, "with": MEAN, "pairs": len(compared)})
    notes = []
    if compared:
        others = ", ".join(other[id(pair)] for pair in compared)
        notes.append(f"mean of {len(compared)} pair{'s' if len(compared) != 1 else ''} ({others})")
    partial: dict[tuple[int, str], list[str]] = {}  # statistics undefined for some pairs
    for name in STATISTICS:
        values = [cast("float", pair[name]) for pair in compared if pair[name] is not None]
        row[name] = float(np.mean(values)) if values else None
        missing = [other[id(pair)] for pair in compared if pair[name] is None]
        if missing:
            partial.setdefault((len(values), ", ".join(missing)), []).append(name)
    for (count, missing_with), names in partial.items():
        notes.append(f"{', '.join(names)}: of {count} (undefined with {missing_with})")
    scarce = sum(too_few(cast("int", pair["coded_decisions"])) for pair in compared)
    if scarce:
        notes.append(f"{scarce} of them on fewer than {MIN_CODED_UNITS} coded decisions")
    left = [other[id(pair)] for pair in theirs if not pair["decisions"]]
    if left:
        notes.append(f"not compared with {', '.join(left)}")
    row["note"] = "; ".join(notes)
    return row


def pair_readings(table: pd.DataFrame) -> list[str]:
    """The ``flag`` of every row of a pairwise table: a pair's is the reading of its alpha
    (``flag``, « too few » under MIN_CODED_UNITS coded decisions), « not compared » without
    a decision; a coder's mean is « too few » when every pair it averages is, « not compared »
    when it averages none, else the reading of its alpha."""
    pairs = table[table["with"] != MEAN]
    found = []
    for _, row in table.iterrows():
        if row["with"] != MEAN:
            compared = bool(row["decisions"])
            found.append(
                flag(row["krippendorff_alpha"], row["coded_decisions"])
                if compared
                else NOT_COMPARED
            )
            continue
        theirs = pairs[
            ((pairs["coder"] == row["coder"]) | (pairs["with"] == row["coder"]))
            & (pairs["decisions"] > 0)
        ]
        if theirs.empty:
            found.append(NOT_COMPARED)
        elif all(too_few(n) for n in theirs["coded_decisions"]):
            found.append(f"{TOO_FEW} (< {MIN_CODED_UNITS})")
        else:
            found.append(flag(row["krippendorff_alpha"]))
    return found
