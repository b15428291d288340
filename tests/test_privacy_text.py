"""How pseudonymised texts read, and what is taken for a name.

The word before a pseudonym agrees with it (« l'Organisation 1 », « de Personne 1 »), an
adjective (« Grands projets ») or a role (« Directrice : ») is no name, the members file is read
by the library, and names with particles, hyphens and possessives are found whole.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from ptce_coding.app.project import find_project, load_project
from ptce_coding.privacy.articles import determiner_edit
from ptce_coding.privacy.detect import (
    Detection,
    detect,
    is_personal_label,
    label_name,
    lowercase_vocabulary,
    model_detections,
)
from ptce_coding.privacy.known import known_names
from ptce_coding.privacy.pseudonyms import Entity, build_entities
from ptce_coding.privacy.replacer import AnonymisedText, Replacer
from tests.privacy_support import project_with

Invoke = Callable[..., Result]


def _review(invoke: Invoke, root: Path) -> dict[str, dict[str, object]]:
    """Review without the model; the rows by name."""
    review = root / "private" / "revue.xlsx"
    result = invoke("pseudonymise", "--review", str(review), "--no-model")
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(review)["review"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)]
    return {str(r["name"]): r for r in rows}


def _apply(invoke: Invoke, root: Path) -> None:
    result = invoke("pseudonymise", "--apply", str(root / "private" / "revue.xlsx"))
    assert result.exit_code == 0, result.output


def _segments(invoke: Invoke, root: Path, tmp_path: Path) -> list[dict[str, str]]:
    out = tmp_path / "segments.csv"
    result = invoke("segments", "export", str(out), "--anonymise")
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _variants(row: dict[str, object]) -> list[str]:
    return str(row["variants"]).split(" | ")


# --- 1. the word before a pseudonym ------------------------------------------------------

PRES = """\
Enquêteur : Où travaillez-vous ?

