"""A zip archive made with a zip feature Python's zipfile has not (a « version needed to
extract » above what it reads, a compression method it does not know) is a user's file that
cannot be read: a clear error that names the file and says what to do, never a traceback.
zipfile raises NotImplementedError there, not BadZipFile."""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result
from odf.opendocument import OpenDocumentText
from odf.text import P
from openpyxl import Workbook

from ptce_coding.interop.refi import read_qdpx

from .test_refi_quirks import CODES, text_source
from .test_refi_support import guid, make_qdpx, project_xml

CENTRAL, LOCAL = b"PK\x01\x02", b"PK\x03\x04"


def unreadable_zip(data: bytes, feature: str) -> bytes:
    """``data`` (a zip) with every member saying it needs zip version 20.0 to be extracted
    (``feature`` "version") or compressed by method 99, AES (``feature`` "method")."""
    found = bytearray(data)
    for signature, offset in ((CENTRAL, 6), (CENTRAL, 10), (LOCAL, 8)):
        if feature == "version" and (signature, offset) != (CENTRAL, 6):
            continue
        if feature == "method" and (signature, offset) == (CENTRAL, 6):
            continue
        at = found.find(signature)
        while at >= 0:
            found[at + offset : at + offset + 2] = struct.pack("<H", 200 if offset == 6 else 99)
            at = found.find(signature, at + 4)
    return bytes(found)


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Alice : le pôle mutualise un local.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    document = OpenDocumentText()
    document.text.addElement(P(text="Alice : le pôle mutualise un local."))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["document", "start", "end", "code", "coder"])
    sheet.append(["pole-a/directrice.txt", 0, 10, "COOP", "alice"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refused(result: Result, path: Path) -> str:
    """The command failed as a user mistake does: exit code 1, no exception but the exit,
    the file named in the message."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert path.name in result.output
    return result.output


@pytest.mark.parametrize("suffix, make", [(".docx", docx_bytes), (".odt", odt_bytes)])
def test_an_office_file_zipped_with_a_later_version_is_refused_clearly(
    invoke: Callable[..., Result], tmp_path: Path, suffix: str, make: Callable[[], bytes]
) -> None:
    path = tmp_path / f"entretien{suffix}"
    path.write_bytes(unreadable_zip(make(), "version"))
    output = refused(invoke("import", str(path), "--case", "pole-z"), path)
    assert "cannot open (zip file version 20.0)" in output
    assert "save it again" in output


@pytest.mark.parametrize("feature", ["version", "method"])
def test_a_codings_workbook_zipped_with_an_unknown_feature_is_refused_clearly(
    invoke: Callable[..., Result], tmp_project: Path, tmp_path: Path, feature: str
) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    path = tmp_path / "codages.xlsx"
    path.write_bytes(unreadable_zip(xlsx_bytes(), feature))
    output = refused(invoke("codings", "import", str(path)), path)
    assert "this program cannot open" in output
    assert "save it again" in output


def test_a_qdpx_zipped_with_a_later_version_is_refused_clearly(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    source = text_source(1)
    qde = project_xml(CODES + f"<Sources>{source}</Sources>")
    made = make_qdpx(tmp_path / "made.qdpx", qde, {f"Sources/{guid(1)}.txt": b"Un texte."})
    path = tmp_path / "projet.qdpx"
    path.write_bytes(unreadable_zip(made.read_bytes(), "version"))
    output = refused(invoke("import", str(path), "--codes", "skip", "--case", "pole-z"), path)
    assert "cannot open (zip file version 20.0)" in output
    assert "Export it again" in output


def test_a_qdpx_source_docx_zipped_with_a_later_version_is_left_out_with_a_warning(
    tmp_path: Path,
) -> None:
    """A .docx source inside a .qdpx that cannot be opened: that source is not read, the
    warning says why, the rest of the project is."""
    source = text_source(1, path="", attrs=f' richTextPath="internal://{guid(1)}.docx"')
    qde = project_xml(CODES + f"<Sources>{source}</Sources>")
    inner = unreadable_zip(docx_bytes(), "version")
    path = make_qdpx(tmp_path / "p.qdpx", qde, {f"Sources/{guid(1)}.docx": inner})
    project = read_qdpx(path)
    assert any("cannot be opened here (zip file version 20.0)" in w for w in project.warnings)
    assert [code.name for code in project.codes] == ["Lieu", "Économie"]
