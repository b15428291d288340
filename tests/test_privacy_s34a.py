"""Pseudonyms that read as French: a place as the kind of place it is, one name for two kinds.

Before session 34: every place became « Commune N » (« rue Commune 3 », « la région Commune
2 »); Florence the coordinator and Florence the town shared one pseudonym; « Monsieur
Kessler » read « Monsieur Organisation 2 » (the scierie's alias); and « le budget des
Restos du cœur » read « le budget des Organisation 15 ».
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from ptce_coding.privacy import workflow
from ptce_coding.privacy.detect import Detection, detect, lowercase_vocabulary, model_detections
from ptce_coding.privacy.names import ListedName
from ptce_coding.privacy.pseudonyms import Entity, build_entities
from ptce_coding.privacy.replacer import AnonymisedText, Replacer
from tests.privacy_support import Labelling, project_with

Invoke = Callable[..., Result]


def _review(invoke: Invoke, root: Path, *options: str) -> list[dict[str, object]]:
    review = root / "private" / "revue.xlsx"
    result = invoke("pseudonymise", "--review", str(review), *options)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(review)["review"]
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)]


def _anonymised_text(invoke: Invoke, root: Path, tmp_path: Path) -> str:
    """Apply the review, export the segments anonymised, and return their texts joined."""
    result = invoke("pseudonymise", "--apply", str(root / "private" / "revue.xlsx"))
    assert result.exit_code == 0, result.output
    out = tmp_path / "segments.csv"
    result = invoke("segments", "export", str(out), "--anonymise")
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        return "\n".join(row["text"] for row in csv.DictReader(handle))


def _by_name(rows: list[dict[str, object]], name: str) -> list[dict[str, object]]:
    return [r for r in rows if r["name"] == name or name in str(r["variants"]).split(" | ")]


# --- 1. a place's pseudonym reads as the kind of place it is -----------------------------

PLACES_TEXT = """\
Enquêteur : Où êtes-vous installés ?

Marie Dupont : Au 3 rue Victor Hugo, à Montaurel, près de la place Bellecour. La région \
Bourgogne finance, le département du Jura aussi. Dans le quartier Saint-Michel, tout le monde \
connaît Victor Hugo et la commune de Brésilly. On a ouvert un local avenue Jean Jaurès.
"""
PLACES = ["Victor Hugo", "Montaurel", "Bellecour", "Bourgogne", "Jura", "Saint-Michel"]
PLACES += ["Brésilly", "Jean Jaurès"]


def test_a_place_s_pseudonym_says_the_kind_of_place_it_is(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: « au 3 rue Commune 1 », « la région Commune 4 », « le département du Commune
    5 », « le quartier Commune 6 »."""
    root = project_with(tmp_project, invoke, {"pole-a/entretien.txt": PLACES_TEXT})
    names = "name,kind,pseudonym\n" + "".join(f"{p},place,\n" for p in PLACES)
    (root / "private" / "names.csv").write_text(names, encoding="utf-8")
    rows = _review(invoke, root, "--no-model")
    pseudonyms = {str(r["name"]): r["pseudonym"] for r in rows}
    assert {p: pseudonyms[p] for p in PLACES} == {
        "Victor Hugo": "Voie 1",  # « rue Victor Hugo », and « Victor Hugo » alone: one name
        "Montaurel": "Commune 1",
        "Bellecour": "Voie 2",
        "Bourgogne": "Région 1",
        "Jura": "Département 1",
        "Saint-Michel": "Quartier 1",
        "Brésilly": "Commune 2",
        "Jean Jaurès": "Voie 3",
    }
    text = _anonymised_text(invoke, root, tmp_path)
    assert (
        "Au 3 rue Voie 1, à Commune 1, près de la place Voie 2. La Région 1 finance, le "
        "Département 1 aussi. Dans le Quartier 1, tout le monde connaît Voie 1 et la Commune "
        "2. On a ouvert un local avenue Voie 3."
    ) in text


def test_a_place_s_word_is_the_one_most_of_its_occurrences_say() -> None:
    texts = {
        "a.txt": "Rue Pasteur, on est rue Pasteur. La rue Pasteur mène à Pasteur, la commune.",
        "b.txt": "Le quartier des Lilas. Les Lilas, c'est le quartier des Lilas.",
    }
    listed = [ListedName("Pasteur", "place"), ListedName("Lilas", "place")]
    entities = build_entities(detect(texts, {}, listed), listed, texts=texts)
    assert {e.name: e.pseudonym for e in entities} == {"Pasteur": "Voie 1", "Lilas": "Quartier 1"}


def test_a_place_s_number_follows_the_previous_review_s_of_its_word() -> None:
    texts = {"a.txt": "Rue Pasteur et rue Carnot, à Vernasse."}
    listed = [ListedName(n, "place") for n in ("Pasteur", "Carnot", "Vernasse")]
    previous = [Entity("E1", "place", "Pasteur", ["Pasteur"], "Voie 1")]
    entities = build_entities(detect(texts, {}, listed), listed, previous, texts)
    assert {e.name: e.pseudonym for e in entities} == {
        "Pasteur": "Voie 1",
        "Carnot": "Voie 2",
        "Vernasse": "Commune 1",
    }


