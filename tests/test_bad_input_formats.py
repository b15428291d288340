"""Odd real-world input files found by fuzzing the import formats: Word and LibreOffice files
whose words were silently lost or garbled, an .odt that ended on a traceback, control
characters that broke every spreadsheet export, REFI-QDA names stored decomposed and two
sources of one name refused with a misleading message. Each goes through the command line."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableRow
from odf.text import P

from ptce_coding.store import Store
from tests.test_bad_input_cli import refused
from tests.test_refi_support import codebook_xml, guid, make_qdpx, project_xml, selection

Invoke = Callable[..., Result]


def rewritten(data: bytes, member: str, old: bytes, new: bytes) -> bytes:
    """A zip archive (a .docx, an .odt) with ``old`` replaced by ``new`` in one member."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == member:
                assert old in content
                content = content.replace(old, new, 1)
            target.writestr(info, content)
    return out.getvalue()


def imported_text(invoke: Invoke, root: Path, name: str, data: bytes) -> str:
    """``data`` imported as corpus/pole-a/``name``: the text the store keeps."""
    (root / "corpus" / "pole-a" / name).write_bytes(data)
    result = invoke("import", str(root / "corpus"))
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    with Store(root / "coding.sqlite") as store:
        document = store.document(f"pole-a/{name}")
        assert document is not None
        return document.text


# 1. Word: text a paragraph holds other than as its direct runs

WORD_PAUL = b"<w:r><w:t>Paul : XX</w:t></w:r>"


def word_file(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("inner", "read"),
    [
        (  # a tracked insertion not yet accepted; the deletion beside it is not text
            b'<w:r><w:t xml:space="preserve">Paul : </w:t></w:r>'
            b'<w:ins w:id="1" w:author="A"><w:r><w:t>le p\xc3\xb4le coop\xc3\xa8re</w:t></w:r>'
            b'</w:ins><w:del w:id="2" w:author="A"><w:r><w:delText> supprim\xc3\xa9</w:delText>'
            b"</w:r></w:del>",
            "Paul : le pôle coopère",
        ),
        (  # a content control (« Texte brut » control of a template)
            b"<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>Paul : la SCIC</w:t></w:r>"
            b"</w:sdtContent></w:sdt>",
            "Paul : la SCIC",
        ),
        (  # a smart tag (older Word documents) and a simple field
            b'<w:smartTag w:uri="urn:x" w:element="place"><w:r><w:t>Paul : Rennes</w:t></w:r>'
            b'</w:smartTag><w:fldSimple w:instr="DATE"><w:r><w:t> en mai</w:t></w:r></w:fldSimple>',
            "Paul : Rennes en mai",
        ),
    ],
)
def test_docx_words_outside_plain_runs_are_read(
    invoke: Invoke, tmp_project: Path, inner: bytes, read: str
) -> None:
    data = rewritten(
        word_file("Marie : bonjour", "Paul : XX"), "word/document.xml", WORD_PAUL, inner
    )
    text = imported_text(invoke, tmp_project, "relu.docx", data)
    assert text == f"Marie : bonjour\n\n{read}"


def test_docx_paragraphs_in_a_content_control_and_a_nested_table_are_read(
    invoke: Invoke, tmp_project: Path
) -> None:
    document = docx.Document()
    document.add_paragraph("Marie : bonjour")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Paul"
    table.cell(0, 1).text = "Le pôle"
    table.cell(0, 1).add_table(rows=1, cols=1).cell(0, 0).text = "coopère"
    out = io.BytesIO()
    document.save(out)
    block = (
        b"<w:sdt><w:sdtContent><w:p><w:r><w:t>Marie : dans le contr\xc3\xb4le</w:t></w:r></w:p>"
        b"</w:sdtContent></w:sdt><w:tbl>"
    )
    data = rewritten(out.getvalue(), "word/document.xml", b"<w:tbl>", block)
    text = imported_text(invoke, tmp_project, "blocs.docx", data)
    assert text == "Marie : bonjour\n\nMarie : dans le contrôle\n\nPaul : Le pôle coopère"


