"""The restitution's table of the emergence factors: pole × factor, the pole's interviews that
evoke it, a parent code's own codings in a column « (sans précision) » after its factors."""

from __future__ import annotations

import pandas as pd

from ptce_coding.codebook.model import Code
from ptce_coding.report.axis_model import Chapter

EMERGENCE = "EMERG"
# a column of the emergence factors' table: the codings made on a parent code itself, with
# no factor under it chosen (« Déterminants (sans précision) »): ``Synthesis.label`` reads it
UNSPECIFIED = "#sans-précision"
UNSPECIFIED_FR = "sans précision"


def factor_table(chapters: list[Chapter], codebook: list[tuple[int, Code]]) -> pd.DataFrame:
    """Pole × emergence factor: the pole's interviews that evoke it (the restitution's
    table). A factor is a leaf code of the emergence axis; the codings made on a parent
    code itself (the axis, « Déterminants ») name no factor: they are the column
    ``<parent>#sans-précision`` after the parent's factors, read « Déterminants (sans
    précision) » (``Synthesis.label``). Only what is evoked at least once; empty without
    any. ``codebook``: its codes in order, each with its depth."""
    chapter = next((c for c in chapters if c.axis.id == EMERGENCE), None)
    if chapter is None or chapter.documents is None or chapter.documents.empty:
        return pd.DataFrame()
    documents = chapter.documents
    parents = {code.parent for _, code in codebook if code.parent}
    columns: dict[str, pd.Series] = {}
    for code in _emergence_order(codebook, parents):
        if code.removesuffix(UNSPECIFIED) in documents.columns:
            columns[code] = documents[code.removesuffix(UNSPECIFIED)]
    frame = pd.DataFrame(columns, index=documents.index)
    return frame.loc[:, frame.sum() > 0] if not frame.empty else frame


def factor_note(factors: pd.DataFrame) -> str:
    """What « sans précision » means in the emergence factors' table ``factors``; empty when
    it has no such column."""
    if not any(str(c).endswith(UNSPECIFIED) for c in factors.columns):
        return ""
    return (
        "« Sans précision » : un passage codé sur une catégorie de facteurs sans que le "
        "facteur lui-même soit précisé."
    )


def _emergence_order(codebook: list[tuple[int, Code]], parents: set[str]) -> list[str]:
    """The emergence codes in the codebook's order, a parent's own column
    (``UNSPECIFIED``) after the last of its descendants."""
    order: list[str] = []
    opened: list[tuple[int, str]] = []  # parents whose descendants are being listed
    for depth, code in codebook:
        if code.id != EMERGENCE and not code.id.startswith(EMERGENCE + "."):
            continue
        while opened and opened[-1][0] >= depth:
            order.append(opened.pop()[1] + UNSPECIFIED)
        if code.id in parents:
            opened.append((depth, code.id))
        else:
            order.append(code.id)
    order.extend(parent + UNSPECIFIED for _, parent in reversed(opened))
    return order
