"""The method chapters of the Word documents: the restitution's one-page method note, and the
research annex's method (codebook versions and changes, coders, intercoder agreement) and
codebook."""

from __future__ import annotations

from docx.document import Document as DocumentType
from docx.shared import Cm, Pt

from ptce_coding.report import pair_tables, tables
from ptce_coding.report.docx_agreement import pairwise_section
from ptce_coding.report.docx_parts import (
    CAUTION_STYLE,
    HeadingWriter,
    fr,
    frame_table,
    small_note,
    xml_text,
)
from ptce_coding.report.docx_passages import add_memos
from ptce_coding.report.formatting import fr_count
from ptce_coding.report.labels import RETIRED, RETIRED_NOTE
from ptce_coding.report.synthesis_model import Synthesis

SEMI_DIRECTIVE = ("entretien semi-directif", "entretiens semi-directifs")


def count_text(count: int, singular: str, plural: str | None = None) -> str:
    """« 1 pôle », « 12 entretiens », thousands spaced as in the document's tables."""
    return fr_count(count, singular, plural, number=fr)


def method_note_section(doc: DocumentType, headings: HeadingWriter, s: Synthesis) -> None:
    """The restitution's method note, about a page long. It follows on from the chapter
    before it: opened on a page of its own, a note a few lines longer than a page left
    its last glossary words alone on the next (the demo's page 8)."""
    headings.add("Note de méthode", 1)
    figures = s.figures
    paragraphs: tuple[tuple[str, str], ...] = (
        (
            "Corpus. ",
            f"{count_text(figures['interviews'], *SEMI_DIRECTIVE)} dans "
            f"{count_text(figures['poles'], 'pôle')}, soit "
            f"{count_text(figures['words'], 'mot')} des "
            f"personnes interrogées en {count_text(figures['segments'], 'segment')} de parole (un "
            "segment est un paragraphe d'un tour de parole).",
        ),
        ("Codage. ", tables.coding_note(s)),
        ("Lire les chiffres. ", tables.reading_note(s)),
        ("Accord entre codeurs. ", pair_tables.agreement_note(s)),
        ("Citations. ", tables.citation_note(s)),
    )
    if tables.anonymity_note(s):
        paragraphs += (("Anonymisation. ", tables.anonymity_note(s)),)
    for lead, text in paragraphs:
        paragraph = doc.add_paragraph()
        paragraph.add_run(lead).bold = True
        paragraph.add_run(xml_text(text))
    add_memos(doc, s.memos_about("project"))
    glossary_section(doc, s)


def glossary_section(doc: DocumentType, s: Synthesis) -> None:
    """The restitution's glossary (``Synthesis.glossary``), closing its method note: a bold
    « Glossaire. » and one bullet per word, as in the HTML."""
    lead = doc.add_paragraph()
    lead.add_run("Glossaire.").bold = True
    lead.paragraph_format.keep_with_next = True  # never alone at a page's foot
    for term, text in s.glossary():
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{xml_text(term)} : ").bold = True
        paragraph.add_run(xml_text(text))


def method_section(doc: DocumentType, headings: HeadingWriter, s: Synthesis) -> None:
    """The research annex's method: the codebook's versions and changes, what is counted,
    the coders, and the intercoder agreement when two coders coded interviews in common."""
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
        for change in tables.codebook_changes(s):
            doc.add_paragraph(xml_text(change), style="List Bullet")
        for note in tables.set_aside_notes(s):
            doc.add_paragraph(xml_text(note))
    add_memos(doc, s.memos_about("project"))
    counted = ", ".join(tables.STATUSES.get(x, x) for x in method.statuses)
    doc.add_paragraph(
        "Les effectifs comptent les segments de parole des personnes interviewées auxquels un "
        f"code a été attribué. Statuts comptés : {counted}. Chaque tableau rappelle ses bases "
        "(entretiens, segments, mots, codeurs par pôle)."
    )
    if tables.anonymity_note(s):
        doc.add_paragraph(xml_text(tables.anonymity_note(s)))
    headings.add("Codeurs", 2)
    doc.add_paragraph(
        f"Les chiffres et les citations reposent sur {xml_text(method.whose)}. Une suggestion "
        "acceptée compte comme un codage de la personne qui l'a acceptée ; les règles et le "
        "modèle ne comptent comme codeurs que s'ils sont choisis."
        + (f" {xml_text(tables.reach_note(s))}" if tables.reach_note(s) else "")
    )
    frame_table(doc, tables.coders_table(s), "Codeur", caption="Codeurs et codages comptés")
    headings.add("Accord intercodeurs", 2)
    if method.agreement is None:
        doc.add_paragraph(
            "Non calculé : aucun entretien n'a été codé par deux codeurs humains."
            + (f" {xml_text(tables.unread_said(s))}" if tables.unread_said(s) else "")
        )
        return
    coders = " et ".join(xml_text(c) for c in method.agreement_coders)
    doc.add_paragraph(
        f"Accord entre {coders} sur "
        f"{count_text(method.agreement_documents, 'entretien codé', 'entretiens codés')} par les "
        "deux, segment par segment, pour chaque axe de la grille."
    )
    frame_table(doc, tables.agreement_table(s), "Axe", caption="Accord intercodeurs, par axe")
    if tables.cuts_note(s):
        doc.add_paragraph(xml_text(tables.cuts_note(s)))
    if tables.unread_said(s):
        doc.add_paragraph(xml_text(tables.unread_said(s)))
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


def codebook_section(doc: DocumentType, headings: HeadingWriter, s: Synthesis) -> None:
    """The research annex's codebook: each code indented by its depth, with its id, its
    definition and criteria, and whether it is retired."""
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
