"""Word building blocks of the report: the document and its finish, cleaned text, French
numbers, tables."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Protocol

import pandas as pd
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.paragraph import CT_P
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from lxml import etree

from ptce_coding.report import tables
from ptce_coding.report.docx_captions import CAPTION_STYLE, TABLE, add_caption, style_captions
from ptce_coding.report.docx_contents import add_contents, link_contents
from ptce_coding.report.docx_page_frame import KIND_DASH, add_page_frame, mark_provisional
from ptce_coding.report.docx_properties import DocumentKind, set_properties
from ptce_coding.report.formatting import fr_number, typeset

WIDE = 8  # a table with more columns than this goes in a landscape section


CHAR = 0.25  # cm per character of a column's weight, for tables narrower than the page
WORD_CHARACTERS = 84  # characters of 8 pt table text across the page (Word's cell padding)
LEAST_CHARACTERS = 96  # the same, counted as each column's longest word at the least
BOLD = 1.12  # a header's bold letters are this much wider
KEPT_ROWS = 30  # a table of this many rows or fewer is kept on one page


GREY = RGBColor(0x59, 0x59, 0x59)


SHADE = 'w:val="clear" w:color="auto" w:fill="E7E6E6"'


_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class HeadingWriter(Protocol):
    """What a chapter needs of the writer's headings (docx_writer.Headings)."""

    def add(self, text: str, level: int, *, new_page: bool = False) -> Paragraph: ...


def xml_text(text: object) -> str:
    """Plain text that XML can hold (python-docx escapes the rest)."""
    return _INVALID_XML.sub("", str(text))


def fr(value: object, digits: int | None = None) -> str:
    """A value as French text (``formatting.fr_number``: « 4 127 », « 0,812 »), fit for XML."""
    return xml_text(fr_number(value, digits))


def typeset_document(doc: DocumentType) -> None:
    """The spaces of French punctuation made unbreakable in every paragraph of ``doc``
    (``formatting.typeset``), the text of tables and headings included, so that no « : »
    or « » » starts a line and no « « » ends one; also where a run ends with the space and
    the next one starts with the mark (« Pôle X » in bold, then « : … »)."""
    for paragraph in doc.element.body.iter(qn("w:p")):
        texts = [t for t in paragraph.iter(qn("w:t")) if t.text]
        for element in texts:
            element.text = typeset(element.text)
        for before, after in itertools.pairwise(texts):
            _join_runs(before, after)


def _join_runs(before: etree._Element, after: etree._Element) -> None:
    """The space between two runs' texts, when a mark of ``typeset`` is on the other side."""
    left, right = before.text or "", after.text or ""
    if right[:1] in (":", ";", "!", "?", "»") and left != left.rstrip(" "):
        before.text = typeset(left.rstrip(" ") + " " + right[0])[:-1]
    elif left.endswith("«") and right != right.lstrip(" "):
        after.text = typeset("« " + right.lstrip(" "))[1:]


QUOTE_STYLE = "Citation"  # named styles a researcher can restyle in Word
SOURCE_STYLE = "Source de citation"
CAUTION_STYLE = "Note de lecture"
TABLE_TEXT_STYLE = "Texte de tableau"
HEADING_SIZES = {0: 24, 1: 16, 2: 13, 3: 11.5}


def new_document(title: str, *, author: str = "", kind: DocumentKind | None = None) -> DocumentType:
    """An A4 document in French (fr-FR everywhere: defaults, styles, theme) with the
    report's named styles, its properties (``docx_properties``: title and ``kind``,
    ``author``, dates) and a footer « <title> — <kind>    page N / M » from page 2 on
    (``docx_page_frame``)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    _french(doc)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    for level, size in HEADING_SIZES.items():
        style = doc.styles["Title" if level == 0 else f"Heading {level}"]
        style.font.size = Pt(size)
        style.paragraph_format.keep_with_next = True
    _add_styles(doc)
    style_captions(doc)
    title = xml_text(title)
    full = f"{title} {KIND_DASH} {kind.name}" if kind else title
    set_properties(doc, full, subject=kind.subject if kind else "", author=xml_text(author))
    add_page_frame(doc, title, kind.short if kind else "")
    return doc


def finish_document(doc: DocumentType, *, provisional: bool = False) -> None:
    """What a document needs once its text is whole: French typography
    (``typeset_document``), a table of contents whose entries link to the headings
    (``docx_contents.link_contents``) and, for a ``provisional`` report (unreviewed
    suggestions counted), « Document provisoire » at the top of every page."""
    typeset_document(doc)
    link_contents(doc)
    if provisional:
        mark_provisional(doc)


def _french(doc: DocumentType) -> None:
    """fr-FR as the language of the document defaults, of every style and of the theme."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for lang in r_pr.findall(qn("w:lang")):
        r_pr.remove(lang)
    r_pr.append(
        parse_xml(f'<w:lang {nsdecls("w")} w:val="fr-FR" w:eastAsia="fr-FR" w:bidi="ar-SA"/>')
    )
    for lang in doc.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), "fr-FR")
    settings = doc.settings.element
    for theme in settings.findall(qn("w:themeFontLang")):
        theme.set(qn("w:val"), "fr-FR")
    for name, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):  # Word's, in French
        for element in settings.findall(qn(name)):
            element.set(qn("w:val"), value)


