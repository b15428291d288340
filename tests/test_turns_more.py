"""Turns at import, read through `import`: a label alone on its line that another label
follows directly, a word alone on its line before a colon that opens a list in a turn, and
the interviewer a transcript's head declares in a list of participants."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.test_speaker_labels import imported_turns

BODY = (
    "Paul Martin : Comment est né le pôle ?\n"
    "Marie Dupont : D'un appel à projets, en 2012.\n"
    "Paul Martin : Et qui décide ?\n"
    "Marie Dupont : Le bureau.\n"
)


def assert_every_line_in_a_segment(text: str, turns: list[tuple[str | None, bool, str]]) -> None:
    """Every line of ``text`` is in a segment, but the speaker labels."""
    segments = "\n".join(words for _, _, words in turns)
    labels = {speaker for speaker, _, _ in turns if speaker}
    for line in text.split("\n"):
        words = line.strip()
        for label in labels:  # « Marie : … », « Marie : » alone, « Marie » alone
            if words.startswith(label) and words[len(label) :].lstrip(" :") in segments:
                words = ""
        if words and words not in segments:
            raise AssertionError(f"{line!r} is in no segment")


@pytest.mark.parametrize(
    ("head", "first"),
    [
        pytest.param(
            "Participants :\nMarie Dupont (directrice)\nPaul Martin (enquêteur)\n\n",
            "Participants :\nMarie Dupont (directrice)\nPaul Martin (enquêteur)",
            id="then-the-first-turn",
        ),
        pytest.param(
            "Participants :\nMarie Dupont (directrice)\nPaul Martin (enquêteur)\n"
            "Date : 12 mars 2024\n\n",
            "Participants :\nMarie Dupont (directrice)\nPaul Martin (enquêteur)\n"
            "Date : 12 mars 2024",
            id="then-a-field-of-the-head",
        ),
    ],
)
def test_the_last_name_of_a_list_of_who_was_there_is_no_turn(
    invoke: Callable[..., Result], tmp_project: Path, head: str, first: str
) -> None:
    """« Paul Martin (enquêteur) », alone on its line and known as an interviewer's label,
    ended the list: before, its line was in no segment when the first turn followed (its
    words, none, were the empty turn of an interviewer), or it was an interviewer whose turn
    was « Date : 12 mars 2024 »."""
    text = head + BODY
    turns = imported_turns(invoke, tmp_project, text)
    assert turns[0] == (None, False, first)
    assert [speaker for speaker, _, _ in turns[1:]] == ["Paul Martin", "Marie Dupont"] * 2
    assert_every_line_in_a_segment(text, turns)


WORD_TRANSCRIPT = (
    "Enquêtrice\n{first}\n\n"
    "Marie Dupont\n{second}\nEt on a signé en 2012.\n\n"
    "Enquêtrice\nEt ensuite ?\n\n"
    "Marie Dupont\nLa SCIC.\n"
)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        pytest.param(
            "Comment est né le pôle ?",
            "Paul Martin : vous signez ? Moi j'ai dit oui.",
            [
                ("Enquêtrice", True, "Comment est né le pôle ?"),
                (
                    "Marie Dupont",
                    False,
                    "Paul Martin : vous signez ? Moi j'ai dit oui.\nEt on a signé en 2012.",
                ),
            ],
            id="a-full-name-said-once",
        ),
        pytest.param(
            "Alors : comment est né le pôle ?",
            "D'un appel à projets.",
            [
                ("Enquêtrice", True, "Alors : comment est né le pôle ?"),
                ("Marie Dupont", False, "D'un appel à projets.\nEt on a signé en 2012."),
            ],
            id="a-word-answering-the-interviewer",
        ),
    ],
)
def test_a_label_alone_on_its_line_keeps_its_words(
    invoke: Callable[..., Result],
    tmp_project: Path,
    first: str,
    second: str,
    expected: list[tuple[str | None, bool, str]],
) -> None:
    """A Word transcript, names alone on their line: the words under a name start with
    words before a colon said once. Before, they were the turn of a speaker « Paul Martin »
    (Marie's words given to him) or « Alors » (the interviewer's question counted as an
    interviewee's words), and the name above had an empty turn."""
    text = WORD_TRANSCRIPT.format(first=first, second=second)
    turns = imported_turns(invoke, tmp_project, text)
    assert turns == [
        *expected,
        ("Enquêtrice", True, "Et ensuite ?"),
        ("Marie Dupont", False, "La SCIC."),
    ]
    assert_every_line_in_a_segment(text, turns)


def test_a_label_alone_on_its_line_above_a_turn_that_comes_back(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    # « Marie Dupont » alone, then « Paul Martin : » who speaks again: the name line is the
    # text above the turns (a title), not an empty turn of hers (read so before too)
    text = "Marie Dupont\n\n" + BODY
    turns = imported_turns(invoke, tmp_project, text)
    assert turns[0] == (None, False, "Marie Dupont")
    assert [speaker for speaker, _, _ in turns[1:]] == ["Paul Martin", "Marie Dupont"] * 2


def test_a_timestamped_label_alone_on_its_line_stays_a_label(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    # a speaker who said nothing, then another's turn: the timestamp makes it a label
    # (an empty turn), not words of the turn before
    text = (
        "Speaker 1: Bonjour, on commence ?\n\nSpeaker 2  0:05\n\n"
        "Speaker 1: Vous êtes là ?\n\nSpeaker 2: Oui.\n"
    )
    assert imported_turns(invoke, tmp_project, text) == [
        ("Speaker 1", False, "Bonjour, on commence ?"),
        ("Speaker 1", False, "Vous êtes là ?"),
        ("Speaker 2", False, "Oui."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Enquêteur : Quels sont les objectifs du pôle ?\n"
            "Marie : Il y en a plusieurs.\nObjectifs :\n- créer des emplois ;\n- coopérer.\n"
            "Les ressources :\n- la Région ;\n- les cotisations.\n"
            "Enquêteur : Et ensuite ?\nMarie : La SCIC.\n",
            id="labels-on-the-line",
        ),
        pytest.param(
            "Enquêteur :\nQuels sont les objectifs du pôle ?\n\n"
            "Marie :\nIl y en a plusieurs.\n\nObjectifs :\n- créer des emplois ;\n- coopérer.\n\n"
            "Les ressources :\n- la Région ;\n- les cotisations.\n\n"
            "Enquêteur :\nEt ensuite ?\n\nMarie :\nLa SCIC.\n",
            id="labels-alone-on-their-line",
        ),
    ],
)
def test_a_word_alone_before_a_colon_in_a_turn_is_speech(
    invoke: Callable[..., Result], tmp_project: Path, text: str
) -> None:
    """« Objectifs : » alone on its line, then a list, in Marie's answer: before, a speaker
    « Objectifs » whose turn was the list, the line « Objectifs : » in no segment (its
    word not counted) and « Objectifs » among the document's speakers."""
    turns = imported_turns(invoke, tmp_project, text)
    assert [speaker for speaker, _, _ in turns] == [
        "Enquêteur",
        "Marie",
        *["Marie"] * (len(turns) - 4),
        "Enquêteur",
        "Marie",
    ]
    said = "\n".join(words for speaker, _, words in turns if speaker == "Marie")
    assert "Objectifs :\n- créer des emplois ;\n- coopérer." in said
    assert "Les ressources :\n- la Région ;" in said
    listed = json.loads(invoke("documents", "--format", "json").output)
    assert [(row["speakers"], row["counted"]) for row in listed] == [("Enquêteur,Marie", 26)]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        pytest.param(
            "Enquêteur :\nComment est né le pôle ?\n\nMarie :\nD'un appel à projets.\n",
            ["Enquêteur", "Marie"],
            id="answers-the-interviewer-once",
        ),
        pytest.param(
            "Paul :\nBonjour, vous êtes ?\n\nMarie :\nLa directrice.\n\n"
            "Paul :\nDepuis quand ?\n\nMarie :\nDepuis 2012.\n",
            ["Paul", "Marie", "Paul", "Marie"],
            id="come-back",
        ),
        pytest.param(
            "Marie Dupont :\nBonjour, je suis la directrice.\n\nPaul Martin :\nDepuis quand ?\n",
            ["Marie Dupont", "Paul Martin"],
            id="full-names-said-once",
        ),
        pytest.param(
            "Chercheuse :\nComment est né le pôle ?\n\nMarie :\nD'un appel à projets.\n\n"
            "Objectifs :\n- coopérer.\n\nChercheuse :\nMerci.\n",
            ["Chercheuse", "Marie", "Marie", "Chercheuse"],
            id="known-label-and-a-list",
        ),
    ],
)
def test_labels_alone_on_their_line_with_a_colon(
    invoke: Callable[..., Result], tmp_project: Path, text: str, speakers: list[str]
) -> None:
    # « Marie : » alone, then her words: still a label where it answers, comes back or is
    # a full name
    turns = imported_turns(invoke, tmp_project, text)
    assert [speaker for speaker, _, _ in turns] == speakers
    assert_every_line_in_a_segment(text, turns)


