"""S35 R: whose coding counts. A coder left out by `analysis.coders` is said to be left out
(at `codings import`, and by each command that counts the selection); a `codebook move`
that takes codings out from under a consensus decision says which decisions no longer apply
to them; a consensus « yes » on an axis adds no category of its own beside the coders'
sub-codes at a deeper level (matrix --level 2, compare)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.base import selected_codings
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.compare.inputs import CodingFilter, load_inputs
from ptce_coding.store import Store
from tests.test_agreement_cli import ALICE, BOB, segment_spans, write_codings
from tests.test_consensus_s34f import decide_level_one

Invoke = Callable[..., Result]


@pytest.fixture(autouse=True)
def nothing_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's commands say their notes afresh (a process says each note once)."""
    monkeypatch.setattr(selected_codings, "told", set())


def set_analysis(root: Path, coders: str = "[]", consensus: str = "") -> None:
    """project.yaml's `analysis.coders` (and `analysis.consensus`), as a user edits them."""
    settings = root / "project.yaml"
    lines = settings.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("  coders: []"):
            lines[i] = f"  coders: {coders}"
        elif consensus and line.lstrip().startswith("# consensus:"):
            lines[i] = f"  consensus: {consensus}"
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_coder_outside_analysis_coders_is_said_left_out(invoke: Invoke, imported: Path) -> None:
    set_analysis(imported, "[alice]")
    spans = segment_spans(invoke, imported)
    write_codings(imported / "alice.csv", "alice", ALICE, spans)
    write_codings(imported / "bob.csv", "bob", BOB, spans)
    alice = invoke("codings", "import", str(imported / "alice.csv"))
    assert alice.exit_code == 0, alice.output
    assert "not in analysis.coders" not in alice.output  # alice is listed
    bob = invoke("codings", "import", str(imported / "bob.csv"))
    assert bob.exit_code == 0, bob.output
    assert f"bob is not in analysis.coders (alice): these {len(BOB)} codings are not counted" in (
        bob.output
    )
    said = f"Note: not counted: bob ({len(BOB)} codings), not in `analysis.coders`"
    matrix = invoke("matrix", "--level", "1")
    assert matrix.exit_code == 0, matrix.output
    assert said in matrix.output
    assert matrix.output.count("not counted: bob") == 1  # once per command
    selected_codings.told.clear()  # a new command
    export = invoke("export", "qdpx", str(imported / "projet.qdpx"))
    assert export.exit_code == 0, export.output
    assert said in export.output
    selected_codings.told.clear()
    # named on the command line, the coders were chosen there: nothing to say
    chosen = invoke("matrix", "--level", "1", "--coders", "alice")
    assert chosen.exit_code == 0, chosen.output
    assert "not counted" not in chosen.output


def test_a_move_says_which_consensus_decisions_no_longer_apply(
    invoke: Invoke, two_coders: Path
) -> None:
    decide_level_one(invoke, two_coders)  # « non » on COOP at b2, where alice coded COOP.LIEU
    set_analysis(two_coders, consensus="consensus")
    with Store(two_coders / "coding.sqlite") as store:
        [no] = [
            row
            for row in store.coding_rows(coders=["consensus"], codes=["COOP"])
            if row.status == "rejected"
        ]
        [lieu] = [
            row
            for row in store.coding_rows(coders=["alice"], codes=["COOP.LIEU"])
            if row.document == no.document
        ]
    moved = invoke("codebook", "move", "COOP.LIEU", "--parent", "ECO")
    assert moved.exit_code == 0, moved.output
    assert "consensus decision(s) of consensus on COOP covered codings" in moved.output
    assert (
        f"{no.document} {no.start}-{no.end}, COOP « no »: alice's COOP.LIEU (now ECO.LIEU) "
        "counted again there"
    ) in moved.output
    assert "--level 1 --disagreements" in moved.output
    assert "codebook undo" in moved.output
    # the coding now counts under ECO on the passage the group refused as COOP: as said
    with Store(two_coders / "coding.sqlite") as store:
        assert [r.code for r in store.coding_rows(coders=["alice"]) if r.id == lieu.id] == [
            "ECO.LIEU"
        ]
    # a move within the axis leaves the decisions on ECO over its codings: nothing to say
    within = invoke("codebook", "move", "ECO.LIEU", "--parent", "ECO.PUBLIC")
    assert within.exit_code == 0, within.output
    assert "ECO.LIEU → ECO.PUBLIC.LIEU" in within.output
    assert "no longer apply" not in within.output


def test_a_yes_on_an_axis_adds_no_category_beside_its_sub_codes(
    invoke: Invoke, two_coders: Path
) -> None:
    decide_level_one(invoke, two_coders)  # « oui » on COOP at a5, where bob coded COOP.ACHATS
    agreed = ("--coders", "alice,bob", "--consensus", "consensus", "--format", "csv")

    def cells(*options: str) -> dict[str, dict[str, str]]:
        result = invoke("matrix", *options, *agreed)
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        return {row["case"]: row for row in rows}

    # the passage is counted under COOP.ACHATS at level 2, not again as COOP
    at_two = cells("--level", "2")
    assert at_two["pole-a"]["COOP"] == "0"
    assert at_two["pole-a"]["COOP.ACHATS"] == cells()["pole-a"]["COOP.ACHATS"]
    # at level 1 the axis still counts, once (the sub-codes roll up to it)
    at_one = cells("--level", "1")
    assert at_one["pole-a"]["COOP"] == "3"
    # the comparison's table (compare, the report's CA) reads the same
    book = load_codebook(two_coders / "codebooks" / "ptce.yaml")
    selection = CoderSelection(("alice", "bob"), "consensus")
    with Store(two_coders / "coding.sqlite") as store:
        inputs = load_inputs(store, book, level=2, filters=CodingFilter(selection=selection))
    assert inputs.counts.loc["pole-a", "COOP"] == 0
    assert not ((inputs.codings["coder"] == "consensus") & (inputs.codings["code"] == "COOP")).any()
