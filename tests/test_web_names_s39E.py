"""The web page names interviews and poles as the report does (s39 E): the report's own
``display_names`` on the same data, the file's name kept in a tooltip and under the
document's title for the researcher who types it in a command."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from starlette.testclient import TestClient

from ptce_coding.analysis.synthesis_data import synthesis_data
from ptce_coding.report.labels import display_names
from ptce_coding.store import Store
from ptce_coding.web.names import page_names
from tests.test_web_api import client_for, make_web_project

DIRECTRICE = "pole-a/directrice.txt"
SLUG = "pole-b/entretien-directrice-scic.txt"
TWIN = "pole-b/second-membre.md"
ORGANISATION = "SCIC Terres d'Orlan"


@pytest.fixture
def project_dir(tmp_project: Path, invoke: Callable[..., Result]) -> Path:
    corpus = tmp_project / "corpus"
    (corpus / "pole-b" / "entretien-directrice-scic.txt").write_text(
        "Enquêtrice : Bonjour.\n\nMarie : Nous mutualisons des locaux.\n", encoding="utf-8"
    )
    (corpus / "pole-b" / "second-membre.md").write_text(
        "Enquêtrice : Bonjour.\n\nPaul : Nous faisons des achats groupés.\n", encoding="utf-8"
    )
    (corpus / "documents.csv").write_text(
        "document,organisation,role\n"
        f"{DIRECTRICE},{ORGANISATION},directrice\n"
        "pole-b/membre.md,Atelier Bois,\n"
        f"{TWIN},Atelier Bois,\n",
        encoding="utf-8",
    )
    return make_web_project(tmp_project, invoke)


@pytest.fixture
def alice(project_dir: Path) -> Iterator[TestClient]:
    client, _ = client_for(project_dir, "alice")
    with client:
        yield client


def _links(page: str) -> dict[str, tuple[str, str]]:
    """Each link to a document: its file (from the address) → (text, tooltip)."""
    found = re.findall(r'<a[^>]*href="/document/([^"]+)"([^>]*)>(.*?)</a>', page)
    return {
        html.unescape(re.sub(r"%2F", "/", href)): (
            html.unescape(text),
            html.unescape((re.search(r'title="([^"]*)"', attrs) or ["", ""])[1]),
        )
        for href, attrs, text in found
    }


def test_documents_are_named_as_the_report_names_them(alice, project_dir: Path) -> None:
    """Before: « pole-a/directrice.txt », « pole-b/entretien-directrice-scic.txt » as the
    link texts, where the report says « SCIC Terres d'Orlan » and « Entretien directrice
    scic »."""
    with Store(project_dir / "coding.sqlite") as store:
        data = synthesis_data(store)
    report = display_names(data.cases, data.documents)
    links = _links(alice.get("/").text)
    assert set(links) == set(report.interviews)
    for document, (text, title) in links.items():
        assert text.startswith(report.interviews[document]), (document, text)
        assert document not in text
        assert title == f"Fichier : {document}"
    assert links[DIRECTRICE][0] == f"{ORGANISATION} (directrice)"
    assert links[SLUG][0] == "Entretien directrice scic"
    assert links["pole-a/emoji.txt"][0] == "Emoji"


def test_the_documents_list_keeps_each_file_name_beside_its_interview(alice) -> None:
    """The file's name, which the commands and the codings sheets take, stays on the
    list, small, as the pole's folder beside its name."""
    page = alice.get("/").text
    for document in ("pole-b/membre.md", TWIN, DIRECTRICE):
        row = re.search(rf'href="/document/{re.escape(document)}".*?</td>', page, re.S)
        assert row, document
        assert f'<small class="code-id">{document.split("/")[1]}</small>' in row.group(0)


def test_interviews_one_pole_names_alike_are_told_apart(project_dir: Path) -> None:
    """Two interviews of one organisation (no role): the review queue and a matrix cell
    add their file's name."""
    with Store(project_dir / "coding.sqlite") as store:
        names = page_names(store)
    assert names.alike == {"pole-b/membre.md", TWIN}
    assert names.interview(TWIN) == names.interview("pole-b/membre.md") == "Atelier Bois"
    assert names.short_file(TWIN) == "second-membre.md"


def test_document_review_and_cell_pages_name_the_interview(alice, project_dir: Path) -> None:
    """Before: the document page's title and heading were its file's name; the review
    queue and a matrix cell linked to « pole-a/directrice.txt »."""
    document = alice.get(f"/document/{DIRECTRICE}").text
    assert f"<title>{ORGANISATION} (directrice)".replace("'", "&#39;") in document
    heading = html.unescape(re.search(r"<h1>(.*?)</h1>", document).group(1))
    assert heading == f"{ORGANISATION} (directrice)"
    assert f"fichier : <code>{DIRECTRICE}</code>" in document  # the name commands take
    review = alice.get("/revue").text
    assert _links(review)[DIRECTRICE] == (
        f"{ORGANISATION} (directrice)",
        f"Fichier : {DIRECTRICE}",
    )
    filtered = html.unescape(alice.get(f"/revue?document={DIRECTRICE}").text)
    assert f"Document : {ORGANISATION} (directrice)" in filtered
    cell = alice.get("/matrice/cellule?cas=pole-a&code=COOP&statut=all").text
    assert _links(cell)[DIRECTRICE][0] == f"{ORGANISATION} (directrice)"
