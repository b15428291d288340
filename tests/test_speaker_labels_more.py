"""More speaker labels as French transcripts write them, read through `import`: a transcript's
head listing who was there (no speaker), a name then a dash, a dialogue written with dashes,
names in capitals with a full stop, « Question. » / « Réponse. », « Q/ », « L'enquêtrice »."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result

from ptce_coding.corpus.dialogue_dashes import ANSWER, QUESTION, dash_labels
from tests.test_speaker_labels import imported_turns

BODY = (
    "Paul Martin : Comment est né le pôle ?\n"
    "Marie Dupont : D'un appel à projets, en 2012.\n"
    "Paul Martin : Et qui décide ?\n"
    "Marie Dupont : Le bureau.\n"
)


@pytest.mark.parametrize(
    "head",
    [
        pytest.param(
            "**Participants :** Marie Dupont (directrice), Paul Martin (enquêteur)\n"
            "**Date :** 12 mars 2024\n**Lieu :** Lille\n\n",
            id="markdown-bold",
        ),
        pytest.param(
            "Participants :\nMarie Dupont (directrice)\nPaul Martin (enquêteur)\n\n",
            id="alone-on-its-line",
        ),
        pytest.param("[00:00:00] Participants : Marie Dupont, Paul Martin\n\n", id="timestamped"),
        pytest.param("**Intervenants :** Marie Dupont, Paul Martin\n\n", id="intervenants"),
        pytest.param(
            "**Présents :** Marie Dupont, Paul Martin\n**Transcription :** Léa Morel\n\n",
            id="presents-transcription",
        ),
        pytest.param(
            "Participants : Marie Dupont (directrice), Paul Martin (enquêteur)\n"
            "Date : 12 mars 2024\nLieu : Lille\n\n",
            id="plain",  # read right before too
        ),
    ],
)
def test_a_head_listing_who_was_there_is_no_speaker(
    invoke: Callable[..., Result], tmp_project: Path, head: str
) -> None:
    """Before: « Participants » was a speaker whose turn held the list of names (and the date
    and place under it), in bold, alone on its line before the names, or timestamped."""
    turns = imported_turns(invoke, tmp_project, head + BODY)
    assert [speaker for speaker, _, _ in turns] == [
        None,
        "Paul Martin",
        "Marie Dupont",
        "Paul Martin",
        "Marie Dupont",
    ]
    listed = json.loads(invoke("documents", "--format", "json").output)
    assert [row["speakers"] for row in listed] == ["Paul Martin,Marie Dupont"]


def test_a_field_of_a_word_file_head_in_bold_is_no_speaker(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """Before: « Participants » and « Date », in bold with their colon, were speakers."""
    document = docx.Document()
    for bold, words in [
        ("Participants :", " Marie Dupont (directrice), Paul Martin (enquêteur)"),
        ("Date :", " 12 mars 2024"),
        ("Paul Martin :", " Comment est né le pôle ?"),
        ("Marie Dupont :", " D'un appel à projets."),
    ]:
        paragraph = document.add_paragraph()
        paragraph.add_run(bold).bold = True
        paragraph.add_run(words)
    path = tmp_project / "entretien.docx"
    document.save(str(path))
    assert invoke("import", str(path), "--case", "pole-c").exit_code == 0
    listed = json.loads(invoke("documents", "--format", "json").output)
    assert [row["speakers"] for row in listed] == ["Paul Martin,Marie Dupont"]


def test_one_participant_of_a_focus_group_is_a_speaker(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    # singular: one of the group speaking, as « Participant 1 : »
    text = (
        "Animatrice : Qu'en pensez-vous ?\nParticipant : La SCIC a tout changé.\n"
        "Participante : Moi, je suis arrivée après.\nAnimatrice : Et le bureau ?\n"
        "Participant : Il décide.\nParticipante : Pas tout.\n"
    )
    assert [speaker for speaker, _, _ in imported_turns(invoke, tmp_project, text)] == [
        "Animatrice",
        "Participant",
        "Participante",
        "Animatrice",
        "Participant",
        "Participante",
    ]


@pytest.mark.parametrize(
    ("interviewer", "interviewee", "dash"),
    [
        ("Paul Martin", "Marie Dupont", "—"),
        ("Paul Martin", "Marie Dupont", "–"),
        ("Enquêteur", "Marie", "-"),
        ("ENQ", "MD", "—"),
    ],
    ids=["em-dash", "en-dash", "hyphen", "known-and-initials"],
)
def test_a_name_then_a_dash_is_a_label(
    invoke: Callable[..., Result],
    tmp_project: Path,
    interviewer: str,
    interviewee: str,
    dash: str,
) -> None:
    """Before: no label was read, the interview was one paragraph of no speaker."""
    settings = tmp_project / "project.yaml"
    yaml_text = settings.read_text(encoding="utf-8")
    settings.write_text(yaml_text.replace("  interviewers: []\n", "  interviewers: [Paul]\n"))
    text = (
        f"{interviewee} {dash} Bonjour, je suis directrice de la SCIC.\n"
        f"{interviewer} {dash} Comment est né le pôle ?\n"
        f"{interviewee} {dash} D'un appel à projets, en 2012.\n"
        f"{interviewer} {dash} Et qui décide ?\n"
        f"{interviewee} {dash} Le bureau.\n"
    )
    assert imported_turns(invoke, tmp_project, text) == [
        (interviewee, False, "Bonjour, je suis directrice de la SCIC."),
        (interviewer, True, "Comment est né le pôle ?"),
        (interviewee, False, "D'un appel à projets, en 2012."),
        (interviewer, True, "Et qui décide ?"),
        (interviewee, False, "Le bureau."),
    ]


def test_a_dash_after_a_word_in_a_turn_is_speech(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    # a name that an incise follows, a word said once before a dash, « Oui - » and « Non - »
    # that come back, a list item after the interviewer: the speaker's words
    text = (
        "Enquêteur : Qui dirige ?\n"
        "Marie : Au début, personne.\n"
        "Marie Dupont — la directrice — est arrivée en 2014.\n"
        "Paris — enfin, la Région — a suivi.\n"
        "Oui - enfin, non.\nNon - enfin si.\n– Emploi : créer.\n"
        "Enquêteur : Et ensuite ?\n"
        "Marie : Rien.\nOui - voilà.\nNon - rien.\n"
    )
    assert imported_turns(invoke, tmp_project, text) == [
        ("Enquêteur", True, "Qui dirige ?"),
        (
            "Marie",
            False,
            "Au début, personne.\nMarie Dupont — la directrice — est arrivée en 2014.\n"
            "Paris — enfin, la Région — a suivi.\nOui - enfin, non.\nNon - enfin si.\n"
            "– Emploi : créer.",
        ),
        ("Enquêteur", True, "Et ensuite ?"),
        ("Marie", False, "Rien.\nOui - voilà.\nNon - rien."),
    ]


DASH_DIALOGUE = (
    "Entretien avec la directrice, 12 mars 2024.\n\n"
    "— Pouvez-vous présenter le pôle ?\n"
    "— Oui, le pôle est né en 2012 d'un appel à projets.\n"
    "— Qui décide ?\n"
    "— Le bureau, une fois par mois.\n"
    "— D'accord. Et les salariés ?\n"
    "— Ils sont associés de la SCIC.\n"
)


def test_a_dialogue_written_with_dashes_is_split_into_turns(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """Before: one paragraph of no speaker, the questions coded and counted as the
    interviewee's words. The questions alternate with answers: « Question », « Réponse »."""
    assert imported_turns(invoke, tmp_project, DASH_DIALOGUE) == [
        (None, False, "Entretien avec la directrice, 12 mars 2024."),
        ("Question", True, "Pouvez-vous présenter le pôle ?"),
        ("Réponse", False, "Oui, le pôle est né en 2012 d'un appel à projets."),
        ("Question", True, "Qui décide ?"),
        ("Réponse", False, "Le bureau, une fois par mois."),
        ("Question", True, "D'accord. Et les salariés ?"),
        ("Réponse", False, "Ils sont associés de la SCIC."),
    ]
    listed = json.loads(invoke("documents", "--format", "json").output)
    assert [(row["speakers"], row["counted"]) for row in listed] == [("Question,Réponse", 23)]


