"""S40 F: the web page names the interviews without reading their texts.

Every page names poles and interviews (``web.names.page_names``). Before, it read
``store.documents()``, every document with its whole text, to take their cases and
attributes: a corpus of long interviews was read whole on each page shown. The store gives
each document's case and attributes without the text (``Store.document_attributes``)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from ptce_coding.base.records import Document
from ptce_coding.store import Store
from tests.test_web_api import client_for
from tests.test_web_names_s39E import DIRECTRICE, ORGANISATION, SLUG, TWIN, project_dir

__all__ = ["project_dir"]  # the fixture, used by name


@pytest.fixture
def alice(project_dir: Path) -> Iterator[TestClient]:
    client, _ = client_for(project_dir, "alice")
    with client:
        yield client


def _links(page: str) -> dict[str, str]:
    """Each link to a document: its address → its text (the interview's name)."""
    found = re.findall(r'<a[^>]*href="/document/([^"]+)"[^>]*>(.*?)</a>', page)
    return {html.unescape(href.replace("%2F", "/")): html.unescape(text) for href, text in found}


def test_the_store_gives_each_documents_case_and_attributes_without_its_text(
    project_dir: Path,
) -> None:
    """{name: (case, attributes)} as ``documents()`` has them (``documents.csv`` over what
    the file says), and no text."""
    with Store(project_dir / "coding.sqlite") as store:
        whole = store.documents()
        named = store.document_attributes()
    assert named == {d.name: (d.case, d.attributes) for d in whole}
    assert named[DIRECTRICE][1]["organisation"] == ORGANISATION
    said = repr(named)
    assert not [d.name for d in whole if d.text.strip() and d.text.strip()[:40] in said]


def test_the_pages_name_interviews_as_before_without_reading_the_texts(
    alice: TestClient, project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list of documents and a document's page name the interviews as before, while
    ``Store.documents`` (every text) is not called. Before: the page read every text (here,
    an error page)."""
    before = _links(alice.get("/").text)
    assert before[DIRECTRICE] == f"{ORGANISATION} (directrice)"
    assert before[SLUG] == "Entretien directrice scic"

    def every_text(store: Store) -> list[Document]:
        raise AssertionError("the page read every document's text to name them")

    monkeypatch.setattr(Store, "documents", every_text)
    listed = alice.get("/")
    assert listed.status_code == 200
    assert _links(listed.text) == before
    page = alice.get(f"/document/{TWIN}")
    assert page.status_code == 200
    assert "Atelier Bois" in page.text
