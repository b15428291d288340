"""Speakers talking at once, written as Transcriber names them in a text (« Simon Tivolle +
Patricia Martin : … »), are a turn even when the label opens the file and is said once: a
REFI-QDA round trip of a Transcriber file writes exactly that (session 34)."""

from __future__ import annotations

from ptce_coding.base.settings import SpeakerSettings
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.turns import split_turns

TEXT = (
    "Simon Tivolle + Patricia Martin : ouais . / sûr ?\n\n"
    "Simon Tivolle : ah bon ? non . blague , blague de Patricia . il est 7 heures .\n\n"
    "Patricia Martin : le journal , Simon Tivolle :\n\n"
    "Simon Tivolle : bonjour ! mardi 28 avril .\n"
)


def test_two_full_names_talking_at_once_open_a_turn() -> None:
    """Before: the first paragraph had no speaker (a title line, left out of the counts)."""
    turns = split_turns(TEXT, SpeakerDetector(SpeakerSettings()))
    assert [turn.speaker for turn in turns] == [
        "Simon Tivolle + Patricia Martin",
        "Simon Tivolle",
        "Patricia Martin",
        "Simon Tivolle",
    ]
    start, end = turns[0].paragraphs[0]
    assert TEXT[start:end] == "ouais . / sûr ?"


def test_a_plus_between_words_of_a_sentence_is_no_speaker() -> None:
    text = "Résultats + perspectives : le pôle a grandi.\n\nMarie Dupont : Oui.\n"
    turns = split_turns(text, SpeakerDetector(SpeakerSettings()))
    assert turns[0].speaker is None