def test_dash_turns_whose_sides_cannot_be_told_have_no_speaker(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """The answers ask too (« vous voyez ? »): one segment per turn, nobody named, and the
    import says that the questions are counted."""
    path = tmp_project / "tirets.txt"
    path.write_text(
        "— Comment est né le pôle ?\n— D'une réunion, vous voyez ?\n"
        "— Et qui décide ?\n— Le bureau, vous savez ?\n— Et les salariés ?\n— Associés.\n",
        encoding="utf-8",
    )
    result = invoke("import", str(path), "--case", "pole-c")
    assert result.exit_code == 0, result.output
    assert "no speaker label recognised, yet 5 paragraphs end with « ? »" in " ".join(
        result.output.split()
    )
    listed = json.loads(invoke("documents", "--format", "json").output)
    assert [(row["segments"], row["speakers"]) for row in listed] == [(6, None)]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        pytest.param(
            DASH_DIALOGUE,
            [QUESTION, ANSWER] * 3,
            id="questions-alternate-with-answers",
        ),
        pytest.param(
            "– Pouvez-vous présenter le pôle ?\n– Oui, le pôle…\n", ["", ""], id="one-exchange"
        ),
        pytest.param(
            # an answer that asks back: the sides are not told apart
            "— Qui décide ?\n— Le bureau, vous savez ?\n— Et ensuite ?\n— Rien.\n",
            ["", "", "", ""],
            id="answers-that-ask",
        ),
        pytest.param(
            # a third speaker (or a turn written as two) swaps the sides: two « answers » in
            # a row ask
            "— Qui ?\n— Le bureau.\n— Quand ?\n— En 2012.\n— Pardon.\n— Et après ?\n"
            "— Rien.\n— Et les salariés ?\n— Associés.\n— Combien ?\n",
            [""] * 10,
            id="sides-swapped",
        ),
        pytest.param(
            "- Qui finance ?\n- La Région\n- Les communes\n", ["", "", ""], id="questions-list"
        ),
        pytest.param("Objectifs\n- créer des emplois ;\n- coopérer.\n", [], id="a-list"),
        pytest.param("— Qui ?\n---\n- - -\n", [], id="rules"),
    ],
)
def test_the_labels_of_a_dialogue_written_with_dashes(text: str, speakers: list[str]) -> None:
    lines = []
    start = 0
    for line in text.split("\n"):
        lines.append((start, line))
        start += len(line) + 1
    labels = dash_labels(lines)
    assert [label.speaker for label in labels.values()] == speakers
    assert all(text[at + label.length] not in "—–- " for at, label in labels.items())


