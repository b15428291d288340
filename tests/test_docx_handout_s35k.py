"""The Word reports as documents to hand out: a footer « <title>    page N / M » from page 2
on, the report's own properties (no python-docx leftovers), a table of contents that shows
its entries without asking to update the fields, and « Document provisoire » on every page
while unreviewed suggestions are counted."""

from __future__ import annotations

import shutil
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.document import Document as DocumentType
from docx.oxml.ns import qn
from lxml import etree

from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.report.docx_parts import add_toc, new_document
from ptce_coding.store import Store

pytestmark = pytest.mark.slow  # each report draws its charts (matplotlib)

DATA = Path(__file__).parent / "data"
TITLE = (
    "Coopérations et territoires : synthèse des entretiens menés auprès des pôles "
    "territoriaux de coopération économique"
)
FOOTER_TITLE = {  # the title cut at a word, then which document it is (whole)
    "restitution.docx": "Coopérations et territoires\u00a0: synthèse des entretiens menés auprès… "
    "— restitution",
    "synthese.docx": "Coopérations et territoires\u00a0: synthèse des entretiens… "
    "— annexe de recherche",
}
KIND = {
    "restitution.docx": "restitution aux pôles et à la Région",
    "synthese.docx": "annexe de recherche",
}
DOCUMENTS = ("restitution.docx", "synthese.docx")
PROVISIONAL = "Document provisoire\u00a0: il compte des suggestions automatiques non relues"


def _project(root: Path, runner: CliRunner) -> Path:
    """The two-pole test project (as tests/conftest.py builds it), imported."""
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    shutil.copyfile(DATA / "codebook.yaml", root / "codebooks" / "ptce.yaml")
    shutil.rmtree(root / "corpus")
    shutil.copytree(DATA / "corpus", root / "corpus")
    result = runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``ptce-coding report`` twice: on accepted codings (« named »), then with unreviewed
    suggestions counted (« provisional »); each run's Word files kept in a folder."""
    runner = CliRunner()
    base = tmp_path_factory.mktemp("handout")
    root = _project(base / "study", runner)
    with Store(root / "coding.sqlite") as store:
        document = store.document("pole-a/directrice.txt")
        assert document is not None
        start = document.text.index("locaux partagés")
        store.add_codings(
            [Coding(document.name, start, start + len("locaux partagés"), "COOP.LIEU", "anne")]
        )
        start = document.text.index("achats groupés")
        suggestion = Coding(
            document.name,
            start,
            start + len("achats groupés"),
            "COOP.ACHATS",
            "rules",
            "rule",
            "suggested",
        )
        store.replace_suggestions("rule", [document.id], [(document.id, suggestion)])
    found = {}
    for name, options in (("named", []), ("provisional", ["--include-suggestions"])):
        args = ["report", "--title", TITLE, *options, "--project", str(root)]
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        found[name] = base / name
        shutil.copytree(root / "outputs" / "report", found[name], ignore=_not_docx)
    return found


def _not_docx(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if not n.endswith(".docx")]


def _fields(element: etree._Element) -> list[str]:
    return [" ".join((t.text or "").split()) for t in element.iter(qn("w:instrText"))]


def _part(path: Path, name: str) -> str:
    return zipfile.ZipFile(path).read(name).decode("utf-8")


@pytest.mark.parametrize("name", DOCUMENTS)
def test_footer_gives_title_and_page_from_page_two(reports: dict[str, Path], name: str) -> None:
    document = docx.Document(str(reports["named"] / name))
    section = document.sections[0]
    assert section.different_first_page_header_footer  # the title page: no footer
    footer = section.footer._element
    assert _fields(footer) == ["PAGE", "NUMPAGES"]
    text = section.footer.paragraphs[0].text  # the fields' values are the pages'
    assert text == f"{FOOTER_TITLE[name]}\tpage  / "
    first = section.first_page_footer._element
    assert not _fields(first) and not "".join(t.text or "" for t in first.iter(qn("w:t")))
    tabs = document.styles["Footer"].paragraph_format.tab_stops
    width = section.page_width - 2 * section.left_margin
    assert [abs(t.position - width) < 635 for t in tabs] == [True]  # one twip
    assert "Document provisoire" not in _part(reports["named"] / name, "word/document.xml")
    assert not any(h.paragraphs[0].text for h in (section.header, section.first_page_header))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_properties_are_the_reports_own(reports: dict[str, Path], name: str) -> None:
    path = reports["named"] / name
    properties = docx.Document(str(path)).core_properties
    assert properties.title == f"{TITLE} — {KIND[name]}"
    assert properties.author == "" and properties.last_modified_by == ""
    assert properties.comments == "" and properties.language == "fr-FR"
    assert properties.revision == 1
    now = datetime.now(UTC)
    assert properties.created is not None and properties.modified == properties.created
    assert now - timedelta(hours=1) < properties.created <= now
    core, app = _part(path, "docProps/core.xml"), _part(path, "docProps/app.xml")
    assert "python-docx" not in core + app and "2013" not in core
    assert "<Application>ptce-coding</Application>" in app
    assert "Macintosh" not in app and "<Pages>" not in app and "<Words>" not in app
    settings = _part(path, "word/settings.xml")
    assert '<w:decimalSymbol w:val=","/>' in settings
    assert '<w:listSeparator w:val=";"/>' in settings