def test_a_coding_keeps_its_words_when_the_noun_before_a_place_goes() -> None:
    text = "Avec la région Bourgogne, tout va."
    entity = Entity("E1", "place", "Bourgogne", ["Bourgogne"], "Région 1")
    anonymised = AnonymisedText.of(text, Replacer([entity]))
    assert anonymised.text == "Avec la Région 1, tout va."

    def mapped(start: int, end: int) -> str:
        new_start, new_end = anonymised.span(start, end)
        return anonymised.text[new_start:new_end]

    name = text.index("Bourgogne")
    assert mapped(name, name + len("Bourgogne")) == "Région 1"
    assert mapped(text.index("la région"), name + len("Bourgogne")) == "la Région 1"
    assert mapped(text.index("région"), len(text)) == "Région 1, tout va."


def test_the_model_s_place_with_its_noun_is_the_name_after_the_noun() -> None:
    """Before: « place Bellecour », « région Bourgogne-Franche-Comté », « département du Jura »
    as the NER reads them began in lower case and were left out: the names stayed in clear."""
    text = (
        "Près de la place Bellecour. La région Bourgogne-Franche-Comté finance, le "
        "département du Jura aussi."
    )
    labels = {
        "place Bellecour": "LOC",
        "région Bourgogne-Franche-Comté": "LOC",
        "département du Jura": "LOC",
    }
    documents = {"a.txt": text}
    found = model_detections(documents, Labelling(labels), lowercase_vocabulary(documents.values()))
    assert [(d.text, d.kind) for d in found] == [
        ("Bellecour", "place"),
        ("Bourgogne-Franche-Comté", "place"),
        ("Jura", "place"),
    ]


# --- 2. one name for two kinds: two pseudonyms, each occurrence by its context -----------

FLORENCE = """\
Enquêteur : Qui a organisé le voyage ?

Marie Dupont : Florence, la coordinatrice, a tout organisé. On est partis à Florence en \
2019, la ville de Florence est magnifique. Florence m'a dit que c'était son meilleur salon. \
Et Florence, qui est comptable, a fait les budgets.
"""


