"""The short forms proposed for a pole, and the longer names its words are written in.

A reviewer who kept every proposal of the demo project read « le label Pôle A de la Commune
9 » (« le label Bois du Val ») and « pour Pôle C Habitat, le bailleur » (« Lisonne
Habitat »): single words of the poles' names (« Bois », « Lisonne », « Morvanne ») were
proposed as their short forms, and replaced inside the other names they are written in.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.privacy import workflow
from tests.privacy_support import Labelling, project_with, review_rows

Invoke = Callable[..., Result]

MORVANNE = """\
Enquêteur : Vous pouvez vous présenter ?

Julien Hertzog : Je suis animateur du pôle Bois & Habitat depuis 2014. Le Val de Morvanne, \
c'est trois communautés de communes. Et le label Bois du Val, c'est cinquante kilomètres. \
On a monté une offre commune, Rénov'Bois Morvanne.
"""
LISONNE = """\
Enquêteur : Et le nom du pôle ?

Karim Benaïssa : Même le nom « Pôle Ressources », mes clients ne le connaissent pas. On fait \
l'entretien pour Lisonne Habitat, le bailleur, et pour la clinique de la Lisonne. Le Val de \
Lisonne, c'est vingt communes.
"""
BAILLEUR = """\
Enquêteur : Et vos clients ?

Karim : On fait l'entretien pour Lisonne Habitat, le bailleur, et pour la clinique de la Lisonne.
"""
BISCUITERIE = """\
Enquêteur : Ce que tu fais à la Biscuiterie ?

Léa Fontaine : Je suis salariée du GE Biscuiterie, et je coordonne la Biscuiterie.
"""
CASES = (
    "case,nom\n"
    "bois-habitat-morvanne,Pôle Bois & Habitat du Val de Morvanne\n"
    "ressources-val-de-lisonne,Pôle Ressources du Val de Lisonne\n"
    "collectif-biscuiterie,Collectif de la Biscuiterie\n"
)
DOCUMENTS = (
    "document,organisation,role\n"
    "bois-habitat-morvanne/animateur.txt,Pôle Bois & Habitat,animateur du pôle\n"
    "collectif-biscuiterie/coordinatrice.txt,GE Biscuiterie,coordinatrice\n"
)
FILES = {
    "bois-habitat-morvanne/animateur.txt": MORVANNE,
    "ressources-val-de-lisonne/gerant.txt": LISONNE,
    "collectif-biscuiterie/coordinatrice.txt": BISCUITERIE,
    "cases.csv": CASES,
    "documents.csv": DOCUMENTS,
}


def _variants(row: dict[str, object]) -> list[str]:
    return str(row["variants"]).split(" | ")


def _answers(invoke: Invoke, root: Path, tmp_path: Path) -> dict[str, str]:
    """The interviewees' answers, anonymised with every proposal kept, by case."""
    result = invoke("pseudonymise", "--apply", str(root / "private" / "revue.xlsx"))
    assert result.exit_code == 0, result.output
    out = tmp_path / "segments.csv"
    result = invoke("segments", "export", str(out), "--anonymise")
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["speaker"] != "Enquêteur"]
    return {r["case"]: r["text"] for r in rows}


