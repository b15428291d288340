"""The other speaker's back-channels in brackets (CFPP2000's overlaps: « [ouais] », « [mmh] »,
« [d'accord] », « [mais] ») are left out of a quotation shown, as the transcriber's other
marks are (session 36, new-user trial A §9); words in brackets that may be content stay."""

from __future__ import annotations

import pandas as pd
import pytest

from ptce_coding.analysis.quotation_marks import without_marks
from ptce_coding.analysis.quotations import quotations
from ptce_coding.codebook.loader import load_codebook

from .conftest import DATA

BOOK = load_codebook(DATA / "codebook.yaml")


def _quoted(passages: list[str]) -> list[str]:
    """The quotations of ``passages``, each a whole turn of an interviewee."""
    segments, codings, start = [], [], 0
    for number, passage in enumerate(passages):
        end = start + len(passage)
        segments.append(("d1", "A", number, start, end, "Jean-Luc", False, 50, False, passage))
        codings.append(("d1", start, end, "COOP.LIEU", "accepted", passage))
        start = end + 2
    segment_frame = pd.DataFrame(
        segments,
        columns=[
            *("document", "case", "segment", "start", "end", "speaker"),
            *("interviewer", "words", "title", "text"),
        ],
    )
    coding_frame = pd.DataFrame(
        codings, columns=["document", "start", "end", "code", "status", "text"]
    )
    return quotations(segment_frame, coding_frame, BOOK)["quotation"].tolist()


def test_the_interviewers_back_channels_are_not_quoted() -> None:
    """The two quotations of the trial's restitution, from a CFPP interview."""
    assert _quoted(
        [
            "On partage les locaux à Saint-Ouen depuis vingt ans [ouais] euh Saint-Ouen ça "
            "fait vingt [mais] presque vingt-cinq ans quoi.",
            "On partage les locaux avec des espaces de coworking [ouais ouais].",
        ]
    ) == [
        "On partage les locaux à Saint-Ouen depuis vingt ans euh Saint-Ouen ça fait vingt "
        "presque vingt-cinq ans quoi.",
        "On partage les locaux avec des espaces de coworking.",
    ]


@pytest.mark.parametrize(
    "bracket",
    [
        "[ouais]",
        "[Ouais ouais ouais]",
        "[mmh]",
        "[mmh ouais ouais ouais]",
        "[d'accord]",
        "[d’accord ok]",
        "[ah d'accord]",
        "[mmh bien sûr]",
        "[ouais ouais c'est ça ouais]",
        "[oui, tout à fait]",
        "[ah bon ?]",
        "[mais]",
        "[ok et euh]",
        "[rire]",
    ],
)
def test_a_back_channel_is_left_out(bracket: str) -> None:
    assert without_marks(f"les bureaux {bracket} qu'on partage") == "les bureaux qu'on partage"


@pytest.mark.parametrize(
    "bracket",
    [
        "[le directeur]",  # an editor's gloss in a typed transcript
        "[sic]",
        "[la Région]",
        "[Maréchaux]",  # the other speaker's words, not a back-channel
        "[dans les docks]",
        "[je savais pas]",
        "[ouais parce que il y a]",  # a back-channel that goes on into words
        "[ouais mmh bien sûr d'accord]",  # four different ones: more than a back-channel
    ],
)
def test_words_in_brackets_stay(bracket: str) -> None:
    text = f"les bureaux {bracket} qu'on partage"
    assert without_marks(text) == text


def test_a_parenthesis_of_speech_stays() -> None:
    """Only brackets hold CFPP's overlaps: « (oui) » in a typed transcript is the speaker's."""
    assert without_marks("il m'a dit (oui) et puis") == "il m'a dit (oui) et puis"
