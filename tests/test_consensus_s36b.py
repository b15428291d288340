"""S36 B: a group of three coders settles its disagreements in rounds. A disagreement the
group decided is not offered again as undecided (the second `agreement --disagreements`
fills its decision in); the report's count of codings is the coders' codings, the
consensus's decisions said apart; a decision on part of a disagreement's passage settles
that passage's unit."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import Result

from ptce_coding.analysis.disagreements_sheet import Decided, decision_on
from ptce_coding.analysis.synthesis_data import synthesis_data
from ptce_coding.app.project import find_project
from ptce_coding.base import selected_codings
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.report import method_facts
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.synthesis import Synthesis, build_synthesis
from tests.test_agreement_cli import ALICE, BOB, segment_spans, write_codings

Invoke = Callable[..., Result]
CAROL = [("COOP.LIEU", "a2"), ("ECO.PUBLIC", "a2"), ("COOP.ACHATS", "a4"), ("ECO.PUBLIC", "b4")]
CODERS = "alice,bob,carol"


@pytest.fixture(autouse=True)
def nothing_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's commands say their notes afresh (a process says each note once)."""
    monkeypatch.setattr(selected_codings, "told", set())


@pytest.fixture
def three(invoke: Invoke, imported: Path) -> Path:
    """alice, bob and carol coded both interviews (codings import)."""
    spans = segment_spans(invoke, imported)
    for name, items in (("alice", ALICE), ("bob", BOB), ("carol", CAROL)):
        write_codings(imported / f"{name}.csv", name, items, spans)
        result = invoke("codings", "import", str(imported / f"{name}.csv"))
        assert result.exit_code == 0, result.output
    return imported


def sheet_rows(path: Path) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(path)["disagreements"]
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]


def decide(path: Path, decisions: dict[tuple[object, object, object], str]) -> None:
    """Fill `decision` of the rows of (document, start, code) in ``decisions``."""
    book = openpyxl.load_workbook(path)
    sheet = book["disagreements"]
    header = [cell.value for cell in sheet[1]]
    at = {name: header.index(name) + 1 for name in ("document", "start", "code", "decision")}
    for number in range(2, sheet.max_row + 1):
        key = tuple(
            sheet.cell(row=number, column=at[n]).value for n in ("document", "start", "code")
        )
        if key in decisions:
            sheet.cell(row=number, column=at["decision"]).value = decisions[key]
    book.save(path)


def key(row: dict[str, object]) -> tuple[object, object, object]:
    return (row["document"], row["start"], row["code"])


def test_a_decided_disagreement_is_not_offered_again_as_undecided(
    invoke: Invoke, three: Path
) -> None:
    first = three / "desaccords-1.xlsx"
    result = invoke("agreement", "--coders", CODERS, "--disagreements", str(first))
    assert result.exit_code == 0, result.output
    rows = sheet_rows(first)
    assert len(rows) == 4 and all(not r["decision"] for r in rows)
    decided = {key(rows[0]): "non", key(rows[2]): "oui"}
    decide(first, decided)
    result = invoke("codings", "import", str(first), "--coder", "consensus")
    assert result.exit_code == 0, result.output

    second = three / "desaccords-2.xlsx"
    result = invoke("agreement", "--coders", CODERS, "--disagreements", str(second))
    assert result.exit_code == 0, result.output
    again = sheet_rows(second)
    # the same disagreements, in the same order: the coders' codings did not change
    assert [key(r) for r in again] == [key(r) for r in rows]
    shown = {key(r): r["decision"] for r in again}
    assert shown == {
        key(rows[0]): "no",
        key(rows[1]): None,
        key(rows[2]): "yes",
        key(rows[3]): None,
    }
    assert "4 disagreement(s)" in result.output
    assert "2 decided already" in " ".join(result.output.split())

    # imported again as it is, it adds nothing: the decisions are the store's
    again_in = invoke("codings", "import", str(second), "--coder", "consensus")
    assert again_in.exit_code == 0, again_in.output
    assert "Imported 0 codings" in again_in.output and "(2 already present)" in again_in.output


