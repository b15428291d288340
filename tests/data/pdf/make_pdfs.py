"""Makes the PDF fixtures of tests/test_import_pdf_rtf.py (run once; the PDFs are committed).

Word documents made with python-docx, printed to PDF by LibreOffice:
``python tests/data/pdf/make_pdfs.py`` (needs ``soffice`` on the PATH).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import Image, ImageDraw

HERE = Path(__file__).parent

LONG = (
    "Au départ, nous étions quatre structures de l'insertion par l'activité économique qui "
    "partagions un entrepôt, et la coopé-\nration s'est construite autour de la "
    "logistique, des achats groupés et de la mutualisation des compétences administratives ; "
    "ensuite la communauté de communes nous a rejoints, puis deux entreprises du territoire "
    "intéressées par la responsabilité sociale, et nous avons créé une société "
    "coopérative d'intérêt collectif pour porter les investissements communs."
)
TURNS = [
    ("Enquêtrice :", "Comment est né le pôle ?"),
    ("Jeanne Morel :", LONG),
    ("", "Et de beaucoup de réunions, le soir, dans la salle du conseil municipal."),
    ("Enquêtrice :", "Qui pilote la gouvernance aujourd'hui ?"),
    ("Jeanne Morel :", LONG.replace("Au départ", "Aujourd'hui encore")),
    ("Enquêtrice :", "Et les financements ?"),
    ("Jeanne Morel :", LONG.replace("Au départ", "Pour les financements")),
    ("Enquêtrice :", "Quels sont les projets pour la suite ?"),
    ("Jeanne Morel :", LONG.replace("Au départ", "Pour la suite")),
    ("Enquêtrice :", "Merci beaucoup."),
]
TURNS = TURNS[:-1] + [(label, words.replace("coopé-\n", "coopé")) for label, words in TURNS]


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page(document, size: float = 11) -> None:
    style = document.styles["Normal"]
    style.font.name = "Liberation Serif"
    style.font.size = Pt(size)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)


def interview() -> docx.Document:
    """Bold labels, a running header, « Page N sur M » footers, a word hyphenated at a line
    end (« coopé- » + « ration »), a turn across a page break."""
    document = docx.Document()
    _page(document, 12)
    document.sections[0].header.paragraphs[0].text = "Entretien Jeanne Morel – Pôle C"
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" sur ")
    _field(footer, "NUMPAGES")
    title = document.add_paragraph()
    title.add_run("Entretien avec Jeanne Morel").bold = True
    for label, words in TURNS:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if label:
            paragraph.add_run(label).bold = True
            paragraph.add_run(" ")
        paragraph.add_run(words)
    return document


def indented() -> docx.Document:
    """No bold, no space between paragraphs: first-line indents, « - N - » page numbers,
    labels typed as text."""
    document = docx.Document()
    _page(document, 12)
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("- ")
    _field(footer, "PAGE")
    footer.add_run(" -")
    for label, words in TURNS:
        paragraph = document.add_paragraph(f"{label} {words}".strip())
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.space_before = Pt(0)
    return document


def scan(folder: Path) -> docx.Document:
    """A page that is only a picture of text, as a scanner makes."""
    picture = Image.new("L", (300, 80), 255)
    ImageDraw.Draw(picture).text((10, 30), "Enquêtrice : Comment est né le pôle ?", fill=0)
    picture.save(folder / "scan.png")
    document = docx.Document()
    document.add_picture(str(folder / "scan.png"), width=Cm(12))
    return document


def mixed(folder: Path) -> docx.Document:
    """A page of text, then a page that is only a picture."""
    document = scan(folder)
    first = document.paragraphs[0].insert_paragraph_before("Enquêtrice : Bonjour.")
    first.add_run().add_break(WD_BREAK.PAGE)
    return document


def convert(document: docx.Document, name: str, folder: Path, options: str = "pdf") -> None:
    source = folder / f"{name}.docx"
    document.save(str(source))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", options, "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
    )
    (folder / f"{name}.pdf").replace(HERE / f"{name}.pdf")


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        convert(interview(), "entretien", folder)
        convert(indented(), "retraits", folder)
        convert(scan(folder), "scan", folder)
        convert(mixed(folder), "melange", folder)
        protected = {
            "EncryptFile": {"type": "boolean", "value": "true"},
            "DocumentOpenPassword": {"type": "string", "value": "secret"},
        }
        convert(interview(), "protege", folder, "pdf:writer_pdf_Export:" + json.dumps(protected))


if __name__ == "__main__":
    main()
