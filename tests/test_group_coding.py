"""A research group codes together (issue 18): who decided a suggestion is its coder, whose
coding an analysis counts, and a study that changes shape."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from lxml import etree

from ptce_coding.app.project import find_project
from ptce_coding.base.errors import PtceError, StoreError
from ptce_coding.base.records import Coding, CodingRow
from ptce_coding.cli import cli
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.store import SCHEMA_VERSION, Store
from ptce_coding.store.schema import MIGRATIONS, SCHEMA


def rule_rows(project: Path) -> list[CodingRow]:
    with find_project(project).open_store() as store:
        return store.coding_rows(methods=["rule"])


@pytest.mark.slow  # the French spaCy model
def test_an_accepted_suggestion_is_the_reviewers_coding(
    invoke: Callable[..., Result], tmp_project: Path, tmp_path: Path
) -> None:
    assert invoke("run").exit_code == 0
    before = rule_rows(tmp_project)
    assert {r.coder for r in before} == {"rules"}
    result = CliRunner().invoke(
        cli,
        ["review", "--coder", "doctorante", "--method", "rule", "--project", str(tmp_project)],
        input="arq",
    )
    assert result.exit_code == 0, result.output
    after = {r.id: r for r in rule_rows(tmp_project)}
    accepted = [r for r in after.values() if r.status == "accepted"]
    rejected = [r for r in after.values() if r.status == "rejected"]
    assert len(accepted) == 1 and len(rejected) == 1
    [coding] = accepted
    # the reviewer is the coder; the machine origin stays: method, suggester, evidence
    assert (coding.coder, coding.suggested_by, coding.method) == (
        "doctorante",
        "rules",
        "rule",
    )
    original = next(r for r in before if r.id == coding.id)
    assert coding.evidence == original.evidence and coding.evidence
    assert coding.confidence == original.confidence
    assert coding.reviewed_by == "doctorante" and coding.reviewed_at
    # a rejection stays the machine's, marked with who rejected it
    assert (rejected[0].coder, rejected[0].reviewed_by) == ("rules", "doctorante")

    # every analysis sees the accepted suggestion as the doctorante's coding
    with find_project(tmp_project).open_store() as store:
        assert [r.id for r in store.coding_rows(coders=["doctorante"])] == [coding.id]
        assert store.coding_rows(coders=["rules"], statuses=["accepted"]) == []

    # codings export: reviewer and date columns
    exported = tmp_path / "codages.csv"
    assert invoke("codings", "export", str(exported), "--coder", "doctorante").exit_code == 0
    [row] = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"))))
    assert (row["coder"], row["suggested_by"], row["reviewed_by"]) == (
        "doctorante",
        "rules",
        "doctorante",
    )
    assert row["reviewed_at"] == coding.reviewed_at

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
    assert element.get("creationDateTime")[:19] == coding.reviewed_at[:19]

    # the rules do not suggest a decided passage again; an undo gives it back to the rules
    assert invoke("code").exit_code == 0
    again = rule_rows(tmp_project)
    assert len(again) == len(before)
    assert sum(r.status == "suggested" for r in again) == len(before) - 2
    with find_project(tmp_project).open_store() as store:
        store.unreview(coding.id, "doctorante")
        undone = store.coding_by_id(coding.id)
    assert (undone.coder, undone.suggested_by, undone.status) == (
        "rules",
        None,
        "suggested",
    )


def test_a_version_3_store_gives_accepted_suggestions_to_their_reviewer(tmp_path: Path) -> None:
    path = tmp_path / "coding.sqlite"
    old = sqlite3.connect(path)
    v3 = SCHEMA.replace(MIGRATIONS[4], "").replace(MIGRATIONS[3], "")
    old.executescript(v3 + "PRAGMA user_version = 3;")
    old.execute("INSERT INTO cases (name) VALUES ('pole-a')")
    old.execute(
        "INSERT INTO documents (name, case_id, format, text, text_hash, words, imported_at) "
        "VALUES ('a.txt', 1, 'txt', 'du texte ici', 'h', 3, 'now')"
    )
    rows = [  # (coder, method, status, reviewed_by)
        ("rules", "rule", "accepted", "ana"),
        ("rules", "rule", "rejected", "ana"),
        ("model", "model", "suggested", None),
        ("bob", "manual", "accepted", None),
    ]
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
        found = [(r.coder, r.suggested_by, r.status) for r in store.coding_rows()]
    assert sorted(found, key=str) == sorted(
        [
            ("ana", "rules", "accepted"),
            ("rules", None, "rejected"),
            ("model", None, "suggested"),
            ("bob", None, "accepted"),
        ],
        key=str,
    )
    assert (tmp_path / "coding.sqlite.v3.bak").exists()


def test_the_document_page_shows_who_accepted_and_when(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    from tests.test_web_api import client_for, make_web_project

    project_dir = make_web_project(tmp_project, invoke)
    with Store(project_dir / "coding.sqlite") as store:
        [rule] = store.coding_rows(methods=["rule"])
        store.review(rule.id, "accepted", "encadrant")
        decided = store.coding_by_id(rule.id)
    client, _ = client_for(project_dir, "alice")
    page = client.get("/document/pole-a/directrice.txt").text
    assert f"acceptée par encadrant le {decided.reviewed_at[:10]} (suggérée par rules)" in page
    codings = client.get("/api/documents/pole-a/directrice.txt/codings").json()
    mine = next(c for c in codings if c["id"] == rule.id)
    assert (mine["coder"], mine["reviewed_by"], mine["suggested_by"]) == (
        "encadrant",
        "encadrant",
        "rules",
    )


@pytest.mark.slow  # the French spaCy model
def test_agreement_counts_accepted_suggestions_for_the_reviewer_and_the_tagger(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    assert invoke("run").exit_code == 0
    [first, *_] = rule_rows(tmp_project)
    with find_project(tmp_project).open_store() as store:
        store.review(first.id, "accepted", "doctorante")
    result = invoke("agreement", "--coders", "doctorante,rules", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["code"]: row for row in json.loads(result.stdout)}
    # the accepted passage is both the doctorante's and the rules' coding: they agree on it
    assert first.code == "COOP.LIEU"
    assert (rows["COOP.LIEU"]["coded_units"], rows["COOP.LIEU"]["percent"]) == (1, 100.0)
    # what only the rules said is a disagreement
    assert rows["COOP.ACHATS"]["percent"] < 100.0


A, B = "pole-a/directrice.txt", "pole-b/membre.md"


def code_together(project: Path, invoke: Callable[..., Result]) -> dict[str, int]:
    """Two coders code both interviews; a consensus round says no to the doctorante's
    COOP.ACHATS and yes to the encadrant's ECO.PUBLIC on the FSE. Returns the consensus
    decisions' ids by code."""
    assert invoke("import", str(project / "corpus")).exit_code == 0
    with find_project(project).open_store() as store:
        texts = store.document_texts()

        def at(document: str, words: str, code: str, coder: str, status: str = "accepted"):
            start = texts[document].index(words)
            return Coding(
                document, start, start + len(words), code, coder, status=status, method="import"
            )

        store.add_codings(
            [
                at(A, "locaux partagés depuis 2012", "COOP.LIEU", "doctorante"),
                at(A, "Les achats groupés, c'est pour l'an prochain.", "COOP.ACHATS", "doctorante"),
                at(B, "Une subvention de la Région", "ECO.PUBLIC", "doctorante"),
                at(A, "nous avons des locaux partagés", "COOP.LIEU", "encadrant"),
                at(A, "le FSE nous aide", "ECO.PUBLIC", "encadrant"),
                at(B, "subvention de la Région, oui", "ECO.PUBLIC", "encadrant"),
            ]
        )
        store.add_codings(
            [
                at(
                    A,
                    "Les achats groupés, c'est pour l'an prochain.",
                    "COOP.ACHATS",
                    "consensus",
                    "rejected",
                ),
                at(A, "le FSE nous aide un peu", "ECO.PUBLIC", "consensus"),
            ]
        )
        return {r.code: r.id for r in store.coding_rows(coders=["consensus"])}


