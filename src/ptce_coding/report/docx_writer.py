"""The synthesis report as a Word document (.docx) in French, for researchers to edit.

Default template styles (Title, Heading 1–3, Quote), real Word tables (bold header repeated on
each page, numbers right-aligned; wide matrices in landscape sections, split past 10 codes) and
charts as pictures. Transcript text is inserted as plain text, never interpreted, minus the
control characters XML cannot hold. The file is written whole or not at all.
"""

from __future__ import annotations

import math
import numbers
from pathlib import Path

import pandas as pd
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from ptce_coding.files import atomic_path
from ptce_coding.intercoder import THRESHOLDS
from ptce_coding.report.docx_network import network_section
from ptce_coding.report.docx_parts import (
    WIDE,
    _clean,
    _date_fr,
    _fr,
    _frame_table,
    _new_document,
    _orient,
    _small,
    _table,
    _text_width,
)
from ptce_coding.report.synthesis import Chapter, CodeSummary, Method, Quote, Synthesis

RED = RGBColor(0xC0, 0x00, 0x00)


WARNING = "Ce document inclut des suggestions automatiques non relues."


FIGURES = {
    "poles": "Pôles", "interviews": "Entretiens", "words": "Mots (personnes interviewées)",
    "segments": "Segments de parole (personnes interviewées)", "codings": "Codages",
    "coders": "Codeurs",
}  # fmt: skip


METHODS = {"manual": "manuel", "import": "importé", "rule": "règles", "model": "modèle"}


STATUSES = {"accepted": "accepté", "suggested": "suggestion non relue", "rejected": "rejeté"}


AGREEMENT = (
    ("units", "Unités", 0), ("percent", "Accord (%)", 1), ("cohen_kappa", "κ de Cohen", 3),
    ("krippendorff_alpha", "α de Krippendorff", 3), ("gwet_ac1", "AC1 de Gwet", 3),
)  # fmt: skip


TENTATIVE, RELIABLE = THRESHOLDS  # Krippendorff's α: below TENTATIVE, discard


def write_docx(synthesis: Synthesis, path: Path) -> Path:
    """Render ``synthesis`` as a Word document at ``path`` (written atomically)."""
    doc = _new_document(synthesis.title)
    _title_page(doc, synthesis)
    _key_figures(doc, synthesis)
    _cases(doc, synthesis)
    _overview(doc, synthesis)
    for chapter in synthesis.chapters:
        _chapter(doc, synthesis, chapter)
    _emergence(doc, synthesis)
    if synthesis.network is not None:
        network_section(doc, synthesis.network, _chapter_heading, _charts)
    _method(doc, synthesis, synthesis.method)
    _annex(doc, synthesis)
    with atomic_path(path) as temp:
        doc.save(str(temp))
    return Path(path)


def _chapter_heading(doc: DocumentType, text: str, table: pd.DataFrame | None = None) -> None:
    """A Heading 1 on a new page; landscape when ``table`` (plus its index) is wide."""
    new_section = _orient(doc, table is not None and table.shape[1] + 1 > WIDE)
    heading = doc.add_heading(_clean(text), level=1)
    heading.paragraph_format.page_break_before = not new_section


def _charts(doc: DocumentType, charts: dict[str, list[Path]]) -> None:
    """The .png of each chart, as wide as the text and no taller than the page."""
    for files in charts.values():
        png = next((Path(f) for f in files if str(f).lower().endswith(".png")), None)
        if png is None or not png.is_file():
            continue
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shape = paragraph.add_run().add_picture(str(png), width=_text_width(doc))
        section = doc.sections[-1]
        tallest = section.page_height - section.top_margin - section.bottom_margin - Cm(3)
        if shape.height > tallest:
            shape.width, shape.height = int(shape.width * tallest / shape.height), tallest


def _quote(doc: DocumentType, quote: Quote) -> None:
    paragraph = doc.add_paragraph(style="Quote")
    run = paragraph.add_run(f"« {_clean(quote.text)} »")
    run.add_break()
    source = ", ".join(part for part in (quote.document, quote.speaker, quote.case) if part)
    _small(paragraph, f"— {source}")
    if quote.suggested:
        mark = paragraph.add_run(" (suggestion non relue)")
        mark.font.size, mark.font.color.rgb, mark.bold, mark.italic = Pt(8), RED, True, False


