"""An interviewer's turn gives its codes to the answer only when it asks something."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_rules import _coded_interview

pytestmark = pytest.mark.slow  # spaCy


def test_a_story_the_interviewer_tells_gives_nothing_to_the_reply(
    invoke, tmp_project: Path
) -> None:
    rows = _coded_interview(
        invoke,
        tmp_project,
        "Enquêtrice : Vous faites des achats ensemble ?",
        "Paul Roux : Pas vraiment.",
        "Enquêtrice : Moi, l'an dernier, j'ai fait des achats groupés de bois avec des voisins, "
        "on a tout fait à la main.",
        "Paul Roux : C'est beaucoup trop.",
    )
    # the interviewer's own story has the words, but asks nothing: the reply is no answer
    # about group purchases (before: COOP.ACHATS « in the question “Moi, l'an dernier… »)
    assert [r.code for r in rows] == []


@pytest.mark.parametrize(
    "asking",
    [
        "Enquêtrice : Et les achats groupés, ça marche ?",
        "Enquêtrice : Parlez-moi des achats groupés.",
        "Enquêtrice : Racontez-nous vos achats groupés.",
        # a question over two paragraphs: the words in the first, the asking in the second
        "Enquêtrice : On m'a parlé de vos achats groupés.\n\nEnquêtrice : Comment ça marche ?",
    ],
)
def test_a_question_or_a_request_gives_its_codes(invoke, tmp_project: Path, asking: str) -> None:
    rows = _coded_interview(
        invoke,
        tmp_project,
        "Enquêtrice : Vous êtes là depuis quand ?",
        "Paul Roux : Depuis 2015.",
        *asking.split("\n\n"),
        "Paul Roux : Tous les mois on commande ensemble.",
    )
    assert [(r.code, r.text) for r in rows] == [
        ("COOP.ACHATS", "Tous les mois on commande ensemble.")
    ]


def test_without_any_question_mark_every_interviewer_turn_still_asks(
    invoke, tmp_project: Path
) -> None:
    # a transcript made without punctuation cannot tell a question from a remark: as before
    rows = _coded_interview(
        invoke,
        tmp_project,
        "Enquêtrice : et les achats groupés",
        "Paul Roux : tous les mois on commande ensemble",
    )
    assert [r.code for r in rows] == ["COOP.ACHATS"]