def matrix_csv(invoke: Callable[..., Result], *options: str) -> list[str]:
    result = invoke("matrix", "--format", "csv", *options)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.mark.slow  # several commands on a project (about a second)
def test_whose_coding_counts_in_a_matrix(invoke: Callable[..., Result], tmp_project: Path) -> None:
    code_together(tmp_project, invoke)
    both = matrix_csv(invoke, "--coders", "doctorante,encadrant")
    assert both == [  # COOP and ECO: coded with the axis itself
        "case,COOP,COOP.LIEU,COOP.ACHATS,ECO,ECO.PUBLIC",
        "pole-a,0,1,1,0,1",
        "pole-b,0,0,0,0,1",
    ]
    alone = matrix_csv(invoke, "--coders", "doctorante")
    assert alone[1] == "pole-a,0,1,1,0,0"  # the FSE is only the encadrant's
    # the consensus « no » removes the doctorante's achats, its « yes » keeps the FSE even
    # for the doctorante alone; the codes it did not decide stay as the coders coded them
    agreed = matrix_csv(invoke, "--coders", "doctorante,encadrant", "--consensus", "consensus")
    assert agreed[1:] == ["pole-a,0,1,0,0,1", "pole-b,0,0,0,0,1"]
    assert matrix_csv(invoke, "--coders", "doctorante", "--consensus", "consensus")[1] == (
        "pole-a,0,1,0,0,1"
    )
    # every selection writes its own files
    folder = tmp_project / "outputs" / "matrices"
    names = sorted(p.name for p in folder.glob("*.csv"))
    assert names == [
        "case-x-code-count-coders-doctorante+encadrant-consensus-consensus.csv",
        "case-x-code-count-coders-doctorante+encadrant.csv",
        "case-x-code-count-coders-doctorante-consensus-consensus.csv",
        "case-x-code-count-coders-doctorante.csv",
    ]
    # the project setting is the default; an option replaces it
    settings = tmp_project / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("  coders: []", "  coders: [doctorante, encadrant]").replace(
            "  # consensus: consensus", "  consensus: consensus"
        ),
        encoding="utf-8",
    )
    assert matrix_csv(invoke)[1:] == ["pole-a,0,1,0,0,1", "pole-b,0,0,0,0,1"]
    assert matrix_csv(invoke, "--consensus", "none")[1] == "pole-a,0,1,1,0,1"
    assert matrix_csv(invoke, "--coders", "all", "--consensus", "none")[1] == "pole-a,0,1,1,0,1"
    wrong = invoke("matrix", "--coders", "consensus,encadrant")
    assert wrong.exit_code == 1
    assert "consensus is the consensus: it cannot also be one of the coders" in wrong.output
    settings.write_text(text.replace("  coders: []", "  coders: doctorante"), encoding="utf-8")
    broken = invoke("matrix")
    assert broken.exit_code == 1 and "`analysis.coders` must be a list" in broken.output


