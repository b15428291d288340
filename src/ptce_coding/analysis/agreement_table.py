"""Intercoder agreement on a project's codings: units, per-code data, the agreement table.

Unit: a segment (default) or a whole document. For each code, each coder gives each unit a
1 (one of their codings of that code overlaps the unit) or a 0, so a code is a binary
presence/absence variable and codes are never treated as mutually exclusive. A coding counts
for the codes above its own that are compared too (a passage coded COOP.LIEU is about COOP:
where a coder coded the axis COOP itself, another's COOP.LIEU agrees with it on COOP). Only
documents that every listed coder has coded (at least one coding) count; uncoded text
elsewhere never inflates agreement (``agreement_pairs.py`` compares each pair of coders on
the documents both coded). Within a document, the units after the place a coder evidently
stopped are left out too, and said (``coded_extent.py``), unless the scope counts whole
documents. A row's statistics, the ``(mean)`` row and their readings are
``agreement_readings.py``'s (the statistics themselves the pure functions of
``agreement_stats.py``); the sheet of the disagreements, ``disagreements_sheet.py``'s. The
reading thresholds are importable from here too (THRESHOLDS, MEAN, TOO_FEW, MIN_CODED_UNITS).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ptce_coding.analysis.agreement_readings import MEAN as MEAN
from ptce_coding.analysis.agreement_readings import MIN_CODED_UNITS as MIN_CODED_UNITS
from ptce_coding.analysis.agreement_readings import THRESHOLDS as THRESHOLDS
from ptce_coding.analysis.agreement_readings import TOO_FEW as TOO_FEW
from ptce_coding.analysis.agreement_readings import mean_row, statistics_row
from ptce_coding.analysis.coded_extent import Cut, coder_traces, cut_units
from ptce_coding.analysis.matrices import check_codes, interviewee_segments
from ptce_coding.base.errors import PtceError
from ptce_coding.codebook.model import Codebook, did_you_mean

COLUMNS = [
    "code",
    "units",
    "coded_units",
    "percent",
    "cohen_kappa",
    "krippendorff_alpha",
    "gwet_ac1",
    "note",
]
MACHINE_METHODS = ("rule", "model")


@dataclass
class Agreement:
    """The agreement table and what it was computed on."""

    table: pd.DataFrame
    coders: list[str]
    unit: str
    documents: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    presence: dict[str, pd.DataFrame] = field(default_factory=dict)
    units: pd.DataFrame = field(default_factory=pd.DataFrame)
    cuts: list[Cut] = field(default_factory=list)  # units left out after a coder stopped


def coder_codings(codings: pd.DataFrame, coders: list[str]) -> pd.DataFrame:
    """What each coder said applies: their codings, less what a human coder withdrew.

    A tagger (rules, model) is a coder: all it suggested counts, even when a human later
    rejected it, since that is what the tagger said; a suggestion a human accepted is both
    the human's coding (coder) and what the tagger said (suggested_by).
    """
    mine = codings[codings["coder"].isin(coders)]
    if "suggested_by" in codings:
        said = codings[codings["suggested_by"].isin(coders)]
        mine = pd.concat([mine, said.assign(coder=said["suggested_by"])], ignore_index=True)
    withdrawn = (mine["status"] == "rejected") & ~mine["method"].isin(MACHINE_METHODS)
    return mine[~withdrawn]


def _segment_units(
    segments: pd.DataFrame, documents: list[str], interviewer_turns: bool
) -> pd.DataFrame:
    chosen = segments[segments["document"].isin(documents)]
    if not interviewer_turns:
        return interviewee_segments(chosen)
    # the interviewers' turns, never the title lines (as counting.is_coded)
    return chosen[~chosen["title"].astype(bool)]


def _document_units(segments: pd.DataFrame) -> pd.DataFrame:
    """One unit per document, from its first compared segment to its last."""
    return (
        segments.groupby(["document", "case"], as_index=False)
        .agg(start=("start", "min"), end=("end", "max"))
        .assign(segment=-1)
    )


def presence_frames(
    units: pd.DataFrame,
    codings: pd.DataFrame,
    coders: list[str],
    codebook: Codebook,
    *,
    unit: str = "segment",
    level: int | None = None,
    min_overlap: float = 0.0,
) -> dict[str, pd.DataFrame]:
    """{code: DataFrame(units × coders) of 0/1}: who coded what on which unit."""
    keys = ["document", "segment"]
    index = pd.MultiIndex.from_frame(units[keys])
    if codings.empty:
        return {}
    pairs = units[[*keys, "start", "end"]].merge(
        codings[["document", "start", "end", "code", "coder"]].rename(
            columns={"start": "c_start", "end": "c_end"}
        ),
        on="document",
    )
    overlap = np.minimum(pairs["end"], pairs["c_end"]) - np.maximum(
        pairs["start"], pairs["c_start"]
    )
    length = (pairs["end"] - pairs["start"]).clip(lower=1)
    if unit == "document":
        enough = overlap > 0
    else:
        enough = (overlap > 0) & (overlap / length >= min_overlap)
    hits = pairs[enough].copy()
    hits["code"] = [codebook.rollup(code, level) for code in hits["code"]]
    compared = set(hits["code"])
    # a passage coded COOP.LIEU is about COOP too: where a coder coded the axis itself, the
    # others' codings under it agree with it there (else an axis is compared with its codes)
    hits["code"] = [
        [code, *(above for above in codebook.above(code) if above in compared)]
        for code in hits["code"]
    ]
    hits = hits.explode("code").drop_duplicates([*keys, "code", "coder"])
    frames = {}
    for code in [c.id for _, c in codebook.walk() if c.id in set(hits["code"])]:
        mine = hits[hits["code"] == code]
        table = pd.crosstab([mine["document"], mine["segment"]], mine["coder"]).clip(upper=1)
        frames[code] = table.reindex(index=index, columns=coders, fill_value=0).astype(int)
    return frames


@dataclass(frozen=True)
class AgreementScope:
    """What an agreement compares: its ``unit`` (segment or document); the codes, at
    ``level`` (None: as coded) and under ``codes_prefix`` (None: all); the interviewers'
    turns too (``interviewer_turns``); the share of a segment a passage must cover to code
    it (``min_overlap``, 0: any overlap); only ``documents`` (empty: all); every unit of
    the documents, also after where a coder evidently stopped (``whole_documents``: each
    coder read them to the end, ``coded_extent.py``)."""

    unit: str = "segment"
    level: int | None = None
    min_overlap: float = 0.0
    interviewer_turns: bool = False
    codes_prefix: str | None = None
    documents: tuple[str, ...] = ()  # only these documents (none given: all)
    whole_documents: bool = False


def agreement(
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    codebook: Codebook,
    coders: list[str],
    scope: AgreementScope = AgreementScope(),
) -> Agreement:
    """Agreement of ``coders`` per code on the documents they all coded, within ``scope``."""
    mine, by_coder = coded_documents(codings, codebook, coders, scope)
    shared = sorted(set.intersection(*by_coder.values()))
    left_out = sorted(set.union(*by_coder.values()) - set(shared))
    if not shared:
        chosen = "none of the chosen documents" if scope.documents else "no document"
        raise PtceError(f"{chosen} has been coded by all of {', '.join(coders)}")
    traces = coder_traces(codings, coders)
    units, frames, cuts = compared_frames(segments, mine, traces, codebook, coders, shared, scope)
    rows = [
        {"code": code, **statistics_row(frame.to_numpy().T, coders)}
        for code, frame in frames.items()
    ]
    table = pd.DataFrame(rows, columns=COLUMNS)
    if rows:
        table = pd.concat(
            [table, pd.DataFrame([mean_row(table, len(units))], columns=COLUMNS)],
            ignore_index=True,
        )
    return Agreement(
        table,
        list(coders),
        unit=scope.unit,
        documents=shared,
        left_out=left_out,
        presence=frames,
        units=units,
        cuts=cuts,
    )


def coded_documents(
    codings: pd.DataFrame, codebook: Codebook, coders: list[str], scope: AgreementScope
) -> tuple[pd.DataFrame, dict[str, set[str]]]:
    """What ``coders`` said (``coder_codings``) and the documents each coded, within
    ``scope``'s documents; refuses a request that cannot be compared (fewer than two coders,
    a coder listed twice or without codings, a bad unit or overlap, an unknown code)."""
    unit, min_overlap = scope.unit, scope.min_overlap
    if len(set(coders)) < 2:
        raise PtceError("agreement needs at least two different coders (--coders A,B)")
    twice = sorted({coder for coder in coders if coders.count(coder) > 1})
    if twice:  # counted twice, a coder agrees with themself and inflates every statistic
        raise PtceError(
            f"{', '.join(twice)} {'is' if len(twice) == 1 else 'are'} listed twice in "
            "--coders: list each coder once"
        )
    if unit not in ("segment", "document"):
        raise PtceError(f"unknown unit {unit!r}: segment or document")
    if not 0.0 <= min_overlap <= 1.0:
        raise PtceError("--min-overlap is a share of the segment, between 0 and 1")
    if unit == "document" and min_overlap > 0:
        raise PtceError(
            "--min-overlap cannot apply to --unit document: it is the share of a segment a "
            "coding must cover, and a document counts any coding in it",
            hint="Leave --min-overlap out, or compare segments (--unit segment).",
        )
    check_codes(codings, codebook)
    mine = coder_codings(codings, coders)
    by_coder = {coder: set(mine.loc[mine["coder"] == coder, "document"]) for coder in coders}
    refuse_coders_without_codings(mine, codings, coders)
    if scope.documents:
        by_coder = _in_chosen_documents(by_coder, scope.documents)
    return mine, by_coder


def refuse_coders_without_codings(
    mine: pd.DataFrame, codings: pd.DataFrame, coders: list[str]
) -> None:
    """Refuse ``coders`` of whom ``mine`` (``coder_codings``) holds nothing, naming the
    coders of ``codings`` and the one a misspelt name most likely meant. Given the store's
    codings before the acceptances by threshold go back to the tagger, a coder all of whose
    codings are such is named too (then refused apart, as read by nobody)."""
    silent = [coder for coder in coders if not (mine["coder"] == coder).any()]
    if not silent:
        return
    present = sorted(set(codings["coder"]))
    others = [name for name in present if name not in coders]
    named = [
        name + (f" (did you mean {found[0]}?)" if found else "")
        for name in silent
        for found in [difflib.get_close_matches(name, others, n=1)]
    ]
    raise PtceError(
        f"no codings by {', '.join(named)}",
        hint=f"Coders with codings: {', '.join(present) or 'none yet'}. Check the names, "
        "or import their codings with `ptce-coding codings import FILE --coder NAME`.",
    )


def compared_frames(
    segments: pd.DataFrame,
    mine: pd.DataFrame,
    traces: pd.DataFrame,
    codebook: Codebook,
    coders: list[str],
    documents: list[str],
    scope: AgreementScope,
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame], list[Cut]]:
    """The units of ``documents``, the presence frames of ``coders`` on them and the cuts
    made where one of them stopped (``coded_extent.cut_units``, unless
    ``scope.whole_documents``), within ``scope`` (its level, overlap, interviewer turns and
    code prefix); ``mine`` is what the coders said (``coded_documents``), ``traces`` where
    they left a trace (``coded_extent.coder_traces``)."""
    units = _segment_units(segments, documents, scope.interviewer_turns)
    cuts: list[Cut] = []
    if not scope.whole_documents:
        units, cuts = cut_units(units, traces, coders)
    if scope.unit == "document":  # the part of each document every coder covered
        units = _document_units(units)
    frames = presence_frames(
        units,
        mine[mine["document"].isin(documents) & mine["coder"].isin(coders)],
        coders,
        codebook,
        unit=scope.unit,
        level=scope.level,
        min_overlap=scope.min_overlap,
    )
    if scope.codes_prefix:
        frames = {c: f for c, f in frames.items() if c.startswith(scope.codes_prefix)}
    return units, frames, cuts


def _in_chosen_documents(
    by_coder: dict[str, set[str]], documents: tuple[str, ...]
) -> dict[str, set[str]]:
    """Each coder's documents among the chosen ones; a coder who coded none of them is told
    where they did code (not « no codings by », which reads as a wrong name)."""
    chosen = set(documents)
    kept = {coder: coded & chosen for coder, coded in by_coder.items()}
    outside = [coder for coder, coded in kept.items() if not coded]
    if outside:
        said = "; ".join(
            f"{coder} coded {', '.join(sorted(by_coder[coder])[:5])}"
            + (" …" if len(by_coder[coder]) > 5 else "")
            for coder in outside
        )
        raise PtceError(
            f"{', '.join(outside)} coded none of the chosen document(s) "
            f"({', '.join(sorted(chosen))}); {said}",
            hint="Choose documents every listed coder coded (--document), or leave --document out.",
        )
    return kept


def check_codes_prefix(book: Codebook, prefix: str | None, level: int | None) -> None:
    """Refuse a ``--codes`` prefix that names no code at ``level``; a code deeper than the
    level is pointed to its code at that level (« COOP.LIEU » at level 1 is « COOP »)."""
    if not prefix or any(c.id.startswith(prefix) for c in book.at_level(level)):
        return
    deeper = [c.id for c in book.codes if c.id.startswith(prefix)]
    raise PtceError(
        f"no code id starts with {prefix!r}"
        + (
            f" at level {level}: {deeper[0]} is deeper (level {book.depth(deeper[0])}); "
            f"--codes {book.rollup(deeper[0], level)} at --level {level}, or leave "
            "--level out"
            if deeper and level
            else (f" at level {level}" if level else "")
            + did_you_mean(prefix, [c.id for c in book.at_level(level)])
        ),
        hint="Run `ptce-coding codebook show` to list the codes.",
    )
