"""The cooperation-network chapter of the Word report."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from docx.document import Document as DocumentType

from ptce_coding.report.docx_parts import (
    QUOTE_STYLE,
    SOURCE_STYLE,
    HeadingWriter,
    frame_table,
    xml_text,
)
from ptce_coding.report.formatting import fr_count
from ptce_coding.report.labels import Names
from ptce_coding.report.network_chapter import NetworkChapter

TITLE = "Réseaux de coopération"


def network_section(
    doc: DocumentType,
    chapter: NetworkChapter,
    headings: HeadingWriter,
    charts: Callable[[DocumentType, dict[str, list[Path]]], None],
    names: Names | None = None,
) -> None:
    """``headings`` (docx_writer.Headings) and ``charts``: the writer's own heading and
    picture helpers; ``names`` gives the interviews' labels."""
    names = names or Names()
    headings.add(TITLE, 1, new_page=True)
    doc.add_paragraph(
        "Qui travaille avec qui, d'après les entretiens : un lien relie deux membres d'un pôle "
        f"quand {xml_text(chapter.rules)}. Le poids d'un lien est le nombre de segments qui le "
        "montrent ; chaque lien garde ses segments (fichier evidence.csv)."
    )
    if chapter.includes_suggestions:
        doc.add_paragraph(
            "Les segments de coopération comptés incluent des suggestions automatiques non "
            "relues : les liens sont provisoires."
        )
    headings.add("Ce que disent les mesures", 2)
    for term, text in chapter.explanations:
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{term} : ").bold = True
        paragraph.add_run(text)
    headings.add("Mesures par pôle", 2)
    frame_table(doc, _two_decimals(chapter.measures), "Pôle")
    headings.add("Lecture de la typologie et gouvernance codée", 2)
    doc.add_paragraph(f"Seuils de lecture : {xml_text(chapter.thresholds)}")
    frame_table(doc, chapter.comparison, "Pôle")
    for section in chapter.poles:
        headings.add(section.name, 2)
        doc.add_paragraph(
            xml_text(
                f"Lecture : {section.configuration}, coordination {section.coordination} "
                f"({section.why})."
            )
        )
        charts(doc, section.charts)
        if section.never_named:
            doc.add_paragraph(
                xml_text("Membres jamais cités : " + ", ".join(section.never_named) + ".")
            )
        for quote in section.ties:
            doc.add_paragraph(xml_text(f"« {quote.text} »"), style=QUOTE_STYLE)
            doc.add_paragraph(
                xml_text(
                    f"— {quote.a} et {quote.b} ({fr_count(quote.weight, 'segment')}) ; "
                    f"{names.interview(quote.document)}"
                ),
                style=SOURCE_STYLE,
            )


def _two_decimals(frame: pd.DataFrame) -> pd.DataFrame:
    """Measures between 0 and 1 read better with two decimals (0,36 rather than 0,4)."""

    def text(value: object) -> object:
        if isinstance(value, float) and not math.isnan(value) and not value.is_integer():
            return f"{value:.2f}".replace(".", ",")
        return value

    return frame.map(text)
