"""Negation and an answer's « no » read in spoken French (session 38 D2).

The rules leave out a negated match and an answer that says no takes nothing from the
question before it (tagging/negation.py). On real transcripts (ESLO, CFPP) both missed:
the hesitations and the transcriber's marks counted as words of the negation's window
(« aucun problème une euh avec la préfecture »), a negation after a subject taken up by a
pronoun was not read (« le préfet il n'a absolument rien à voir »), an answer that says no
after a hesitation (« ben j'ai pas… ») took the question's code, and the other speaker's
words in brackets (« [je savais pas] ») negated the speaker's own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.app.project import find_project

pytestmark = pytest.mark.slow  # the French spaCy model


def _suggested(invoke: Callable[..., Result], tmp_project: Path, *paragraphs: str) -> list:
    """(code, passage) of the rule suggestions on an interview of ``paragraphs``, imported
    and coded (the test project writes every rule match: ``min_confidence: 0``)."""
    (tmp_project / "corpus" / "pole-a" / "tresorier.txt").write_text(
        "\n\n".join(paragraphs) + "\n", encoding="utf-8"
    )
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    result = invoke("code")
    assert result.exit_code == 0, result.output
    with find_project(tmp_project).open_store() as store:
        rows = store.coding_rows(methods=["rule"], documents=["pole-a/tresorier.txt"])
    return sorted((row.code, row.text) for row in rows)


def test_an_answer_that_says_no_after_a_hesitation_takes_nothing(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """It took the question's code: only an answer opening with « non » / « pas du tout »
    said no; « ben j'ai pas… », « euh je sais pas », « moi non plus » did not."""
    rows = _suggested(
        invoke,
        tmp_project,
        "Enquêtrice : Et les achats groupés ?",
        "Paul Roux : ben j'ai pas av- [rire] c'est ma collègue qui s'en occupe",
        "Enquêtrice : Et les locaux partagés ?",
        "Paul Roux : euh je sais pas trop on verra",
        "Enquêtrice : Vous avez eu des subventions ?",
        "Paul Roux : ah moi non plus",
        "Enquêtrice : Et les achats groupés alors ?",
        "Paul Roux : ben oui tous les mois on commande ensemble",
    )
    # the hesitation before « oui » hides no « no »: that answer takes the question's code
    assert rows == [("COOP.ACHATS", "ben oui tous les mois on commande ensemble")]


def test_hesitations_and_marks_are_not_words_of_the_negation(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """« jamais eu euh [pause] une euh subvention », « aucun euh (rires) appel à projets »:
    the cue was more than four tokens back (« ( » even ended the clause), and the match
    was suggested."""
    rows = _suggested(
        invoke,
        tmp_project,
        "Paul Roux : on n'a jamais eu euh [pause] une euh subvention de la région",
        "Paul Roux : et aucun euh (rires) appel à projets non plus",
        "Paul Roux : la la subvention euh de la région elle arrive tous les ans",
    )
    assert rows == [
        ("ECO.PUBLIC", "la la subvention euh de la région elle arrive tous les ans"),
    ]


def test_a_subject_taken_up_by_a_pronoun_is_negated_with_its_verb(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """« le FSE il n'a absolument rien à voir », « la subvention elle est jamais venue »:
    the negation came after the match and was not read. « pas » keeps its subject (« elle
    arrive pas tous les ans » still speaks of the subsidy), and the interviewer's words in
    brackets negate nothing of the speaker's (« [je savais pas] une subvention »: it was
    left out)."""
    rows = _suggested(
        invoke,
        tmp_project,
        "Paul Roux : le le FSE il n'a absolument rien à voir là-dedans",
        "Paul Roux : la subvention de la région elle est jamais venue",
        "Paul Roux : la subvention elle arrive pas tous les ans",
        "Paul Roux : on a eu [je savais pas] une subvention de la région",
    )
    assert rows == [
        ("ECO.PUBLIC", "la subvention elle arrive pas tous les ans"),
        ("ECO.PUBLIC", "on a eu [je savais pas] une subvention de la région"),
    ]
