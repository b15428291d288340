"""write_qdpx → read_qdpx and write_qdc → read_qdc give back what was written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.records import Coding
from ptce_coding.interop.refi import (
    RefiProject,
    description_fields,
    read_qdc,
    read_qdpx,
    write_qdc,
    write_qdpx,
)
from ptce_coding.interop.refi.codes import effective_colors
from ptce_coding.interop.refi.safety import safe_parser, schema_errors, validate
from ptce_coding.interop.refi.tree import xsd_datetime

from .test_refi_support import codebook, sample


def export(path: Path) -> Path:
    book, documents, codings, cases = sample()
    write_qdpx(
        path,
        project_name="Étude PTCE",
        codebook=book,
        documents=documents,
        codings=codings,
        cases=cases,
        created_by="Zoé Müller",
    )
    return path


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    return export(tmp_path / "étude.qdpx")


@pytest.fixture
def project(exported: Path) -> RefiProject:
    return read_qdpx(exported)


def test_archive_layout_and_schema(exported: Path) -> None:
    with zipfile.ZipFile(exported) as archive:
        names = archive.namelist()
        qde = archive.read("project.qde")
        texts = {name: archive.read(name) for name in names if name.startswith("Sources/")}
    assert names[0] == "project.qde" and len(texts) == 3
    root = etree.fromstring(qde, safe_parser())
    assert etree.QName(root).namespace == "urn:QDA-XML:project:1.0"
    assert schema_errors(root, "Project.xsd") == []
    _, documents, _, _ = sample()
    assert sorted(data.decode("utf-8") for data in texts.values()) == sorted(
        d.text for d in documents
    )
    assert not any(data.startswith(b"\xef\xbb\xbf") for data in texts.values())
    ns = {"q": "urn:QDA-XML:project:1.0"}
    for source in root.iterfind(".//q:TextSource", ns):
        assert f"Sources/{source.get('plainTextPath').removeprefix('internal://')}" in texts
    description = root.find("q:Description", ns).text
    assert "Unicode code points in NFC text with LF line ends, no BOM" in description


def test_two_exports_are_identical(tmp_path: Path) -> None:
    first, second = export(tmp_path / "a.qdpx"), export(tmp_path / "b.qdpx")
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert a.read("project.qde") == b.read("project.qde")
    assert first.read_bytes() == second.read_bytes()


def test_project_and_texts(project: RefiProject) -> None:
    assert project.name == "Étude PTCE"
    assert project.tool == "ptce-coding"
    assert project.offset_convention.startswith("codepoints:")
    assert project.warnings == []
    _, documents, _, _ = sample()
    assert {s.name: s.text for s in project.sources} == {d.name: d.text for d in documents}
    assert sorted(project.users.values()) == ["Zoé Müller", "alice", "bruno"]


def test_codes_ids_hierarchy_colours(project: RefiProject) -> None:
    book = codebook()
    by_id = {code.code_id: code for code in project.codes}
    assert list(by_id) == [code.id for _, code in book.walk()]
    guid_to_id = {code.guid: code.code_id for code in project.codes}
    colors = effective_colors(book)
    for code in book.codes:
        read = by_id[code.id]
        assert read.name == code.label
        assert guid_to_id.get(read.parent_guid) == code.parent
        assert read.color == colors[code.id]
        fields = description_fields(read.description)
        assert fields["definition"] == code.definition
        assert fields["include"] == code.include
        assert fields["exclude"] == code.exclude
        assert fields["examples"] == code.examples
    assert by_id["COOP.MUTUALISATION.LIEU"].color == "#1F77B4"  # inherited from COOP
    assert by_id["COOP.ACHATS"].color == "#2CA02C"  # its own
    assert by_id["ECO"].color != by_id["COOP"].color  # palette


def test_codings_offsets_users_notes(project: RefiProject) -> None:
    _, _, codings, _ = sample()
    names = {s.guid: s.name for s in project.sources}
    ids = {c.guid: c.code_id for c in project.codes}
    got = {
        (
            names[c.source_guid],
            c.start,
            c.end,
            ids[c.code_guid],
            project.user_name(c.user),
            c.note,
            c.created_at,
        )
        for c in project.codings
    }
    wanted = {
        (c.document, c.start, c.end, c.code, c.coder, c.memo, xsd_datetime(c.created_at))
        for c in codings
    }
    assert got == wanted
    texts = {s.guid: s.text for s in project.sources}
    passages = {texts[c.source_guid][c.start : c.end] for c in project.codings}
    assert "une œuvre commune 🎉" in passages and "😀😀 les achats groupés" in passages


def test_cases_and_variables(project: RefiProject) -> None:
    _, documents, _, cases = sample()
    names = {s.guid: s.name for s in project.sources}
    read = {case.name: case for case in project.cases}
    assert set(read) == set(cases)
    for name, attributes in cases.items():
        assert read[name].variables == attributes
        wanted = sorted(d.name for d in documents if d.case == name)
        assert sorted(names[g] for g in read[name].source_guids) == wanted
    variables = {s.name: s.variables for s in project.sources}
    assert variables == {d.name: d.attributes for d in documents}


def test_invalid_inputs_are_refused(tmp_path: Path) -> None:
    book, documents, codings, cases = sample()
    bad = [
        *codings,
        Coding("pole-a/zoe.txt", 0, 10_000, "COOP", "alice"),
        Coding("pole-a/zoe.txt", 0, 5, "NOPE", "alice"),
        Coding("absent.txt", 0, 5, "COOP", "alice"),
    ]
    target = tmp_path / "out.qdpx"
    with pytest.raises(ExchangeError) as error:
        write_qdpx(
            target,
            project_name="x",
            codebook=book,
            documents=documents,
            codings=bad,
            cases=cases,
            created_by="z",
        )
    assert "3 problem(s)" in str(error.value)
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_schema_errors_are_listed() -> None:
    root = etree.fromstring(b'<Project xmlns="urn:QDA-XML:project:1.0"><Oops/></Project>')
    with pytest.raises(ExchangeError) as error:
        validate(root, "Project.xsd", "project.qde", "out.qdpx")
    assert "does not validate against Project.xsd" in str(error.value)
    assert "line 1" in str(error.value)


def test_qdc_round_trip(tmp_path: Path) -> None:
    book = codebook()
    path = tmp_path / "codebook.qdc"
    write_qdc(path, book)
    root = etree.fromstring(path.read_bytes(), safe_parser())
    assert etree.QName(root).namespace == "urn:QDA-XML:codebook:1.0"
    assert schema_errors(root, "Codebook.xsd") == []
    codes = read_qdc(path)
    assert [c.code_id for c in codes] == [c.id for _, c in book.walk()]
    guid_to_id = {c.guid: c.code_id for c in codes}
    assert {c.code_id: guid_to_id.get(c.parent_guid) for c in codes} == {
        c.id: c.parent for c in book.codes
    }
    first = path.read_bytes()
    write_qdc(path, book)
    assert path.read_bytes() == first
    with zipfile.ZipFile(export(tmp_path / "p.qdpx")) as archive:
        project = etree.fromstring(archive.read("project.qde"), safe_parser())
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert {c.get("guid") for c in project.iterfind(".//q:Code", ns)} == set(guid_to_id)


def test_characters_forbidden_in_xml_are_replaced_in_memos(tmp_path: Path) -> None:
    book, documents, codings, cases = sample()
    codings = [Coding("pole-a/zoe.txt", 0, 10, "COOP", "alice", memo="saut\x0cde page")]
    path = tmp_path / "p.qdpx"
    write_qdpx(
        path,
        project_name="x",
        codebook=book,
        documents=documents,
        codings=codings,
        cases=cases,
        created_by="z",
    )
    assert read_qdpx(path).codings[0].note == "saut\ufffdde page"
