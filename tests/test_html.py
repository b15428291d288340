"""Web pages: noScribe transcripts and documents saved as HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus import read_transcript
from ptce_coding.corpus.transcript import segments_of

DATA = Path(__file__).parent / "data" / "html"


def pieces(path: Path) -> list[tuple[str | None, float | None, str]]:
    transcript = read_transcript(path)
    return [(s.speaker, s.time, transcript.text[s.start : s.end]) for s in segments_of(transcript)]


def test_noscribe_transcript() -> None:
    found = pieces(DATA / "noscribe.html")
    # the title and the tool's note come first, outside any turn; the timestamps after the
    # label are times, not words; two anchors of one turn are one paragraph
    assert [speaker for speaker, _, _ in found] == [None, None, "S00", "S01", "S00", "S01"]
    assert found[0][2] == "entretien_coordinatrice"
    assert found[2] == ("S00", 0.0, "Bonjour, vous pouvez présenter le pôle ?")
    assert found[3] == (
        "S01",
        4.0,
        "Alors on est une SCIC, on partage les locaux avec trois associations. "
        "Et on mutualise un poste de comptable.",
    )
    assert found[5][1] == 17.0
    assert "audio_source" not in read_transcript(DATA / "noscribe.html").text


def test_word_page_with_bold_labels_headings_and_a_table(tmp_path: Path) -> None:
    page = tmp_path / "entretien.htm"
    page.write_bytes(
        (
            "<html><head><meta charset='windows-1252'><title>Entretien</title>"
            "<style>p {margin: 0}</style><script>var x = 1;</script></head><body>"
            "<div class=WordSection1>"
            "<p class=MsoNormal><b>Enquêtrice :</b> Comment le pôle est-il né ?</p>"
            "<p class=MsoNormal><b><span>Paul Roux :</span></b><span> D'une friche.</span></p>"
            "<p>Et d'une bande de copains.</p>"
            "<h2>Partie 2 – la gouvernance</h2>"
            "<p>Le guide prévoit une relance.</p>"
            "<table><tr><td>Enquêtrice</td><td>Et la gouvernance ?</td></tr>"
            "<tr><td>Paul Roux</td><td>Une SCIC depuis 2014,<br>avec trois collèges.</td></tr>"
            "</table></div></body></html>"
        ).encode("cp1252")
    )
    assert pieces(page) == [
        ("Enquêtrice", None, "Comment le pôle est-il né ?"),
        ("Paul Roux", None, "D'une friche."),
        ("Paul Roux", None, "Et d'une bande de copains."),
        (None, None, "Partie 2 – la gouvernance"),  # a heading ends the turn
        (None, None, "Le guide prévoit une relance."),
        ("Enquêtrice", None, "Et la gouvernance ?"),
        ("Paul Roux", None, "Une SCIC depuis 2014, avec trois collèges."),
    ]


def test_a_page_without_text_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "vide.html"
    page.write_text("<html><head><title>Vide</title></head><body> </body></html>")
    with pytest.raises(CorpusError, match="no text"):
        read_transcript(page)
    page.write_text("<html><body><script>alert('a')</script><style>p {}</style></body></html>")
    with pytest.raises(CorpusError, match="no text"):  # a script is not words
        read_transcript(page)


def test_xhtml_with_its_xml_declaration(tmp_path: Path) -> None:
    page = tmp_path / "entretien.xhtml.html"
    page.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
        "<body><p>Enquêteur : Bonjour ?</p><script>x()</script><p>Paul Martin : Oui.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    assert pieces(page) == [("Enquêteur", None, "Bonjour ?"), ("Paul Martin", None, "Oui.")]


def test_import_reads_web_pages(invoke, tmp_project: Path) -> None:
    target = tmp_project / "corpus" / "pole-a" / "noscribe.html"
    target.write_bytes((DATA / "noscribe.html").read_bytes())
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    assert "added  pole-a/noscribe.html (6 segments" in result.output
    assert "no speaker is an interviewer" in " ".join(result.output.split())
