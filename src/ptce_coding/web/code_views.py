"""How a code shows on the pages: its axis colour, the lines under a coded passage, what
hovering one tells (code, coder, method, status, who decided), the codes a coder may choose."""

from __future__ import annotations

from typing import Any

from ptce_coding.base.charts import CASE_COLOURS
from ptce_coding.base.records import CodingRow
from ptce_coding.codebook.model import Codebook
from ptce_coding.web import french
from ptce_coding.web.cell import NOT_READ
from ptce_coding.web.french import STATUSES_FR

METHODS_FR = {"manual": "manuel", "rule": "règle", "model": "modèle", "import": "import"}
LINE_PX = 2  # one underline per coding of a passage
MAX_LINES = 4  # more would cover the next line of text


def axis_colours(codebook: Codebook) -> dict[str, str]:
    """A colour per top-level code (axis): the codebook's own ``color`` if given, else the
    report's palette in codebook order."""
    return {
        code.id: code.color or CASE_COLOURS[i % len(CASE_COLOURS)]
        for i, code in enumerate(codebook.top_level())
    }


def code_view(codebook: Codebook, code_id: str, colours: dict[str, str]) -> dict[str, str]:
    """Label, axis and colour of a code id (an id no longer in the codebook stays visible)."""
    if code_id not in codebook:
        return {"id": code_id, "label": code_id, "axis": "", "colour": "#777777", "definition": ""}
    code = codebook.get(code_id)
    axis = codebook.ancestors(code_id)[0]
    return {
        "id": code_id,
        "label": code.label,
        "axis": axis,
        "colour": colours.get(axis, "#777777"),
        "definition": code.definition,
    }


def piece_style(codings: list[CodingRow], views: dict[int, dict[str, str]]) -> str:
    """Every coding draws a line of its axis colour under the text, so overlapping codings
    stay visible (one line each, up to ``MAX_LINES``; the tooltip lists them all); human and
    accepted codings also tint the text, while a suggestion only underlines it (``views``:
    each coding's ``code_view`` by id)."""
    colours = [views[c.id]["colour"] for c in codings][:MAX_LINES]
    lines = ", ".join(
        f"inset 0 -{LINE_PX * (n + 1)}px 0 0 {colour}" for n, colour in enumerate(colours)
    )
    tint = next((views[c.id]["colour"] for c in codings if c.status == "accepted"), None)
    background = f"background-color: {tint}33; " if tint else ""
    return f"{background}box-shadow: {lines}; padding-bottom: {LINE_PX * len(colours)}px"


def decided_by(coding: CodingRow, threshold: float | None = None) -> str:
    """Who decided a reviewed suggestion, and when: « acceptée par X le 2026-12-06
    (suggérée par rules) »; empty for a coding never reviewed. ``threshold``: the one it
    was accepted at, when `review --accept-above` accepted it (« acceptée par seuil
    (confiance ≥ 0,8) par X le 2026-12-06, non lue une à une »)."""
    if not coding.reviewed_by:
        return ""
    verb = "acceptée" if coding.status == "accepted" else "rejetée"
    if threshold is not None and coding.status == "accepted":
        verb += f" par seuil (confiance ≥ {threshold:g})".replace(".", ",")
    text = f"{verb} par {coding.reviewed_by} le {(coding.reviewed_at or '')[:10]}"
    if threshold is not None and coding.status == "accepted":
        text += f", {NOT_READ}"
    if coding.suggested_by:
        text += f" (suggérée par {coding.suggested_by})"
    return text


def coding_title(coding: CodingRow, view: dict[str, str], threshold: float | None = None) -> str:
    """What hovering a coded passage tells: code, coder, method, status, confidence, evidence
    (``view``: the code's ``code_view``; ``threshold``: ``decided_by``'s)."""
    parts = [
        f"{view['label']} ({coding.code})",
        coding.coder,
        METHODS_FR.get(coding.method, coding.method),
        STATUSES_FR.get(coding.status, coding.status),
    ]
    decision = decided_by(coding, threshold)
    if decision:
        parts.append(decision)
    if coding.confidence is not None:
        parts.append(f"confiance {coding.confidence:.2f}".replace(".", ","))
    if coding.evidence:
        parts.append(f"indice : {french.evidence(coding.evidence)}")
    return " · ".join(parts)


def offered_codes(codebook: Codebook, colours: dict[str, str]) -> list[dict[str, Any]]:
    """Codes a coder may choose (retired ones are not offered), in tree order."""
    return [
        {**code_view(codebook, code.id, colours), "depth": depth}
        for depth, code in codebook.walk()
        if not code.retired
    ]