def _add_styles(doc: DocumentType) -> None:
    styles = doc.styles
    quote = styles.add_style(QUOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    quote.base_style, quote.quick_style = styles["Normal"], True
    quote.font.italic = True
    fmt = quote.paragraph_format
    fmt.left_indent, fmt.space_before, fmt.space_after = Cm(0.8), Pt(4), Pt(0)
    fmt.keep_with_next = fmt.keep_together = True  # never apart from its source
    source = styles.add_style(SOURCE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    source.base_style, source.quick_style = styles["Normal"], True
    source.font.size, source.font.color.rgb = Pt(8.5), GREY
    fmt = source.paragraph_format
    fmt.left_indent, fmt.space_after, fmt.keep_together = Cm(0.8), Pt(6), True
    caution = styles.add_style(CAUTION_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    caution.base_style, caution.quick_style = styles["Normal"], True
    caution.font.size = Pt(9)
    caution.paragraph_format.left_indent = Cm(0.4)
    cell = styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = styles["Normal"]
    cell.font.size = Pt(8)
    cell.paragraph_format.space_after = Pt(0)


def add_toc(doc: DocumentType, entries: Sequence[tuple[int, str]]) -> None:
    """« Sommaire » and a real table-of-contents field (TOC \\o "1-2", or "1-1" when
    ``entries`` are all of level 1) that shows ``entries`` (level, heading) at once, in Word
    and LibreOffice alike, without page numbers until the reader updates the table
    (``docx_contents``); ``finish_document`` makes them links to the headings."""
    doc.add_paragraph("Sommaire", style="TOC Heading")
    add_contents(doc, [(level, xml_text(text)) for level, text in entries])


def page_text_width(doc: DocumentType) -> int:
    section = doc.sections[-1]
    return (
        page_length(section.page_width)
        - page_length(section.left_margin)
        - page_length(section.right_margin)
    )


def page_length(value: Length | None) -> Length:
    """A page size or margin of the document's section (``_new_document`` sets them all;
    python-docx gives None for one a document lacks)."""
    if value is None:
        raise ValueError("the document's section has no page size or margin")
    return value


def append_xml(parent: etree._Element, child: etree._Element) -> None:
    """Add a raw WordprocessingML element (as lxml elements: types-lxml would have the child
    of the parent's own python-docx class)."""
    parent.append(child)


def small_note(paragraph: Paragraph, text: str, *, size: float = 8) -> None:
    run = paragraph.add_run(xml_text(text))
    run.font.size, run.font.color.rgb, run.bold = Pt(size), GREY, False


def word_table(
    doc: DocumentType,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    *,
    widths: Sequence[float] | None = None,
    caption: str = "",
) -> Table:
    """A real Word table: bold header repeated on each page, numbers right-aligned; with
    ``widths`` (characters per column, tables.column_widths) the columns share the whole text
    width in proportion, so that no word of a heading is broken and every table of a chapter
    is as wide as the others; without, a small table stays as narrow as its text. With a
    ``caption``, « Tableau N – <caption> » above it (``docx_captions``)."""
    size = 8 if len(header) > WIDE or widths is not None else 9
    if caption:
        add_caption(doc, TABLE, xml_text(caption))
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fill_row(table.rows[0], header, numeric, size, header=True)
    for values in rows:
        _fill_row(table.add_row(), values, numeric, size)
    if len(rows) <= KEPT_ROWS:  # a short table on one page, after the text that opens it
        for row in table.rows[:-1]:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
        _keep_opening(doc, table)
    columns = list(zip(*rows, strict=True)) or [()] * len(header)
    weights = (
        list(widths)
        if widths is not None
        else [_weight(title, cells) for title, cells in zip(header, columns, strict=True)]
    )
    total = page_text_width(doc)
    if widths is None:
        total = min(total, Cm(CHAR * sum(weights)))
    for column, weight in zip(table.columns, weights, strict=True):
        column.width = int(total * weight / sum(weights))
        for cell in column.cells:
            cell.width = column.width
    _table_width(table, sum(int(total * w / sum(weights)) for w in weights))
    doc.add_paragraph()
    return table


def _keep_opening(doc: DocumentType, table: Table) -> None:
    """The paragraph that opens a short table kept with it, and the one before when that
    paragraph is the table's caption (the text that announces the table, then its caption)."""
    opening: etree._Element | None = table._tbl.getprevious()
    for _ in range(2):
        if not isinstance(opening, CT_P):
            return
        paragraph = Paragraph(opening, doc._body)
        paragraph.paragraph_format.keep_with_next = True
        if paragraph.style is None or paragraph.style.name != CAPTION_STYLE:
            return
        opening = opening.getprevious()


def _table_width(table: Table, emu: int) -> None:
    """The table's own width (w:tblW) in twentieths of a point, as its columns add up: Word
    and LibreOffice would otherwise size an « auto » table by its content."""
    width = table._tbl.tblPr.find(qn("w:tblW"))  # python-docx writes one, « auto »
    if width is None:
        return
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(emu // 635))


def _weight(title: str, cells: Sequence[str]) -> float:
    """A column's share of the width: its longest unbreakable word, more for long texts."""
    words = re.findall(r"[^\s-]+-?", " ".join([title, *cells]))
    longest = max(4, *(len(word) for word in words))
    return max(longest + 2, 0.6 * min(40, max(map(len, cells), default=0)))  # + cell padding


def _fill_row(
    row: _Row, values: Sequence[str], numeric: Sequence[bool], size: float, *, header: bool = False
) -> None:
    properties = row._tr.get_or_add_trPr()
    append_xml(properties, OxmlElement("w:cantSplit"))
    if header:
        append_xml(properties, OxmlElement("w:tblHeader"))
    for cell, value, right in zip(row.cells, values, numeric, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(xml_text(value))
        run.font.size, run.bold = Pt(size), header or None
        if header:
            shade = parse_xml(f"<w:shd {nsdecls('w')} {SHADE}/>")
            append_xml(cell._tc.get_or_add_tcPr(), shade)


def frame_table(
    doc: DocumentType,
    frame: pd.DataFrame,
    first: str | None = None,
    *,
    note: str = "",
    caption: str = "",
) -> None:
    """A display frame (tables.py) as Word tables split to the page width, ``note`` (what
    its bases are: tables.bases_note) under it, ``caption`` (« Tableau N – … ») above its
    first part, the parts that follow it being the same table's other columns."""
    if frame is None or frame.empty:
        doc.add_paragraph("—")
        return
    label = first or str(frame.index.name or "")
    frame = frame.rename_axis(label)  # the label's words count in the first column's width
    for number, (part, widths) in enumerate(_word_parts(frame)):
        rows = [
            [
                xml_text(key),
                *(_cell_text(v) for v in values),
            ]
            for key, values in zip(part.index, part.itertuples(index=False), strict=True)
        ]
        numeric = [False] + [
            all(_is_number(v) for v in part[column].astype(str)) for column in part.columns
        ]
        table = word_table(
            doc,
            [label, *map(str, part.columns)],
            rows,
            numeric,
            widths=widths,
            caption="" if number else caption,
        )
        for row, key in zip(table.rows[1:], part.index, strict=True):
            if tables.is_base_row(key):  # the bases set apart from the figures, as in the HTML
                for run in (r for c in row.cells for p in c.paragraphs for r in p.runs):
                    run.italic, run.font.color.rgb = True, GREY
    if note:
        doc.add_paragraph(xml_text(note), style=CAUTION_STYLE)


def _cell_text(value: object) -> str:
    """A cell as the table shows it: a number in French, a missing value « — » (never
    « None »: a pole with no tie has no most central member)."""
    if value is None:
        return "—"
    return fr(value, 2) if isinstance(value, float) else xml_text(value)


def _word_parts(frame: pd.DataFrame) -> list[tuple[pd.DataFrame, Sequence[float]]]:
    """The frame as one table whenever its columns' longest words fit across the page (each
    column given its longest word, the rest shared as tables.column_widths would), else split
    in parts of whole columns (tables.fit)."""
    comfort = tables.column_widths(frame)
    if sum(comfort) <= WORD_CHARACTERS:
        return [(frame, comfort)]
    least = _least_widths(frame)
    if sum(least) <= LEAST_CHARACTERS:
        spare = LEAST_CHARACTERS - sum(least)
        return [
            (frame, [w + spare * c / sum(comfort) for w, c in zip(least, comfort, strict=True)])
        ]
    return [(part, tables.column_widths(part)) for part in tables.fit(frame, WORD_CHARACTERS)]


def _least_widths(frame: pd.DataFrame) -> list[float]:
    """Characters each column needs so that no word of it breaks: its longest word (a
    header's in bold), plus the cell's padding."""
    columns = [(str(frame.index.name or ""), [str(i) for i in frame.index])]
    columns += [(str(c), [str(v) for v in frame[c].tolist()]) for c in frame.columns]
    return [2 + max(BOLD * _longest([title]), _longest(cells), 1) for title, cells in columns]


def _longest(texts: Sequence[str]) -> int:
    """The longest word of ``texts`` (a line may break after a hyphen or a slash)."""
    return max((len(w) for t in texts for w in re.split(r"[\s/]+|(?<=-)", t) if w), default=0)


def _is_number(text: object) -> bool:
    """A cell that reads as a number (or a missing one: pandas keeps NaN as a float even in
    a column of text)."""
    if not isinstance(text, str):
        return text is None or text != text or isinstance(text, int | float)
    return bool(text) and (text[0].isdigit() or text == "—") and len(text) < 16