def test_docx_words_outside_the_text_are_said_at_import(invoke: Invoke, tmp_project: Path) -> None:
    """A text box, a comment and a header are not part of the transcript: their words are
    not read, and the import says how many there are (the text box once, not also in the
    copy Word keeps for older readers)."""
    document = docx.Document()
    document.add_paragraph("Marie : bonjour")
    answer = document.add_paragraph("Paul : XX")
    document.add_comment(answer.runs, text="à vérifier avec lui", author="Relectrice")
    document.sections[0].header.paragraphs[0].text = "Entretien confidentiel"
    out = io.BytesIO()
    document.save(out)
    box = (
        b"<w:r><w:t>Paul : le p\xc3\xb4le</w:t></w:r><w:r><mc:AlternateContent "
        b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice '
        b'Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Encadr\xc3\xa9 : trois '
        b"dates</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback>"
        b"<w:pict><w:txbxContent><w:p><w:r><w:t>Encadr\xc3\xa9 : trois dates</w:t></w:r></w:p>"
        b"</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    data = rewritten(out.getvalue(), "word/document.xml", WORD_PAUL, box)
    (tmp_project / "corpus" / "pole-a" / "encadre.docx").write_bytes(data)
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert (
        "not read: 4 words in text boxes, 4 words in comments, 2 words in headers and footers"
        in said
    ), said
    with Store(tmp_project / "coding.sqlite") as store:
        stored = store.document("pole-a/encadre.docx")
        assert stored is not None
        assert stored.text == "Marie : bonjour\n\nPaul : le pôle"


def test_docx_typed_in_a_text_box_says_where_its_words_are(
    invoke: Invoke, tmp_project: Path
) -> None:
    box = (
        b"<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>Marie : le p\xc3\xb4le coop\xc3\xa8re"
        b"</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r>"
    )
    data = rewritten(word_file("Paul : XX"), "word/document.xml", WORD_PAUL, box)
    (tmp_project / "corpus" / "pole-a" / "encadre.docx").write_bytes(data)
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert (
        "the document's body holds no text; its words are where they are not read "
        "(5 words in text boxes)" in said
    ), said  # was « the document contains no text »
    assert "Move the transcript into the body of the document" in said


# 2. LibreOffice: tracked deletions, notes, comments, a damaged run of spaces


def writer_file(*paragraphs: str) -> bytes:
    document = OpenDocumentText()
    for text in paragraphs:
        document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def odt_with(paragraph: bytes, before: bytes = b"") -> bytes:
    return rewritten(
        writer_file("Marie : bonjour", "Paul : XX"),
        "content.xml",
        b"<text:p>Paul : XX</text:p>",
        before + paragraph,
    )


def test_odt_tracked_deletion_is_not_read(invoke: Invoke, tmp_project: Path) -> None:
    deleted = (
        b'<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion>'
        b"<office:change-info><dc:creator>A</dc:creator><dc:date>2024-01-01T00:00:00</dc:date>"
        b"</office:change-info><text:p>phrase supprim\xc3\xa9e par le relecteur</text:p>"
        b"</text:deletion></text:changed-region></text:tracked-changes>"
    )
    data = odt_with(b'<text:p>Paul : oui<text:change text:change-id="ct1"/></text:p>', deleted)
    text = imported_text(invoke, tmp_project, "suivi.odt", data)
    assert text == "Marie : bonjour\n\nPaul : oui"


# a footnote (3 words) and a comment (1 word) inside an answer
NOTES_PARAGRAPH = (
    b'<text:p>Paul : le p\xc3\xb4le<text:note text:id="n1" text:note-class="footnote">'
    b"<text:note-citation>1</text:note-citation><text:note-body><text:p>Note du "
    b"transcripteur.</text:p></text:note-body></text:note> coop\xc3\xa8re"
    b"<office:annotation><dc:creator>Relecteur</dc:creator><text:p>v\xc3\xa9rifier</text:p>"
    b"</office:annotation> bien.</text:p>"
)


def test_odt_notes_and_comments_stay_out_of_the_sentence(invoke: Invoke, tmp_project: Path) -> None:
    text = imported_text(invoke, tmp_project, "notes.odt", odt_with(NOTES_PARAGRAPH))
    assert text == "Marie : bonjour\n\nPaul : le pôle coopère bien."


def test_odt_words_outside_the_text_are_said_at_import(invoke: Invoke, tmp_project: Path) -> None:
    (tmp_project / "corpus" / "pole-a" / "notes.odt").write_bytes(odt_with(NOTES_PARAGRAPH))
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "not read: 3 words in footnotes and endnotes, 1 word in comments" in said, said


@pytest.mark.parametrize(("count", "spaces"), [("x", 1), ("3000000000", 1000)])
def test_odt_damaged_run_of_spaces_is_read(
    invoke: Invoke, tmp_project: Path, count: str, spaces: int
) -> None:
    paragraph = f'<text:p>Paul : bon<text:s text:c="{count}"/>jour</text:p>'.encode()
    text = imported_text(invoke, tmp_project, "espaces.odt", odt_with(paragraph))
    assert text == "Marie : bonjour\n\nPaul : bon" + " " * spaces + "jour"


def test_odt_answer_of_several_paragraphs_in_a_table_keeps_its_words_apart(
    invoke: Invoke, tmp_project: Path
) -> None:
    document = OpenDocumentText()
    table = Table(name="Tours")
    for speaker, paragraphs in [
        ("Enquêteur", ["Et le pôle ?"]),
        ("Marie", ["Le pôle", "coopère."]),
    ]:
        row = TableRow()
        for texts in ([speaker], paragraphs):
            cell = TableCell()
            for paragraph in texts:
                cell.addElement(P(text=paragraph))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    out = io.BytesIO()
    document.write(out)
    text = imported_text(invoke, tmp_project, "tableau.odt", out.getvalue())
    assert text == "Enquêteur : Et le pôle ?\n\nMarie : Le pôle coopère."


# 3. control characters: a page break from pdftotext, a Word line break, an escape code


def test_control_characters_are_spaces_and_the_exports_work(
    invoke: Invoke, tmp_project: Path
) -> None:
    raw = "Marie : le pôle\x0créunit\x0bdes entreprises.\x1b\n\nPaul : oui\x07.\n"
    text = imported_text(invoke, tmp_project, "pdf.txt", raw.encode("utf-8"))
    assert text == "Marie : le pôle réunit des entreprises. \n\nPaul : oui .\n"
    result = invoke("segments", "export", str(tmp_project / "segments.xlsx"))
    assert result.exit_code == 0, result.output
    assert (tmp_project / "segments.xlsx").exists()


# 4. REFI-QDA: names decomposed by a tool on macOS, two sources of one name, control characters

TEXT = "Marie : le pôle coopère bien.\n"


def text_source(number: int, name: str, inner: str = "") -> str:
    return (
        f'<TextSource guid="{guid(number)}" name="{name}" '
        f'plainTextPath="internal://{guid(number)}.txt">{inner}</TextSource>'
    )


def qdpx(root: Path, body: str, texts: dict[int, str]) -> Path:
    members = {f"Sources/{guid(n)}.txt": text.encode("utf-8") for n, text in texts.items()}
    return make_qdpx(root / "echange.qdpx", project_xml(body), members)


def test_qdpx_decomposed_names_are_stored_nfc(invoke: Invoke, tmp_project: Path) -> None:
    source = text_source(1, "Entretien e\u0301te\u0301", selection(10, 0, 5, 100))
    body = (
        codebook_xml((100, "Re\u0301seau"))
        + f"<Sources>{source}</Sources>"
        + f'<Cases><Case guid="{guid(50)}" name="Po\u0302le C">'
        + f'<SourceRef targetGUID="{guid(1)}"/></Case></Cases>'
    )
    result = invoke("import", str(qdpx(tmp_project, body, {1: TEXT})), "--codes", "add")
    assert result.exit_code == 0, result.output
    with Store(tmp_project / "coding.sqlite") as store:
        document = store.document("Pôle C/Entretien été")  # <case>/<source>
        assert document is not None and document.name == "Pôle C/Entretien été"
        assert document.case == "Pôle C" and "Pôle C" in store.cases()
    codebook = (tmp_project / "codebooks" / "ptce.yaml").read_text(encoding="utf-8")
    assert 'label: "Réseau"' in codebook
    assert unicodedata.is_normalized("NFC", codebook)


def test_qdc_decomposed_code_name_is_stored_nfc(invoke: Invoke, tmp_project: Path) -> None:
    grille = tmp_project / "grille.qdc"
    grille.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Test"><Codes>'
        f'<Code guid="{guid(1)}" name="Re\u0301seau d\u2019acteurs" isCodable="true"/>'
        "</Codes></CodeBook>",
        encoding="utf-8",
    )
    result = invoke("codebook", "import", str(grille))
    assert result.exit_code == 0, result.output
    codebook = (tmp_project / "codebooks" / "ptce.yaml").read_text(encoding="utf-8")
    assert "Réseau d’acteurs" in codebook
    assert unicodedata.is_normalized("NFC", codebook)


