"""REFI-QDA through the command line: a project's round trip, and .qdc codebooks."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.codebook.loader import load_codebook


def snapshot(root: Path) -> dict:
    with find_project(root).open_store() as store:
        documents = {
            d.name: (
                d.case,
                d.text,
                d.attributes,
                [(s.start, s.end, s.speaker) for s in store.segments(d.id)],
            )
            for d in store.documents()
        }
        codings = sorted(
            (r.document, r.start, r.end, r.code, r.coder, r.memo)
            for r in store.coding_rows(statuses=["accepted"])
        )
        memos = sorted((m.target_kind, m.target, m.title, m.text, m.author) for m in store.memos())
        return {"documents": documents, "codings": codings, "cases": store.cases(), "memos": memos}


def test_round_trip_into_a_fresh_project(invoke, tmp_project: Path, tmp_path: Path) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with find_project(tmp_project).open_store() as store:
        text = store.document("pole-a/directrice.txt").text
        start = text.index("locaux partagés")
        store.add_codings(
            [
                Coding(
                    "pole-a/directrice.txt",
                    start,
                    start + 15,
                    "COOP.LIEU",
                    "zoé",
                    memo="à discuter",
                ),
                Coding("pole-b/membre.md", 0, 20, "ECO.PUBLIC", "Ádám"),
            ]
        )
        store.add_memo("code", "COOP.LIEU", "Le lieu d'abord.", title="Lieux")
        store.add_memo("case", "pole-a", "Très centralisé.", author="Zoé Ka")
        store.add_memo("project", "", "Mémo général : [pas] de crochets piégés.")
    exported = tmp_path / "etude.qdpx"
    result = invoke("export", "qdpx", str(exported))
    assert result.exit_code == 0, result.output
    assert "Wrote 2 documents and 2 codings" in result.output

    fresh = tmp_path / "fresh"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(fresh)]).exit_code == 0
    (fresh / "codebooks" / "ptce.yaml").write_bytes(
        (tmp_project / "codebooks" / "ptce.yaml").read_bytes()
    )
    result = runner.invoke(cli, ["import", "qdpx", str(exported), "--project", str(fresh)])
    assert result.exit_code == 0, result.output
    assert "written by ptce-coding" in result.output
    assert "0 new codes" in result.output
    assert snapshot(fresh) == snapshot(tmp_project)
    again = runner.invoke(cli, ["import", str(exported), "--project", str(fresh)])
    assert "0 documents added, 2 already there; 0 codings added (2 already there)" in (again.output)


def test_codes_from_another_tool_are_added_to_the_yaml(invoke, tmp_project: Path) -> None:
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    codebook.write_text("# mon commentaire\n" + codebook.read_text(encoding="utf-8"), "utf-8")
    qdc = tmp_project / "autre.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo"><Codes>'
        '<Code guid="aaaaaaaa-0000-4000-8000-000000000001" name="Économie locale" isCodable="true">'
        "<Description>Tout ce qui touche à l'économie du territoire.</Description>"
        '<Code guid="aaaaaaaa-0000-4000-8000-000000000002" name="Összefoglaló" isCodable="true"/>'
        "</Code></Codes></CodeBook>",
        encoding="utf-8",
    )
    result = invoke("codebook", "import", str(qdc))
    assert result.exit_code == 0, result.output
    assert "2 code(s) added" in result.output
    text = codebook.read_text(encoding="utf-8")
    assert text.startswith("# mon commentaire\n")
    book = load_codebook(codebook)
    assert (
        book.get("ECONOMIE_LOCALE").definition == "Tout ce qui touche à l'économie du territoire."
    )
    assert book.get("ECONOMIE_LOCALE.OSSZEFOGLALO").parent == "ECONOMIE_LOCALE"
    again = invoke("codebook", "import", str(qdc))
    assert "0 code(s) added" in again.output  # the same ids: nothing twice
    out = tmp_project / "grille.qdc"
    assert invoke("codebook", "export", "--format", "qdc", str(out)).exit_code == 0
    assert "Économie locale" in out.read_text(encoding="utf-8")


def test_a_malformed_qdpx_changes_nothing(invoke, tmp_project: Path) -> None:
    bad = tmp_project / "casse.qdpx"
    bad.write_bytes(b"PK\x03\x04 not really")
    codebook = (tmp_project / "codebooks" / "ptce.yaml").read_bytes()
    result = invoke("import", str(bad))
    assert result.exit_code == 1
    assert "casse.qdpx" in result.output and "Traceback" not in result.output
    assert (tmp_project / "codebooks" / "ptce.yaml").read_bytes() == codebook