Marie Dupont : Je travaille à la Coopérative des Prés depuis 2015. Le directeur de \
Coopérative des Prés est venu. Du Potager du Coin viennent les paniers, au Potager du Coin on \
vend. Avec l'Atelier Vernier on partage un local ; la salle de l'Atelier Vernier aussi.
"""
PRES_NAMES = (
    "name,kind,pseudonym\n"
    "Coopérative des Prés,organisation,\n"
    "Potager du Coin,organisation,\n"
    "Atelier Vernier,person,\n"
)


def test_the_article_before_a_pseudonym_agrees_with_it(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: « à la Organisation 1 », « de Organisation 1 », « Du Organisation 2 », « au
    Organisation 2 », « l'Personne 2 »; and a coding still covers the same words."""
    root = project_with(tmp_project, invoke, {"pole-nord/entretien.txt": PRES})
    (root / "private" / "names.csv").write_text(PRES_NAMES, encoding="utf-8")
    start = PRES.index("la Coopérative")
    coded = [
        (start, start + len("la Coopérative des Prés depuis 2015")),
        (PRES.index("Atelier Vernier on"), PRES.index("Atelier Vernier on") + 15),
        (PRES.index("vend. Avec l'"), PRES.index("vend. Avec l'") + len("vend. Avec l'")),
    ]
    lines = ["document,start,end,code,coder"]
    lines += [f"pole-nord/entretien.txt,{s},{e},COOP,alice" for s, e in coded]
    (tmp_path / "codings.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert invoke("codings", "import", str(tmp_path / "codings.csv")).exit_code == 0
    rows = _review(invoke, root)
    assert rows["Coopérative des Prés"]["pseudonym"] == "Organisation 1"
    assert rows["Potager du Coin"]["pseudonym"] == "Organisation 2"
    person = rows["Atelier Vernier"]["pseudonym"]
    _apply(invoke, root)
    (answer,) = [s["text"] for s in _segments(invoke, root, tmp_path) if s["text"][:2] == "Je"]
    assert answer == (
        "Je travaille à l'Organisation 1 depuis 2015. Le directeur d'Organisation 1 est venu. "
        "De l'Organisation 2 viennent les paniers, à l'Organisation 2 on vend. Avec la "
        f"{person} on partage un local ; la salle de la {person} aussi."
    )
    out = tmp_path / "codages.csv"
    assert invoke("codings", "export", str(out), "--anonymise").exit_code == 0
    with out.open(encoding="utf-8") as handle:
        texts = sorted(row["text"] for row in csv.DictReader(handle))
    assert texts == sorted(["l'Organisation 1 depuis 2015", person, "vend. Avec la "])


ENTITIES = [
    Entity(
        "E1", "organisation", "Coopérative des Prés", ["Coopérative des Prés"], "Organisation 1"
    ),
    Entity("E2", "organisation", "Atelier", ["Atelier"], "Personne 3"),
    Entity("E3", "person", "Anne", ["Anne"], "Personne 1"),
    Entity("E4", "place", "Havre", ["Havre"], "Commune 2"),
    Entity("E5", "organisation", "Biscuiterie", ["Biscuiterie"], "Pôle A"),
    Entity("E6", "organisation", "Escale", ["Escale"], "Jeanne"),  # a gender not known
    Entity("E7", "person", "Paul", ["Paul"], "Olivier"),
    Entity("E8", "person", "Fontaine", ["Fontaine"], "Personne 6"),
    Entity("E9", "person", "Léa", ["Léa"], "la directrice"),  # an article of its own
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # before a vowel: elided, contracted
        ("à la Coopérative des Prés", "à l'Organisation 1"),
        ("le Coopérative des Prés", "l'Organisation 1"),
        ("La Coopérative des Prés a dix ans", "L'Organisation 1 a dix ans"),
        ("les gens de Coopérative des Prés", "les gens d'Organisation 1"),
        (
            "du Coopérative des Prés, au Coopérative des Prés",
            "de l'Organisation 1, à l'Organisation 1",
        ),
        (
            "Au Coopérative des Prés. Du Coopérative des Prés.",
            "À l'Organisation 1. De l'Organisation 1.",
        ),
        (
            "je sais que Paul vient, lorsque Paul vient",
            "je sais qu'Olivier vient, lorsqu'Olivier vient",
        ),
        (
            "sa Coopérative des Prés, cette Coopérative des Prés",
            "son Organisation 1, cette Organisation 1",
        ),
        # before a consonant: the reverse, with the pseudonym's gender when its word tells it
        (
            "avec l'Atelier, de l'Atelier, à l'Atelier",
            "avec la Personne 3, de la Personne 3, à la Personne 3",
        ),
        ("L'Atelier nous aide.", "La Personne 3 nous aide."),
        ("le bureau d'Anne, qu'Anne", "le bureau de Personne 1, que Personne 1"),
        ("le Havre, au Havre, du Havre", "la Commune 2, à la Commune 2, de la Commune 2"),
        ("à la Biscuiterie, de la Biscuiterie", "au Pôle A, du Pôle A"),
        ("sa Biscuiterie, cette Biscuiterie, une Biscuiterie", "son Pôle A, ce Pôle A, un Pôle A"),
        # a gender not known: « le », « la » stay, an elided « l' » is left out
        ("l'Escale, de l'Escale, à l'Escale", "Jeanne, de Jeanne, à Jeanne"),
        ("la Escale, le Paul", "la Jeanne, l'Olivier"),
        # the text's own apostrophe
        ("à la Coopérative des Prés, l’Atelier", "à l’Organisation 1, la Personne 3"),
        # a plural before one name in the singular takes its number (s34: « des » is « de
        # les »: « le budget des Restos » reads « de l'Organisation 15 », not « des
        # Organisation 15 »)
        ("les Coopérative des Prés, des Biscuiterie", "l'Organisation 1, du Pôle A"),
        # left alone: a particle of a name, capitals, an article in the pseudonym
        ("M. de La Fontaine", "M. de La Personne 6"),
        ("LA Coopérative des Prés", "LA Organisation 1"),
        ("de Léa", "de la directrice"),
    ],
)
def test_the_rule_of_the_word_before(text: str, expected: str) -> None:
    assert Replacer(ENTITIES).string(text) == expected


