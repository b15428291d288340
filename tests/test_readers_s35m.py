"""Reading and exporting real transcripts (session 35, helper M): a file whose content is
another format than its extension says, a .trs saved in UTF-8 under an ISO-8859-1
declaration, a reader's structure kept out of the attributes one groups by, and the
`segments export` sheet that comes back through `codings import`."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus import read_transcript
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.store import Store

# A small Transcriber file in the shape of ESLO's: two speakers, two topics, accents.
TRS = """<?xml version="1.0" encoding="{declared}"?>
<!DOCTYPE Trans SYSTEM "trans-14.dtd">
<Trans scribe="Léa" audio_filename="orleans_01" version="3" version_date="101129">
<Topics>
<Topic id="to1" desc="QP1"/>
<Topic id="to2" desc="QHQ1"/>
</Topics>
<Speakers>
<Speaker id="spk1" name="PB" check="no" dialect="native" accent="" scope="local"/>
<Speaker id="spk2" name="420PERS" check="no" dialect="native" accent="" scope="local"/>
</Speakers>
<Episode>
<Section type="report" topic="to1" startTime="0" endTime="9.5">
<Turn speaker="spk1" startTime="0" endTime="3.2">
<Sync time="0"/>
euh vous êtes à Orléans depuis longtemps ?
</Turn>
<Turn speaker="spk2" startTime="3.2" endTime="9.5">
<Sync time="3.2"/>
oui depuis l'été soixante-deux la coopérative était déjà là
</Turn>
</Section>
<Section type="report" topic="to2" startTime="9.5" endTime="15.0">
<Turn speaker="spk1" startTime="9.5" endTime="11.0">
<Sync time="9.5"/>
et le pôle ?
</Turn>
<Turn speaker="spk2" startTime="11.0" endTime="15.0">
<Sync time="11.0"/>
on a créé un lieu partagé avec les associations du quartier
</Turn>
</Section>
</Episode>
</Trans>
"""
TEXTGRID = """File type = "ooTextFile"
Object class = "TextGrid"

xmin = 0
xmax = 4.0
tiers? <exists>
size = 1
item []:
    item [1]:
        class = "IntervalTier"
        name = "Marie"
        xmin = 0
        xmax = 4.0
        intervals: size = 1
        intervals [1]:
            xmin = 0
            xmax = 4.0
            text = "on partage un lieu commun"
