"""Intercoder agreement on a project's codings: units, per-code data, the agreement table.

Unit: a segment (default) or a whole document. For each code, each coder gives each unit a
1 (one of their codings of that code overlaps the unit) or a 0, so a code is a binary
presence/absence variable and codes are never treated as mutually exclusive. A coding counts
for the codes above its own that are compared too (a passage coded COOP.LIEU is about COOP:
where a coder coded the axis COOP itself, another's COOP.LIEU agrees with it on COOP). Only
documents that every listed coder has coded (at least one coding) count; uncoded text
elsewhere never inflates agreement (``agreement_pairs.py`` compares each pair of coders on
the documents both coded). The statistics themselves are the pure functions of
``agreement_stats.py``. The ``(mean)`` row averages each statistic over the codes where it is
defined (its note says when that is not every code, and how many codes are too thin to
read); it is not read (``readings``) when no code under it can be.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd

from ptce_coding.analysis.agreement_stats import (
    cohen_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)
from ptce_coding.analysis.matrices import check_codes, interviewee_segments
from ptce_coding.base.errors import PtceError
from ptce_coding.codebook.model import Codebook, did_you_mean

THRESHOLDS = (0.667, 0.800)  # Krippendorff (2004): tentative conclusions / reliable
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
MEAN = "(mean)"  # the code of the table's last row


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


def _units(
    segments: pd.DataFrame, documents: list[str], unit: str, interviewer_turns: bool
) -> pd.DataFrame:
    chosen = segments[segments["document"].isin(documents)]
    if not interviewer_turns:
        chosen = interviewee_segments(chosen)
    else:  # the interviewers' turns, never the title lines (as counting.is_coded)
        chosen = chosen[~chosen["title"].astype(bool)]
    if unit == "document":
        return (
            chosen.groupby(["document", "case"], as_index=False)
            .agg(start=("start", "min"), end=("end", "max"))
            .assign(segment=-1)
        )
    return chosen


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


def statistics_row(data: np.ndarray, coders: list[str]) -> dict[str, object]:
    """One row of the table from reliability data (coders × units of 0/1): its ``units``,
    ``coded_units`` (coded by anyone) and statistics; an undefined statistic is left empty
    and the note says why."""
    row: dict[str, object] = {
        "units": int(data.shape[1]),
        "coded_units": int((data.max(axis=0) > 0).sum()),
    }
    notes = []
    statistics = {
        "percent": lambda d: 100 * percent_agreement(d),
        "cohen_kappa": cohen_kappa if len(coders) == 2 else None,
        "krippendorff_alpha": lambda d: krippendorff_alpha(d, level="nominal"),
        "gwet_ac1": gwet_ac1,
    }
    for name, function in statistics.items():
        if function is None:
            row[name] = None
            continue
        try:
            row[name] = float(function(data.astype(float)))  # full precision: tables round
        except ValueError as exc:
            row[name] = None
            if str(exc) not in notes:
                notes.append(str(exc))
    row["note"] = "; ".join(notes)
    return row


@dataclass(frozen=True)
class AgreementScope:
    """What an agreement compares: its ``unit`` (segment or document); the codes, at
    ``level`` (None: as coded) and under ``codes_prefix`` (None: all); the interviewers'
    turns too (``interviewer_turns``); the share of a segment a passage must cover to code
    it (``min_overlap``, 0: any overlap); only ``documents`` (empty: all)."""

    unit: str = "segment"
    level: int | None = None
    min_overlap: float = 0.0
    interviewer_turns: bool = False
    codes_prefix: str | None = None
    documents: tuple[str, ...] = ()  # only these documents (none given: all)


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
    units, frames = compared_frames(segments, mine, codebook, coders, shared, scope)
    rows = [
        {"code": code, **statistics_row(frame.to_numpy().T, coders)}
        for code, frame in frames.items()
    ]
    table = pd.DataFrame(rows, columns=COLUMNS)
    if rows:
        table = pd.concat(
            [table, pd.DataFrame([_mean_row(table, len(units))], columns=COLUMNS)],
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
    silent = [coder for coder, documents in by_coder.items() if not documents]
    if silent:
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
    if scope.documents:
        by_coder = _in_chosen_documents(by_coder, scope.documents)
    return mine, by_coder


def compared_frames(
    segments: pd.DataFrame,
    mine: pd.DataFrame,
    codebook: Codebook,
    coders: list[str],
    documents: list[str],
    scope: AgreementScope,
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The units of ``documents`` and the presence frames of ``coders`` on them, within
    ``scope`` (its level, overlap, interviewer turns and code prefix); ``mine`` is what the
    coders said (``coded_documents``)."""
    units = _units(segments, documents, scope.unit, scope.interviewer_turns)
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
    return units, frames


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


