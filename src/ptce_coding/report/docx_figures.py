"""The report's charts in the Word documents: each chart's picture, as wide as the text and no
taller than the page."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Emu

from ptce_coding.report.docx_parts import page_length, page_text_width


def add_charts(doc: DocumentType, charts: dict[str, list[Path]]) -> None:
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
