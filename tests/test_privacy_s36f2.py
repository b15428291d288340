"""Pseudonymisation on real transcripts (s36, helper F2, after the new-user trial s36-A).

- The interviewee's surname stayed in the document name of every ``--anonymise`` export
  (« pole-a/Personne 3_Ardoin_H_57_SO.TextGrid »): « Ardoin » is only in the file name, so
  nothing proposed it.
- In the names review sheet « supprimer » (and « non ») read as drop: the name stayed in
  clear; a row made a place kept its « Personne 2 » (« à Personne 2 » in the exports).
- The NER's entities crossed a blank line or a markdown ``**``; « Saint-Ouen » was a
  person, « PTCE lauréats » and « Appel » places.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from ptce_coding.privacy.detect import Detection, detect, load_ner, model_detections
from ptce_coding.privacy.pseudonyms import build_entities
from tests.privacy_support import (
    Labelling,
    anonymised_segments,
    project_with,
    review_rows,
)

Invoke = Callable[..., Result]


def _set(root: Path, name: str, **cells: str) -> Path:
    """The review workbook with the row of ``name`` changed (column: value)."""
    review = root / "private" / "revue.xlsx"
    workbook = openpyxl.load_workbook(review)
    sheet = workbook["review"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(2):
        values = dict(zip(header, row, strict=True))
        if values["name"].value == name:
            for column, value in cells.items():
                values[column].value = value
    workbook.save(review)
    return review


CFPP = """\
Mat Pires : bien donc la première question, tu es arrivé quand ?

Jean-Luc : je suis arrivé en quatre-vingt-quatorze, avec monsieur Arago, le voisin.

Mat Pires : et avant ?

Jean-Luc : avant on était avec Arago, puis à Paris.
"""


# 1. The names of a file name


def test_a_surname_only_the_file_name_writes_is_proposed_and_hidden(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: document « pole-a/Personne 2_Ardoin_H_57_SO.txt » in every anonymised export.
    A capitalised word of a file name beside a person's name (« Ardoin » beside the label's
    « Jean-Luc ») is that person's surname: the row proposes it, the exports hide it, as the
    README promises (« Personne 1_H_57 »)."""
    root = project_with(tmp_project, invoke, {"saint-ouen/Jean-Luc_Ardoin_H_57_SO.txt": CFPP})
    rows = review_rows(invoke, root, "--no-model")
    variants = str(rows["Jean-Luc"]["variants"]).split(" | ")
    assert "Jean-Luc Ardoin" in variants and "Ardoin" in variants
    assert "file name" in str(rows["Jean-Luc"]["sources"])
    result = invoke("pseudonymise", "--apply", str(root / "private" / "revue.xlsx"))
    assert result.exit_code == 0, result.output
    documents = {r["document"] for r in anonymised_segments(invoke, tmp_path)}
    pseudonym = rows["Jean-Luc"]["pseudonym"]
    assert documents == {f"pole-a/{pseudonym}_H_57_SO.txt"}, documents
    out = tmp_path / "anon.qdpx"
    assert invoke("export", "qdpx", str(out), "--anonymise").exit_code == 0
    assert "Ardoin" not in out.read_bytes().decode("latin-1")


def test_a_person_the_ner_reads_in_a_file_name_is_a_row(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, labelled: Callable[[dict[str, str]], None]
) -> None:
    """Before: no row, « pole-a/Entretien_Marie_Dupont.txt » in the exports. A person the NER
    reads in a file name read as a phrase (« Entretien Marie Dupont ») that the text never
    names is a row of its own, its example the file name; « Entretien », a common word,
    stays."""
    labelled({"Marie Dupont": "PER"})
    text = "Enquêteur : Et le pôle ?\n\nRéponse : on a commencé en deux mille dix.\n"
    root = project_with(tmp_project, invoke, {"pole-a/Entretien_Marie_Dupont.txt": text})
    rows = review_rows(invoke, root)
    row = rows["Marie Dupont"]
    assert row["kind"] == "person" and row["sources"] == "file name"
    assert row["example"] == "(file name: pole-a/Entretien_Marie_Dupont.txt)"
    result = invoke("pseudonymise", "--apply", str(root / "private" / "revue.xlsx"))
    assert result.exit_code == 0, result.output
    documents = {r["document"] for r in anonymised_segments(invoke, tmp_path)}
    assert documents == {f"pole-a/Entretien_{row['pseudonym']}.txt"}, documents


