"""S39 I: `codebook undo` of a split whose re-assignment sheet was imported after a rename or
a move. The sheet's `former_code` is followed to the id the split code has now (S38 M), but
the re-assignment was recorded without the split's journal token (its code was looked up
under the id of the day), and the undo of the split expected each coding on the new code by
its id of the import day: after the rename or move was undone (the newest change first), the
undo of the split was refused, « codings made since `codebook split` … use codes the codebook
before it does not have: COOP.LIEU_ATELIERS (1 coding(s)), COOP.LIEU_BUREAUX (1 coding(s)) »,
and the codings could not get their code back (the split code is retired: no import gives it).

Now every undo, in reverse order, takes the project back: each coding on the code it had,
with its id, and the YAML as it was; `history` tells each step."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result

from ptce_coding.base.records import Coding
from ptce_coding.store import Store, recoding

Invoke = Callable[..., Result]
A, B = "pole-a/directrice.txt", "pole-b/membre.md"
SHEET = Path("outputs") / "reassign-COOP.LIEU.xlsx"
INTO = "COOP.LIEU_BUREAUX,COOP.LIEU_ATELIERS"
Row = tuple[int, str, int, int, str, str, str, str | None]


def stored_rows(root: Path) -> list[Row]:
    """(id, document, start, end, code, coder, status, memo) of every coding, by id."""
    with Store(root / "coding.sqlite") as store:
        return sorted(
            (r.id, r.document, r.start, r.end, r.code, r.coder, r.status, r.memo)
            for r in store.coding_rows(with_text=False)
        )


@pytest.fixture
def coded(imported: Path) -> Path:
    """anne's COOP.LIEU and COOP.ACHATS on one passage, paul's COOP.LIEU on another."""
    with Store(imported / "coding.sqlite") as store:
        store.add_codings(
            [
                Coding(A, 105, 150, "COOP.LIEU", "anne"),
                Coding(A, 105, 150, "COOP.ACHATS", "anne"),
                Coding(B, 60, 120, "COOP.LIEU", "paul"),
            ]
        )
    return imported


def ok_result(invoke: Invoke, *command: str) -> Result:
    result = invoke(*command)
    assert result.exit_code == 0, result.output
    return result


def fill_sheet(root: Path, codes: Mapping[str, str]) -> str:
    """The sheet's `code` cells: coder → the code their row gets."""
    path = root / SHEET
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        coder = row[header.index("coder")].value
        row[header.index("code")].value = codes.get(str(coder))
    workbook.save(path)
    return str(path)


# each: the changes made after the split and before the sheet is imported, and the codes the
# sheet's rows are given (by the ids of that day)
SINCE_THE_SPLIT: dict[str, tuple[list[list[str]], dict[str, str]]] = {
    "split code renamed": (
        [["rename", "COOP.LIEU", "COOP.LOCAUX"]],
        {"anne": "COOP.LIEU_BUREAUX", "paul": "COOP.LIEU_ATELIERS"},
    ),
    "split code moved": (
        [["move", "COOP.LIEU", "--parent", "ECO"]],
        {"anne": "COOP.LIEU_BUREAUX", "paul": "COOP.LIEU_ATELIERS"},
    ),
    "axis renamed": (
        [["rename", "COOP", "COOPERATION"]],
        {"anne": "COOPERATION.LIEU_BUREAUX", "paul": "COOPERATION.LIEU_ATELIERS"},
    ),
    "new code renamed": (
        [["rename", "COOP.LIEU_BUREAUX", "COOP.BUREAUX"]],
        {"anne": "COOP.BUREAUX", "paul": "COOP.LIEU_ATELIERS"},
    ),
    "both renamed, then moved": (
        [
            ["rename", "COOP.LIEU", "COOP.LOCAUX"],
            ["rename", "COOP.LIEU_ATELIERS", "COOP.ATELIERS"],
            ["move", "COOP.ATELIERS", "--parent", "ECO"],
        ],
        {"anne": "COOP.LIEU_BUREAUX", "paul": "ECO.ATELIERS"},
    ),
}