@pytest.mark.slow  # the French spaCy model
def test_the_report_says_whose_coding_it_rests_on(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    code_together(tmp_project, invoke)
    assert invoke("code").exit_code == 0  # rule suggestions: never a coder unless asked
    folder = tmp_project / "outputs" / "report"
    assert invoke("report").exit_code == 0
    pooled = (folder / "synthese.html").read_text("utf-8")
    assert "<b>3</b>codeurs" in pooled  # doctorante, encadrant, consensus; not the rules
    assert (
        "repose sur le codage de toutes les personnes qui ont codé ces entretiens (consensus, "
        "doctorante et encadrant)" in pooled
    )
    result = invoke("report", "--coders", "doctorante,encadrant")
    assert result.exit_code == 0, result.output
    before = (folder / "synthese-coders-doctorante+encadrant.html").read_text("utf-8")
    assert "<b>2</b>codeurs" in before

    # the report says whose coding in plain words (s36 E), typeset in French
    def plain(text: str) -> str:
        return text.replace("&#39;", "'").replace("\u202f", " ").replace("\xa0", " ")

    chosen = "le codage de doctorante et d'encadrant, seuls codages retenus pour ce rapport"
    assert f"Ce document repose sur {chosen}." in plain(before)
    result = invoke("report", "--coders", "doctorante,encadrant", "--consensus", "consensus")
    assert result.exit_code == 0, result.output
    name = "synthese-coders-doctorante+encadrant-consensus-consensus"
    after = (folder / f"{name}.html").read_text("utf-8")
    whose = (
        f"{chosen} ; là où l'équipe a tranché un désaccord entre codeurs, sa décision commune "
        "(le consensus, enregistré sous le nom « consensus ») remplace leurs codages"
    )
    assert f"Ce document repose sur {whose}." in plain(after)
    assert "<b>3</b>codeurs" not in after and "<b>2</b>codeurs" in after
    markdown = (folder / f"{name}.md").read_text("utf-8")
    assert f"Les chiffres et les citations reposent sur {whose}" in plain(
        markdown.replace("\n", " ")
    )
    for path in (folder / f"{name}.docx", folder / f"matrices-{name[9:]}.xlsx"):
        assert path.is_file()
    # the restitution (issue 19) says it too, and is named after the selection as well
    restitution = folder / f"restitution{name[8:]}"
    shown = plain(restitution.with_suffix(".html").read_text("utf-8"))
    assert f"Ce document repose sur {whose}." in shown
    assert f"Les chiffres et les citations reposent sur {whose}." in shown  # method note
    word = plain(
        "\n".join(p.text for p in docx.Document(str(restitution.with_suffix(".docx"))).paragraphs)
    )
    assert f"Ce document repose sur {whose}." in word and f"reposent sur {whose}." in word
    annex = plain("\n".join(p.text for p in docx.Document(str(folder / f"{name}.docx")).paragraphs))
    assert f"Ce document repose sur {whose}." in annex
    assert "`restitution-coders-doctorante+encadrant-consensus-consensus.html`" in markdown
    # the consensus « no » takes the achats out: its heading counts nothing left
    achats = '<h3>Achats groupés <span class="id">1 segment</span></h3>'
    quoted = "«\u202fLes achats groupés, c&#39;est pour l&#39;an prochain.\u202f»"
    assert achats in before and quoted in before
    assert "<h3>Achats groupés" not in after and "Les achats groupés" not in after
    # the consensus « yes »: one segment each
    assert '<h3>Ressources publiques <span class="id">2 segments</span></h3>' in after


@pytest.mark.slow  # the French spaCy model
def test_export_and_evaluate_use_the_selection(
    invoke: Callable[..., Result], tmp_project: Path, tmp_path: Path
) -> None:
    code_together(tmp_project, invoke)
    qdpx = tmp_path / "accord.qdpx"
    result = invoke(
        "export", "qdpx", str(qdpx), "--coders", "doctorante,encadrant", "--consensus", "consensus"
    )
    assert result.exit_code == 0, result.output
    # the coders' 6 codings as they made them, and the consensus's « no » on the
    # doctorante's achats and « yes » on the FSE beside them (an import applies them again)
    assert (
        "Wrote 2 documents, 6 codings as the coders made them and 2 consensus decisions of "
        "consensus (1 « yes », 1 « no »)"
    ) in " ".join(result.output.split())
    with zipfile.ZipFile(qdpx) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    users = {u.get("guid"): u.get("name") for u in root.iter("{*}User")}
    coders = sorted(users[c.get("creatingUser")] for c in root.iter("{*}Coding"))
    assert coders == [
        "consensus",
        "consensus (decision: no)",
        *["doctorante"] * 3,
        *["encadrant"] * 3,
    ]
    assert (
        "Wrote 2 documents and 7 codings" in invoke("export", "qdpx", str(qdpx), "--force").output
    )

    assert invoke("code").exit_code == 0
    scores = {}
    for options in ((), ("--consensus", "consensus")):
        result = invoke(
            "evaluate",
            "--tagger",
            "rules",
            "--coders",
            "doctorante,encadrant",
            *options,
            "--format",
            "json",
        )
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        scores[options] = {r["code"]: r for r in rows if r["tagger"] == "rules"}
    # the consensus said no to the achats: the rules' achats suggestion is now a false positive
    assert (scores[()]["COOP.ACHATS"]["support"], scores[()]["COOP.ACHATS"]["precision"]) == (
        1,
        1.0,
    )
    agreed = scores[("--consensus", "consensus")]["COOP.ACHATS"]
    assert (agreed["support"], agreed["precision"]) == (0, 0.0)


@pytest.mark.slow  # the French spaCy model
def test_the_network_uses_the_selection(tmp_path: Path) -> None:
    from tests.test_network_cli import ASSO, SCOP, network_study, segment_of

    runner = CliRunner()
    root = network_study(tmp_path / "study")
    assert (
        runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)]).exit_code == 0
    )
    with find_project(root).open_store() as store:
        scop, asso = store.document(SCOP).text, store.document(ASSO).text
        store.add_codings(
            [
                Coding(SCOP, *segment_of(scop, "Nous partageons"), "COOP.LIEU", "anne"),
                Coding(ASSO, *segment_of(asso, "apprentis"), "COOP.LIEU", "anne"),
                Coding(
                    ASSO,
                    *segment_of(asso, "apprentis"),
                    "COOP.LIEU",
                    "consensus",
                    status="rejected",
                ),
            ]
        )

    def ties(folder: str, *options: str) -> set[tuple[str, str]]:
        result = runner.invoke(
            cli, ["network", "--no-candidates", "--project", str(root), *options]
        )
        assert result.exit_code == 0, result.output
        path = root / "outputs" / folder / "ties.csv"
        with path.open(encoding="utf-8") as handle:
            return {(r["organisation_a"], r["organisation_b"]) for r in csv.DictReader(handle)}

    pooled = ties("network")
    assert ("Association Les Copeaux", "GEIQ Bois") in pooled
    # the consensus said no to anne's cooperation coding of the apprentices' segment
    agreed = ties(
        "network-coders-anne-consensus-consensus", "--coders", "anne", "--consensus", "consensus"
    )
    assert agreed == pooled - {("Association Les Copeaux", "GEIQ Bois")}


