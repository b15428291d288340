"""`codings import --update`: a codings export edited in a spreadsheet (memo, status, code,
passage) changes the stored codings it names, and a disagreements workbook's decision changed
after its import changes the consensus coding; a person's codings only, by their own coder,
all or nothing, each change in the history. Without --update the edits are refused, and the
refusal says --update applies them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.store.manual import NotYourCoding


def _export(invoke, root: Path, name: str = "codages.xlsx") -> Path:
    path = root / name
    result = invoke("codings", "export", str(path))
    assert result.exit_code == 0, result.output
    return path


def _stored(invoke, root: Path) -> dict[int, dict[str, str]]:
    """The store's codings as `codings export` writes them, by id."""
    path = _export(invoke, root, "check.csv")
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return {int(row["id"]): row for row in rows}


def _edit(path: Path, changes: dict[int, dict[str, object]], drop=(), add=()) -> None:
    """The workbook with the cells of ``changes`` ({coding id: {column: value}}) edited, the
    rows of ``drop`` (ids) deleted and the rows of ``add`` ({column: value}) appended."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    for number in range(sheet.max_row, 1, -1):
        coding_id = sheet.cell(row=number, column=header.index("id") + 1).value
        if coding_id in drop:
            sheet.delete_rows(number)
            continue
        for column, value in changes.get(coding_id, {}).items():
            sheet.cell(row=number, column=header.index(column) + 1).value = value
    for row in add:
        sheet.append([row.get(column) for column in header])
    book.save(path)


def _changes(invoke, *options: str) -> list[dict]:
    """The `coding.import.change` events `history` lists with ``options``: (coding, before,
    after) of each."""
    result = invoke("history", "--format", "json", "--action", "coding.import.change", *options)
    assert result.exit_code == 0, result.output
    details = [json.loads(event["summary"]) for event in json.loads(result.stdout)]
    return [(d["coding"], d["before"], d["after"]) for d in details]


def _one_line(output: str) -> str:
    return " ".join(output.split())


def _ids(root: Path, coder: str) -> dict[tuple[str, str, int], int]:
    """{(code, document, start): id} of ``coder``'s codings."""
    with find_project(root).open_store() as store:
        rows = store.coding_rows(coders=[coder], with_text=False)
    return {(r.code, r.document, r.start): r.id for r in rows}


def test_an_edited_export_changes_the_codings_it_names_with_update(invoke, two_coders: Path):
    before = _stored(invoke, two_coders)
    alice = _ids(two_coders, "alice")
    lieu = alice[("COOP.LIEU", "pole-a/directrice.txt", 105)]
    public = alice[("ECO.PUBLIC", "pole-a/directrice.txt", 284)]
    achats = alice[("COOP.ACHATS", "pole-a/directrice.txt", 237)]
    region = alice[("ECO.PUBLIC", "pole-b/membre.md", 201)]
    left_out = alice[("COOP.LIEU", "pole-b/membre.md", 74)]
    sheet = _export(invoke, two_coders)
    changes = {
        lieu: {"memo": "locaux partagés depuis 2012"},
        public: {"status": "rejected"},
        achats: {"code": "COOP"},
        region: {"start": 205, "end": 228},  # « subvention de la Région », text left as it was
    }
    new = {"document": "pole-b/membre.md", "start": 74, "end": 166, "code": "COOP"}
    _edit(sheet, changes, drop={left_out}, add=[{**new, "coder": "alice"}])

    refused = invoke("codings", "import", str(sheet))
    assert refused.exit_code == 1
    said = _one_line(refused.output)
    assert "4 row(s) cannot be imported, so nothing was imported" in said
    assert f"to apply the row's edits to coding {lieu}, import the file with --update" in said
    assert (  # the passage edited, the exported text left: the offsets say the passage
        f"coding {region} is ECO.PUBLIC at 201-234 in the store, the row says ECO.PUBLIC at "
        f"205-228: an import adds codings and never changes or removes one: to apply the row's "
        f"edits to coding {region}, import the file with --update"
    ) in said
    assert _stored(invoke, two_coders) == before

    result = invoke("codings", "import", str(sheet), "--update")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert (
        f"Imported 1 coding from {sheet}; changed 4 codings (code 1, passage 1, status 1, "
        "memo 1); 6 unchanged" in _one_line(result.output)
    )
    after = _stored(invoke, two_coders)
    assert after[lieu]["memo"] == "locaux partagés depuis 2012"
    assert after[public]["status"] == "rejected"
    assert after[achats]["code"] == "COOP"
    assert (after[region]["start"], after[region]["end"]) == ("205", "228")
    assert after[region]["text"] == "subvention de la Région"
    assert after[left_out] == before[left_out]  # absent from the file: kept
    added = [row for i, row in after.items() if i not in before]
    assert [(r["document"], r["code"], r["coder"], r["method"]) for r in added] == [
        ("pole-b/membre.md", "COOP", "alice", "import")
    ]
    untouched = set(before) - {lieu, public, achats, region}
    assert {i: after[i] for i in untouched} == {i: before[i] for i in untouched}

    assert _changes(invoke, "--coding", str(achats)) == [
        (achats, {"code": "COOP.ACHATS"}, {"code": "COOP"})
    ]
    assert _changes(invoke, "--coding", str(region)) == [
        (region, {"passage": [201, 234]}, {"passage": [205, 228]})
    ]
    assert _changes(invoke, "--coding", str(lieu)) == [
        (lieu, {"memo": None}, {"memo": "locaux partagés depuis 2012"})
    ]
    assert len(_changes(invoke, "--code", "COOP.ACHATS")) == 1  # found by its former code

    again = invoke("codings", "import", str(sheet), "--update")
    assert again.exit_code == 0, again.output
    assert "Imported 0 codings" in again.output
    assert "changed 0 codings; 11 unchanged" in _one_line(again.output)


