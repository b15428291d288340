"""S35 C: a consensus decision settles its passage only. A coding that runs beyond the
decided passage still counts outside it: the selection cuts it in memory (the stored coding
never changes), in the matrices, the quotations, the report and the evaluation's gold; the
REFI-QDA export writes the codings whole, and the decisions beside them."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import Result
from lxml import etree

from ptce_coding.base import selected_codings
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.base.records import Coding
from ptce_coding.base.selected_codings import select_codings
from ptce_coding.store import Store
from tests.test_agreement_cli import segment_spans

Invoke = Callable[..., Result]
A = "pole-a/directrice.txt"
ALICE_MEMO = "Tout le tour de parole parle du financement."


@pytest.fixture(autouse=True)
def nothing_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's commands say their notes afresh (a process says each note once)."""
    monkeypatch.setattr(selected_codings, "told", set())


@pytest.fixture
def decided(invoke: Invoke, imported: Path) -> dict[str, tuple[str, int, int]]:
    """alice coded ECO.PUBLIC once over pole A's three interviewee segments (a2, the
    interviewer's question, a4, a5), with a memo, and accepted a rule suggestion of
    COOP.ACHATS over the same passage; bob coded both codes on a2 and on a5. At level 1 they
    differ on a4 alone (ECO and COOP): the group said « non » to both there, in the
    disagreements workbook imported as the consensus. Returns the segments' spans."""
    spans = segment_spans(invoke, imported)
    (_, a2, _), (_, a4, a4_end), (_, a5, a5_end) = spans["a2"], spans["a4"], spans["a5"]
    with Store(imported / "coding.sqlite") as store:
        document = store.document(A)
        assert document is not None
        suggestion = Coding(A, a2, a5_end, "COOP.ACHATS", "rules", "rule", "suggested", 0.9)
        store.replace_suggestions("rule", [document.id], [(document.id, suggestion)])
        # read and accepted by alice, one by one: an acceptance by threshold would not be
        # her coding in an agreement (analysis/unread_codings.py)
        (waiting,) = store.coding_rows(statuses=["suggested"], methods=["rule"])
        store.review(waiting.id, "accepted", "alice")
    rows = [
        (A, a2, a5_end, "ECO.PUBLIC", "alice", ALICE_MEMO),
        (A, a2, spans["a2"][2], "ECO.PUBLIC", "bob", ""),
        (A, a5, a5_end, "ECO.PUBLIC", "bob", ""),
        (A, a2, spans["a2"][2], "COOP.ACHATS", "bob", ""),
        (A, a5, a5_end, "COOP.ACHATS", "bob", ""),
    ]
    path = imported / "codages.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "start", "end", "code", "coder", "memo"])
        writer.writerows(rows)
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    book = imported / "desaccords.xlsx"
    result = invoke(
        "agreement", "--coders", "alice,bob", "--level", "1", "--disagreements", str(book)
    )
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["disagreements"]
    header = [cell.value for cell in sheet[1]]
    found = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    assert {(r["code"], r["start"], r["end"]) for r in found} == {
        ("COOP", a4, a4_end),
        ("ECO", a4, a4_end),
    }
    for number in range(2, len(found) + 2):
        sheet.cell(row=number, column=header.index("decision") + 1).value = "non"
    workbook.save(book)
    result = invoke("codings", "import", str(book), "--coder", "consensus")
    assert result.exit_code == 0, result.output
    return spans


def table(invoke: Invoke, *options: str) -> list[list[str]]:
    result = invoke(*options, "--format", "csv")
    assert result.exit_code == 0, result.output
    return [row for row in csv.reader(io.StringIO(result.stdout)) if row]


def alice_rows(root: Path) -> list[tuple[str, int, int]]:
    with Store(root / "coding.sqlite") as store:
        return [(r.code, r.start, r.end) for r in store.coding_rows(coders=["alice"])]


def test_a_coding_counts_outside_the_passage_decided(
    invoke: Invoke, imported: Path, decided: dict[str, tuple[str, int, int]]
) -> None:
    stored = alice_rows(imported)
    agreed = ("--coders", "alice", "--consensus", "consensus")
    # alice's codings, less a4, count where bob's do: a2 and a5 (a4 refused by the group,
    # the interviewer's question never counted)
    count = table(invoke, "matrix", *agreed, "--rows", "document")
    assert count[0] == ["document", "COOP", "COOP.LIEU", "COOP.ACHATS", "ECO", "ECO.PUBLIC"]
    assert count[1] == [A, "0", "0", "2", "0", "2"]
    for value in ("count", "documents", "share", "per1000"):
        options = ("matrix", "--value", value, "--rows", "document")
        assert table(invoke, *options, *agreed) == table(invoke, *options, "--coders", "bob")
    at_one = table(invoke, "matrix", "--level", "1", *agreed)
    assert at_one[1] == ["pole-a", "2", "2"]
    # the stored codings are as alice made them
    assert alice_rows(imported) == stored


