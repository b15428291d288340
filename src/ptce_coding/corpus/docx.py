"""Word transcripts (.docx): paragraphs, bold speaker labels, tables of turns (see blocks.py).

The text is read from the document's XML, not from python-docx's ``Paragraph.text``, which
sees only the runs placed directly in a paragraph: the words of a tracked insertion not yet
accepted (``w:ins``), of a content control (``w:sdt``, inline or around whole paragraphs), of a
smart tag or a simple field would be silently left out. Tracked deletions (``w:del``,
``w:moveFrom``) are not read: the text is the document as it reads with its changes
accepted. Text boxes, footnotes, endnotes, comments, headers and footers are not part of the
transcript: ``unread`` counts their words, which the import reports. Nor is hidden text (a
run formatted « Masqué », ``w:vanish``: a transcriber's note Word neither shows nor prints),
counted as « hidden text ».
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import cast

import docx
from docx.document import Document
from docx.oxml.text.paragraph import CT_P
from docx.text.paragraph import Paragraph
from lxml import etree

from ptce_coding.corpus.blocks import BlockText
from ptce_coding.corpus.office_files import unreadable
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript, count_words

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# the parts of a .docx beside the body whose words are not read, by what they hold
_UNREAD_PARTS = {
    "footnotes": "footnotes",
    "endnotes": "endnotes",
    "comments": "comments",
    "header": "headers and footers",
    "footer": "headers and footers",
}
# elements whose runs are part of the paragraph's text (a deletion is not)
_INLINE = {
    f"{_W}{name}"
    for name in (
        *("hyperlink", "ins", "moveTo", "smartTag", "fldSimple"),
        *("customXml", "sdt", "sdtContent", "dir", "bdo"),
    )
}
# elements around whole paragraphs and tables
_AROUND_BLOCKS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"}
_RUN_TEXT = {
    f"{_W}tab": "\t",
    f"{_W}ptab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
}


def _bold_prefix(paragraph: Paragraph) -> str:
    prefix = ""
    for run in paragraph.runs:
        if not run.text:
            continue
        if not run.bold:
            break
        prefix += run.text
    return prefix


def _heading_style(paragraph: Paragraph) -> bool:
    """A paragraph in a heading or title style (« Heading 2 », « Titre 1 », « Title »)."""
    style = paragraph.style
    name = (style.name or "").casefold() if style is not None else ""
    return name.startswith(("heading", "titre", "title"))


def _list_item(element: etree._Element, paragraph: Paragraph) -> bool:
    """A paragraph of a bulleted or numbered list: its own numbering (``w:numPr``, not the
    « none » of ``w:numId`` 0) or a list style (« List Bullet », « Paragraphe de liste »)."""
    number = element.find(f"{_W}pPr/{_W}numPr/{_W}numId")
    if number is not None:
        return number.get(f"{_W}val") != "0"
    style = paragraph.style
    name = (style.name or "").casefold() if style is not None else ""
    return name.startswith(("list", "liste")) or "de liste" in name


def paragraph_text(element: etree._Element) -> str:
    """The text of a ``w:p`` (or of an element inside one): its runs, at any depth of the
    elements that hold runs, tabs as ``\\t``, line, page and column breaks as ``\\n``."""
    parts: list[str] = []
    for child in element:
        if child.tag == f"{_W}r":
            parts.append(_run_text(child))
        elif child.tag in _INLINE:
            parts.append(paragraph_text(child))
    return "".join(parts)


def _run_text(run: etree._Element) -> str:
    return "".join(
        (child.text or "") if child.tag == f"{_W}t" else _RUN_TEXT.get(str(child.tag), "")
        for child in run
    )


def _cell_text(cell: etree._Element) -> str:
    """Every paragraph of a table cell, those of tables nested in it included (not those of
    a text box)."""
    return "\n".join(
        paragraph_text(paragraph)
        for paragraph in cell.iter(f"{_W}p")
        if not any(a.tag == f"{_W}txbxContent" for a in paragraph.iterancestors())
    )


def _table_rows(table: etree._Element) -> Iterator[list[str]]:
    """The cells' texts of each row; a cell merged with the one above (``w:vMerge``) has its
    text, as python-docx gives it."""
    above: dict[int, str] = {}
    for row in table.iter(f"{_W}tr"):
        if _owning_table(row) is not table:
            continue  # a row of a nested table: read with its cell
        cells: list[str] = []
        column = 0
        for cell in row.iter(f"{_W}tc"):
            if _owning_table(cell) is not table:
                continue
            merge = cell.find(f"{_W}tcPr/{_W}vMerge")
            continued = merge is not None and merge.get(f"{_W}val") != "restart"
            text = above.get(column, "") if continued else _cell_text(cell)
            above[column] = text
            cells.append(text)
            column += _span(cell)
        yield cells


def _owning_table(element: etree._Element) -> etree._Element | None:
    return next((a for a in element.iterancestors(f"{_W}tbl")), None)


def _span(cell: etree._Element) -> int:
    span = cell.find(f"{_W}tcPr/{_W}gridSpan")
    value = span.get(f"{_W}val") if span is not None else None
    return int(value) if value is not None and value.isdigit() and int(value) > 0 else 1


def _blocks(parent: etree._Element) -> Iterator[etree._Element]:
    """The body's paragraphs and tables in reading order, those inside content controls
    included."""
    for child in parent:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag in _AROUND_BLOCKS:
            yield from _blocks(child)


def _words(paragraphs: Iterable[etree._Element]) -> int:
    return sum(count_words(paragraph_text(p)) for p in paragraphs)


def _in_text_box(paragraph: etree._Element) -> bool:
    """A paragraph of a text box, not in the copy Word keeps for older readers
    (``mc:Fallback``), which would count its words twice."""
    ancestors = [a.tag for a in paragraph.iterancestors()]
    return f"{_W}txbxContent" in ancestors and _FALLBACK not in ancestors


def unread(document: Document) -> tuple[tuple[str, int], ...]:
    """Words of the file that are not part of its text, by where they are: text boxes of the
    body, then the footnotes, endnotes, comments, headers and footers parts."""
    counts: dict[str, int] = {}
    body = document.element.body
    counts["text boxes"] = _words(p for p in body.iter(f"{_W}p") if _in_text_box(p))
    for part in document.part.package.iter_parts():
        stem = Path(str(part.partname)).stem.rstrip("0123456789")
        if part.partname.startswith("/word/") and stem in _UNREAD_PARTS:
            try:
                root = etree.fromstring(part.blob)
            except etree.XMLSyntaxError:
                continue  # a damaged part beside the body: the text is read all the same
            what = _UNREAD_PARTS[stem]
            counts[what] = counts.get(what, 0) + _words(root.iter(f"{_W}p"))
    return tuple((what, words) for what, words in counts.items() if words)


def plain_text(document: Document) -> str:
    """The body's text as plain text, one paragraph per line, the paragraphs of a table's
    cells in reading order included (a REFI-QDA source that has only its .docx: the text
    its positions count in)."""
    lines: list[str] = []
    for element in _blocks(document.element.body):
        if element.tag == f"{_W}tbl":
            lines.extend(line for cells in _table_rows(element) for line in cells)
        else:
            lines.append(paragraph_text(element))
    return "\n".join(lines)


def _open(path: Path) -> Document:
    try:
        return docx.Document(str(path))
    except Exception as exc:  # any failure of the parser on a user's file is a bad file
        raise unreadable(path, ".docx", exc) from None


def _without_hidden_text(body: etree._Element) -> int:
    """Takes the hidden runs (``w:vanish``) out of the document read (in memory, never
    saved), and says how many words of the body they held (text boxes are not read)."""

    def shown() -> int:
        return _words(p for p in body.iter(f"{_W}p") if not _in_text_box(p))

    hidden = [run for run in body.iter(f"{_W}r") if _hidden(run)]
    if not hidden:
        return 0
    before = shown()
    for run in hidden:
        parent = run.getparent()
        if parent is not None:
            parent.remove(run)
    return max(before - shown(), 0)


def _hidden(run: etree._Element) -> bool:
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(f"{_W}val", "true") not in ("0", "false", "off")


def read_docx(path: Path, detector: SpeakerDetector) -> Transcript:
    document = _open(path)
    hidden = _without_hidden_text(document.element.body)
    text = BlockText()
    for element in _blocks(document.element.body):
        if element.tag == f"{_W}tbl":
            for cells in _table_rows(element):
                text.row(cells)
            continue
        paragraph = Paragraph(cast(CT_P, element), document)  # python-docx's own class
        if _heading_style(paragraph):
            text.heading(paragraph_text(element))
        else:
            text.paragraph(
                paragraph_text(element), _bold_prefix(paragraph), _list_item(element, paragraph)
            )
    unread_words = unread(document) + ((("hidden text", hidden),) if hidden else ())
    return text.transcript(path, detector, "docx", unread_words)