def snapshot(project: Path) -> dict:
    with find_project(project).open_store() as store:
        return {
            "documents": [(d.id, d.name, d.case, d.text) for d in store.documents()],
            "segments": store.segment_rows(),
            "codings": store.coding_rows(),
            "memos": store.memos(),
            "cases": store.cases(),
        }


@pytest.mark.slow  # several commands on a project (about a second)
def test_a_document_removed_then_restored(invoke: Callable[..., Result], tmp_project: Path) -> None:
    code_together(tmp_project, invoke)
    with find_project(tmp_project).open_store() as store:
        store.add_memo("document", B, "Entretien court.")
        coding = store.coding_rows(documents=[B], coders=["doctorante"])[0].id
        store.add_memo("coding", str(coding), "Subvention régionale ?")
    before = snapshot(tmp_project)
    runner = CliRunner()
    refused = runner.invoke(
        cli, ["documents", "remove", B, "--project", str(tmp_project)], input="n\n"
    )
    assert refused.exit_code == 1
    assert f"{B} (case pole-b): 5 segments, 42 words" in refused.output
    assert "2 codings (doctorante 1 accepted; encadrant 1 accepted), 2 memo(s)" in refused.output
    assert snapshot(tmp_project) == before  # nothing removed without a yes

    removed = runner.invoke(
        cli, ["documents", "remove", B, "--project", str(tmp_project)], input="y\n"
    )
    assert removed.exit_code == 0, removed.output
    event = int(removed.output.split("(event ")[1].split(":")[0])
    after = snapshot(tmp_project)
    assert [d[1] for d in after["documents"]] == [A]
    assert {r.document for r in after["codings"]} == {A}
    assert after["memos"] == []
    assert matrix_csv(invoke, "--coders", "doctorante,encadrant")[1:] == ["pole-a,0,1,1,0,1"]
    from tests.test_web_api import client_for

    client, _ = client_for(tmp_project, "alice")
    page = client.get("/").text
    assert A in page and B not in page  # the web page's list of documents
    assert client.get(f"/document/{B}").status_code == 404
    # the file still in corpus/ does not come back with the next import
    again = invoke("import", str(tmp_project / "corpus"))
    assert f"skipped  {B}: removed on " in again.output and f"--restore {event}" in again.output
    assert [d[1] for d in snapshot(tmp_project)["documents"]] == [A]
    listed = invoke("history", "--action", "document.remove", "--format", "json")
    assert [e["id"] for e in json.loads(listed.stdout)] == [event]

    restored = invoke("history", "--restore", str(event), "--yes")
    assert restored.exit_code == 0, restored.output
    assert f"Restored {B}" in restored.output
    assert snapshot(tmp_project) == before  # the same rows, with the same ids
    assert B in client.get("/").text
    twice = invoke("history", "--restore", str(event), "--yes")
    assert twice.exit_code == 1 and "restored already" in twice.output
    not_removal = invoke("history", "--restore", "1", "--yes")
    assert not_removal.exit_code == 1 and "is not a removal" in not_removal.output
    unknown = invoke("documents", "remove", "pole-z/rien.txt", "--yes")
    assert unknown.exit_code == 1 and "no document 'pole-z/rien.txt'" in unknown.output
    listing = invoke("documents", "--format", "csv").stdout.splitlines()
    assert [line.split(",")[0] for line in listing[1:]] == [A, B]


def test_a_case_removed_then_restored(invoke: Callable[..., Result], tmp_project: Path) -> None:
    code_together(tmp_project, invoke)
    with find_project(tmp_project).open_store() as store:
        store.add_memo("case", "pole-b", "Pôle test.")
    before = snapshot(tmp_project)
    result = invoke("cases", "remove", "pole-b", "--yes")
    assert result.exit_code == 0, result.output
    assert "case pole-b (laureat=non, region=Occitanie), 1 memo(s) on the case" in result.output
    event = int(result.output.split("(event ")[1].split(":")[0])
    assert matrix_csv(invoke)[1:] == ["pole-a,0,1,1,0,1"]  # no pole-b row any more
    assert "pole-b" not in snapshot(tmp_project)["cases"]
    assert invoke("history", "--restore", str(event), "--yes").exit_code == 0
    assert snapshot(tmp_project) == before


def test_a_document_moved_to_another_case(invoke: Callable[..., Result], tmp_project: Path) -> None:
    code_together(tmp_project, invoke)
    with find_project(tmp_project).open_store() as store:
        store.add_memo("document", A, "Directrice.")
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["documents", "move", A, "--case", "pole-b", "--project", str(tmp_project)],
        input="y\n",
    )
    assert result.exit_code == 0, result.output
    assert "Moved pole-a/directrice.txt to case pole-b as pole-b/directrice.txt" in result.output
    moved = "pole-b/directrice.txt"
    with find_project(tmp_project).open_store() as store:
        assert store.document(moved).case == "pole-b"
        assert len(store.coding_rows(documents=[moved])) == 6  # codings and decisions follow
        assert [m.target for m in store.memos("document")] == [moved]
    assert matrix_csv(invoke, "--coders", "doctorante,encadrant") == [
        "case,COOP,COOP.LIEU,COOP.ACHATS,ECO,ECO.PUBLIC",
        "pole-b,0,1,1,0,2",
    ]
    # the file moved on disk to the new case's folder is that document
    (tmp_project / "corpus" / "pole-b").mkdir(exist_ok=True)
    (tmp_project / "corpus" / "pole-a" / "directrice.txt").rename(
        tmp_project / "corpus" / "pole-b" / "directrice.txt"
    )
    again = invoke("import", str(tmp_project / "corpus"))
    assert again.exit_code == 0, again.output
    assert "duplicate" not in again.output
    assert [d[1] for d in snapshot(tmp_project)["documents"]] == [moved, B]
    history = json.loads(invoke("history", "--action", "document.move", "--format", "json").stdout)
    assert len(history) == 1 and '"before": "pole-a"' in history[0]["summary"]


