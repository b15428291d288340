"""Codings files and codebook evolution (group trial, session 35): a `codings export` of a
code retired since comes back (unchanged, or with a status or memo edited with --update), and
the filled re-assignment sheet of a split moves each coding to its new code (one coding, its
id kept, the history saying so), which `codebook undo` of the split gives back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
from click.testing import Result

from ptce_coding.store import Store

Invoke = Callable[..., Result]
SHEET = "reassign-COOP.LIEU.xlsx"


def stored(root: Path) -> list[tuple[int, str, int, int, str, str, str, str | None]]:
    """(id, document, start, end, code, coder, status, memo) of every coding, by id."""
    with Store(root / "coding.sqlite") as store:
        return sorted(
            (r.id, r.document, r.start, r.end, r.code, r.coder, r.status, r.memo)
            for r in store.coding_rows(with_text=False)
        )


def exported(invoke: Invoke, root: Path, name: str = "export.csv") -> list[dict[str, str]]:
    out = root / name
    result = invoke("codings", "export", str(out))
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def split(invoke: Invoke, root: Path) -> Path:
    """COOP.LIEU (alice a2, b2; bob a2) split into COOP.LIEU_A and COOP.LIEU_B."""
    result = invoke("codebook", "split", "COOP.LIEU", "--into", "COOP.LIEU_A,COOP.LIEU_B")
    assert result.exit_code == 0, result.output
    return root / "outputs" / SHEET


def fill(sheet: Path, codes: dict[tuple[str, str], str], **cells: str) -> Path:
    """The sheet with its `code` cells filled: {(coder, document): code}; ``cells``: other
    columns given one value on every filled row."""
    workbook = openpyxl.load_workbook(sheet)
    rows = workbook.active
    header = [cell.value for cell in rows[1]]
    for number in range(2, rows.max_row + 1):
        coder = rows.cell(number, header.index("coder") + 1).value
        document = rows.cell(number, header.index("document") + 1).value
        code = codes.get((coder, document))
        if code:
            rows.cell(number, header.index("code") + 1, code)
            for name, value in cells.items():
                rows.cell(number, header.index(name) + 1, value)
    filled = sheet.with_name("filled-" + sheet.name)
    workbook.save(filled)
    return filled


A, B = "pole-a/directrice.txt", "pole-b/membre.md"


# --- 1. a `codings export` of a retired code comes back ----------------------------------


def test_an_unedited_export_imports_back_after_a_retire(invoke: Invoke, two_coders: Path) -> None:
    assert invoke("codebook", "retire", "COOP.LIEU").exit_code == 0
    rows = exported(invoke, two_coders)
    assert sum(row["code"] == "COOP.LIEU" for row in rows) == 3
    before = stored(two_coders)
    plain = invoke("codings", "import", str(two_coders / "export.csv"))
    assert plain.exit_code == 0, plain.output
    assert f"Imported 0 codings from {two_coders / 'export.csv'} ({len(rows)} already" in (
        plain.output
    )
    update = invoke("codings", "import", str(two_coders / "export.csv"), "--update")
    assert update.exit_code == 0, update.output
    assert f"changed 0 codings; {len(rows)} unchanged" in update.output
    assert stored(two_coders) == before


def test_a_memo_on_a_retired_code_is_edited_with_update(invoke: Invoke, two_coders: Path) -> None:
    assert invoke("codebook", "retire", "COOP.LIEU").exit_code == 0
    rows = exported(invoke, two_coders)
    edited = next(row for row in rows if row["code"] == "COOP.LIEU" and row["coder"] == "bob")
    edited["memo"] = "À revoir en réunion"
    write_rows(two_coders / "edited.csv", rows)
    plain = invoke("codings", "import", str(two_coders / "edited.csv"))
    assert plain.exit_code == 1
    assert "is retired" not in plain.output
    assert "import the file with --update" in plain.output
    update = invoke("codings", "import", str(two_coders / "edited.csv"), "--update")
    assert update.exit_code == 0, update.output
    assert "changed 1 coding (memo 1)" in update.output
    memos = {row[0]: row[7] for row in stored(two_coders)}
    assert memos[int(edited["id"])] == "À revoir en réunion"


def test_a_new_coding_or_a_move_to_a_retired_code_is_still_refused(
    invoke: Invoke, two_coders: Path
) -> None:
    assert invoke("codebook", "retire", "COOP.LIEU").exit_code == 0
    rows = exported(invoke, two_coders)
    before = stored(two_coders)
    # bob's ECO.PUBLIC moved to the retired code, by its id
    moved = [dict(row) for row in rows]
    target = next(r for r in moved if r["code"] == "ECO.PUBLIC" and r["coder"] == "bob")
    target["code"] = "COOP.LIEU"
    write_rows(two_coders / "moved.csv", moved)
    result = invoke("codings", "import", str(two_coders / "moved.csv"), "--update")
    assert result.exit_code == 1
    assert "1 row(s) cannot be imported" in result.output
    assert "code 'COOP.LIEU' is retired: it is no longer used for new codings" in result.output
    # a new coding of the retired code: bob's COOP.LIEU on alice's b2 passage
    added = [dict(row) for row in rows]
    new = dict(next(r for r in added if r["code"] == "COOP.LIEU" and r["document"] == B))
    added.append({**new, "coder": "bob", "id": ""})
    write_rows(two_coders / "added.csv", added)
    result = invoke("codings", "import", str(two_coders / "added.csv"), "--update")
    assert result.exit_code == 1
    assert "1 row(s) cannot be imported" in result.output
    assert "row 13: code 'COOP.LIEU' is retired" in result.output  # the row added
    # the passage of a coding of the retired code changed: a new passage for it
    stretched = [dict(row) for row in rows]
    coding = next(r for r in stretched if r["code"] == "COOP.LIEU" and r["coder"] == "bob")
    coding["end"] = str(int(coding["end"]) - 3)
    coding["text"] = ""
    write_rows(two_coders / "stretched.csv", stretched)
    result = invoke("codings", "import", str(two_coders / "stretched.csv"), "--update")
    assert result.exit_code == 1
    assert "1 row(s) cannot be imported" in result.output
    assert f"coding {coding['id']} keeps its passage" in result.output
    assert stored(two_coders) == before


# --- 2. the re-assignment sheet of a split moves the codings ------------------------------


def test_the_filled_reassign_sheet_moves_each_coding(invoke: Invoke, two_coders: Path) -> None:
    before = {row[0]: row for row in stored(two_coders)}
    sheet = split(invoke, two_coders)
    filled = fill(sheet, {("alice", A): "COOP.LIEU_A", ("bob", A): "COOP.LIEU_A"})
    result = invoke("codings", "import", str(filled))
    assert result.exit_code == 0, result.output
    assert "Re-assigned 2 codings of COOP.LIEU: COOP.LIEU_A 2" in result.output
    assert "1 row with an empty `code` cell: its coding stays on COOP.LIEU" in result.output
    after = {row[0]: row for row in stored(two_coders)}
    assert after.keys() == before.keys()  # no coding added, none removed
    changed = {i: (before[i][4], after[i][4]) for i in after if after[i] != before[i]}
    assert sorted(changed.values()) == [("COOP.LIEU", "COOP.LIEU_A")] * 2
    assert all(after[i][:4] + after[i][5:] == before[i][:4] + before[i][5:] for i in changed)
    # counted once: the retired code keeps alice's b2 only (the row left empty)
    matrix = invoke("matrix", "--codes", "COOP.LIEU", "--format", "csv")
    assert matrix.exit_code == 0, matrix.output
    assert "pole-a,0,1,0" in matrix.output and "pole-b,1,0,0" in matrix.output
    events = json.loads(
        invoke("history", "--action", "codebook.split.reassign", "--format", "json").stdout
    )
    assert len(events) == 2
    assert all('"before": "COOP.LIEU", "after": "COOP.LIEU_A"' in e["summary"] for e in events)
    # the sheet imported again changes nothing, and says so
    again = invoke("codings", "import", str(filled))
    assert again.exit_code == 0, again.output
    assert "Re-assigned 0 codings of COOP.LIEU (2 re-assigned already)" in again.output
    assert {row[0]: row for row in stored(two_coders)} == after


def test_undo_of_the_split_gives_the_reassigned_codings_back(
    invoke: Invoke, two_coders: Path
) -> None:
    codebook = two_coders / "codebooks" / "ptce.yaml"
    before, text = stored(two_coders), codebook.read_text("utf-8")
    sheet = split(invoke, two_coders)
    filled = fill(sheet, {("alice", A): "COOP.LIEU_A", ("alice", B): "COOP.LIEU_B"})
    assert invoke("codings", "import", str(filled)).exit_code == 0
    assert sum(row[4] == "COOP.LIEU" for row in stored(two_coders)) == 1
    undone = invoke("codebook", "undo")
    assert undone.exit_code == 0, undone.output
    assert stored(two_coders) == before
    assert codebook.read_text("utf-8") == text


def test_a_reassignment_onto_the_coders_own_coding_makes_one(
    invoke: Invoke, two_coders: Path
) -> None:
    before = stored(two_coders)
    sheet = split(invoke, two_coders)
    a2 = next(row for row in before if row[4] == "COOP.LIEU" and row[5] == "alice" and row[1] == A)
    twin = two_coders / "twin.csv"
    twin.write_text(
        f"document,start,end,code,coder\n{A},{a2[2]},{a2[3]},COOP.LIEU_A,alice\n", "utf-8"
    )
    assert invoke("codings", "import", str(twin)).exit_code == 0
    filled = fill(sheet, {("alice", A): "COOP.LIEU_A"})
    result = invoke("codings", "import", str(filled))
    assert result.exit_code == 0, result.output
    assert "1 of them fell on a coding the coder had there already" in result.output
    alice_a2 = [row for row in stored(two_coders) if row[1:4] == a2[1:4] and row[5] == "alice"]
    assert [row[4] for row in alice_a2 if row[4].startswith("COOP")] == ["COOP.LIEU_A"]
    folded = json.loads(
        invoke("history", "--action", "codebook.merge.twins", "--format", "json").stdout
    )
    assert len(folded) == 1 and '"code": "COOP.LIEU"' in folded[0]["summary"]  # kept whole
    # alice's own coding of the new code, made after the split, stops its undo (as any
    # coding of a split's new code does): said, nothing changed
    after = stored(two_coders)
    undone = invoke("codebook", "undo")
    assert undone.exit_code == 1
    assert "COOP.LIEU_A (1 coding(s))" in undone.output
    assert stored(two_coders) == after


def test_a_reassign_sheet_with_an_edited_status_needs_update(
    invoke: Invoke, two_coders: Path
) -> None:
    sheet = split(invoke, two_coders)
    filled = fill(sheet, {("bob", A): "COOP.LIEU_B"}, status="rejected")
    before = stored(two_coders)
    plain = invoke("codings", "import", str(filled))
    assert plain.exit_code == 1
    assert "status rejected" in plain.output and "--update" in plain.output
    assert stored(two_coders) == before
    update = invoke("codings", "import", str(filled), "--update")
    assert update.exit_code == 0, update.output
    bob = [row for row in stored(two_coders) if row[5] == "bob" and row[4].startswith("COOP.L")]
    assert [(row[4], row[6]) for row in bob] == [("COOP.LIEU_B", "rejected")]


def test_a_reassignment_to_two_codes_a_retired_or_unknown_code_or_none_is_refused(
    invoke: Invoke, two_coders: Path
) -> None:
    sheet = split(invoke, two_coders)
    assert invoke("codebook", "retire", "COOP.ACHATS").exit_code == 0
    before = stored(two_coders)
    for code, former, said in (
        ("COOP.LIEU_A; COOP.LIEU_B", "COOP.LIEU", "a coding re-assigned takes one code"),
        ("COOP.ACHATS", "COOP.LIEU", "code 'COOP.ACHATS' is retired"),
        ("COOP.NOPE", "COOP.LIEU", "unknown code 'COOP.NOPE'"),
        # its former code emptied: the coding it re-assigns is not said
        ("COOP.LIEU_A", "", "its former_code cell is empty"),
    ):
        filled = fill(sheet, {("bob", A): code}, former_code=former)
        result = invoke("codings", "import", str(filled))
        assert result.exit_code == 1
        assert said in result.output
        assert stored(two_coders) == before
