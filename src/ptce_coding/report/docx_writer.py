"""The report as Word documents (.docx) in French, for researchers to edit.

Two documents from one synthesis: the restitution (``audience="restitution"``) and the
research annex (``audience="annexe"``). Both have a real table-of-contents field, headings
whose levels never skip (1, 2, 3), fr-FR as their language, named styles a researcher can
restyle (Citation, Source de citation, Note de lecture, Texte de tableau), real Word tables
(bold header repeated on each page, split to the page width so that a heading never breaks
inside a word) and charts as pictures. Transcript text is inserted as plain text, never
interpreted, minus the control characters XML cannot hold; once the document is built, its
spaces before « : ; ! ? » and inside « » become no-break ones (``typeset_document``), so that
no mark starts a line. The file is written whole or not at all.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from docx.document import Document as DocumentType
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from ptce_coding.base.files import atomic_path
from ptce_coding.base.packages import settle_package
from ptce_coding.report import tables
from ptce_coding.report.docx_chapters import axis_section, extra_sections
from ptce_coding.report.docx_compare import comparison_section
from ptce_coding.report.docx_figures import add_charts, comparison_captions
from ptce_coding.report.docx_method import (
    codebook_section,
    count_text,
    method_note_section,
    method_section,
)
from ptce_coding.report.docx_network import network_section
from ptce_coding.report.docx_parts import (
    CAUTION_STYLE,
    add_toc,
    finish_document,
    fr,
    frame_table,
    new_document,
    word_table,
    xml_text,
)
from ptce_coding.report.docx_passages import RED, add_memos, add_quote
from ptce_coding.report.docx_properties import DocumentKind
from ptce_coding.report.figures import RESTITUTION_CAPTIONS
from ptce_coding.report.formatting import fr_date
from ptce_coding.report.synthesis_model import Synthesis

WARNING = "Ce document inclut des suggestions automatiques non relues."
FIGURES = {
    "poles": "Pôles",
    "interviews": "Entretiens",
    "words": "Mots (personnes interviewées)",
    "segments": "Segments de parole (personnes interviewées)",
    "codings": "Codages",
    "coders": "Codeurs",
}
NETWORK_TITLE = "Réseaux de coopération"
POLES_CAPTION = "Les pôles étudiés et leurs entretiens"
INTERVIEWS_CAPTION = "Entretiens qui abordent chaque axe, par pôle"
KINDS = {  # which document it is: footer, title and subject properties, title page
    "restitution": DocumentKind(
        "restitution",
        "restitution aux pôles et à la Région",
        "Restitution aux pôles et à la Région",
    ),
    "annexe": DocumentKind(
        "annexe de recherche",
        "annexe de recherche",
        "Annexe de recherche : matrices, grille de codage, accord entre codeurs, méthode",
    ),
}
COMPANION = {  # what the other document holds, said on the title page
    "restitution": "Son annexe de recherche donne les matrices, la grille de codage, l'accord "
    "entre codeurs et la méthode en détail.",
    "annexe": "Elle accompagne la restitution aux pôles et à la Région, dont elle donne le "
    "détail des chiffres et de la méthode.",
}


class Headings:
    """Headings whose level never jumps by more than one below the previous one."""

    def __init__(self, doc: DocumentType) -> None:
        self.doc, self.level = doc, 0

    def add(self, text: str, level: int, *, new_page: bool = False) -> Paragraph:
        level = max(1, min(level, self.level + 1))
        heading = self.doc.add_heading(xml_text(text), level=level)
        heading.paragraph_format.page_break_before = new_page
        heading.paragraph_format.keep_with_next = True
        self.level = level
        return heading


def write_docx(synthesis: Synthesis, path: Path, audience: str = "annexe") -> Path:
    """Render ``synthesis`` as a Word document at ``path`` (written atomically)."""
    doc = new_document(synthesis.title, kind=KINDS[audience])
    headings = Headings(doc)
    _title_page(doc, synthesis, audience)
    if audience == "restitution":
        _restitution(doc, headings, synthesis)
    else:
        _annex(doc, headings, synthesis)
    finish_document(doc, provisional=synthesis.includes_suggestions)
    with atomic_path(path) as temp:
        doc.save(str(temp))
        settle_package(temp, synthesis.moment)  # its time the store's: the same bytes
    return Path(path)


# --- the two documents -------------------------------------------------------------------


def _restitution(doc: DocumentType, headings: Headings, s: Synthesis) -> None:
    add_toc(doc, _outline(s, "restitution"))
    headings.add("Les pôles étudiés", 1, new_page=True)
    doc.add_paragraph(
        f"{count_text(s.figures['interviews'], 'entretien')} dans "
        f"{count_text(s.figures['poles'], 'pôle')}. Les "
        "citations et les chiffres de ce document viennent de ces entretiens ; les questions "
        "de l'enquêteur ne sont pas comptées."
    )
    frame_table(doc, tables.poles_table(s), caption=POLES_CAPTION)
    headings.add("Comparaison des pôles, axe par axe", 1)  # follows on: no half-empty page
    doc.add_paragraph(
        "Pour chaque axe de la grille, le nombre d'entretiens du pôle qui l'abordent (« 2/2 » : "
        "les deux entretiens du pôle). Nous comptons les entretiens plutôt que les segments de "
        "parole : la part des segments dépend de la façon dont chaque entretien a été "
        "retranscrit. Les bases sont rappelées en bas du tableau ; l'annexe de recherche donne "
        "aussi les parts de segments et de mots."
        + (f" {xml_text(s.emergence_pointer())}" if s.emergence_pointer() else "")
    )
    frame_table(
        doc,
        tables.interviews_table(s, s.overview_interviews),
        "Axe",
        note=tables.bases_note(s),
        caption=INTERVIEWS_CAPTION,
    )
    _restitution_chart(doc, s, "axes")
    for chapter in s.axis_chapters(emergence=False):
        headings.add(s.label(chapter.axis.id), 2)
        if not chapter.coded:
            doc.add_paragraph(
                "Aucun codage pour cet axe : il n'a pas été abordé dans les entretiens codés."
            )
            continue
        reading = doc.add_paragraph(xml_text(tables.axis_reading(s, chapter)))
        reading.paragraph_format.keep_with_next = bool(chapter.highlights)  # with a quotation
        for quote in chapter.highlights:
            add_quote(doc, quote)
    if s.network is not None:
        headings.add(NETWORK_TITLE, 1)
        network = s.network
        doc.add_paragraph(
            xml_text(
                f"Qui travaille avec qui, d'après les entretiens : un lien relie deux membres "
                f"d'un pôle quand {network.rules}."
            )
        )
        if network.includes_suggestions:
            doc.add_paragraph(
                "Les segments comptés incluent des suggestions non relues : les liens sont "
                "provisoires.",
                style=CAUTION_STYLE,
            )
        frame_table(
            doc,
            tables.network_summary(s),
            "Pôle",
            caption="Lecture des réseaux de coopération, par pôle",
        )
        _restitution_chart(doc, s, "networks")  # then each pole's reading
        for pole in network.poles:
            paragraph = doc.add_paragraph()
            paragraph.add_run(xml_text(pole.name)).bold = True
            paragraph.add_run(
                xml_text(f" : {pole.configuration}, coordination {pole.coordination} ({pole.why}).")
            )
    headings.add("Facteurs d'émergence", 1)
    emergence = tables.emergence_table(s)
    if emergence.empty:
        doc.add_paragraph("Aucun codage des facteurs d'émergence.")
    else:
        doc.add_paragraph(
            "Déterminants et accélérateurs de l'émergence des pôles : entretiens du pôle qui les "
            "évoquent (« 1/2 » : un entretien sur deux). Seuls les facteurs évoqués au moins une "
            "fois figurent ici." + (f" {s.emergence_note()}" if s.emergence_note() else "")
        )
        frame_table(
            doc,
            emergence,
            "Facteur",
            note=tables.bases_note(s),
            caption="Facteurs d'émergence évoqués, par pôle (entretiens qui les évoquent)",
        )
        for chapter in s.axis_chapters(emergence=True):
            for quote in chapter.highlights:
                add_quote(doc, quote)
    extra_sections(doc, headings, s, "restitution")
    method_note_section(doc, headings, s)


def _restitution_chart(doc: DocumentType, s: Synthesis, name: str) -> None:
    """One of the restitution's own figures, at its own size (it stays short)."""
    if s.restitution_charts.get(name):
        charts = {name: s.restitution_charts[name]}
        add_charts(doc, charts, RESTITUTION_CAPTIONS, natural=True)


