"""Speaker labels as transcription tools and people write them, read through `import`:
names in any script, timestamps around the label, a label alone on its line followed by words
that look like a name, and words before a colon that are no speaker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.app.project import find_project

Turns = list[tuple[str | None, bool, str]]


def imported_turns(invoke: Callable[..., Result], root: Path, text: str) -> Turns:
    """``text`` imported as a .txt file: (speaker, interviewer, text) of each segment."""
    path = root / "entretien.txt"
    path.write_text(text, encoding="utf-8")
    result = invoke("import", str(path), "--case", "pole-c")
    assert result.exit_code == 0, result.output
    with find_project(root).open_store(create=False) as store:
        document = store.document("pole-c/entretien.txt")
        assert document is not None
        return [
            (s.speaker, s.interviewer, document.text[s.start : s.end])
            for s in store.segments(document.id)
        ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "سارة: كيف بدأ القطب؟\nأحمد: بدأ في عام ألفين واثني عشر.\n"
            "سارة: ومن يقرر؟\nأحمد: المكتب.\n",
            [
                ("سارة", False, "كيف بدأ القطب؟"),
                ("أحمد", False, "بدأ في عام ألفين واثني عشر."),
                ("سارة", False, "ومن يقرر؟"),
                ("أحمد", False, "المكتب."),
            ],
            id="arabic",
        ),
        pytest.param(
            # a name with vowel marks (combining characters) and two words
            "مُحَمَّد علي : نعم.\nEnquêteur : Et ensuite ?\nمُحَمَّد علي : لا.\n",
            [
                ("مُحَمَّد علي", False, "نعم."),
                ("Enquêteur", True, "Et ensuite ?"),
                ("مُحَمَّد علي", False, "لا."),
            ],
            id="arabic-vowel-marks",
        ),
        pytest.param(
            # one answer to the interviewer is enough, as for « Marie : »
            "Enquêteur : Vous êtes arrivée quand ?\n\nسارة : En 2010, avec l'association.\n",
            [
                ("Enquêteur", True, "Vous êtes arrivée quand ?"),
                ("سارة", False, "En 2010, avec l'association."),
            ],
            id="arabic-answers-interviewer",
        ),
        pytest.param(
            "שרה: איך התחיל?\nדוד: בשנת 2012.\nשרה: ומי מחליט?\nדוד: הוועד.\n",
            [
                ("שרה", False, "איך התחיל?"),
                ("דוד", False, "בשנת 2012."),
                ("שרה", False, "ומי מחליט?"),
                ("דוד", False, "הוועד."),
            ],
            id="hebrew",
        ),
        pytest.param(
            # a right-to-left mark before the label, as word processors write it
            "\u200fسارة: سؤال؟\n\u200fأحمد: جواب.\n\u200fسارة: سؤال آخر؟\n\u200fأحمد: نعم.\n",
            [
                ("سارة", False, "سؤال؟"),
                ("أحمد", False, "جواب."),
                ("سارة", False, "سؤال آخر؟"),
                ("أحمد", False, "نعم."),
            ],
            id="right-to-left-mark",
        ),
        pytest.param(
            "王芳：你好。\n李明：你好。\n王芳：你在做什么？\n李明：工作。\n",
            [
                ("王芳", False, "你好。"),
                ("李明", False, "你好。"),
                ("王芳", False, "你在做什么？"),
                ("李明", False, "工作。"),
            ],
            id="chinese-full-width-colon",
        ),
        pytest.param(
            "田中: こんにちは。\n佐藤: はい。\n田中: お元気ですか？\n佐藤: 元気です。\n",
            [
                ("田中", False, "こんにちは。"),
                ("佐藤", False, "はい。"),
                ("田中", False, "お元気ですか？"),
                ("佐藤", False, "元気です。"),
            ],
            id="japanese",
        ),
        pytest.param(
            "Иван Петров: Здравствуйте.\nМария: Добрый день.\n"
            "Иван Петров: Как дела?\nМария: Хорошо.\n",
            [
                ("Иван Петров", False, "Здравствуйте."),
                ("Мария", False, "Добрый день."),
                ("Иван Петров", False, "Как дела?"),
                ("Мария", False, "Хорошо."),
            ],
            id="cyrillic",
        ),
        pytest.param(
            "Νίκος: Γεια.\nΕλένη: Καλημέρα.\nΝίκος: Τι κάνεις;\nΕλένη: Καλά.\n",
            [
                ("Νίκος", False, "Γεια."),
                ("Ελένη", False, "Καλημέρα."),
                ("Νίκος", False, "Τι κάνεις;"),
                ("Ελένη", False, "Καλά."),
            ],
            id="greek",
        ),
    ],
)
def test_labels_in_other_scripts(invoke, tmp_project: Path, text: str, expected: Turns) -> None:
    assert imported_turns(invoke, tmp_project, text) == expected


def test_an_interviewer_named_in_another_script(invoke, tmp_project: Path) -> None:
    settings = tmp_project / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "  interviewers: []\n" in text
    settings.write_text(text.replace("  interviewers: []\n", "  interviewers: [سارة]\n"))
    turns = imported_turns(invoke, tmp_project, "سارة: سؤال؟\nأحمد: جواب.\nسارة: شكرا.\n")
    assert [(speaker, interviewer) for speaker, interviewer, _ in turns] == [
        ("سارة", True),
        ("أحمد", False),
        ("سارة", True),
    ]


def test_caseless_words_before_a_colon_said_once_are_speech(invoke, tmp_project: Path) -> None:
    # « في الواقع : » (« in fact: ») is two words before a colon: without capitals nothing
    # tells it from a full name, so said once in a turn it stays the speaker's words
    text = (
        "Enquêteur : Et alors ?\nأحمد : نعم.\nفي الواقع : لا.\nEnquêteur : Merci.\nأحمد : شكرا.\n"
    )
    assert imported_turns(invoke, tmp_project, text) == [
        ("Enquêteur", True, "Et alors ?"),
        ("أحمد", False, "نعم.\nفي الواقع : لا."),
        ("Enquêteur", True, "Merci."),
        ("أحمد", False, "شكرا."),
    ]


# the CFPP2000 interview of Jean-Luc Ardoin, turns 85-87, as an Otter-like export: the
# interviewee's words « Saint-Ouen Aubervilliers Pantin » look like a name alone on its line
CFPP_OTTER = (
    "Jean-Luc  00:10:19\nah ben oui Saint-Ouen\n\n"
    "Mat Pires (ENQ)  00:10:19\n[rire] XXX\n\n"
    "Jean-Luc  00:10:22\nSaint-Ouen Aubervilliers Pantin\n\n"
    "Mat Pires (ENQ)  00:10:24\nouais c'est la ouais le bloc rouge\n\n"
    "Jean-Luc  00:10:27\net c'est la ceinture rouge\n"
)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(CFPP_OTTER, id="timestamped"),
        pytest.param(
            "\n".join(
                line.rsplit("  ", 1)[0] if "  0" in line else line
                for line in CFPP_OTTER.split("\n")
            ),
            id="names-only",
        ),
    ],
)
def test_words_like_a_name_after_a_label_alone_on_its_line(
    invoke, tmp_project: Path, text: str
) -> None:
    turns = imported_turns(invoke, tmp_project, text)
    assert [(speaker, interviewer, words) for speaker, interviewer, words in turns] == [
        ("Jean-Luc", False, "ah ben oui Saint-Ouen"),
        ("Mat Pires (ENQ)", True, "[rire] XXX"),
        # before: no turn of its own, the words went to the interviewer (not counted)
        ("Jean-Luc", False, "Saint-Ouen Aubervilliers Pantin"),
        ("Mat Pires (ENQ)", True, "ouais c'est la ouais le bloc rouge"),
        ("Jean-Luc", False, "et c'est la ceinture rouge"),
    ]


def test_a_heading_before_a_label_alone_on_its_line_is_no_speaker(
    invoke, tmp_project: Path
) -> None:
    # the other way round: a name-like title line followed by a label that comes back
    text = (
        "Entretien Marie Dupont\n\n"
        "Enquêteur\nVotre rôle ?\n\nMarie\nDirectrice.\n\n"
        "Enquêteur\nDepuis quand ?\n\nMarie\nDepuis 2012.\n"
    )
    assert imported_turns(invoke, tmp_project, text) == [
        (None, False, "Entretien Marie Dupont"),
        ("Enquêteur", True, "Votre rôle ?"),
        ("Marie", False, "Directrice."),
        ("Enquêteur", True, "Depuis quand ?"),
        ("Marie", False, "Depuis 2012."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # Zoom's saved transcript: « [Name] time » alone on its line, or before the words
        pytest.param(
            "[Claire Martin] 10:02:03\nBonjour, on commence ?\n\n"
            "[Paul Durand] 10:02:09\nOui, le pôle est né en 2012.\n",
            id="zoom-own-line",
        ),
        pytest.param(
            "[Claire Martin] 10:02:03 Bonjour, on commence ?\n"
            "[Paul Durand] 10:02:09 Oui, le pôle est né en 2012.\n",
            id="zoom-inline",
        ),
        pytest.param(
            "Claire Martin - 10:02:03\nBonjour, on commence ?\n\n"
            "Paul Durand - 10:02:09\nOui, le pôle est né en 2012.\n",
            id="name-dash-time",
        ),
    ],
)
def test_timestamps_around_a_label(invoke, tmp_project: Path, text: str) -> None:
    settings = tmp_project / "project.yaml"
    yaml_text = settings.read_text(encoding="utf-8")
    settings.write_text(yaml_text.replace("  interviewers: []\n", "  interviewers: [Claire]\n"))
    assert imported_turns(invoke, tmp_project, text) == [
        ("Claire Martin", True, "Bonjour, on commence ?"),
        ("Paul Durand", False, "Oui, le pôle est né en 2012."),
    ]
    with find_project(tmp_project).open_store(create=False) as store:
        document = store.document("pole-c/entretien.txt")
        assert document is not None
        assert [s.time for s in store.segments(document.id)] == [36123.0, 36129.0]


def test_a_time_on_the_line_under_a_label(invoke, tmp_project: Path) -> None:
    # labels alone on their line that alternate, each with its time on the next line
    text = (
        "Claire Martin\n00:00:05\nBonjour, on commence ?\n\n"
        "Paul Durand\n00:00:09\nOui, le pôle est né en 2012.\n\n"
        "Claire Martin\n00:01:10\nEt ensuite ?\n\n"
        "Paul Durand\n00:01:15\nLa SCIC.\n"
    )
    assert [(s, words) for s, _, words in imported_turns(invoke, tmp_project, text)] == [
        ("Claire Martin", "Bonjour, on commence ?"),
        ("Paul Durand", "Oui, le pôle est né en 2012."),
        ("Claire Martin", "Et ensuite ?"),
        ("Paul Durand", "La SCIC."),
    ]
    with find_project(tmp_project).open_store(create=False) as store:
        document = store.document("pole-c/entretien.txt")
        assert document is not None
        assert [s.time for s in store.segments(document.id)] == [5.0, 9.0, 70.0, 75.0]


def test_a_word_and_a_time_on_the_next_line_in_a_turn_are_speech(invoke, tmp_project: Path) -> None:
    text = (
        "Enquêteur : Vous arrivez quand ?\nMarie : Le matin, pour la réunion.\nRéunion\n"
        "10:30\nfin à midi.\n"
    )
    assert imported_turns(invoke, tmp_project, text) == [
        ("Enquêteur", True, "Vous arrivez quand ?"),
        ("Marie", False, "Le matin, pour la réunion.\nRéunion\n10:30\nfin à midi."),
    ]


def test_a_list_of_names_above_the_transcript_is_no_turn(invoke, tmp_project: Path) -> None:
    text = (
        "Participants\n\nMarie Dupont\nPaul Martin\nJeanne Morel\n\n"
        "Marie Dupont\nBonjour ?\n\nPaul Martin\nOui.\n\n"
        "Marie Dupont\nEt ?\n\nPaul Martin\nNon.\n"
    )
    assert [(s, words) for s, _, words in imported_turns(invoke, tmp_project, text)] == [
        (None, "Participants"),
        (None, "Marie Dupont\nPaul Martin\nJeanne Morel"),
        ("Marie Dupont", "Bonjour ?"),
        ("Paul Martin", "Oui."),
        ("Marie Dupont", "Et ?"),
        ("Paul Martin", "Non."),
    ]


def test_a_chinese_clause_before_a_colon_is_no_speaker(invoke, tmp_project: Path) -> None:
    # « 我们的目标： » (« our aim: ») answers the interviewer, but five characters run
    # together are a clause, not a name: the line goes on with the interviewer's words
    text = "Enquêteur : Et alors ?\n我们的目标：发展社区。\n\n王芳：是的。\n"
    assert imported_turns(invoke, tmp_project, text) == [
        ("Enquêteur", True, "Et alors ?\n我们的目标：发展社区。"),
        ("王芳", False, "是的。"),
    ]


@pytest.mark.parametrize(
    "label", ["Enquêteur·rice", "Enquêtrice·eur", "Enquêteur.rice", "Enquêteur-rice", "ENQ."]
)
def test_inclusive_interviewer_labels(invoke, tmp_project: Path, label: str) -> None:
    text = f"{label} : Vous êtes arrivée quand ?\nMarie : En 2012.\n{label} : Et ensuite ?\n"
    assert imported_turns(invoke, tmp_project, text) == [
        (label.rstrip("."), True, "Vous êtes arrivée quand ?"),
        ("Marie", False, "En 2012."),
        (label.rstrip("."), True, "Et ensuite ?"),
    ]


@pytest.mark.parametrize(
    ("labels", "speakers"),
    [
        (("SPEAKER_00:", "SPEAKER_01:"), ("SPEAKER_00", "SPEAKER_01")),
        (
            ("[00:00.000 --> 00:04.000] SPEAKER_00:", "[00:04.000 --> 00:08.000] SPEAKER_01:"),
            ("SPEAKER_00", "SPEAKER_01"),
        ),
        (("Speaker 1 (00:01:23):", "Speaker 2 (00:01:30):"), ("Speaker 1", "Speaker 2")),
        (("[00:01:23] Intervenant 2 :", "[00:01:30] Intervenant 1 :"), None),
        (("Participant 1 :", "Participant 2 :"), ("Participant 1", "Participant 2")),
        (("Interlocutrice 1 :", "Interlocuteur 2 :"), ("Interlocutrice 1", "Interlocuteur 2")),
        (("**Enquêteur** :", "**Anne** :"), ("Enquêteur", "Anne")),
    ],
    ids=[
        "pyannote",
        "whisper-range",
        "speaker-time",
        "time-intervenant",
        "participant",
        "interlocuteur",
        "bold",
    ],
)
def test_labels_of_tools_and_people_said_once(
    invoke, tmp_project: Path, labels: tuple[str, str], speakers: tuple[str, str] | None
) -> None:
    # one turn each: the label's form alone says it is a speaker (or, for a name,
    # that it comes after another label)
    first, second = labels
    text = f"{first} Bonjour, on commence ?\n{second} Oui, le pôle est né en 2012.\n"
    turns = imported_turns(invoke, tmp_project, text)
    expected = speakers or ("Intervenant 2", "Intervenant 1")
    assert [(speaker, words) for speaker, _, words in turns] == [
        (expected[0], "Bonjour, on commence ?"),
        (expected[1], "Oui, le pôle est né en 2012."),
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [("J.-M. D.", "M. Le Goff"), ("D'Artagnan", "Jean-Marc"), ("Marie D.", "Mme de La Tour")],
)
def test_names_answering_the_interviewer_once(
    invoke, tmp_project: Path, first: str, second: str
) -> None:
    text = (
        f"Enquêteur : Vous êtes ?\n{first} : Le directeur.\n"
        f"Enquêteur : Et vous ?\n{second} : La présidente.\n"
    )
    assert imported_turns(invoke, tmp_project, text) == [
        ("Enquêteur", True, "Vous êtes ?"),
        (first, False, "Le directeur."),
        ("Enquêteur", True, "Et vous ?"),
        (second, False, "La présidente."),
    ]


def test_corpus_speaker_codes_and_overlapping_speech(invoke, tmp_project: Path) -> None:
    # a Transcriber interview exported as text (ESLO's codes « 420PERS », overlapping turns
    # named « PB + 420PERS » as the .trs reader names them), the interviewer named in settings
    settings = tmp_project / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("  interviewers: []\n", "  interviewers: [PB]\n"))
    transcript = (
        "PB : vous êtes arrivé quand à Orléans ?\n\n"
        "420PERS : en soixante-huit avec l'usine\n\n"
        "PB + 420PERS : oui / d'accord\n\n"
        "PB : et les machines ?\n\n"
        "420PERS : allemandes surtout\n\n"
        "2012 : une autre usine\n"
    )
    assert imported_turns(invoke, tmp_project, transcript) == [
        ("PB", True, "vous êtes arrivé quand à Orléans ?"),
        ("420PERS", False, "en soixante-huit avec l'usine"),
        ("PB + 420PERS", False, "oui / d'accord"),
        ("PB", True, "et les machines ?"),
        ("420PERS", False, "allemandes surtout"),
        ("420PERS", False, "2012 : une autre usine"),
    ]


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"], ids=["no-break", "narrow-no-break"])
def test_a_no_break_space_before_the_colon(invoke, tmp_project: Path, space: str) -> None:
    # French typography, as Word and LibreOffice write it: before, nothing was a label and
    # the whole interview was one block of no speaker
    text = (
        f"Enquêtrice{space}: Comment est né le pôle ?\n\n"
        f"Marie Dupont{space}: D'un appel à projets.\n\n"
        f"Enquêtrice{space}: Et ensuite ?\n\n"
        f"Marie Dupont{space}: La SCIC.\n"
    )
    assert imported_turns(invoke, tmp_project, text) == [
        ("Enquêtrice", True, "Comment est né le pôle ?"),
        ("Marie Dupont", False, "D'un appel à projets."),
        ("Enquêtrice", True, "Et ensuite ?"),
        ("Marie Dupont", False, "La SCIC."),
    ]


@pytest.mark.parametrize("label", ["Enquêté(e)", "Interviewé(e)", "Personne interrogée"])
def test_the_interviewee_named_by_a_role(invoke, tmp_project: Path, label: str) -> None:
    # « (e) » is inclusive writing, not the interviewer « E » in parentheses; a role's
    # words after the first are in lower case
    text = (
        f"Enquêteur : Vous êtes ?\n{label} : Directrice.\nEnquêteur : Depuis ?\n{label} : 2012.\n"
    )
    assert imported_turns(invoke, tmp_project, text) == [
        ("Enquêteur", True, "Vous êtes ?"),
        (label, False, "Directrice."),
        ("Enquêteur", True, "Depuis ?"),
        (label, False, "2012."),
    ]


def test_a_role_said_once_answering_the_interviewer(invoke, tmp_project: Path) -> None:
    text = (
        "Enquêteur : Vous êtes ?\nChargée de mission : Oui, depuis 2015.\n"
        "Directeur général : il a dit non.\n"  # in her turn, a role before a colon is speech
        "Enquêteur : Et le bureau ?\nMembre du bureau : Il se réunit.\n"
    )
    assert imported_turns(invoke, tmp_project, text) == [
        ("Enquêteur", True, "Vous êtes ?"),
        ("Chargée de mission", False, "Oui, depuis 2015.\nDirecteur général : il a dit non."),
        ("Enquêteur", True, "Et le bureau ?"),
        ("Membre du bureau", False, "Il se réunit."),
    ]


def test_words_before_a_colon_that_are_no_speaker(invoke, tmp_project: Path) -> None:
    text = (
        "Enquêteur : Qu'est-ce qui compte ?\n"
        "Marie : Trois choses.\n"
        "Trois choses : la gouvernance, le territoire, les gens.\n"
        "Note : l'enquêtée montre un schéma.\n"
        "Exemple : la ressourcerie.\n"
        "10:30 : réunion du bureau.\n"
        "https://example.org : le site du pôle.\n"
        "Enquêteur : Et encore ?\n"
        "Marie : Trois choses : la gouvernance, toujours.\n"
    )
    assert imported_turns(invoke, tmp_project, text) == [
        ("Enquêteur", True, "Qu'est-ce qui compte ?"),
        (
            "Marie",
            False,
            "Trois choses.\nTrois choses : la gouvernance, le territoire, les gens.\n"
            "Note : l'enquêtée montre un schéma.\nExemple : la ressourcerie.\n"
            "10:30 : réunion du bureau.\nhttps://example.org : le site du pôle.",
        ),
        ("Enquêteur", True, "Et encore ?"),
        ("Marie", False, "Trois choses : la gouvernance, toujours."),
    ]


def test_an_interview_whose_labels_are_not_read_is_told(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """A transcript whose labels the import cannot read (none before the turns, here) was one
    speaker's text, questions included, and `import` said nothing of it."""
    path = tmp_project / "sans-etiquettes.txt"
    path.write_text(
        "Comment le pôle est-il né ?\n\nD'une réunion à la mairie, en 2012.\n\n"
        "Qui décide ?\n\nLe bureau, une fois par mois.\n\n"
        "Et les salariés ?\n\nIls sont associés de la SCIC.\n",
        encoding="utf-8",
    )
    result = invoke("import", str(path), "--case", "pole-c")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "no speaker label recognised, yet 3 paragraphs end with « ? »" in said
    # a text with labels, or with fewer questions, is not told
    labelled = tmp_project / "avec.txt"
    labelled.write_text(
        "Enquêteur : Comment le pôle est-il né ?\nMarie : D'une réunion.\n"
        "Enquêteur : Qui décide ?\nMarie : Le bureau.\nEnquêteur : Et ensuite ?\nMarie : Rien.\n",
        encoding="utf-8",
    )
    note = tmp_project / "note.txt"
    note.write_text("Compte rendu.\n\nQui finance ?\n\nLa Région.\n", encoding="utf-8")
    for other in (labelled, note):
        quiet = invoke("import", str(other), "--case", "pole-c")
        assert quiet.exit_code == 0, quiet.output
        assert "no speaker label recognised" not in quiet.output


