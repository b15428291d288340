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

from pathlib import Path

from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.text.paragraph import Paragraph

from ptce_coding.base.files import atomic_path
from ptce_coding.base.records import MemoRow
from ptce_coding.report import pair_tables, tables
from ptce_coding.report.docx_agreement import pairwise_section
from ptce_coding.report.docx_compare import comparison_section
from ptce_coding.report.docx_network import network_section
from ptce_coding.report.docx_parts import (
    CAUTION_STYLE,
    QUOTE_STYLE,
    SOURCE_STYLE,
    add_toc,
    fr,
    frame_table,
    new_document,
    page_length,
    page_text_width,
    small_note,
    typeset_document,
    word_table,
    xml_text,
)
from ptce_coding.report.formatting import fr_count, fr_date
from ptce_coding.report.labels import RETIRED, RETIRED_NOTE
from ptce_coding.report.synthesis_model import (
    Block,
    Chapter,
    CodeSummary,
    FigureBlock,
    Quote,
    Synthesis,
    TableBlock,
)

RED = RGBColor(0xC0, 0x00, 0x00)
SEMI_DIRECTIVE = ("entretien semi-directif", "entretiens semi-directifs")
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


def _count(count: int, singular: str, plural: str | None = None) -> str:
    """« 1 pôle », « 12 entretiens », thousands spaced as in the document's tables."""
    return fr_count(count, singular, plural, number=fr)


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
    doc = new_document(synthesis.title)
    headings = Headings(doc)
    _title_page(doc, synthesis, audience)
    if audience == "restitution":
        _restitution(doc, headings, synthesis)
    else:
        _annex(doc, headings, synthesis)
    typeset_document(doc)
    with atomic_path(path) as temp:
        doc.save(str(temp))
    return Path(path)


# --- the two documents -------------------------------------------------------------------


def _restitution(doc: DocumentType, headings: Headings, s: Synthesis) -> None:
    add_toc(doc, _outline(s, "restitution"))
    headings.add("Les pôles étudiés", 1, new_page=True)
    doc.add_paragraph(
        f"{_count(s.figures['interviews'], 'entretien')} dans "
        f"{_count(s.figures['poles'], 'pôle')}. Les "
        "citations et les chiffres de ce document viennent de ces entretiens ; les questions "
        "de l'enquêteur ne sont pas comptées."
    )
    frame_table(doc, tables.poles_table(s))
    headings.add("Comparaison des pôles, axe par axe", 1)  # follows on: no half-empty page
    doc.add_paragraph(
        "Pour chaque axe de la grille, le nombre d'entretiens du pôle qui l'abordent (« 2/2 » : "
        "les deux entretiens du pôle). Nous comptons les entretiens plutôt que les segments de "
        "parole : la part des segments dépend de la façon dont chaque entretien a été "
        "retranscrit. Les bases sont rappelées en bas du tableau ; l'annexe de recherche donne "
        "aussi les parts de segments et de mots."
    )
    frame_table(doc, tables.interviews_table(s, s.overview_interviews), "Axe")
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
            _quote(doc, quote)
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
        frame_table(doc, tables.network_summary(s), "Pôle")
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
            "fois figurent ici."
        )
        frame_table(doc, emergence, "Facteur")
        for chapter in s.axis_chapters(emergence=True):
            for quote in chapter.highlights:
                _quote(doc, quote)
    _extra_chapters(doc, headings, s, "restitution")
    _method_note(doc, headings, s)


