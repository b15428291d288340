"""A rule suggestion covers the sentences its quotation quotes whole (session 38 D).

The passage a rule suggestion covers (tagging/context.py) and the report's quotation of it
(analysis/quotations.py) read one rule of what a sentence is (tagging/sentence_ends.py): no
sentence ends at an abbreviation's point (« M. Dupont », « env. 300 »), nor at « etc. » or
« … » before a word in lower case; and a transcriber's mark of what is not speech
(« (rires) », « (il rit) », « [ouais] ») never starts nor ends a passage. Before, the passage
cut « Avec M. Dupont, … » after « M. », took « (rires) » at its start, and its quotation in
the report was marked « […] » (on the demo, 14 rule suggestions' quotations out of 337).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.app.project import find_project
from ptce_coding.tagging.context import opening, passage, sentences

BEFORE = "Je vais vous raconter comment tout a commencé, il y a longtemps."
AFTER = "Voilà."


def _passage_of(sentence: str, evidence: str, before: str = BEFORE, after: str = AFTER) -> str:
    text = f"{before} {sentence} {after}"
    start = text.index(evidence)
    begin, end = passage(text, [(start, start + len(evidence))])
    return text[begin:end]


@pytest.mark.parametrize(
    "sentence",
    [
        "Avec M. Dupont, le maire adjoint, on a trouvé des locaux partagés près de la gare.",
        "Il y a env. 300 mètres carrés de locaux partagés au rez-de-chaussée.",
        "On a les camions, etc. et puis des locaux partagés avec l'épicerie.",
        "La CAE... c'est plus compliqué pour les locaux partagés, je vais être honnête.",
        "Voyez p. ex. Lyon, où les locaux partagés sont nombreux.",
    ],
)
def test_a_passage_keeps_a_sentence_with_an_abbreviation_whole(sentence: str) -> None:
    """It was « Dupont, le maire adjoint… », « 300 mètres carrés… », « et puis des locaux
    partagés… », « c'est plus compliqué… », « Lyon, où… »: the sentence cut at the point."""
    assert _passage_of(sentence, "locaux partagés") == sentence


@pytest.mark.parametrize(
    ("before", "sentence", "after"),
    [
        ("C'était dur au début. (rires)", "Alors on a trouvé des locaux partagés.", AFTER),
        ("C'était dur au début.", "Alors on a trouvé des locaux partagés", "(il rit)\nVoilà."),
        ("Bon. [ouais] (silence)", "On a trouvé des locaux partagés.", "(rires) Voilà."),
    ],
)
def test_a_passage_neither_starts_nor_ends_on_a_stage_direction(
    before: str, sentence: str, after: str
) -> None:
    """It was « (rires) Alors on a trouvé… », « … partagés (il rit) », « [ouais] (silence)
    On a trouvé… »."""
    assert _passage_of(sentence, "locaux partagés", before, after) == sentence


def test_the_sentences_of_a_turn_are_the_quotations() -> None:
    """One rule for both: a sentence of nothing but a stage direction is none, and a real
    parenthesis of speech stays in its sentence."""
    text = "(rires)\nOn a créé le pôle (Collectif de la Biscuiterie, Montaurel). (soupir) Bon."
    assert [text[s:e] for s, e in sentences(text)] == [
        "On a créé le pôle (Collectif de la Biscuiterie, Montaurel).",
        "Bon.",
    ]
    answer = "(rires) Oui, avec M. Dupont. Et puis la Région."
    assert answer[slice(*opening(answer))] == "Oui, avec M. Dupont. Et puis la Région."


INTERVIEW = f"""Enquêtrice : Et les locaux ?

Julien : {BEFORE} Avec M. Dupont, le maire adjoint, on a trouvé des locaux partagés près de \
la gare. Voilà.

Enquêtrice : Et les financements ?

Julien : C'était dur au début. (rires) Alors on a eu une subvention de la Région pour \
démarrer. Bon.

Enquêtrice : Et après ?

Julien : On a les camions, etc. et puis une subvention de l'agglo pour le matériel. Enfin \
voilà (rires)
Et les locaux partagés, on les garde (il rit)
Voilà.
"""
PASSAGES = {
    "Avec M. Dupont, le maire adjoint, on a trouvé des locaux partagés près de la gare.",
    "Alors on a eu une subvention de la Région pour démarrer.",
    "On a les camions, etc. et puis une subvention de l'agglo pour le matériel.",
    "Et les locaux partagés, on les garde",
}


@pytest.mark.slow  # the French spaCy model
def test_rule_suggestions_cover_whole_sentences_and_are_quoted_whole(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """Through `code` and the framework matrix: each rule suggestion covers its sentence,
    and its quotation is that sentence, bare. It was « Dupont, le maire adjoint… » (quoted
    « […] Dupont… »), « (rires) Alors on a eu… », « et puis une subvention… » (quoted
    « […] et puis… ») and « Et les locaux partagés, on les garde (il rit) »."""
    (tmp_project / "corpus" / "pole-a" / "julien.txt").write_text(INTERVIEW, "utf-8")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    result = invoke("code")
    assert result.exit_code == 0, result.output
    with find_project(tmp_project).open_store() as store:
        rows = store.coding_rows(methods=["rule"], documents=["pole-a/julien.txt"])
    assert {row.text for row in rows} == PASSAGES
    result = invoke(
        "matrix", "--kind", "framework", "--status", "suggested", "--level", "2", "--quotes", "9"
    )
    assert result.exit_code == 0, result.output
    matrices = tmp_project / "outputs" / "matrices"
    written = matrices / "case-x-code-level2-quotations-suggestions-only.csv"
    cells = next(
        row
        for row in csv.DictReader(io.StringIO(written.read_text("utf-8")))
        if row["case"] == "pole-a"
    )
    quoted = "\n".join(cells[code] for code in ("COOP.LIEU", "ECO.PUBLIC"))
    for sentence in PASSAGES:
        assert f"« {sentence} » (pole-a/julien.txt, Julien) [suggestion]" in quoted
