"""LibreOffice transcripts (.odt): paragraphs, bold speaker labels, tables (see blocks.py)."""

from __future__ import annotations

from pathlib import Path

from odf import opendocument, teletype

from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.blocks import BlockText
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript

_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


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


def _bold_prefix(paragraph, bold: set[str]) -> str:
    for child in paragraph.childNodes:
        if getattr(child, "qname", None) == (_TEXT, "span"):
            name = child.attributes.get((_TEXT, "style-name"))
            return teletype.extractText(child) if name in bold else ""
        if child.nodeType == child.TEXT_NODE and child.data.strip():
            return ""
    return ""


def read_odt(path: Path, detector: SpeakerDetector) -> Transcript:
    try:
        document = opendocument.load(str(path))
    except Exception as exc:  # any failure of the parser on a user's file is a bad file
        raise CorpusError(
            f"not a readable .odt file ({type(exc).__name__}): damaged, truncated or encrypted",
            path=path,
            hint="Open it in LibreOffice, remove any password and save it again.",
        ) from None
    bold = _bold_styles(document)
    text = BlockText()

    def walk(node) -> None:
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname == (_TEXT, "h"):
                text.heading(teletype.extractText(child))
            elif qname == (_TEXT, "p"):
                text.paragraph(teletype.extractText(child), _bold_prefix(child, bold))
            elif qname == (_TABLE, "table-row"):
                text.row(
                    [
                        teletype.extractText(cell)
                        for cell in child.childNodes
                        if getattr(cell, "qname", None) == (_TABLE, "table-cell")
                    ]
                )
            elif hasattr(child, "childNodes"):
                walk(child)

    walk(document.text)
    return text.transcript(path, detector, "odt")