def _annex(doc: DocumentType, headings: Headings, s: Synthesis) -> None:
    add_toc(doc, _outline(s, "annexe"))
    headings.add("Chiffres clés", 1, new_page=True)
    rows = [
        [label, fr(s.figures[key])]
        for key, label in FIGURES.items()
        if key in s.figures and (key != "coders" or s.figures[key])
    ]
    word_table(doc, ["Indicateur", "Valeur"], rows, [False, True])
    headings.add("Les pôles et les bases", 1, new_page=True)
    frame_table(doc, tables.poles_table(s))
    for case in s.cases.index:
        _memos(doc, s.memos_about("case", case))
    doc.add_paragraph(
        "Ce que compte chaque pôle : ses entretiens, les segments de parole et les mots des "
        "personnes interrogées, et les codeurs dont les codages sont comptés."
    )
    frame_table(doc, tables.bases_table(s))
    headings.add("Vue d'ensemble", 1, new_page=True)
    doc.add_paragraph(
        "Trois mesures de la place d'un axe dans un pôle : la part des entretiens qui l'abordent "
        "(robuste mais grossière avec peu d'entretiens), la part des mots des personnes "
        "interrogées dits dans des segments codés (indépendante du découpage en paragraphes) et "
        "la part des segments (qui dépend de la retranscription). La restitution retient les "
        "entretiens."
    )
    headings.add("Entretiens qui abordent chaque axe", 2)
    frame_table(doc, tables.interviews_table(s, s.overview_interviews), "Axe")
    headings.add("Part des mots (en %)", 2)
    frame_table(doc, tables.share_by_axis(s, s.overview_words), "Axe")
    headings.add("Part des segments (en %)", 2)
    frame_table(doc, tables.share_by_axis(s, s.overview), "Axe")
    _charts(doc, s.charts)
    for chapter in s.chapters:
        _chapter(doc, headings, s, chapter)
    if s.network is not None:
        network_section(doc, s.network, headings, _charts, s.names)
    if s.comparison is not None:
        comparison_section(doc, s.comparison, headings, _charts)
    _extra_chapters(doc, headings, s, "annexe")
    _method(doc, headings, s)
    _codebook(doc, headings, s)


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


# --- parts ---------------------------------------------------------------------------------


def _charts(doc: DocumentType, charts: dict[str, list[Path]]) -> None:
    """The .png of each chart, as wide as the text and no taller than the page."""
    for files in charts.values():
        png = next((Path(f) for f in files if str(f).lower().endswith(".png")), None)
        if png is None or not png.is_file():
            continue
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shape = paragraph.add_run().add_picture(str(png), width=page_text_width(doc))
        section = doc.sections[-1]
        tallest = (
            page_length(section.page_height)
            - page_length(section.top_margin)
            - page_length(section.bottom_margin)
            - Cm(3)
        )
        if shape.height > tallest:
            shape.width, shape.height = Emu(int(shape.width * tallest / shape.height)), Emu(tallest)


def _quote(doc: DocumentType, quote: Quote) -> None:
    """The quotation, kept with its source on the same page (styles Citation and Source)."""
    doc.add_paragraph(f"« {xml_text(quote.text)} »", style=QUOTE_STYLE)
    source = doc.add_paragraph(f"— {xml_text(quote.source)}", style=SOURCE_STYLE)
    if quote.suggested:
        mark = source.add_run(" (suggestion non relue)")
        mark.font.color.rgb, mark.bold = RED, True


def _title_page(doc: DocumentType, s: Synthesis, audience: str) -> None:
    doc.add_heading(xml_text(s.title), level=0).paragraph_format.space_before = Cm(5)
    subtitle = (
        "Restitution aux pôles et à la Région"
        if audience == "restitution"
        else "Annexe de recherche : matrices, grille de codage, accord entre codeurs, méthode"
    )
    doc.add_paragraph(subtitle, style="Subtitle")
    doc.add_paragraph(f"Projet : {xml_text(s.project)}")
    doc.add_paragraph(f"Document généré le {fr_date(s.generated)}.")
    doc.add_paragraph(f"Ce document repose sur {xml_text(s.method.whose)}.")
    progress = tables.coding_progress(s)
    if progress:
        doc.add_paragraph(xml_text(progress), style=CAUTION_STYLE)
    if s.includes_suggestions:
        run = doc.add_paragraph().add_run(WARNING)
        run.bold, run.font.color.rgb, run.font.size = True, RED, Pt(13)


def _chapter(doc: DocumentType, headings: Headings, s: Synthesis, chapter: Chapter) -> None:
    headings.add(s.label(chapter.axis.id), 1, new_page=True)
    if chapter.axis.definition:
        doc.add_paragraph(xml_text(chapter.axis.definition))
    if not chapter.coded:
        doc.add_paragraph("Aucun codage pour cet axe.")
        return
    doc.add_paragraph(
        "Segments codés par code et par pôle ; entre parenthèses, les entretiens du pôle où le "
        "code apparaît (« 5 (1/2) » : 5 segments dans un entretien sur deux)."
    )
    frame_table(doc, tables.chapter_table(s, chapter), "Code")
    if s.retired_note(chapter):
        doc.add_paragraph(xml_text(s.retired_note(chapter)), style=CAUTION_STYLE)
    _charts(doc, chapter.charts)
    for summary in chapter.codes:
        if summary.total:
            _code(doc, headings, summary, s)


