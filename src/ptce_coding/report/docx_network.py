"""The cooperation-network chapter of the Word report: its measures, its readings and, for each
pole, its reading, its drawing (with its caption, kept with the reading; none for a pole with
no tie: « Aucun lien » says it) and its ties quoted."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

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
from ptce_coding.report.network_chapter import NetworkChapter, PoleSection

TITLE = "Réseaux de coopération"
NO_TIE = (
    "Aucun lien : aucun passage des entretiens ne montre deux de ses membres travaillant "
    "ensemble ; le réseau n'est pas dessiné."
)


class ChartWriter(Protocol):
    """What the chapter needs of the writer's picture helper (docx_figures.add_charts)."""

    def __call__(
        self,
        doc: DocumentType,
        charts: Mapping[str, list[Path]],
        captions: Mapping[str, str] | None = None,
    ) -> None: ...


def network_section(
    doc: DocumentType,
    chapter: NetworkChapter,
    headings: HeadingWriter,
    charts: ChartWriter,
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
    frame_table(
        doc,
        _two_decimals(chapter.measures),
        "Pôle",
        caption="Mesures des réseaux de coopération, par pôle",
    )
    headings.add("Lecture de la typologie et gouvernance codée", 2)
    doc.add_paragraph(f"Seuils de lecture : {xml_text(chapter.thresholds)}")
    frame_table(
        doc,
        chapter.comparison,
        "Pôle",
        caption="Lecture du réseau et gouvernance codée, par pôle",
    )
    for section in chapter.poles:
        headings.add(section.name, 2)
        drawn = _drawn(section)
        reading = doc.add_paragraph(
            xml_text(
                f"Lecture : {section.configuration}, coordination {section.coordination} "
                f"({section.why})."
            )
        )
        no_tie = not drawn and section.read and section.graph.number_of_edges() == 0
        reading.paragraph_format.keep_with_next = bool(drawn) or no_tie  # with what follows
        if drawn:
            caption = f"Réseau de coopération : {section.name} (lecture : {section.configuration})"
            charts(doc, drawn, {"network": caption})
        elif no_tie:
            doc.add_paragraph(NO_TIE)
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


def _drawn(section: PoleSection) -> dict[str, list[Path]]:
    """The pole's drawing, when it has a tie to draw: a drawing of members and no line
    between them says nothing the text does not (« aucun lien »)."""
    if not section.charts.get("network") or section.graph.number_of_edges() == 0:
        return {}
    return {"network": section.charts["network"]}


def _two_decimals(frame: pd.DataFrame) -> pd.DataFrame:
    """Measures between 0 and 1 read better with two decimals (0,36 rather than 0,4)."""

    def text(value: object) -> object:
        if isinstance(value, float) and not math.isnan(value) and not value.is_integer():
            return f"{value:.2f}".replace(".", ",")
        return value

    return frame.map(text)
