"""S37 M1: consensus decisions across `codebook merge`, `rename` and `move`, and the texts a
merge into a new code takes.

A consensus « no » on one code of a merge took out, on the merged code, the codings of the
other codes the group had not refused (both coders' agreed coding gone from the matrices,
silently); now such a « no » is set aside, said, and `codebook undo` puts it back. A rename
of an axis warned that its decisions no longer applied though they moved with it, and the
advised `agreement` named one coder (refused). A merge into a new code took the first
source's label and definition without a word, and said « its exclude cites B, which is now
NEW » of a code excluding itself."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from ptce_coding.base import selected_codings
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.store import Store
from tests.test_agreement_cli import segment_spans, write_codings
from tests.test_consensus_s34f import decide_level_one
from tests.test_whose_coding_s35r import set_analysis

Invoke = Callable[..., Result]
MERGED = "COOP.MUTUALISATION"


@pytest.fixture(autouse=True)
def nothing_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's commands say their notes afresh (a process says each note once)."""
    monkeypatch.setattr(selected_codings, "told", set())


def matrix(invoke: Invoke, *options: str) -> list[str]:
    result = invoke("matrix", "--format", "csv", *options)
    assert result.exit_code == 0, result.output
    return [",".join(row) for row in csv.reader(io.StringIO(result.stdout)) if row]


def stored(root: Path) -> list[tuple[object, ...]]:
    """Every coding, every column."""
    with Store(root / "coding.sqlite") as store:
        return [row.as_tuple() for row in store.coding_rows()]


def decide(invoke: Invoke, root: Path, decisions: dict[tuple[str, str], str]) -> None:
    """alice and bob's disagreements sheet, ``decisions`` ((code, unit text start): yes/no)
    filled in (the other rows left empty), imported as the consensus, which project.yaml
    then names."""
    sheet = root / "desaccords.xlsx"
    result = invoke("agreement", "--coders", "alice,bob", "--disagreements", str(sheet))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(sheet)
    rows = book["disagreements"]
    header = [cell.value for cell in rows[1]]
    column = header.index("decision") + 1
    for number, row in enumerate(rows.iter_rows(min_row=2, values_only=True), start=2):
        values = dict(zip(header, row, strict=True))
        for (code, start), decision in decisions.items():
            if values["code"] == code and str(values["text"]).startswith(start):
                rows.cell(row=number, column=column).value = decision
    book.save(sheet)
    result = invoke("codings", "import", str(sheet), "--coder", "consensus")
    assert result.exit_code == 0, result.output
    set_analysis(root, consensus="consensus")