def test_a_word_of_a_pole_s_name_is_no_short_form_of_it_alone(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: « Bois » and « Morvanne » of « Pôle Bois & Habitat du Val de Morvanne », and
    « Lisonne » of « Pôle Ressources du Val de Lisonne », were the poles' short forms: « le
    label Pôle A du Val », « Le Val de Pôle A », « Rénov'Pôle A Pôle A », « pour Pôle B
    Habitat, le bailleur, et pour la clinique de Pôle B ». The distinctive part of these
    names is several words: its runs the interviews write are the short forms (« Bois &
    Habitat », « Val de Lisonne »); « Biscuiterie », the one word that sets « Collectif de la
    Biscuiterie » apart, still is one."""
    root = project_with(tmp_project, invoke, FILES)
    rows = review_rows(invoke, root, "--no-model")
    morvanne = _variants(rows["Pôle Bois & Habitat du Val de Morvanne"])
    assert "Bois & Habitat" in morvanne
    assert not {"Bois", "Morvanne", "Habitat"} & set(morvanne)
    lisonne = _variants(rows["Pôle Ressources du Val de Lisonne"])
    assert "Val de Lisonne" in lisonne and not {"Lisonne", "la Lisonne"} & set(lisonne)
    assert {"Biscuiterie", "la Biscuiterie"} <= set(_variants(rows["Collectif de la Biscuiterie"]))
    answers = _answers(invoke, root, tmp_path)
    assert answers["pole-a"] == (
        "Je suis animateur du Pôle A depuis 2014. Le Val de Morvanne, c'est trois communautés "
        "de communes. Et le label Bois du Val, c'est cinquante kilomètres. On a monté une "
        "offre commune, Rénov'Bois Morvanne."
    )
    assert (
        "pour Lisonne Habitat, le bailleur, et pour la clinique de la Lisonne. Pôle C, "
        in (answers["pole-c"])
    )
    assert answers["pole-b"] == "Je suis salariée de l'Organisation 1, et je coordonne Pôle B."


def test_a_pole_s_name_as_the_interviews_begin_it_is_the_pole(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: « Pôle Ressources » (the name of « Pôle Ressources du Val de Lisonne » up to
    its place) stayed in clear, and « Pôle Bois & Habitat », the animateur's organisation
    in documents.csv, was a row of its own (« Organisation 1 »), not the pole's."""
    root = project_with(tmp_project, invoke, FILES)
    rows = review_rows(invoke, root, "--no-model")
    assert "Pôle Bois & Habitat" not in rows
    assert "Pôle Bois & Habitat" in _variants(rows["Pôle Bois & Habitat du Val de Morvanne"])
    assert "Pôle Ressources" in _variants(rows["Pôle Ressources du Val de Lisonne"])
    answers = _answers(invoke, root, tmp_path)
    assert answers["pole-c"].startswith("Même le nom « Pôle C », mes clients ne le connaissent")


@pytest.fixture
def labelled(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str]], None]:
    """Make `pseudonymise --review` read names with a stand-in NER."""

    def use(labels: dict[str, str]) -> None:
        monkeypatch.setattr(workflow, "load_ner", lambda: Labelling(labels))

    return use


def test_the_other_names_a_pole_s_words_are_written_in_are_names_of_their_own(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, labelled: Callable[[dict[str, str]], None]
) -> None:
    """With the model (as fr_core_news_sm reads the demo: « Bois du Val » and « Val de
    Morvanne » places, « Bois Morvanne » of « Rénov'Bois Morvanne »), before: the pole's
    « Bois » and « Morvanne » won over the model's longer names, « le label Pôle A du Val »,
    and the model's « Bois Morvanne » left « Rénov' » in clear."""
    labelled({"Bois du Val": "LOC", "Val de Morvanne": "LOC", "Bois Morvanne": "LOC"})
    root = project_with(tmp_project, invoke, FILES)
    rows = review_rows(invoke, root)
    assert {"Bois du Val", "Val de Morvanne", "Rénov'Bois Morvanne"} <= set(rows)
    assert "Bois Morvanne" not in rows
    assert rows["Bois du Val"]["kind"] == "organisation"  # « le label Bois du Val »
    answer = _answers(invoke, root, tmp_path)["pole-a"]
    assert "Morvanne" not in answer and "Bois" not in answer
    assert "Et le label Organisation " in answer and "offre commune, Commune " in answer
    assert answer.startswith("Je suis animateur du Pôle A depuis 2014. La Commune ")


def test_a_word_written_after_an_article_is_no_short_form_of_a_person(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, labelled: Callable[[dict[str, str]], None]
) -> None:
    """Before: the model's person « Lisonne Habitat » took the river « la Lisonne » for its
    short form: « la clinique de la Personne 1 ». French puts no article before a person's
    name."""
    labelled({"Lisonne Habitat": "PER", "Lisonne": "LOC"})
    root = project_with(tmp_project, invoke, {"pole-a/gerant.txt": BAILLEUR})
    rows = review_rows(invoke, root)
    assert "Lisonne" not in _variants(rows["Lisonne Habitat"])
    assert rows["Lisonne"]["kind"] == "place"
    answer = _answers(invoke, root, tmp_path)["pole-a"]
    assert re.search(
        r"pour Personne \d, le bailleur, et pour la clinique de la Commune 1\.", answer
    )


def test_two_names_of_one_organisation_joined_by_de_are_one_name(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: « la SCOP des Charpentes du Val » (« la SCOP », the members file's alias of
    « Les Charpentes du Val ») read « Organisation 1 des Charpentes du Val » (the name
    without its article, after « des », was not found), and with the demo's alias
    « Charpentes du Val », « Organisation 1 de l'Organisation 1 »."""
    files = {
        "pole-a/animateur.txt": "Enquêteur : Et la charpente ?\n\nJulien : Il a fallu que la "
        "SCOP des Charpentes du Val la fasse, et la SCOP l'a faite.\n",
        "members.csv": "case,organisation,aliases\npole-a,Les Charpentes du Val,la SCOP\n",
    }
    root = project_with(tmp_project, invoke, files)
    review_rows(invoke, root, "--no-model")
    assert _answers(invoke, root, tmp_path)["pole-a"] == (
        "Il a fallu qu'Organisation 1 la fasse, et Organisation 1 l'a faite."
    )