def _code(doc: DocumentType, headings: Headings, summary: CodeSummary, s: Synthesis) -> None:
    code = summary.code
    heading = headings.add(
        s.label(code.id) + (" (général)" if summary.depth == 1 else ""),
        2 if summary.depth <= 2 else 3,
    )
    plural = "s" if summary.total > 1 else ""
    small_note(heading, f"  {fr(summary.total)} segment{plural} codé{plural}")
    if code.definition and summary.depth > 1:
        doc.add_paragraph(xml_text(code.definition))
    _memos(doc, s.memos_about("code", code.id))
    for quote in summary.quotes:
        _quote(doc, quote)
    if s.quotes_left_out(summary):
        doc.add_paragraph(xml_text(s.quotes_left_out(summary)), style=CAUTION_STYLE)


def _memos(doc: DocumentType, memos: list[MemoRow]) -> None:
    """Analytic memos, set apart from the quotations."""
    for memo in memos:
        title = f" — {memo.title}" if memo.title else ""
        paragraph = doc.add_paragraph(style="Intense Quote")
        paragraph.add_run(xml_text(f"Mémo{title} ({memo.author}, {fr_date(memo.updated_at)}) : "))
        paragraph.add_run(xml_text(memo.text))


def _block(doc: DocumentType, block: Block) -> None:
    if isinstance(block, TableBlock):
        if block.caption:
            doc.add_paragraph(xml_text(block.caption))
        frame_table(doc, block.frame)
    elif isinstance(block, FigureBlock):
        _charts(doc, {"figure": [block.path]})
    elif isinstance(block, Quote):
        _quote(doc, block)
    else:
        doc.add_paragraph(xml_text(block))


def _extra_chapters(doc: DocumentType, headings: Headings, s: Synthesis, audience: str) -> None:
    for chapter in s.chapters_for(audience):
        headings.add(chapter.title, 1, new_page=True)
        for block in chapter.blocks:
            _block(doc, block)


def _method_note(doc: DocumentType, headings: Headings, s: Synthesis) -> None:
    """The restitution's one-page method note."""
    headings.add("Note de méthode", 1, new_page=True)
    figures, method = s.figures, s.method
    coding = (
        "Aucun codage n'ayant encore été validé, les chiffres comptent les suggestions "
        "automatiques (règles sur les mots de la grille), non relues : ils sont provisoires."
        if s.includes_suggestions
        else f"Seuls les codages validés par un chercheur sont comptés "
        f"({fr(figures['coders'])} codeur{'s' if figures['coders'] > 1 else ''})."
    ) + f" Les chiffres et les citations reposent sur {method.whose}."
    if s.retired_note():
        coding += f" {s.retired_note()}"
    if method.agreement is None:
        agreement = "Non mesuré : aucun entretien n'a été codé par deux chercheurs."
    else:
        few = tables.too_few_axes(s)
        agreement = (
            f"{' et '.join(method.agreement_coders)}, sur "
            f"{_count(method.agreement_documents, 'entretien codé', 'entretiens codés')} par "
            "les deux."
            + (
                f" Pour {', '.join(few)} : {tables.TOO_FEW_FR} (moins de {method.min_coded_units})."
                if few
                else ""
            )
            + f" {pair_tables.annex_pointer(s)}"
        )
    paragraphs = (
        (
            "Corpus. ",
            f"{_count(figures['interviews'], *SEMI_DIRECTIVE)} dans "
            f"{_count(figures['poles'], 'pôle')}, soit {_count(figures['words'], 'mot')} des "
            f"personnes interrogées en {_count(figures['segments'], 'segment')} de parole (un "
            "segment est un paragraphe d'un tour de parole).",
        ),
        (
            "Codage. ",
            f"{tables.coding_scope(s)} avec la grille « {method.codebook_name} » "
            f"({_count(len(s.codebook), 'code')} en {_count(len(s.chapters), 'axe')}). "
            f"{coding}",
        ),
        (
            "Lire les chiffres. ",
            "Les tableaux donnent le nombre d'entretiens qui abordent un "
            "thème, rapporté aux entretiens du pôle : avec deux entretiens par pôle, un écart d'un "
            "entretien n'est pas une différence entre pôles. Les parts de segments, sensibles à la "
            "retranscription, et les parts de mots sont dans l'annexe de recherche, avec leurs "
            "bases.",
        ),
        ("Accord entre codeurs. ", agreement),
        (
            "Citations. ",
            "Chaque citation est la ou les phrases qui portent le code, avec la "
            "fonction de la personne interrogée, son organisation et son pôle ; « […] » marque une "
            "coupure.",
        ),
    )
    for lead, text in paragraphs:
        paragraph = doc.add_paragraph()
        paragraph.add_run(lead).bold = True
        paragraph.add_run(xml_text(text))
    _memos(doc, s.memos_about("project"))


