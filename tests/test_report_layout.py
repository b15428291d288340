"""How the restitution looks on the page: every table as wide as the text, a table kept whole
and with the paragraph that opens it, the poles' table in one piece, the bases set apart, the
chapters following one another (no page left half empty), an axis' reading kept with its first
quotation. The first tests build Word tables directly; the others run the demo project and, for
the page fill, print the Word file with LibreOffice."""

from __future__ import annotations

from pathlib import Path

import docx
import pandas as pd
import pytest
from docx.document import Document as DocumentType
from docx.oxml.ns import qn
from docx.table import Table

from ptce_coding.report.docx_parts import frame_table, new_document, page_text_width
from tests.render_support import SOFFICE, demo_report, docx_to_pdf

TWIP = 635  # EMU per twentieth of a point
POLES = pd.DataFrame(  # the demo's « Les pôles étudiés » table, as tables.poles_table gives it
    {
        "Année de création": ["2013", "2009", "2011", "2012", "2008"],
        "Forme juridique": [
            "association",
            "association",
            "portage par une SIAE",
            "SCIC",
            "portage par une association",
        ],
        "Gouvernance": [
            "polycentrique",
            "polycentrique",
            "monocentrique",
            "multipolaire",
            "monocentrique élargie",
        ],
        "Lauréat de l'appel": ["2015", "non", "non", "2013", "non"],
        "Région": [
            "Grand Est",
            "Occitanie",
            "Hauts-de-France",
            "Centre-Val de Loire",
            "Bourgogne-Franche-Comté",
        ],
        "Entretiens": ["2", "2", "2", "2", "2"],
        "Mots": ["4127", "4057", "4092", "3917", "4149"],
    },
    index=pd.Index(
        [
            "Pôle Bois & Habitat du Val de Morvanne",
            "Collectif de la Biscuiterie",
            "Pôle Ressources du Val de Lisonne",
            "Pôle Alimentaire Terres d'Orlan",
            "Pôle Services Ruraux des Trois Vallons",
        ],
        name="Pôle",
    ),
)
SMALL = pd.DataFrame(
    {"Lecture du réseau": ["polycentrique", "indéterminé"], "Coordination lue": ["—", "—"]},
    index=pd.Index(["Pôle A", "Pôle B"], name="Pôle"),
)
BASES = pd.DataFrame(
    {"Pôle A": ["2/2", "46", "4127"], "Pôle B": ["1/2", "55", "4092"]},
    index=pd.Index(["Morphologie", "Base : segments de parole", "Base : mots"], name="Axe"),
)


def table_widths(table: Table) -> tuple[str, int, int]:
    """The table's width type and value (w:tblW) and the sum of its grid columns, in twips."""
    width = table._tbl.tblPr.find(qn("w:tblW"))
    grid = sum(int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol")))
    return width.get(qn("w:type")), int(width.get(qn("w:w"))), grid


def assert_full_width(doc: DocumentType) -> None:
    text = page_text_width(doc) // TWIP
    for number, table in enumerate(doc.tables, start=1):
        kind, width, grid = table_widths(table)
        columns = len(table.columns)
        assert kind == "dxa" and abs(width - text) <= columns, (number, kind, width, text)
        assert abs(grid - text) <= columns, (number, grid, text)


def test_every_table_is_as_wide_as_the_text() -> None:
    doc = new_document("Test")
    for frame in (POLES, SMALL, BASES):
        doc.add_paragraph("Un tableau :")
        frame_table(doc, frame)
    assert len(doc.tables) == 3
    assert_full_width(doc)


def test_the_poles_table_stays_in_one_piece() -> None:
    """Its columns' longest words fit across the page: one table, as in the HTML (before, its
    « Entretiens » and « Mots » were a narrow second table under it)."""
    doc = new_document("Test")
    frame_table(doc, POLES)
    assert len(doc.tables) == 1
    header = [cell.text for cell in doc.tables[0].rows[0].cells]
    assert header == ["Pôle", *POLES.columns]


def test_a_short_table_is_kept_whole_and_with_its_opening_paragraph() -> None:
    doc = new_document("Test")
    opening = doc.add_paragraph("Un tableau :")
    frame_table(doc, POLES)
    table = doc.tables[0]
    assert opening.paragraph_format.keep_with_next
    for row in table.rows[:-1]:
        assert all(cell.paragraphs[0].paragraph_format.keep_with_next for cell in row.cells)


def test_base_rows_are_set_apart() -> None:
    doc = new_document("Test")
    frame_table(doc, BASES)
    rows = {row.cells[0].text: row for row in doc.tables[0].rows}
    for label, italic in (("Morphologie", False), ("Base : mots", True)):
        runs = [run for cell in rows[label].cells for p in cell.paragraphs for run in p.runs]
        assert all(bool(run.italic) is italic for run in runs), label


# --- the demo's restitution -----------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's demo project, copied, after `ptce-coding run`: its report folder."""
    return demo_report(tmp_path_factory.mktemp("demo"))


@pytest.mark.slow
def test_the_restitution_tables_span_the_text(demo: Path) -> None:
    document = docx.Document(str(demo / "restitution.docx"))
    assert len(document.tables) == 4  # poles, axes, networks, emergence factors
    assert_full_width(document)
    network = next(t for t in document.tables if t.rows[0].cells[1].text.startswith("Lecture"))
    assert all(cell.text[:1].isupper() for cell in network.rows[0].cells)  # as every heading


@pytest.mark.slow
def test_the_chapters_follow_one_another(demo: Path) -> None:
    """Only the first chapter (after the contents) opens a page: the method note follows on
    (opening a page, it ran a few lines over it: the glossary's last words alone on page 8)."""
    document = docx.Document(str(demo / "restitution.docx"))
    breaks = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert breaks == ["Les pôles étudiés"]


@pytest.mark.slow
def test_an_axis_reading_stays_with_its_first_quotation(demo: Path) -> None:
    paragraphs = docx.Document(str(demo / "restitution.docx")).paragraphs
    readings = 0
    for heading, reading, after in zip(paragraphs, paragraphs[1:], paragraphs[2:], strict=False):
        if heading.style.name == "Heading 2" and after.style.name == "Citation":
            assert reading.paragraph_format.keep_with_next, heading.text
            readings += 1
    assert readings >= 5


@pytest.mark.slow
@pytest.mark.skipif(not Path(SOFFICE).exists(), reason="needs LibreOffice")
def test_no_printed_page_is_left_mostly_empty(
    demo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Printed, every page but the last holds text down to 60 % of the text area at least
    (before, « Les pôles étudiés » stopped half-way down page 2, the comparison on page 3)."""
    pdfplumber = pytest.importorskip("pdfplumber")
    pdf = docx_to_pdf(demo / "restitution.docx", tmp_path_factory.mktemp("pdf"))
    margin = 2 / 2.54 * 72  # the document's 2 cm margins, in points
    with pdfplumber.open(pdf) as printed:
        fills = []
        for page in printed.pages:
            bottom = max(c["bottom"] for c in page.chars if c["text"].strip())
            fills.append(round((bottom - margin) / (page.height - 2 * margin), 2))
    # 8 before session 35's layout, 7 after it; the glossary and the confidentiality notice
    # (session 36) make it 8 again
    assert len(fills) <= 8, fills
    assert min(fills[:-1]) >= 0.6, fills
