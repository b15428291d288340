"""The codebook evolves: codings follow every operation, orphans are caught, memos, history."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ptce_coding.app.project import find_project
from ptce_coding.base.errors import StoreError
from ptce_coding.base.records import Coding, DocumentText
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.store import SCHEMA_VERSION, Store
from ptce_coding.store.schema import _SCHEMA


@pytest.fixture
def coded(invoke, tmp_project: Path) -> Path:
    """The test corpus with a few human codings of each code."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    codebook.write_text("# commentaire de tête\n" + codebook.read_text("utf-8"), "utf-8")
    with find_project(tmp_project).open_store() as store:
        store.add_codings(
            [
                Coding("pole-a/directrice.txt", 105, 150, "COOP.LIEU", "anne"),
                Coding("pole-a/directrice.txt", 237, 282, "COOP.ACHATS", "anne"),
                Coding("pole-b/membre.md", 60, 120, "COOP.LIEU", "paul"),
                Coding("pole-b/membre.md", 201, 234, "ECO.PUBLIC", "paul"),
            ]
        )
    return tmp_project


def codings(root: Path) -> list[tuple]:
    with find_project(root).open_store() as store:
        return sorted((r.document, r.start, r.end, r.code, r.coder) for r in store.coding_rows())


def test_rename_moves_codings_keeps_comments_and_is_undone_by_its_inverse(invoke, coded) -> None:
    codebook = coded / "codebooks" / "ptce.yaml"
    before_text, before = codebook.read_text("utf-8"), codings(coded)
    result = invoke("codebook", "rename", "COOP.LIEU", "COOP.LOCAUX")
    assert result.exit_code == 0, result.output
    assert "COOP.LIEU → COOP.LOCAUX: 2 coding(s)" in result.output
    after = codings(coded)
    assert [c[:3] for c in after] == [c[:3] for c in before]  # same offsets
    assert sum(c[3] == "COOP.LOCAUX" for c in after) == 2
    assert codebook.read_text("utf-8").startswith("# commentaire de tête\n")
    assert "COOP.LOCAUX" in load_codebook(codebook)
    assert invoke("codebook", "rename", "COOP.LOCAUX", "COOP.LIEU").exit_code == 0
    assert codebook.read_text("utf-8") == before_text
    assert codings(coded) == before
    history = json.loads(
        invoke("history", "--action", "codebook.rename", "--format", "json").stdout
    )
    assert len(history) == 2
    assert '"before": "COOP.LIEU", "after": "COOP.LOCAUX"' in history[0]["summary"]
    assert '"before": "COOP.LOCAUX", "after": "COOP.LIEU"' in history[1]["summary"]


def test_merge_and_move(invoke, coded) -> None:
    result = invoke("codebook", "merge", "COOP.LIEU", "COOP.ACHATS", "--into", "COOP.MUTUALISATION")
    assert result.exit_code == 0, result.output
    merged = codings(coded)
    assert sum(c[3] == "COOP.MUTUALISATION" for c in merged) == 3
    book = load_codebook(coded / "codebooks" / "ptce.yaml")
    assert "COOP.LIEU" not in book and "COOP.ACHATS" not in book
    assert invoke("codebook", "move", "COOP.MUTUALISATION", "--parent", "ECO").exit_code == 0
    moved = codings(coded)
    assert sum(c[3] == "ECO.MUTUALISATION" for c in moved) == 3
    assert [c[:3] for c in moved] == [c[:3] for c in merged]


@pytest.mark.slow  # ruamel round trips of a codebook
def test_split_retires_and_lists_codings_for_reassignment(invoke, coded) -> None:
    result = invoke(
        "codebook", "split", "COOP.LIEU", "--into", "COOP.LIEU_BUREAUX,COOP.LIEU_ATELIERS"
    )
    assert result.exit_code == 0, result.output
    book = load_codebook(coded / "codebooks" / "ptce.yaml")
    assert book.get("COOP.LIEU").retired
    assert {"COOP.LIEU_BUREAUX", "COOP.LIEU_ATELIERS"} <= {c.id for c in book.codes}
    sheet = coded / "outputs" / "reassign-COOP.LIEU.xlsx"
    import openpyxl

    workbook = openpyxl.load_workbook(sheet)
    rows = list(workbook.active.iter_rows(values_only=True))
    header = list(rows[0])
    assert len(rows) == 3  # the two codings of COOP.LIEU
    workbook.active.cell(row=2, column=header.index("code") + 1).value = "COOP.LIEU_BUREAUX"
    workbook.save(sheet)
    imported = invoke("codings", "import", str(sheet))
    assert imported.exit_code == 0, imported.output
    assert "Re-assigned 1 coding of COOP.LIEU: COOP.LIEU_BUREAUX 1" in imported.output
    assert sum(c[3] == "COOP.LIEU" for c in codings(coded)) == 1  # the row left empty
    retired = coded / "retired.csv"
    retired.write_text("document,start,end,code,coder\npole-b/membre.md,0,5,COOP.LIEU,x\n", "utf-8")
    refused = invoke("codings", "import", str(retired))
    assert refused.exit_code == 1 and "code 'COOP.LIEU' is retired" in refused.output
    assert invoke("codebook", "unretire", "COOP.LIEU").exit_code == 0
    assert invoke("codings", "import", str(retired)).exit_code == 0
    events = json.loads(invoke("history", "--action", "codebook.change", "--format", "json").stdout)
    assert ['"operation": "split"' in e["summary"] for e in events] == [True, False]
    assert '"operation": "unretire"' in events[1]["summary"]


