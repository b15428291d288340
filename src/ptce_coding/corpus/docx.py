"""Word transcripts (.docx): paragraphs, bold speaker labels, tables of turns (see blocks.py)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.blocks import BlockText
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript


def _bold_prefix(paragraph) -> str:
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


def read_docx(path: Path, detector: SpeakerDetector) -> Transcript:
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # any failure of the parser on a user's file is a bad file
        raise CorpusError(
            f"not a readable .docx file ({type(exc).__name__}): damaged, truncated or "
            "password-protected",
            path=path,
            hint="Open it in Word or LibreOffice, remove any password and save it again.",
        ) from None
    text = BlockText()
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph) and _heading_style(item):
            text.heading(item.text)
        elif isinstance(item, Paragraph):
            text.paragraph(item.text, _bold_prefix(item))
        elif isinstance(item, Table):
            for row in item.rows:
                text.row([cell.text for cell in row.cells])
    return text.transcript(path, detector, "docx")
