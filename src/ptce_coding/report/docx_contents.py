"""The table of contents of a Word report: a real TOC field that shows its entries at once.

Word writes a table of contents as a field (``TOC \\o "1-2" \\h \\z \\u``) whose result, the
entries, is kept in the file; Word and LibreOffice show that stored result as it is and
rebuild it only when asked (Word: F9 or « Mettre à jour la table » ; LibreOffice: « Mettre à
jour l'index », which then adds the page numbers). So the field is written with its result:
one paragraph per heading of the levels it lists, in the « toc 1 », « toc 2 » styles, each a
link to a bookmark on its heading, as Word itself writes them, but without page numbers,
which only a layout can know (a dotted leader running to no number would read as broken).
No ``updateFields`` in the settings: Word would ask on every opening whether to update the
fields « qui peuvent faire référence à d'autres fichiers », a question a reader cannot
answer; the entries are there without it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from xml.sax.saxutils import escape

from docx.document import Document as DocumentType
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from lxml import etree

INSTRUCTION = ' TOC \\o "1-{deepest}" \\h \\z \\u '  # outline levels 1 to deepest, as links
OUTLINE = re.compile(r'\\o "1-(\d)"')
HEADING = re.compile(r"Heading([1-9])")  # a heading style's id, and its level
DEEPEST = 2  # without entries to say otherwise
BOOKMARK = "_Toc{:09d}"  # Word's own names: hidden from its bookmark list


def add_contents(doc: DocumentType, entries: Sequence[tuple[int, str]]) -> None:
    """The TOC field at the end of ``doc``, listing the headings of levels 1 to the deepest of
    ``entries`` (level, heading): as Word would on an update, not more (the annex lists its
    chapters, not each code's heading). Its result is ``entries``, as plain text until
    ``link_contents`` makes them links to the headings."""
    deepest = max((level for level, _ in entries), default=DEEPEST)
    paragraphs = [_entry(doc, level, text) for level, text in entries] or [_paragraph(doc)]
    end = doc.element.body.sectPr  # the section's properties stay last
    for paragraph in paragraphs:
        if end is None:
            doc.element.body.append(paragraph)
        else:
            end.addprevious(paragraph)
    _close_field(paragraphs, deepest)
    for settings in doc.settings.element.findall(qn("w:updateFields")):
        doc.settings.element.remove(settings)


def link_contents(doc: DocumentType) -> None:
    """The TOC field's result rewritten from the headings that follow it, once the document
    is whole (the levels its instruction names): each entry a link to a bookmark set on its
    heading, in the heading's words as the document prints them."""
    old = _field_paragraphs(doc)
    if old is None:
        return
    instruction = "".join(t.text or "" for t in old[0].iter(qn("w:instrText")))
    found = OUTLINE.search(instruction)
    deepest = int(found.group(1)) if found else DEEPEST
    headings = [
        (level, p) for p in old[-1].itersiblings(qn("w:p")) if 0 < (level := _level(p)) <= deepest
    ]
    taken = [int(b.get(qn("w:id"), "0")) for b in doc.element.body.iter(qn("w:bookmarkStart"))]
    first = max(taken, default=0) + 1
    new = []
    for number, (level, heading) in enumerate(headings):
        name = BOOKMARK.format(first + number)
        _bookmark(heading, name, first + number)
        entry = _entry(doc, level, "")
        entry.append(_link(name, _text(heading)))
        new.append(entry)
    new = new or [_paragraph(doc)]
    for paragraph in new:
        old[0].addprevious(paragraph)
    for paragraph in old:
        doc.element.body.remove(paragraph)
    _close_field(new, deepest)


def _field_paragraphs(doc: DocumentType) -> list[etree._Element] | None:
    """The paragraphs from the one that opens the TOC field to the one that closes it."""
    paragraphs: list[etree._Element] = []
    for paragraph in doc.element.body.iterchildren(qn("w:p")):
        instructions = "".join(t.text or "" for t in paragraph.iter(qn("w:instrText")))
        if paragraphs or instructions.strip().startswith("TOC"):
            paragraphs.append(paragraph)
        if paragraphs and any(
            c.get(qn("w:fldCharType")) == "end" for c in paragraph.iter(qn("w:fldChar"))
        ):
            return paragraphs
    return None


def _close_field(paragraphs: Sequence[etree._Element], deepest: int) -> None:
    """The field around ``paragraphs``: as Word writes it, its start, instruction and
    separator open the first entry, and its end closes the last one."""
    instruction = parse_xml(
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve">'
        f"{INSTRUCTION.format(deepest=deepest)}</w:instrText></w:r>"
    )
    first = paragraphs[0]
    at = 0 if first.find(qn("w:pPr")) is None else 1
    for offset, run in enumerate((_field_char("begin"), instruction, _field_char("separate"))):
        first.insert(at + offset, run)
    paragraphs[-1].append(_field_char("end"))


def _entry(doc: DocumentType, level: int, text: str) -> etree._Element:
    paragraph = _paragraph(doc, _style(doc, level))
    if text:
        paragraph.append(_run(text))
    return paragraph


def _paragraph(doc: DocumentType, style: str | None = None) -> etree._Element:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return parse_xml(f"<w:p {nsdecls('w')}>{properties}</w:p>")


def _run(text: str) -> etree._Element:
    return parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{escape(text)}</w:t></w:r>')


def _link(anchor: str, text: str) -> etree._Element:
    xml = f'<w:hyperlink {nsdecls("w")} w:anchor="{anchor}" w:history="1"/>'
    link: etree._Element = parse_xml(xml)
    link.append(_run(text))
    return link


def _field_char(kind: str) -> etree._Element:
    return parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="{kind}"/></w:r>')


def _bookmark(heading: etree._Element, name: str, number: int) -> None:
    """A bookmark around the heading's text (after its properties), as Word sets one."""
    start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{number}" w:name="{name}"/>')
    properties = heading.find(qn("w:pPr"))
    heading.insert(0 if properties is None else 1, start)
    heading.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{number}"/>'))


def _level(paragraph: etree._Element) -> int:
    """The paragraph's heading level (« Heading 2 »: 2), 0 when it is no heading."""
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    found = HEADING.fullmatch(style.get(qn("w:val"), "")) if style is not None else None
    return int(found.group(1)) if found else 0


def _text(paragraph: etree._Element) -> str:
    return "".join(_texts(paragraph))


def _texts(paragraph: etree._Element) -> Iterator[str]:
    for element in paragraph.iter(qn("w:t"), qn("w:tab")):
        yield "\t" if element.tag == qn("w:tab") else element.text or ""


def _style(doc: DocumentType, level: int) -> str:
    """The « toc N » style (its id), made when the document has none: indented by level, with
    the right tab and dotted leader Word sets page numbers on when it updates the table."""
    name = f"toc {level}"
    found = next((s for s in doc.styles if s.name == name), None)
    if found is None:
        found = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        found.base_style = doc.styles["Normal"]
        found.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        found.paragraph_format.space_after = Pt(2)
        section = doc.sections[-1]
        width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        if width > 0:
            found.paragraph_format.tab_stops.add_tab_stop(
                width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
    return str(found.style_id)
