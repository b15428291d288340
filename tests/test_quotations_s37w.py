"""A quotation neither starts nor ends on a stage direction, nor at an abbreviation's point
(session 37 W). A line that ends on « (rires) », « (silence) » or « [rires] » ends a
sentence: the quotation of that line, or of the next, is whole, not « […] »; a stage
direction in any usual form (« (il rit) », « (petits rires) », « (Rires…) ») is left out.
« M. Dupont », « env. 300 », « p. ex. Lyon », « cf. Le Monde » are inside a sentence, and so
is « etc. » or « … » followed by a word in lower case: a quotation keeps the whole sentence
(tagging/sentence_ends.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.analysis.quotations import focus
from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.tagging.sentence_ends import split_sentences

FILLER = (
    "Je vais vous raconter comment les choses se sont passées au tout début, quand personne "
    "ne se connaissait vraiment dans le quartier. Il a fallu du temps pour que la confiance "
    "s'installe parmi les structures, beaucoup de temps. "
)
LAUGH_LINE = "Alors les locaux, on les partage avec trois autres membres du pôle depuis 2012"
AFTER_LAUGH = "Ça coûtait trop cher à chacun de payer ses bureaux."
ANSWER_LINE = "La mairie nous aide à trouver des bureaux partagés pour les structures"
ABBREVIATED = {
    "M.": "Avec M. Dupont, le maire adjoint, on a trouvé des bureaux à partager près de la gare.",
    "etc.": "On a les camions, etc. et nous partageons aussi les bureaux du pôle depuis deux ans.",
    "env.": "Il y a env. 300 mètres carrés de bureaux partagés au rez-de-chaussée de la gare.",
}
INTERVIEW = f"""Enquêtrice : Et les locaux ?

Julien : {LAUGH_LINE} (rires)
{AFTER_LAUGH} [rires]
(silence)
Bon, voilà.

Enquêtrice : Et la mairie ?

Julien : {ANSWER_LINE} (il rit)
Enfin, elle essaie (petits rires)

Enquêtrice : Qui vous a aidés ?

Julien : {FILLER}{ABBREVIATED["M."]} {FILLER}

Enquêtrice : Et le matériel ?

Julien : {FILLER}{ABBREVIATED["etc."]} {FILLER}

Enquêtrice : C'est grand ?

Julien : {FILLER}{ABBREVIATED["env."]} {FILLER}
"""


@pytest.fixture
def framework(invoke: Callable[..., Result], tmp_project: Path) -> str:
    """The framework matrix's cell of pole-a × COOP.LIEU, a human coding on each passage:
    the first two lines of the first answer, the first line of the second, and the whole
    of each of the last three answers."""
    (tmp_project / "corpus" / "pole-a" / "locaux.txt").write_text(INTERVIEW, "utf-8")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with find_project(tmp_project).open_store() as store:
        stored = store.document("pole-a/locaux.txt")
        assert stored is not None
        text = stored.text
        passages = [f"{LAUGH_LINE} (rires)", AFTER_LAUGH, f"{ANSWER_LINE} (il rit)"]
        passages += [f"{FILLER}{sentence} {FILLER}".strip() for sentence in ABBREVIATED.values()]
        codings = []
        for passage in passages:
            start = text.index(passage)
            codings.append(Coding(stored.name, start, start + len(passage), "COOP.LIEU", "anne"))
        store.add_codings(codings)
    result = invoke("matrix", "--kind", "framework", "--level", "2", "--quotes", "20")
    assert result.exit_code == 0, result.output
    written = tmp_project / "outputs" / "matrices" / "case-x-code-level2-quotations.csv"
    rows = {row["case"]: row for row in csv.DictReader(io.StringIO(written.read_text("utf-8")))}
    return rows["pole-a"]["COOP.LIEU"]


def test_a_line_ending_on_a_stage_direction_ends_a_sentence(framework: str) -> None:
    """It was « Alors les locaux… depuis 2012 […] » and « […] Ça coûtait trop cher… »: the
    laugh took the line break that ends the sentence with it."""
    assert f"« {LAUGH_LINE} » (pole-a/locaux.txt, Julien)" in framework
    assert f"« {AFTER_LAUGH} » (pole-a/locaux.txt, Julien)" in framework


def test_a_stage_direction_in_another_form_is_not_quoted(framework: str) -> None:
    """It was « La mairie nous aide… structures (il rit) »."""
    assert f"« {ANSWER_LINE} » (pole-a/locaux.txt, Julien)" in framework
    assert "rit)" not in framework and "rires" not in framework


@pytest.mark.parametrize("abbreviation", list(ABBREVIATED))
def test_an_abbreviation_does_not_cut_the_sentence_quoted(
    framework: str, abbreviation: str
) -> None:
    """It was « Dupont, le maire adjoint… » (a sentence started after « M. », unmarked),
    « […] et nous partageons… », « 300 mètres carrés… »."""
    assert f"« {ABBREVIATED[abbreviation]} » (pole-a/locaux.txt, Julien)" in framework


@pytest.mark.parametrize(
    "sentence",
    [
        "Pour les bureaux partagés et les locaux que nous louons ensemble depuis des années, "
        "voyez p. ex. Lyon ou Montreuil.",
        "Pour les bureaux partagés et les locaux que nous louons ensemble depuis des années, "
        "cf. Le Monde du mois dernier.",
        "Les bureaux partagés avec les autres structures du pôle, nous les avons cherchés "
        "longtemps... enfin, pas si longtemps.",
        "Les bureaux partagés et les locaux que nous louons ensemble, rue de la Gare, Mme "
        "Martin nous les a trouvés avec Dr. Lebrun.",
    ],
)
def test_focus_keeps_a_sentence_with_an_abbreviation_whole(sentence: str) -> None:
    """It was « Pour les bureaux… voyez p. […] », « … nous les avons cherchés longtemps...
    […] »: the sentence cut at the abbreviation's point, or at « ... » before lower case."""
    text, complete = focus(FILLER + sentence + " " + FILLER, {"burea", "parta"})
    assert (text, complete) == (sentence, True)


