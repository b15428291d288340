"""A quotation's source names its pole unless the interview's name holds the pole's as whole
words (session 40, T): a real corpus's files are named after the corpus (« ESLO1_INTPERS_420_C »
in the folder `eslo`), and « Eslo » is not said in « ESLO1_INTPERS_420_C »: the quotation
must still say which pole it comes from."""

from __future__ import annotations

from ptce_coding.report.chapter_blocks import Quote


def source(interview: str, pole: str) -> str:
    return Quote("c", "c/d.txt", None, "x", pole=pole, interview=interview, role="rôle").source


def test_a_pole_name_inside_a_word_of_the_interview_is_still_said() -> None:
    assert source("ESLO1_INTPERS_420_C", "Eslo") == "rôle (ESLO1_INTPERS_420_C, Eslo)"
    assert source("Sudoku", "Sud") == "rôle (Sudoku, Sud)"


def test_a_name_held_as_whole_words_is_said_once() -> None:
    pole = "Pôle Bois & Habitat du Val de Morvanne"
    assert source("Pôle Bois & Habitat", pole) == f"rôle ({pole})"
    assert source("Collectif de la Biscuiterie", "Collectif de la Biscuiterie") == (
        "rôle (Collectif de la Biscuiterie)"
    )
    assert source("Entretien Eslo 2", "Eslo") == "rôle (Entretien Eslo 2)"