QUESTIONS = (
    "{interviewer} : Comment est né le pôle ?\n"
    "{interviewee} : D'un appel à projets, vous voyez ?\n"
    "{interviewer} : Et qui décide ?\n"
    "{interviewee} : Le bureau.\n"
)


@pytest.mark.parametrize(
    ("head", "interviewer"),
    [
        pytest.param(
            "Participants : Marie Dupont (directrice), Claire Roux (enquêtrice)\n\n",
            "Claire",
            id="participants-on-one-line",
        ),
        pytest.param(
            "Participants :\nMarie Dupont (directrice)\nClaire Roux (enquêtrice)\n\n",
            "CR",
            id="one-participant-a-line",
        ),
        pytest.param(
            "**Participants :** Marie Dupont (directrice), Claire Roux (Chercheuse au CNRS)\n"
            "**Date :** 12 mars 2024\n\n",
            "Claire",
            id="markdown-a-role-with-more-words",
        ),
        pytest.param(
            "Entretien mené par Mme Claire Roux (intervieweuse) avec Marie Dupont.\n\n",
            "CR",
            id="in-a-sentence",
        ),
        pytest.param(
            "Enquêtrice : Claire Roux\nDate : 12 mars 2024\n\n", "CR", id="role-then-a-field"
        ),
        pytest.param("Enquêtrices : Léa Morel et Claire Roux\n\n", "Claire", id="two-interviewers"),
    ],
)
def test_the_interviewer_a_head_declares(
    invoke: Callable[..., Result], tmp_project: Path, head: str, interviewer: str
) -> None:
    """Before: « Claire » (or « CR ») was an interviewee, her questions coded and counted,
    and nothing told (one of the turns was the interviewer's, the head, or none but
    « vous voyez ? » asked back left the warning unsure)."""
    text = head + QUESTIONS.format(interviewer=interviewer, interviewee="Marie")
    turns = imported_turns(invoke, tmp_project, text)
    roles = {speaker: asks for speaker, asks, _ in turns if speaker}
    assert roles[interviewer] is True
    assert roles["Marie"] is False


@pytest.mark.parametrize(
    "head",
    [
        pytest.param(
            "Participants : Marie Dupont (directrice), Claire Roux (présidente)\n\n",
            id="no-interviewer-role",
        ),
        pytest.param("Q : Marie Dupont, vous êtes directrice ?\n", id="a-question-naming-her"),
    ],
)
def test_a_head_that_declares_no_interviewer(
    invoke: Callable[..., Result], tmp_project: Path, head: str
) -> None:
    # Marie asks back (« vous voyez ? »): she stays an interviewee
    text = head + QUESTIONS.format(interviewer="Q", interviewee="Marie Dupont")
    turns = imported_turns(invoke, tmp_project, text)
    assert {speaker: asks for speaker, asks, _ in turns if speaker} == {
        "Q": True,
        "Marie Dupont": False,
    }
