"""The Word documents as a user prints them (trial s38-T, « Word layout »): figures and tables
numbered by a caption (« Figure 3 – … », « Tableau 2 – … », Word's Caption style, so that a
table of illustrations can be made), the restitution and its annex each saying which it is
(title page, footer, properties), no page left holding a few lines that the page before could
have held, and a pole whose network has no tie said in words, not drawn empty."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentType
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from tests.render_support import SOFFICE, demo_report, docx_to_pdf

pytestmark = pytest.mark.slow  # `run` on the demo: spaCy, matplotlib
CAPTION = re.compile(r"(Figure|Tableau) (\d+) – \S")
MARGIN = 60  # points at the top and bottom of a page: the running header and footer


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's demo project, copied, after `ptce-coding run` (no coding reviewed:
    the report counts the suggestions; two poles have no cooperation tie)."""
    return demo_report(tmp_path_factory.mktemp("demo"))


def _open(demo: Path, name: str) -> DocumentType:
    return docx.Document(str(demo / name))


def _body(document: DocumentType) -> list:
    return list(document.element.body.iterchildren())


def _captions(document: DocumentType, label: str) -> list[tuple[int, int, str]]:
    """(position in the body, number, text) of each caption of ``label``."""
    found = []
    for index, element in enumerate(_body(document)):
        if element.tag != qn("w:p"):
            continue
        paragraph = Paragraph(element, document._body)
        match = CAPTION.match(paragraph.text)
        if match and match.group(1) == label:
            assert paragraph.style is not None and paragraph.style.name == "Caption"
            fields = "".join(t.text or "" for t in element.iter(qn("w:instrText")))
            assert fields.split() == ["SEQ", label, "\\*", "ARABIC"], paragraph.text
            found.append((index, int(match.group(2)), paragraph.text))
    return found


def test_every_figure_is_numbered_by_a_caption_under_it(demo: Path) -> None:
    annex = _open(demo, "synthese.docx")
    body = _body(annex)
    pictures = [i for i, e in enumerate(body) if next(e.iter(qn("w:drawing")), None) is not None]
    captions = _captions(annex, "Figure")
    assert len(pictures) >= 30  # the demo's annex: overview, axes, networks, typology
    assert [index for index, _, _ in captions] == [i + 1 for i in pictures]
    assert [number for _, number, _ in captions] == list(range(1, len(pictures) + 1))
    texts = [text for _, _, text in captions]
    assert "Figure 1 – Part des segments codés, par pôle et par axe" in texts
    assert "Figure 3 – Morphologie\u00a0: part des segments, par pôle et par code" in texts
    assert any(t.endswith("Morphologie\u00a0: segments codés, par pôle (1/3)") for t in texts)
    network = "Réseau de coopération\u00a0: Pôle Bois & Habitat du Val de Morvanne"
    assert any(network in t for t in texts)
    for index in pictures:  # a picture never apart from its caption
        assert Paragraph(body[index], annex._body).paragraph_format.keep_with_next


@pytest.mark.parametrize(("name", "least"), [("restitution.docx", 4), ("synthese.docx", 15)])
def test_every_table_is_numbered_by_a_caption_above_it(demo: Path, name: str, least: int) -> None:
    document = _open(demo, name)
    body = _body(document)
    captions = _captions(document, "Tableau")
    assert len(captions) >= least
    assert [number for _, number, _ in captions] == list(range(1, len(captions) + 1))
    for index, _, text in captions:
        assert body[index + 1].tag == qn("w:tbl"), text
        assert Paragraph(body[index], document._body).paragraph_format.keep_with_next
    first = next(i for i, e in enumerate(body) if e.tag == qn("w:tbl"))
    assert captions[0][0] == first - 1  # the poles' table (the key figures in the annex)


