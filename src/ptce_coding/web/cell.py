"""A cell of the page's case × axis matrix, read: the passages it counts, each once.

The matrix counts interviewee segments (analysis/matrices.py: a segment counts once for an
axis however many of its codes, coders and codings overlap it), so the cell lists those
segments, as many as its number: in each, the words coded there (the codings' spans within
the segment, joined; « […] » where they cut a sentence or words are left out between them,
without the transcriber's marks, as the report quotes), and the codes that passage carries,
each with who coded it. A suggestion accepted by threshold (`review --accept-above`, the
store's ``threshold_acceptances``) counts as its reviewer's, as in the matrix, but nobody
read it: the cell says so, of the coding and of a passage that rests on such codings only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ptce_coding.analysis.matrices import check_codes, interviewee_segments
from ptce_coding.analysis.quotation_marks import CUT, merge_cuts, without_marks
from ptce_coding.analysis.quotations import at_turn_edges
from ptce_coding.codebook.model import Codebook

BY_TAGGER = {"rule": "des règles", "model": "du modèle"}
NOT_READ = "non lue une à une"


@dataclass(frozen=True)
class CellCode:
    """A code a passage carries: its id, label, and who coded it there (« alice », « bob
    (suggestion des règles acceptée) », « suggestion du modèle »)."""

    code: str
    label: str
    who: tuple[str, ...]


@dataclass(frozen=True)
class CellPassage:
    """One counted segment of the cell: where, who speaks, the words coded, the codes."""

    document: str
    speaker: str | None
    start: int
    quotation: str
    codes: tuple[CellCode, ...]
    # every coding of the axis here is a suggestion accepted by threshold: nobody read it
    unread: bool = False


def cell_passages(
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    codebook: Codebook,
    place: tuple[str, str],
    marks: Mapping[int, float] | None = None,
) -> list[CellPassage]:
    """The passages of the cell ``place`` (case, axis) of the count matrix built from
    ``segments`` (with their text) and ``codings`` at level 1, in reading order: one per
    interviewee segment a coding of the axis or of a code under it overlaps. ``marks``
    ({coding id: threshold}): the codings accepted by threshold, said as such."""
    case, axis = place
    accepted_above = marks or {}
    check_codes(codings, codebook)
    counted = interviewee_segments(segments)
    counted = counted[counted["case"] == case]
    if codings.empty or counted.empty:
        return []
    under = codings["code"].map(lambda code: codebook.rollup(code, 1)) == axis
    chosen = codings[under & codings["document"].isin(set(counted["document"]))]
    pairs = chosen.merge(counted, on="document", suffixes=("", "_segment"))
    pairs = pairs[(pairs["start"] < pairs["end_segment"]) & (pairs["end"] > pairs["start_segment"])]
    order = {code.id: rank for rank, (_, code) in enumerate(codebook.walk())}
    passages = []
    for _, rows in pairs.groupby(["document", "start_segment"], sort=True):
        first = rows.iloc[0]
        speaker = first["speaker"]
        passages.append(
            CellPassage(
                document=str(first["document"]),
                speaker=speaker if isinstance(speaker, str) else None,
                start=int(first["start_segment"]),
                quotation=_coded_words(rows, str(first["text_segment"] or "")),
                codes=_codes(rows, codebook, order, accepted_above),
                unread=all(_threshold(i, accepted_above) is not None for i in rows["id"]),
            )
        )
    return sorted(passages, key=lambda p: (p.document, p.start))


def _coded_words(rows: pd.DataFrame, text: str) -> str:
    """The words of one segment (its ``text``) the codings ``rows`` cover, their spans
    joined; « […] » where one cuts a sentence of the turn or words are left out between two."""
    offset = int(rows["start_segment"].iloc[0])
    spans = sorted(
        (max(0, int(s) - offset), min(len(text), int(e) - offset))
        for s, e in zip(rows["start"], rows["end"], strict=True)
    )
    runs: list[list[int]] = []
    for start, end in spans:
        if runs and start <= runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    quoted = []
    for start, end in runs:
        words = " ".join(without_marks(text[start:end]).split())
        if words:
            shown, _ = at_turn_edges(words, text[:start], text[end:])
            quoted.append(shown)
    return merge_cuts(f" {CUT} ".join(quoted)) or CUT


def _codes(
    rows: pd.DataFrame, codebook: Codebook, order: dict[str, int], marks: Mapping[int, float]
) -> tuple[CellCode, ...]:
    who: dict[str, list[str]] = {}
    for row in rows.to_dict(orient="records"):
        name = _who(row, _threshold(row["id"], marks))
        if name not in who.setdefault(str(row["code"]), []):
            who[str(row["code"])].append(name)
    return tuple(
        CellCode(code, codebook.get(code).label, tuple(names))
        for code, names in sorted(who.items(), key=lambda item: order.get(item[0], len(order)))
    )


def _threshold(coding: object, marks: Mapping[int, float]) -> float | None:
    """The threshold ``coding`` (an id, or none: a coding not stored) was accepted at."""
    return marks.get(int(coding)) if isinstance(coding, int | float) and coding == coding else None


def _who(row: Mapping[Any, Any], threshold: float | None = None) -> str:
    """Who made a coding, as the cell says it; ``threshold``: the one it was accepted at,
    when it was accepted by threshold (« bob (suggestion des règles acceptée par seuil,
    confiance ≥ 0,8, non lue une à une) »)."""
    if row["status"] == "suggested":
        return f"suggestion {BY_TAGGER.get(str(row['method']), str(row['method']))}"
    tagger = row.get("suggested_by")
    method = BY_TAGGER.get(str(row["method"]), "automatique")
    if threshold is not None:
        at = f"{threshold:g}".replace(".", ",")
        return (
            f"{row['coder']} (suggestion {method} acceptée par seuil, confiance ≥ {at}, {NOT_READ})"
        )
    if isinstance(tagger, str) and tagger:
        return f"{row['coder']} (suggestion {method} acceptée)"
    return str(row["coder"])
