"""Re-importing an unchanged transcript whose reader now reads it otherwise (helper D2,
session 36): its segments are read again, and so are the attributes the reader gives with
them, such as a Transcriber file's sections, whose ``turns`` are segment positions (what
`structure` reads to put a topic on its segments). Codings stay as they are."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ptce_coding.app.project import load_project
from ptce_coding.base.settings import SpeakerSettings
from ptce_coding.cli import cli
from ptce_coding.corpus import importer
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcriber import read_transcriber
from ptce_coding.corpus.transcript import Transcript, Turn

NAME = "pole-c/deux_sujets.trs"
# two topics; the first holds an overlap of the interviewer (spk1) and the interviewee, whose
# <Who> parts are two turns since session 36 (one turn of both before): the second topic's
# turns moved from positions 3–5 to 4–6
TRS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE Trans SYSTEM "trans-14.dtd">
<Trans scribe="D2" audio_filename="ptce_c_02" version="1" version_date="261207">
<Topics><Topic id="to1" desc="Origines"/><Topic id="to2" desc="Gouvernance"/></Topics>
<Speakers>
<Speaker id="spk1" name="Enquêteur" check="no" dialect="native" accent="" scope="local"/>
<Speaker id="spk2" name="Marie Dupont" check="no" dialect="native" accent="" scope="local"/>
</Speakers>
<Episode>
<Section type="report" topic="to1" startTime="0" endTime="16">
<Turn speaker="spk1" startTime="0" endTime="3">comment est né le pôle ?</Turn>
<Turn speaker="spk2" startTime="3" endTime="10">d'un appel à projets de la région</Turn>
<Turn speaker="spk1 spk2" startTime="10" endTime="16"><Who nb="1"/>ah oui<Who nb="2"/>
en deux mille quatorze avec la communauté de communes</Turn>
</Section>
<Section type="report" topic="to2" startTime="16" endTime="40">
<Turn speaker="spk1" startTime="16" endTime="20">et la gouvernance ?</Turn>
<Turn speaker="spk2" startTime="20" endTime="30">une SCIC avec un collège des salariés</Turn>
<Turn speaker="spk1" startTime="30" endTime="40">merci</Turn>
</Section>
</Episode>
</Trans>
"""
DETECTOR = SpeakerDetector(SpeakerSettings())


def as_read_before(transcript: Transcript) -> Transcript:
    """The transcript as the reader before session 36 gave it: one turn per ``<Turn>`` (the
    turns of one block joined, spoken by the block's label, « A + B », an interviewer's only
    when all are) and the sections' ``turns`` counted in those turns."""
    turns: list[Turn] = []
    block_of: list[int] = []  # each turn read now -> its turn as read before
    blocks: list[int] = []
    for turn in transcript.turns:
        start, end = turn.paragraphs[0]
        block = transcript.text.count("\n\n", 0, start)
        if blocks and blocks[-1] == block:
            joined = turns[-1]
            label_start = transcript.text.rfind("\n\n", 0, start) + 2 if block else 0
            first = joined.paragraphs[0][0]
            turns[-1] = replace(
                joined,
                speaker=transcript.text[label_start : first - len(" : ")],
                interviewer=joined.interviewer and turn.interviewer,
                paragraphs=((first, end),),
            )
        else:
            turns.append(turn)
            blocks.append(block)
        block_of.append(len(turns) - 1)
    sections = [
        {**section, "turns": [block_of[section["turns"][0]], block_of[section["turns"][1] - 1] + 1]}
        for section in transcript.attributes["sections"]
    ]
    return replace(
        transcript, turns=tuple(turns), attributes={**transcript.attributes, "sections": sections}
    )


def without_sections(transcript: Transcript) -> Transcript:
    """The transcript as a reader that gave no sections read it (its turns the same)."""
    attributes = {k: v for k, v in transcript.attributes.items() if k != "sections"}
    return replace(transcript, attributes=attributes)


@pytest.fixture
def trs(tmp_project: Path) -> Path:
    folder = tmp_project / "corpus" / "pole-c"
    folder.mkdir()
    path = folder / "deux_sujets.trs"
    path.write_text(TRS, encoding="utf-8")
    return path


def import_read_by(
    monkeypatch: pytest.MonkeyPatch,
    invoke: Callable[..., Result],
    trs: Path,
    reader: Callable[[Transcript], Transcript],
) -> None:
    real = importer.read_transcript

    def read_transcript(path: Path, *args: Any) -> Transcript:
        return reader(real(path, *args))

    with monkeypatch.context() as patched:
        patched.setattr(importer, "read_transcript", read_transcript)
        result = invoke("import", str(trs))
    assert result.exit_code == 0, result.output
    assert f"added  {NAME}" in result.output


