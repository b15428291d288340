"""S34 F: a consensus decided on a `--level 1` disagreements workbook settles the codes under
the axis it decides; a coder holding decisions that nothing applies is said."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import Result

from ptce_coding.base import notices, selected_codings
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.base.selected_codings import select_codings, unapplied_decisions
from ptce_coding.interop.codings_file import CodebookIds, decisions_note, read_codings

# The two coders of conftest's `two_coders` coded sub-codes only (COOP.LIEU, COOP.ACHATS,
# ECO.PUBLIC). At level 1 they differ on COOP at b2 (alice's COOP.LIEU) and at a5 (bob's
# COOP.ACHATS), and on ECO at a2 (alice's ECO.PUBLIC).
DECIDED = {
    ("COOP", "Non, il n'y a "): "non",
    ("COOP", "Et puis le FSE"): "oui",
    ("ECO", "Oui, nous avon"): "non",
}


@pytest.fixture(autouse=True)
def nothing_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's commands say their notes afresh (a process says each note once)."""
    monkeypatch.setattr(selected_codings, "told", set())


def decide_level_one(invoke: Callable[..., Result], root: Path) -> Path:
    """The level-1 disagreements workbook, every row decided (DECIDED), imported as the
    consensus; returns the workbook."""
    path = root / "desaccords.xlsx"
    result = invoke(
        "agreement", "--coders", "alice,bob", "--level", "1", "--disagreements", str(path)
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    sheet = book["disagreements"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    assert {(r["code"], r["text"][:14]) for r in rows} == set(DECIDED)
    column = header.index("decision") + 1
    for number, row in enumerate(rows, start=2):
        sheet.cell(row=number, column=column).value = DECIDED[(row["code"], row["text"][:14])]
    book.save(path)
    result = invoke("codings", "import", str(path), "--coder", "consensus")
    assert result.exit_code == 0, result.output
    return path


def matrix(invoke: Callable[..., Result], *options: str) -> list[str]:
    result = invoke("matrix", "--format", "csv", "--coders", "alice,bob", *options)
    assert result.exit_code == 0, result.output
    return [",".join(row) for row in csv.reader(io.StringIO(result.stdout)) if row]


@pytest.mark.slow  # several commands on a project (about a second)
def test_a_no_on_an_axis_takes_out_the_codes_under_it(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    pooled = matrix(invoke, "--level", "1")
    assert pooled == ["case,COOP,ECO", "pole-a,3,2", "pole-b,1,1"]
    decide_level_one(invoke, two_coders)
    # « non » on COOP at b2 takes out alice's COOP.LIEU there, « non » on ECO at a2 her
    # ECO.PUBLIC; « oui » on COOP at a5 keeps the axis
    assert matrix(invoke, "--level", "1", "--consensus", "consensus") == [
        "case,COOP,ECO",
        "pole-a,3,1",
        "pole-b,0,1",
    ]
    # at full depth: the « oui » on COOP at a5 keeps bob's COOP.ACHATS there (what the group
    # confirmed, more precisely said), and is a COOP coding of its own
    full = matrix(invoke, "--consensus", "consensus")
    assert full == [
        "case,COOP,COOP.LIEU,COOP.ACHATS,ECO,ECO.PUBLIC",
        "pole-a,1,1,2,0,1",
        "pole-b,0,0,0,0,1",
    ]


def test_the_rule_on_a_frame() -> None:
    def coding(code: str, coder: str, start: int, status: str = "accepted") -> dict[str, object]:
        return {
            "document": "d",
            "start": start,
            "end": start + 10,
            "code": code,
            "coder": coder,
            "status": status,
            "method": "import",
            "reviewed_by": None,
        }

    frame = pd.DataFrame(
        [
            coding("MORPH.EMPLOI.CAE", "alice", 0),  # 0: under a « no »: out
            coding("MORPH", "bob", 0),  # 1: the code decided « no »: out
            coding("MORPHO", "alice", 0),  # 2: another code, not under MORPH: stays
            coding("GOUV.CA", "alice", 0),  # 3: another axis: stays
            coding("MORPH.EMPLOI", "bob", 30),  # 4: not on the passage: stays
            coding("ECO.PUBLIC", "alice", 50),  # 5: under a « yes »: stays
            coding("ECO", "bob", 50),  # 6: the code decided « yes »: replaced by it
            coding("MORPH", "consensus", 0, "rejected"),  # 7
            coding("ECO", "consensus", 50),  # 8
        ]
    )
    kept = select_codings(frame, CoderSelection(("alice", "bob"), "consensus"))
    assert list(kept.index) == [2, 3, 4, 5, 7, 8]


@pytest.mark.slow
def test_decisions_nothing_applies_are_said(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    decide_level_one(invoke, two_coders)
    # every coder pooled, no consensus set: consensus is one more coder, and it is said
    result = invoke("matrix", "--level", "1", "--format", "csv")
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert (
        "Note: coder consensus holds 2 « no » decision(s) (a filled disagreements workbook "
        "imported as consensus?) that are not applied" in said
    )
    assert (
        "set `analysis: {consensus: consensus}` in project.yaml, or give --consensus consensus"
        in said
    )
    applied = invoke("matrix", "--level", "1", "--format", "csv", "--consensus", "consensus")
    assert applied.exit_code == 0 and "Note: coder" not in applied.stderr
    # said once in a process, however often the codings are selected (`run`: matrices,
    # network, report; `serve`: each page)
    assert "Note: coder" not in invoke("matrix", "--format", "csv").stderr
    selected_codings.told.clear()
    export = invoke("export", "qdpx", str(two_coders / "x.qdpx"))
    assert export.exit_code == 0
    assert " ".join(export.output.split()).count("Note: coder consensus holds 2") == 1


def test_a_note_is_said_once(monkeypatch: pytest.MonkeyPatch) -> None:
    heard: list[str] = []
    monkeypatch.setattr(notices, "notice", heard.append)
    frame = pd.DataFrame(
        {
            "document": ["d", "d"],
            "start": [0, 0],
            "end": [5, 5],
            "code": ["ECO", "ECO"],
            "coder": ["alice", "consensus"],
            "status": ["accepted", "rejected"],
            "method": ["import", "import"],
            "reviewed_by": [None, None],
        }
    )
    for _ in range(3):  # `run`: the matrices, the network, the report
        assert len(select_codings(frame, CoderSelection())) == 2
    assert len(heard) == 1 and heard[0].startswith("Note: coder consensus holds 1 « no »")
    # the consensus applied: nothing to say
    assert list(select_codings(frame, CoderSelection(consensus="consensus")).index) == [1]
    assert len(heard) == 1


def test_a_tagger_rejected_suggestion_is_no_decision() -> None:
    frame = pd.DataFrame(
        {
            "coder": ["rules", "alice", "consensus", "consensus"],
            "status": ["rejected", "accepted", "rejected", "accepted"],
        }
    )
    assert unapplied_decisions(frame) == {"consensus": 1}


@pytest.mark.slow
def test_the_import_says_how_decisions_are_applied(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    path = decide_level_one(invoke, two_coders)
    from ptce_coding.app.project import find_project

    project = find_project(two_coders)
    with project.open_store() as store:
        found = read_codings(
            path,
            texts=store.document_texts(),
            codebook=CodebookIds.of(project.load_codebook()),
            coder="consensus",
            existing={row.id: row for row in store.coding_rows()},
        )
    assert found.decided == {"consensus": 3}
    note = " ".join(decisions_note(found, CoderSelection()).split())
    assert note.startswith(
        "3 consensus decision(s) (rows with a `decision`) under coder consensus: no consensus "
        "is set, so matrix, report, export qdpx, network, evaluate and compare would count "
        "consensus as one more coder, and its « no » would remove nothing."
    )
    assert "set `analysis: {consensus: consensus}` in project.yaml" in note
    assert "--consensus consensus" in note
    applied = decisions_note(found, CoderSelection(consensus="consensus"))
    assert "the project's consensus: applied where they decide" in " ".join(applied.split())
    other = " ".join(decisions_note(found, CoderSelection(consensus="accord")).split())
    assert "analysis.consensus is accord, not consensus" in other
