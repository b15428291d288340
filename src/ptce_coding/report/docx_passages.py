"""What the interviews and the researchers said, in the Word documents: quotations kept with
their source (styles Citation and Source de citation), an unreviewed suggestion's in red, and
analytic memos set apart from them."""

from __future__ import annotations

from docx.document import Document as DocumentType
from docx.shared import RGBColor

from ptce_coding.base.records import MemoRow
from ptce_coding.report.chapter_blocks import Quote
from ptce_coding.report.docx_parts import QUOTE_STYLE, SOURCE_STYLE, xml_text
from ptce_coding.report.formatting import fr_date

RED = RGBColor(0xC0, 0x00, 0x00)


def add_quote(doc: DocumentType, quote: Quote) -> None:
    """The quotation, kept with its source on the same page (styles Citation and Source)."""
    doc.add_paragraph(f"« {xml_text(quote.text)} »", style=QUOTE_STYLE)
    source = doc.add_paragraph(f"— {xml_text(quote.source)}", style=SOURCE_STYLE)
    if quote.suggested:
        mark = source.add_run(" (suggestion non relue)")
        mark.font.color.rgb, mark.bold = RED, True


def add_memos(doc: DocumentType, memos: list[MemoRow]) -> None:
    """Analytic memos, set apart from the quotations."""
    for memo in memos:
        title = f" — {memo.title}" if memo.title else ""
        paragraph = doc.add_paragraph(style="Intense Quote")
        paragraph.add_run(xml_text(f"Mémo{title} ({memo.author}, {fr_date(memo.updated_at)}) : "))
        paragraph.add_run(xml_text(memo.text))