def test_a_file_name_of_common_words_proposes_nothing(
    tmp_project: Path, invoke: Invoke, labelled: Callable[[dict[str, str]], None]
) -> None:
    """The demo's names (« entretien-directrice-scic.txt ») and a code in capitals (« ESLO1_
    INTPERS ») hold no name: no row, even beside a person's name."""
    labelled({"Entretien Directrice": "PER"})
    files = {
        "pole-a/Entretien-directrice-scic.txt": CFPP,
        "pole-a/ESLO1_INTPERS_Jean-Luc_420.txt": CFPP.replace("Arago", "Perret"),
    }
    root = project_with(tmp_project, invoke, files)
    rows = review_rows(invoke, root)
    assert not [r for r in rows.values() if "file name" in str(r["sources"])], rows


# 2. The decisions of the review sheet


def test_an_ambiguous_decision_is_refused_with_what_each_word_means(
    tmp_project: Path, invoke: Invoke
) -> None:
    """Before: « supprimer » and « non » read as drop, the name left in clear (« segments
    still naming Jules: 5 »). A word that may mean either is refused, with the words that
    say keep and those that say drop; nothing is applied."""
    root = project_with(tmp_project, invoke, {"pole-a/entretien.txt": CFPP})
    review_rows(invoke, root, "--no-model")
    _set(root, "Jean-Luc", decision="supprimer")
    review = _set(root, "Mat Pires", decision="non")
    result = invoke("pseudonymise", "--apply", str(review))
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert "decision 'supprimer' is ambiguous" in said
    assert "decision 'non' is ambiguous" in said
    assert "write keep (replace the name by its pseudonym in the exports" in said
    assert "or drop (leave the name as it is" in said
    assert not (root / "private" / "pseudonyms.csv").exists()


def test_french_words_that_say_one_thing_are_read(tmp_project: Path, invoke: Invoke) -> None:
    """« masquer » is keep, « laisser » is drop; « change » is keep."""
    root = project_with(tmp_project, invoke, {"pole-a/entretien.txt": CFPP})
    review_rows(invoke, root, "--no-model")
    _set(root, "Jean-Luc", decision="masquer")
    review = _set(root, "Mat Pires", decision="Laisser")
    result = invoke("pseudonymise", "--apply", str(review))
    assert result.exit_code == 0, result.output
    mapping = (root / "private" / "pseudonyms.csv").read_text(encoding="utf-8")
    assert re.search(r",Jean-Luc[^\n]*,keep$", mapping, re.M), mapping
    assert re.search(r",Mat Pires[^\n]*,drop$", mapping, re.M), mapping


