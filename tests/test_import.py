"""Importing transcripts: cases, idempotence, changed files, docx, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding


def store_of(root: Path):
    return find_project(root).open_store(create=False)


def test_folder_import_makes_cases_and_segments(invoke, tmp_project: Path) -> None:
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    assert "2 imported, 0 unchanged, 0 failed" in result.output
    listing = invoke("documents", "--format", "json")
    rows = json.loads(listing.stdout)
    assert [(r["document"], r["case"], r["segments"], r["speakers"]) for r in rows] == [
        ("pole-a/directrice.txt", "pole-a", 6, "Enquêtrice,Marie Dupont"),
        ("pole-b/membre.md", "pole-b", 5, "Q,R"),
    ]
    with store_of(tmp_project) as store:
        assert store.cases() == {
            "pole-a": {"region": "Bretagne", "laureat": "2013"},
            "pole-b": {"region": "Occitanie", "laureat": "non"},
        }
        document = store.document("pole-a/directrice.txt")
        segment = store.segments(document.id)[2]
        assert document.text[segment.start : segment.end].startswith("Oui, nous avons")
        assert segment.speaker == "Marie Dupont" and not segment.interviewer


def test_reimport_is_a_no_op(invoke, tmp_project: Path) -> None:
    invoke("import", str(tmp_project / "corpus"))
    with store_of(tmp_project) as store:
        before = store.counts()
    again = invoke("import", str(tmp_project / "corpus"))
    assert again.exit_code == 0
    assert "0 imported, 2 unchanged, 0 failed" in again.output
    with store_of(tmp_project) as store:
        assert store.counts() == before


def test_changed_file_replaces_uncoded_document(invoke, tmp_project: Path) -> None:
    invoke("import", str(tmp_project / "corpus"))
    path = tmp_project / "corpus" / "pole-b" / "membre.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n**Q.** Merci.\n", encoding="utf-8")
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    assert "replaced  pole-b/membre.md" in result.output
    with store_of(tmp_project) as store:
        assert store.counts()["documents"] == 2
        assert store.document("pole-b/membre.md").text.endswith("Merci.\n")


def test_changed_file_carries_codings_over(invoke, tmp_project: Path) -> None:
    invoke("import", str(tmp_project / "corpus"))
    path = tmp_project / "corpus" / "pole-a" / "directrice.txt"
    old = path.read_text(encoding="utf-8")
    kept, gone = "des locaux partagés", "Les achats groupés"
    with store_of(tmp_project) as store:
        text = store.document("pole-a/directrice.txt").text
        store.add_codings(
            [
                Coding(
                    "pole-a/directrice.txt",
                    text.index(kept),
                    text.index(kept) + len(kept),
                    "COOP.LIEU",
                    "anne",
                    memo="locaux",
                ),
                Coding(
                    "pole-a/directrice.txt",
                    text.index(gone),
                    text.index(gone) + len(gone),
                    "COOP.ACHATS",
                    "anne",
                ),
            ]
        )
    new = old.replace(
        "Entretien avec la directrice", "Entretien (version relue) avec la directrice"
    )
    path.write_text(new.replace("Les achats groupés, c'est", "Rien de prévu, c'est"), "utf-8")
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    assert "replaced  pole-a/directrice.txt" in result.output
    assert "1 coding(s) carried over, 1 whose passage is gone (kept in the event log)" in (
        result.output
    )
    assert "COOP.ACHATS by anne (accepted) on « Les achats groupés »" in result.output
    with store_of(tmp_project) as store:
        document = store.document("pole-a/directrice.txt")
        rows = store.coding_rows()
        assert [(r.code, r.text, r.memo) for r in rows] == [("COOP.LIEU", kept, "locaux")]
        assert document.text.startswith("Entretien (version relue)")
        replaced = [e for e in store.events() if e["action"] == "document.replace"]
        assert [row["code"] for row in replaced[0]["details"]["lost"]] == ["COOP.ACHATS"]
        assert replaced[0]["details"]["lost"][0]["text"] == gone


def test_same_text_under_another_name_is_not_duplicated(invoke, tmp_project: Path) -> None:
    invoke("import", str(tmp_project / "corpus"))
    copy = tmp_project / "copie.txt"
    copy.write_bytes((tmp_project / "corpus" / "pole-a" / "directrice.txt").read_bytes())
    result = invoke("import", str(copy), "--case", "pole-a")
    assert result.exit_code == 0
    assert (
        "duplicate  pole-a/copie.txt: same text as document 'pole-a/directrice.txt'"
        in result.output
    )


def test_docx_with_bold_labels_and_table(invoke, tmp_project: Path) -> None:
    path = tmp_project / "entretien.docx"
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Enquêteur :").bold = True
    paragraph.add_run(" Comment est né le pôle ?")
    paragraph = document.add_paragraph()
    paragraph.add_run("Jeanne Morel").bold = True
    paragraph.add_run(" : Autour d'un appel à projets.")
    document.add_paragraph("Et de beaucoup de réunions.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Enquêteur", "Et après ?"
    table.cell(1, 0).text, table.cell(1, 1).text = "Jeanne Morel", "On a créé la SCIC."
    document.save(str(path))
    result = invoke("import", str(path), "--case", "pole-c")
    assert result.exit_code == 0, result.output
    with store_of(tmp_project) as store:
        stored = store.document("pole-c/entretien.docx")
        pieces = [
            (s.speaker, s.interviewer, stored.text[s.start : s.end])
            for s in store.segments(stored.id)
        ]
    assert pieces == [
        ("Enquêteur", True, "Comment est né le pôle ?"),
        ("Jeanne Morel", False, "Autour d'un appel à projets."),
        ("Jeanne Morel", False, "Et de beaucoup de réunions."),
        ("Enquêteur", True, "Et après ?"),
        ("Jeanne Morel", False, "On a créé la SCIC."),
    ]


def test_cp1252_text_is_decoded(invoke, tmp_project: Path) -> None:
    path = tmp_project / "ancien.txt"
    text = "Enquêteur : Où en êtes-vous ?\nAnne : Le cœur du pôle, c'est l'été dernier.\n" * 3
    path.write_bytes(text.encode("cp1252"))
    result = invoke("import", str(path), "--case", "pole-a")
    assert result.exit_code == 0, result.output
    with store_of(tmp_project) as store:
        assert "Le cœur du pôle, c'est l'été" in store.document("pole-a/ancien.txt").text


def test_utf16_text_is_decoded(invoke, tmp_project: Path) -> None:
    path = tmp_project / "export-word.txt"
    text = "Enquêtrice : Et la cœur de métier ?\r\nAnne : L'insertion, d'abord.\r\n" * 2
    path.write_bytes(text.encode("utf-16"))  # with a byte-order mark, as Windows writes it
    result = invoke("import", str(path), "--case", "pole-a")
    assert result.exit_code == 0, result.output
    with store_of(tmp_project) as store:
        document = store.document("pole-a/export-word.txt")
    assert document.encoding == "utf-16"
    assert document.text.startswith("Enquêtrice : Et la cœur de métier ?\nAnne : L'insertion")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vide.txt", b"", "vide.txt: the file is empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "looks like a binary file"),
        ("faux.docx", b"PK\x03\x04 not really a zip", "not a readable .docx file"),
        ("notes.pdf", b"%PDF-1.4", "not a readable .pdf file: damaged or truncated"),
        ("notes.pages", b"PK\x03\x04", "unsupported file type .pages"),
        # a password-protected .docx is an OLE2 container, not a zip
        (
            "protege.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
            "not a readable .docx file",
        ),
        ("casse.odt", b"PK\x03\x04 broken", "not a readable .odt file"),
        (
            "tronque.trs",
            b'<?xml version="1.0"?>\n<Trans><Episode><Section>',
            "malformed XML at line",
        ),
        ("sous-titres.vtt", b"WEBVTT\n\n00:01.000 --> 00:00.500\nTexte\n", "ends before it starts"),
    ],
)
def test_bad_file_exit_1_and_store_unchanged(
    invoke, tmp_project: Path, name: str, content: bytes, message: str
) -> None:
    invoke("import", str(tmp_project / "corpus"))
    with store_of(tmp_project) as store:
        before = store.counts()
    path = tmp_project / name
    path.write_bytes(content)
    result = invoke("import", str(path), "--case", "pole-a")
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    with store_of(tmp_project) as store:
        assert store.counts() == before


def test_missing_path(invoke, tmp_project: Path) -> None:
    result = invoke("import", str(tmp_project / "absent"))
    assert result.exit_code == 1
    assert "absent: no such file or folder" in result.output


def test_bad_cases_csv_stops_before_writing(invoke, tmp_project: Path) -> None:
    (tmp_project / "corpus" / "cases.csv").write_text(
        "case,region\npole-a,Bretagne\npole-a,Normandie\n", encoding="utf-8"
    )
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 1
    assert "cases.csv, line 3: case 'pole-a' is listed twice (first at line 2)" in result.output
    with store_of(tmp_project) as store:
        assert store.counts()["documents"] == 0