@pytest.mark.parametrize(
    ("interviewer", "interviewee"),
    [
        ("PAUL MARTIN.", "MARIE DUPONT."),
        ("PAUL. —", "MARIE. —"),
        ("Question.", "Réponse."),
        ("Enquêtrice.", "Réponse."),
        ("Q/", "R/"),
        ("L'enquêtrice :", "Marie :"),
        ("— Enquêteur :", "— Marie :"),
    ],
    ids=[
        "capitals",
        "capitals-dash",
        "question-reponse",
        "enquetrice",
        "slash",
        "article",
        "dash-then-label",
    ],
)
def test_more_label_forms(
    invoke: Callable[..., Result], tmp_project: Path, interviewer: str, interviewee: str
) -> None:
    """Before: no label read (capitals, « Question. », « Q/ », « — Marie : »: one paragraph
    of no speaker), or « L'enquêtrice » was no interviewer (her questions counted)."""
    settings = tmp_project / "project.yaml"
    yaml_text = settings.read_text(encoding="utf-8")
    settings.write_text(yaml_text.replace("  interviewers: []\n", "  interviewers: [PAUL]\n"))
    text = (
        f"{interviewer} Comment est né le pôle ?\n{interviewee} D'un appel à projets.\n"
        f"{interviewer} Et qui décide ?\n{interviewee} Le bureau.\n"
    )
    turns = imported_turns(invoke, tmp_project, text)
    assert [(asks, words) for _, asks, words in turns] == [
        (True, "Comment est né le pôle ?"),
        (False, "D'un appel à projets."),
        (True, "Et qui décide ?"),
        (False, "Le bureau."),
    ]


def test_capitals_and_a_full_stop_that_are_no_label(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    # sections numbered in roman numerals, an acronym, « OK. »: they do not alternate as two
    # speakers' labels do
    text = (
        "Enquêteur : Et la SCIC ?\nMarie : Elle a deux collèges.\n"
        "SCIC. Une société coopérative.\nOK. On continue.\n"
        "Enquêteur : Et après ?\nMarie : La SCIC encore.\nSCIC. Encore elle.\nOK. Voilà.\n"
    )
    assert [speaker for speaker, _, _ in imported_turns(invoke, tmp_project, text)] == [
        "Enquêteur",
        "Marie",
        "Enquêteur",
        "Marie",
    ]


def test_a_numbered_heading_with_a_dash_is_no_speaker(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """The seed report's « V. Questions – débat avec les participants » became the speaker
    « V. Questions » of what followed once a name and a dash made a label: a section heading
    (corpus/headings.section_heading) is none."""
    text = (
        "Marie Dupont — Bonjour, je suis directrice de la SCIC.\n"
        "Paul Martin — Comment est né le pôle ?\n"
        "Marie Dupont — D'un appel à projets, en 2012.\n\n"
        "V. Questions – débat avec les participants\n\n"
        "Paul Martin — Et qui décide ?\n"
        "Marie Dupont — Le bureau.\n"
    )
    speakers = {speaker for speaker, _, _ in imported_turns(invoke, tmp_project, text)}
    assert speakers == {"Marie Dupont", "Paul Martin", None}
