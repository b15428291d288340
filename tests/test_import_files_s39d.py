"""Files made by other tools, imported as a user would (session 39, helper D): YouTube's
rolling automatic captions, RTF with tracked changes and LibreOffice's page styles, a cut
RTF file."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from ptce_coding.cli import cli
from ptce_coding.store import Store

DATA = Path(__file__).parent / "data" / "s39d"


def import_files(invoke: Callable[..., Result], project: Path, *names: str) -> Result:
    """``names`` from tests/data/s39d copied into the case ``essai`` and imported."""
    folder = project / "corpus" / "essai"
    folder.mkdir()
    for name in names:
        shutil.copyfile(DATA / name, folder / name)
    return invoke("import", str(folder))


def documents(invoke: Callable[..., Result]) -> dict[str, dict[str, object]]:
    result = invoke("documents", "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["document"]: row for row in json.loads(result.output)}


def stored_text(project: Path, name: str) -> str:
    with Store(project / "coding.sqlite") as store:
        document = store.document(name)
        assert document is not None
        return document.text


def test_rolling_captions_each_line_read_once(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """yt-dlp's YouTube captions show each line in three cues, Whisper's highlighted words
    a line in as many cues as it has words: each read once, and said; a cue a subtitle file
    repeats ("Non." three times, the same each time) outside rolling captions is read as it is."""
    result = import_files(
        invoke, tmp_project, "youtube_auto.vtt", "whisper_highlight.vtt", "repeated_cue.srt"
    )
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    said = (
        "rolling captions (each cue shows again the line the cue before it ended with, as "
        "YouTube's automatic captions and Whisper's highlighted words do): each line read "
        "once, {} repeated lines left out"
    )
    assert said.format(6) in output and said.format(5) in output
    assert stored_text(tmp_project, "essai/youtube_auto.vtt") == (
        "bonjour et bienvenue dans ce pôle territorial de coopération économique on mutualise "
        "les locaux"
    )
    rows = documents(invoke)
    assert rows["essai/youtube_auto.vtt"]["words"] == 14
    assert stored_text(tmp_project, "essai/whisper_highlight.vtt") == (
        "Bonjour, je suis coordinatrice. Le pôle existe."
    )
    assert stored_text(tmp_project, "essai/repeated_cue.srt") == (
        "Non. Non. Non. On a dit non à la fusion."
    )


def test_rtf_reads_as_with_its_tracked_changes_accepted(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """An .rtf with tracked changes (LibreOffice, Word) reads as a .docx does: the inserted
    text kept, the deleted runs and a paragraph deleted whole left out; the header LibreOffice
    writes again in its page styles is counted once."""
    result = import_files(invoke, tmp_project, "tracked_libreoffice.rtf")
    assert result.exit_code == 0, result.output
    assert stored_text(tmp_project, "essai/tracked_libreoffice.rtf") == (
        "Enquêtrice : Comment fonctionne la gouvernance ?\n\n"
        "Mme Lefèvre : Un comité de pilotage se réunit tous les mois. Et un bureau restreint.\n\n"
        "Enquêtrice : Et le financement ?\n\n"
        "Mme Lefèvre : Surtout la Région."
    )
    assert "not read: 4 words in headers and footers" in result.output
    assert "supprimé" not in result.output


def test_rtf_cut_short_is_said(invoke: Callable[..., Result], tmp_project: Path) -> None:
    """An .rtf that ends inside its groups (a copy cut short) is read, and the import says
    that its end may be missing."""
    result = import_files(invoke, tmp_project, "cut_short.rtf")
    assert result.exit_code == 0, result.output
    assert (
        "the file ends before the groups it opened are closed: it may be cut short (check that "
        "the end of the interview is there, or save it again from the tool that made it)"
    ) in " ".join(result.output.split())


def test_qdpx_refused_for_a_missing_text_says_why(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """A .qdpx whose source's text file is not in the archive is refused with the reason in
    the refusal itself (the warnings that said it are not printed when a file is refused)."""
    result = invoke("import", str(DATA / "missing_text.qdpx"), "--codes", "add", "--case", "x")
    assert result.exit_code == 1, result.output
    assert (
        "source 'entretien2.txt': its text is missing, unreadable or empty "
        "(internal://66666666-6666-6666-6666-666666666666.txt is not in the archive); the "
        "document and its 3 coding(s) cannot be imported"
    ) in " ".join(result.output.split())
    assert "see the warnings" not in result.output


def test_qdpx_selections_of_a_missing_text_are_not_said_misplaced(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """With --partial, the selections of the source without text are said skipped, not « do
    not cover the text their name gives »: the two of the other source cover their lines."""
    result = invoke(
        "import", str(DATA / "missing_text.qdpx"), "--codes", "add", "--case", "x", "--partial"
    )
    assert result.exit_code == 0, result.output
    assert "3 selection(s) in a source without text, skipped" in result.output
    assert "do not cover the text" not in result.output
    assert "2 codings added" in result.output


def test_odt_drawings_are_not_speech(invoke: Callable[..., Result], tmp_project: Path) -> None:
    """An .odt's image keeps its title and description (the alternative text Word writes on
    its own) and a text box its words, inside a paragraph: neither is speech; the text box's
    words are counted as not read, as a .docx's are."""
    result = import_files(invoke, tmp_project, "frames.odt")
    assert result.exit_code == 0, result.output
    assert stored_text(tmp_project, "essai/frames.odt") == (
        "Enquêtrice : Bonjour, pouvez-vous présenter le pôle ?\n\n"
        "Mme Lefèvre : Voici notre logo  et voilà notre histoire.\n\n"
        "Enquêtrice : Et la gouvernance ?\n\n"
        "Mme Lefèvre : Un comité de pilotage."
    )
    assert "not read: 6 words in text boxes" in result.output


