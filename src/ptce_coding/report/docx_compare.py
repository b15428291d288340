"""The « Typologie des pôles » chapter of the Word report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from docx.document import Document as DocumentType

from ptce_coding.report.compare_chapter import ComparisonChapter
from ptce_coding.report.docx_parts import HeadingWriter, fr, frame_table, xml_text
from ptce_coding.report.formatting import fr_count


def comparison_section(
    doc: DocumentType,
    chapter: ComparisonChapter,
    headings: HeadingWriter,
    charts: Callable[[DocumentType, dict[str, list[Path]]], None],
) -> None:
    """``headings`` (docx_writer.Headings) and ``charts``: the writer's own heading and
    picture helpers. The chapter follows the one before on its page (opening a page, it left
    the network chapter's last pole alone on one)."""
    headings.add(chapter.title, 1)
    level = (
        f"avec les codes de niveau ≤ {chapter.level} (les sous-codes comptent pour leur parent)"
        if chapter.level
        else "avec tous les codes"
    )
    doc.add_paragraph(
        f"Comparaison des {chapter.poles} pôles à partir de leurs {chapter.interviews} "
        f"entretiens : segments codés {level}."
    )
    if chapter.includes_suggestions:
        doc.add_paragraph(
            "Les codages comptés incluent des suggestions automatiques non relues : cette "
            "typologie est provisoire."
        )
    headings.add("Les méthodes en bref", 2)
    _bullets(doc, [(term, text) for term, text in chapter.explanations])
    if chapter.notes:
        headings.add("Limites", 2)
        _bullets(doc, [("", note) for note in chapter.notes])
    poles, codes = chapter.pole_points, chapter.code_points  # set with the axes
    if chapter.axes is not None and poles is not None and codes is not None:
        headings.add("Analyse des correspondances", 2)
        frame_table(
            doc,
            _rounded(chapter.axes, 3),
            "Axe",
            caption="Analyse des correspondances : inertie de chaque axe",
        )
        charts(doc, {"map": chapter.charts.get("map", [])})
        doc.add_paragraph(
            "Les pôles sur les deux premiers axes (coordonnées principales ; contribution en % "
            "de l'axe ; cos² : qualité de représentation, de 0 à 1)."
        )
        frame_table(
            doc,
            _rounded(poles, 2),
            "Pôle",
            caption="Analyse des correspondances : les pôles sur les deux premiers axes",
        )
        doc.add_paragraph("Les codes qui contribuent le plus aux deux premiers axes.")
        frame_table(
            doc,
            _rounded(codes, 2),
            "Code",
            caption="Analyse des correspondances : les codes qui contribuent le plus",
        )
    if chapter.types is not None:
        headings.add("Classification des pôles", 2)
        doc.add_paragraph(
            xml_text(f"Méthode : {chapter.method}. Nombre de types : {chapter.criterion}.")
        )
        frame_table(doc, chapter.types, "Pôle", caption="Classification : le type de chaque pôle")
        charts(doc, {"dendrogram": chapter.charts.get("dendrogram", [])})
        for description in chapter.descriptions:
            headings.add(
                xml_text(
                    f"Type {description.number} ({fr_count(len(description.poles), 'pôle')} : "
                    f"{', '.join(description.poles)})"
                ),
                3,
            )
            lines = description.codes or ["aucun code plus présent qu'en moyenne"]
            _bullets(doc, [("", line) for line in lines + description.attributes])
    if chapter.truth_table is not None:
        headings.add("Table de vérité", 2)
        _bullets(doc, chapter.definitions)
        frame_table(
            doc,
            _rounded(chapter.truth_table, 2),
            "Ligne",
            caption="Table de vérité : configurations des conditions et résultat",
        )
        doc.add_paragraph(
            xml_text(
                "Lignes contradictoires (écartées de la minimisation) : "
                + " ; ".join(chapter.contradictions)
                + "."
                if chapter.contradictions
                else "Aucune ligne contradictoire."
            )
        )
        for solution in chapter.solutions:
            paragraph = doc.add_paragraph()
            paragraph.add_run(f"{solution.name} : ").bold = True
            paragraph.add_run(xml_text(solution.expression))
            paragraph.add_run(
                f" (consistance {solution.consistency:.2f}, couverture "
                f"{solution.coverage:.2f})".replace(".", ",")
            )
            for note in solution.notes:
                doc.add_paragraph(xml_text(note))
            if not solution.terms.empty:
                terms = solution.terms.set_index("terme")
                frame_table(
                    doc,
                    _rounded(terms, 2),
                    "Terme",
                    caption=f"{solution.name} : consistance et couverture de chaque terme",
                )


def _bullets(doc: DocumentType, items: list[tuple[str, str]]) -> None:
    for term, text in items:
        paragraph = doc.add_paragraph(style="List Bullet")
        if term:
            paragraph.add_run(xml_text(f"{term} : ")).bold = True
        paragraph.add_run(xml_text(text))


def _rounded(frame: pd.DataFrame, digits: int) -> pd.DataFrame:
    """Numbers as French text with ``digits`` decimals (the table shows them as given)."""
    return frame.apply(
        lambda column: column.map(lambda v: fr(v, digits) if isinstance(v, float) else v)
    )