def test_a_code_removed_by_hand_is_an_orphan_until_resolved(invoke, coded) -> None:
    codebook = coded / "codebooks" / "ptce.yaml"
    codebook.write_text(
        codebook.read_text("utf-8").replace("id: COOP.LIEU", "id: COOP.LOCAUX"), "utf-8"
    )
    before = codings(coded)
    commands = [
        ["matrix"],
        ["codings", "export", str(coded / "c.csv")],
        ["report"],
        ["agreement", "--coders", "anne,paul"],
        ["export", "qdpx", str(coded / "p.qdpx")],
    ]
    for command in commands:
        result = invoke(*command)
        assert result.exit_code == 1, command
        assert "codings use codes that are not in the codebook: COOP.LIEU (2 coding(s))" in (
            result.output
        )
        assert "codebook rename OLD NEW" in result.output
    assert codings(coded) == before
    assert not (coded / "c.csv").exists() and not (coded / "p.qdpx").exists()
    repaired = invoke("codebook", "rename", "COOP.LIEU", "COOP.LOCAUX")
    assert repaired.exit_code == 0, repaired.output
    assert "the store only (YAML unchanged)" in repaired.output
    assert invoke("matrix").exit_code == 0


@pytest.mark.slow  # the French spaCy model
def test_diff_names_renamed_and_changed_codes(invoke, coded) -> None:
    assert invoke("code").exit_code == 0  # the store sees the first version
    invoke("codebook", "rename", "COOP.ACHATS", "COOP.ACHATS_GROUPES")
    codebook = coded / "codebooks" / "ptce.yaml"
    codebook.write_text(
        codebook.read_text("utf-8").replace(
            "Subventions et financements publics.", "Subventions, prêts et financements publics."
        ),
        "utf-8",
    )
    latest = invoke("codebook", "diff", "--format", "json")  # since the version before
    assert {(r["change"], r["code"]) for r in json.loads(latest.stdout)} == {
        ("definition changed", "ECO.PUBLIC")
    }
    with find_project(coded).open_store() as store:
        first = store.codebook_versions()[0]
    result = invoke("codebook", "diff", first[:6], "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {(r["change"], r["code"]) for r in json.loads(result.stdout)}
    assert rows == {("renamed", "COOP.ACHATS_GROUPES"), ("definition changed", "ECO.PUBLIC")}


@pytest.mark.slow  # matplotlib figures
def test_memos_are_checked_listed_edited_exported_and_reported(invoke, coded) -> None:
    added = invoke(
        "memo",
        "add",
        "--code",
        "COOP.LIEU",
        "--title",
        "Lieux",
        "Le lieu partagé précède souvent le pôle.",
    )
    assert added.exit_code == 0, added.output
    assert invoke("memo", "add", "--case", "pole-a", "Pôle très centralisé.").exit_code == 0
    unknown = invoke("memo", "add", "--code", "NOPE", "texte")
    assert unknown.exit_code == 1 and "no code 'NOPE'" in unknown.output
    listed = json.loads(invoke("memo", "list", "--code", "COOP.LIEU", "--format", "json").stdout)
    assert [m["title"] for m in listed] == ["Lieux"]
    assert invoke("memo", "edit", str(listed[0]["id"]), "Le lieu précède le pôle.").exit_code == 0
    out = coded / "memos.md"
    assert invoke("memo", "export", str(out)).exit_code == 0
    text = out.read_text("utf-8")
    assert "## Codes" in text and "Le lieu précède le pôle." in text and "## Pôles" in text
    invoke("codebook", "rename", "COOP.LIEU", "COOP.LOCAUX")
    renamed = json.loads(invoke("memo", "list", "--code", "COOP.LOCAUX", "--format", "json").stdout)
    assert [(m["target"], m["title"]) for m in renamed] == [("COOP.LOCAUX", "Lieux")]
    assert invoke("report").exit_code == 0
    html = (coded / "outputs" / "report" / "synthese.html").read_text("utf-8")
    assert "Le lieu précède le pôle." in html
    assert "renommage de COOP.LIEU en COOP.LOCAUX" in html  # the method chapter lists it


def test_a_version_1_store_is_migrated_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "coding.sqlite"
    old = sqlite3.connect(path)
    old.executescript(_SCHEMA + "PRAGMA user_version = 1;")
    old.execute("INSERT INTO cases (name) VALUES ('pole-a')")
    old.commit()
    old.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.cases() == {"pole-a": {}}
        assert store.memos() == []
    backup = sqlite3.connect(tmp_path / "coding.sqlite.v1.bak")
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1


def test_structural_codings_of_an_unknown_document_are_refused_and_nothing_is_removed(
    tmp_path: Path,
) -> None:
    with Store(tmp_path / "coding.sqlite") as store:
        store.add_document(
            name="a",
            case="pole-a",
            content=DocumentText(format="txt", text="Gouvernance.", text_hash="h", words=1),
            segments=[],
        )
        old = Coding("a", 0, 4, "STRUCT.OLD", "structure", method="import")
        assert store.replace_structure([old], "structure") == 0
        new = Coding("absent", 0, 4, "STRUCT.NEW", "structure", method="import")
        with pytest.raises(StoreError, match="unknown document 'absent'"):
            store.replace_structure([new], "structure")
        codes = [row.code for row in store.coding_rows(coders=["structure"])]
        assert codes == ["STRUCT.OLD"]