@pytest.mark.parametrize(("interviewer", "interviewee"), [("Paul", "Marie"), ("PM", "MD")])
def test_the_interviewer_declared_at_the_head_of_the_transcript(
    invoke: Callable[..., Result], tmp_project: Path, interviewer: str, interviewee: str
) -> None:
    """« Enquêteur : Paul Martin » above turns labelled « Paul » (or « PM »): Paul's questions
    were counted and coded as an interviewee's words, and nothing was told (the document had
    an interviewer, the header)."""
    turns = imported_turns(
        invoke,
        tmp_project,
        "Entretien avec Marie Dupont, directrice de la SCIC.\n"
        "Enquêteur : Paul Martin\nEnquêtée : Marie Dupont\n\n"
        f"{interviewer} : Comment le pôle est-il né ?\n"
        f"{interviewee} : D'une réunion à la mairie, en 2012.\n"
        f"{interviewer} : Et qui décide ?\n{interviewee} : Le bureau.\n",
    )
    roles = {speaker: asks for speaker, asks, _ in turns if speaker}
    assert roles == {"Enquêteur": True, "Enquêtée": False, interviewer: True, interviewee: False}


def test_an_interviewer_greeting_someone_declares_nobody(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    turns = imported_turns(
        invoke,
        tmp_project,
        "Enquêteur : Bonjour Marie\nMarie : Bonjour.\n"
        "Enquêteur : Comment le pôle est-il né ?\nMarie : D'une réunion, vous savez ?\n",
    )
    assert {speaker: asks for speaker, asks, _ in turns} == {"Enquêteur": True, "Marie": False}
