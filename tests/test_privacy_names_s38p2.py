"""Words of real speech proposed as names, and a case id read inside a file name (s38, P2).

A user trial on the CFPP2000 interview of Jean-Luc Ardoin and ESLO1's interview 420 found
points of the compass proposed as places (« l'Afrique du Sud » → « l'Afrique de la Commune
38 »), two countries side by side (« Danemark Suède »), peoples as places (« que les
Allemands qui » → « que la Commune 32 qui »), an exclamation (« [«] Vive la crise [»] »), ESLO's
own mask « NPERS » as a person, the case id ``eslo`` replaced inside ``ESLO1_INTPERS_420_C``,
and « à la place de l'Alstom » (instead of it) read as a square. The transcripts below are
written for these tests, after the shape of those interviews.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.privacy_support import Labelling, applied_segments, project_with, review_rows

Invoke = Callable[..., Result]
Label = Callable[[dict[str, str]], None]


def _text(rows: list[dict[str, str]]) -> str:
    return " ".join(r["text"] for r in rows)


EXPORT = """\
Enquêteur : Et vous vendez où ?

Claude Vernier : Nous avons l'Afrique du Sud, nous exportons jusqu'au Canada. Le dépôt est \
au Sud-Est de Montaurel, et l'autre au Nord-Ouest. Danemark Suède et Norvège sont en train \
de voir nos machines.
"""


def test_points_of_the_compass_and_countries_side_by_side_are_no_places(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, labelled: Label
) -> None:
    """Before: rows `Sud`, `Sud-Est`, `Nord-Ouest` and `Danemark Suède`, places, and « nous
    avons l'Afrique de la Commune 1 » in the anonymised text."""
    labels = {"Sud": "LOC", "Sud-Est": "LOC", "Nord-Ouest": "LOC", "Danemark Suède": "LOC"}
    labelled({**labels, "Montaurel": "LOC", "Claude Vernier": "PER"})
    root = project_with(tmp_project, invoke, {"pole-a/export.txt": EXPORT})
    rows = review_rows(invoke, root)
    assert not {"Sud", "Sud-Est", "Nord-Ouest", "Danemark Suède"} & set(rows), rows
    assert rows["Montaurel"]["kind"] == "place"
    text = _text(applied_segments(invoke, root, tmp_path))
    assert "Nous avons l'Afrique du Sud," in text
    assert "au Sud-Est de Commune " in text or "au Sud-Est de la Commune " in text, text
    assert "Danemark Suède et Norvège" in text


CRISIS = """\
Enquêteur : Et la crise ?

Jean-Luc : Il y a Montand qui fait la une et c'est marqué [«] Vive la crise [»] tu vois. \
Ils disaient vive la crise, ça permet de licencier.
"""


def test_a_word_opening_a_quoted_exclamation_is_no_name(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, labelled: Label
) -> None:
    """Before: `Vive` (the NER's LOC) a place, « Commune 1 la crise » in the anonymised text.
    A common word of the corpus right after an opening quotation mark starts a sentence, as
    at a sentence's start."""
    labelled({"Vive": "LOC", "Montand": "PER"})
    root = project_with(tmp_project, invoke, {"pole-a/crise.txt": CRISIS})
    rows = review_rows(invoke, root)
    assert "Vive" not in rows
    assert rows["Montand"]["kind"] == "person"
    assert "[«] Vive la crise [»]" in _text(applied_segments(invoke, root, tmp_path))


MASKED = """\
PB : oui justement c'est ce que je suis allée voir monsieur NPERS euh chez Dreyfus

Gérard Lenoir : ah oui monsieur Dreyfus je le connais bien
"""


def test_a_corpus_own_mask_is_no_person(tmp_project: Path, invoke: Invoke, tmp_path: Path) -> None:
    """Before: `NPERS` (ESLO's mask of a person's name) a row, « monsieur Personne 1 »."""
    root = project_with(tmp_project, invoke, {"pole-a/entretien.txt": MASKED})
    rows = review_rows(invoke, root, "--no-model")
    assert "NPERS" not in rows
    assert rows["Dreyfus"]["kind"] == "person"
    text = _text(applied_segments(invoke, root, tmp_path))
    assert "voir monsieur NPERS euh" in text and "Dreyfus" not in text


