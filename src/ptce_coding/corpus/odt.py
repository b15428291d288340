"""LibreOffice transcripts (.odt): paragraphs, bold speaker labels, tables (see blocks.py).

The text is the document as it reads with its tracked changes accepted: the deleted text
LibreOffice keeps in ``text:tracked-changes`` is not read. Footnotes, endnotes and comments
(``text:note``, ``office:annotation``) are not part of a paragraph's text: their words would
land in the middle of the sentence they are attached to. Nor are the pages' headers and footers,
nor the drawings (``draw:*``): a text box's words, counted as a .docx's are, and an image's
title and description (its alternative text, which Word writes on its own: « Une image
contenant texte… Description générée automatiquement »), which would be read as speech.
Nor is hidden text (a span whose style says ``text:display="none"``, as LibreOffice writes a
Word file's hidden runs). ``unread`` counts the words of the notes, comments, headers, footers,
text boxes and hidden text, which the import reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from odf import opendocument
from odf.element import Element
from odf.text import Span

from ptce_coding.corpus.blocks import BlockText
from ptce_coding.corpus.office_files import unreadable
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript, count_words

_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"  # frames, shapes: not the text
_LEFT_OUT = {(_TEXT, "note"), (_OFFICE, "annotation"), (_TEXT, "tracked-changes")}
# where the words that are not read are: notes, comments, the master pages' headers and footers
_UNREAD = {
    (_TEXT, "note-body"): "footnotes and endnotes",
    (_OFFICE, "annotation"): "comments",
    (_DRAW, "frame"): "text boxes",  # an image's alternative text is no paragraph: not counted
    (_DRAW, "custom-shape"): "text boxes",
    **{
        (_STYLE, f"{place}{page}"): "headers and footers"
        for place in ("header", "footer")
        for page in ("", "-left", "-first")
    },
}
_SPACES = {(_TEXT, "tab"): "\t", (_TEXT, "line-break"): "\n"}
MAX_SPACES = 1000  # a text:s longer than this is read as this many spaces


def _left_out(qname: tuple[str, str] | None) -> bool:
    """Whether an element's words are not the text's: a note, a comment, the deleted text of
    tracked changes, a drawing (a frame, a shape)."""
    return qname is not None and (qname in _LEFT_OUT or qname[0] == _DRAW)


def _bold_styles(document) -> set[str]:
    """Names of the text styles that set bold type."""
    bold = set()
    for styles in (document.automaticstyles, document.styles):
        for style in styles.childNodes:
            for properties in getattr(style, "childNodes", []):
                weight = properties.attributes.get((_FO, "font-weight"))
                if weight in ("bold", "700", "800", "900"):
                    bold.add(style.getAttribute("name"))
    return bold


def _without_hidden_text(document: opendocument.OpenDocument) -> int:
    """Takes the spans in a hidden style out of the document read (in memory, never saved),
    and says how many words of the body they held."""
    hidden = {
        style.getAttribute("name")
        for styles in (document.automaticstyles, document.styles)
        for style in styles.childNodes
        for properties in getattr(style, "childNodes", [])
        if getattr(properties, "attributes", {}).get((_TEXT, "display")) == "none"
    }
    if not hidden:
        return 0
    spans = [
        span
        for span in document.text.getElementsByType(Span)
        if span.attributes.get((_TEXT, "style-name")) in hidden
    ]
    if not spans:
        return 0

    def shown() -> int:
        return sum(count_words(element_text(p)) for p in _paragraphs(document.text))

    before = shown()
    for span in spans:
        if span.parentNode is not None:
            span.parentNode.removeChild(span)
    return max(before - shown(), 0)


def _bold_prefix(paragraph, bold: set[str]) -> str:
    for child in paragraph.childNodes:
        if getattr(child, "qname", None) == (_TEXT, "span"):
            name = child.attributes.get((_TEXT, "style-name"))
            return element_text(child) if name in bold else ""
        if child.nodeType == child.TEXT_NODE and child.data.strip():
            return ""
    return ""


def element_text(element: Element) -> str:
    """The text of a paragraph, heading or cell: tabs, line breaks and runs of spaces
    (``text:s``) written out, notes and comments left out."""
    parts: list[str] = []
    for child in element.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(child.data)
        elif child.nodeType != child.ELEMENT_NODE or _left_out(child.qname):
            continue
        elif child.qname in _SPACES:
            parts.append(_SPACES[child.qname])
        elif child.qname == (_TEXT, "s"):
            parts.append(" " * _space_count(child))
        else:
            parts.append(element_text(child))
    return "".join(parts)


def cell_text(cell: Element) -> str:
    """The paragraphs of a table cell (of a list or a table in it too), one per line: an
    answer of several paragraphs in a table of turns keeps its words apart."""
    return "\n".join(element_text(paragraph) for paragraph in _paragraphs(cell))


def _paragraphs(element: Element) -> Iterator[Element]:
    for child in element.childNodes:
        qname = getattr(child, "qname", None)
        if qname in ((_TEXT, "p"), (_TEXT, "h")):
            yield child
        elif not _left_out(qname) and child.nodeType == child.ELEMENT_NODE:
            yield from _paragraphs(child)


def _inner_paragraphs(element: Element) -> Iterator[Element]:
    """The paragraphs of a part that is not read (a note's body, a header, a text box, those
    of a frame inside it included)."""
    for child in element.childNodes:
        qname = getattr(child, "qname", None)
        if qname in ((_TEXT, "p"), (_TEXT, "h")):
            yield child
        elif qname not in _LEFT_OUT and child.nodeType == child.ELEMENT_NODE:
            yield from _inner_paragraphs(child)


def _space_count(element: Element) -> int:
    """How many spaces a ``text:s`` stands for: 1 without ``text:c``; a damaged count (not a
    number) is read as 1, a huge one as ``MAX_SPACES`` (spaces hold no words)."""
    count = element.attributes.get((_TEXT, "c"))
    if count is None or not (count.strip().isascii() and count.strip().isdigit()):
        return 1
    return max(1, min(int(count), MAX_SPACES))


def unread(document: opendocument.OpenDocument) -> tuple[tuple[str, int], ...]:
    """Words of the file that are not part of its text, by where they are."""
    counts: dict[str, int] = {}

    def walk(node) -> None:
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname == (_TEXT, "tracked-changes"):
                continue  # deleted text: not the document's
            what = _UNREAD.get(qname) if qname is not None else None
            if what is not None:
                words = sum(count_words(element_text(p)) for p in _inner_paragraphs(child))
                counts[what] = counts.get(what, 0) + words
            elif hasattr(child, "childNodes"):
                walk(child)

    walk(document.text)
    walk(document.masterstyles)
    return tuple((what, words) for what, words in counts.items() if words)


def _open(path: Path) -> opendocument.OpenDocument:
    try:
        return opendocument.load(str(path))
    except Exception as exc:  # any failure of the parser on a user's file is a bad file
        raise unreadable(path, ".odt", exc) from None


def read_odt(path: Path, detector: SpeakerDetector) -> Transcript:
    document = _open(path)
    hidden = _without_hidden_text(document)
    bold = _bold_styles(document)
    text = BlockText()

    def walk(node, in_list: bool = False) -> None:
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if _left_out(qname):
                continue  # deleted text kept for tracked changes; notes, comments, drawings
            if qname == (_TEXT, "h"):
                text.heading(element_text(child))
            elif qname == (_TEXT, "p"):
                text.paragraph(element_text(child), _bold_prefix(child, bold), in_list)
            elif qname == (_TABLE, "table-row"):
                text.row(
                    [
                        cell_text(cell)
                        for cell in child.childNodes
                        if getattr(cell, "qname", None) == (_TABLE, "table-cell")
                    ]
                )
            elif qname == (_TEXT, "list"):  # a bulleted or numbered list: its items
                walk(child, in_list=True)
            elif hasattr(child, "childNodes"):
                walk(child, in_list)

    walk(document.text)
    unread_words = unread(document) + ((("hidden text", hidden),) if hidden else ())
    return text.transcript(path, detector, "odt", unread_words)