@pytest.mark.parametrize("case", list(SINCE_THE_SPLIT))
def test_each_undo_in_reverse_order_gives_the_reassigned_codings_their_code_back(
    invoke: Invoke, coded: Path, case: str
) -> None:
    """Before: the undo of the split was refused, « codings made since `codebook split` …
    use codes the codebook before it does not have: COOP.LIEU_ATELIERS (1 coding(s)),
    COOP.LIEU_BUREAUX (1 coding(s)) » (« COOP.LIEU_BUREAUX (1 coding(s)) » alone when only
    a new code was renamed), and the codings stayed on the retired code's new codes."""
    codebook = coded / "codebooks" / "ptce.yaml"
    start, text = stored_rows(coded), codebook.read_text(encoding="utf-8")
    changes, codes = SINCE_THE_SPLIT[case]
    ok_result(invoke, "codebook", "split", "COOP.LIEU", "--into", INTO)
    for change in changes:
        ok_result(invoke, "codebook", *change)
    imported = ok_result(invoke, "codings", "import", fill_sheet(coded, codes))
    assert "Re-assigned 2 codings of " in imported.stderr
    assert "`codebook undo` of the split gives them back" in imported.stderr
    assert sorted(row[4] for row in stored_rows(coded) if row[5] in codes) == sorted(
        [*codes.values(), "COOP.ACHATS" if case != "axis renamed" else "COOPERATION.ACHATS"]
    )
    for _ in changes:
        ok_result(invoke, "codebook", "undo")
    undone = ok_result(invoke, "codebook", "undo")
    assert "Undid `codebook split` of " in undone.output
    assert "→ COOP.LIEU: 1 coding" in undone.output
    assert stored_rows(coded) == start  # each coding on its code, with its id
    assert codebook.read_text(encoding="utf-8") == text


def test_a_sheet_imported_in_two_sittings_around_renames_comes_back_whole(
    invoke: Invoke, coded: Path
) -> None:
    """anne's row imported right after the split, paul's after the split code and a new
    code were renamed. Before: the undo of the split was refused, « … use codes the
    codebook before it does not have: COOP.LIEU_ATELIERS (1 coding(s)) » (paul's, recorded
    without the split's token), and anne's, recorded under COOP.LIEU_BUREAUX, stayed there
    too once its rename was undone."""
    start = stored_rows(coded)
    ok_result(invoke, "codebook", "split", "COOP.LIEU", "--into", INTO)
    ok_result(invoke, "codings", "import", fill_sheet(coded, {"anne": "COOP.LIEU_BUREAUX"}))
    ok_result(invoke, "codebook", "rename", "COOP.LIEU", "COOP.LOCAUX")
    ok_result(invoke, "codebook", "rename", "COOP.LIEU_BUREAUX", "COOP.BUREAUX")
    second = ok_result(
        invoke,
        "codings",
        "import",
        fill_sheet(coded, {"anne": "COOP.BUREAUX", "paul": "COOP.LIEU_ATELIERS"}),
    )
    assert (
        "Re-assigned 1 coding of COOP.LOCAUX: COOP.LIEU_ATELIERS 1 (1 re-assigned already; "
        "the same codings, ids kept, given their new code: `history` lists each; "
        "`codebook undo` of the split gives them back)"
    ) in second.stderr
    for _ in range(3):
        ok_result(invoke, "codebook", "undo")
    assert stored_rows(coded) == start