def _method(doc: DocumentType, headings: Headings, s: Synthesis) -> None:
    method = s.method
    headings.add("Méthode", 1, new_page=True)
    doc.add_paragraph(
        f"Grille de codage : « {xml_text(method.codebook_name)} », "
        f"version {xml_text(method.codebook_version)}."
    )
    earlier = [v for v in method.versions_seen if v != method.codebook_version]
    if earlier:
        doc.add_paragraph(
            f"Autres versions de la grille vues dans la base : {xml_text(', '.join(earlier))}."
        )
    if method.changes:
        headings.add("Évolution de la grille pendant l'analyse", 2)
        for change in method.changes:
            moves = ", ".join(f"{a} → {b}" for a, b in (change.get("mapping") or {}).items())
            target = change.get("code") or ""
            doc.add_paragraph(
                xml_text(
                    f"{fr_date(change['at'])}, {change['actor']} : {change['operation']} "
                    f"{moves or target}".strip()
                ),
                style="List Bullet",
            )
    _memos(doc, s.memos_about("project"))
    counted = ", ".join(tables.STATUSES.get(x, x) for x in method.statuses)
    doc.add_paragraph(
        "Les effectifs comptent les segments de parole des personnes interviewées auxquels un "
        f"code a été attribué. Statuts comptés : {counted}. Chaque tableau rappelle ses bases "
        "(entretiens, segments, mots, codeurs par pôle)."
    )
    headings.add("Codeurs", 2)
    doc.add_paragraph(
        f"Les chiffres et les citations reposent sur {xml_text(method.whose)}. Une suggestion "
        "acceptée compte comme un codage de la personne qui l'a acceptée ; les règles et le "
        "modèle ne comptent comme codeurs que s'ils sont choisis."
    )
    frame_table(doc, tables.coders_table(s), "Codeur")
    headings.add("Accord intercodeurs", 2)
    if method.agreement is None:
        doc.add_paragraph("Non calculé : aucun entretien n'a été codé par deux codeurs humains.")
        return
    coders = " et ".join(xml_text(c) for c in method.agreement_coders)
    doc.add_paragraph(
        f"Accord entre {coders} sur "
        f"{_count(method.agreement_documents, 'entretien codé', 'entretiens codés')} par les "
        "deux, segment par segment, pour chaque axe de la grille."
    )
    frame_table(doc, tables.agreement_table(s), "Axe")
    low, high = fr(tables.THRESHOLDS[0], 3), fr(tables.THRESHOLDS[1], 3)
    doc.add_paragraph(
        f"Lecture de l'α de Krippendorff : α ≥ {high} fiable ; {low}–{high} conclusions "
        f"provisoires ; < {low} à écarter. Sous {method.min_coded_units} unités codées par l'un "
        f"ou l'autre codeur, aucun coefficient n'est lu : « {tables.TOO_FEW_FR} ». Le κ de "
        "Cohen et l'AC1 de Gwet sont donnés pour comparaison ; l'AC1 reste élevé quand un code "
        "est rare.",
        style=CAUTION_STYLE,
    )
    pairwise_section(doc, headings, s)


def _codebook(doc: DocumentType, headings: Headings, s: Synthesis) -> None:
    headings.add("Grille de codage", 1, new_page=True)
    method = s.method
    doc.add_paragraph(f"« {xml_text(method.codebook_name)} », version {method.codebook_version}.")
    for depth, code in s.codebook:
        title, body = doc.add_paragraph(), doc.add_paragraph()
        title.paragraph_format.keep_with_next, title.paragraph_format.space_after = True, Pt(0)
        body.paragraph_format.keep_together = True
        for paragraph in (title, body):
            paragraph.paragraph_format.left_indent = Cm(0.75 * (depth - 1))
        title.add_run(xml_text(code.label)).bold = True
        small_note(title, f"  {code.id}" + (f", {RETIRED}" if code.retired else ""))
        lines = (
            ("", code.definition),
            ("À utiliser : ", code.include),
            ("Ne pas utiliser : ", code.exclude),
            ("Code retiré : ", RETIRED_NOTE if code.retired else ""),
        )
        for prefix, text in (line for line in lines if line[1]):
            if body.runs:
                body.runs[-1].add_break()
            body.add_run(prefix).italic = True
            body.add_run(xml_text(text))
        parent = body._p.getparent()
        if not body.runs and parent is not None:  # a code with neither definition nor criteria
            parent.remove(body._p)