def test_a_tagger_suggestion_edited_is_refused_and_one_sent_back_is_passed_over(
    invoke, suggested: Path
):
    document = "pole-a/directrice.txt"
    path = suggested / "alice.csv"
    path.write_text(f"document,start,end,code,coder\n{document},9,36,COOP,alice\n")
    assert invoke("codings", "import", str(path)).exit_code == 0
    sheet = _export(invoke, suggested)
    before = _stored(invoke, sheet.parent)
    rule = next(i for i, row in before.items() if row["method"] == "rule")
    mine = next(i for i, row in before.items() if row["coder"] == "alice")

    _edit(sheet, {mine: {"memo": "à revoir"}})  # the suggestions' rows as exported
    result = invoke("codings", "import", str(sheet), "--update")
    assert result.exit_code == 0, result.output
    assert "changed 1 coding (memo 1); 2 unchanged" in _one_line(result.output)

    _edit(sheet, {rule: {"status": "accepted"}, mine: {"memo": "revu"}})
    refused = invoke("codings", "import", str(sheet), "--update")
    assert refused.exit_code == 1
    said = _one_line(refused.output)
    assert (
        f"its `id` names coding {rule}, a suggestion of the rule tagger (waiting for review): "
        "a suggestion is decided in the review, not changed from a file. Review it instead "
        "(`ptce-coding review`, or `ptce-coding serve`)"
    ) in said
    after = _stored(invoke, sheet.parent)
    assert after[mine]["memo"] == "à revoir"  # all or nothing: the memo row not applied
    assert after[rule] == before[rule]


def test_a_row_naming_another_coders_coding_is_refused(invoke, two_coders: Path):
    before = _stored(invoke, two_coders)
    bob = _ids(two_coders, "bob")[("COOP.LIEU", "pole-a/directrice.txt", 105)]
    sheet = _export(invoke, two_coders)
    _edit(sheet, {bob: {"coder": "alice", "code": "COOP"}})
    result = invoke("codings", "import", str(sheet), "--update")
    assert result.exit_code == 1
    assert (
        f"its `id` names coding {bob}, bob's, and its coder is alice: a coding is changed by "
        "its own coder only" in _one_line(result.output)
    )
    assert _stored(invoke, two_coders) == before