def _annex(doc: DocumentType, headings: Headings, s: Synthesis) -> None:
    add_toc(doc, _outline(s, "annexe"))
    headings.add("Chiffres clés", 1, new_page=True)
    rows = [
        [label, fr(s.figures[key])]
        for key, label in FIGURES.items()
        if key in s.figures and (key != "coders" or s.figures[key])
    ]
    word_table(doc, ["Indicateur", "Valeur"], rows, [False, True], caption="Chiffres clés")
    headings.add("Les pôles et les bases", 1)  # follows on: the key figures hold a few lines
    frame_table(doc, tables.poles_table(s), caption=POLES_CAPTION)
    for case in s.cases.index:
        add_memos(doc, s.memos_about("case", case))
    doc.add_paragraph(tables.bases_intro(s))
    frame_table(
        doc,
        tables.bases_table(s),
        note=tables.bases_note(s),
        caption="Bases de chaque pôle : entretiens, segments de parole, mots, codeurs",
    )
    headings.add("Vue d'ensemble", 1)  # follows on: a table's note never alone on a page
    doc.add_paragraph(
        "Trois mesures de la place d'un axe dans un pôle : la part des entretiens qui l'abordent "
        "(robuste mais grossière avec peu d'entretiens), la part des mots des personnes "
        "interrogées dits dans des segments codés (indépendante du découpage en paragraphes) et "
        "la part des segments (qui dépend de la retranscription). La restitution retient les "
        "entretiens."
    )
    note = tables.bases_note(s)
    headings.add("Entretiens qui abordent chaque axe", 2)
    frame_table(
        doc,
        tables.interviews_table(s, s.overview_interviews),
        "Axe",
        note=note,
        caption=INTERVIEWS_CAPTION,
    )
    headings.add("Part des mots (en %)", 2)
    frame_table(
        doc,
        tables.share_by_axis(s, s.overview_words),
        "Axe",
        note=note,
        caption="Part des mots des personnes interrogées dits dans des segments codés, par "
        "axe et par pôle (en %)",
    )
    headings.add("Part des segments (en %)", 2)
    frame_table(
        doc,
        tables.share_by_axis(s, s.overview),
        "Axe",
        note=note,
        caption="Part des segments de parole codés, par axe et par pôle (en %)",
    )
    add_charts(doc, s.charts)
    for chapter in s.chapters:
        axis_section(doc, headings, s, chapter)
    if s.network is not None:
        network_section(doc, s.network, headings, add_charts, s.names)
    if s.comparison is not None:
        captions = comparison_captions(s.comparison.poles, s.comparison.interviews)
        comparison_section(doc, s.comparison, headings, partial(add_charts, captions=captions))
    extra_sections(doc, headings, s, "annexe")
    method_section(doc, headings, s)
    codebook_section(doc, headings, s)