def test_a_no_on_an_axis_decides_the_codes_under_it(invoke: Invoke, three: Path) -> None:
    """Decided at --level 1 (« no » on COOP), the full-depth sheet's COOP.* rows on that
    passage are decided « no » too: the selection takes the codes under a « no » out."""
    first = three / "axes.xlsx"
    result = invoke("agreement", "--coders", CODERS, "--level", "1", "--disagreements", str(first))
    assert result.exit_code == 0, result.output
    rows = sheet_rows(first)
    coop = [r for r in rows if r["code"] == "COOP"]
    assert coop
    decide(first, {key(r): "non" for r in coop})
    assert invoke("codings", "import", str(first), "--coder", "consensus").exit_code == 0
    second = three / "codes.xlsx"
    result = invoke("agreement", "--coders", CODERS, "--disagreements", str(second))
    assert result.exit_code == 0, result.output
    passages = {(r["document"], r["start"]) for r in coop}
    for row in sheet_rows(second):
        under = str(row["code"]).startswith("COOP.") and (row["document"], row["start"]) in passages
        assert row["decision"] == ("no" if under else None), row


def settled(invoke: Invoke, root: Path) -> None:
    """The first sheet of three coders, two rows decided: « non » on alice's COOP.LIEU in
    pole B's b2, « oui » on ECO.PUBLIC in pole A's a2 (alice and carol coded it, bob not)."""
    sheet = root / "desaccords.xlsx"
    result = invoke("agreement", "--coders", CODERS, "--disagreements", str(sheet))
    assert result.exit_code == 0, result.output
    rows = sheet_rows(sheet)
    decide(sheet, {key(rows[0]): "non", key(rows[2]): "oui"})
    result = invoke("codings", "import", str(sheet), "--coder", "consensus")
    assert result.exit_code == 0, result.output


def synthesis(root: Path, consensus: str | None) -> Synthesis:
    project = find_project(root)
    with project.open_store(create=False) as store:
        data = synthesis_data(store)
    choices = ReportChoices(project="test", selection=CoderSelection(consensus=consensus))
    return build_synthesis(data, project.load_codebook(), choices)


def test_the_count_of_codings_leaves_the_consensus_apart(invoke: Invoke, three: Path) -> None:
    """alice 6 codings, bob 5, carol 4. The « non » takes out alice's COOP.LIEU in b2, the
    « oui » stands for alice's and carol's ECO.PUBLIC in a2: 4 + 5 + 3 = 12 codings of the
    coders are counted; the group's two decisions are said apart, not added to them."""
    settled(invoke, three)
    built = synthesis(three, "consensus")
    said = method_facts.provenance(built)
    assert said.startswith("12 codages des codeurs comptés, tous codés à la main."), said
    assert "13" not in said
    assert built.figures["codings"] == 12  # the cover's count, as the method note's (was 13)
    assert "2 décisions de consensus" in said and "1 « oui »" in said and "1 « non »" in said


def test_a_consensus_not_applied_is_said_to_count_as_a_coder(invoke: Invoke, three: Path) -> None:
    """Without `analysis.consensus`, the coder consensus is pooled as one more coder: its
    « oui » is counted beside the codings it decided (the same passage twice); the count
    says so, and how to apply it."""
    settled(invoke, three)
    said = method_facts.provenance(synthesis(three, None))
    assert said.startswith("16 codages comptés, tous codés à la main"), said
    assert "dont 1 de consensus" in said
    assert "analysis.consensus" in said


def partial_no(root: Path, spans: dict[str, tuple[str, int, int]]) -> tuple[int, int]:
    """The group's « no » on COOP.LIEU written by hand on the first sentence of pole B's b2
    alone (alice coded the whole turn, bob and carol not): its passage (start, end)."""
    document, start, end = spans["b2"]
    with find_project(root).open_store(create=False) as store:
        text = store.document_texts()[document]
    sentence_end = text.index(".", start) + 1
    assert start < sentence_end < end
    path = root / "decision.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "start", "end", "code", "coder", "status"])
        writer.writerow([document, start, sentence_end, "COOP.LIEU", "consensus", "rejected"])
    return start, sentence_end


def matrix_cell(invoke: Invoke, document: str, code: str, *options: str) -> str:
    result = invoke("matrix", "--rows", "document", "--format", "csv", *options)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(result.stdout.splitlines()))
    header = rows[0]
    return next(row for row in rows[1:] if row[0] == document)[header.index(code)]