def test_qdpx_two_sources_of_one_name_are_refused_with_the_file(
    invoke: Invoke, tmp_project: Path
) -> None:
    body = (
        codebook_xml((100, "Lieu"))
        + f"<Sources>{text_source(1, 'Entretien', selection(10, 0, 5, 100))}"
        + f"{text_source(2, 'Entretien')}</Sources>"
    )
    path = qdpx(tmp_project, body, {1: TEXT, 2: "Paul : un autre entretien.\n"})
    codebook = (tmp_project / "codebooks" / "ptce.yaml").read_bytes()
    refused(
        invoke("import", str(path)),
        f"{path}: 1 problem(s) in the project, so nothing was imported",
        f"source 'Entretien' (GUID {guid(2)}): a second source with this name, not imported",
        "rename one of them",
        "--partial",
    )
    assert (tmp_project / "codebooks" / "ptce.yaml").read_bytes() == codebook
    with Store(tmp_project / "coding.sqlite") as store:
        assert store.documents() == []


def test_qdpx_source_named_as_another_document_names_the_file(
    invoke: Invoke, tmp_project: Path
) -> None:
    body = codebook_xml((100, "Lieu")) + f"<Sources>{text_source(1, 'pole-a/directrice.txt')}"
    body += "</Sources>"
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    path = qdpx(tmp_project, body, {1: TEXT})
    refused(
        invoke("import", str(path), "--codes", "add"),
        f"{path}: 1 source(s) of the file have another text than the project's document of "
        "that name:\n  - 'pole-a/directrice.txt'",
        "Rename the source in the tool that wrote the file",
    )