ASSIGNMENTS = """
assignments:
  coders:
    doctorante: [pole-a]
    encadrant: [pole-b/*.md]
  double_coding:
    share: 0.5
    seed: 18
"""


def review_as(project: Path, coder: str, keys: str) -> Result:
    return CliRunner().invoke(
        cli, ["review", "--coder", coder, "--project", str(project)], input=keys
    )


def progress_of(invoke: Callable[..., Result]) -> dict[tuple[str, str], dict]:
    result = invoke("progress", "--format", "json")
    assert result.exit_code == 0, result.output
    return {(r["coder"], r["document"]): r for r in json.loads(result.stdout)}


@pytest.mark.slow  # the French spaCy model
def test_blind_double_review_then_agreement(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    assert invoke("run").exit_code == 0
    none = invoke("progress")  # without assignments: each coder found, and nobody decided yet
    assert none.exit_code == 0 and "Nobody has coded or decided a suggestion yet" in none.output
    with (tmp_project / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write(ASSIGNMENTS)
    # seed 18 draws the directrice's interview (1 of 2): the encadrant codes it too
    progress = progress_of(invoke)
    assert sorted(progress) == [("doctorante", A), ("encadrant", A), ("encadrant", B)]
    assert progress[("encadrant", A)]["double"] and not progress[("encadrant", B)]["double"]
    assert [progress[k]["pending"] for k in sorted(progress)] == [4, 4, 1]

    first = review_as(tmp_project, "doctorante", "aaaa")
    assert first.exit_code == 0, first.output
    assert "4 accepted (0 on another passage), 0 rejected" in first.output
    progress = progress_of(invoke)
    assert (progress[("doctorante", A)]["decided"], progress[("doctorante", A)]["pending"]) == (
        4,
        0,
    )
    assert progress[("encadrant", A)]["pending"] == 4  # still to decide, blind

    second = review_as(tmp_project, "encadrant", "arrra")
    assert second.exit_code == 0, second.output
    assert "2 accepted (0 on another passage), 3 rejected" in second.output
    assert "doctorante" not in second.output  # the other coder's decision is not told
    rows = rule_rows(tmp_project)
    assert len(rows) == 5 + 4  # the encadrant's decisions on the directrice: rows of their own
    copies = [r for r in rows if r.origin is not None]
    assert {r.reviewed_by for r in copies} == {"encadrant"}
    assert sorted(r.status for r in copies) == ["accepted", "rejected", "rejected", "rejected"]
    assert all(r.document == A for r in copies)
    assert [r.coder for r in copies if r.status == "accepted"] == ["encadrant"]
    assert {r.status for r in rows if r.origin is None and r.document == A} == {
        "accepted"
    }  # the doctorante's decisions did not change

    result = invoke("agreement", "--coders", "doctorante,encadrant", "--format", "json")
    assert result.exit_code == 0, result.output
    table = {r["code"]: r for r in json.loads(result.stdout)}
    # the two agreed on the first suggestion only: 1 unit of 4 coded by both
    percents = sorted(r["percent"] for code, r in table.items() if code != "(mean)")
    assert percents[-1] == 100.0 and percents[0] < 100.0
    # on the double-coded document alone: the same figures, the other document left out
    only = invoke(
        "agreement", "--coders", "doctorante,encadrant", "--document", A, "--format", "json"
    )
    assert only.exit_code == 0, only.output
    assert json.loads(only.stdout) == json.loads(result.stdout)
    assert "1 document(s) coded by doctorante, encadrant" in only.output
    unknown = invoke("agreement", "--coders", "doctorante,encadrant", "--document", "x.txt")
    assert unknown.exit_code == 1 and "unknown document(s): x.txt" in unknown.output

    # an undo takes back the encadrant's own decision, not the doctorante's
    with find_project(tmp_project).open_store() as store:
        from ptce_coding.review import queue as review_queue

        origin = copies[0].origin
        assert review_queue.undo(store, origin, "encadrant") == copies[0].status
        assert store.coding_by_id(origin).reviewed_by == "doctorante"
        assert store.coding_by_id(copies[0].id) is None
        with pytest.raises(StoreError, match="decided already"):
            review_queue.decide(store, origin, "reject", "doctorante")
    assert progress_of(invoke)[("encadrant", A)]["pending"] == 1
    twice = review_as(tmp_project, "doctorante", "q")
    assert "Nothing to review." in twice.output


def test_accepting_above_a_threshold_keeps_to_the_reviewer_s_documents(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """With assignments, `review --accept-above` accepted every pole's suggestions under the
    reviewer's name (the doctorante's 0.6 accepted the encadrant's documents too), and a
    coder with no document went on to accept everything."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with find_project(tmp_project).open_store() as store:
        store.add_codings(
            [
                Coding(A, 105, 150, "COOP.LIEU", "rules", "rule", "suggested", 0.8),
                Coding(A, 237, 282, "COOP.ACHATS", "rules", "rule", "suggested", 0.7),
                Coding(B, 0, 40, "COOP.LIEU", "rules", "rule", "suggested", 0.9),
            ]
        )
    with (tmp_project / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write(ASSIGNMENTS)  # the directrice's interview (A) is double-coded
    first = invoke("review", "--coder", "doctorante", "--accept-above", "0.5", "--yes")
    assert first.exit_code == 0, first.output
    assert "Accepted 2 suggestions as doctorante" in first.output
    with find_project(tmp_project).open_store() as store:
        accepted = store.coding_rows(statuses=["accepted"])
    assert sorted((r.document, r.reviewed_by) for r in accepted) == [
        (A, "doctorante"),
        (A, "doctorante"),
    ]
    second = invoke("review", "--coder", "encadrant", "--accept-above", "0.5", "--yes")
    assert second.exit_code == 0, second.output
    assert "Accepted 3 suggestions as encadrant" in second.output  # A blind, and B
    with find_project(tmp_project).open_store() as store:
        mine = [r for r in store.coding_rows(statuses=["accepted"]) if r.reviewed_by == "encadrant"]
    assert sorted(r.document for r in mine) == [A, A, B]
    for coder, said in (
        ("doctorant", "the coders assigned are doctorante, encadrant"),
        ("stagiaire", "pole-x name(s) no case or document of the project"),
    ):
        if coder == "stagiaire":  # a case folder misspelt in the assignments
            settings = tmp_project / "project.yaml"
            text = settings.read_text(encoding="utf-8")
            settings.write_text(
                text.replace("[pole-b/*.md]", "[pole-b/*.md]\n    stagiaire: [pole-x]"),
                encoding="utf-8",
            )
        result = invoke("review", "--coder", coder, "--accept-above", "0.5", "--yes")
        assert result.exit_code == 1, result.output
        assert f"{coder} has no document in the project's assignments" in result.output
        assert said in " ".join(result.output.split())


@pytest.mark.slow  # the French spaCy model
def test_a_document_coded_blind_stays_double_coded_when_the_draw_changes(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """The double-coded sample is drawn again from the documents and the settings: a seed
    changed (or a document removed or added) after both coders started on a document took it
    out of the sample, so the second coder lost the rest of it from their queue and the first
    one saw the second's decisions."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with find_project(tmp_project).open_store() as store:
        store.add_codings(
            [
                Coding(A, 105, 150, "COOP.LIEU", "rules", "rule", "suggested", 0.8),
                Coding(A, 237, 282, "COOP.ACHATS", "rules", "rule", "suggested", 0.7),
                Coding(A, 10, 50, "ECO.PUBLIC", "rules", "rule", "suggested", 0.6),
                Coding(B, 0, 40, "COOP.LIEU", "rules", "rule", "suggested", 0.9),
            ]
        )
    settings = tmp_project / "project.yaml"
    with settings.open("a", encoding="utf-8") as handle:
        handle.write(ASSIGNMENTS)  # seed 18 draws the directrice's interview (A)
    first = review_as(tmp_project, "doctorante", "aaa")
    assert first.exit_code == 0, first.output
    started = review_as(tmp_project, "encadrant", "rq")  # one of A's three, blind
    assert started.exit_code == 0, started.output
    assert "0 accepted (0 on another passage), 1 rejected" in started.output

    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("seed: 18", "seed: 0"), encoding="utf-8")  # draws B
    progress = progress_of(invoke)
    assert progress[("encadrant", A)]["double"]
    assert progress[("encadrant", A)]["pending"] == 2
    assert progress[("doctorante", B)]["double"]  # the new draw is double-coded too
    rest = review_as(tmp_project, "encadrant", "aa")
    assert rest.exit_code == 0, rest.output
    assert "doctorante" not in rest.output
    with find_project(tmp_project).open_store() as store:
        mine = [r for r in store.coding_rows() if r.reviewed_by == "encadrant"]
        theirs = [r for r in store.coding_rows() if r.reviewed_by == "doctorante"]
    assert sorted((r.document, r.status) for r in mine) == [
        (A, "accepted"),
        (A, "accepted"),
        (A, "rejected"),
    ]
    assert [r.status for r in theirs] == ["accepted"] * 3  # untouched by the other's


def test_review_that_edits_the_passage_or_the_code(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    assert invoke("run").exit_code == 0
    lieu, appels, achats, *_ = rule_rows(tmp_project)
    assert (lieu.code, lieu.text) == (
        "COOP.LIEU",
        "Oui, nous avons des locaux partagés depuis 2012.",
    )
    # ) ends the first one sentence later, then accept; m moves the second to the achats code;
    # ( [ ] on the third: a sentence earlier, back, and no shorter than one sentence; reject
    keys = ")a" + "machats\n" + "([]r" + "q"
    result = review_as(tmp_project, "doctorante", keys)
    assert result.exit_code == 0, result.output
    assert "Moved to COOP.ACHATS: the suggestion of ECO.PUBLIC is rejected." in result.output
    assert "the passage cannot change so (it ends one sentence earlier)" in result.output
    assert "Et les achats ?" in result.output  # the widened passage was shown
    assert (
        "1 accepted (1 on another passage), 1 rejected, 1 moved to another code, 0 skipped, "
        "0 undone by doctorante" in result.output
    )
    with find_project(tmp_project).open_store() as store:
        widened = store.coding_by_id(lieu.id)
        text = store.document(A).text
        [moved] = store.coding_rows(methods=["manual"])
        events = {e["action"]: e["details"] for e in store.events()}
    assert (widened.status, widened.coder) == ("accepted", "doctorante")
    assert text[widened.start : widened.end] == (
        "Oui, nous avons des locaux partagés depuis 2012.\nOn a aussi eu deux appels à projets."
    )
    assert (moved.code, moved.coder, moved.origin, moved.text) == (
        "COOP.ACHATS",
        "doctorante",
        appels.id,
        appels.text,
    )
    assert moved.suggested_by == "rules" and moved.evidence.startswith("moved from ECO.")
    assert store_status(tmp_project, appels.id) == ("rejected", "doctorante")
    assert store_status(tmp_project, achats.id) == ("rejected", "doctorante")
    assert events["coding.review.passage"]["before"] == [lieu.start, lieu.end]
    assert events["coding.review.move"] == {
        "coding": moved.id,
        "suggestion": appels.id,
        "decision": appels.id,
        "before": "ECO.PUBLIC",
        "after": "COOP.ACHATS",
        "reviewer": "doctorante",
    }
    history = invoke("history", "--action", "coding.review", "--format", "json")
    assert [e["action"] for e in json.loads(history.stdout)] == [
        "coding.review",
        "coding.review.passage",
        "coding.review",
        "coding.review.move",
        "coding.review",
    ]
    # an undo of the move takes back the coding it made
    with find_project(tmp_project).open_store() as store:
        from ptce_coding.review import queue as review_queue

        assert review_queue.undo(store, appels.id, "doctorante") == "rejected"
        assert store.coding_rows(methods=["manual"]) == []
        with pytest.raises(PtceError, match="unknown code 'NOPE'"):
            review_queue.move(
                store,
                appels.id,
                "NOPE",
                "doctorante",
                load_codebook(tmp_project / "codebooks" / "ptce.yaml"),
            )


def store_status(project: Path, coding_id: int) -> tuple[str, str | None]:
    with find_project(project).open_store() as store:
        row = store.coding_by_id(coding_id)
    return row.status, row.reviewed_by


STRUCTURE = (
    "structure:\n  code: STRUCT\n  topics: true\n  headings: '^#+\\s*(?P<key>Question \\d+)'\n"
)


@pytest.mark.slow  # the French spaCy model
def test_the_interview_structure_as_codes(invoke: Callable[..., Result], tmp_project: Path) -> None:
    data = Path(__file__).parent / "data" / "structure"
    shutil.copyfile(data / "claire.trs", tmp_project / "corpus" / "pole-a" / "claire.trs")
    shutil.copyfile(data / "guide.txt", tmp_project / "corpus" / "pole-b" / "guide.txt")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    off = invoke("structure")
    assert off.exit_code == 1 and "no `structure` setting" in off.output
    with (tmp_project / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write(STRUCTURE)
    result = invoke("structure")
    assert result.exit_code == 0, result.output
    assert "4 structural codings (0 earlier ones replaced), 5 codes added" in result.output
    book = load_codebook(tmp_project / "codebooks" / "ptce.yaml")
    assert [c.id for c in book.children("STRUCT")] == [
        "STRUCT.GOUVERNANCE_DU_POLE",
        "STRUCT.PRESENTATION",
        "STRUCT.QUESTION_1",
        "STRUCT.QUESTION_2",
    ]
    # no one has accepted a coding yet: the structural codes alone do not make the report
    # leave out the rules' suggestions (issue 20's one rule for `run` and `report`)
    assert invoke("code").exit_code == 0
    report = invoke("report")
    assert report.exit_code == 0, report.output
    assert "No coding has been accepted yet: the report counts the rules' suggestions" in (
        report.output
    )
    assert book.get("STRUCT.GOUVERNANCE_DU_POLE").label == "Gouvernance du pôle"
    with find_project(tmp_project).open_store() as store:
        parts = {(r.document, r.code): r.text for r in store.coding_rows(coders=["structure"])}
        text = store.document("pole-b/guide.txt").text

        def at(words: str, code: str) -> Coding:
            start = text.index(words)
            return Coding("pole-b/guide.txt", start, start + len(words), code, "doctorante")

        store.add_codings(
            [
                at("des locaux partagés", "COOP.LIEU"),
                at("Une subvention de la Région", "ECO.PUBLIC"),
            ]
        )
    # a heading covers what follows it, up to the next heading
    assert parts[("pole-b/guide.txt", "STRUCT.QUESTION_1")] == (
        "Vous partagez des locaux ?\n\nPaul : Oui, des locaux partagés avec la SCOP."
    )
    assert parts[("pole-b/guide.txt", "STRUCT.QUESTION_2")].endswith("Une subvention de la Région.")
    assert parts[("pole-a/claire.trs", "STRUCT.GOUVERNANCE_DU_POLE")].startswith(
        "et la gouvernance comment elle s'organise ?"
    )
    # what was said under each question: co-occurrence of the structural and the coded codes
    result = invoke(
        "matrix", "--kind", "cooccurrence", "--coders", "doctorante", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    under = {row["code"]: row for row in json.loads(result.stdout)}
    assert (under["STRUCT.QUESTION_1"]["COOP.LIEU"], under["STRUCT.QUESTION_1"]["ECO.PUBLIC"]) == (
        1,
        0,
    )
    assert (under["STRUCT.QUESTION_2"]["COOP.LIEU"], under["STRUCT.QUESTION_2"]["ECO.PUBLIC"]) == (
        0,
        1,
    )
    # a second run replaces the structural codings, and only them
    again = invoke("structure")
    assert "4 structural codings (4 earlier ones replaced), 0 codes added" in again.output
    with find_project(tmp_project).open_store() as store:
        assert len(store.coding_rows(coders=["doctorante"])) == 2
        assert len(store.coding_rows(coders=["structure"])) == 4
    (tmp_project / "project.yaml").write_text(
        (tmp_project / "project.yaml").read_text("utf-8").replace("code: STRUCT", "code: bad"),
        encoding="utf-8",
    )
    wrong = invoke("structure")
    assert wrong.exit_code == 1 and "`structure.code` must be a top-level code id" in wrong.output


def test_governance_counts_of_a_selection_without_codings(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """`run` with `analysis.coders` set before anyone has coded: the network's governance
    counts are empty, not a KeyError (found with the worked example of issue 18)."""
    import pandas as pd

    from ptce_coding.analysis.frames import CODING_COLUMNS, segments_frame
    from ptce_coding.network.governance import governance_counts

    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with find_project(tmp_project).open_store() as store:
        segments = segments_frame(store)
    counts = governance_counts(segments, pd.DataFrame(columns=CODING_COLUMNS))
    assert counts.empty


def test_bad_group_settings_are_refused_with_their_file(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    settings = tmp_project / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    # the default `analysis:` block goes (a key given twice is refused)
    without_analysis = re.sub(r"(?m)^analysis:.*\n  coders: \[\].*\n", "", text)
    assert without_analysis != text
    for extra, message in (
        ("assignments:\n  coders: {alice: pole-a}\n", "`assignments.coders` must map each coder"),
        (
            "assignments:\n  double_coding: {share: 2}\n",
            "`assignments.double_coding.share` must be a number from 0 to 1, not 2",
        ),
        ("analysis:\n  consensus: ''\n", "`analysis.consensus` must be a coder name"),
        (
            "structure:\n  code: STRUCT\n  headings: '(unclosed'\n",
            "`structure.headings` is not a regular expression",
        ),
        (
            "analysis:\n  coder: [alice]\n",  # main's strict checks (issue 20) cover these too
            "unknown `analysis` setting(s): coder (`coder` → did you mean `coders`?)",
        ),
        (
            "assignments:\n  double_coding: {shares: 0.2}\n",
            "unknown `assignments.double_coding` setting(s): shares",
        ),
        (
            "structure:\n  code: STRUCT\n  heading: '^#'\n",
            "unknown `structure` setting(s): heading (`heading` → did you mean `headings`?)",
        ),
    ):
        settings.write_text(without_analysis + extra, "utf-8")
        result = invoke("documents")
        assert result.exit_code == 1, extra
        assert message in result.output and "project.yaml" in result.output


def test_compare_uses_the_selection(invoke: Callable[..., Result], tmp_project: Path) -> None:
    """`compare` (issue 22) takes --coders and --consensus like the other analyses, and
    writes to a folder named after the selection."""
    code_together(tmp_project, invoke)
    codes = {}
    for options in (
        ("--coders", "doctorante,encadrant"),
        ("--coders", "doctorante,encadrant", "--consensus", "consensus"),
    ):
        result = invoke("compare", "ca", "--show", "codes", "--format", "csv", *options)
        assert result.exit_code == 0, result.output
        codes[options[-1]] = {row["code"] for row in csv.DictReader(io.StringIO(result.stdout))}
    # the consensus « no » takes the doctorante's achats out of the table
    assert codes["doctorante,encadrant"] == {"COOP.LIEU", "COOP.ACHATS", "ECO.PUBLIC"}
    assert codes["consensus"] == {"COOP.LIEU", "ECO.PUBLIC"}
    outputs = tmp_project / "outputs"
    assert (outputs / "compare-coders-doctorante+encadrant" / "ca-codes.csv").is_file()
    named = outputs / "compare-coders-doctorante+encadrant-consensus-consensus" / "ca-codes.csv"
    assert "COOP.ACHATS" not in named.read_text("utf-8")


@pytest.mark.slow  # the French spaCy model
def test_a_report_on_suggestions_alone_says_so_in_both_documents(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """Before anyone accepted a coding, the report counts the rules' suggestions: its whose-
    coding sentence names them instead of « (aucun codeur) », in the restitution and annex."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    assert invoke("code").exit_code == 0
    assert invoke("report").exit_code == 0
    folder = tmp_project / "outputs" / "report"
    whose = (
        "le seul repérage automatique (des règles sur les mots de la grille de codage)\u00a0: "
        "personne n'a encore codé ni validé de passage"
    )
    for name in ("restitution.html", "synthese.html"):
        shown = (folder / name).read_text("utf-8").replace("&#39;", "'")
        assert f"Ce document repose sur {whose}." in shown, name
        assert "(aucun codeur)" not in shown
    with find_project(tmp_project).open_store() as store:
        store.add_codings([Coding(B, 0, 20, "ECO.PUBLIC", "paul")])
    assert invoke("report").exit_code == 0
    shown = (folder / "restitution.html").read_text("utf-8")
    assert (
        "Ce document repose sur le codage de paul, seule personne à avoir codé ces entretiens."
        in shown
    )


def test_a_coding_s_id_is_never_given_to_another_coding(tmp_path: Path) -> None:
    """SQLite gave a new coding the largest id + 1: once `code` had replaced the suggestions,
    their ids came back on new ones, and an event, a review sheet or an open page naming
    coding 3 named another coding (helper V found it in the web pages)."""
    path = tmp_path / "coding.sqlite"
    old = sqlite3.connect(path)
    v4 = SCHEMA.replace(MIGRATIONS[4], "")
    old.executescript(v4 + "PRAGMA user_version = 4;")
    old.execute("INSERT INTO cases (name) VALUES ('pole-a')")
    old.execute(
        "INSERT INTO documents (name, case_id, format, text, text_hash, words, imported_at) "
        "VALUES ('a.txt', 1, 'txt', 'du texte ici', 'h', 3, 'now')"
    )
    for _ in range(3):
        old.execute(
            'INSERT INTO codings (document_id, start, "end", code, coder, method, status, '
            "created_at) VALUES (1, 0, 2, 'ECO', 'rules', 'rule', 'suggested', 'now')"
        )
    # coding 5 was decided, logged, then taken away with the suggestions it was among
    old.execute(
        "INSERT INTO events (at, actor, command, action, details) VALUES "
        """('now', 'ana', 'review', 'coding.review', '{"coding": 5, "code": "ECO"}')"""
    )
    old.execute("DELETE FROM codings WHERE id = 3")
    old.commit()
    old.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [r.id for r in store.coding_rows()] == [1, 2]  # kept, with their ids
        new = store.add_manual_coding("a.txt", 0, 2, "ECO", "ana")
        assert new == 6  # not 3, nor 5: the event log names 5
        store.delete_manual_coding(new, "ana")
        assert store.add_manual_coding("a.txt", 0, 4, "ECO", "ana") == 7