def test_a_coding_s_bounds_stay_on_the_same_words_around_an_agreed_article() -> None:
    text = "Avec l'Atelier on partage. Je travaille à la Coopérative des Prés."
    anonymised = AnonymisedText.of(text, Replacer(ENTITIES))
    assert anonymised.text == "Avec la Personne 3 on partage. Je travaille à l'Organisation 1."

    def mapped(start: int, end: int) -> str:
        new_start, new_end = anonymised.span(start, end)
        return anonymised.text[new_start:new_end]

    name = text.index("Atelier")
    assert mapped(name, name + len("Atelier")) == "Personne 3"  # the name only
    assert mapped(text.index("l'Atelier"), name + len("Atelier")) == "la Personne 3"
    assert mapped(0, name) == "Avec la "  # up to the name: the article comes along
    article = text.index("la Coopérative")
    assert mapped(article, len(text)) == "l'Organisation 1."
    assert mapped(article + 3, len(text)) == "Organisation 1."


WORDS = ["la", "le", "de", "du", "au", "l'Atelier", "d'Anne", "Anne", "Atelier", "Paul",
         "Coopérative des Prés", "avec", "pôle", ".", "La", "Escale"]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=20), st.data())
def test_a_coding_covers_the_same_words_with_articles(
    words: list[str], data: st.DataObject
) -> None:
    text = " ".join(words)
    starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, len(words) - 1))
    start, end = starts[first], starts[last] + len(words[last])
    replacer = Replacer(ENTITIES)
    anonymised = AnonymisedText.of(text, replacer)
    inside = [
        r for r in anonymised.replacements if r.start < start < r.end or r.start < end < r.end
    ]
    assume(not inside)  # a boundary inside a name or an article moves to its edge
    # the words before the coding may change the article inside it: compare the same context
    context = AnonymisedText.of(text[:end], replacer)
    new_start, new_end = anonymised.span(start, end)
    assert anonymised.text[new_start:new_end] == context.text[context.position(start) :]
    assert new_start <= new_end <= len(anonymised.text)


def test_the_word_before_is_never_rewritten_over_the_name_before_it() -> None:
    text = "Anne la Coopérative des Prés"
    replacer = Replacer(ENTITIES)
    assert replacer.string(text) == "Personne 1 l'Organisation 1"
    assert determiner_edit(text, text.index("Coop"), "Organisation 1", floor=7) is None


# --- 2. adjectives are no names ----------------------------------------------------------

ATELIERS = """\
Enquêteur : Et les projets ?

Marc Delorme : Les Grands projets du territoire aussi. On travaille avec les Grands Ateliers \
depuis 2010. Les Ateliers nous aident. Grands moyens, petits effets.
"""


