"""The report's charts in the Word documents: each chart's pictures, as wide as the text and no
taller than the page (a chart drawn in several parts, « (1/2) », « (2/2) », one after the other),
each with its numbered caption under it (« Figure 3 – Morphologie : segments codés, par pôle
(1/2) », ``docx_captions``), as the HTML's figures have theirs."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Emu, Length

from ptce_coding.report.charts.placement import part_suffix, word_size
from ptce_coding.report.docx_captions import FIGURE, add_caption
from ptce_coding.report.docx_parts import page_length, page_text_width, xml_text

# the captions of the charts by their names, as the HTML report's (templates/*.html.j2);
# a chapter gives its own where the chart is of one axis or one pole
CAPTIONS = {
    "overview": "Part des segments codés, par pôle et par axe",
    "cooccurrence": "Axes codés dans les mêmes segments (nombre de segments)",
    "heatmap": "Part des segments, par pôle et par code",
    "bars": "Segments codés, par pôle",
    "network": "Réseau de coopération",
    "map": "Analyse des correspondances : pôles et codes les plus contributifs",
    "dendrogram": "Classification des pôles",
}


def comparison_captions(poles: int, interviews: int) -> dict[str, str]:
    """The captions of the « Typologie des pôles » figures, which state what they rest on,
    as the HTML's (templates/typologie.html.j2)."""
    base = f" ({poles} pôles, {interviews} entretiens)"
    return {name: CAPTIONS[name] + base for name in ("map", "dendrogram")}


def add_charts(
    doc: DocumentType,
    charts: Mapping[str, list[Path]],
    captions: Mapping[str, str] | None = None,
    *,
    natural: bool = False,
) -> None:
    """The .png files of each chart (its parts, in order), each as wide as the text and no
    taller than the page less 3 cm (``placement.word_size``, which the charts are laid out
    for), with its caption under it: ``captions``'s for the chart's name, else ``CAPTIONS``'s,
    else the file's name; a part's caption ends with « (1/2) ». The caption is the picture's
    alternative text too (Word's « Texte de remplacement »). ``natural`` (the restitution,
    which stays short): a picture narrower than the text is placed at its own size, its
    text at the size it was drawn (8 pt or more), not enlarged."""
    for name, files in charts.items():
        pngs = [Path(f) for f in files if str(f).lower().endswith(".png") and Path(f).is_file()]
        text = (captions or {}).get(name) or CAPTIONS.get(name)
        for index, png in enumerate(pngs, start=1):
            caption = (text or png.stem.replace("-", " ")) + part_suffix(index, len(pngs))
            _add_picture(doc, png, xml_text(caption), natural=natural)
            add_caption(doc, FIGURE, xml_text(caption))


def _add_picture(doc: DocumentType, png: Path, alternative: str, *, natural: bool) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True  # with its caption
    text_width = page_text_width(doc)
    run = paragraph.add_run()
    shape = run.add_picture(str(png)) if natural else run.add_picture(str(png), width=text_width)
    shape._inline.docPr.set("descr", alternative)  # python-docx has no setter for it
    box_width = min(Length(text_width), shape.width) if natural else Length(text_width)
    section = doc.sections[-1]
    tallest = Length(
        page_length(section.page_height)
        - page_length(section.top_margin)
        - page_length(section.bottom_margin)
        - Cm(3)
    )
    width, height = word_size(
        (shape.width.inches, shape.height.inches), (box_width.inches, tallest.inches)
    )
    shape.width, shape.height = Emu(round(width * 914400)), Emu(round(height * 914400))