def test_each_document_says_which_it_is(demo: Path) -> None:
    said = {}
    for name in ("restitution.docx", "synthese.docx"):
        document = _open(demo, name)
        footer = document.sections[0].footer.paragraphs[0].text.split("\t")[0]
        subtitle = next(p.text for p in document.paragraphs if p.style.name == "Subtitle")
        properties = document.core_properties
        said[name] = (footer, properties.title, properties.subject, subtitle)
    assert said["restitution.docx"] == (
        "Synthèse des entretiens — restitution",
        "Synthèse des entretiens — restitution aux pôles et à la Région",
        "Restitution aux pôles et à la Région",
        "Restitution aux pôles et à la Région",
    )
    footer, title, subject, subtitle = said["synthese.docx"]
    assert footer == "Synthèse des entretiens — annexe de recherche"
    assert title == "Synthèse des entretiens — annexe de recherche"
    assert subject.startswith("Annexe de recherche : matrices")
    assert subtitle == subject.replace(" :", "\u00a0:")  # the text typeset, the property not


def _network_sections(document: DocumentType) -> dict[str, list]:
    """The network chapter's body elements under each pole's heading."""
    sections: dict[str, list] = {}
    current: list | None = None
    inside = False
    for element in _body(document):
        paragraph = Paragraph(element, document._body) if element.tag == qn("w:p") else None
        style = paragraph.style.name if paragraph is not None and paragraph.style else ""
        if style == "Heading 1":
            inside = paragraph is not None and paragraph.text == "Réseaux de coopération"
            current = None
        elif inside and style == "Heading 2" and paragraph is not None:
            current = sections.setdefault(paragraph.text, [])
        elif current is not None:
            current.append(element)
    return sections


def test_a_pole_without_a_tie_is_said_not_drawn(demo: Path) -> None:
    sections = _network_sections(_open(demo, "synthese.docx"))

    def drawn(pole: str) -> bool:
        return any(next(e.iter(qn("w:drawing")), None) is not None for e in sections[pole])

    def text(pole: str) -> str:
        return " ".join("".join(t.text or "" for t in e.iter(qn("w:t"))) for e in sections[pole])

    # the demo's: in one pole no two members are named together, in two they are
    without = [pole for pole in sections if re.search(r"(?<![\d,])0 lien", text(pole))]
    assert "Pôle Services Ruraux des Trois Vallons" in without, list(sections)
    for pole in without:
        assert not drawn(pole)
        assert "Aucun lien\u00a0: aucun passage des entretiens ne montre" in text(pole)
    for pole in ("Pôle Bois & Habitat du Val de Morvanne", "Collectif de la Biscuiterie"):
        assert drawn(pole) and "Aucun lien" not in text(pole)


def _page_texts(pdf: Path) -> list[tuple[str, int]]:
    """Each page's text between the running header and footer, and its pictures."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        pages = []
        for page in document.pages:
            body = page.crop((0, MARGIN, page.width, page.height - MARGIN))
            text = "".join(c["text"] for c in body.chars if c["text"].strip())
            pages.append((text, len(page.images)))
    return pages


@pytest.mark.skipif(not Path(SOFFICE).exists(), reason="needs LibreOffice (soffice)")
def test_no_page_holds_a_few_lines_alone(demo: Path, tmp_path: Path) -> None:
    """As LibreOffice lays them out: before, the restitution's last page held the glossary's
    last two words (its method note opened a page, and ran a few lines over it), and the
    annex's second page its « Chiffres clés » alone (the next chapter opened a page)."""
    pytest.importorskip("pdfplumber")
    restitution = _page_texts(docx_to_pdf(demo / "restitution.docx", tmp_path))
    short = [(number, len(text)) for number, (text, _) in enumerate(restitution, 1)]
    assert min(length for _, length in short) > 800, short
    annex = _page_texts(docx_to_pdf(demo / "synthese.docx", tmp_path))
    assert "Chiffresclés" in annex[1][0] and "Lespôlesetlesbases" in annex[1][0]
    nearly_empty = [
        (number, text[:60])
        for number, (text, pictures) in enumerate(annex, 1)
        if not pictures and len(text) < 250
    ]
    assert nearly_empty == []