def _title_page(doc: DocumentType, synthesis: Synthesis) -> None:
    doc.add_heading(_clean(synthesis.title), level=0).paragraph_format.space_before = Cm(6)
    doc.add_paragraph(f"Projet : {_clean(synthesis.project)}", style="Subtitle")
    doc.add_paragraph(f"Document généré le {_date_fr(synthesis.generated)}.")
    doc.add_paragraph(f"Ce document repose sur {_clean(synthesis.method.whose)}.")
    if synthesis.includes_suggestions:
        run = doc.add_paragraph().add_run(WARNING)
        run.bold, run.font.color.rgb, run.font.size = True, RED, Pt(13)


def _key_figures(doc: DocumentType, synthesis: Synthesis) -> None:
    _chapter_heading(doc, "Chiffres clés")
    figures = synthesis.figures
    rows = [[label, _fr(figures[key])] for key, label in FIGURES.items() if key in figures]
    _table(doc, ["Indicateur", "Valeur"], rows, [False, True])


def _cases(doc: DocumentType, synthesis: Synthesis) -> None:
    _chapter_heading(doc, "Les pôles", synthesis.cases)
    _frame_table(doc, synthesis.cases, "Pôle")


def _overview(doc: DocumentType, synthesis: Synthesis) -> None:
    _chapter_heading(doc, "Vue d'ensemble", synthesis.overview)
    doc.add_paragraph(
        "Part des segments de parole des personnes interviewées de chaque pôle codés sur "
        "chaque axe de la grille, en %."
    )
    _frame_table(doc, synthesis.overview, "Pôle", synthesis.label, digits=1)
    _charts(doc, synthesis.charts)


def _chapter(doc: DocumentType, synthesis: Synthesis, chapter: Chapter) -> None:
    counts = chapter.counts.loc[:, chapter.counts.sum(numeric_only=True) > 0]
    _chapter_heading(doc, synthesis.label(chapter.axis.id), counts)
    if chapter.axis.definition:
        doc.add_paragraph(_clean(chapter.axis.definition))
    if counts.shape[1] == 0:
        doc.add_paragraph("Aucun codage pour cet axe.")
    else:
        doc.add_paragraph("Segments de parole codés, par pôle et par code.")
        general = {chapter.axis.id: f"{synthesis.label(chapter.axis.id)} (général)"}
        _frame_table(doc, counts, "Pôle", lambda c: general.get(c) or synthesis.label(c))
    _charts(doc, chapter.charts)
    if _orient(doc, landscape=False):
        doc.add_paragraph(_clean(synthesis.label(chapter.axis.id)), style="Subtitle")
    for summary in chapter.codes:
        if summary.total:
            _code(doc, summary, synthesis)


def _code(doc: DocumentType, summary: CodeSummary, synthesis: Synthesis) -> None:
    code = summary.code
    heading = doc.add_heading(level=2 if summary.depth <= 2 else 3)
    heading.add_run(_clean(code.label) + (" (général)" if summary.depth == 1 else ""))
    plural = "s" if summary.total > 1 else ""
    _small(heading, f"  {code.id} · {_fr(summary.total)} segment{plural} codé{plural}")
    if code.definition and summary.depth > 1:
        doc.add_paragraph(_clean(code.definition))
    _memos(doc, synthesis.memos_about("code", code.id))
    for quote in summary.quotes:
        _quote(doc, quote)


def _emergence(doc: DocumentType, synthesis: Synthesis) -> None:
    _chapter_heading(doc, "Émergence", synthesis.emergence)
    if synthesis.emergence.shape[1] == 0:
        doc.add_paragraph("La grille de codage n'a pas de code d'émergence.")
        return
    doc.add_paragraph("Déterminants et accélérateurs de l'émergence : segments de parole codés.")
    _frame_table(doc, synthesis.emergence, "Pôle", synthesis.label)


def _memos(doc: DocumentType, memos: list[dict]) -> None:
    """Analytic memos, set apart from the quotations."""
    for memo in memos:
        title = f" — {memo['title']}" if memo["title"] else ""
        paragraph = doc.add_paragraph(style="Intense Quote")
        paragraph.add_run(_clean(f"Mémo{title} ({memo['author']}, {memo['updated_at'][:10]}) : "))
        paragraph.add_run(_clean(memo["text"]))


