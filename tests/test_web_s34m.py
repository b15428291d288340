"""The matrix page says whose coding it rests on as the report does: « le codage d'alice »,
not « le codage de alice » (the rule of ``report.formatting.names_agreeing``), in the report's
words (``report.labels.whose_coding``, session 37 W)."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from ptce_coding.app.project import load_project
from ptce_coding.base.records import Coding
from ptce_coding.store import Store
from ptce_coding.web.app import create_app


def whose(project: Path, query: str = "") -> str:
    """The page's sentence « Cette matrice repose sur … . », as a reader sees it."""
    app = create_app(load_project(project), "alice")
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        page = client.get("/matrice" + query)
    assert page.status_code == 200, page.text
    start = page.text.index('<p class="whose">')
    return html.unescape(page.text[start : page.text.index("</p>", start)]).split(">", 1)[1]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            (
                "Cette matrice repose sur le codage de toutes les personnes qui ont codé ces "
                "entretiens (alice et bob)."
            ),
        ),
        (
            "?codeurs=bob,alice",
            (
                "Cette matrice repose sur le codage de bob et d'alice, seuls codages retenus "
                "pour cette matrice."
            ),
        ),
        (
            "?codeurs=alice",
            "Cette matrice repose sur le codage d'alice, seul codage retenu pour cette matrice.",
        ),
    ],
)
def test_the_matrix_page_elides_before_a_coders_name(
    two_coders: Path, query: str, expected: str
) -> None:
    assert whose(two_coders, query) == expected


def test_the_consensus_name_agrees_too(two_coders: Path) -> None:
    with Store(two_coders / "coding.sqlite") as store:
        document = store.document("pole-a/directrice.txt")
        assert document is not None
        store.add_codings([Coding(document.name, 0, 20, "COOP", "arbitre")])
    # the consensus, named in quotation marks, is left as it is; the coder still agrees
    assert whose(two_coders, "?codeurs=alice&consensus=arbitre") == (
        "Cette matrice repose sur le codage d'alice, seul codage retenu pour cette matrice ; là "
        "où l'équipe a tranché un désaccord entre codeurs, sa décision commune (le consensus, "
        "enregistré sous le nom « arbitre ») remplace le codage d'alice."
    )


def test_with_the_suggestions_the_page_says_it_rests_on_them(suggested: Path) -> None:
    """statut=all before anyone accepted a coding: the page said « un corpus encore sans
    codage (ni codage validé, ni suggestion automatique) » over a matrix of suggestions."""
    assert whose(suggested, "?statut=all") == (
        "Cette matrice repose sur le seul repérage automatique (des règles sur les mots de la "
        "grille de codage) : personne n'a encore codé ni validé de passage."
    )
