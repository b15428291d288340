"""Issue 20, items 21-23: memos travel in REFI-QDA as the spec and QualCoder read them, a memo
on a coding refers to it by a stable GUID, and coding ids are shown where memos need them."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli

NS = {"q": "urn:QDA-XML:project:1.0"}


def coded_with_memos(invoke, root: Path) -> int:
    """Two codings and one memo of each kind; returns the id of the coding with a memo."""
    assert invoke("import", str(root / "corpus")).exit_code == 0
    with find_project(root).open_store() as store:
        text = store.document("pole-a/directrice.txt").text
        start = text.index("locaux partagés")
        store.add_codings(
            [
                Coding("pole-b/membre.md", 0, 20, "ECO.PUBLIC", "paul"),
                Coding("pole-a/directrice.txt", start, start + 15, "COOP.LIEU", "zoé"),
            ]
        )
        coding_id = next(r.id for r in store.coding_rows() if r.code == "COOP.LIEU")
        store.add_memo("project", "", "Mémo général.", title="Projet")
        store.add_memo("code", "COOP.LIEU", "Le lieu d'abord.", title="Lieux")
        store.add_memo("case", "pole-a", "Très centralisé.")
        store.add_memo("document", "pole-b/membre.md", "Entretien court.")
        store.add_memo("coding", str(coding_id), "Passage clé.", title="Clé")
    return coding_id


def test_memos_are_notes_with_a_text_file_and_referred_to_from_what_they_are_about(
    invoke, tmp_project: Path, tmp_path: Path
) -> None:
    """Item 21. On main the four memos were loose <Note>s with inline PlainTextContent and no
    NoteRef: QualCoder loaded none of them."""
    coded_with_memos(invoke, tmp_project)
    out = tmp_path / "etude.qdpx"
    result = invoke("export", "qdpx", str(out))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        members = set(archive.namelist())
        notes = root.findall("q:Notes/q:Note", NS)
        assert len(notes) == 5
        texts = {}
        for note in notes:  # what QualCoder's journal reader needs, and the spec's either/or
            assert note.find("q:PlainTextContent", NS) is None
            path = note.get("plainTextPath")
            assert path == f"internal://{note.get('guid')}.txt"
            assert f"Sources/{note.get('guid')}.txt" in members
            assert note.get("name") and note.get("creationDateTime")
            texts[note.get("guid")] = archive.read(f"Sources/{note.get('guid')}.txt").decode()
    by_text = {text: guid for guid, text in texts.items()}

    def refs(element: etree._Element) -> list[str]:
        return [ref.get("targetGUID") for ref in element.findall("q:NoteRef", NS)]

    assert refs(root) == [by_text["Mémo général."]]
    lieu = next(
        c
        for c in root.iter(f"{{{NS['q']}}}Code")
        if "COOP.LIEU" in c.findtext("q:Description", "", NS)
    )
    assert refs(lieu) == [by_text["Le lieu d'abord."]]
    membre = root.find("q:Sources/q:TextSource[@name='pole-b/membre.md']", NS)
    assert refs(membre) == [by_text["Entretien court."]]
    assert membre.findtext("q:Description", None, NS) == "Entretien court."
    case = root.find("q:Cases/q:Case[@name='pole-a']", NS)
    assert case.findtext("q:Description", None, NS) == "Très centralisé."
    selection = root.find(
        "q:Sources/q:TextSource[@name='pole-a/directrice.txt']/q:PlainTextSelection", NS
    )
    assert refs(selection) == [by_text["Passage clé."]]


def test_a_coding_memo_follows_its_coding_through_export_and_import(
    invoke, tmp_project: Path, tmp_path: Path
) -> None:
    """Item 22. On main the note was named « [coding:N] » with our row number, and the import
    attached it to whatever coding had that number in the new store."""
    coding_id = coded_with_memos(invoke, tmp_project)
    out = tmp_path / "etude.qdpx"
    assert invoke("export", "qdpx", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    selection = root.find(
        "q:Sources/q:TextSource[@name='pole-a/directrice.txt']/q:PlainTextSelection", NS
    )
    names = [note.get("name") for note in root.findall("q:Notes/q:Note", NS)]
    assert f"[coding:{selection.get('guid')}] Clé" in names
    assert f"[coding:{coding_id}] Clé" not in names

    fresh = tmp_path / "fresh"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(fresh)]).exit_code == 0
    (fresh / "codebooks" / "ptce.yaml").write_bytes(
        (tmp_project / "codebooks" / "ptce.yaml").read_bytes()
    )
    # the new store numbers its codings differently: three codings there first
    corpus = fresh / "corpus" / "pole-z"
    corpus.mkdir(parents=True)
    (corpus / "autre.txt").write_text("Jean : Un entretien sur autre chose, assez long.\n")
    assert (
        runner.invoke(cli, ["import", str(fresh / "corpus"), "--project", str(fresh)]).exit_code
        == 0
    )
    with find_project(fresh).open_store() as store:
        store.add_codings(
            [Coding("pole-z/autre.txt", n, n + 3, "ECO.PUBLIC", "x") for n in (7, 10, 13)]
        )
    result = runner.invoke(cli, ["import", "qdpx", str(out), "--project", str(fresh)])
    assert result.exit_code == 0, result.output
    with find_project(fresh).open_store() as store:
        memo = next(m for m in store.memos() if m.text == "Passage clé.")
        assert memo.target_kind == "coding" and memo.title == "Clé"
        coding = store.coding_by_id(int(memo.target))
        document = store.document("pole-a/directrice.txt")
        assert coding is not None and coding.document == document.name
        assert (coding.code, coding.coder) == ("COOP.LIEU", "zoé")
        assert document.text[coding.start : coding.end] == "locaux partagés"
        assert coding.memo is None  # the memo about it did not become its own memo
        assert int(memo.target) != coding_id


def test_an_old_coding_note_with_a_row_number_lands_on_the_project(
    invoke, tmp_project: Path, tmp_path: Path
) -> None:
    """Item 22: a note named « [coding:748] » (older exports) no longer lands on coding 748."""
    coded_with_memos(invoke, tmp_project)
    out = tmp_path / "etude.qdpx"
    assert invoke("export", "qdpx", str(out)).exit_code == 0
    old = tmp_path / "old.qdpx"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(old, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "project.qde":
                root = etree.fromstring(data)
                for note in root.findall("q:Notes/q:Note", NS):
                    if note.get("name").startswith("[coding:"):
                        note.set("name", "[coding:1] Clé")
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            target.writestr(item, data)
    fresh = tmp_path / "fresh"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(fresh)]).exit_code == 0
    (fresh / "codebooks" / "ptce.yaml").write_bytes(
        (tmp_project / "codebooks" / "ptce.yaml").read_bytes()
    )
    result = runner.invoke(cli, ["import", "qdpx", str(old), "--project", str(fresh)])
    assert result.exit_code == 0, result.output
    with find_project(fresh).open_store() as store:
        memo = next(m for m in store.memos() if m.text == "Passage clé.")
    assert (memo.target_kind, memo.target, memo.title) == ("project", "", "[coding:1] Clé")


def test_codings_export_shows_the_ids_memo_add_takes(invoke, tmp_project: Path) -> None:
    """Item 23. On main `codings export` had no id column: `memo add --coding ID` pointed to
    numbers a user could not see."""
    coding_id = coded_with_memos(invoke, tmp_project)
    out = tmp_project / "codages.csv"
    assert invoke("codings", "export", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    row = next(r for r in rows if r["code"] == "COOP.LIEU")
    assert row["id"] == str(coding_id)
    added = invoke("memo", "add", "--coding", row["id"], "À relire.")
    assert added.exit_code == 0, added.output
    with find_project(tmp_project).open_store() as store:
        memos = [m for m in store.memos("coding") if m.text == "À relire."]
    assert [m.target for m in memos] == [str(coding_id)]
    assert "the `id` column of `codings export`" in invoke("memo", "add", "--help").output
    back = invoke("codings", "import", str(out))  # the id column does not stop a re-import
    assert back.exit_code == 0, back.output
