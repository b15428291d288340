"""S35 C: whose coding a matrix or a report rests on, before any person's coding is counted:
the suggestions waiting for review are said, counted or not, and none are claimed when none
wait (« ni suggestion automatique » was said over suggestions waiting, « les suggestions
automatiques » over none)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.base.records import Coding
from ptce_coding.store import Store
from tests.test_web_s34m import whose

Invoke = Callable[..., Result]
# the report's words (report.labels.whose_coding), the matrix page's too since session 37 W;
# the cover's pending note, and the page's, say how many suggestions wait
REPORT_NOTHING = "des entretiens encore sans aucun codage, ni humain ni automatique"
REPORT_WAITING = "des entretiens que personne n'a encore codés ni validés"
WAITING = REPORT_WAITING
COUNTED = (
    "le seul repérage automatique (des règles sur les mots de la grille de codage) : personne "
    "n'a encore codé ni validé de passage"
)
NOTHING = REPORT_NOTHING


def test_the_matrix_page_says_suggestions_wait(suggested: Path) -> None:
    """Two rule suggestions wait for review: the page of accepted codings said « ni
    suggestion automatique »."""
    assert whose(suggested) == f"Cette matrice repose sur {WAITING}."
    assert whose(suggested, "?statut=all") == f"Cette matrice repose sur {COUNTED}."


def test_the_matrix_page_claims_no_suggestion_when_none_waits(imported: Path) -> None:
    """Nothing coded, not even by the rules: with the suggestions asked for, the page said it
    rested on « les suggestions automatiques »."""
    assert whose(imported, "?statut=all") == f"Cette matrice repose sur {NOTHING}."
    assert whose(imported) == f"Cette matrice repose sur {NOTHING}."


def said(project: Path, name: str) -> str:
    text = (project / "outputs" / "report" / name).read_text(encoding="utf-8")
    return " ".join(text.replace("&#39;", "'").split())


@pytest.mark.slow  # the report's figures
def test_the_report_says_what_it_rests_on_before_anything_is_accepted(
    invoke: Invoke, imported: Path
) -> None:
    # suggestions asked for, none made: none is claimed
    result = invoke("report", "--include-suggestions")
    assert result.exit_code == 0, result.output
    for name in ("restitution.html", "synthese.md"):
        assert f"Ce document repose sur {REPORT_NOTHING}." in said(imported, name), name
    # pole A coded by alice; pole B has only the rules' suggestions, not counted (a coding
    # is accepted in the study): its report says they wait
    with Store(imported / "coding.sqlite") as store:
        document = store.document("pole-b/membre.md")
        assert document is not None
        start = document.text.index("Une subvention")
        suggestion = Coding(
            document.name, start, start + 14, "ECO.PUBLIC", "rules", "rule", "suggested"
        )
        store.replace_suggestions("rule", [document.id], [(document.id, suggestion)])
        store.add_codings([Coding("pole-a/directrice.txt", 0, 20, "COOP", "alice")])
    result = invoke("report", "--cases", "pole-b")
    assert result.exit_code == 0, result.output
    for name in ("restitution-cases-pole-b.html", "synthese-cases-pole-b.md"):
        assert f"Ce document repose sur {REPORT_WAITING}." in said(imported, name), name
