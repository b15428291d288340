"""Importing PDF and RTF transcripts: paragraphs, labels, headers and page numbers, refusals.

The PDFs of tests/data/pdf/ were printed by LibreOffice from Word files
(tests/data/pdf/make_pdfs.py); the RTF files are written by hand, as Word and TextEdit write
them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ptce_coding.app.project import find_project
from ptce_coding.corpus.pdf import Line, join_lines, paragraphs
from ptce_coding.corpus.speakers import SpeakerDetector

PDF = Path(__file__).parent / "data" / "pdf"

LONG = (
    "{start}, nous étions quatre structures de l'insertion par l'activité économique qui "
    "partagions un entrepôt, et la coopération s'est construite autour de la logistique, des "
    "achats groupés et de la mutualisation des compétences administratives ; ensuite la "
    "communauté de communes nous a rejoints, puis deux entreprises du territoire intéressées "
    "par la responsabilité sociale, et nous avons créé une société coopérative d'intérêt "
    "collectif pour porter les investissements communs."
)
ASK, ANSWER = ("Enquêtrice", True), ("Jeanne Morel", False)
TURNS = [
    (*ASK, "Comment est né le pôle ?"),
    (*ANSWER, LONG.format(start="Au départ")),
    (*ANSWER, "Et de beaucoup de réunions, le soir, dans la salle du conseil municipal."),
    (*ASK, "Qui pilote la gouvernance aujourd'hui ?"),
    (*ANSWER, LONG.format(start="Aujourd'hui encore")),
    (*ASK, "Et les financements ?"),
    (*ANSWER, LONG.format(start="Pour les financements")),
    (*ASK, "Quels sont les projets pour la suite ?"),
    (*ANSWER, LONG.format(start="Pour la suite")),
]
# the interview twice (the second time without the « coopé- » line break), then the thanks
SEGMENTS = [*TURNS, *TURNS, (*ASK, "Merci beaucoup.")]


def pieces(root: Path, name: str) -> list[tuple[str | None, bool, str]]:
    with find_project(root).open_store(create=False) as store:
        document = store.document(name)
        assert document is not None
        return [
            (s.speaker, s.interviewer, document.text[s.start : s.end])
            for s in store.segments(document.id)
        ]


def stored_text(root: Path, name: str) -> str:
    with find_project(root).open_store(create=False) as store:
        document = store.document(name)
        assert document is not None
        return document.text


def test_pdf_with_bold_labels_header_and_page_numbers(invoke, tmp_project: Path) -> None:
    """Word's bold labels; « Entretien Jeanne Morel – Pôle C » at the top and « Page N sur 2 »
    at the bottom of both pages; « coopé- » at a line's end; a turn across the page break."""
    shutil.copyfile(PDF / "entretien.pdf", tmp_project / "entretien.pdf")
    result = invoke("import", str(tmp_project / "entretien.pdf"), "--case", "pole-c")
    assert result.exit_code == 0, result.output
    assert "1 imported, 0 unchanged, 0 failed" in result.output
    # the bold title is a heading, not a speaker
    assert pieces(tmp_project, "pole-c/entretien.pdf") == [
        (None, False, "Entretien avec Jeanne Morel"),
        *SEGMENTS,
    ]
    text = stored_text(tmp_project, "pole-c/entretien.pdf")
    for gone in ("Pôle C", "Page", "sur 2", "coopé-", "coopé "):
        assert gone not in text
    assert text.count("coopération s'est construite") == 8


def test_pdf_with_indents_and_dashed_page_numbers(invoke, tmp_project: Path) -> None:
    """No bold, no space between paragraphs: first-line indents and short last lines end
    the paragraphs; the labels are typed (« Enquêtrice : »); « - 1 - », « - 2 - »."""
    shutil.copyfile(PDF / "retraits.pdf", tmp_project / "retraits.pdf")
    result = invoke("import", str(tmp_project / "retraits.pdf"), "--case", "pole-c")
    assert result.exit_code == 0, result.output
    assert pieces(tmp_project, "pole-c/retraits.pdf") == SEGMENTS
    assert "- 1 -" not in stored_text(tmp_project, "pole-c/retraits.pdf")


