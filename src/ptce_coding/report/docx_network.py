"""The cooperation-network chapter of the Word report."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from docx.document import Document as DocumentType

from ptce_coding.report.docx_parts import _clean, _frame_table
from ptce_coding.report.network_chapter import NetworkChapter

TITLE = "Réseaux de coopération"


def network_section(
    doc: DocumentType,
    chapter: NetworkChapter,
    heading: Callable[[DocumentType, str, pd.DataFrame | None], None],
    charts: Callable[[DocumentType, dict[str, list[Path]]], None],
) -> None:
    """``heading`` and ``charts``: the writer's own chapter heading and picture helpers."""
    heading(doc, TITLE, chapter.measures)
    doc.add_paragraph(
        "Qui travaille avec qui, d'après les entretiens : un lien relie deux membres d'un pôle "
        f"quand {_clean(chapter.rules)}. Le poids d'un lien est le nombre de segments qui le "
        "montrent ; chaque lien garde ses segments (fichier evidence.csv)."
    )
    if chapter.includes_suggestions:
        doc.add_paragraph(
            "Les segments de coopération comptés incluent des suggestions automatiques non "
            "relues : les liens sont provisoires."
        )
    doc.add_heading("Ce que disent les mesures", level=2)
    for term, text in chapter.explanations:
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{term} : ").bold = True
        paragraph.add_run(text)
    doc.add_heading("Mesures par pôle", level=2)
    _frame_table(doc, _two_decimals(chapter.measures), "Pôle", lambda c: c)
    doc.add_heading("Lecture de la typologie et gouvernance codée", level=2)
    doc.add_paragraph(f"Seuils de lecture : {_clean(chapter.thresholds)}")
    _frame_table(doc, chapter.comparison, "Pôle", lambda c: c)
    for section in chapter.poles:
        doc.add_heading(_clean(section.name), level=2)
        doc.add_paragraph(
            _clean(
                f"Lecture : {section.configuration}, coordination {section.coordination} "
                f"({section.why})."
            )
        )
        charts(doc, section.charts)
        if section.never_named:
            doc.add_paragraph(
                _clean("Membres jamais cités : " + ", ".join(section.never_named) + ".")
            )
        for quote in section.ties:
            paragraph = doc.add_paragraph(style="Quote")
            paragraph.add_run(_clean(f"{quote.a} — {quote.b} ({quote.weight} segment(s)) : "))
            paragraph.add_run(_clean(f"« {quote.text} » ({quote.document})")).italic = True


def _two_decimals(frame: pd.DataFrame) -> pd.DataFrame:
    """Measures between 0 and 1 read better with two decimals (0,36 rather than 0,4)."""

    def text(value: object) -> object:
        if isinstance(value, float) and not math.isnan(value) and not value.is_integer():
            return f"{value:.2f}".replace(".", ",")
        return value

    return frame.map(text)