def test_an_adjective_of_a_pole_s_name_is_no_short_form_of_it(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: « Grands » and « Les Grands » were short forms of « Les Grands Ateliers de
    Lille »: « Pôle A projets du territoire », « Pôle A moyens, petits effets »."""
    root = project_with(
        tmp_project,
        invoke,
        {
            "grands-ateliers/entretien.txt": ATELIERS,
            "cases.csv": "case,nom\ngrands-ateliers,Les Grands Ateliers de Lille\n",
        },
    )
    rows = _review(invoke, root)
    variants = _variants(rows["Les Grands Ateliers de Lille"])
    assert not {"Grands", "Les Grands", "les Grands"} & set(variants)
    assert {"Grands Ateliers", "les Grands Ateliers", "Ateliers"} <= set(variants)
    _apply(invoke, root)
    (answer,) = [s["text"] for s in _segments(invoke, root, tmp_path) if "moyens" in s["text"]]
    assert answer == (
        "Les Grands projets du territoire aussi. On travaille avec Pôle A depuis 2010. "
        "Pôle A nous aident. Grands moyens, petits effets."
    )


def test_an_adjective_before_a_capitalised_word_is_no_part_of_a_person_s_name() -> None:
    """Before: the model's « Grands Travaux » (taken for a person) made « Grands » a name
    replaced wherever a sentence starts with it; « Petit » of « Marie Petit » stays one."""
    texts = {"a.txt": "Grands Travaux et Marie Petit. Grands projets. Petit est venu. Travaux."}
    detections = [
        Detection("a.txt", 0, 14, "Grands Travaux", "person", "model"),
        Detection("a.txt", 18, 29, "Marie Petit", "person", "model"),
    ]
    entities = build_entities(detections, texts=texts)
    variants = {e.name: set(e.variants) for e in entities}
    assert variants["Grands Travaux"] == {"Grands Travaux", "Travaux"}
    assert variants["Marie Petit"] == {"Marie Petit", "Marie", "Petit"}


class _LabellingPipeline:
    """A stand-in for the NER: labels the given substrings (spaCy's blank French tokeniser)."""

    def __init__(self, labels: dict[str, str]) -> None:
        import spacy

        self.nlp, self.labels = spacy.blank("fr"), labels

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        for text in texts:
            doc = self.nlp(text)
            spans = []
            for surface, label in self.labels.items():
                start = text.find(surface)
                if start >= 0:
                    spans.append(
                        doc.char_span(
                            start, start + len(surface), label=label, alignment_mode="expand"
                        )
                    )
            doc.ents = spans
            yield doc


@pytest.mark.slow  # spaCy's French tokeniser
def test_model_entities_that_open_with_an_adjective_or_a_role_are_no_names() -> None:
    """Before: « Grands projets du territoire » (a place), « Bonne » (a person), « Chargée »
    (the label « Chargée de mission », a place) were proposed and replaced."""
    text = (
        "Chargée de mission : Les Grands projets du territoire aussi. Bonne question. "
        "Les Grands Ateliers aident, et Petit a dit oui. La Directrice est là."
    )
    labels = {
        "Chargée": "LOC",
        "Grands projets du territoire": "LOC",
        "Bonne": "PER",
        "Grands Ateliers": "LOC",
        "Petit": "PER",
        "Directrice": "PER",
    }
    documents = {"a.txt": text}
    found = model_detections(
        documents, _LabellingPipeline(labels), lowercase_vocabulary(documents.values())
    )
    assert [(d.text, d.kind) for d in found] == [
        ("Grands Ateliers", "place"),
        ("Petit", "person"),  # inside a sentence, a surname
    ]


# --- 3. a role is no person's name -------------------------------------------------------

ROLES = """\
Enquêtrice : Vous dirigez le pôle ?

Directrice : Oui, depuis 2012. La Directrice que je suis signe tout.

Chargée de mission : Je suis là depuis 2019.

Président Paul Ferrand : Et moi depuis 2010.

Directrice : Paul et la Chargée de mission m'aident.

Chargée de mission : Oui.
"""


def test_a_role_label_is_not_replaced_as_a_person(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: « Directrice » and « Chargée de mission » were persons (« Personne 1 »), and
    « Chargée » a name replaced in the text; « Président Paul Ferrand » was one name."""
    root = project_with(tmp_project, invoke, {"pole-est/entretien.txt": ROLES})
    rows = _review(invoke, root)
    persons = {name for name, row in rows.items() if row["kind"] == "person"}
    assert persons == {"Paul Ferrand"}
    assert set(_variants(rows["Paul Ferrand"])) == {"Paul Ferrand", "Paul", "Ferrand"}
    pseudonym = rows["Paul Ferrand"]["pseudonym"]
    _apply(invoke, root)
    segments = _segments(invoke, root, tmp_path)
    speakers = [s["speaker"] for s in segments]
    assert speakers == [
        "Enquêtrice",
        "Directrice",
        "Chargée de mission",
        f"Président {pseudonym}",
        "Directrice",
        "Chargée de mission",
    ]
    assert segments[1]["text"] == "Oui, depuis 2012. La Directrice que je suis signe tout."
    assert segments[4]["text"] == f"{pseudonym} et la Chargée de mission m'aident."


def test_a_case_folder_named_as_its_pseudonym_is_left_as_it_is(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: the folder ``pole-a`` was proposed with the pseudonym ``pole-a``, its own name,
    and `--apply` refused the review until the row was dropped by hand."""
    root = project_with(tmp_project, invoke, {"pole-a/entretien.txt": ROLES})
    rows = _review(invoke, root)
    assert "pole-a" not in rows
    _apply(invoke, root)
    assert {s["case"] for s in _segments(invoke, root, tmp_path)} == {"pole-a"}


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("Directrice", ""),
        ("Chargée de mission", ""),
        ("Personne interrogée", ""),
        ("Directeur général", ""),
        ("Personne 2", ""),
        ("Directrice Anne Hurand", "Anne Hurand"),
        ("Chargée de mission Léa", "Léa"),
        ("Anne Hurand", "Anne Hurand"),
        ("Marie", "Marie"),
    ],
)
def test_the_name_a_label_holds(label: str, name: str) -> None:
    assert label_name(label) == name
    assert is_personal_label(label, ["Enquêtrice"]) == bool(name)


# --- 4. members.csv, read by the library -------------------------------------------------

MEMBERS_TEXT = """\
Enquêteur : Avec qui ?

Marie Dupont : Avec Encre Vive, l'atelier de sérigraphie, et la Radio Val.
"""


def test_the_review_reads_the_members_file_itself(tmp_project: Path, invoke: Invoke) -> None:
    """Before, the command read members.csv and passed its rows: the library could not be
    given the file (prepare_review took no ``members_path``)."""
    from ptce_coding.privacy.workflow import prepare_review

    root = project_with(tmp_project, invoke, {"pole-a/entretien.txt": MEMBERS_TEXT})
    members = root / "corpus" / "membres.csv"
    members.write_text(
        "case;organisation;kind;circle;aliases\n"
        "pole-a;Encre Vive;association;first;atelier de sérigraphie\n"
        'pole-a;Radio du Val;association;second;"Radio Val;la radio"\n',
        encoding="utf-8",
    )
    project = load_project(root)
    with project.open_store(create=False) as store:
        result = prepare_review(
            store,
            root / "private" / "revue.xlsx",
            private=project.private_path,
            outputs=project.outputs_path,
            use_model=False,
            members_path=members,
        )
    rows = {row["name"]: row for row in result.rows}
    assert rows["Encre Vive"]["occurrences"] == 1
    assert rows["Radio du Val"]["variants"] == "Radio du Val | Radio Val"


def test_a_members_file_with_only_names_is_enough(tmp_project: Path, invoke: Invoke) -> None:
    """Before: refused, « missing column(s): kind, circle », though the review needs only the
    organisations and their aliases."""
    root = project_with(tmp_project, invoke, {"pole-a/entretien.txt": MEMBERS_TEXT})
    (root / "corpus" / "members.csv").write_text(
        "organisation,aliases\nEncre Vive,\nRadio du Val,Radio Val\n", encoding="utf-8"
    )
    rows = _review(invoke, root)
    assert rows["Encre Vive"]["sources"] == "project"
    assert rows["Radio du Val"]["occurrences"] == 1


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (
            "case,organisation,aliases\npole-a,Encre Vive,\npole-a,,Radio Val\n",
            "members.csv, line 3: a row without an organisation: its aliases would name nobody",
        ),
        (
            "case,nom,aliases\npole-a,Encre Vive,\n",
            "members.csv, line 1: no `organisation` column (columns: case, nom, aliases)",
        ),
        (
            "case,organisation,aliases\npole-a,Encre Vive,Radio,Val\n",
            "members.csv, line 2: more cells than columns (4 for 3)",
        ),
        (
            "case,Organisation,organisation\npole-a,a,b\n",
            "members.csv, line 1: column 'organisation' is there twice",
        ),
    ],
)
def test_a_bad_members_file_is_refused_with_its_line(
    tmp_project: Path, invoke: Invoke, content: str, said: str
) -> None:
    root = project_with(tmp_project, invoke, {"pole-a/entretien.txt": MEMBERS_TEXT})
    (root / "corpus" / "members.csv").write_text(content, encoding="utf-8")
    review = root / "private" / "revue.xlsx"
    result = invoke("pseudonymise", "--review", str(review), "--no-model")
    assert result.exit_code == 1, result.output
    assert said in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert not review.exists()


