"""The chapters of the Word documents that follow the synthesis: the research annex's chapter of
each axis (its table, charts, and each code's quotations and memos) and the project's own
chapters (tables, figures, quotations and text); tables and figures with numbered captions."""

from __future__ import annotations

from docx.document import Document as DocumentType

from ptce_coding.report import tables
from ptce_coding.report.axis_model import Chapter, CodeSummary
from ptce_coding.report.chapter_blocks import Block, FigureBlock, Quote, TableBlock
from ptce_coding.report.docx_figures import add_charts
from ptce_coding.report.docx_parts import (
    CAUTION_STYLE,
    HeadingWriter,
    fr,
    frame_table,
    small_note,
    xml_text,
)
from ptce_coding.report.docx_passages import add_memos, add_quote
from ptce_coding.report.synthesis_model import Synthesis


def axis_section(
    doc: DocumentType, headings: HeadingWriter, s: Synthesis, chapter: Chapter
) -> None:
    """The research annex's chapter of an axis: its definition, its table of codes by pole,
    its charts, then each code coded at least once. A chapter follows the one before on its
    page, its heading kept with what follows: opening a page, it left the chapter before's
    last lines alone on a page when they ran a few lines over (the demo's last code of
    « Morphologie »), and an axis nothing coded its few lines alone."""
    headings.add(s.label(chapter.axis.id), 1)
    if chapter.axis.definition:
        doc.add_paragraph(xml_text(chapter.axis.definition))
    if not chapter.coded:
        doc.add_paragraph("Aucun codage pour cet axe.")
        return
    doc.add_paragraph(
        "Segments codés par code et par pôle ; entre parenthèses, les entretiens du pôle où le "
        "code apparaît (« 5 (1/2) » : 5 segments dans un entretien sur deux)."
    )
    axis = s.label(chapter.axis.id)
    frame_table(
        doc,
        tables.chapter_table(s, chapter),
        "Code",
        note=tables.bases_note(s),
        caption=f"{axis} : segments codés par code et par pôle",
    )
    if s.retired_note(chapter):
        doc.add_paragraph(xml_text(s.retired_note(chapter)), style=CAUTION_STYLE)
    add_charts(doc, chapter.charts, axis_captions(axis))
    for summary in chapter.codes:
        if summary.total:
            _code(doc, headings, summary, s)


def axis_captions(axis: str) -> dict[str, str]:
    """The captions of an axis chapter's charts, which name the axis (the table of figures
    lists one « Part des segments… » per axis)."""
    return {
        "heatmap": f"{axis} : part des segments, par pôle et par code",
        "bars": f"{axis} : segments codés, par pôle",
    }


def _code(doc: DocumentType, headings: HeadingWriter, summary: CodeSummary, s: Synthesis) -> None:
    """A code's heading with its count, its definition, memos and quotations."""
    code = summary.code
    heading = headings.add(
        s.label(code.id) + (" (général)" if summary.depth == 1 else ""),
        2 if summary.depth <= 2 else 3,
    )
    plural = "s" if summary.total > 1 else ""
    small_note(heading, f"  {fr(summary.total)} segment{plural} codé{plural}")
    if code.definition and summary.depth > 1:
        definition = doc.add_paragraph(xml_text(code.definition))
        definition.paragraph_format.keep_with_next = bool(summary.quotes)  # never alone

    add_memos(doc, s.memos_about("code", code.id))
    for quote in summary.quotes:
        add_quote(doc, quote)
    if s.quotes_left_out(summary):
        doc.add_paragraph(xml_text(s.quotes_left_out(summary)), style=CAUTION_STYLE)


def extra_sections(doc: DocumentType, headings: HeadingWriter, s: Synthesis, audience: str) -> None:
    """The project's own chapters meant for ``audience``, each on a new page."""
    for chapter in s.chapters_for(audience):
        headings.add(chapter.title, 1, new_page=True)
        for block in chapter.blocks:
            _block(doc, block)


def _block(doc: DocumentType, block: Block) -> None:
    """One block of a project's chapter: a table, a figure, a quotation or a paragraph."""
    if isinstance(block, TableBlock):
        frame_table(doc, block.frame, caption=block.caption)
    elif isinstance(block, FigureBlock):
        add_charts(doc, {"figure": [block.path]}, {"figure": block.caption})
    elif isinstance(block, Quote):
        add_quote(doc, block)
    else:
        doc.add_paragraph(xml_text(block))
