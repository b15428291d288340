"""The « Typologie des pôles » chapter of the Word report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from docx.document import Document as DocumentType

from ptce_coding.report.compare_chapter import ComparisonChapter
from ptce_coding.report.docx_parts import _clean, _frame_table


def comparison_section(
    doc: DocumentType,
    chapter: ComparisonChapter,
    heading: Callable[[DocumentType, str, pd.DataFrame | None], None],
    charts: Callable[[DocumentType, dict[str, list[Path]]], None],
) -> None:
    """``heading`` and ``charts``: the writer's own chapter heading and picture helpers."""
    heading(doc, chapter.title, chapter.pole_points)
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
    doc.add_heading("Les méthodes en bref", level=2)
    _bullets(doc, [(term, text) for term, text in chapter.explanations])
    if chapter.notes:
        doc.add_heading("Limites", level=2)
        _bullets(doc, [("", note) for note in chapter.notes])
    if chapter.axes is not None:
        doc.add_heading("Analyse des correspondances", level=2)
        _frame_table(doc, chapter.axes, "Axe", lambda c: c, digits=3)
        charts(doc, {"map": chapter.charts.get("map", [])})
        doc.add_paragraph(
            "Les pôles sur les deux premiers axes (coordonnées principales ; contribution en % "
            "de l'axe ; cos² : qualité de représentation, de 0 à 1)."
        )
        _frame_table(doc, chapter.pole_points, "Pôle", lambda c: c, digits=2)
        doc.add_paragraph("Les codes qui contribuent le plus aux deux premiers axes.")
        _frame_table(doc, chapter.code_points, "Code", lambda c: c, digits=2)
    if chapter.types is not None:
        doc.add_heading("Classification des pôles", level=2)
        doc.add_paragraph(
            _clean(f"Méthode : {chapter.method}. Nombre de types : {chapter.criterion}.")
        )
        _frame_table(doc, chapter.types, "Pôle", lambda c: c)
        charts(doc, {"dendrogram": chapter.charts.get("dendrogram", [])})
        for description in chapter.descriptions:
            doc.add_heading(
                _clean(
                    f"Type {description.number} ({len(description.poles)} pôle(s) : "
                    f"{', '.join(description.poles)})"
                ),
                level=3,
            )
            lines = description.codes or ["aucun code plus présent qu'en moyenne"]
            _bullets(doc, [("", line) for line in lines + description.attributes])
    if chapter.truth_table is not None:
        doc.add_heading("Table de vérité", level=2)
        _bullets(doc, chapter.definitions)
        _frame_table(doc, chapter.truth_table, "Configuration", lambda c: c, digits=2)
        doc.add_paragraph(
            _clean(
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
            paragraph.add_run(_clean(solution.expression))
            paragraph.add_run(
                f" (consistance {solution.consistency:.2f}, couverture "
                f"{solution.coverage:.2f})".replace(".", ",")
            )
            for note in solution.notes:
                doc.add_paragraph(_clean(note))
            if not solution.terms.empty:
                terms = solution.terms.set_index("terme")
                _frame_table(doc, terms, "Terme", lambda c: c, digits=2)


def _bullets(doc: DocumentType, items: list[tuple[str, str]]) -> None:
    for term, text in items:
        paragraph = doc.add_paragraph(style="List Bullet")
        if term:
            paragraph.add_run(_clean(f"{term} : ")).bold = True
        paragraph.add_run(_clean(text))
