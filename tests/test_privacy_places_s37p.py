"""Place names of spoken Paris proposed as persons (s37, helper P).

A user trial on the CFPP2000 interviews (Paris, Saint-Ouen) found streets, a station and
hospitals proposed as persons: « Arago » (« la rue Arago », « on dit Arago Perret » for a
street corner), « Jaurès » (« au collège euh Jaurès »), hospitals (« l'hôpital Bichat »),
métro stations (« métro Télégraphe »). The transcripts below are written for these tests,
after the shape of those interviews (hesitations, no punctuation in places).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
import spacy
from click.testing import Result
from spacy.tokens import Doc

from ptce_coding.privacy.detect import model_detections
from tests.privacy_support import applied_segments, project_with, review_rows

Invoke = Callable[..., Result]
Label = Callable[[dict[str, str]], None]


def _answer(invoke: Invoke, root: Path, tmp_path: Path) -> str:
    rows = applied_segments(invoke, root, tmp_path)
    return " ".join(r["text"] for r in rows if r["speaker"] != "Enquêteur")


CORNER = """\
Enquêteur : Et ce quartier, il s'appelle comment ?

Jean-Luc : On est arrivés à Arago en quatre-vingt-dix-huit. Il y a la cité Arago derrière \
la rue Arago, et la fête de la place Perret. Si on est plus près de la place Perret on dit \
Arago Perret, mais bon c'est Arago.
"""


CHILD = """\
Enquêteur : Et les enfants ?

Micheline : Et puis euh Matthieu Matthieu il avait un prof qui l'aimait bien. Ils habitent \
la rue Paul Bert maintenant, comme Paul Paul il était.
"""


def test_two_street_names_side_by_side_are_a_street_corner_not_a_person(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, labelled: Label
) -> None:
    """Before: « Arago Perret » (read PER by the NER, as fr_core_news_sm reads it in the
    CFPP interview) was « Personne 1 », and « Arago » its short form: « à Arago », « c'est
    Arago » became a person. Two capitalised words side by side, each a place where the
    speaker says it alone (« la rue Arago », « la place Perret »), are a run of places; a
    street of another interview (« rue Matthieu ») says nothing of « Matthieu Matthieu »,
    nor a street's longer name (« la rue Paul Bert ») of « Paul Paul »."""
    labelled(
        {
            "Arago Perret": "PER",
            "Arago": "LOC",
            "Perret": "LOC",
            "Matthieu Matthieu": "PER",
            "Paul Paul": "PER",
        }
    )
    files = {
        "pole-a/habitant.txt": CORNER,
        "pole-b/parents.txt": CHILD,
        "pole-b/voisine.txt": "Enquêteur : Et là ?\n\nLouise : Regardez ça, rue Matthieu.\n",
    }
    root = project_with(tmp_project, invoke, files)
    rows = review_rows(invoke, root)
    persons = {name for name, row in rows.items() if row["kind"] == "person"}
    assert persons == {"Jean-Luc", "Micheline", "Louise", "Matthieu Matthieu", "Paul Paul"}
    assert rows["Arago Perret"]["kind"] == "place"
    assert rows["Arago"]["kind"] == "place"
    answer = _answer(invoke, root, tmp_path)
    assert re.search(r"On est arrivés à Voie (\d) en .* derrière la rue Voie \1,", answer), answer
    assert re.search(r" on dit Commune \d, mais bon c'est Voie \d\.", answer), answer


SCHOOL = """\
Enquêteur : Et votre fille, l'école ?

Jean-Luc : Avant, l'école maternelle Emile Zola. Elle a fait un passage éclair au collège \
euh Jaurès, puis elle a eu une place à Jaurès. Je l'ai dit à Jules.
"""


def test_a_hesitation_between_a_noun_and_its_name_does_not_hide_the_noun(
    tmp_project: Path, invoke: Invoke, labelled: Label
) -> None:
    """Before: « Jaurès » of « au collège euh Jaurès » was a person (the NER's reading): the
    « euh » of speech stood between the noun and the name; so was « Emile Zola » of
    « l'école maternelle Emile Zola », the adjective after the noun. « à » alone makes no
    place: « je l'ai dit à Jules » stays a person."""
    labelled({"Jaurès": "PER", "Jules": "PER", "Emile Zola": "PER"})
    root = project_with(tmp_project, invoke, {"pole-a/habitant.txt": SCHOOL})
    rows = review_rows(invoke, root)
    assert rows["Jaurès"]["kind"] == "organisation"
    assert rows["Emile Zola"]["kind"] == "organisation"
    assert rows["Jules"]["kind"] == "person"


