"""read_qdpx and read_qdc on minimal fixtures reproducing what real tools write."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest

from ptce_coding.interop.refi import RefiProject, code_ids, read_qdc, read_qdpx

from .test_refi_support import (
    REFI_DATA,
    codebook_xml,
    guid,
    make_qdpx,
    project_xml,
    selection,
    utf16_position,
)

CODES = codebook_xml((100, "Lieu"), (101, "Économie"))


def text_source(number: int, body: str = "", *, path: str | None = None, attrs: str = "") -> str:
    path = path if path is not None else f"internal://{guid(number)}.txt"
    path_attr = f' plainTextPath="{path}"' if path else ""
    return (
        f'<TextSource guid="{guid(number)}" name="doc{number}"{path_attr}{attrs}>{body}'
        "</TextSource>"
    )


def passages(project: RefiProject) -> list[str]:
    texts = {source.guid: source.text for source in project.sources}
    return [texts[c.source_guid][c.start : c.end] for c in project.codings]


def one_source_project(
    tmp_path: Path, raw: bytes, selections: str, *, origin: str | None, folder: str = "Sources"
) -> RefiProject:
    body = CODES + f"<Sources>{text_source(1, selections)}</Sources>"
    path = make_qdpx(
        tmp_path / "p.qdpx", project_xml(body, origin=origin), {f"{folder}/{guid(1)}.txt": raw}
    )
    return read_qdpx(path)


@pytest.mark.parametrize("folder", ["Sources", "sources", "SOURCES"])
def test_sources_folder_in_any_case(tmp_path: Path, folder: str) -> None:
    text = "Bonjour le monde.\n"
    project = one_source_project(
        tmp_path, text.encode(), selection(1, 0, 7, 100), origin="MAXQDA 24", folder=folder
    )
    assert project.sources[0].text == text
    assert passages(project) == ["Bonjour"]


@pytest.mark.parametrize("qde_name", ["Mon projet.qde", "export/Projet PTCE.qde"])
def test_project_file_named_after_the_project(tmp_path: Path, qde_name: str) -> None:
    folder = qde_name.rpartition("/")[0]
    member = f"{folder + '/' if folder else ''}sources/{guid(1)}.txt"
    body = CODES + f"<Sources>{text_source(1, selection(1, 3, 8, 101))}</Sources>"
    qde = project_xml(body, origin="ATLAS.ti for Windows 26.0")
    path = make_qdpx(tmp_path / "p.qdpx", qde, {member: b"Un texte."}, qde_name=qde_name)
    assert passages(read_qdpx(path)) == ["texte"]


def test_codebook_namespace_1_colon_0() -> None:
    codes = read_qdc(REFI_DATA / "nvivo_mac_ns_1_0.qdc")
    assert [c.name for c in codes] == ["Économie locale", "Összefoglaló", "Οικονομία", "合作"]
    assert codes[0].guid == "0a1b2c3d-0000-4000-8000-000000000001"
    assert codes[1].parent_guid == codes[0].guid and codes[2].parent_guid == codes[1].guid
    assert codes[0].color == "#AABBCC" and codes[0].description == "Ressources du territoire."
    assert list(code_ids(codes, set()).values()) == [
        "ECONOMIE_LOCALE",
        "ECONOMIE_LOCALE.OSSZEFOGLALO",
        "ECONOMIE_LOCALE.OSSZEFOGLALO.OIKONOMIA",
        "CODE_0A1B2C3D",
    ]


def test_codebook_namespace_0_colon_4() -> None:
    codes = read_qdc(REFI_DATA / "atlasti_ns_0_4.qdc")
    assert [(c.name, c.color, c.description) for c in codes] == [
        ("code1", "#46AA00", "popisek kódu 1")
    ]


def test_missing_and_empty_optional_elements(tmp_path: Path) -> None:
    empty = read_qdpx(make_qdpx(tmp_path / "e.qdpx", project_xml("", origin=None)))
    assert (empty.codes, empty.sources, empty.codings, empty.cases, empty.users) == (
        [],
        [],
        [],
        [],
        {},
    )
    body = (
        "<Users/><CodeBook><Codes>"
        f'<Code guid="{guid(100)}" isCodable="true"><Description/></Code></Codes></CodeBook>'
        '<Variables/><Cases><Case guid="'
        + guid(300)
        + '"/></Cases><Sources>'
        + text_source(
            1,
            "<PlainTextContent>Texte en ligne.</PlainTextContent>"
            f'<PlainTextSelection guid="{guid(9)}" startPosition="0" endPosition="5"/>'
            + selection(2, 0, 5, 100),
            path="",
        )
        + "</Sources><Notes/><Sets/>"
    )
    project = read_qdpx(make_qdpx(tmp_path / "p.qdpx", project_xml(body, origin="")))
    assert project.codes[0].name == "" and project.codes[0].description == ""
    assert project.sources[0].text == "Texte en ligne."
    assert passages(project) == ["Texte"]
    assert project.codings[0].user is None and project.codings[0].note is None
    assert project.cases[0].name == "" and project.cases[0].source_guids == []
    assert any("does not follow Project.xsd" in w for w in project.warnings)


def read_docx_source(tmp_path: Path, document: Any, text: str, passage: str) -> None:
    """A project whose one source is ``document`` (a .docx, no plain text) with a selection
    of ``passage``, read back: its text is ``text`` and the selection covers ``passage``."""
    buffer = io.BytesIO()
    document.save(buffer)
    start = text.index(passage)
    source = text_source(
        1,
        selection(1, start, start + len(passage), 100),
        path="",
        attrs=f' richTextPath="internal://{guid(1)}.docx"',
    )
    qde = project_xml(CODES + f"<Sources>{source}</Sources>", origin="MAXQDA 24")
    path = make_qdpx(tmp_path / "p.qdpx", qde, {f"Sources/{guid(1)}.docx": buffer.getvalue()})
    project = read_qdpx(path)
    assert project.sources[0].text == text
    assert passages(project) == [passage]


def test_docx_source(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Premier paragraphe, été.")
    document.add_paragraph("Second : œuvre 🎉 commune.")
    text = "Premier paragraphe, été.\nSecond : œuvre 🎉 commune."
    read_docx_source(tmp_path, document, text, "œuvre 🎉")


def test_docx_source_with_a_table_of_turns(tmp_path: Path) -> None:
    """A source given as a .docx only, whose turns are a table (speaker | text): the table's
    words were left out of the text, and a coding in them pointed at the wrong words."""
    document = docx.Document()
    document.add_paragraph("Entretien 3")
    table = document.add_table(rows=2, cols=2)
    for row, (speaker, words) in enumerate(
        [("Enquêtrice", "Et les locaux ?"), ("Paul", "Partagés.")]
    ):
        table.cell(row, 0).text = speaker
        table.cell(row, 1).text = words
    document.add_paragraph("Fin.")
    text = "Entretien 3\nEnquêtrice\nEt les locaux ?\nPaul\nPartagés.\nFin."
    read_docx_source(tmp_path, document, text, "Partagés")


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_text_encodings_and_boms(tmp_path: Path, encode) -> None:
    text = "Première ligne\nDeuxième 🎉 ligne\n"
    start = text.index("Deuxième")
    sel = selection(1, start, start + len("Deuxième 🎉"), 100)
    project = one_source_project(tmp_path, encode(text), sel, origin="MAXQDA 24 (Release 24.7.0)")
    assert project.sources[0].text == text
    assert passages(project) == ["Deuxième 🎉"]


def test_decomposed_text_is_normalised(tmp_path: Path) -> None:
    raw = "Cafe\u0301 noir\n"
    sels = selection(1, 0, 5, 100) + selection(2, 6, 10, 101)
    project = one_source_project(tmp_path, raw.encode(), sels, origin="MAXQDA 24")
    assert project.sources[0].text == "Café noir\n"
    assert passages(project) == ["Café", "noir"]


def test_nvivo_utf16_code_units_with_crlf(tmp_path: Path) -> None:
    raw = "Première ligne : café 🎉 ici\r\nDeuxième : l’œuvre 😀 collective\r\nTroisième\r\n"
    wanted = ["l’œuvre 😀 collective", "ici\r\nDeuxième", "Troisième"]
    sels = ""
    for number, passage in enumerate(wanted, 1):
        start = raw.index(passage)
        first, last = utf16_position(raw, start), utf16_position(raw, start + len(passage))
        sels += selection(number, first, last, 100)
    source = text_source(1, sels, attrs=f' richTextPath="internal://{guid(1)}.docx"')
    qde = project_xml(CODES + f"<Sources>{source}</Sources>", origin="NVivo for Windows 12.6")
    members = {
        f"Sources/{guid(1)}.txt": b"\xef\xbb\xbf" + raw.encode("utf-8"),
        f"Sources/{guid(1)}.docx": b"not read: the plain text comes first",
    }
    project = read_qdpx(make_qdpx(tmp_path / "p.qdpx", qde, members))
    assert project.tool == "nvivo" and project.offset_convention.startswith("utf16:")
    assert project.sources[0].text == raw.replace("\r\n", "\n")
    assert passages(project) == [p.replace("\r\n", "\n") for p in wanted]
    assert any("no quoted text" in w for w in project.warnings)


@pytest.mark.parametrize("origin", ["QualCoder 3.6", "headless"])
def test_qualcoder_counts_the_bom_it_kept(tmp_path: Path, origin: str) -> None:
    text = "Ligne un, été.\nLigne deux 😀 fin.\n"
    fulltext = "\ufeff" + text  # QualCoder's text: the BOM of the imported file kept inside
    quotes = ["Ligne un", "deux 😀 fin.\n"]
    sels = "".join(
        selection(n, fulltext.index(q), fulltext.index(q) + len(q), 100, name=q)
        for n, q in enumerate(quotes, 1)
    )
    raw = b"\xef\xbb\xbf" + fulltext.encode("utf-8")  # written with utf-8-sig: two BOMs
    project = one_source_project(tmp_path, raw, sels, origin=origin, folder="sources")
    assert project.tool == "qualcoder"
    assert project.offset_convention.startswith("codepoints+bom:")
    assert project.sources[0].text == text
    assert passages(project) == quotes
    assert not any("do not cover" in w for w in project.warnings)


def test_atlasti_one_more_per_line_end(tmp_path: Path) -> None:
    text = "Première ligne\nDeuxième ligne, ici\nTroisième ligne\n"
    quotes = ["Deuxième ligne, ici", "ici\nTroisième", "Troisième ligne"]

    def shifted(index: int) -> int:
        return index + text[:index].count("\n")

    sels = "".join(
        selection(n, shifted(text.index(q)), shifted(text.index(q) + len(q)), 100, name=q[:10])
        for n, q in enumerate(quotes, 1)
    )
    origin = "ATLAS.ti for Windows 23.2.3.27778"
    project = one_source_project(tmp_path, text.encode(), sels, origin=origin)
    assert project.tool == "atlasti"
    assert project.offset_convention.startswith("codepoints+crlf:")
    assert passages(project) == quotes


def test_atlasti_without_quotes_uses_the_standard(tmp_path: Path) -> None:
    text = "Première ligne\nDeuxième ligne\n"
    project = one_source_project(
        tmp_path, text.encode(), selection(1, 15, 23, 100), origin="ATLAS.ti for Mac 23"
    )
    assert project.offset_convention.startswith("codepoints:")
    assert passages(project) == ["Deuxième"]
    assert any("no quoted text" in w for w in project.warnings)


@pytest.mark.parametrize("origin", ["qc 1.7.8", None])
def test_qualitative_coding_line_names(tmp_path: Path, origin: str | None) -> None:
    lines = ["Je travaille à l'hôpital.", "", "Depuis la réorganisation, tout a changé.", "Fin."]
    text = "\n".join(lines) + "\n"
    starts = [sum(len(line) + 1 for line in lines[:n]) for n in range(len(lines))]
    sels = "".join(
        selection(n, starts[n], starts[n] + len(lines[n]) + 1, 100, name=f"line:{n}")
        for n in (0, 2)
    )
    project = one_source_project(tmp_path, text.encode(), sels, origin=origin, folder="sources")
    assert project.tool == "qualitative-coding"
    assert passages(project) == [lines[0] + "\n", lines[2] + "\n"]
    assert not any("do not cover" in w for w in project.warnings)


def test_mismatching_quotes_are_counted(tmp_path: Path) -> None:
    text = "Un deux trois quatre.\n"
    sels = selection(1, 0, 2, 100, name="Un") + selection(2, 3, 7, 100, name="autre chose")
    sels += selection(3, 8, 13, 100, name="trois")
    project = one_source_project(tmp_path, text.encode(), sels, origin="ptce-coding 0.1.0")
    assert "1 of 2 selection(s) do not cover" in " ".join(project.warnings)


def test_unknown_codes_and_sources_are_skipped(tmp_path: Path) -> None:
    text = "Un texte assez long.\n"
    sources = (
        text_source(
            1, selection(1, 0, 2, 100) + selection(2, 3, 8, 999) + selection(3, 5, 500, 100)
        )
        + text_source(2, selection(4, 0, 2, 100))  # its .txt is missing
        + text_source(3, selection(5, 0, 2, 100), path="absolute:///etc/passwd")
        + f'<PDFSource guid="{guid(4)}" name="scan"/>'
    )
    cases = f'<Cases><Case guid="{guid(300)}" name="Pôle"><SourceRef targetGUID="{guid(1)}"/>'
    cases += f'<SourceRef targetGUID="{guid(77)}"/></Case></Cases>'
    qde = project_xml(CODES + cases + f"<Sources>{sources}</Sources>", origin="MAXQDA 24")
    members = {f"Sources/{guid(1)}.txt": text.encode()}
    project = read_qdpx(make_qdpx(tmp_path / "p.qdpx", qde, members))
    assert passages(project) == ["Un"]
    warnings = "\n".join(project.warnings)
    for expected in (
        "1 coding(s) refer to an unknown code",
        "1 selection(s) outside their source's text",
        "2 selection(s) in a source without text",
        "is not in the archive",
        "external file (absolute:///etc/passwd) is not read",
        "1 PDFSource",
        "1 reference(s) to unknown sources",
    ):
        assert expected in warnings
    assert project.cases[0].source_guids == [guid(1)]
    assert "root:" not in " ".join(s.text for s in project.sources)


def test_whole_source_codings_notes_and_users(tmp_path: Path) -> None:
    text = "Texte entier.\n"
    user = guid(500)
    notes = f'<Notes><Note guid="{guid(600)}" name="mémo"><PlainTextContent>Voir aussi'
    notes += "</PlainTextContent></Note></Notes>"
    sel = selection(1, 0, 5, 100, user=user, extra="<Description>À revoir</Description>")
    sel = sel.replace(
        "</PlainTextSelection>", f'<NoteRef targetGUID="{guid(600)}"/></PlainTextSelection>'
    )
    whole = f'<Coding guid="{guid(700)}"><CodeRef targetGUID="{guid(101)}"/></Coding>'
    users = f'<Users><User guid="{user.upper()}" name="Zoé"/></Users>'
    body = users + CODES + f"<Sources>{text_source(1, sel + whole)}</Sources>{notes}"
    qde = project_xml(body, origin="MAXQDA 24")
    project = read_qdpx(
        make_qdpx(tmp_path / "p.qdpx", qde, {f"Sources/{guid(1)}.txt": b"" + text.encode()})
    )
    assert passages(project) == ["Texte", text]
    first = project.codings[0]
    assert project.user_name(first.user) == "Zoé"
    assert first.note == "À revoir\n\nVoir aussi"
    assert [n.text for n in project.notes] == ["Voir aussi"]


def test_legacy_code_page_text_is_read_with_a_warning(tmp_path: Path) -> None:
    raw = "Café crème, déjà vu.\n".encode("cp1252")
    project = one_source_project(tmp_path, raw, selection(1, 0, 4, 100), origin="MAXQDA 24")
    assert project.sources[0].text == "Café crème, déjà vu.\n"
    assert passages(project) == ["Café"]
    assert any("not valid UTF-8; read as cp1252" in w for w in project.warnings)