def test_a_decision_on_part_of_a_passage_decides_its_row(invoke: Invoke, three: Path) -> None:
    """The « no » on b2's first sentence settles b2 (the segment it touches): the next
    sheet lists b2's COOP.LIEU as decided « no »."""
    spans = segment_spans(invoke, three)
    partial_no(three, spans)
    assert invoke("codings", "import", str(three / "decision.csv")).exit_code == 0
    sheet = three / "desaccords.xlsx"
    result = invoke("agreement", "--coders", CODERS, "--disagreements", str(sheet))
    assert result.exit_code == 0, result.output
    document, unit_start, _ = spans["b2"]
    [row] = [r for r in sheet_rows(sheet) if key(r) == (document, unit_start, "COOP.LIEU")]
    assert row["decision"] == "no"
    assert "Left to decide" not in result.output


def test_a_decision_on_part_of_a_passage_settles_its_segment(invoke: Invoke, three: Path) -> None:
    """The group said « no » to alice's COOP.LIEU in b2, writing the decision on the
    turn's first sentence only: the rest of alice's coding in that turn no longer counts
    in the matrices (the unit the group decided is the turn); alice's coding is kept as
    she made it."""
    spans = segment_spans(invoke, three)
    document = spans["b2"][0]
    with find_project(three).open_store(create=False) as store:
        stored = store.coding_rows(coders=["alice"])
    partial_no(three, spans)
    assert invoke("codings", "import", str(three / "decision.csv")).exit_code == 0
    assert matrix_cell(invoke, document, "COOP.LIEU", "--consensus", "consensus") == "0"
    assert matrix_cell(invoke, document, "COOP.LIEU", "--consensus", "none") == "1"
    with find_project(three).open_store(create=False) as store:
        assert store.coding_rows(coders=["alice"]) == stored


def test_the_sheet_names_the_projects_consensus(invoke: Invoke, three: Path) -> None:
    """With `analysis.consensus: groupe`, the sheet's `coder` is groupe (imported as it is,
    its decisions are the ones the analyses apply), and groupe's decisions fill it in."""
    settings = three / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    old = "  # consensus: consensus "
    assert old in text
    settings.write_text(text.replace(old, "  consensus: groupe      "), encoding="utf-8")
    first = three / "desaccords-1.xlsx"
    assert invoke("agreement", "--coders", CODERS, "--disagreements", str(first)).exit_code == 0
    rows = sheet_rows(first)
    assert {r["coder"] for r in rows} == {"groupe"}
    decide(first, {key(rows[1]): "oui"})
    result = invoke("codings", "import", str(first))
    assert result.exit_code == 0, result.output
    second = three / "desaccords-2.xlsx"
    result = invoke("agreement", "--coders", CODERS, "--disagreements", str(second))
    assert result.exit_code == 0, result.output
    assert [r["decision"] for r in sheet_rows(second)] == [None, "yes", None, None]
    assert "(coder: groupe)" in " ".join(result.output.split())


def test_what_a_decision_decides_of_a_row() -> None:
    """decision_on reads the decisions as the selection applies them: of the row's code, or
    a « no » above it; on the whole passage, on part of it, or both ways."""
    decisions = pd.DataFrame(
        [
            ("d", 0, 100, "COOP", "rejected"),
            ("d", 100, 150, "ECO.PUBLIC", "accepted"),
            ("d", 200, 220, "ECO.PUBLIC", "rejected"),
            ("d", 300, 400, "GOUV", "accepted"),
            ("d", 300, 400, "GOUV", "rejected"),
            ("d", 500, 600, "ECO", "accepted"),
        ],
        columns=["document", "start", "end", "code", "status"],
    )
    assert decision_on(decisions, "d", 10, 90, "COOP.LIEU").decision == "no"
    assert decision_on(decisions, "d", 100, 150, "ECO.PUBLIC").decision == "yes"
    assert decision_on(decisions, "e", 100, 150, "ECO.PUBLIC") == Decided()
    assert decision_on(decisions, "d", 200, 250, "ECO.PUBLIC").parts == ("no on 200–220",)
    assert decision_on(decisions, "d", 300, 400, "GOUV").parts == (
        "yes and no, both on the whole passage",
    )
    # a « yes » on an axis is not a « yes » on a code under it (those stay the coders')
    assert decision_on(decisions, "d", 500, 600, "ECO.PUBLIC") == Decided()
