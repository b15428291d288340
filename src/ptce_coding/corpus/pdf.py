"""PDF transcripts (.pdf) with a text layer: exported from Word, sent by a transcription service.

A PDF holds lines placed on pages, not paragraphs. A page set in columns is read a column
after the other (pdf_columns). The paragraphs are rebuilt from the lines: a new one starts
after a wider gap between lines, after a line that ends short of its column's right margin
by more than the next line's first word (the word processor would have put it there), at a
first-line indent, and at a line that opens with a speaker label (in bold, or as the text
rules see one); a paragraph goes on over a page's or a column's end. A word hyphenated at
the end of a line is joined (« coopé- » + « ration »), unless the document writes it with
its hyphen elsewhere (« socio-économique »). The running headers and footers and bare page
numbers (« 3 », « Page 3 sur 12 », « - 3 - ») are left out (pdf_running), and so are the
footnotes (pdf_notes), the small raised numbers that call them (pdf_lines; a raised digit
that calls no footnote of its page is an exponent and stays, « m² ») and the line numbers
printed in the margin (pdf_line_numbers): the import says how many words they hold
(``Transcript.unread``), as for a .docx. A bold run at the start of a paragraph is
a speaker label as in a Word file (see blocks.py): pdfplumber gives each character its font,
« …-Bold » for bold type. The text is the Unicode the PDF's fonts map their glyphs to,
whatever encoding they use; a PDF whose fonts do not say which letters their glyphs are, or
whose pages are pictures (a scan), is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pdfplumber

from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.blocks import MAX_LABEL, BlockText
from ptce_coding.corpus.pdf_lines import Line, PageLines, page_lines, with_calls
from ptce_coding.corpus.pdf_notes import footnotes, note_numbers, text_size
from ptce_coding.corpus.pdf_running import running_lines
from ptce_coding.corpus.speakers import SpeakerDetector, looks_like_name, no_speaker
from ptce_coding.corpus.transcript import Transcript, count_words

_UNMAPPED = re.compile(r"\(cid:\d+\)")  # a glyph the font maps to no character
_LETTERS = re.compile(r"[^\W\d_]+")
PARAGRAPH_GAP = 1.3  # a line pitch this many times the usual one opens a paragraph
_SAVE_AS = "open it in the program that made it and save it as .docx, then import that."


def read_pdf(path: Path, detector: SpeakerDetector) -> Transcript:
    pages = _pages(path)
    running = running_lines(
        [page.lines for page in pages], lambda line: _opens_turn(line, detector)
    )
    pages = [replace(page, lines=_without(page.lines, running)) for page in pages]
    size = text_size(line for page in pages for line in page.lines)
    body: list[Line] = []
    notes: set[Line] = set()
    for page in pages:
        found = footnotes(page, size)
        called = note_numbers(found)
        body.extend(with_calls(line, called) for line in _without(page.lines, found))
        notes |= found
    words = _words(body)
    text = BlockText()
    for lines in paragraphs(body, detector):
        text.paragraph(join_lines([line.text for line in lines], words), lines[0].bold)
    unread = (
        ("footnotes", _count(notes)),
        ("headers and footers", _count(running)),
        ("line numbers", sum(page.line_numbers for page in pages)),
    )
    return text.transcript(path, detector, "pdf", tuple((w, n) for w, n in unread if n))


def _without(lines: Sequence[Line], left_out: set[Line]) -> tuple[Line, ...]:
    return tuple(line for line in lines if line not in left_out)


def _count(lines: Iterable[Line]) -> int:
    return sum(count_words(line.text) for line in lines)


def _pages(path: Path) -> list[PageLines]:
    """The lines of each page; a file that is no PDF, is damaged, encrypted or has no text
    is refused."""
    with path.open("rb") as file:
        start = file.read(1024)
        file.seek(max(0, path.stat().st_size - 2048))
        end = file.read()
    if b"%PDF-" not in start:
        raise CorpusError(
            "not a PDF file (it does not start with %PDF-)",
            path=path,
            hint="If it is a text file, rename it .txt; otherwise " + _SAVE_AS,
        )
    if b"%%EOF" not in end:
        raise CorpusError(
            "not a readable .pdf file: damaged or truncated (no end-of-file mark)",
            path=path,
            hint="Download or copy it again, or " + _SAVE_AS,
        )
    pages: list[PageLines] = []
    scanned: list[int] = []
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                lines = page_lines(number, page)
                if not lines.lines and page.images:
                    scanned.append(number)
                pages.append(lines)
    except Exception as exc:  # any failure of the parser on a user's file is a bad file
        raise _refusal(path, exc) from None
    if not any(page.lines for page in pages):
        raise CorpusError(
            "no text in this PDF (a scan?): run OCR first or save it as .docx", path=path
        )
    if scanned:
        raise CorpusError(
            f"no text on page{'s' if len(scanned) > 1 else ''} "
            f"{', '.join(map(str, scanned))} of this PDF (a scan?): its words there would be "
            "missing",
            path=path,
            hint="Run OCR on the PDF first, or save it as .docx, then import it again.",
        )
    unmapped = sum(len(_UNMAPPED.findall(line.text)) for page in pages for line in page.lines)
    words = sum(len(line.text.split()) for page in pages for line in page.lines)
    if unmapped * 10 > words:  # a glyph in ten words unknown: the text cannot be read
        raise CorpusError(
            "the PDF's fonts do not say which letters their glyphs are: its text comes out "
            "as (cid:…) codes",
            path=path,
            hint=_SAVE_AS.capitalize() + " Or run OCR on the PDF.",
        )
    return pages


def _refusal(path: Path, exc: Exception) -> CorpusError:
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    kind = type(cause).__name__
    if "Password" in kind or "Encrypt" in kind:
        return CorpusError(
            "not a readable .pdf file: protected by a password (its content is encrypted)",
            path=path,
            hint="Open it with its password and print it to a new PDF without one, or save "
            "it as .docx, then import that.",
        )
    return CorpusError(
        f"not a readable .pdf file ({kind}): damaged, or made in a way the reader does not know",
        path=path,
        hint=_SAVE_AS.capitalize(),
    )


def paragraphs(lines: Sequence[Line], detector: SpeakerDetector) -> Iterator[list[Line]]:
    """The lines grouped into paragraphs, in reading order."""
    if not lines:
        return
    pitches = [
        b.top - a.top
        for a, b in pairwise(lines)
        if b.page == a.page and b.column == a.column and b.top > a.top
    ]
    pitch = _lower_quartile(pitches) if pitches else 0.0
    margins = _margins(lines)
    paragraph = [lines[0]]
    for line in lines[1:]:
        previous = paragraph[-1]
        if _continues(previous, line, paragraph, pitch, margins, detector):
            paragraph.append(line)
        else:
            yield paragraph
            paragraph = [line]
    yield paragraph


def _margins(lines: Sequence[Line]) -> dict[tuple[int, int], tuple[float, float]]:
    """Where the lines of each column start and end, at the furthest."""
    columns: dict[tuple[int, int], list[Line]] = {}
    for line in lines:
        columns.setdefault(line.column, []).append(line)
    return {
        column: (min(line.x0 for line in inside), max(line.x1 for line in inside))
        for column, inside in columns.items()
    }


def _lower_quartile(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 4]


def _continues(
    previous: Line,
    line: Line,
    paragraph: Sequence[Line],
    pitch: float,
    margins: Mapping[tuple[int, int], tuple[float, float]],
    detector: SpeakerDetector,
) -> bool:
    """Whether ``line`` goes on the paragraph that ``previous`` ends (``margins``: see
    ``_margins``)."""
    if _hyphenated(previous.text) and line.text[:1].islower():
        return True
    # within a column, a wider gap; a paragraph goes on at the top of the next column as
    # on the next page
    if (line.page, line.column) == (previous.page, previous.column) and (
        line.top <= previous.top or line.top - previous.top > PARAGRAPH_GAP * pitch
    ):
        return False
    room = margins[previous.column][1] - previous.x1
    if room > line.first_word_width + previous.size:
        return False  # the next line's first word would have fitted on this one
    tolerance = line.size / 2
    left = margins[line.column][0]
    if line.x0 > left + tolerance and previous.x0 <= left + tolerance and len(paragraph) > 1:
        return False  # a first-line indent (the second line of a hanging indent is not)
    if previous.bold == previous.text and line.bold != line.text:
        return False  # after a line all in bold: a heading
    if not _opens_turn(line, detector):
        return True
    if _bold_label(line):
        return False
    # « … sociétaires de la » then « SCIC : le lycée… »: a full line whose sentence goes on
    # is not followed by another speaker's turn (a label starts after a sentence's end)
    return _SENTENCE_GOES_ON.search(previous.text) is not None


def _opens_turn(line: Line, detector: SpeakerDetector) -> bool:
    """Whether the line opens with a speaker's label, in bold or as the text rules see one."""
    if _bold_label(line):
        return True
    label = detector.match(line.text)
    return label is not None and not label.weak and bool(label.speaker)