def test_a_person_and_a_town_written_alike_get_two_pseudonyms(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: one row, one pseudonym: « Commune 1, la coordinatrice », « partis à Commune
    1 » (the small model reads « Florence » as a place everywhere)."""
    monkeypatch.setattr(workflow, "load_ner", lambda: Labelling({"Florence": "LOC"}))
    root = project_with(tmp_project, invoke, {"pole-a/entretien.txt": FLORENCE})
    rows = _by_name(_review(invoke, root), "Florence")
    assert sorted(str(r["kind"]) for r in rows) == ["person", "place"]
    person = next(str(r["pseudonym"]) for r in rows if r["kind"] == "person")
    town = next(str(r["pseudonym"]) for r in rows if r["kind"] == "place")
    assert person.startswith("Personne ") and town.startswith("Commune ")
    assert {int(r["occurrences"] or 0) for r in rows} == {2, 3}
    text = _anonymised_text(invoke, root, tmp_path)
    assert "Florence" not in text
    assert (
        f"{person}, la coordinatrice, a tout organisé. On est partis à {town} en 2019, la "
        f"ville de {town} est magnifique. {person} m'a dit que c'était son meilleur salon. "
        f"Et {person}, qui est comptable"
    ) in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Florence m'a appelée.", "Personne 1 m'a appelée."),
        ("Merci, Madame Florence.", "Merci, Madame Personne 1."),
        ("Mon collègue Florence.", "Mon collègue Personne 1."),
        ("J'ai écrit à Florence.", "J'ai écrit à Personne 1."),
        ("On habite à Florence.", "On habite à Commune 2."),
        ("Florence, c'est une ville.", "Commune 2, c'est une ville."),
        ("Je connais Florence.", "Je connais Commune 2."),  # no context: the name's entity
    ],
)
def test_each_occurrence_is_the_entity_its_context_says(text: str, expected: str) -> None:
    entities = [
        Entity("E1", "place", "Florence", ["Florence"], "Commune 2"),
        Entity("E2", "person", "Florence", ["context:Florence"], "Personne 1"),
    ]
    assert Replacer(entities).string(text) == expected


# --- 3. a name after a civility title is a person -----------------------------------------

SCIERIE = """\
Enquêteur : Vous dirigez la scierie ?

Bernard Kessler : Oui. Kessler vend du bois depuis 1936. Le budget des Restos du cœur, on y \
donne. On travaille aux Restos du cœur aussi.

Enquêteur : Merci beaucoup, Monsieur Kessler.
"""
MEMBERS = (
    "case,organisation,kind,circle,aliases\n"
    "pole-a,Scierie Kessler et Fils,entreprise hors ESS,first,Kessler\n"
    "pole-a,Restos du cœur,association,first,\n"
)


def test_a_name_after_a_title_is_the_person_s_and_a_plural_article_agrees(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: « Merci beaucoup, Monsieur Organisation 1 » (« Kessler », the scierie's alias
    in members.csv), « Le budget des Organisation 2 », « aux Organisation 2 »."""
    root = project_with(
        tmp_project, invoke, {"pole-a/dirigeant.txt": SCIERIE, "members.csv": MEMBERS}
    )
    rows = _review(invoke, root, "--no-model")
    (bernard,) = [r for r in rows if r["name"] == "Bernard Kessler"]
    (scierie,) = [r for r in rows if r["name"] == "Scierie Kessler et Fils"]
    (restos,) = [r for r in rows if r["name"] == "Restos du cœur"]
    assert "context:Kessler" in str(bernard["variants"]).split(" | ")
    text = _anonymised_text(invoke, root, tmp_path)
    assert f"Merci beaucoup, Monsieur {bernard['pseudonym']}." in text
    assert f"Oui. {scierie['pseudonym']} vend du bois depuis 1936." in text
    assert f"Le budget de l'{restos['pseudonym']}, on y donne." in text
    assert f"On travaille à l'{restos['pseudonym']} aussi." in text


@pytest.mark.parametrize(
    "title", ["Monsieur", "monsieur", "Madame", "M.", "Mme", "Mlle", "Docteur", "Maître", "Me"]
)
def test_every_civility_title_announces_a_person(title: str) -> None:
    entities = [
        Entity("E1", "organisation", "Kessler", ["Kessler"], "Organisation 1"),
        Entity("E2", "person", "Bernard Kessler", ["Bernard Kessler", "context:Kessler"], "Paul"),
    ]
    replacer = Replacer(entities)
    assert replacer.string(f"Merci, {title} Kessler.") == f"Merci, {title} Paul."
    assert replacer.string("La scierie Kessler.") == "La scierie Organisation 1."


def test_a_title_gives_the_person_of_the_full_name_without_a_row_of_its_own() -> None:
    texts = {"a.txt": "Kessler vend du bois. Bernard Kessler signe. Merci, Monsieur Kessler."}
    listed = [
        ListedName("Kessler", "organisation"),
        ListedName("Bernard Kessler", "person"),
    ]
    entities = build_entities(detect(texts, {}, listed), listed, texts=texts)
    assert [(e.kind, e.pseudonym) for e in entities] == [
        ("organisation", "Organisation 1"),
        ("person", "Personne 1"),
    ]
    assert entities[0].variants == ["Kessler"] and "context:Kessler" in entities[1].variants
    assert Replacer(entities).string(texts["a.txt"]) == (
        "Organisation 1 vend du bois. Personne 1 signe. Merci, Monsieur Personne 1."
    )


# --- 4. a plural before a name in the singular -------------------------------------------

ARTICLES = [
    Entity("E1", "organisation", "Restos du cœur", ["Restos du cœur"], "Organisation 15"),
    Entity("E2", "organisation", "Ateliers", ["Ateliers"], "Pôle A"),
    Entity("E3", "person", "Martin", ["Martin"], "Personne 1"),
    Entity("E4", "organisation", "Escale", ["Escale"], "Jeanne"),  # a gender not known
    Entity("E5", "place", "Lilas", ["Lilas"], "Quartier 2"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("le budget des Restos du cœur", "le budget de l'Organisation 15"),
        ("aux Restos du cœur", "à l'Organisation 15"),
        ("Les Restos du cœur ont dit", "L'Organisation 15 ont dit"),
        ("les Ateliers, des Ateliers, aux Ateliers", "le Pôle A, du Pôle A, au Pôle A"),
        ("nos Ateliers, ces Restos du cœur", "notre Pôle A, cette Organisation 15"),
        ("ses Restos du cœur, leurs Ateliers", "son Organisation 15, leur Pôle A"),
        ("aux Lilas, des Lilas", "au Quartier 2, du Quartier 2"),
        # a family (« les Martin ») and a gender not known stay as written
        ("chez les Martin, des Martin", "chez les Personne 1, des Personne 1"),
        ("les Escale, aux Escale", "les Jeanne, aux Jeanne"),
    ],
)
def test_a_plural_article_before_a_pseudonym_takes_its_number(text: str, expected: str) -> None:
    assert Replacer(ARTICLES).string(text) == expected


def test_a_second_review_keeps_each_kind_s_pseudonym_of_a_name_written_alike() -> None:
    """The previous review made the town the name's row and the person the row in context;
    now the person is the name's row: each keeps its pseudonym."""
    text = "Florence m'a dit oui. On est partis à Florence."
    texts = {"a.txt": text}
    detections = [
        Detection("a.txt", m.start(), m.end(), "Florence", "person", "model")
        for m in re.finditer("Florence", text)
    ]
    previous = [
        Entity("E1", "place", "Florence", ["Florence"], "Commune 2"),
        Entity("E2", "person", "Florence", ["context:Florence"], "Personne 1"),
    ]
    entities = build_entities(detections, previous=previous, texts=texts)
    assert [(e.kind, e.variants, e.pseudonym) for e in entities] == [
        ("person", ["Florence"], "Personne 1"),
        ("place", ["context:Florence"], "Commune 2"),
    ]
    assert Replacer(entities).string(text) == "Personne 1 m'a dit oui. On est partis à Commune 2."