@pytest.mark.parametrize(("name", "deepest"), [("restitution.docx", 2), ("synthese.docx", 1)])
def test_contents_show_at_once_without_a_question(
    reports: dict[str, Path], name: str, deepest: int
) -> None:
    path = reports["named"] / name
    assert "updateFields" not in _part(path, "word/settings.xml")  # Word asks nothing
    document = docx.Document(str(path))
    body = document.element.body
    fields = [f for f in _fields(body) if not f.startswith("SEQ ")]  # captions' numbers
    assert fields == [f'TOC \\o "1-{deepest}" \\h \\z \\u']
    assert not [c for c in body.iter(qn("w:fldChar")) if c.get(qn("w:dirty"))]
    entries = [p.text for p in document.paragraphs if p.style.name.startswith("toc")]
    headings = [
        p.text
        for p in document.paragraphs
        if p.style.name in [f"Heading {level}" for level in range(1, deepest + 1)]
    ]
    assert entries and entries == headings  # the field's result: what Word would list
    levels = {p.style.name for p in document.paragraphs if p.style.name.startswith("toc")}
    assert levels == {f"toc {level}" for level in range(1, deepest + 1)}


def test_provisional_report_says_so_on_every_page(reports: dict[str, Path]) -> None:
    for name in DOCUMENTS:
        document = docx.Document(str(reports["provisional"] / name))
        section = document.sections[0]
        for header in (section.header, section.first_page_header):
            assert header.paragraphs[0].text == PROVISIONAL
        _assert_entries_link_to_headings(document)


def test_finish_document_links_contents_and_marks_provisional(tmp_path: Path) -> None:
    from ptce_coding.report.docx_parts import finish_document  # the function under test

    doc = new_document("Titre court")
    add_toc(doc, [(1, "Premier : chapitre"), (2, "Section"), (1, "Oublié")])
    doc.add_heading("Premier : chapitre", level=1)
    doc.add_heading("Section", level=2)
    doc.add_heading("Sous-section", level=3)  # deeper than the contents go
    doc.add_heading("Dernier", level=1)
    finish_document(doc, provisional=True)
    target = tmp_path / "essai.docx"
    doc.save(str(target))
    document = docx.Document(str(target))
    entries = [(p.style.name, p.text) for p in document.paragraphs if p.style.name[:3] == "toc"]
    assert entries == [  # the headings as written, not the outline announced
        ("toc 1", "Premier\u00a0: chapitre"),
        ("toc 2", "Section"),
        ("toc 1", "Dernier"),
    ]
    _assert_entries_link_to_headings(document)
    section = document.sections[0]
    assert section.header.paragraphs[0].text == PROVISIONAL
    assert section.first_page_header.paragraphs[0].text == section.header.paragraphs[0].text
    assert section.footer.paragraphs[0].text == "Titre court\tpage  / "


def _assert_entries_link_to_headings(document: DocumentType) -> None:
    """Each entry of the contents a link to a bookmark that opens its heading, in order."""
    body = document.element.body
    names = {
        b.get(qn("w:name")): b.getparent()
        for b in body.iter(qn("w:bookmarkStart"))
        if (b.get(qn("w:name")) or "").startswith("_Toc")
    }
    links = [h for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    assert links and len(links) == len(names)
    for link in links:
        heading = names[link.get(qn("w:anchor"))]
        words = "".join(t.text or "" for t in heading.iter(qn("w:t")))
        assert "".join(t.text or "" for t in link.iter(qn("w:t"))) == words
        assert heading.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) in (
            "Heading1",
            "Heading2",
        )
