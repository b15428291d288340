"""The research annex's pairwise agreement in Word: with three coders or more who coded
interviews in common, each pair of them at the axis level, then each coder's mean."""

from __future__ import annotations

from docx.document import Document as DocumentType

from ptce_coding.report import pair_tables
from ptce_coding.report.docx_parts import HeadingWriter, frame_table, xml_text
from ptce_coding.report.synthesis_model import Synthesis


def pairwise_section(doc: DocumentType, headings: HeadingWriter, s: Synthesis) -> None:
    """« Accord par paires de codeurs »: what a row compares, the pairs left out, the table
    and its reading; nothing without a pairwise table (two coders)."""
    if s.method.pairwise is None:
        return
    headings.add("Accord par paires de codeurs", 2)
    doc.add_paragraph(xml_text(pair_tables.pairs_method(s)))
    frame_table(doc, pair_tables.pairwise_table(s), "Paire", caption="Accord par paires de codeurs")
    doc.add_paragraph(xml_text(pair_tables.pairs_reading(s)))
