"""The web matrix page says whose coding it rests on in the report's words, for the same
project (session 37 W): « le codage d'alice, seule personne à avoir codé ces entretiens »,
not « le codage d'alice (tous les codeurs humains) » (report.labels.whose_coding); and the
suggestions left to review, as the report's cover says them (method_facts.pending_sentence)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from starlette.testclient import TestClient

from ptce_coding.app.project import load_project
from ptce_coding.base.records import Coding
from ptce_coding.store import Store
from ptce_coding.web.app import create_app

ONE = "le codage d'alice, seule personne à avoir codé ces entretiens"
EVERY = "le codage de toutes les personnes qui ont codé ces entretiens (alice et bob)"


def page_text(project: Path, query: str = "") -> str:
    """The matrix page's text as a reader sees it, its lines joined."""
    app = create_app(load_project(project), "alice")
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        page = client.get("/matrice" + query)
    assert page.status_code == 200, page.text
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.text)).split())


def whose(project: Path, query: str = "") -> str:
    """What follows « Cette matrice repose sur » on the page, to its full stop."""
    found = re.search(r"Cette matrice repose sur (.+?)\. ", page_text(project, query))
    assert found is not None
    return found.group(1)


@pytest.fixture
def alice_only(imported: Path) -> Path:
    """alice alone coded (one accepted coding), nothing waits for review."""
    with Store(imported / "coding.sqlite") as store:
        store.add_codings([Coding("pole-a/directrice.txt", 0, 20, "COOP", "alice")])
    return imported


def test_one_coder_is_said_as_the_report_says_it(alice_only: Path) -> None:
    assert whose(alice_only) == ONE
    assert "tous les codeurs humains" not in page_text(alice_only)


def test_every_coder_is_said_as_the_report_says_it(two_coders: Path) -> None:
    assert whose(two_coders) == EVERY


def test_coders_chosen_on_the_page_are_said_to_be_chosen_for_the_matrix(
    two_coders: Path,
) -> None:
    assert whose(two_coders, "?codeurs=alice") == (
        "le codage d'alice, seul codage retenu pour cette matrice"
    )


def test_coders_chosen_in_the_project_are_said_so(two_coders: Path) -> None:
    settings = two_coders / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("  coders: []", "  coders: [bob]"), encoding="utf-8")
    assert whose(two_coders) == "le codage de bob, seul codage retenu pour cette matrice"


def test_suggestions_waiting_are_counted_as_the_report_counts_them(suggested: Path) -> None:
    """Two rule suggestions wait, nobody coded: the report's words, and its pending note."""
    shown = page_text(suggested)
    assert "Cette matrice repose sur des entretiens que personne n'a encore codés ni validés." in (
        shown
    )
    assert "2 suggestions automatiques restent à relire : les tableaux peuvent encore changer." in (
        shown
    )
    counted = page_text(suggested, "?statut=all")
    assert (
        "Cette matrice repose sur le seul repérage automatique (des règles sur les mots de la "
        "grille de codage) : personne n'a encore codé ni validé de passage." in counted
    )
    assert "restent à relire" not in counted  # they are counted: the first sentence says so


@pytest.mark.slow  # the report's figures (matplotlib)
def test_the_page_and_the_report_say_the_same(
    invoke: Callable[..., Result], alice_only: Path
) -> None:
    result = invoke("report")
    assert result.exit_code == 0, result.output
    report = (alice_only / "outputs" / "report" / "synthese.md").read_text(encoding="utf-8")
    said = re.search(r"Ce document repose sur (.+?)\.", " ".join(report.split()))
    assert said is not None
    assert said.group(1) == whose(alice_only) == ONE