_SENTENCE_GOES_ON = re.compile(r"[^\W_]\s*$")  # a line ending on a letter or a digit


def _bold_label(line: Line) -> bool:
    """A line that opens with a bold speaker label, as blocks.BlockText reads it."""
    name = line.bold.rstrip(" :.").strip()
    if not name or len(name) > MAX_LABEL:
        return False
    colon = line.bold.endswith(":") or line.text[len(line.bold) :].lstrip().startswith(":")
    return (colon and not no_speaker(name)) or looks_like_name(name)


def _hyphenated(text: str) -> bool:
    """A line ending in a word cut by a hyphen (« coopé- »): the hyphen-minus, a soft hyphen
    or the Unicode hyphen (U+2010), which browsers and layout programs set."""
    return len(text) >= 2 and text[-1] in "-\u00ad\u2010" and text[-2].isalpha()


def _words(lines: Sequence[Line]) -> set[str]:
    """The document's words and hyphenated compounds, in lower case."""
    return {
        word.strip(".,;:!?«»\"'()[]…").casefold() for line in lines for word in line.text.split()
    }


# French words that a hyphen joins to the next one and never cut inside one: the numbers
# (« cinquante-cinq », « dix-huit »), the pronouns of an inverted question (« peut-il »,
# « a-t-on »), « -là », « -ci », « -même », « c'est-à-dire », « peut-être »
_NUMBERS = frozenset(
    {
        *("un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"),
        *("dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "vingt", "vingts"),
        *("trente", "quarante", "cinquante", "soixante", "cent", "cents", "mille", "et"),
    }
)
# not « leur » nor « ce »: « va-leur », « commer-ce » are words cut at a syllable
_AFTER_HYPHEN = frozenset(
    {
        *("t", "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "moi", "toi"),
        *("lui", "eux", "là", "ci", "même", "mêmes", "être", "dire"),
    }
)


# prefixes that French writes with a hyphen (« sous-préfet », « non-lieu », « ex-maire »)
_PREFIXES = frozenset(
    {
        *("sous", "non", "ex", "vice", "demi", "semi", "mi", "contre", "arrière", "avant"),
        *("après", "sans", "grand", "grande", "petit", "petite", "pseudo", "quasi"),
    }
)


# a line that opens with an elided word (« d'œuvre », « l'État »): no word cut goes on so
_ELIDED = re.compile(r"^[^\W\d_]{1,3}['’]")


def _compound(head: str, tail: str) -> bool:
    """Whether « head-tail » cut at its hyphen is a French compound, not one word cut."""
    return (head in _NUMBERS and tail in _NUMBERS) or tail in _AFTER_HYPHEN or head in _PREFIXES


def join_lines(lines: Sequence[str], words: set[str]) -> str:
    """The lines of a paragraph as one: a word hyphenated at a line's end joined again,
    unless the document writes it with a hyphen elsewhere and never without."""
    text = lines[0]
    for line in lines[1:]:
        if _hyphenated(text) and line[:1].isalpha():
            head = _LETTERS.findall(text[:-1])[-1] if _LETTERS.findall(text[:-1]) else ""
            tail = (_LETTERS.findall(line) or [""])[0]
            whole, compound = (head + tail).casefold(), f"{head}-{tail}".casefold()
            keep = (
                line[:1].isupper()
                or (compound in words and whole not in words)
                or _compound(head.casefold(), tail.casefold())
                or "-" in text[:-1].rsplit(maxsplit=1)[-1]  # « rez-de- » + « chaussée »
                or _ELIDED.match(line) is not None  # « main- » + « d'œuvre »
            )
            text = text[:-1] + ("-" if keep else "") + line
        else:
            text += " " + line
    return text
