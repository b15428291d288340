"""The report's charts in the Word documents: each chart's pictures, as wide as the text and no
taller than the page (a chart drawn in several parts, « (1/2) », « (2/2) », one after the other)."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Emu, Length

from ptce_coding.report.charts.placement import word_size
from ptce_coding.report.docx_parts import page_length, page_text_width


def add_charts(doc: DocumentType, charts: dict[str, list[Path]]) -> None:
    """The .png files of each chart (its parts, in order), each as wide as the text and no
    taller than the page less 3 cm (``placement.word_size``, which the charts are laid out
    for)."""
    for files in charts.values():
        for png in (Path(f) for f in files if str(f).lower().endswith(".png")):
            if png.is_file():
                _add_picture(doc, png)


def _add_picture(doc: DocumentType, png: Path) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    shape = paragraph.add_run().add_picture(str(png), width=page_text_width(doc))
    section = doc.sections[-1]
    tallest = Length(
        page_length(section.page_height)
        - page_length(section.top_margin)
        - page_length(section.bottom_margin)
        - Cm(3)
    )
    width, height = word_size(
        (shape.width.inches, shape.height.inches),
        (Length(page_text_width(doc)).inches, tallest.inches),
    )
    shape.width, shape.height = Emu(round(width * 914400)), Emu(round(height * 914400))
