"""Numbered captions of the Word reports' figures and tables: « Figure 3 – … », « Tableau 2 – … ».

A report handed out refers to its figures and tables by number, and Word makes its table of
illustrations (« Insérer une table des illustrations ») from the captions: paragraphs in its
built-in style Légende (``Caption``) numbered by a SEQ field (« SEQ Figure \\* ARABIC »). So a
caption is written as Word writes one, its field's result the number already counted, so that
the document reads right before any update (LibreOffice counts the sequence itself, to the same
numbers). A table's caption goes above it, kept with it; a figure's under it, the picture kept
with its caption.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from docx.document import Document as DocumentType
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

FIGURE = "Figure"  # the SEQ identifiers, which are also the words Word writes in French
TABLE = "Tableau"
CAPTION_STYLE = "Caption"  # « Légende » in a French Word
DASH = "\u2013"  # « Figure 3 – … », as Word's « tiret demi-cadratin » separator
INK = RGBColor(0x40, 0x40, 0x40)
_SEQUENCE = re.compile(r"\s*SEQ\s+(\S+)")


def style_captions(doc: DocumentType) -> None:
    """The Caption style as the report's other notes: 9 pt, dark grey, not bold, a little
    space under it (python-docx's template has it bold and blue, with none)."""
    style = doc.styles[CAPTION_STYLE]
    style.font.size, style.font.bold, style.font.italic = Pt(9), False, False
    style.font.color.rgb = INK
    style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(2), Pt(8)


def add_caption(doc: DocumentType, label: str, text: str) -> Paragraph:
    """« <label> N – <text> » at the end of ``doc``, N the next number of ``label``'s sequence
    (FIGURE or TABLE); a table's caption (written before the table) is kept with it."""
    number = numbered(doc, label) + 1
    paragraph = doc.add_paragraph(style=CAPTION_STYLE)
    paragraph.add_run(f"{label} ").bold = True
    for xml in _field(label, number):
        _append(paragraph._p, parse_xml(xml))
    paragraph.add_run(f" {DASH} {text}")
    if label == TABLE:  # above its table, kept with it and close to it
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_after = Pt(2)
    return paragraph


def numbered(doc: DocumentType, label: str) -> int:
    """How many captions of ``label``'s sequence ``doc`` has so far."""
    found = (_SEQUENCE.match(t.text or "") for t in doc.element.body.iter(qn("w:instrText")))
    return sum(1 for match in found if match and match.group(1) == label)


def _append(parent: etree._Element, child: etree._Element) -> None:
    """A raw WordprocessingML element into a python-docx one (types-lxml would want the
    child of the parent's own class)."""
    parent.append(child)


def _field(label: str, number: int) -> tuple[str, ...]:
    """The runs of a SEQ field whose result is ``number`` (begin, instruction, separator,
    result, end), in the bold of the label."""
    w = nsdecls("w")
    bold = "<w:rPr><w:b/></w:rPr>"
    return (
        f'<w:r {w}>{bold}<w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {w}>{bold}<w:instrText xml:space="preserve"> SEQ {escape(label)} '
        "\\* ARABIC </w:instrText></w:r>",
        f'<w:r {w}>{bold}<w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {w}>{bold}<w:t>{number}</w:t></w:r>",
        f'<w:r {w}>{bold}<w:fldChar w:fldCharType="end"/></w:r>',
    )
