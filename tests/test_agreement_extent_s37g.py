"""S37 G: `agreement` compares a document only as far as every coder evidently coded it. A coder
who stopped halfway did not say « absent » on the rest: those units are left out (and said),
unless --whole-documents; an end left uncoded as a coder leaves other stretches (the
interview's closing) is not cut; a suggestion the coder reviewed shows how far they read."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import pytest
from click.testing import Result
from sklearn.metrics import cohen_kappa_score

from ptce_coding.base.records import Coding
from ptce_coding.store import Store
from tests.test_agreement_cli import write_codings

Invoke = Callable[..., Result]
DOCUMENT = "pole-b/longue.txt"
OTHER = "pole-a/longue.txt"  # a second long interview, for the tests that need two
# 12 interviewee turns (u0 … u11), each one segment, between the interviewer's questions
LONG = "".join(
    f"E : Question {i} ?\n\nAnne : Réponse numéro {i} sur le pôle.\n\n" for i in range(12)
)
U = [f"u{i}" for i in range(12)]
# alice codes the whole interview; bob codes as she does, but differs on u3
ALICE = [("COOP.LIEU", u) for u in U[:3]] + [("ECO.PUBLIC", u) for u in U[3:]]
BOB = [("COOP.LIEU", u) for u in U[:4]] + [("ECO.PUBLIC", u) for u in U[4:]]


def spans_and_segments(invoke: Invoke, root: Path, document: str) -> tuple[dict, dict[str, int]]:
    """Each turn's (document, start, end) and its `segment` number in ``document``, from
    `segments export`."""
    out = root / "segments.csv"
    assert invoke("segments", "export", str(out)).exit_code == 0
    rows = pd.read_csv(out)
    rows = rows[rows["document"] == document]
    spans, numbers = {}, {}
    for i, unit in enumerate(U):
        row = rows[rows["text"] == f"Réponse numéro {i} sur le pôle."].iloc[0]
        spans[unit] = (document, int(row["start"]), int(row["end"]))
        numbers[unit] = int(row["segment"])
    return spans, numbers


def code(
    invoke: Invoke, root: Path, coders: dict[str, list[tuple[str, str]]], document: str = DOCUMENT
) -> dict[str, int]:
    """A long interview imported as ``document`` and coded by ``coders``; the turns' segment
    numbers."""
    text = LONG if document == DOCUMENT else LONG.replace("Anne", "Paul")  # not a duplicate
    (root / "corpus" / document).write_text(text, encoding="utf-8")
    assert invoke("import", str(root / "corpus")).exit_code == 0
    spans, numbers = spans_and_segments(invoke, root, document)
    for coder, items in coders.items():
        write_codings(root / f"{coder}.csv", coder, items, spans)
        result = invoke("codings", "import", str(root / f"{coder}.csv"))
        assert result.exit_code == 0, result.output
    return numbers


def presence(items: list[tuple[str, str]], code_id: str, units: list[str]) -> list[int]:
    return [int((code_id, unit) in items) for unit in units]


def rows_of(result: Result) -> dict[str, dict]:
    assert result.exit_code == 0, result.output
    return {row["code"]: row for row in json.loads(result.stdout)}


def check_statistics(row: dict, first: list[int], second: list[int]) -> None:
    """The row's statistics, computed afresh from the two presence vectors."""
    assert row["units"] == len(first)
    assert row["percent"] == pytest.approx(100 * np.mean(np.equal(first, second)))
    assert row["cohen_kappa"] == pytest.approx(cohen_kappa_score(first, second), abs=1e-9)
    alpha = krippendorff.alpha(reliability_data=[first, second], level_of_measurement="nominal")
    assert row["krippendorff_alpha"] == pytest.approx(alpha, abs=1e-9)


def test_a_coder_who_stopped_halfway_is_compared_up_to_where_they_stopped(
    invoke: Invoke, tmp_project: Path
) -> None:
    """bob codes the first six turns and stops: the six after are left out, said, and the
    statistics are those of the six turns both coded; --whole-documents counts all twelve."""
    numbers = code(invoke, tmp_project, {"alice": ALICE, "bob": BOB[:6]})
    stopped = BOB[:6]
    result = invoke("agreement", "--coders", "alice,bob", "--format", "json")
    rows = rows_of(result)
    read = U[:6]
    for code_id in ("COOP.LIEU", "ECO.PUBLIC"):
        check_statistics(
            rows[code_id], presence(ALICE, code_id, read), presence(stopped, code_id, read)
        )
    said = " ".join(result.stderr.split())
    assert (
        f"Left out: bob's coding of {DOCUMENT} stops at segment {numbers['u5']} (unit 6 of "
        f"12) while alice's goes on: the 6 units after it (segments {numbers['u6']}–"
        f"{numbers['u11']}, 6 of them coded by alice) are left out of the alice–bob "
        "comparison." in said
    )
    assert "1 document(s) coded by alice, bob; unit: segment (6 units)" in said
    assert "give --whole-documents to count every unit" in said

    whole = invoke("agreement", "--coders", "alice,bob", "--whole-documents", "--format", "json")
    for code_id in ("COOP.LIEU", "ECO.PUBLIC"):
        check_statistics(
            rows_of(whole)[code_id], presence(ALICE, code_id, U), presence(stopped, code_id, U)
        )
    assert "Left out:" not in whole.stderr