STATISTICS = ["percent", "cohen_kappa", "krippendorff_alpha", "gwet_ac1"]


def _mean_row(table: pd.DataFrame, units: int) -> dict[str, object]:
    """The mean of each statistic over the codes where it is defined; the note says over how
    many codes when not every one (and which are left out), so that the percent's mean and
    alpha's are not read as over the same codes; and how many codes rest on too few coded
    units to be read."""
    row: dict[str, object] = {"code": MEAN, "units": units, "coded_units": None}
    for name in STATISTICS:
        value = table[name].mean()
        row[name] = None if pd.isna(value) else float(value)
    notes = [f"mean of {len(table)} code{'s' if len(table) != 1 else ''}"]
    partial: dict[tuple[int, str], list[str]] = {}
    for name in STATISTICS:
        defined = table[name].notna()
        if name == "cohen_kappa" and not defined.any():
            continue  # more than two coders: no kappa at all, said once by the command
        if not defined.all():
            undefined = ", ".join(table.loc[~defined, "code"].astype(str))
            partial.setdefault((int(defined.sum()), undefined), []).append(name)
    for (count, undefined), names in partial.items():
        notes.append(f"{', '.join(names)}: of {count} (undefined for {undefined})")
    scarce = sum(too_few(n) for n in table["coded_units"])
    if scarce:
        notes.append(f"{scarce} of them on fewer than {MIN_CODED_UNITS} coded units")
    row["note"] = "; ".join(notes)
    return row


MIN_CODED_UNITS = 10  # fewer units coded by anyone: no statistic is worth reading
TOO_FEW = "too few coded units to conclude"


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


def too_few(coded_units: float | None) -> bool:
    """True when fewer than MIN_CODED_UNITS units were coded by any coder (a code's row)."""
    if coded_units is None or pd.isna(coded_units):
        return False
    return int(coded_units) < MIN_CODED_UNITS


def flag(alpha: float | None, coded_units: float | None = None) -> str:
    """Krippendorff's reading of alpha: below 0.667 discard, below 0.800 tentative; on fewer
    than MIN_CODED_UNITS coded units, no reading at all."""
    if too_few(coded_units):
        return f"{TOO_FEW} (< {MIN_CODED_UNITS})"
    if alpha is None or pd.isna(alpha):
        return ""
    if alpha < THRESHOLDS[0]:
        return "✗ < 0.667"
    if alpha < THRESHOLDS[1]:
        return "~ < 0.800"
    return "✓"


def readings(table: pd.DataFrame) -> list[str]:
    """The ``flag`` of every row of an agreement table: each code's (``flag``); the mean's is
    « too few » when every code it averages is too few to read (a mean of unreadable
    coefficients is not read either), else the reading of its alpha."""
    codes = table[table["code"] != MEAN]
    none_readable = len(codes) > 0 and all(too_few(n) for n in codes["coded_units"])
    return [
        f"{TOO_FEW} (< {MIN_CODED_UNITS})" if code == MEAN and none_readable else flag(alpha, units)
        for code, alpha, units in zip(
            table["code"], table["krippendorff_alpha"], table["coded_units"], strict=True
        )
    ]


DECIDED = {"accepted": "yes", "rejected": "no"}  # a consensus coding's status, as the sheet says


@dataclass(frozen=True)
class Decided:
    """A consensus decision found for a row of the disagreements sheet: its ``decision``
    (yes, no) when one covers the row's whole passage, else the decisions on part of it
    (``parts``: « no on 74–118 »), which leave the rest of the passage undecided, or the
    contradiction of a « yes » and a « no » on all of it."""

    decision: str = ""
    parts: tuple[str, ...] = ()


