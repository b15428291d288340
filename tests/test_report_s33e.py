"""The report as a French document: one way with dates and with thousands in every format, a
quotation's pole said once, French spaces that keep « : » and « » » off the start of a line in
Word and HTML (the transcripts' words as they are), « 1 entretien codé » in the Markdown annex,
and a heatmap whose long code label no longer shrinks all its text on the page."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
import lxml.html
import pytest
import yaml
from click.testing import CliRunner, Result

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli

pytestmark = pytest.mark.slow  # the whole report: figures, Word documents

DATA = Path(__file__).parent / "data"
NAME = "Collectif du Val"
SAID = "On partage des locaux ; c'est utile, non ? Il a dit « merci » !"
# the same, as the Word and HTML documents print it: no-break spaces (U+00A0 before « : »,
# U+202F before « ; ! ? » and inside « »), every word as it was said
PRINTED = "On partage des locaux\u202f; c'est utile, non\u202f? Il a dit «\u202fmerci\u202f»\u202f!"
BREAKABLE = re.compile(r"[ ][:;!?»]|«[ ]")  # an ordinary space where a line may break
GROUPED = re.compile(r"^\d{1,3}(?:\u202f\d{3})+$")  # « 1 234 »: thousands from 1 000


class _FirstOfMarch(date):
    @classmethod
    def today(cls) -> _FirstOfMarch:
        return cls(2026, 3, 1)


def _code(root: Path, document: str, words: str, code: str, coder: str) -> None:
    with find_project(root).open_store() as store:
        stored = store.document(document)
        assert stored is not None, document
        start = stored.text.index(words)
        store.add_codings([Coding(document, start, start + len(words), code, coder)])


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _cells(path: Path, header: str, column: str) -> dict[str, str]:
    """Row label → cell of ``column`` in the Word tables whose header row has it (a table
    split to the page width is several tables)."""
    found = {}
    for table in docx.Document(str(path)).tables:
        titles = [c.text for c in table.rows[0].cells]
        if titles[0] == header and column in titles:
            for row in table.rows[1:]:
                found[row.cells[0].text] = row.cells[titles.index(column)].text
    return found


def _md_row(markdown: str, label: str, after: str) -> list[str]:
    rest = markdown[markdown.index(after) :]
    line = next(x for x in rest.splitlines() if x.startswith(f"| {label} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def _html_text(path: Path) -> str:
    """What a reader sees of an HTML document: its body's text, no tag, no style sheet."""
    return lxml.html.document_fromstring(path.read_text(encoding="utf-8")).body.text_content()