def test_a_numbered_pseudonym_follows_a_changed_kind(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: the row made a place kept « Personne 3 » (« à Personne 3 » in the exports). A
    numbered pseudonym of another kind becomes the next number of the row's kind, said; one
    the researcher wrote stays."""
    root = project_with(tmp_project, invoke, {"pole-a/entretien.txt": CFPP})
    rows = review_rows(invoke, root, "--no-model")
    assert str(rows["Arago"]["pseudonym"]).startswith("Personne")
    _set(root, "Arago", kind="place")
    review = _set(root, "Mat Pires", kind="place", pseudonym="Le hameau")
    result = invoke("pseudonymise", "--apply", str(review))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert f"its pseudonym '{rows['Arago']['pseudonym']}' became 'Commune 1'" in said, said
    answer = " ".join(r["text"] for r in anonymised_segments(invoke, tmp_path))
    assert "avant on était avec Commune 1, puis à Paris." in answer, answer
    speakers = {r["speaker"] for r in anonymised_segments(invoke, tmp_path)}
    assert "Le hameau" in speakers, speakers


def test_the_sheet_help_says_what_each_decision_does(tmp_project: Path, invoke: Invoke) -> None:
    root = project_with(tmp_project, invoke, {"pole-a/entretien.txt": CFPP})
    review_rows(invoke, root, "--no-model")
    workbook = openpyxl.load_workbook(root / "private" / "revue.xlsx")
    help_text = " ".join(str(c.value) for c in workbook["help"]["A"])
    assert "« change » reads as keep" in help_text
    assert "« supprimer », « non »" in help_text and "are refused" in help_text
    validation = workbook["review"].data_validations.dataValidation[0]
    assert validation.formula1 == '"keep,drop,change"'


# 3. What the NER reads as names


def test_no_entity_crosses_a_blank_line_or_a_markdown_emphasis() -> None:
    """Before: « Laurent Fraisse\\n\\nLa », « Coopération** » and the next item were one
    entity each. A name ends where a block does; a common word left alone is none."""
    text = (
        "Laurent Fraisse\n\nLa suite du texte.\n"
        "- **Culture et Coopération**\n- **La Coursive Boutaric**\n"
        "une coopération entre pôles.\n"
    )
    labels = {
        "Laurent Fraisse\n\nLa": "PER",
        "Coopération**\n- **La Coursive Boutaric": "ORG",
    }
    found = model_detections({"d": text}, Labelling(labels), {"coopération", "suite"})  # type: ignore[arg-type]
    assert [(d.text, d.kind) for d in found] == [
        ("Laurent Fraisse", "person"),
        ("La Coursive Boutaric", "organisation"),
    ]


def test_words_of_the_field_are_no_places() -> None:
    """Before: « PTCE lauréats » and « Appel » were places (« lauréats du 1er Commune 62 »)."""
    text = "Ce sont des PTCE lauréats du 1er Appel à projets, à Vernasse.\n"
    labels = {"PTCE lauréats": "LOC", "Appel": "LOC", "Vernasse": "LOC"}
    found = model_detections({"d": text}, Labelling(labels), set())  # type: ignore[arg-type]
    assert [d.text for d in found] == ["Vernasse"]


def test_a_saint_name_is_a_place_unless_a_person_context_says_otherwise() -> None:
    """Before: « Saint-Ouen » (the NER's PER, contexts « à Saint-Ouen », « de Saint-Ouen »)
    was « Personne 2 ». A hyphenated « Saint-X » no context tells is a place; « mon ami
    Saint-Just » is a person."""
    texts = {
        "d": "je suis arrivé à Saint-Ouen, tu es de Saint-Ouen ? Et mon ami Saint-Just aussi.",
    }
    text = texts["d"]
    detections = [
        Detection("d", m.start(), m.end(), m.group(), "person", "model")
        for m in re.finditer(r"Saint-(?:Ouen|Just)", text)
    ]
    kinds = sorted((e.name, e.kind) for e in build_entities(detections, texts=texts))
    assert kinds == [("Saint-Just", "person"), ("Saint-Ouen", "place")]


@pytest.mark.slow
def test_the_real_model_on_the_trial_s_passages() -> None:
    """The passages of s36-A, with fr_core_news_sm."""
    texts = {
        "cfpp": "je ne sais même pas si tu es de Saint-Ouen à l'origine, ou à Saint-Ouen même.",
        "seminaire": (
            "Les pôles interrogés sont La Coursive Boutaric, Culture et Coopération, étant des "
            "PTCE lauréats et non lauréats du 1er Appel à projets.\n\n"
            "- **Paris Mix**\n- **Culture et Coopération**\n- **La Coursive Boutaric**\n\n"
            "Les PTCE sont une sorte de **grande respiration**, dit Laurent Fraisse\n\n"
            "- La coopération entre les pôles.\n"
        ),
    }
    found = detect(texts, {}, nlp=load_ner())
    assert not [d for d in found if "\n\n" in d.text or "**" in d.text]
    assert not [d for d in found if re.search(r"PTCE|Appel", d.text)], found
    entities = build_entities(found, texts=texts)
    assert {e.name: e.kind for e in entities}.get("Saint-Ouen") == "place"
