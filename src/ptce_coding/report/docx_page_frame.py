"""The running header and footer of a Word report, so that a printed page says what it is.

From page 2 on, the footer gives the document's short title, which of the two documents it is
(« Synthèse des entretiens — restitution », « … — annexe de recherche »: a page of either, printed
or copied, says which) and « page N / M » (the PAGE and NUMPAGES fields, which Word and
LibreOffice compute as they lay the pages out); the title page has none. While the report
counts unreviewed suggestions, the header of every page, the title page's included, says
« Document provisoire », so that a page copied or printed alone still says it.
"""

from __future__ import annotations

from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.section import Section, _Footer, _Header
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

from ptce_coding.report.formatting import typeset

PROVISIONAL = "Document provisoire : il compte des suggestions automatiques non relues"
TITLE_CHARACTERS = 70  # a longer title is cut at a word in the footer, to keep one line
FOOTER_CHARACTERS = 82  # the title and the kind together, left of « page NN / NN » at 8.5 pt
KIND_DASH = "\u2014"  # « Synthèse des entretiens — restitution »
SIZE = Pt(8.5)
GREY = RGBColor(0x59, 0x59, 0x59)
RED = RGBColor(0xC0, 0x00, 0x00)


def add_page_frame(doc: DocumentType, title: str, kind: str = "") -> None:
    """The footer « <short title> — <kind>    page N / M » on every page but each section's
    first (the title page); the header and footer styles' tab stops set to the text's width."""
    for section in doc.sections:
        width = _text_width(section)
        for name in ("Header", "Footer"):
            tabs = doc.styles[name].paragraph_format.tab_stops
            tabs.clear_all()  # the template's, for US Letter
            if width:
                tabs.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False  # the title page: none
        _page_footer(section.footer, footer_title(title, kind))


def mark_provisional(doc: DocumentType) -> None:
    """« Document provisoire » at the top right of every page, the first ones included."""
    for section in doc.sections:
        for header in (section.header, section.first_page_header):
            _provisional(header)


def footer_title(title: str, kind: str = "") -> str:
    """« <title> — <kind> » on one line of the footer: the kind whole, the title cut to fit."""
    if not kind:
        return short_title(title)
    tail = f" {KIND_DASH} {kind}"
    return short_title(title, min(TITLE_CHARACTERS, FOOTER_CHARACTERS - len(tail))) + tail


def short_title(title: str, characters: int = TITLE_CHARACTERS) -> str:
    """The title on one line of the footer: whole when short, else cut at a word, with « … »."""
    title = " ".join(title.split())
    if len(title) <= characters:
        return title
    cut = title[: characters - 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    return f"{cut}…"


def _page_footer(footer: _Footer, title: str) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.style = "Footer"
    _small(paragraph, typeset(title) + "\tpage ")
    _field(paragraph, "PAGE")
    _small(paragraph, " / ")
    _field(paragraph, "NUMPAGES")


def _provisional(header: _Header) -> None:
    paragraph = header.paragraphs[0]
    paragraph.style = "Header"
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(typeset(PROVISIONAL))
    run.bold, run.font.size, run.font.color.rgb = True, SIZE, RED


def _small(paragraph: Paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.size, run.font.color.rgb = SIZE, GREY


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A field Word and LibreOffice compute on each page (begin, instruction, end)."""
    w = nsdecls("w")
    for xml in (
        f'<w:fldChar {w} w:fldCharType="begin"/>',
        f'<w:instrText {w} xml:space="preserve"> {instruction} </w:instrText>',
        f'<w:fldChar {w} w:fldCharType="end"/>',
    ):
        run = paragraph.add_run()
        run.font.size, run.font.color.rgb = SIZE, GREY
        _append(run._r, parse_xml(xml))


def _append(parent: etree._Element, child: etree._Element) -> None:
    """A raw WordprocessingML element into a python-docx one (types-lxml would want the
    child of the parent's own class)."""
    parent.append(child)


def _text_width(section: Section) -> int:
    return (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