@pytest.fixture
def studied(
    invoke: Callable[..., Result], tmp_project: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Pole A is « Collectif du Val », its directrice's organisation too; its second
    interview runs past 1 000 words and says « ; », « ? », « ! » and « » »; anne and bob
    both coded the directrice; a memo on the project; the report made on 1 March 2026."""
    corpus = tmp_project / "corpus"
    (corpus / "cases.csv").write_text(
        f"case,nom,region,laureat\npole-a,{NAME},Bretagne,2013\npole-b,Pôle Sud,Occitanie,non\n",
        encoding="utf-8",
    )
    (corpus / "documents.csv").write_text(
        f"document,organisation,role\npole-a/directrice.txt,{NAME},directrice\n"
        f"pole-a/second.txt,{NAME},coordinateur\n",
        encoding="utf-8",
    )
    filler = " ".join(["beaucoup"] * 1200)
    (corpus / "pole-a" / "second.txt").write_text(
        f"Enquêtrice : Et vous ?\n\nMarc : {SAID}\n\nEt puis il y a {filler} de choses.\n",
        encoding="utf-8",
    )
    assert invoke("import", str(corpus)).exit_code == 0
    for coder in ("anne", "bob"):
        _code(
            tmp_project,
            "pole-a/directrice.txt",
            "nous avons des locaux partagés",
            "COOP.LIEU",
            coder,
        )
    _code(tmp_project, "pole-a/second.txt", SAID, "COOP.LIEU", "anne")
    _code(tmp_project, "pole-b/membre.md", "on partage un grand bureau", "COOP.LIEU", "anne")
    with find_project(tmp_project).open_store() as store:
        store.add_memo("project", "", "Un mémo : à relire.", title="Projet", author="anne")
    monkeypatch.setattr("ptce_coding.report.synthesis.date", _FirstOfMarch)
    result = invoke("report")
    assert result.exit_code == 0, result.output
    return tmp_project / "outputs" / "report"


def test_one_french_date_on_every_cover_and_memo(studied: Path) -> None:
    """The HTML and Markdown covers said « produit le 2026-03-01 », Word « 1er mars 2026 »;
    a memo was dated « 2026-… » in all three."""
    iso = re.compile(r"\d{4}-\d{2}-\d{2}")
    for name in ("restitution.html", "synthese.html"):
        text = " ".join(_html_text(studied / name).split())
        assert "document produit le 1er mars 2026 avec ptce-coding" in text, name
        assert not iso.search(text), name
    markdown = (studied / "synthese.md").read_text(encoding="utf-8")
    assert "document produit le 1er mars 2026 avec ptce-coding" in markdown
    assert not iso.search(markdown)
    for name in ("restitution.docx", "synthese.docx"):
        text = _docx_text(studied / name)
        assert "Document généré le 1er mars 2026." in text, name
        assert not iso.search(text), name


def test_thousands_spaced_from_a_thousand_in_every_format(studied: Path) -> None:
    """« 1 2xx mots » the same way in Markdown, HTML and Word: the Markdown key figures
    printed « 1234 », the tables of Word and Markdown grouped only from 10 000; a year stays
    « 2013 »."""
    markdown = (studied / "synthese.md").read_text(encoding="utf-8")
    figures = _md_row(markdown, "pôles", "## Chiffres clés")
    values = markdown[markdown.index("## Chiffres clés") :].splitlines()[4]
    words = [cell.strip() for cell in values.strip("|").split("|")][
        figures.index("mots des personnes interrogées")
    ]
    assert GROUPED.match(words), words
    poles = _md_row(markdown, "Pôle", "## Les pôles et les bases")
    row = _md_row(markdown, NAME, "## Les pôles et les bases")
    pole_words = row[poles.index("Mots")]
    assert GROUPED.match(pole_words), pole_words
    assert row[poles.index("Lauréat de l'appel")] == "2013"
    annex = studied / "synthese.docx"
    assert _cells(annex, "Indicateur", "Valeur")["Mots (personnes interviewées)"] == words
    assert _cells(annex, "Pôle", "Mots")[NAME] == pole_words
    assert _cells(annex, "Pôle", "Lauréat de l'appel")[NAME] == "2013"
    document = docx.Document(str(annex))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert not [c for c in cells if re.fullmatch(r"\d{4,}", c) and c != "2013"]
    html = (studied / "synthese.html").read_text(encoding="utf-8")
    assert f'<td class="n">{pole_words}</td>' in html
    assert f"<b>{words}</b>mots des personnes interrogées" in html


def test_a_quotation_of_the_pole_itself_names_it_once(studied: Path) -> None:
    """« (Collectif du Val, Collectif du Val) »: the directrice's organisation is the pole."""
    source = f"— coordinateur ({NAME})"  # the quotation of pole A
    markdown = (studied / "synthese.md").read_text(encoding="utf-8")
    assert source in markdown
    assert f"{NAME}, {NAME}" not in markdown
    for name in ("restitution.html", "synthese.html"):
        text = _html_text(studied / name)
        assert source in text and f"{NAME}, {NAME}" not in text, name
    for name in ("restitution.docx", "synthese.docx"):
        text = _docx_text(studied / name)
        assert source in text and f"{NAME}, {NAME}" not in text, name


def test_french_spaces_in_word_and_html_and_the_words_as_said(
    studied: Path, tmp_project: Path
) -> None:
    """An ordinary space before « : », « ; », « ? », « ! », « » » or after « « » let Word and
    the browser start a line with the mark; now a no-break space, in the template's
    sentences, the names and the quotations alike. The transcript's words and the stored
    text do not change; the Markdown stays plain."""
    for name in ("restitution.docx", "synthese.docx"):
        text = _docx_text(studied / name)
        assert not BREAKABLE.search(text), (name, BREAKABLE.search(text))
        assert "Projet\u00a0: study" in text, name
    quotes = [
        p.text
        for p in docx.Document(str(studied / "synthese.docx")).paragraphs
        if p.style.name == "Citation" and "merci" in p.text
    ]
    assert quotes == [f"«\u202f{PRINTED}\u202f»"]
    for name in ("restitution.html", "synthese.html"):
        text = _html_text(studied / name)
        assert not BREAKABLE.search(text), (name, BREAKABLE.search(text))
        html = (studied / name).read_text(encoding="utf-8")
        style = html[html.index("<style>") : html.index("</style>")]
        assert "\u00a0" not in style and "\u202f" not in style, name  # the CSS as written
    assert PRINTED in _html_text(studied / "synthese.html")
    markdown = (studied / "synthese.md").read_text(encoding="utf-8")
    assert SAID in markdown  # the Markdown as before
    with find_project(tmp_project).open_store() as store:
        stored = store.document("pole-a/second.txt")
        assert stored is not None and SAID in stored.text  # what is stored never changes


def test_the_markdown_agreement_sentence_in_french(studied: Path) -> None:
    """« sur 1 entretien(s) codé(s) par les deux » in the Markdown annex."""
    markdown = (studied / "synthese.md").read_text(encoding="utf-8")
    assert "anne et bob, sur 1 entretien codé par les deux, par axe." in markdown
    assert "(s)" not in markdown


def test_word_keeps_a_mark_with_the_run_before_it(tmp_path: Path) -> None:
    """« Pôle X » in bold, then « : … » in another run: the space that ends the first run
    becomes a no-break one; so does the space that starts a run after « « »."""
    from ptce_coding.report.docx_parts import typeset_document  # new in S33

    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Pôle X ").bold = True
    paragraph.add_run(": polycentrique, dit «")
    paragraph.add_run(" ouvert ")
    paragraph.add_run("».")
    typeset_document(document)
    assert paragraph.text == "Pôle X\u00a0: polycentrique, dit «\u202fouvert\u202f»."


# --- a chapter of fourteen codes, one with a 150-character label ------------------------------

LONG = (
    "Mutualisation de locaux, d'équipements et de bureaux partagés entre les membres du pôle "
    "pour des activités menées ensemble sur le territoire concerné, au quotidien"
)
POLES = 8
CODES = 14


def _many_codes(root: Path) -> None:
    """A project of POLES poles whose COOP axis has CODES sub-codes, the first with the LONG
    label, each coded once in every pole."""
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    children = [
        {"id": f"COOP.C{i:02d}", "label": LONG if i == 0 else f"Coopération de type {i}"}
        for i in range(CODES)
    ]
    codebook = {
        "name": "Grille longue",
        "language": "fr",
        "codes": [
            {"id": "COOP", "label": "Coopération", "children": children},
            {"id": "ECO", "label": "Économie"},
        ],
    }
    (root / "codebooks" / "ptce.yaml").write_text(
        yaml.safe_dump(codebook, allow_unicode=True), encoding="utf-8"
    )
    shutil.rmtree(root / "corpus")
    for pole in range(1, POLES + 1):
        folder = root / "corpus" / f"pole-{pole}"
        folder.mkdir(parents=True)
        turns = "\n\n".join(
            f"Enquêtrice : Question {i} ?\n\nMarie : Réponse {i} du pôle {pole}."
            for i in range(CODES)
        )
        (folder / "entretien.txt").write_text(turns + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(root / "corpus"), "--project", str(root)])
    assert result.exit_code == 0, result.output
    with find_project(root).open_store() as store:
        codings = []
        for pole in range(1, POLES + 1):
            name = f"pole-{pole}/entretien.txt"
            stored = store.document(name)
            assert stored is not None
            for i in range(CODES):
                start = stored.text.index(f"Réponse {i} ")
                end = stored.text.index("\n", start)
                codings.append(Coding(name, start, end, f"COOP.C{i:02d}", "anne"))
        store.add_codings(codings)


