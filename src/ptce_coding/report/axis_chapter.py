"""An axis's chapter of the synthesis (``axis_chapter``): its tables and quotations, each code
quoted from different poles (``quotes_for``), and the chapter's highlights (``highlights``):
one per pole and per code before a second, complete quotations of about the ideal length
first, never one too short to say anything nor two of one passage."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pandas as pd

from ptce_coding.analysis.quotations import long_enough, representative
from ptce_coding.codebook.model import Code, Codebook
from ptce_coding.report.axis_model import Chapter, CodeSummary
from ptce_coding.report.chapter_blocks import Quote
from ptce_coding.report.emergence_factors import EMERGENCE
from ptce_coding.report.labels import Names
from ptce_coding.report.synthesis_model import (
    EMERGENCE_HIGHLIGHTS,
    HIGHLIGHTS,
    IDEAL_CHARS,
    QUOTES_PER_CHAPTER,
    QUOTES_PER_CODE,
)


def quote_of(row: Any, names: Names) -> Quote:  # a quotation row: a frame's tuple or a _Row
    return Quote(
        row.case,
        row.document,
        row.speaker,
        row.quotation,
        row.status == "suggested",
        pole=names.pole(row.case),
        interview=names.interview(row.document),
        role=names.role(row.document),
        code=row.code,
        from_file=str(row.document) in names.unnamed_interviews,
    )


def quotes_for(
    found: pd.DataFrame, code: str, cases: list[str], names: Names, limit: int
) -> list[Quote]:
    """Up to ``limit`` quotations of a code, each from a different pole when possible; none
    shorter than the restitution shows (« Le FSE. »: ``long_enough``)."""
    mine = found[found["code"] == code]
    mine = mine[long_enough(mine["quotation"])]
    if mine.empty or limit <= 0:
        return []
    best = representative(mine, per_cell=1)
    best = best.set_index("case").reindex([c for c in cases if c in set(best["case"])])
    return [
        quote_of(_Row(str(case), row), names)
        for case, row in best.head(min(limit, QUOTES_PER_CODE)).iterrows()
    ]


class _Row:
    """A quotation row with its case (an index once reindexed by case)."""

    def __init__(self, case: str, row: pd.Series) -> None:
        self.case = case
        self.document, self.speaker = row["document"], row["speaker"]
        self.quotation, self.status, self.code = row["quotation"], row["status"], row["code"]


def highlights(
    found: pd.DataFrame,
    codes: list[str],
    names: Names,
    limit: int,
    quoted: Counter[str] | None = None,
) -> list[Quote]:
    """The ``limit`` quotations of a chapter: one per pole before a second from the same
    pole, one per code before a second of the same code, complete ones of about
    ``IDEAL_CHARS`` characters first; among those, poles the earlier chapters quoted least
    (``quoted``, updated here) first, so that the document quotes every pole it can. A
    quotation too short to say anything (« Le FSE. ») is never chosen (``long_enough``), nor
    one whose passage is chosen already (one passage coded with two codes of the axis:
    ``_same_passage``)."""
    quoted = Counter() if quoted is None else quoted
    mine = found[found["code"].isin(codes)]
    mine = mine[long_enough(mine["quotation"])]
    if mine.empty or limit <= 0:
        return []
    best = representative(mine, per_cell=1)
    best = best.assign(
        usable=best["complete"].astype(bool),
        distance=(best["quotation"].str.len() - IDEAL_CHARS).abs(),
        before=best["case"].map(lambda case: quoted[case]),
    ).sort_values(["usable", "before", "distance"], ascending=[False, True, True], kind="stable")
    chosen: list[Any] = []  # index labels of ``best``
    passes = [
        (keys, usable) for usable in (True, False) for keys in (("case", "code"), ("case",), ())
    ]
    for distinct, usable_only in passes:
        for index, row in best.iterrows():
            if len(chosen) == limit:
                break
            taken = best.loc[chosen]
            if index in chosen or (usable_only and not row["usable"]):
                continue
            if any(row[k] in set(taken[k]) for k in distinct):
                continue
            if any(_same_passage(row, other) for _, other in taken.iterrows()):
                continue
            chosen.append(index)
    quoted.update(best.loc[chosen]["case"])
    return [quote_of(row, names) for row in best.loc[chosen].itertuples(index=False)]


_CUT = re.compile(r"\s*\[…\]\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
SHARED_SENTENCE = 20  # characters: a sentence this long in two quotations is one passage


def _sentences(quotation: str) -> set[str]:
    """The sentences of a quotation, its « […] » marks out, spaces folded."""
    text = " ".join(_CUT.sub(" ", quotation).split()).casefold()
    return {s for s in _SENTENCE_END.split(text) if len(s) >= SHARED_SENTENCE} | {text}


def _same_passage(row: pd.Series, other: pd.Series) -> bool:
    """Whether two quotations show the same words: the same text, or, in one interview, one
    text holding the other or a sentence of both (passages that overlap)."""
    mine, theirs = str(row["quotation"]), str(other["quotation"])
    if " ".join(mine.split()).casefold() == " ".join(theirs.split()).casefold():
        return True
    if row["document"] != other["document"]:
        return False
    a, b = _sentences(mine), _sentences(theirs)
    whole_a, whole_b = max(a, key=len), max(b, key=len)
    return whole_a in whole_b or whole_b in whole_a or bool(a & b)


def axis_chapter(
    axis: Code,
    codebook: Codebook,
    matrices: dict[str, pd.DataFrame],
    found: pd.DataFrame,
    cases: list[str],
    names: Names,
    poles_quoted: Counter[str] | None = None,
) -> Chapter:
    counts, shares, documents = matrices["count"], matrices["share"], matrices["documents"]
    members = [c.id for _, c in codebook.walk() if codebook.ancestors(c.id)[0] == axis.id]
    summaries, quoted = [], 0
    for code_id in members:
        quotes = quotes_for(found, code_id, cases, names, QUOTES_PER_CHAPTER - quoted)
        quoted += len(quotes)
        summaries.append(
            CodeSummary(
                code=codebook.get(code_id),
                depth=codebook.depth(code_id),
                counts={case: int(counts[code_id].loc[case]) for case in cases},
                quotes=quotes,
            )
        )
    limit = EMERGENCE_HIGHLIGHTS if axis.id == EMERGENCE else HIGHLIGHTS
    return Chapter(
        axis,
        counts[members],
        shares[members],
        summaries,
        documents=documents[members],
        highlights=highlights(found, members, names, limit, poles_quoted),
    )