def test_a_quotation_is_taken_from_what_remains(
    invoke: Invoke, imported: Path, decided: dict[str, tuple[str, int, int]]
) -> None:
    cells = table(
        invoke, "matrix", "--kind", "framework", "--coders", "alice", "--consensus", "consensus"
    )
    header, pole_a = cells[0], cells[1]
    economy = pole_a[header.index("ECO.PUBLIC")]
    purchases = pole_a[header.index("COOP.ACHATS")]
    assert "Et puis le FSE nous aide un peu." in economy
    assert "Oui, nous avons des locaux partagés depuis 2012." in economy
    assert "Et puis le FSE nous aide un peu." in purchases
    assert "Oui, nous avons des locaux partagés depuis 2012." in purchases
    for cell in (economy, purchases):
        assert "Les achats groupés" not in cell  # a4, refused


def test_the_export_writes_the_codings_whole_and_the_decisions(
    invoke: Invoke, imported: Path, decided: dict[str, tuple[str, int, int]]
) -> None:
    """The export writes alice's codings as she made them and the group's « non » beside
    them, under a user of its own (s37 X: an import then applies them as this project does;
    before, alice's codings went cut in pieces, the decisions left out)."""
    with Store(imported / "coding.sqlite") as store:
        [coding] = store.coding_rows(coders=["alice"], codes=["ECO.PUBLIC"])
    memo = invoke("memo", "add", "--coding", str(coding.id), "Note sur le codage d'alice.")
    assert memo.exit_code == 0, memo.output
    path = imported / "groupe.qdpx"
    result = invoke("export", "qdpx", str(path), "--coders", "alice", "--consensus", "consensus")
    assert result.exit_code == 0, result.output  # the export is checked against the schema
    with zipfile.ZipFile(path) as archive:
        project = etree.fromstring(archive.read("project.qde"))
    space = {"q": project.nsmap[None]}
    users = {u.get("guid"): u.get("name") for u in project.iterfind(".//q:User", space)}
    selections = [
        (int(s.get("startPosition")), int(s.get("endPosition")), s)
        for s in project.iterfind(".//q:PlainTextSelection", space)
    ]
    a2, (_, a4, a4_end), a5_end = decided["a2"][1], decided["a4"], decided["a5"][2]
    who = sorted((start, end, users[s.get("creatingUser")]) for start, end, s in selections)
    assert who == [
        (a2, a5_end, "alice"),  # COOP.ACHATS and ECO.PUBLIC, whole
        (a2, a5_end, "alice"),
        (a4, a4_end, "consensus (decision: no)"),  # the « non » on COOP and on ECO
        (a4, a4_end, "consensus (decision: no)"),
    ]
    guids = [s.get("guid") for _, _, s in selections]
    assert len(set(guids)) == len(guids)
    # alice's ECO.PUBLIC (the coding with a memo), once, with its memo and note
    economy = [
        (start, end, s)
        for start, end, s in selections
        if s.find("q:Description", space) is not None
    ]
    assert [(start, end) for start, end, _ in economy] == [(a2, a5_end)]
    for _, _, coding in economy:
        assert coding.findtext("q:Description", namespaces=space) == ALICE_MEMO
        assert len(coding.findall("q:NoteRef", space)) == 1


@pytest.mark.slow  # the report's figures
def test_the_report_counts_a_cut_coding_once(
    invoke: Invoke, imported: Path, decided: dict[str, tuple[str, int, int]]
) -> None:
    result = invoke("report", "--coders", "alice", "--consensus", "consensus")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Report: 2 poles, 2 interviews, 2 codings" in said
    annex = (imported / "outputs" / "report").glob("synthese-*.md")
    [markdown] = list(annex)
    text = " ".join(markdown.read_text(encoding="utf-8").split())
    # quoted from what remains of alice's codings, never from a4
    assert "« Oui, nous avons des locaux partagés depuis 2012." in text
    assert "Les achats groupés, c'est pour l'an prochain" not in text
    # the coders' table: alice's two codings, each once though each is in two pieces
    assert "| alice | importé | accepté | 1 |" in text
    assert "| alice | règles | accepté | 1 |" in text


