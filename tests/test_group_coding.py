"""A research group codes together (issue 18): who decided a suggestion is its coder, whose
coding an analysis counts, and a study that changes shape."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result
from lxml import etree

from ptce_coding.cli import cli
from ptce_coding.project import find_project
from ptce_coding.store import SCHEMA_VERSION, Store
from ptce_coding.store.schema import MIGRATIONS, SCHEMA


def rule_rows(project: Path) -> list[dict]:
    with find_project(project).open_store() as store:
        return store.coding_rows(methods=["rule"])


def test_an_accepted_suggestion_is_the_reviewers_coding(
    invoke: Callable[..., Result], tmp_project: Path, tmp_path: Path
) -> None:
    assert invoke("run").exit_code == 0
    before = rule_rows(tmp_project)
    assert {r["coder"] for r in before} == {"rules"}
    result = CliRunner().invoke(
        cli, ["review", "--coder", "doctorante", "--method", "rule", "--project",
              str(tmp_project)], input="arq",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    after = {r["id"]: r for r in rule_rows(tmp_project)}
    accepted = [r for r in after.values() if r["status"] == "accepted"]
    rejected = [r for r in after.values() if r["status"] == "rejected"]
    assert len(accepted) == 1 and len(rejected) == 1
    [coding] = accepted
    # the reviewer is the coder; the machine origin stays: method, suggester, evidence
    assert (coding["coder"], coding["suggested_by"], coding["method"]) == (
        "doctorante", "rules", "rule",
    )  # fmt: skip
    original = next(r for r in before if r["id"] == coding["id"])
    assert coding["evidence"] == original["evidence"] and coding["evidence"]
    assert coding["confidence"] == original["confidence"]
    assert coding["reviewed_by"] == "doctorante" and coding["reviewed_at"]
    # a rejection stays the machine's, marked with who rejected it
    assert (rejected[0]["coder"], rejected[0]["reviewed_by"]) == ("rules", "doctorante")

    # every analysis sees the accepted suggestion as the doctorante's coding
    with find_project(tmp_project).open_store() as store:
        assert [r["id"] for r in store.coding_rows(coders=["doctorante"])] == [coding["id"]]
        assert store.coding_rows(coders=["rules"], statuses=["accepted"]) == []

    # codings export: reviewer and date columns
    exported = tmp_path / "codages.csv"
    assert invoke("codings", "export", str(exported), "--coder", "doctorante").exit_code == 0
    [row] = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"))))
    assert (row["coder"], row["suggested_by"], row["reviewed_by"]) == (
        "doctorante", "rules", "doctorante",
    )  # fmt: skip
    assert row["reviewed_at"] == coding["reviewed_at"]

    # REFI-QDA: the coding's user is the reviewer, dated when decided
    qdpx = tmp_path / "etude.qdpx"
    assert invoke("export", "qdpx", str(qdpx)).exit_code == 0
    with zipfile.ZipFile(qdpx) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    ns = {"q": root.nsmap[None]}
    users = {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", ns)}
    [element] = root.findall(".//q:Coding", ns)
    assert users[element.get("creatingUser")] == "doctorante"
    assert "rules" not in users.values()
    assert element.get("creationDateTime")[:19] == coding["reviewed_at"][:19]

    # the rules do not suggest a decided passage again; an undo gives it back to the rules
    assert invoke("code").exit_code == 0
    again = rule_rows(tmp_project)
    assert len(again) == len(before)
    assert sum(r["status"] == "suggested" for r in again) == len(before) - 2
    with find_project(tmp_project).open_store() as store:
        store.unreview(coding["id"], "doctorante")
        undone = store.coding_by_id(coding["id"])
    assert (undone["coder"], undone["suggested_by"], undone["status"]) == (
        "rules", None, "suggested",
    )  # fmt: skip


def test_a_version_3_store_gives_accepted_suggestions_to_their_reviewer(tmp_path: Path) -> None:
    path = tmp_path / "coding.sqlite"
    old = sqlite3.connect(path)
    v3 = SCHEMA.replace(MIGRATIONS[3], "")
    old.executescript(v3 + "PRAGMA user_version = 3;")
    old.execute("INSERT INTO cases (name) VALUES ('pole-a')")
    old.execute(
        "INSERT INTO documents (name, case_id, format, text, text_hash, words, imported_at) "
        "VALUES ('a.txt', 1, 'txt', 'du texte ici', 'h', 3, 'now')"
    )
    rows = [  # (coder, method, status, reviewed_by)
        ("rules", "rule", "accepted", "ana"), ("rules", "rule", "rejected", "ana"),
        ("model", "model", "suggested", None), ("bob", "manual", "accepted", None),
    ]  # fmt: skip
    for coder, method, status, reviewer in rows:
        old.execute(
            'INSERT INTO codings (document_id, start, "end", code, coder, method, status, '
            "created_at, reviewed_by) VALUES (1, 0, 2, 'ECO', ?, ?, ?, 'now', ?)",
            (coder, method, status, reviewer),
        )
    old.commit()
    old.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        found = [(r["coder"], r["suggested_by"], r["status"]) for r in store.coding_rows()]
    assert sorted(found, key=str) == sorted(
        [("ana", "rules", "accepted"), ("rules", None, "rejected"),
         ("model", None, "suggested"), ("bob", None, "accepted")], key=str,
    )  # fmt: skip
    assert (tmp_path / "coding.sqlite.v3.bak").exists()


def test_the_document_page_shows_who_accepted_and_when(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    from tests.test_web_api import client_for, make_web_project

    project_dir = make_web_project(tmp_project, invoke)
    with Store(project_dir / "coding.sqlite") as store:
        [rule] = store.coding_rows(methods=["rule"])
        store.review(rule["id"], "accepted", "encadrant")
        decided = store.coding_by_id(rule["id"])
    client, _ = client_for(project_dir, "alice")
    page = client.get("/document/pole-a/directrice.txt").text
    assert f"acceptée par encadrant le {decided['reviewed_at'][:10]} (suggérée par rules)" in page
    codings = client.get("/api/documents/pole-a/directrice.txt/codings").json()
    mine = next(c for c in codings if c["id"] == rule["id"])
    assert (mine["coder"], mine["reviewed_by"], mine["suggested_by"]) == (
        "encadrant", "encadrant", "rules",
    )  # fmt: skip


def test_agreement_counts_accepted_suggestions_for_the_reviewer_and_the_tagger(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    assert invoke("run").exit_code == 0
    [first, *_] = rule_rows(tmp_project)
    with find_project(tmp_project).open_store() as store:
        store.review(first["id"], "accepted", "doctorante")
    result = invoke("agreement", "--coders", "doctorante,rules", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["code"]: row for row in json.loads(result.stdout)}
    # the accepted passage is both the doctorante's and the rules' coding: they agree on it
    assert first["code"] == "COOP.LIEU"
    assert (rows["COOP.LIEU"]["coded_units"], rows["COOP.LIEU"]["percent"]) == (1, 100.0)
    # what only the rules said is a disagreement
    assert rows["COOP.ACHATS"]["percent"] < 100.0