def _outline(s: Synthesis, audience: str) -> list[tuple[int, str]]:
    """The headings of levels 1 and 2 the document will have, for the table of contents."""
    extra = [(1, c.title) for c in s.chapters_for(audience)]
    network = [(1, NETWORK_TITLE)] if s.network is not None else []
    if audience == "restitution":
        axes = [(2, s.label(c.axis.id)) for c in s.axis_chapters(emergence=False)]
        return [
            (1, "Les pôles étudiés"),
            (1, "Comparaison des pôles, axe par axe"),
            *axes,
            *network,
            (1, "Facteurs d'émergence"),
            *extra,
            (1, "Note de méthode"),
        ]
    comparison = [(1, s.comparison.title)] if s.comparison is not None else []
    return [
        (1, "Chiffres clés"),
        (1, "Les pôles et les bases"),
        (1, "Vue d'ensemble"),
        *[(1, s.label(c.axis.id)) for c in s.chapters],
        *network,
        *comparison,
        *extra,
        (1, "Méthode"),
        (1, "Grille de codage"),
    ]


# --- the title page ----------------------------------------------------------------------


def _title_page(doc: DocumentType, s: Synthesis, audience: str) -> None:
    doc.add_heading(xml_text(s.title), level=0).paragraph_format.space_before = Cm(3)
    doc.add_paragraph(KINDS[audience].subject, style="Subtitle")
    doc.add_paragraph(COMPANION[audience])
    doc.add_paragraph(f"Projet : {xml_text(s.project)}")
    doc.add_paragraph(f"Document généré le {fr_date(s.generated)}.")
    doc.add_paragraph(xml_text(s.confidentiality(audience)), style=CAUTION_STYLE)
    doc.add_paragraph(f"Ce document repose sur {xml_text(s.method.whose)}.")
    progress = tables.coding_progress(s)
    if progress:
        doc.add_paragraph(xml_text(progress), style=CAUTION_STYLE)
    if tables.pending_note(s):
        doc.add_paragraph(xml_text(tables.pending_note(s)), style=CAUTION_STYLE)
    if s.includes_suggestions:
        run = doc.add_paragraph().add_run(WARNING)
        run.bold, run.font.color.rgb, run.font.size = True, RED, Pt(13)