def test_qdpx_control_characters_are_spaces_and_positions_hold(
    invoke: Invoke, tmp_project: Path
) -> None:
    text = "Marie : le p\x0cle\x01coop\u00e8re.\n"
    body = codebook_xml((100, "Lieu")) + (
        f"<Sources>{text_source(1, 'pdf', selection(10, 8, 12, 100))}</Sources>"
    )
    result = invoke(
        "import", str(qdpx(tmp_project, body, {1: text})), "--codes", "add", "--case", "pole-q"
    )
    assert result.exit_code == 0, result.output
    with Store(tmp_project / "coding.sqlite") as store:
        document = store.document("pole-q/pdf")
        assert document is not None
        assert document.text == "Marie : le p le coopère.\n"
        assert [(c.start, c.end) for c in store.coding_rows()] == [(8, 12)]
    result = invoke("segments", "export", str(tmp_project / "segments.xlsx"))
    assert result.exit_code == 0, result.output


# 5. a .docx that is not one: what it is, what to do, nothing stored


def zip_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("notes.txt", "Marie : bonjour")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "an old Word 97-2003 document (.doc) renamed .docx, or a password-protected Word file",
        ),
        (zip_without_document(), "a zip archive but not a Word document (no word/document.xml"),
    ],
)
def test_a_docx_that_is_not_one_says_what_it_is(
    invoke: Invoke, tmp_project: Path, content: bytes, what: str
) -> None:
    path = tmp_project / "corpus" / "pole-a" / "entretien.docx"
    path.write_bytes(content)
    refused(
        invoke("import", str(path)),
        f"{path}: not a readable .docx file",
        what,
        "save it again as a Word document (.docx)",
    )
    with Store(tmp_project / "coding.sqlite") as store:
        assert store.documents() == []