def test_a_stop_ends_a_sentence_unless_an_abbreviation_or_lower_case_goes_on() -> None:
    """« sept. » is the number seven, « art. » a word before no number, « B. » a letter, and
    « etc. » before a capital ends its sentence; « art. 9 » does not, nor « M. Dupont », nor
    « etc. » before lower case. Closing marks after a stop stay with their sentence."""
    cases = {
        "Il y était. Ils étaient sept. Puis huit.": [
            "Il y était.",
            "Ils étaient sept.",
            "Puis huit.",
        ],
        "C'est un art. Voilà.": ["C'est un art.", "Voilà."],
        "C'était le plan B. Et puis rien.": ["C'était le plan B.", "Et puis rien."],
        "La SCOP, etc. Nous avons dit non.": ["La SCOP, etc.", "Nous avons dit non."],
        "La SCOP, etc. et nous avons dit non.": ["La SCOP, etc. et nous avons dit non."],
        "Voir l'art. 9 de la loi. Avec M. Dupont.": [
            "Voir l'art. 9 de la loi.",
            "Avec M. Dupont.",
        ],
        "« C'est fini. » Et il est parti.": ["« C'est fini. »", "Et il est parti."],
        "Bon (rires)\nAlors voilà": ["Bon (rires)", "Alors voilà"],
    }
    assert {text: split_sentences(text) for text in cases} == cases


@pytest.mark.slow  # loads spaCy's French language data
def test_spacys_french_abbreviations_are_known() -> None:
    """Every abbreviation of spaCy's French tokenizer exceptions that precedes what it
    qualifies ends no sentence: the titles, « cf. », « av. », the months, « pp. »…"""
    from spacy.lang.fr.tokenizer_exceptions import TOKENIZER_EXCEPTIONS

    from ptce_coding.tagging.sentence_ends import at_abbreviation

    # « etc. » and « J.-C. » end sentences; « sept. » is seven; one letter is a word (« y. »)
    # or a name's initial; « °C. » a temperature
    ending = {"etc.", "sept.", "J.-C.", "._."}
    known = [
        form
        for form in TOKENIZER_EXCEPTIONS
        if form.endswith(".") and len(form) > 2 and form not in ending and "°" not in form
    ]
    assert known
    assert [form for form in known if not at_abbreviation(f"avec {form}")] == []