def test_a_reassigned_coding_a_person_recoded_since_comes_back_from_any_new_code(
    invoke: Invoke, coded: Path
) -> None:
    """After the import, anne's coding moved by her to the other new code, paul's to a code
    the codebook had before the split (`codings import --update` of an export). Before: the
    undo of the split was refused, « … use codes the codebook before it does not have:
    COOP.LIEU_ATELIERS (1 coding(s)) », and its hint (give them another code) could not give
    them the retired COOP.LIEU back. Now anne's comes back to COOP.LIEU; paul's keeps the
    code he chose, which the codebook before the split has."""
    start = stored_rows(coded)
    ok_result(invoke, "codebook", "split", "COOP.LIEU", "--into", INTO)
    ok_result(invoke, "codebook", "rename", "COOP.LIEU", "COOP.LOCAUX")
    codes = {"anne": "COOP.LIEU_BUREAUX", "paul": "COOP.LIEU_ATELIERS"}
    ok_result(invoke, "codings", "import", fill_sheet(coded, codes))
    out = coded / "export.csv"
    ok_result(invoke, "codings", "export", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    edits = {"COOP.LIEU_BUREAUX": "COOP.LIEU_ATELIERS", "COOP.LIEU_ATELIERS": "ECO.PUBLIC"}
    for row in rows:
        row["code"] = edits.get(row["code"], row["code"])
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    ok_result(invoke, "codings", "import", str(out), "--update")
    ok_result(invoke, "codebook", "undo")
    undone = ok_result(invoke, "codebook", "undo")
    assert "COOP.LIEU_ATELIERS → COOP.LIEU: 1 coding" in undone.output
    paul = next(row for row in start if row[5] == "paul")
    assert stored_rows(coded) == sorted(
        [*(row for row in start if row != paul), (*paul[:4], "ECO.PUBLIC", *paul[5:])]
    )


def _split_of_before_s39(changes: list[Mapping[str, Any]], code: str) -> Mapping[str, Any] | None:
    """How the store found a re-assignment's split before S39: by the id of the day."""
    undone = {change.get("undone") for change in changes} - {None}
    for change in reversed(changes):
        if change.get("operation") == "split" and change.get("source") == code:
            return None if change.get("journal") in undone else change
    return None


def test_a_reassignment_recorded_without_the_splits_token_is_given_back_too(
    invoke: Invoke, coded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store where an earlier version recorded a followed re-assignment without the
    split's token (its code looked up under the id of the day): the undo finds its split by
    that id, as the changes stood then. Before: refused, as above."""
    start = stored_rows(coded)
    ok_result(invoke, "codebook", "split", "COOP.LIEU", "--into", INTO)
    ok_result(invoke, "codebook", "rename", "COOP.LIEU", "COOP.LOCAUX")
    with monkeypatch.context() as patched:
        # (raising=False: the store of before S39 had no split_of, and recorded no token)
        patched.setattr(recoding, "split_of", _split_of_before_s39, raising=False)
        imported = ok_result(
            invoke, "codings", "import", fill_sheet(coded, {"anne": "COOP.LIEU_BUREAUX"})
        )
    assert "`codebook undo` of the split gives them back" not in imported.stderr
    events = json.loads(
        ok_result(
            invoke, "history", "--action", "codebook.split.reassign", "--format", "json"
        ).stdout
    )
    assert len(events) == 1 and '"journal"' not in events[0]["summary"]
    ok_result(invoke, "codebook", "undo")
    ok_result(invoke, "codebook", "undo")
    assert stored_rows(coded) == start


def test_history_tells_the_split_the_reassignment_and_their_undo(
    invoke: Invoke, coded: Path
) -> None:
    """`history --coding` tells each step of the coding, from the `codings.add` that added
    it (session 41, A), the re-assignment naming the split code by its id at the split;
    `history --code` of the split code lists the undo of its split. Before: the
    re-assignment named COOP.LOCAUX only, and the undo of the split (its `codebook.change`
    event) was not listed under COOP.LIEU."""
    anne = next(row[0] for row in stored_rows(coded) if row[4] == "COOP.LIEU" and row[5] == "anne")
    ok_result(invoke, "codebook", "split", "COOP.LIEU", "--into", INTO)
    ok_result(invoke, "codebook", "rename", "COOP.LIEU", "COOP.LOCAUX")
    ok_result(invoke, "codings", "import", fill_sheet(coded, {"anne": "COOP.LIEU_BUREAUX"}))
    ok_result(invoke, "codebook", "undo")
    ok_result(invoke, "codebook", "undo")

    def history(*options: str) -> list[dict[str, Any]]:
        shown = ok_result(invoke, "history", *options, "--format", "json").stdout
        return [{**event, "details": json.loads(event["summary"])} for event in json.loads(shown)]

    steps = [
        (event["action"], event["details"].get("before"), event["details"].get("after"))
        for event in history("--coding", str(anne))
    ]
    assert steps == [
        ("codings.add", None, None),
        ("codebook.rename", "COOP.LIEU", "COOP.LOCAUX"),
        ("codebook.split.reassign", "COOP.LOCAUX", "COOP.LIEU_BUREAUX"),
        ("codebook.undo", "COOP.LIEU_BUREAUX", "COOP.LIEU"),
    ]
    reassigned = history("--action", "codebook.split.reassign")[0]["details"]
    assert reassigned["split_code"] == "COOP.LIEU"
    undos = [
        event["details"]
        for event in history("--code", "COOP.LIEU", "--action", "codebook.change")
        if event["details"]["operation"] == "undo"
    ]
    assert [undo["undoes"] for undo in undos] == ["rename", "split"]
    assert undos[1]["codes"] == ["COOP.LIEU", "COOP.LIEU_ATELIERS", "COOP.LIEU_BUREAUX"]


def test_a_coding_reassigned_to_a_code_renamed_since_the_split_comes_back(
    invoke: Invoke, coded: Path
) -> None:
    """The sheet gives paul's coding a code the codebook had before the split, under the id a
    rename of its axis gave it since. Before: the undo of the split said nothing wrong and
    left paul's coding on ECO.PUBLIC (its id again after the rename was undone), where
    nobody had put it: the undo expected it on ECONOMIE.PUBLIC."""
    start = stored_rows(coded)
    ok_result(invoke, "codebook", "split", "COOP.LIEU", "--into", INTO)
    ok_result(invoke, "codebook", "rename", "ECO", "ECONOMIE")
    codes = {"anne": "COOP.LIEU_BUREAUX", "paul": "ECONOMIE.PUBLIC"}
    ok_result(invoke, "codings", "import", fill_sheet(coded, codes))
    ok_result(invoke, "codebook", "undo")
    undone = ok_result(invoke, "codebook", "undo")
    assert "ECO.PUBLIC → COOP.LIEU: 1 coding" in undone.output
    assert stored_rows(coded) == start