def _method(doc: DocumentType, synthesis: Synthesis, method: Method) -> None:
    _chapter_heading(doc, "Méthode")
    doc.add_paragraph(
        f"Grille de codage : « {_clean(method.codebook_name)} », "
        f"version {_clean(method.codebook_version)}."
    )
    earlier = [v for v in method.versions_seen if v != method.codebook_version]
    if earlier:
        doc.add_paragraph(
            f"Autres versions de la grille vues dans la base : {_clean(', '.join(earlier))}."
        )
    if method.changes:
        doc.add_heading("Évolution de la grille pendant l'analyse", level=2)
        for change in method.changes:
            moves = ", ".join(f"{a} → {b}" for a, b in change.get("mapping", {}).items())
            target = change.get("code") or ""
            doc.add_paragraph(
                _clean(f"{change['at']}, {change['actor']} : {change['operation']} "
                       f"{moves or target}".strip()),
                style="List Bullet",
            )  # fmt: skip
    _memos(doc, synthesis.memos_about("project"))
    counted = ", ".join(STATUSES.get(s, s) for s in method.statuses)
    doc.add_paragraph(
        "Les effectifs comptent les segments de parole des personnes interviewées auxquels un "
        f"code a été attribué. Statuts comptés : {counted}."
    )
    doc.add_heading("Codeurs", level=2)
    doc.add_paragraph(
        f"Les chiffres et les citations reposent sur {_clean(method.whose)}. Une suggestion "
        "acceptée compte comme un codage de la personne qui l'a acceptée ; les règles et le "
        "modèle ne comptent comme codeurs que s'ils sont choisis."
    )
    rows = [
        [_clean(r.coder), METHODS.get(r.method, r.method), STATUSES.get(r.status, r.status),
         _fr(r.codings)]
        for r in method.coders.itertuples(index=False)
    ]  # fmt: skip
    _table(doc, ["Codeur", "Méthode", "Statut", "Codages"], rows, [False, False, False, True])
    _agreement(doc, synthesis, method)


def _agreement(doc: DocumentType, synthesis: Synthesis, method: Method) -> None:
    doc.add_heading("Accord intercodeurs", level=2)
    if method.agreement is None:
        doc.add_paragraph("Non calculé : aucun document n'a été codé par deux codeurs humains.")
        return
    coders = " et ".join(_clean(c) for c in method.agreement_coders)
    doc.add_paragraph(
        f"Accord entre {coders} sur {_fr(method.agreement_documents)} document(s) codé(s) par "
        "les deux, segment par segment, pour chaque axe de la grille."
    )
    rows = []
    for record in method.agreement.to_dict(orient="records"):
        code = str(record.get("code", ""))
        name = "Moyenne" if code == "(mean)" else synthesis.label(code)
        values = [_fr(record.get(key), digits) for key, _, digits in AGREEMENT]
        rows.append([name, *values, _reading(record.get("krippendorff_alpha"))])
    header = ["Axe", *(title for _, title, _ in AGREEMENT), "Lecture"]
    _table(doc, header, rows, [False, *(True for _ in AGREEMENT), False])
    low, high = _fr(TENTATIVE, 3), _fr(RELIABLE, 3)
    doc.add_paragraph(
        f"Lecture de l'α de Krippendorff : α ≥ {high} fiable ; {low}–{high} conclusions "
        f"provisoires ; < {low} à écarter. Le κ de Cohen et l'AC1 de Gwet sont donnés pour "
        "comparaison ; l'AC1 reste élevé quand un code est rare."
    )


def _reading(alpha: object) -> str:
    """Krippendorff's reading of an alpha."""
    if not isinstance(alpha, numbers.Real) or math.isnan(float(alpha)):
        return "—"
    return "fiable" if alpha >= RELIABLE else "provisoire" if alpha >= TENTATIVE else "à écarter"


def _annex(doc: DocumentType, synthesis: Synthesis) -> None:
    _chapter_heading(doc, "Annexe — Grille de codage")
    method = synthesis.method
    doc.add_paragraph(f"« {_clean(method.codebook_name)} », version {method.codebook_version}.")
    for depth, code in synthesis.codebook:
        title, body = doc.add_paragraph(), doc.add_paragraph()
        title.paragraph_format.keep_with_next, title.paragraph_format.space_after = True, Pt(0)
        for paragraph in (title, body):
            paragraph.paragraph_format.left_indent = Cm(0.75 * (depth - 1))
        title.add_run(_clean(code.label)).bold = True
        _small(title, f"  {code.id}")
        lines = (("", code.definition), ("À utiliser : ", code.include),
                 ("Ne pas utiliser : ", code.exclude))  # fmt: skip
        for prefix, text in (line for line in lines if line[1]):
            if body.runs:
                body.runs[-1].add_break()
            body.add_run(prefix).italic = True
            body.add_run(_clean(text))
        if not body.runs:  # a code with neither definition nor criteria
            body._p.getparent().remove(body._p)
