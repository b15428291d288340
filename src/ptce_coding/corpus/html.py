"""Web pages (.html, .htm): noScribe transcripts (its own format: one ``<p>`` per turn,
« S00: [00:00:03] … »), Word or Google Docs documents saved as a web page.

The text is the page's block elements in order (paragraphs, headings, list items, table rows),
read as a word-processor file is (see blocks.py): a bold run at the start of a paragraph can be
a speaker label, a short paragraph all in bold or an ``<h1>``–``<h6>`` is a heading, a table
row ``speaker | text`` is a turn. Scripts, styles and the page's head are not text; footnotes
(and their calls) and hidden elements are not read, their words counted (``html_notes``).
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from ptce_coding.base.decoding import decode
from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.blocks import BlockText
from ptce_coding.corpus.html_notes import set_aside
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript

_BLOCKS = {"p", "li", "blockquote", "pre", "dd", "dt", "address", "figcaption", "caption"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CONTAINERS = {"div", "section", "article", "main", "body", "ul", "ol", "dl", "header", "footer"}
_SKIPPED = {"script", "style", "head", "template", "noscript", "title", "meta"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# a DOCTYPE with an internal subset (« <!DOCTYPE html [ <!ENTITY …> ]> »): the HTML parser
# ends the DOCTYPE at its first « > » and would read the rest of the subset as text; nothing
# in the subset is resolved, so it is taken out, the DOCTYPE kept
_DOCTYPE_SUBSET = re.compile(
    r"\A(\s*(?:<!--(?:(?!-->).)*-->\s*)*<!DOCTYPE\b[^\[>]*)"  # before the subset
    r"""\[(?:"[^"]*"|'[^']*'|<!--(?:(?!-->).)*-->|[^\]"'<]|<(?!!--))*\]\s*>""",
    re.IGNORECASE | re.DOTALL,
)
# a ``<br>`` while spaces are collapsed (a private-use character, which ``str.split`` keeps),
# then a line break
_BREAK = "\ue000"
_AROUND_BREAK = re.compile(" ?\ue000[\ue000 ]*")
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.IGNORECASE)


def read_html(path: Path, detector: SpeakerDetector) -> Transcript:
    raw, encoding = decode(path.read_bytes(), path)
    page = _XML_DECLARATION.sub("", raw.lstrip("\ufeff"), count=1)  # XHTML: text is decoded
    page = _DOCTYPE_SUBSET.sub(r"\1>", page, count=1)
    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError) as exc:
        raise CorpusError(f"not a readable web page ({exc})", path=path) from None
    for element in root.xpath("//script | //style | //noscript | //template | //head"):
        element.drop_tree()  # not text (the words after such an element are kept)
    unread = set_aside(root)
    text = BlockText()
    body = root.find("body")
    _walk(body if body is not None else root, text)
    transcript = text.transcript(path, detector, "html", unread)
    return Transcript(
        text=transcript.text,
        turns=transcript.turns,
        format="html",
        encoding=encoding,
        unread=transcript.unread,
    )


def _walk(node: HtmlElement, text: BlockText) -> None:
    if not _has_blocks(node):
        text.paragraph(_text(node), _bold_prefix(node))
        return
    if (node.text or "").strip():  # loose words in a container that also holds blocks
        text.paragraph(node.text or "")
    for child in node:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag and tag not in _SKIPPED:
            if tag in _HEADINGS:
                text.heading(_text(child))
            elif tag == "table":
                for row in child.iter("tr"):
                    text.row([_text(cell) for cell in row if cell.tag in ("td", "th")])
            elif tag in _BLOCKS:  # a list's item: a bold name there opens no turn
                text.paragraph(_text(child), _bold_prefix(child), tag == "li")
            else:
                _walk(child, text)
        if (child.tail or "").strip():
            text.paragraph(child.tail or "")


def _has_blocks(node: HtmlElement) -> bool:
    return any(
        isinstance(e.tag, str) and e.tag.lower() in _BLOCKS | _HEADINGS | _CONTAINERS | {"table"}
        for e in node.iterdescendants()
    )


def _text(node: HtmlElement) -> str:
    """The words of an element, spaces collapsed as a browser shows them, a ``<br>`` a line
    break (``BlockText`` keeps it before a speaker label)."""
    for br in node.iter("br"):
        br.tail = _BREAK + (br.tail or "")
    text = " ".join(node.text_content().split())
    return _AROUND_BREAK.sub("\n", text)


def _bold(node: HtmlElement) -> bool:
    tag = node.tag.lower() if isinstance(node.tag, str) else ""
    return tag in ("b", "strong") or bool(_BOLD_STYLE.search(node.get("style", "")))


def _bold_prefix(node: HtmlElement) -> str:
    """The text at the start of the element that is in bold (a bold element, or the whole
    element in bold)."""
    if _bold(node):
        return _text(node)
    if (node.text or "").strip():
        return ""
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if _bold(child):
            return " ".join(child.text_content().split())
        if (child.text or "").strip() or len(child):
            return _bold_prefix(child) if child.tag in ("a", "span", "font") else ""
        if (child.tail or "").strip():
            return ""
    return ""
