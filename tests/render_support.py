"""Printing the report as a reader would: HTML to PDF by headless Chromium, DOCX to PDF by
LibreOffice, then reading the pages back with pdfplumber (page count, text position and size).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

from ptce_coding.cli import cli

CHROMIUM = Path("/usr/bin/chromium")
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
HEADING_POINTS = 11.4  # text this large is a heading (body 10–10.5 pt, tables 8 pt)
SIDE_MARGIN = 28.0  # points: text this close to the paper's edge has left the text area
TOP_BOTTOM_MARGIN = 20.0
_WORD = re.compile(r"\w+")
_TOKENS = re.compile(r"[^\W_]{4,}")  # words and numbers of 4+ letters or digits
SOURCE_MARK = "—"  # a quotation's source line starts with it


def html_to_pdf(html: Path, pdf: Path) -> Path:
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html.resolve().as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert pdf.is_file(), f"Chromium wrote no {pdf}"
    return pdf


def docx_to_pdf(docx: Path, folder: Path) -> Path:
    """LibreOffice with a profile of its own (never the user's, never shared)."""
    profile = (folder / "lo-profile").resolve().as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    pdf = folder / (docx.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice wrote no {pdf}"
    return pdf


@dataclass
class Pages:
    """What a PDF's pages show."""

    count: int
    outside: list[str] = field(default_factory=list)  # text out of the text area
    stranded: list[str] = field(default_factory=list)  # headings at the foot of a page
    orphans: list[str] = field(default_factory=list)  # a quotation's source alone on top
    words: list[str] = field(default_factory=list)
    first_headings: list[str] = field(default_factory=list)


def read_pdf(path: Path) -> Pages:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        pages = Pages(len(pdf.pages))
        for number, page in enumerate(pdf.pages, start=1):
            chars = [c for c in page.chars if c["text"].strip()]
            for c in chars:
                if (
                    c["x0"] < SIDE_MARGIN
                    or c["x1"] > page.width - SIDE_MARGIN
                    or c["top"] < TOP_BOTTOM_MARGIN
                    or c["bottom"] > page.height - TOP_BOTTOM_MARGIN
                ):
                    pages.outside.append(
                        f"page {number}: {c['text']!r} at {c['x0']:.0f},{c['top']:.0f}"
                    )
            lines = _lines(chars)
            trailing = []
            for size, text in reversed(lines):
                if size < HEADING_POINTS:
                    break
                trailing.append(text)
            if trailing and number < len(pdf.pages) and len(trailing) < len(lines):
                pages.stranded.append(f"page {number}: {' / '.join(reversed(trailing))}")
            if number > 1 and lines and lines[0][1].startswith(SOURCE_MARK):
                pages.orphans.append(f"page {number}: {lines[0][1]}")
            pages.words += [w["text"] for w in page.extract_words()]
            heads = [text for size, text in lines if size >= HEADING_POINTS]
            if heads:
                pages.first_headings.append(heads[0])
    return pages


def _lines(chars: list[dict]) -> list[tuple[float, str]]:
    """(largest size, text) of each line of a page, top to bottom."""
    lines: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if lines and abs(lines[-1][0]["top"] - c["top"]) < 2.5:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [(max(c["size"] for c in line), "".join(c["text"] for c in line)) for line in lines]


def broken_words(pdf_words: list[str], headers: list[str], source: str) -> list[str]:
    """Pieces of a table heading's word that the page shows as words of their own
    (« Morph » « ologie »): a piece that is no word of the source text."""
    known = {w.lower() for w in _WORD.findall(source)}
    heading_words = {w.lower() for h in headers for w in _WORD.findall(h) if len(w) >= 4}
    found = set()
    for word in pdf_words:
        for piece in _WORD.findall(word.lower()):
            if piece in known or len(piece) < 2:
                continue
            if any(
                h != piece and (h.startswith(piece) or h.endswith(piece)) for h in heading_words
            ):
                found.add(piece)
    return sorted(found)


def missing_words(pdf_words: list[str], source: str) -> list[str]:
    """Words and numbers (4+ characters) of the source text that no page shows whole:
    clipped at the margin, or broken across lines (« 412 » « 7 »)."""
    shown = {w.lower() for text in pdf_words for w in _TOKENS.findall(text)}
    return sorted({w.lower() for w in _TOKENS.findall(source)} - shown)


REPOSITORY = Path(__file__).parent.parent


def demo_report(root: Path) -> Path:
    """The repository's demo project (its corpus, codebook and settings) copied into
    ``root`` and `ptce-coding run` there: its report folder."""
    shutil.copytree(REPOSITORY / "corpus", root / "corpus")
    (root / "codebooks").mkdir()
    shutil.copyfile(
        REPOSITORY / "src" / "ptce_coding" / "data" / "ptce.yaml", root / "codebooks" / "ptce.yaml"
    )
    shutil.copyfile(REPOSITORY / "project.yaml", root / "project.yaml")
    result = CliRunner().invoke(cli, ["run", "--project", str(root)])
    assert result.exit_code == 0, result.output
    return root / "outputs" / "report"