def test_pdf_in_a_case_folder_and_documents_listing(invoke, tmp_project: Path) -> None:
    shutil.copyfile(PDF / "entretien.pdf", tmp_project / "corpus" / "pole-a" / "morel.pdf")
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    assert "3 imported, 0 unchanged, 0 failed" in result.output
    listing = invoke("documents", "--format", "csv")
    assert "pole-a/morel.pdf,pole-a,pdf," in listing.stdout
    again = invoke("import", str(tmp_project / "corpus"))
    assert "0 imported, 3 unchanged, 0 failed" in again.output


def test_rtf_from_word_with_bold_labels_and_a_table(invoke, tmp_project: Path) -> None:
    """Bold labels (« {\\b Enquêtrice :} », « \\b Jeanne Morel\\b0 : »), a bold title, a
    header group left out, escaped accents, a table of turns, a label typed as text."""
    shutil.copyfile(PDF / "entretien.rtf", tmp_project / "entretien.rtf")
    result = invoke("import", str(tmp_project / "entretien.rtf"), "--case", "pole-c")
    assert result.exit_code == 0, result.output
    assert pieces(tmp_project, "pole-c/entretien.rtf") == [
        (None, False, "Entretien avec Jeanne Morel"),
        (*ASK, "Comment est né le pôle ?"),
        (*ANSWER, "Autour d’un appel à projets, une coopération"),
        (*ANSWER, "Et de beaucoup de réunions."),
        (*ASK, "Et après ?"),
        (*ANSWER, "On a créé la SCIC."),
        ("Pierre Durand", False, "Je confirme."),
    ]
    assert "confidentiel" not in stored_text(tmp_project, "pole-c/entretien.rtf")


def test_rtf_from_textedit_with_typed_labels(invoke, tmp_project: Path) -> None:
    """TextEdit ends its paragraphs with a backslash; its labels are plain text."""
    shutil.copyfile(PDF / "textedit.rtf", tmp_project / "textedit.rtf")
    result = invoke("import", str(tmp_project / "textedit.rtf"), "--case", "pole-c")
    assert result.exit_code == 0, result.output
    assert pieces(tmp_project, "pole-c/textedit.rtf") == [
        ("Enquêteur", True, "Depuis quand le pôle existe-t-il ?"),
        ("Paul Martin", False, "Depuis 2014, avec la communauté de communes."),
        ("Paul Martin", False, "Et la région nous a suivis en 2016."),
        ("Enquêteur", True, "Merci."),
    ]


def test_hyphenated_compound_keeps_its_hyphen() -> None:
    """A word cut at a line's end is joined, unless the document writes it with a hyphen
    elsewhere (and never without), or the next line starts with a capital."""
    words = {"socio-économique", "coopération"}
    assert join_lines(["la coopé-", "ration du"], words) == "la coopération du"
    assert join_lines(["un pôle socio-", "économique"], words) == "un pôle socio-économique"
    assert join_lines(["à Saint-", "Denis"], words) == "à Saint-Denis"
    assert join_lines(["un tiret -", "puis"], words) == "un tiret - puis"
    # French compounds a hyphen joins, never one word cut: numbers, inverted pronouns
    assert join_lines(["cinquante-", "cinq mille"], words) == "cinquante-cinq mille"
    assert join_lines(["dix-", "huit"], words) == "dix-huit"
    assert join_lines(["vient-", "il ?"], words) == "vient-il ?"
    assert join_lines(["peut-", "être"], words) == "peut-être"
    assert join_lines(["la va-", "leur"], words) == "la valeur"  # a syllable, not « leur »
    assert join_lines(["le commer-", "ce"], words) == "le commerce"
    assert join_lines(["au rez-de-", "chaussée"], words) == "au rez-de-chaussée"
    assert join_lines(["une main-", "d'œuvre"], words) == "une main-d'œuvre"
    assert join_lines(["le sous-", "préfet"], words) == "le sous-préfet"