def test_a_document_unit_is_the_part_both_coded(invoke: Invoke, tmp_project: Path) -> None:
    """With --unit document, the document is read up to where bob stopped: alice's ECO.PUBLIC
    after it is no disagreement."""
    code(invoke, tmp_project, {"alice": ALICE, "bob": BOB[:3]})
    rows = rows_of(
        invoke("agreement", "--coders", "alice,bob", "--unit", "document", "--format", "json")
    )
    assert rows["COOP.LIEU"]["percent"] == 100.0
    assert "ECO.PUBLIC" not in rows  # alice coded it after u2 only


def test_an_uncoded_end_the_coder_left_as_nothing_to_code_is_not_cut(
    invoke: Invoke, tmp_project: Path
) -> None:
    """In one interview bob stops after six turns; in the other he codes all but the last two
    turns (its closing), which alice coded: only the first is cut, and in the second those
    two turns count as disagreements."""
    code(invoke, tmp_project, {"alice": ALICE, "bob": BOB[:6]})
    closing = BOB[:10]
    code(invoke, tmp_project, {"alice": ALICE, "bob": closing}, OTHER)
    result = invoke("agreement", "--coders", "alice,bob", "--format", "json")
    for code_id in ("COOP.LIEU", "ECO.PUBLIC"):
        first = presence(ALICE, code_id, U) + presence(ALICE, code_id, U[:6])
        second = presence(closing, code_id, U) + presence(BOB[:6], code_id, U[:6])
        check_statistics(rows_of(result)[code_id], first, second)  # in any order
    said = " ".join(result.stderr.split())
    assert said.count("Left out:") == 1
    assert f"bob's coding of {DOCUMENT} stops" in said


def test_a_suggestion_the_coder_reviewed_shows_they_read_that_far(
    invoke: Invoke, tmp_project: Path
) -> None:
    """bob coded the first six turns of both interviews by hand, and in the other one
    rejected the rules' suggestion on the last turn: he read that one to the end, so its
    turns in between count (as « absent » for him); the first is cut where he stopped."""
    code(invoke, tmp_project, {"alice": ALICE, "bob": BOB[:6]})
    code(invoke, tmp_project, {"alice": ALICE, "bob": BOB[:6]}, OTHER)
    with Store(tmp_project / "coding.sqlite") as store:
        document = store.document(OTHER)
        assert document is not None
        start = document.text.index("Réponse numéro 11")
        suggestion = Coding(OTHER, start, start + 17, "COOP.LIEU", "rules", "rule", "suggested")
        store.replace_suggestions("rule", [document.id], [(document.id, suggestion)])
        [row] = store.coding_rows(methods=["rule"])
        store.review(row.id, "rejected", "bob")
    result = invoke("agreement", "--coders", "alice,bob", "--format", "json")
    assert rows_of(result)["ECO.PUBLIC"]["units"] == 12 + 6
    said = " ".join(result.stderr.split())
    assert said.count("Left out:") == 1
    assert f"bob's coding of {DOCUMENT} stops" in said


def test_each_pair_is_cut_where_one_of_the_two_stopped(invoke: Invoke, tmp_project: Path) -> None:
    """alice and carol code the whole interview, bob stops after six turns: the pairs with bob
    compare six units and say so, alice–carol all twelve; the three together compare six."""
    code(invoke, tmp_project, {"alice": ALICE, "bob": BOB[:6], "carol": BOB})
    result = invoke("agreement", "--coders", "alice,bob,carol", "--pairs", "--format", "json")
    assert result.exit_code == 0, result.output
    units = {
        (row["coder"], row["with"]): row["units"]
        for row in json.loads(result.stdout)
        if row["with"] != "(mean)"
    }
    assert units == {("alice", "bob"): 6, ("alice", "carol"): 12, ("bob", "carol"): 6}
    said = " ".join(result.stderr.split())
    assert "left out of the alice–bob comparison" in said
    assert "left out of the bob–carol comparison" in said
    assert "alice–carol comparison" not in said
    together = rows_of(invoke("agreement", "--coders", "alice,bob,carol", "--format", "json"))
    assert together["COOP.LIEU"]["units"] == 6