@pytest.mark.slow  # the French spaCy model
def test_the_gold_keeps_what_remains(
    invoke: Invoke, imported: Path, decided: dict[str, tuple[str, int, int]]
) -> None:
    options = ("--tagger", "rules", "--level", "code")
    result = invoke("evaluate", *options, "--coders", "alice", "--consensus", "consensus")
    assert result.exit_code == 0, result.output
    # alice's accepted suggestion, cut in two by the « non » on a4: one review decision
    assert "(1 review decisions counted)" in " ".join(result.output.split())
    scores = pd.read_csv(io.StringIO(table_text(invoke, *options)))
    support = dict(zip(scores["code"], scores["support"], strict=True))
    assert support["ECO.PUBLIC"] == 2  # a2 and a5
    assert support["COOP.ACHATS"] == 2


def table_text(invoke: Invoke, *options: str) -> str:
    result = invoke(
        "evaluate", *options, "--coders", "alice", "--consensus", "consensus", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    return result.stdout


# 0-28: one turn; 28-30: the line break; 30-60: the decided turn; 60-62: the line break
TEXT = (
    "Nous portons le projet CAE. "
    "\n\n"
    "Puis la question de l'emploi. "
    "\n\n"
    "La Région finance une partie des postes."
)


def test_a_decision_cuts_a_frame_of_codings() -> None:
    """The rule on a frame: a coding partly decided is cut (its label, id, memo kept; its
    text cut); the pieces of spaces and punctuation go; a « oui » settles its passage only
    too; another code, or one outside the passage, is left whole."""

    def coding(code: str, coder: str, start: int, end: int, status: str = "accepted") -> dict:
        return {
            "id": len(rows) + 1,
            "document": "d",
            "start": start,
            "end": end,
            "code": code,
            "coder": coder,
            "status": status,
            "method": "import",
            "reviewed_by": None,
            "memo": f"memo {len(rows) + 1}",
            "text": TEXT[start:end],
        }

    rows: list[dict] = []
    for args in (
        ("MORPH.EMPLOI", "alice", 0, 90),  # 0: cut by the « non » on 30-60
        ("MORPH", "alice", 28, 62),  # 1: the passage and its spaces: gone
        ("ECO", "bob", 40, 90),  # 2: cut by the « oui » on 50-70
        ("GOUV", "alice", 0, 90),  # 3: another code: whole
        ("MORPH", "consensus", 30, 60, "rejected"),  # 4
        ("ECO", "consensus", 50, 70),  # 5
        ("MORPH", "bob", 60, 62),  # 6: beside the passage: whole, as stored
    ):
        rows.append(coding(*args))
    kept = select_codings(pd.DataFrame(rows), CoderSelection(("alice", "bob"), "consensus"))
    found = [
        (label, r.id, r.start, r.end, r.text, r.memo)
        for label, r in zip(kept.index, kept.itertuples(index=False), strict=True)
    ]
    assert found == [
        (0, 1, 0, 30, TEXT[0:30], "memo 1"),
        (0, 1, 60, 90, TEXT[60:90], "memo 1"),
        (2, 3, 40, 50, TEXT[40:50], "memo 3"),
        (2, 3, 70, 90, TEXT[70:90], "memo 3"),
        (3, 4, 0, 90, TEXT[0:90], "memo 4"),
        (4, 5, 30, 60, TEXT[30:60], "memo 5"),
        (5, 6, 50, 70, TEXT[50:70], "memo 6"),
        (6, 7, 60, 62, "\n\n", "memo 7"),
    ]
    # without the text (a matrix that quotes nothing), the pieces are the same but the
    # spaces, whose piece overlaps no segment
    bare = pd.DataFrame(rows).assign(text=None)
    cut = select_codings(bare, CoderSelection(("alice", "bob"), "consensus"))
    assert [(r.start, r.end) for r in cut.itertuples()] == [
        (0, 30),
        (60, 90),
        (28, 30),
        (60, 62),
        (40, 50),
        (70, 90),
        (0, 90),
        (30, 60),
        (50, 70),
        (60, 62),
    ]
    assert selected_codings.one_per_coding(cut)["id"].tolist() == [1, 2, 3, 4, 5, 6, 7]