"""
DETECTOR = SpeakerDetector()


def write_trs(path: Path, declared: str = "UTF-8", encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(TRS.format(declared=declared).encode(encoding))
    return path


def refusal(path: Path) -> CorpusError:
    with pytest.raises(CorpusError) as caught:
        read_transcript(path, DETECTOR)
    return caught.value


def segment_texts(invoke: Callable[..., Result], root: Path) -> list[dict[str, str]]:
    out = root / "s35m-segments.csv"
    result = invoke("segments", "export", str(out))
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))


# --- A7: a file whose content is another format than its extension ----------------------


def test_a_transcriber_file_named_txt_is_refused_with_its_name_to_give(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    write_trs(tmp_project / "corpus" / "pole-a" / "eslo420.txt")
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 1
    assert (
        "pole-a/eslo420.txt: a Transcriber file (.trs) with the extension .txt: "
        "read as plain text, its XML markup would be coded and counted as words, and its "
        "speakers lost; it was not imported (Rename it eslo420.trs and import it again.)"
    ) in " ".join(result.output.split())
    assert "added  pole-a/directrice.txt" in result.output  # the other files are imported
    with Store(tmp_project / "coding.sqlite") as store:
        assert store.document("pole-a/eslo420.txt") is None
    # renamed as the hint says, it is read as Transcriber: speakers and turns
    (tmp_project / "corpus" / "pole-a" / "eslo420.txt").rename(
        tmp_project / "corpus" / "pole-a" / "eslo420.trs"
    )
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    rows = [r for r in segment_texts(invoke, tmp_project) if r["document"] == "pole-a/eslo420.trs"]
    assert [r["speaker"] for r in rows] == ["PB", "420PERS", "PB", "420PERS"]
    assert not any("<" in r["text"] for r in rows)


def _docx_bytes(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "what", "renamed"),
    [
        (TRS.format(declared="UTF-8").encode(), "a Transcriber file (.trs)", "e.trs"),
        # after a byte-order mark and blank lines, without the XML declaration
        (b"\xef\xbb\xbf\n  <Trans><Episode/></Trans>\n", "a Transcriber file (.trs)", "e.trs"),
        (TEXTGRID.encode(), "a Praat TextGrid (.TextGrid)", "e.TextGrid"),
        # what Praat writes when the text has accents: UTF-16 with a byte-order mark
        (TEXTGRID.encode("utf-16"), "a Praat TextGrid (.TextGrid)", "e.TextGrid"),
        (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nbonjour\n", "a WebVTT", "e.vtt"),
        (b"1\n00:00:01,000 --> 00:00:02,500\nbonjour\n", "a SubRip subtitle file", "e.srt"),
        (b"<!DOCTYPE html>\n<html><body><p>E : bonjour</p></body></html>", "a web page", "e.html"),
        (b"<HTML>\n<BODY><P>E : bonjour</P></BODY></HTML>", "a web page", "e.html"),
        (b"{\\rtf1\\ansi E : bonjour\\par}", "an RTF document (.rtf)", "e.rtf"),
        (_docx_bytes("word/document.xml"), "a Word document (.docx)", "e.docx"),
        (_docx_bytes("content.xml"), "an OpenDocument text (.odt)", "e.odt"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF document (.pdf)", "e.pdf"),
    ],
)
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_another_format_with_a_text_extension_is_refused(
    tmp_path: Path, content: bytes, what: str, renamed: str, suffix: str
) -> None:
    path = tmp_path / f"e{suffix}"
    path.write_bytes(content)
    error = refusal(path)
    assert error.message.startswith(what)
    assert f"with the extension {suffix}" in error.message
    assert error.hint == f"Rename it {renamed} and import it again."


@pytest.mark.parametrize(
    "text",
    [
        "E : que veut dire <Trans> dans vos notes ?\n\nMarie : rien.\n",
        "E : vous écrivez WEBVTT en tête ?\n\nMarie : oui.\n",
        "1\nE : première question\n\nMarie : 00:01:02 c'est l'heure.\n",
        "<p>E : bonjour</p>\n\nMarie : du HTML collé, pas une page.\n",
        'E : le fichier dit File type = "ooTextFile" ?\n\nMarie : oui.\n',
    ],
)
def test_a_transcript_that_mentions_a_format_is_still_plain_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "e.txt"
    path.write_text(text, encoding="utf-8")
    assert read_transcript(path, DETECTOR).text == text


# --- A8: a .trs declared ISO-8859-1 whose bytes are UTF-8 --------------------------------


def test_a_trs_declared_latin1_but_saved_in_utf8_is_read_as_utf8(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    write_trs(tmp_project / "corpus" / "pole-a" / "eslo.trs", "ISO-8859-1", "utf-8")
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    texts = " ".join(
        r["text"] for r in segment_texts(invoke, tmp_project) if r["document"] == "pole-a/eslo.trs"
    )
    assert "vous êtes à Orléans" in texts
    assert "Ã" not in texts
    listed = invoke("documents", "--format", "csv")
    row = next(r for r in csv.DictReader(io.StringIO(listed.output)) if r["format"] == "trs")
    assert row["encoding"] == "utf-8"
    # the import line says how it was read
    assert "pole-a/eslo.trs (" in result.output
    assert ": read as UTF-8: its XML declaration says ISO-8859-1" in result.output


@pytest.mark.parametrize("declared", ["ISO-8859-1", "windows-1252", "latin1"])
def test_the_transcript_says_it_was_read_as_utf8(tmp_path: Path, declared: str) -> None:
    as_saved = read_transcript(write_trs(tmp_path / "u.trs", declared, "utf-8"), DETECTOR)
    as_declared = read_transcript(write_trs(tmp_path / "l.trs", declared, "latin-1"), DETECTOR)
    assert as_saved.text == as_declared.text
    assert as_saved.encoding == "utf-8"
    assert as_saved.notes == (
        f"read as UTF-8: its XML declaration says {declared}, but its bytes are UTF-8 (as a "
        "UTF-8 text editor saves it)",
    )
    assert as_declared.notes == ()  # the declaration holds: nothing to say


def test_a_trs_mixing_utf8_and_latin1_bytes_is_refused_with_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.trs"
    data = TRS.format(declared="ISO-8859-1").encode("utf-8")
    data = data.replace("la coopérative".encode(), "la coopérative".encode("latin-1"))
    path.write_bytes(data)
    error = refusal(path)
    assert "1 byte(s) are not valid UTF-8" in error.message
    assert "line 20: « oixante-deux la coop\\xe9rative était déjà l »" in error.message
    assert error.hint is not None and "save it as UTF-8" in error.hint


def test_an_xhtml_page_declared_latin1_in_utf8_is_read_as_utf8(tmp_path: Path) -> None:
    """The other XML-based readers decode the bytes themselves (``base.decoding``): a
    declaration that does not match them changes nothing (no fix needed: a guard)."""
    path = tmp_path / "page.html"
    page = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<html><head>'
        '<meta charset="iso-8859-1"/></head><body><p>Marie : à Orléans</p></body></html>'
    )
    path.write_bytes(page.encode("utf-8"))
    assert "à Orléans" in read_transcript(path, DETECTOR).text


# --- A12: a reader's structure is no attribute to group by --------------------------------


@pytest.fixture
def with_trs(invoke: Callable[..., Result], tmp_project: Path) -> Path:
    write_trs(tmp_project / "corpus" / "pole-a" / "eslo.trs")
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    with Store(tmp_project / "coding.sqlite") as store:  # as stores hold them already
        document = store.document("pole-a/eslo.trs")
        assert document is not None
        assert document.attributes["speakers"] == {"spk1": "PB", "spk2": "420PERS"}
        assert isinstance(document.attributes["sections"], list)
    return tmp_project


def test_matrix_rows_are_never_a_readers_structure(
    invoke: Callable[..., Result], with_trs: Path
) -> None:
    result = invoke("matrix", "--rows", "speakers", "--level", "1", "--format", "csv")
    assert result.exit_code == 1
    assert "no attribute 'speakers' on any case or document" in result.output
    assert "{'spk1'" not in result.output
    hint = invoke("matrix", "--rows", "role", "--level", "1", "--format", "csv").output
    listed = " ".join(hint.split()).split("one of: ", 1)[1]
    assert "audio_filename" in listed and "duration" in listed
    for structure in ("sections", "speakers", "topics"):
        assert structure not in listed
    scalar = invoke("matrix", "--rows", "audio_filename", "--level", "1", "--format", "csv")
    assert scalar.exit_code == 0, scalar.output
    assert "orleans_01" in scalar.output


def test_qdpx_variables_are_never_a_readers_structure(
    invoke: Callable[..., Result], with_trs: Path
) -> None:
    out = with_trs / "s35m.qdpx"
    result = invoke("export", "qdpx", str(out))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        project = archive.read("project.qde").decode("utf-8")
    for structure in ("sections", "speakers", "topics"):
        assert f'name="{structure}"' not in project
    assert "{'spk1'" not in project and "[{" not in project
    assert 'name="audio_filename"' in project and "<TextValue>orleans_01</TextValue>" in project


# --- A13: the segments sheet to code in a spreadsheet ------------------------------------


def test_segments_export_ends_with_empty_code_and_coder_columns(
    invoke: Callable[..., Result], imported: Path
) -> None:
    rows = segment_texts(invoke, imported)
    assert list(rows[0])[-3:] == ["text", "code", "coder"]
    assert {(r["code"], r["coder"]) for r in rows} == {("", "")}


def _fill(rows: list[list[object]], header: list[object]) -> int:
    """Codes the first two rows of pole-a/directrice.txt as a coder would (two codes in one
    cell, a code in lower case), the others left empty; returns how many codings."""
    document, code, coder = (header.index(name) for name in ("document", "code", "coder"))
    cells = iter(["COOP.LIEU; ECO.PUBLIC", "coop.achats"])
    written = 0
    for row in rows:
        if row[document] == "pole-a/directrice.txt" and (codes := next(cells, None)):
            row[code], row[coder] = codes, "alice"
            written += len(codes.split(";"))
    assert written == 3
    return written


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_filled_segments_export_imports_back(
    invoke: Callable[..., Result], imported: Path, suffix: str
) -> None:
    sheet = imported / f"to-code{suffix}"
    assert invoke("segments", "export", str(sheet)).exit_code == 0
    if suffix == ".csv":
        table = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8"))))
        header, rows = table[0], table[1:]
        expected, left = _fill(rows, list(header)), len(rows) - 2
        with sheet.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *rows])
    else:
        book = openpyxl.load_workbook(sheet)
        cells = [list(row) for row in book.active.iter_rows()]
        header = [cell.value for cell in cells[0]]
        values = [[cell.value for cell in row] for row in cells[1:]]
        expected, left = _fill(values, header), len(values) - 2
        for row, filled in zip(cells[1:], values, strict=True):
            for cell, value in zip(row, filled, strict=True):
                cell.value = value
        book.save(sheet)
    result = invoke("codings", "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert f"Imported {expected} codings from {sheet} (0 already present)" in result.output
    assert f"Not imported: {left} row(s) with an empty `code` cell" in result.output
    with Store(imported / "coding.sqlite") as store:
        codings = store.coding_rows(with_text=False)
    assert sorted(c.code for c in codings) == ["COOP.ACHATS", "COOP.LIEU", "ECO.PUBLIC"]
    assert {(c.coder, c.status) for c in codings} == {("alice", "accepted")}
    assert len(codings) == expected
