"""Two speakers in one subtitle cue, a dash before each line (« - Et le pôle ? » / « - En
2012. »): each dash opens a turn, labelled as a text's dialogue dashes are
(``dialogue_dashes``: « Question » / « Réponse » when one side asks and the other answers,
unnamed otherwise). Before: the cue was one paragraph with its dashes inside it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.cli import cli
from ptce_coding.store import Store

DATA = Path(__file__).parent / "data" / "subtitles_s42E"

Said = tuple[str | None, bool, float | None, str]  # speaker, interviewer, time, text


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "etude"
    result = CliRunner().invoke(cli, ["init", str(root)])
    assert result.exit_code == 0, result.output
    return root


def run(project: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, [*args, "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


def imported(project: Path, name: str) -> tuple[str, list[Said]]:
    """Import the fixture ``name`` (case x) with the CLI: its import line, then each
    segment's speaker, interviewer flag, time and text as the store holds them."""
    path = project / name
    shutil.copyfile(DATA / name, path)
    output = run(project, "import", str(path), "--case", "x").output
    with Store(project / "coding.sqlite") as store:
        document = store.document(f"x/{name}")
        assert document is not None
        said = [
            (s.speaker, s.interviewer, s.time, document.text[s.start : s.end])
            for s in store.segments(document.id)
        ]
    return output, said


def listed(project: Path, name: str) -> dict[str, object]:
    rows = json.loads(run(project, "documents", "--format", "json").output)
    row: dict[str, object] = next(r for r in rows if r["document"] == f"x/{name}")
    return row


def test_a_dialogue_cue_is_two_turns_at_its_time(project: Path) -> None:
    """The 3-cue file of the report: one segment before, three now; the dashes say that the
    speaker changes, not who speaks (one question, one answer: the sides are not told)."""
    _, said = imported(project, "pole_ne.srt")
    assert said == [
        (None, False, 1.0, "Bonjour, merci de me recevoir. Je vous en prie."),
        (None, False, 5.0, "Et le pôle, il est né quand ?"),
        (None, False, 5.0, "En 2012, avec la ressourcerie."),
    ]
    with Store(project / "coding.sqlite") as store:
        document = store.document("x/pole_ne.srt")
        assert document is not None
        # the dash stays before its turn, as a text keeps it; the offsets cover the words
        assert document.text == (
            "Bonjour, merci de me recevoir. Je vous en prie.\n\n"
            "- Et le pôle, il est né quand ?\n\n"
            "- En 2012, avec la ressourcerie."
        )
    assert listed(project, "pole_ne.srt")["segments"] == 3


def test_one_side_asks_the_other_answers_as_in_a_text(project: Path) -> None:
    """Questions and answers: « Question » (an interviewer: not counted) and « Réponse »; a
    cue without a dash after a turn goes on with it, as a line does in a text. The same
    dialogue in a .txt reads the same turns, and counts the same words."""
    output, said = imported(project, "questions_reponses.srt")
    assert "(6 segments, " in output
    assert said == [
        ("Question", True, 1.0, "Et le pôle, il est né quand ?"),
        (
            "Réponse",
            False,
            1.0,
            "En 2012, avec la ressourcerie. On était trois structures au départ.",
        ),
        ("Question", True, 9.0, "Combien de membres aujourd'hui ?"),
        ("Réponse", False, 9.0, "Vingt-trois, dont la mairie."),
        ("Question", True, 13.0, "Et qui décide au quotidien ?"),
        ("Réponse", False, 13.0, "Un conseil d'administration collégial."),
    ]
    _, as_text = imported(project, "questions_reponses.txt")
    assert [(s, i) for s, i, _, _ in as_text] == [(s, i) for s, i, _, _ in said]
    srt, txt = listed(project, "questions_reponses.srt"), listed(project, "questions_reponses.txt")
    assert srt["speakers"] == txt["speakers"] == "Question,Réponse"
    assert (srt["words"], srt["counted"]) == (txt["words"], txt["counted"]) == (44, 19)


def test_en_dashes_markup_and_a_dash_glued_to_its_word(project: Path) -> None:
    """« – » as a French subtitle writes it, in italics; « -Et » as English subtitles write
    it (no space after the dash)."""
    _, said = imported(project, "tirets.vtt")
    assert said == [
        ("Question", True, 1.0, "Vous venez souvent ?"),
        ("Réponse", False, 1.0, "Tous les jeudis."),
        ("Question", True, 3.0, "Et le samedi aussi ?"),
        ("Réponse", False, 3.0, "Non, jamais."),
    ]


def test_rolling_captions_with_dashes_read_each_line_once_in_its_turn(project: Path) -> None:
    """Rolling captions show each line twice: read once, and each dash a turn at the time of
    the cue that shows it first."""
    output, said = imported(project, "defilant.vtt")
    assert "6 repeated lines left out" in output
    assert said == [
        ("Question", True, 1.0, "Et le pôle, il est né quand ?"),
        ("Réponse", False, 3.01, "En 2012, avec la ressourcerie."),
        ("Question", True, 6.01, "Combien de membres ?"),
        ("Réponse", False, 9.01, "Vingt-trois membres."),
    ]


def test_a_list_in_one_persons_speech_stays_one_turn(project: Path) -> None:
    """No dash turn ends with « ? » before another: items of a list, not turns (as
    ``dialogue_dashes`` reads a text)."""
    _, said = imported(project, "liste.srt")
    assert said == [
        (
            None,
            False,
            1.0,
            "Il y a trois choses : - d'abord la ressourcerie, - ensuite le garage solidaire, "
            "- et enfin la conciergerie.",
        )
    ]


def test_labels_after_the_dashes_still_name_the_speakers(project: Path) -> None:
    """« - ENQUÊTRICE : … » / « - MARIE : … »: the labels say who speaks; no « Question »."""
    _, said = imported(project, "etiquettes.srt")
    assert said == [
        ("ENQUÊTRICE", True, 1.0, "Et le pôle, il est né quand ?"),
        ("MARIE", False, 1.0, "En 2012, avec la ressourcerie."),
        ("ENQUÊTRICE", True, 4.0, "Et aujourd'hui ?"),
        ("MARIE", False, 6.0, "Vingt-trois membres."),
    ]