def code_the_overlap(invoke: Callable[..., Result], tmp_project: Path) -> tuple[int, int]:
    """alice codes the interviewee's words in the overlap; returns their offsets."""
    with load_project(tmp_project).open_store() as store:
        document = store.document(NAME)
        assert document is not None
        start = document.text.index("en deux mille quatorze")
        end = document.text.index(" avec la communauté")
    sheet = tmp_project / "alice.csv"
    with sheet.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["document", "start", "end", "code", "coder"])
        writer.writerow([NAME, start, end, "COOP.LIEU", "alice"])
    result = invoke("codings", "import", str(sheet))
    assert result.exit_code == 0, result.output
    return start, end


def stored(tmp_project: Path) -> tuple[Any, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The document's sections (None without), segments and codings, as stored."""
    with load_project(tmp_project).open_store() as store:
        document = store.document(NAME)
        assert document is not None
        segments = [(s.position, s.start, s.end, s.speaker) for s in store.segments(document.id)]
        codings = [
            (c.id, c.start, c.end, c.code, c.coder, c.status)
            for c in store.document_codings(document.id)
        ]
        return document.attributes.get("sections"), segments, codings


def test_sections_are_read_again_with_the_turns(
    monkeypatch: pytest.MonkeyPatch, tmp_project: Path, invoke: Callable[..., Result], trs: Path
) -> None:
    import_read_by(monkeypatch, invoke, trs, as_read_before)
    start, end = code_the_overlap(invoke, tmp_project)
    sections, segments, codings = stored(tmp_project)
    assert [s["turns"] for s in sections] == [[0, 3], [3, 6]]  # as the old reader counted
    assert len(segments) == 6
    result = invoke("import", str(trs))
    assert result.exit_code == 0, result.output
    fresh = read_transcriber(trs, DETECTOR)
    sections_now, segments_now, codings_now = stored(tmp_project)
    assert sections_now == fresh.attributes["sections"]
    assert [s["turns"] for s in sections_now] == [[0, 4], [4, 7]]
    # the second topic's first turn is the interviewer's question, as `structure` reads it
    assert segments_now[4][3] == "Enquêteur"
    assert codings_now == codings and codings[0][1:3] == (start, end)  # codings untouched
    assert (
        f"unchanged  {NAME} (7 segments, 54 words, 23 counted): speaker turns read again "
        "(6 segments before, 7 now); attributes read again from the file (sections)"
    ) in result.output


def test_attributes_the_reader_now_gives_are_stored_with_the_same_turns(
    monkeypatch: pytest.MonkeyPatch, tmp_project: Path, invoke: Callable[..., Result], trs: Path
) -> None:
    import_read_by(monkeypatch, invoke, trs, without_sections)
    code_the_overlap(invoke, tmp_project)
    sections, segments, codings = stored(tmp_project)
    assert sections is None and len(segments) == 7 and len(codings) == 1
    result = invoke("import", str(trs))
    assert result.exit_code == 0, result.output
    sections_now, segments_now, codings_now = stored(tmp_project)
    assert sections_now == read_transcriber(trs, DETECTOR).attributes["sections"]
    assert (segments_now, codings_now) == (segments, codings)
    assert f"unchanged  {NAME}: attributes read again from the file (sections)" in result.output
    again = invoke("import", str(trs))  # nothing more to read again: nothing said
    assert again.exit_code == 0, again.output
    assert f"unchanged  {NAME}\n" in again.output


def test_the_variables_of_a_qdpx_document_are_not_replaced_by_its_file(
    tmp_project: Path, invoke: Callable[..., Result], tmp_path: Path
) -> None:
    """A document imported from a .qdpx keeps its variables (stored as what its reader gave)
    when the corpus file of the same text is imported: the .txt reader gives none, and is not
    the one to replace them."""
    corpus = tmp_project / "corpus"
    (corpus / "documents.csv").write_text(
        "document,role\npole-a/directrice.txt,directrice\n", encoding="utf-8"
    )
    for args in (("import", str(corpus)), ("export", "qdpx", str(tmp_path / "a.qdpx"))):
        result = invoke(*args)
        assert result.exit_code == 0, result.output
    other = tmp_path / "other"  # a project of the .qdpx alone, with the same codebook
    runner = CliRunner()
    result = runner.invoke(cli, ["init", str(other)])
    assert result.exit_code == 0, result.output
    shutil.copyfile(tmp_project / "codebooks" / "ptce.yaml", other / "codebooks" / "ptce.yaml")
    result = runner.invoke(cli, ["import", str(tmp_path / "a.qdpx"), "--project", str(other)])
    assert result.exit_code == 0, result.output
    shutil.rmtree(other / "corpus")
    shutil.copytree(corpus / "pole-a", other / "corpus" / "pole-a")
    result = runner.invoke(cli, ["import", str(other / "corpus"), "--project", str(other)])
    assert result.exit_code == 0, result.output
    assert "unchanged  pole-a/directrice.txt\n" in result.output
    with load_project(other).open_store() as store:
        document = store.document("pole-a/directrice.txt")
        assert document is not None
        assert (document.format, document.attributes) == ("qdpx", {"role": "directrice"})