def test_a_no_on_one_merged_code_takes_out_no_coding_of_another(
    invoke: Invoke, imported: Path, tmp_path: Path
) -> None:
    """a2: both coded COOP.LIEU, alice COOP.ACHATS too, refused (the trial's case). a4: alice
    coded both codes, both refused. a5: alice coded both, COOP.ACHATS refused, COOP.LIEU
    left undecided."""
    spans = segment_spans(invoke, imported)
    alice = [("COOP.LIEU", "a2"), ("COOP.ACHATS", "a2"), ("COOP.LIEU", "a4")]
    alice += [("COOP.ACHATS", "a4"), ("COOP.LIEU", "a5"), ("COOP.ACHATS", "a5")]
    for coder, items in (("alice", alice), ("bob", [("COOP.LIEU", "a2"), ("ECO.PUBLIC", "a5")])):
        write_codings(imported / f"{coder}.csv", coder, items, spans)
        result = invoke("codings", "import", str(imported / f"{coder}.csv"))
        assert result.exit_code == 0, result.output
    decide(
        invoke,
        imported,
        {
            ("COOP.ACHATS", "Oui, nous avon"): "no",
            ("COOP.LIEU", "Les achats"): "no",
            ("COOP.ACHATS", "Les achats"): "no",
            ("COOP.ACHATS", "Et puis le FSE"): "no",
        },
    )
    # COOP.LIEU counts at a2 (agreed) and a5 (undecided), not at a4 (refused)
    assert matrix(invoke, "--codes", "COOP.LIEU") == ["case,COOP.LIEU", "pole-a,2", "pole-b,"]
    before = stored(imported)

    merged = invoke("codebook", "merge", "COOP.LIEU", "COOP.ACHATS", "--into", MERGED)
    assert merged.exit_code == 0, merged.output
    a2, a5 = spans["a2"], spans["a5"]
    assert (
        "warning: 2 consensus « no » of consensus set aside: on the code the change made of "
        "theirs, they would take out codings the group did not refuse there (kept in the "
        "history; `ptce-coding codebook undo` puts them back)"
    ) in merged.output
    assert (
        f"  {a2[0]} {a2[1]}-{a2[2]}, COOP.ACHATS « no » (now {MERGED}): would take out alice's "
        f"COOP.LIEU (now {MERGED}), bob's COOP.LIEU (now {MERGED}); alice's COOP.ACHATS (now "
        f"{MERGED}) counted again there; alice and bob both coded {MERGED} there: nothing to "
        "decide\n"
    ) in merged.output
    assert (
        f"  {a5[0]} {a5[1]}-{a5[2]}, COOP.ACHATS « no » (now {MERGED}): would take out alice's "
        f"COOP.LIEU (now {MERGED}); alice's COOP.ACHATS (now {MERGED}) counted again there; "
        f"alice coded {MERGED} there, bob did not: to decide again\n"
    ) in merged.output
    # the group's « no » at a4 covered both codes: carried, on the merged code
    assert "Les achats" not in merged.output and f"{spans['a4'][1]}-" not in merged.output
    assert matrix(invoke, "--codes", MERGED) == [f"case,{MERGED}", "pole-a,2", "pole-b,"]

    # the command advised to decide again runs: a5 to decide, a4 decided (carried)
    advised = re.search(r"To decide again: `ptce-coding (agreement [^`]+)`", merged.output)
    assert advised is not None, merged.output
    assert (
        advised.group(1) == "agreement --coders alice,bob --level 2 --disagreements desaccords.xlsx"
    )
    again = tmp_path / "encore.xlsx"
    args = advised.group(1).replace("desaccords.xlsx", str(again)).split()
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    listed = openpyxl.load_workbook(again)["disagreements"]
    header = [cell.value for cell in listed[1]]
    rows = [dict(zip(header, r, strict=True)) for r in listed.iter_rows(2, values_only=True)]
    # a4 with the group's « no » filled in (carried), a5 to decide
    assert [(r["start"], r["decision"]) for r in rows if r["code"] == MERGED] == [
        (spans["a4"][1], "no"),
        (a5[1], None),
    ]

    undone = invoke("codebook", "undo")
    assert undone.exit_code == 0, undone.output
    assert "  2 consensus decisions the change had set aside back" in undone.output
    assert stored(imported) == before  # the decisions set aside are back, ids included
    assert matrix(invoke, "--codes", "COOP.LIEU") == ["case,COOP.LIEU", "pole-a,2", "pole-b,"]


def test_a_renamed_axis_keeps_its_decisions_without_a_warning(
    invoke: Invoke, two_coders: Path
) -> None:
    decide_level_one(invoke, two_coders)  # « non » on COOP at b2, over alice's COOP.LIEU
    set_analysis(two_coders, consensus="consensus")
    level_one = matrix(invoke, "--level", "1")
    renamed = invoke("codebook", "rename", "COOP", "COOPERATION")
    assert renamed.exit_code == 0, renamed.output
    assert "consensus" not in renamed.output  # the decisions moved with the codes
    assert matrix(invoke, "--level", "1") == [
        line.replace("COOP,", "COOPERATION,") for line in level_one
    ]