def test_bold_label_then_a_dash_leaves_the_dash_out_of_the_words_said(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """« **INT** — Comment… »: the dash after the bold label is the label's, not a word of the
    turn (each answer counted one word too many before)."""
    result = import_files(invoke, tmp_project, "bold_dash.md")
    assert result.exit_code == 0, result.output
    row = documents(invoke)["essai/bold_dash.md"]
    assert (row["speakers"], row["counted"]) == ("INT,MME L.", 15)
    with Store(tmp_project / "coding.sqlite") as store:
        document = store.document("essai/bold_dash.md")
        assert document is not None
        answers = [
            document.text[segment.start : segment.end]
            for segment in store.segments(document.id)
            if segment.speaker == "MME L."
        ]
    assert answers == [
        "Il est né en 2014 d'une coopération entre trois structures.",
        "Un comité de pilotage mensuel.",
    ]


def test_subtitle_label_answering_the_interviewer_is_a_speaker(
    invoke: Callable[..., Result], tmp_project: Path, tmp_path: Path, runner: CliRunner
) -> None:
    """« Intervieweur : Bonjour. » then « Jeanne : C'est… » in an .srt (a Windows file: BOM,
    CRLF): Jeanne answers the interviewer, so she is a speaker, as the text reader has it;
    the document reads the same in a project that imports it from a .qdpx export."""
    result = import_files(invoke, tmp_project, "bom_crlf.srt")
    assert result.exit_code == 0, result.output
    row = documents(invoke)["essai/bom_crlf.srt"]
    assert (row["speakers"], row["words"], row["counted"]) == ("Intervieweur,Jeanne", 10, 5)
    other = exchanged(invoke, runner, tmp_path)
    again = documents_of(runner, other)["essai/bom_crlf.srt"]
    assert (again["speakers"], again["counted"]) == (row["speakers"], row["counted"])


def test_qdpx_carries_the_speakers_the_text_alone_does_not_say(
    invoke: Callable[..., Result], tmp_project: Path, tmp_path: Path, runner: CliRunner
) -> None:
    """A Zoom .vtt where each of two full names speaks once: speakers for the subtitle
    reader, not for the text alone. The export says whose each segment is (variable
    « speaker_turns »), and the project that imports it reads the same speakers and counts
    the same words; the variable is no attribute of the document there."""
    assert import_files(invoke, tmp_project, "zoom_once.vtt").exit_code == 0
    row = documents(invoke)["essai/zoom_once.vtt"]
    assert (row["speakers"], row["counted"]) == ("Sophie Bernard,Marc Petit", 23)
    other = exchanged(invoke, runner, tmp_path)
    again = documents_of(runner, other)["essai/zoom_once.vtt"]
    assert (again["speakers"], again["counted"]) == (row["speakers"], row["counted"])
    with Store(other / "coding.sqlite") as store:
        document = store.document("essai/zoom_once.vtt")
        assert document is not None and "speaker_turns" not in document.attributes


def test_qdpx_speaker_turns_of_an_edited_text_are_not_applied(
    invoke: Callable[..., Result], tmp_project: Path, tmp_path: Path, runner: CliRunner
) -> None:
    """The text edited in another tool after the export: the variable no longer fits it, so
    the turns are read from the text, and the import says so."""
    assert import_files(invoke, tmp_project, "zoom_once.vtt").exit_code == 0
    exported = tmp_path / "echange.qdpx"
    assert invoke("export", "qdpx", str(exported)).exit_code == 0
    edited = tmp_path / "edite.qdpx"
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(edited, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".txt") and b"Sophie" in data:
                data = data.replace(
                    "Bonjour à tous.".encode(), "Bonjour à toutes et tous.".encode()
                )
            target.writestr(info, data)
    other = tmp_path / "autre"
    assert runner.invoke(cli, ["init", str(other)]).exit_code == 0
    result = runner.invoke(cli, ["import", str(edited), "--codes", "skip", "--project", str(other)])
    assert result.exit_code == 0, result.output
    assert (
        "source 'essai/zoom_once.vtt': its variable « speaker_turns » does not fit its text "
        "(the text is not the one it was written for), so its speaker turns are read from the "
        "text"
    ) in " ".join(result.output.split())


def exchanged(invoke: Callable[..., Result], runner: CliRunner, tmp_path: Path) -> Path:
    """Another project that imported the test project's .qdpx export."""
    exported = tmp_path / "echange.qdpx"
    result = invoke("export", "qdpx", str(exported))
    assert result.exit_code == 0, result.output
    other = tmp_path / "autre"
    assert runner.invoke(cli, ["init", str(other)]).exit_code == 0
    result = runner.invoke(
        cli, ["import", str(exported), "--codes", "skip", "--project", str(other)]
    )
    assert result.exit_code == 0, result.output
    return other


def documents_of(runner: CliRunner, project: Path) -> dict[str, dict[str, object]]:
    result = runner.invoke(cli, ["documents", "--format", "json", "--project", str(project)])
    assert result.exit_code == 0, result.output
    return {row["document"]: row for row in json.loads(result.output)}


def test_markdown_labels_in_italics(invoke: Callable[..., Result], tmp_project: Path) -> None:
    """« *Int. :* … » (pandoc writes a Word file's italic labels so): the interviewer's turns
    are not counted, as with bold labels."""
    result = import_files(invoke, tmp_project, "italic_labels.md")
    assert result.exit_code == 0, result.output
    row = documents(invoke)["essai/italic_labels.md"]
    assert (row["speakers"], row["words"], row["counted"]) == ("Int,Mme L.", 37, 15)


def test_docx_hidden_text_is_not_speech(invoke: Callable[..., Result], tmp_project: Path) -> None:
    """A run formatted hidden in Word (« [note de transcription : vérifier la date] »), which
    Word neither shows nor prints, is not read, and its words are said, as a comment's are."""
    result = import_files(invoke, tmp_project, "hidden_text.docx")
    assert result.exit_code == 0, result.output
    assert "not read: 7 words in hidden text" in result.output
    text = stored_text(tmp_project, "essai/hidden_text.docx")
    assert "Mme Lefèvre : Il est né en 2014.\n\n" in text and "note" not in text


def test_web_page_footnotes_and_hidden_text_are_not_speech(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """A document saved as a web page by Google Docs or Word: a note's call (« [1] ») does not
    stick to the word before it, the notes at the end of the page (one of two paragraphs in
    Word's) are not the last speaker's words, and a hidden run (``display:none``) is not
    read; their words are said, as a .docx's are."""
    result = import_files(invoke, tmp_project, "gdocs_notes.html", "word_notes.htm")
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "not read: 7 words in footnotes, 2 words in hidden text" in output
    assert "not read: 12 words in footnotes, 3 words in hidden text" in output
    assert stored_text(tmp_project, "essai/word_notes.htm") == (
        "Enquêtrice : Comment est né le pôle ?\n\n"
        "Mme Lefèvre : Il est né en 2014. Voilà.\n\n"
        "Enquêtrice : Et la gouvernance ?\n\n"
        "Mme Lefèvre : Un comité de pilotage."
    )
    assert stored_text(tmp_project, "essai/gdocs_notes.html").endswith(
        "Mme Lefèvre : Il est né en 2014. Voici le logo\n\n"
        "Enquêtrice : Et la gouvernance ?\n\n"
        "Mme Lefèvre : Un comité de pilotage."
    )


def test_odt_hidden_text_is_not_speech(invoke: Callable[..., Result], tmp_project: Path) -> None:
    """The same hidden note in an .odt (LibreOffice writes it as a span whose style says
    ``text:display="none"``): not read, and said."""
    result = import_files(invoke, tmp_project, "hidden_text.odt")
    assert result.exit_code == 0, result.output
    assert "not read: 7 words in hidden text" in result.output
    text = stored_text(tmp_project, "essai/hidden_text.odt")
    assert "Mme Lefèvre : Il est né en 2014.\n\n" in text and "note" not in text