# --- more names as interviews write them -------------------------------------------------


def test_a_surname_with_a_particle_is_replaced_whole() -> None:
    """Before: « Mme de Personne 1 » (the particle left in clear), « Personne 1 de
    Personne 1 » for « Dubois de Lattre »; « D'Aubigné » and « La Fontaine » were other
    persons than « Louis d'Aubigné » and « Jean de La Fontaine »."""
    texts = {
        "a.txt": "Marie-Claire Dubois de Lattre : Mme de Lattre vient. Dubois de Lattre aussi.",
        "b.txt": "Louis d'Aubigné et Jean de La Fontaine. D'Aubigné part ; La Fontaine reste.",
    }
    detections = detect(texts, {"a.txt": {"Marie-Claire Dubois de Lattre"}})
    detections += [
        Detection("b.txt", 0, 15, "Louis d'Aubigné", "person", "model"),
        Detection("b.txt", 19, 38, "Jean de La Fontaine", "person", "model"),
        Detection("b.txt", 40, 49, "D'Aubigné", "person", "model"),
        Detection("b.txt", 57, 68, "La Fontaine", "person", "model"),
    ]
    entities = build_entities(detections, texts=texts)
    persons = {e.name: e for e in entities if e.kind == "person"}
    assert set(persons) == {
        "Marie-Claire Dubois de Lattre",
        "Louis d'Aubigné",
        "Jean de La Fontaine",
    }
    replacer = Replacer(entities)
    marie = persons["Marie-Claire Dubois de Lattre"].pseudonym
    assert replacer.string(texts["a.txt"]) == f"{marie} : Mme {marie} vient. {marie} aussi."
    louis, jean = persons["Louis d'Aubigné"].pseudonym, persons["Jean de La Fontaine"].pseudonym
    assert replacer.string(texts["b.txt"]) == f"{louis} et {jean}. {louis} part ; {jean} reste."