def test_a_long_code_label_leaves_the_heatmap_readable_on_the_page(tmp_path: Path) -> None:
    """The 150-character label made the chapter's heatmap so wide that, printed as wide as
    the Word page, its text came out under 6 pt: the label is now cut, « … », and the text
    prints at 7 pt at least; the chapter's table keeps the label whole."""
    root = tmp_path / "study"
    _many_codes(root)
    result = CliRunner().invoke(cli, ["report", "--project", str(root)])
    assert result.exit_code == 0, result.output
    folder = root / "outputs" / "report"
    png = (folder / "figures" / "coop-carte.png").read_bytes()
    document = docx.Document(str(folder / "synthese.docx"))
    printed = []
    for shape in document.inline_shapes:
        embed = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        part = document.part.related_parts[embed]
        if part.blob == png:
            inches = shape.width / 914400
            printed.append(8 * inches / (part.image.px_width / 150))  # 8 pt text, 150 dpi
    assert len(printed) == 1
    assert printed[0] >= 7.0, f"the heatmap's 8 pt text prints at {printed[0]:.1f} pt"
    svg = (folder / "figures" / "coop-carte.svg").read_text(encoding="utf-8")
    assert "…" in svg and "au quotidien" not in svg
    markdown = (folder / "synthese.md").read_text(encoding="utf-8")
    assert f"| {LONG} |" in markdown