def test_the_command_advised_to_decide_again_runs(invoke: Invoke, two_coders: Path) -> None:
    """A move that takes codings out from under a decision (alice's COOP.LIEU under a « no »
    on COOP at b2, analysis.coders not set): the advised `agreement` names both coders."""
    decide_level_one(invoke, two_coders)
    set_analysis(two_coders, consensus="consensus")
    moved = invoke("codebook", "move", "COOP.LIEU", "--parent", "ECO")
    assert moved.exit_code == 0, moved.output
    assert "alice's COOP.LIEU (now ECO.LIEU) counted again there" in moved.output
    advised = re.findall(r"`ptce-coding (agreement [^`]+)`", moved.output)
    assert advised == ["agreement --coders alice,bob --level 1 --disagreements desaccords.xlsx"]
    sheet = two_coders / "encore.xlsx"
    result = invoke(*advised[0].replace("desaccords.xlsx", str(sheet)).split())
    assert result.exit_code == 0, result.output
    assert sheet.is_file()


def test_a_merge_into_a_new_code_says_whose_texts_it_took_and_takes_a_label(
    invoke: Invoke, two_coders: Path
) -> None:
    path = two_coders / "codebooks" / "ptce.yaml"
    original = path.read_bytes()
    merged = invoke("codebook", "merge", "COOP.LIEU", "COOP.ACHATS", "--into", MERGED)
    assert merged.exit_code == 0, merged.output
    assert (
        f"  {MERGED}, a new code, took the label, definition, include and exclude of "
        "COOP.LIEU (« Mutualisation de locaux »); those of COOP.ACHATS are left out. To give "
        "it its own: `ptce-coding codebook undo`, then the merge again with --label and "
        "--definition\n"
    ) in merged.output
    assert invoke("codebook", "undo").exit_code == 0
    assert path.read_bytes() == original

    empty = invoke(
        "codebook", "merge", "COOP.LIEU", "COOP.ACHATS", "--into", MERGED, "--label", " "
    )
    assert empty.exit_code == 1
    assert f"Error: the label given for {MERGED} is empty" in empty.output
    assert path.read_bytes() == original

    labelled = invoke(
        "codebook",
        "merge",
        "COOP.LIEU",
        "COOP.ACHATS",
        "--into",
        MERGED,
        "--label",
        "Mutualisation de moyens",
        "--definition",
        "Locaux, achats et moyens partagés.",
    )
    assert labelled.exit_code == 0, labelled.output
    code = load_codebook(path).get(MERGED)
    assert (code.label, code.definition) == (
        "Mutualisation de moyens",
        "Locaux, achats et moyens partagés.",
    )
    assert (
        f"  {MERGED}, a new code, took the include and exclude of COOP.LIEU; those of "
        "COOP.ACHATS are left out\n"
    ) in labelled.output
    assert invoke("codebook", "undo").exit_code == 0
    assert path.read_bytes() == original


def test_a_code_whose_exclude_cites_a_code_merged_into_it_is_said_to_exclude_itself(
    invoke: Invoke, imported: Path
) -> None:
    path = imported / "codebooks" / "ptce.yaml"
    text = path.read_text(encoding="utf-8")
    cited = text.replace(
        "exclude: Un lieu d'un seul membre.",
        "exclude: Un lieu d'un seul membre ; les achats en commun (COOP.ACHATS).",
    )
    assert cited != text
    path.write_text(cited, encoding="utf-8")
    merged = invoke("codebook", "merge", "COOP.LIEU", "COOP.ACHATS", "--into", MERGED)
    assert merged.exit_code == 0, merged.output
    place = load_codebook(path).get(MERGED).line
    assert (
        f"warning: codebooks/ptce.yaml, line {place}: code {MERGED}: its exclude cites "
        f"COOP.ACHATS, merged into {MERGED}: the code now excludes part of itself (rewrite "
        "its exclude: what the merged codes no longer tell apart)"
    ) in merged.output
    assert "which is now" not in merged.output