STATION = """\
Enquêteur : Vous habitiez où ?

Mira : Métro Télégraphe, à deux pas du métro Télégraphe. Le dimanche on descendait à la \
station Télégraphe pour les bals, et mon père travaillait à l'hôpital Bichat.
"""


def test_a_metro_station_is_a_station_and_a_hospital_no_person(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, labelled: Label
) -> None:
    """Before: « Télégraphe » and « Bichat » (read PER by the NER) were « Personne 1 » and
    « Personne 2 ». A name after « métro », « station » or « gare » is a station's (a place,
    « Station N »), after « l'hôpital » a hospital's (an organisation, as « la clinique »)."""
    labelled({"Télégraphe": "PER", "Bichat": "PER"})
    root = project_with(tmp_project, invoke, {"pole-a/habitante.txt": STATION})
    rows = review_rows(invoke, root)
    assert rows["Télégraphe"]["kind"] == "place"
    assert rows["Télégraphe"]["pseudonym"] == "Station 1"
    assert rows["Bichat"]["kind"] == "organisation"
    answer = _answer(invoke, root, tmp_path)
    assert answer.startswith(
        "Métro Station 1, à deux pas du métro Station 1. Le dimanche on descendait à la "
        "Station 1 pour les bals, et mon père travaillait à l'hôpital Organisation 1."
    ), answer


TURNS = """\
Enquêteur : On a fait le tour du quartier

Marie est arrivée après, elle tient le café.
"""


MALL = """\
Enquêteur : Vous faites vos courses où ?

Véronique : Vers le centre commercial Géant Casino, ça s'appelle autrement maintenant.
"""


def test_a_noun_and_its_adjective_are_not_read_as_an_adjective_and_a_noun(
    tmp_project: Path, invoke: Invoke, labelled: Label
) -> None:
    """Before: « Géant Casino » (an ORG for the NER) was a person: « le centre commercial »
    was read as « le centre » (an adjective) « commercial » (a salesman) before a name.
    Only an adjective French writes before its noun (« mon petit commercial ») stands
    between the article and the noun."""
    labelled({"Géant Casino": "ORG"})
    root = project_with(tmp_project, invoke, {"pole-a/habitante.txt": MALL})
    rows = review_rows(invoke, root)
    assert rows["Géant Casino"]["kind"] == "organisation"


def test_a_noun_that_ends_a_paragraph_announces_no_name_in_the_next(
    tmp_project: Path, invoke: Invoke, labelled: Label
) -> None:
    """Before: « Marie » was a place: « le tour du quartier », at the end of the turn
    before, was read as « le quartier Marie » across the blank line."""
    labelled({"Marie": "PER"})
    root = project_with(tmp_project, invoke, {"pole-a/habitante.txt": TURNS})
    rows = review_rows(invoke, root)
    assert rows["Marie"]["kind"] == "person"


class _CountingNer:
    """A stand-in NER that finds nothing and counts the texts each ``pipe`` call reads."""

    def __init__(self) -> None:
        self.nlp = spacy.blank("fr")
        self.batches: list[int] = []

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        read = list(texts)
        self.batches.append(len(read))
        return (self.nlp(text) for text in read)


def test_the_ner_reads_one_document_at_a_time() -> None:
    """Before: every document went to the NER in one ``nlp.pipe`` call, which spaCy reads in
    batches of 1,000 texts: for the 61 CFPP interviews (6 million characters) the review
    was past 19 GB when it was stopped; one document at a time it peaks at 1.4 GB."""
    ner = _CountingNer()
    documents = {f"pole-a/entretien-{n}.txt": f"Entretien {n}, à Saint-Ouen." for n in range(3)}
    assert model_detections(documents, ner, set()) == []
    assert ner.batches == [1, 1, 1]


@pytest.mark.slow
def test_the_french_model_reads_the_street_corner_as_places(
    tmp_project: Path, invoke: Invoke
) -> None:
    """fr_core_news_sm itself: before, « Arago Perret » and « Arago » were one person."""
    root = project_with(tmp_project, invoke, {"pole-a/habitant.txt": CORNER})
    rows = review_rows(invoke, root)
    assert rows["Arago Perret"]["kind"] == "place"
    assert rows["Arago"]["kind"] == "place"