def test_a_label_at_the_start_of_a_line_whose_sentence_goes_on_is_not_a_turn() -> None:
    """« … qui ne sont pas sociétaires de la » then « SCIC : le lycée agricole… »: the line
    break put « SCIC : » where a label goes, and the answer was cut in two (demo interview
    printed to PDF: 49 segments against 48); after a sentence's end it is a turn."""
    detector = SpeakerDetector()

    def line(top: float, text: str, x1: float = 500.0) -> Line:
        return Line(page=1, text=text, bold="", x0=50.0, x1=x1, top=top, size=10.0)

    going_on = [
        line(100, "Enquêteur : Qui en fait partie ?", x1=200),
        line(120, "Sophie : Il y a des gens qui ne sont pas sociétaires de la"),
        line(132, "SCIC : le lycée agricole, l'IUT.", x1=210),
    ]
    assert [len(p) for p in paragraphs(going_on, detector)] == [1, 2]
    ended = [*going_on[:1], line(120, "Sophie : Il y a des gens, et des sociétaires aussi."),
             line(132, "Enquêteur : Et la SCIC ?", x1=210)]  # fmt: skip
    assert [len(p) for p in paragraphs(ended, detector)] == [1, 1, 1]


def test_a_line_whose_first_word_carries_french_punctuation_goes_on_the_paragraph() -> None:
    """« publics : » on the next line would not have fitted where « publics » alone would:
    French keeps a space and the colon with the word. The paragraph was cut there (the demo
    interview printed to PDF by LibreOffice: 51 segments against 50 for its text)."""
    line = Line(page=1, text="publics : je fais une veille", bold="", x0=0.0, x1=280.0,
                top=0.0, size=10.0)  # fmt: skip
    assert line.first_word_width == pytest.approx(280.0 * len("publics :") / len(line.text))


def _copy(name: str) -> bytes:
    return (PDF / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "scan.pdf",
            _copy("scan.pdf"),
            "no text in this PDF (a scan?): run OCR first or save it as .docx",
        ),
        ("melange.pdf", _copy("melange.pdf"), "no text on page 2 of this PDF (a scan?)"),
        ("protege.pdf", _copy("protege.pdf"), "protected by a password"),
        ("vide.pdf", b"", "vide.pdf: the file is empty"),
        ("tronque.pdf", _copy("entretien.pdf")[:12000], "damaged or truncated"),
        ("entete.pdf", b"%PDF-1.4", "damaged or truncated"),
        (
            "casse.pdf",
            b"%PDF-1.4\n" + b"\x00garbage" * 200 + b"\n%%EOF\n",
            "not a readable .pdf file",
        ),
        ("notes.pdf", "Enquêtrice : Bonjour.\n".encode(), "not a PDF file"),
        ("vide.rtf", b"", "vide.rtf: the file is empty"),
        ("notes.rtf", "Enquêtrice : Bonjour.\n".encode(), "not an RTF file"),
        ("blanc.rtf", b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\par\\par}", "contains no text"),
    ],
)
def test_bad_pdf_or_rtf_is_refused_clearly(
    invoke, tmp_project: Path, name: str, content: bytes, message: str
) -> None:
    invoke("import", str(tmp_project / "corpus"))
    with find_project(tmp_project).open_store(create=False) as store:
        before = store.counts()
    path = tmp_project / name
    path.write_bytes(content)
    result = invoke("import", str(path), "--case", "pole-a")
    assert result.exit_code == 1
    assert f"{name}: " in result.output and message in " ".join(result.output.split())
    assert "Traceback" not in result.output
    with find_project(tmp_project).open_store(create=False) as store:
        assert store.counts() == before


def test_an_interview_printed_to_pdf_imports_as_its_text(invoke, tmp_project: Path) -> None:
    """The demo's animateur interview (tests/data/pdf/animateur.txt) printed to PDF by
    LibreOffice (animateur.pdf, 4 pages): the same 50 segments, speakers and words as the
    text file. Before: 51 (a paragraph cut before « publics : » at a line's start) and
    « cinquantecinq » for « cinquante-cinq » cut at a line's end."""
    for name in ("animateur.txt", "animateur.pdf"):
        shutil.copyfile(PDF / name, tmp_project / name)
        result = invoke("import", str(tmp_project / name), "--case", "pole-c")
        assert result.exit_code == 0, result.output
    from_text, from_pdf = (
        pieces(tmp_project, "pole-c/animateur.txt"),
        pieces(tmp_project, "pole-c/animateur.pdf"),
    )
    assert len(from_text) == 50
    assert from_pdf == from_text