def test_hyphenated_first_names_and_a_verb_with_its_subject() -> None:
    """« Jean-Pierre » is Jean-Pierre Roux, not Pierre Martin; « Pouvez-vous » (the model's
    « Pouvez », a person at a turn's start) is no name. Before: « Pouvez-vous » became a person
    of its own, replaced by « Personne 3 »."""
    texts = {
        "a.txt": "E : Pouvez-vous parler de Jean-Pierre Roux ?\n\n"
        "R : Jean-Pierre et Pierre Martin. Pierre est venu, JEAN-PIERRE aussi.",
    }
    detections = [
        Detection("a.txt", 4, 10, "Pouvez", "person", "model"),
        Detection("a.txt", 31, 47, "Jean-Pierre Roux", "person", "model"),
        Detection("a.txt", 68, 80, "Pierre Martin", "person", "model"),
    ]
    entities = build_entities(detections, texts=texts)
    assert "Pouvez-vous" not in {v for e in entities for v in e.variants}
    names = {e.name: e.pseudonym for e in entities}
    roux, martin = names["Jean-Pierre Roux"], names["Pierre Martin"]
    assert Replacer(entities).string(texts["a.txt"]) == (
        f"E : Pouvez-vous parler de {roux} ?\n\n"
        f"R : {roux} et {martin}. {martin} est venu, {roux} aussi."
    )


BISCUITERIE = """\
Enquêteur : Et la Biscuiterie ?

Léa Fontaine : Notre Biscuiterie a dix ans ; sa Biscuiterie à elle, c'est sa vie. Dans cette \
Biscuiterie, on vient du Collectif. L'atelier d'Encre Vive est à côté, l'Encre Vive de Marc.
"""