def test_a_case_id_is_replaced_in_a_file_name_only_as_a_whole_word(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: `eslo/ESLO1_INTPERS_420_C.txt` exported as `pole-a/pole-a1_INTPERS_420_C.txt`:
    the case id matched inside « ESLO1 »; it is still replaced as a word of its own."""
    files = {
        "eslo/ESLO1_INTPERS_420_C.txt": MASKED,
        "eslo/notes_eslo_2.txt": "Enquêteur : Bonjour.\n\nGérard Lenoir : Bonjour.\n",
    }
    root = project_with(tmp_project, invoke, files)
    review_rows(invoke, root, "--no-model")
    names = {r["document"] for r in applied_segments(invoke, root, tmp_path)}
    assert names == {"pole-a/ESLO1_INTPERS_420_C.txt", "pole-a/notes_pole-a_2.txt"}, names


SQUARE = """\
Enquêteur : Et le quartier ?

Jean-Luc : Ils ont fait le projet des Docks à la place de l'Alstom, et la fête de la \
place Perret, c'est toujours là.
"""


def test_a_la_place_de_is_instead_of_no_square(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, labelled: Label
) -> None:
    """Before: « à la place de la Voie 1 »: « à la place de » (instead of) read as the noun
    of a square; « la place Perret » is one."""
    labelled({"Alstom": "LOC", "Perret": "LOC", "Docks": "LOC"})
    root = project_with(tmp_project, invoke, {"pole-a/quartier.txt": SQUARE})
    rows = review_rows(invoke, root)
    assert not str(rows["Alstom"]["pseudonym"]).startswith("Voie"), rows["Alstom"]
    assert str(rows["Perret"]["pseudonym"]).startswith("Voie"), rows["Perret"]


PEOPLES = """\
Enquêteur : Et les machines ?

Claude Vernier : Il n'y a que les Allemands qui fabriquent ce produit. Sur la place \
Perret, je sais pas s'ils sont indiens Sri-Lankais, c'est des Sri-Lankais je pense. Chez \
les Normand on en parlait, à Montaurel et aux Batignolles.
"""


class _WithLemmas(Labelling):
    """The stand-in NER, with the French model's lemmatizer tables (its index of
    adjectives)."""

    def get_pipe(self, name: str) -> Any:
        from ptce_coding.privacy.ner import load_ner

        return load_ner().get_pipe(name)


@pytest.mark.slow
def test_a_people_is_no_place(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: `Allemands` and `Sri-Lankais` places, « il n'y a que la Commune 1 qui ». A
    family without the plural's mark (« les Normand ») and a place written in the plural
    (« aux Batignolles ») stay names; a people said once after « des » is one where the
    document says it bare (« s'ils sont indiens Sri-Lankais »)."""
    from ptce_coding.privacy import workflow

    labels = {
        "Allemands": "LOC",
        "Sri-Lankais": "LOC",
        "Normand": "PER",
        "Montaurel": "LOC",
        "Batignolles": "LOC",
        "Perret": "LOC",
    }
    monkeypatch.setattr(workflow, "load_ner", lambda: _WithLemmas(labels))
    root = project_with(tmp_project, invoke, {"pole-a/machines.txt": PEOPLES})
    rows = review_rows(invoke, root)
    assert not {"Allemands", "Sri-Lankais"} & set(rows), rows
    assert {"Normand", "Montaurel", "Batignolles"} <= set(rows)
    text = _text(applied_segments(invoke, root, tmp_path))
    assert "que les Allemands qui" in text and "des Sri-Lankais" in text


REPAIR = """\
PB : et vous travaillez avec qui ?

Gérard Lenoir : je peux dire des noms la société Thoms- avec Thomson avec euh Electrolux
"""


def test_a_name_said_again_after_its_cut_start_takes_its_kind(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, labelled: Label
) -> None:
    """Before: `Thomson` (the NER's PER) a person beside `Thoms-` an organisation: « la
    société Thoms- avec Thomson » says one company twice, the first time cut off."""
    labelled({"Thoms-": "PER", "Thomson": "PER", "Electrolux": "ORG"})
    root = project_with(tmp_project, invoke, {"pole-a/clients.txt": REPAIR})
    rows = review_rows(invoke, root)
    assert rows["Thomson"]["kind"] == "organisation", rows["Thomson"]
    assert "avec Organisation " in _text(applied_segments(invoke, root, tmp_path))


PARK = """\
Enquêteur : Et le jardin ?

Jean-Luc : ça s'appelle euh Jardin François Mitterrand [ouais ouais] madame Mitterrand est \
venue l'inaugurer, on habite à Saint-Ouen depuis vingt ans, à Saint-Ouen c'est bien. Il y a \
Saint-Ouen Aubervilliers Pantin dans l'agglomération.
"""


def test_a_park_named_after_a_person_and_a_run_of_towns_are_places(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, labelled: Label
) -> None:
    """Before: `Jardin François Mitterrand` a person, « madame Mitterrand » given its
    pseudonym (« madame Personne 2 », Personne 2 the park); `Saint-Ouen Aubervilliers
    Pantin` a person, and every « à Saint-Ouen » « à Personne 3 »: two towns said only in the
    run count for nothing against the one said alone as a place."""
    labels = {"Jardin François Mitterrand": "PER", "Saint-Ouen Aubervilliers Pantin": "PER"}
    labelled({**labels, "Saint-Ouen": "LOC"})
    root = project_with(tmp_project, invoke, {"pole-a/parc.txt": PARK})
    rows = review_rows(invoke, root)
    assert rows["Jardin François Mitterrand"]["kind"] == "place"
    assert rows["Jardin François Mitterrand"]["pseudonym"] == "Parc 1"
    assert rows["Mitterrand"]["kind"] == "person"
    assert rows["Saint-Ouen Aubervilliers Pantin"]["kind"] == "place"
    text = _text(applied_segments(invoke, root, tmp_path))
    assert "ça s'appelle euh Parc 1 [ouais ouais] madame Personne " in text, text
    assert "on habite à Commune " in text, text