def test_an_unknown_code_in_an_edited_row_refuses_the_whole_file(invoke, two_coders: Path):
    before = _stored(invoke, two_coders)
    alice = _ids(two_coders, "alice")
    lieu = alice[("COOP.LIEU", "pole-a/directrice.txt", 105)]
    achats = alice[("COOP.ACHATS", "pole-a/directrice.txt", 237)]
    sheet = _export(invoke, two_coders)
    _edit(sheet, {lieu: {"memo": "un avis"}, achats: {"code": "COOP.ACHAT"}})
    result = invoke("codings", "import", str(sheet), "--update")
    assert result.exit_code == 1
    said = _one_line(result.output)
    assert "1 row(s) cannot be imported, so nothing was imported" in said
    assert "unknown code 'COOP.ACHAT', not in the codebook" in said
    assert _stored(invoke, two_coders) == before
    assert _changes(invoke) == []


def test_a_change_that_makes_a_coding_twice_is_refused(invoke, two_coders: Path):
    """alice's ECO.PUBLIC recoded COOP.LIEU on a passage where she has COOP.LIEU already."""
    before = _stored(invoke, two_coders)
    alice = _ids(two_coders, "alice")
    public = alice[("ECO.PUBLIC", "pole-a/directrice.txt", 105)]
    lieu = alice[("COOP.LIEU", "pole-a/directrice.txt", 105)]
    sheet = _export(invoke, two_coders)
    _edit(sheet, {public: {"code": "COOP.LIEU"}})
    result = invoke("codings", "import", str(sheet), "--update")
    assert result.exit_code == 1
    assert f"alice has that coding already (coding {lieu})" in _one_line(result.output)
    assert _stored(invoke, two_coders) == before


def test_a_stored_suggestion_is_not_changed_through_the_store(suggested: Path):
    """The store refuses it too (a caller other than the file reading)."""
    with find_project(suggested).open_store() as store:
        row = store.coding_rows(methods=["rule"])[0]
        values = Coding(row.document, row.start, row.end, row.code, row.coder, status="accepted")
        with pytest.raises(NotYourCoding, match="not by a person"):
            store.change_codings([(row.id, values)])
        assert store.coding_rows(methods=["rule"])[0] == row


def test_a_decision_changed_in_the_disagreements_workbook(invoke, two_coders: Path):
    workbook = two_coders / "desaccords.xlsx"
    result = invoke("agreement", "--coders", "alice,bob", "--disagreements", str(workbook))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(workbook)
    sheet = book["disagreements"]
    header = [cell.value for cell in sheet[1]]
    decision, code = header.index("decision") + 1, header.index("code") + 1
    for number in range(2, sheet.max_row + 1):
        sheet.cell(row=number, column=decision).value = "oui"
    book.save(workbook)
    assert invoke("codings", "import", str(workbook)).exit_code == 0
    with find_project(two_coders).open_store() as store:
        consensus = {r.code: r for r in store.coding_rows(coders=["consensus"])}
    assert {c: r.status for c, r in consensus.items()} == dict.fromkeys(
        ("COOP.LIEU", "COOP.ACHATS", "ECO.PUBLIC"), "accepted"
    )

    for number in range(2, sheet.max_row + 1):
        if sheet.cell(row=number, column=code).value == "COOP.LIEU":
            sheet.cell(row=number, column=decision).value = "non"
    book.save(workbook)
    refused = invoke("codings", "import", str(workbook))
    assert refused.exit_code == 1
    assert "import the file with --update" in _one_line(refused.output)

    result = invoke("codings", "import", str(workbook), "--update")
    assert result.exit_code == 0, result.output
    assert "changed 1 coding (status 1); 2 unchanged" in _one_line(result.output)
    with find_project(two_coders).open_store() as store:
        now = {r.code: r.status for r in store.coding_rows(coders=["consensus"])}
    assert now == {"COOP.LIEU": "rejected", "COOP.ACHATS": "accepted", "ECO.PUBLIC": "accepted"}
    lieu = consensus["COOP.LIEU"].id
    assert _changes(invoke, "--coding", str(lieu)) == [
        (lieu, {"status": "accepted"}, {"status": "rejected"})
    ]
