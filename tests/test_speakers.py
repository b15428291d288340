"""Speaker labels and the split of a transcript into turns and segments."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ptce_coding.base.settings import SpeakerSettings
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript, segments_of
from ptce_coding.corpus.turns import split_turns

DETECTOR = SpeakerDetector()


def turns_of(text: str, detector: SpeakerDetector = DETECTOR) -> list[tuple[str | None, bool, str]]:
    return [
        (turn.speaker, turn.interviewer, " | ".join(text[s:e] for s, e in turn.paragraphs))
        for turn in split_turns(text, detector)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Enquêteur : Vous êtes arrivée quand ?\nMarie Dupont : En 2012.\n",
            [("Enquêteur", True, "Vous êtes arrivée quand ?"), ("Marie Dupont", False, "En 2012.")],
        ),
        (
            "E : Bonjour.\nR : Bonjour.\n",
            [("E", True, "Bonjour."), ("R", False, "Bonjour.")],
        ),
        (
            "[00:12:03] Marie : On a commencé.\n[00:12:41] Enquêtrice : Et ensuite ?\n",
            [("Marie", False, "On a commencé."), ("Enquêtrice", True, "Et ensuite ?")],
        ),
        (
            "**Q.** Qui décide ?\n\n**R.** Le bureau.\n",
            [("Q", True, "Qui décide ?"), ("R", False, "Le bureau.")],
        ),
        (
            "**Paul Martin :** Oui.\n**Enquêtrice :** Merci.\n",
            [("Paul Martin", False, "Oui."), ("Enquêtrice", True, "Merci.")],
        ),
        (
            "MARIE DUPONT: Oui.\nQ: Et puis ?\nMARIE DUPONT: Non.\n",
            [
                ("MARIE DUPONT", False, "Oui."),
                ("Q", True, "Et puis ?"),
                ("MARIE DUPONT", False, "Non."),
            ],
        ),
        (
            "[Paul] Bonjour.\n{Anne} Salut.\n[Paul] Ça va ?\n{Anne} Oui.\n",
            [
                ("Paul", False, "Bonjour."),
                ("Anne", False, "Salut."),
                ("Paul", False, "Ça va ?"),
                ("Anne", False, "Oui."),
            ],
        ),
        (
            "[00:00:00] Mat Pires (ENQ): bien donc\n[00:00:12] Jean-Luc: euh oui\n",
            [("Mat Pires (ENQ)", True, "bien donc"), ("Jean-Luc", False, "euh oui")],
        ),
        (
            "Marie (00:01:10) : Oui.\nE1 (00:01:30) : D'accord.\n",
            [("Marie", False, "Oui."), ("E1", True, "D'accord.")],
        ),
    ],
)
def test_label_formats(text: str, expected: list) -> None:
    assert turns_of(text) == expected


def test_a_capitalised_word_before_a_colon_once_is_speech() -> None:
    text = "Marie : On a fait ça.\nBref : on a continué.\nMarie : Voilà.\n"
    assert turns_of(text) == [
        ("Marie", False, "On a fait ça.\nBref : on a continué."),
        ("Marie", False, "Voilà."),
    ]


def test_a_name_answering_an_interviewer_once_is_a_speaker() -> None:
    # one answer only: « Marie » does not come back, but it answers the interviewer's turn
    text = "E : Comment est né le pôle ?\n\nMarie : De la coopération.\n"
    assert turns_of(text) == [
        ("E", True, "Comment est né le pôle ?"),
        ("Marie", False, "De la coopération."),
    ]
    # after the answer, a word before a colon in it is speech, not another speaker
    text += "Bref : on a continué.\n\nE : Merci.\n"
    assert turns_of(text)[1] == ("Marie", False, "De la coopération.\nBref : on a continué.")


def test_paragraphs_split_on_blank_lines_and_header_has_no_speaker() -> None:
    text = "Entretien du 3 mars\n\nQ : Première question ?\nR : Un.\n\nDeux.\n"
    assert turns_of(text) == [
        (None, False, "Entretien du 3 mars"),
        ("Q", True, "Première question ?"),
        ("R", False, "Un. | Deux."),
    ]


def test_label_on_its_own_line() -> None:
    text = "Enquêteur :\nVotre rôle ?\nAnne :\nCoordinatrice.\n"
    assert turns_of(text) == [
        ("Enquêteur", True, "Votre rôle ?"),
        ("Anne", False, "Coordinatrice."),
    ]


def test_project_interviewers_and_label_patterns() -> None:
    settings = SpeakerSettings(extra_interviewers=("Claire",), labels=(r"^--(?P<name>\w+)-- ",))
    detector = SpeakerDetector(settings)
    text = "--Claire-- Bonjour.\n--Jean-- Bonjour.\n"
    assert turns_of(text, detector) == [("Claire", True, "Bonjour."), ("Jean", False, "Bonjour.")]


def test_timestamps_are_kept_on_segments() -> None:
    text = "[01:02:03] Anne : Un.\n\nDeux.\n[01:02:09] E : Bien.\n"
    transcript = Transcript(text, split_turns(text, DETECTOR), "txt")
    segments = segments_of(transcript)
    assert [(s.speaker, s.time, s.words) for s in segments] == [
        ("Anne", 3723.0, 1),
        ("Anne", None, 1),
        ("E", 3729.0, 1),
    ]


LINES = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
        st.sampled_from(
            [
                "Enquêteur : ",
                "Q :",
                "**R.** ",
                "[00:01:02] Anne : ",
                "",
                "  ",
                # labels alone on their line, short labels, tabs, aliases, noScribe
                "Speaker 1  0:03",
                "Marie Dupont",
                "Q. ",
                "R – ",
                "Marie\t",
                "Enquêteur (E) : ",
                "E : ",
                "S00: [00:00:04] ",
            ]
        ),
    ),
    max_size=12,
)


@pytest.mark.slow  # a big hypothesis run
@given(LINES)
def test_segments_slice_the_text_exactly(lines: list[str]) -> None:
    text = "\n".join(line.replace("\r", " ") for line in lines)
    transcript = Transcript(text, split_turns(text, DETECTOR), "txt")
    previous_end = 0
    for segment in segments_of(transcript):
        piece = text[segment.start : segment.end]
        assert piece and piece == piece.strip()
        assert segment.start >= previous_end
        previous_end = segment.end


def test_a_section_heading_on_its_own_line_ends_the_turn() -> None:
    text = (
        "Enquêtrice : Vous partagez des locaux ?\n\n"
        "Paul : Oui, des locaux partagés avec la SCOP.\n\n"
        "## Question 2 : les financements\n\n"
        "Le guide prévoit ici une relance.\n\n"
        "Enquêtrice : Et les financements ?\n\n"
        "Paul : Il y a trois sources.\n\n"
        "1. La Région.\n\n"  # a numbered point ending as a sentence: still Paul's words
        "- les cotisations\n\n"  # a list item too
        "■ Résultats\n\n"
        "Le rapport s'arrête là.\n"
    )
    assert turns_of(text) == [
        ("Enquêtrice", True, "Vous partagez des locaux ?"),
        ("Paul", False, "Oui, des locaux partagés avec la SCOP."),
        # the heading is nobody's turn, nor is what follows it up to the next label
        (None, False, "## Question 2 : les financements | Le guide prévoit ici une relance."),
        ("Enquêtrice", True, "Et les financements ?"),
        ("Paul", False, "Il y a trois sources. | 1. La Région. | - les cotisations"),
        (None, False, "■ Résultats | Le rapport s'arrête là."),
    ]
    # a heading-like line inside a paragraph (no blank line after it) is not one
    inside = "Paul : On a trois axes.\n3. La mutualisation\net le reste.\n\nPaul : Voilà.\n"
    assert turns_of(inside)[0] == (
        "Paul",
        False,
        "On a trois axes.\n3. La mutualisation\net le reste.",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a Word transcript: names alone on their line, alternating
            "Enquêtrice\nBonjour, vous êtes ?\n\nMarie Dupont\nCoordinatrice du pôle.\n\n"
            "Enquêtrice\nDepuis quand ?\n\nMarie Dupont\nDepuis 2012.\n",
            [
                ("Enquêtrice", True, "Bonjour, vous êtes ?"),
                ("Marie Dupont", False, "Coordinatrice du pôle."),
                ("Enquêtrice", True, "Depuis quand ?"),
                ("Marie Dupont", False, "Depuis 2012."),
            ],
        ),
        (  # an Otter export: the timestamp after the name is not part of it
            "Speaker 1  0:03\nBonjour.\n\nSpeaker 2  0:10\nOn partage les locaux.\n",
            [("Speaker 1", False, "Bonjour."), ("Speaker 2", False, "On partage les locaux.")],
        ),
        (  # a timestamp first, a name said once: certain with its timestamp
            "00:00:05 Paul Martin\nOui.\n00:00:09 Anne\nD'accord.\n",
            [("Paul Martin", False, "Oui."), ("Anne", False, "D'accord.")],
        ),
        (  # a known interviewer label once is enough
            "Enquêteur\nVous êtes arrivée quand ?\nPaul Martin : En 2012.\n",
            [("Enquêteur", True, "Vous êtes arrivée quand ?"), ("Paul Martin", False, "En 2012.")],
        ),
    ],
)
def test_labels_alone_on_their_line(text: str, expected: list) -> None:
    assert turns_of(text) == expected


def test_a_name_or_word_alone_on_a_line_is_not_always_a_speaker() -> None:
    # a title, a heading that comes back, words said alone: no alternation of labels
    title = "Terres Solidaires\n\nNous avons commencé en 2012.\n\nConclusion\nÇa marche.\n"
    assert [speaker for speaker, _, _ in turns_of(title)] == [None]
    repeated = "Synthèse\nUn.\n\nSynthèse\nDeux.\n"
    assert [speaker for speaker, _, _ in turns_of(repeated)] == [None]
    said = "Paul : Tu viens ?\nAnne : Oui\nBon\nPaul : Alors.\nAnne : Oui\nBon\n"
    assert [speaker for speaker, _, _ in turns_of(said)] == ["Paul", "Anne", "Paul", "Anne"]
    # a table of contents is no table of turns
    contents = "SOMMAIRE\nINTRODUCTION\t4\nRESTITUTION\t6\nINTRODUCTION\t8\nRESTITUTION\t9\n"
    assert {speaker for speaker, _, _ in turns_of(contents)} == {None}
    # a time said in the speech is not a label's end: « Rendez-vous 10:30 » stays speech
    speech = "Paul : On se voit demain.\nRendez-vous 10:30 devant la gare.\nPaul : Voilà.\n"
    assert turns_of(speech) == [
        ("Paul", False, "On se voit demain.\nRendez-vous 10:30 devant la gare."),
        ("Paul", False, "Voilà."),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Q. Vous êtes arrivée quand ?\nR. En 2012.\nQ. Et ensuite ?\nR. On a mutualisé.\n",
            [
                ("Q", True, "Vous êtes arrivée quand ?"),
                ("R", False, "En 2012."),
                ("Q", True, "Et ensuite ?"),
                ("R", False, "On a mutualisé."),
            ],
        ),
        (
            "Q – Qui décide ?\nR – Le bureau.\nQ – Seul ?\nR - Avec le CA.\n",
            [
                ("Q", True, "Qui décide ?"),
                ("R", False, "Le bureau."),
                ("Q", True, "Seul ?"),
                ("R", False, "Avec le CA."),
            ],
        ),
        (  # the short form given in parentheses is the same speaker
            "Enquêteur (E) : Depuis quand ?\nMarie (M) : 2012.\n"
            "E : Et ensuite ?\nM : On a grandi.\n",
            [
                ("Enquêteur (E)", True, "Depuis quand ?"),
                ("Marie (M)", False, "2012."),
                ("Enquêteur (E)", True, "Et ensuite ?"),
                ("Marie (M)", False, "On a grandi."),
            ],
        ),
        (
            "INT : Depuis quand ?\nMD : 2012.\nINT : Et ensuite ?\nMD : On a grandi.\n",
            [
                ("INT", True, "Depuis quand ?"),
                ("MD", False, "2012."),
                ("INT", True, "Et ensuite ?"),
                ("MD", False, "On a grandi."),
            ],
        ),
        (  # a two-column table pasted as text
            "Marie\tEn 2012, avec la SCIC.\nEnquêteur\tEt ensuite ?\nMarie\tOn a grandi.\n",
            [
                ("Marie", False, "En 2012, avec la SCIC."),
                ("Enquêteur", True, "Et ensuite ?"),
                ("Marie", False, "On a grandi."),
            ],
        ),
    ],
)
def test_short_labels_and_their_long_form(text: str, expected: list) -> None:
    assert turns_of(text) == expected


def test_a_short_label_needs_the_transcript_to_alternate_them() -> None:
    # an initial or a numbered heading at the start of a line is not a speaker
    text = "Paul : Comme disait E. Macron.\nI. Le contexte\nPaul : Voilà.\n"
    assert [speaker for speaker, _, _ in turns_of(text)] == ["Paul", "Paul"]
    assert turns_of(text)[0][2] == "Comme disait E. Macron.\nI. Le contexte"


def test_numbered_sections_and_list_letters_are_not_short_labels() -> None:
    # the seed report: « I. » comes back, « e. » is a list item; I and E are interviewer labels
    text = (
        "I. Laurent Fraisse (CRIDA) « Caractériser les PTCE »\n\nIl a présenté la grille.\n\n"
        "e. Le modèle économique :\n\nLes PTCE ont des ressources.\n\n"
        "I. Philippe Henry (Paris 8) « Les PTCE culturels »\n\nIl a conduit ses travaux.\n\n"
        "E. Le financement :\n\nLes ressources sont diverses.\n"
    )
    assert {speaker for speaker, _, _ in turns_of(text)} == {None}
