"""Overlapping speech in a Transcriber file (helper D, session 36): the words the interviewer
says inside an overlap (« <Turn speaker="spk1 spk2"> » with « <Who nb=…/> » parts) are
interviewer speech, left out of the words counted and of what the taggers code, as in the
interviewer's own turns; the interviewee's part of the overlap counts."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.app.project import load_project
from ptce_coding.base.errors import CorpusError
from ptce_coding.base.settings import SpeakerSettings
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcriber import read_transcriber
from ptce_coding.corpus.transcript import count_words, segments_of

DATA = Path(__file__).parent / "data" / "transcriber"
FIXTURE = "chevauchement_enqueteur.trs"
# the interviewee's words: her two turns (11 + 6), her parts of the three overlaps (9, 1, 2)
MARIE_WORDS = 11 + 6 + 9 + 1 + 2
# the interviewer's: his question (6), his parts of two overlaps (6, 1)
INTERVIEWER_WORDS = 6 + 6 + 1
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Trans SYSTEM "trans-14.dtd">\n'


@pytest.fixture
def overlapped(tmp_project: Path, invoke: Callable[..., Result]) -> Path:
    folder = tmp_project / "corpus" / "pole-c"
    folder.mkdir()
    shutil.copyfile(DATA / FIXTURE, folder / FIXTURE)
    result = invoke("import", str(folder))
    assert result.exit_code == 0, result.output
    # the import's line says the same as `documents` (was « 38 counted », and 6 words)
    assert f"{MARIE_WORDS} counted" in result.output
    assert f"{INTERVIEWER_WORDS} words in interviewer turns" in result.output
    return tmp_project


def test_the_interviewer_s_words_in_an_overlap_are_not_counted(
    overlapped: Path, invoke: Callable[..., Result]
) -> None:
    listed = invoke("documents", "--format", "json")
    assert listed.exit_code == 0, listed.output
    row = next(r for r in json.loads(listed.stdout) if r["document"] == f"pole-c/{FIXTURE}")
    assert row["counted"] == MARIE_WORDS  # was 38: « ah oui et la gouvernance alors » counted
    with load_project(overlapped).open_store() as store:
        document = store.document(f"pole-c/{FIXTURE}")
        assert document is not None
        segments = store.segments(document.id)
        said = [(s.speaker, s.interviewer, document.text[s.start : s.end]) for s in segments]
    assert ("Enquêteur", True, "ah oui et la gouvernance alors") in said
    assert ("Marie Dupont", False, "on a une SCIC avec un collège des salariés") in said
    # « speaker="spk2 spk1" »: Who nb="2" is the turn's second speaker, the interviewer
    assert ("Enquêteur", True, "d'accord") in said
    assert ("Marie Dupont", False, "voilà") in said
    assert sum(count_words(text) for _, interviewer, text in said if interviewer) == (
        INTERVIEWER_WORDS
    )


def test_a_coding_on_the_interviewer_s_part_is_not_counted(
    overlapped: Path, invoke: Callable[..., Result]
) -> None:
    """A coding on the interviewer's words of an overlap counts as one on their own turns:
    not in the matrices (only interviewees' segments count); on her part, it counts."""
    name = f"pole-c/{FIXTURE}"
    with load_project(overlapped).open_store() as store:
        document = store.document(name)
        assert document is not None
        text = document.text
    asked = text.index("ah oui et la gouvernance alors")
    answered = text.index("on a une SCIC")
    rows = [
        (name, asked, asked + len("ah oui et la gouvernance alors"), "COOP.LIEU"),
        (name, answered, answered + len("on a une SCIC"), "ECO.PUBLIC"),
    ]
    codings = overlapped / "codings.csv"
    codings.write_text(
        "document,start,end,code,coder\n"
        + "".join(f"{d},{s},{e},{c},alice\n" for d, s, e, c in rows),
        encoding="utf-8",
    )
    result = invoke("codings", "import", str(codings))
    assert result.exit_code == 0, result.output
    matrix = invoke("matrix", "--rows", "document", "--value", "count", "--format", "json")
    assert matrix.exit_code == 0, matrix.output
    row = next(r for r in json.loads(matrix.stdout) if name in r.values())
    assert row["ECO.PUBLIC"] == 1
    assert row["COOP.LIEU"] == 0  # was 1: the whole overlap was hers


def test_overlap_parts_follow_their_who_number() -> None:
    detector = SpeakerDetector(SpeakerSettings())
    transcript = read_transcriber(DATA / FIXTURE, detector)
    segments = segments_of(transcript)
    parts = [(s.speaker, s.interviewer, transcript.text[s.start : s.end]) for s in segments]
    assert parts[2:4] == [
        ("Enquêteur", True, "ah oui et la gouvernance alors"),
        ("Marie Dupont", False, "on a une SCIC avec un collège des salariés"),
    ]
    # the stored text is as before: one labelled block per <Turn>, its parts joined by « / »
    assert "Enquêteur + Marie Dupont : ah oui et la gouvernance alors / on a une SCIC" in (
        transcript.text
    )
    # the time of the <Turn> goes to its first part; a part with no text is left out
    assert [(s.speaker, s.time) for s in segments[-1:]] == [("Marie Dupont", 24.0)]
    # the section covers every part: its turn range is in segments
    assert transcript.attributes["sections"][0]["turns"] == [0, len(segments)]


def test_a_who_number_outside_the_turn_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "entretien.trs"
    path.write_text(
        HEAD + '<Trans><Speakers><Speaker id="a" name="PB"/><Speaker id="b" name="Léon"/>'
        '</Speakers><Episode><Section type="report" startTime="0" endTime="2">\n'
        '<Turn speaker="a b" startTime="0" endTime="2"><Sync time="0"/>\n<Who nb="1"/>oui\n'
        '<Who nb="3"/>bon ben</Turn></Section></Episode></Trans>',
        encoding="utf-8",
    )
    with pytest.raises(CorpusError) as caught:
        read_transcriber(path, SpeakerDetector(SpeakerSettings()))
    error = caught.value
    assert error.line == 6
    assert '<Who nb="3">' in str(error) and "2 speakers" in str(error)