def test_an_organisation_in_possessive_forms(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: « sa Pôle A », « cette Pôle A »; and « l'Encre Vive », where the alias
    « l'Encre » matched first, became « Organisation 1 Vive »."""
    root = project_with(
        tmp_project,
        invoke,
        {
            "collectif-biscuiterie/entretien.txt": BISCUITERIE,
            "cases.csv": "case,nom\ncollectif-biscuiterie,Collectif Biscuiterie\n",
            "members.csv": "case,organisation,kind,circle,aliases\n"
            "collectif-biscuiterie,Encre Vive,association,first,l'Encre\n",
        },
    )
    rows = _review(invoke, root)
    assert rows["Encre Vive"]["pseudonym"] == "Organisation 1"
    _apply(invoke, root)
    (answer,) = [s["text"] for s in _segments(invoke, root, tmp_path) if "dix ans" in s["text"]]
    assert answer == (
        "Notre Pôle A a dix ans ; son Pôle A à elle, c'est sa vie. Dans ce Pôle A, on vient "
        "du Pôle A. L'atelier d'Organisation 1 est à côté, Organisation 1 de Marc."
    )


def test_a_number_the_list_gives_is_not_given_again(tmp_project: Path, invoke: Invoke) -> None:
    """Before: « Personne 1 » of the names list was also the first number given, so Anne
    Hurand and Paul Ferrand had one pseudonym: one person in the exports."""
    root = project_with(
        tmp_project,
        invoke,
        {"pole-a/entretien.txt": "Enquêteur : Bonjour ?\n\nPaul Ferrand : Anne Hurand dirige.\n"},
    )
    (root / "private" / "names.csv").write_text(
        "name,kind,pseudonym\nAnne Hurand,person,Personne 1\n", encoding="utf-8"
    )
    rows = _review(invoke, root)
    assert rows["Anne Hurand"]["pseudonym"] == "Personne 1"
    assert rows["Paul Ferrand"]["pseudonym"] == "Personne 2"


def test_known_names_of_a_pole_with_an_adjective() -> None:
    """The library's view of the same: « Petites » of « Les Petites Mains » is no short form,
    « Mains » is (capitalised inside a sentence, and never in lower case)."""
    texts = {"a.txt": "On va aux Petites Mains. Les Mains cousent. Petites choses, les Petites."}
    (pole, named) = known_names({"petites-mains": {"nom": "Les Petites Mains"}}, [], [], texts)
    assert pole.variants == ("petites-mains",)
    assert "Petites" not in named.variants and "les Petites" not in named.variants
    assert {"Petites Mains", "Mains", "Les Mains"} <= set(named.variants)


def test_the_labels_of_a_role_or_a_machine_are_no_persons(
    tmp_project: Path, invoke: Invoke
) -> None:
    """« Réponse » (a dialogue written with dashes, or « Réponse : »), « Speaker 1 » and
    « SPEAKER_00 » (automatic transcription) name nobody: they were proposed as persons,
    « Réponse » replaced in the text wherever the word was."""
    root = project_with(
        tmp_project,
        invoke,
        {
            "pole-a/tirets.txt": "— Comment est né le pôle ?\n— D'un appel à projets.\n"
            "— Qui décide ?\n— Le bureau.\n",
            "pole-a/machine.txt": "Speaker 1: Comment est né le pôle ?\n"
            "Speaker 2: Anne Hurand l'a lancé.\nSpeaker 1: Et après ?\n"
            "Speaker 2: Une réponse collective.\n",
        },
    )
    with find_project(root).open_store(create=False) as store:
        labels = {s.speaker for d in store.documents() for s in store.segments(d.id)}
    assert labels == {"Question", "Réponse", "Speaker 1", "Speaker 2"}
    persons = {name for name, row in _review(invoke, root).items() if row["kind"] == "person"}
    assert persons == set()  # Anne Hurand is the model's to find (--no-model here)