def decision_on(decisions: pd.DataFrame, document: str, start: int, end: int, code: str) -> Decided:
    """What the consensus ``decisions`` (codings of the consensus coder, accepted or
    rejected) decided of ``code`` on the passage ``start``–``end`` of ``document``, as the
    coder selection applies them (``base/selected_codings.py``): a decision of that code,
    or a « no » on a code above it (which takes out the codes under it). A decision that
    covers the passage decides it; one on part of it decides that part only. Two decisions
    that cover it and disagree decide nothing (the sheet leaves it to the group)."""
    if decisions.empty:
        return Decided()
    above = decisions["code"].map(lambda other: code.startswith(f"{other}.")).astype(bool)
    mine = decisions[
        (decisions["document"] == document)
        & (decisions["start"] < end)
        & (decisions["end"] > start)
        & ((decisions["code"] == code) | ((decisions["status"] == "rejected") & above))
    ]
    whole = mine[(mine["start"] <= start) & (mine["end"] >= end)]
    said = {DECIDED[status] for status in whole["status"]}
    if len(said) == 1:
        return Decided(decision=said.pop())
    if said:  # a yes and a no on the whole passage: the group's to settle again
        return Decided(parts=("yes and no, both on the whole passage",))
    parts = tuple(
        f"{DECIDED[status]} on {first}–{last}"
        for status, first, last in sorted(
            zip(mine["status"], mine["start"], mine["end"], strict=True), key=lambda p: p[1]
        )
    )
    return Decided(parts=parts)


def disagreements(
    result: Agreement,
    codebook: Codebook,
    texts: dict[str, str],
    decisions: pd.DataFrame | None = None,
    consensus: str = "consensus",
) -> pd.DataFrame:
    """Every (unit, code) where the coders differ, ready for the consensus meeting.

    The sheet can be edited and imported back with ``codings import``: fill ``decision``
    with yes (the code applies) or no; rows left empty are not imported. ``decisions`` are
    the decisions ``consensus`` holds already (``decision_on``): a row they decide has its
    ``decision`` filled in (imported again, it is « already present »; changed, it goes in
    with ``--update``), so a decided disagreement is never offered again as undecided.
    """
    rows = []
    info = result.units.set_index(["document", "segment"])
    held = decisions if decisions is not None and not decisions.empty else pd.DataFrame()
    # each document's decisions, read once (a sheet has a row per unit and code)
    by_document = (
        {str(name): group for name, group in held.groupby("document")} if len(held) else {}
    )
    none = pd.DataFrame()
    for code, frame in result.presence.items():
        differ = frame[frame.nunique(axis=1) > 1]
        for key, votes in differ.iterrows():
            document, segment = cast("tuple[str, int]", key)  # the index of presence frames
            unit_row = cast("pd.Series[Any]", info.loc[(document, segment)])  # a unique key
            start, end = int(unit_row["start"]), int(unit_row["end"])
            rows.append(
                {
                    "document": document,
                    "case": unit_row["case"],
                    "segment": segment if segment >= 0 else "",
                    "start": start,
                    "end": end,
                    "code": code,
                    "label": codebook.get(code).label,
                    **{f"coded by {coder}": int(votes[coder]) for coder in result.coders},
                    # a whole document does not fit in a cell: its passage is left out
                    "text": texts[document][start:end] if result.unit == "segment" else "",
                    "coder": consensus,
                    "decision": decision_on(
                        by_document.get(document, none), document, start, end, code
                    ).decision,
                }
            )
    return pd.DataFrame(rows)


def partly_decided(sheet: pd.DataFrame, decisions: pd.DataFrame) -> list[str]:
    """The rows of a disagreements ``sheet`` left undecided that ``decisions`` decide on
    part of their passage only, or both ways, as « document start–end CODE (no on 74–118) »:
    the rest of the passage is the group's to decide."""
    found: list[str] = []
    if sheet.empty or decisions.empty:
        return found
    for document, start, end, code, decision in zip(
        sheet["document"],
        sheet["start"],
        sheet["end"],
        sheet["code"],
        sheet["decision"],
        strict=True,
    ):
        if decision:
            continue
        parts = decision_on(decisions, document, int(start), int(end), code).parts
        if parts:
            found.append(f"{document} {start}–{end} {code} ({'; '.join(parts)})")
    return found
