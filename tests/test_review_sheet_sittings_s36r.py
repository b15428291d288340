"""A review workbook filled in two sittings (s36-A, finding 2): the rows recorded at the first
import come back unchanged at the second, and are « already recorded », not a problem; only a
row whose decision differs from the one recorded is refused (or, with `--update`, changes it).
And `review --export` with nothing to review writes no empty workbook (s36-A, finding 9)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from ptce_coding.app.project import find_project
from tests.test_review_sheet_blind import (
    ACHATS,
    BLIND,
    LIEU,
    assign,
    export_sheet,
    fill,
    review,
    rule_rows,
    suggest,
)

PARTAGE = "partagés"  # a third suggestion, inside « locaux partagés »


def three_suggestions(project: Path) -> list[int]:
    return [
        suggest(project, LIEU, "COOP.LIEU"),
        suggest(project, ACHATS, "COOP.ACHATS"),
        suggest(project, PARTAGE, "COOP"),
    ]


def decisions(project: Path) -> dict[int, tuple[str, str | None]]:
    return {row.id: (row.status, row.reviewed_by) for row in rule_rows(project)}


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_a_sheet_filled_in_two_sittings_records_the_new_rows(
    imported: Path, tmp_path: Path
) -> None:
    """Before: « row 2: suggestion 1 is decided already by alice (accepted) … nothing was
    recorded », and `--export` over the sheet sent the user back to that import."""
    lieu, achats, partage = three_suggestions(imported)
    sheet = tmp_path / "revue.xlsx"
    export_sheet(imported, "alice", sheet)
    fill(sheet, {lieu: "accept"})
    first = review(imported, "--coder", "alice", "--import", str(sheet))
    assert first.exit_code == 0, first.output
    assert "Recorded 1 accepted and 0 rejected by alice (2 rows without a decision)" in (
        first.output
    )

    fill(sheet, {achats: "reject"})  # the second sitting, in the same workbook
    second = review(imported, "--coder", "alice", "--import", str(sheet))
    assert second.exit_code == 0, second.output
    assert (
        "Recorded 0 accepted and 1 rejected by alice (1 already recorded, 1 rows without a "
        "decision)" in one_line(second.output)
    )
    assert decisions(imported) == {
        lieu: ("accepted", "alice"),
        achats: ("rejected", "alice"),
        partage: ("suggested", None),
    }
    # the same workbook once more: nothing new, nothing refused
    third = review(imported, "--coder", "alice", "--import", str(sheet))
    assert third.exit_code == 0, third.output
    assert "Recorded 0 accepted and 0 rejected by alice (2 already recorded" in third.output
    # and a fresh list may be written over it: its decisions are all recorded
    assert [row["id"] for row in export_sheet(imported, "alice", sheet)] == [partage]


def test_a_changed_decision_is_refused_with_its_row_and_nothing_recorded(
    imported: Path, tmp_path: Path
) -> None:
    lieu, achats, partage = three_suggestions(imported)
    sheet = tmp_path / "revue.xlsx"
    export_sheet(imported, "alice", sheet)
    fill(sheet, {lieu: "accept"})
    assert review(imported, "--coder", "alice", "--import", str(sheet)).exit_code == 0
    fill(sheet, {lieu: "non", achats: "accept"})  # alice changed her mind on row 2
    result = review(imported, "--coder", "alice", "--import", str(sheet))
    assert result.exit_code == 1, result.output
    text = one_line(result.output)
    assert "1 problem(s), nothing was recorded" in text
    assert (
        f"row 2: suggestion {lieu} is recorded as accepted by alice, and the row says reject"
        in text
    )
    assert "--update" in text
    assert "Traceback" not in result.output
    assert decisions(imported)[lieu] == ("accepted", "alice")
    assert decisions(imported)[achats] == ("suggested", None)  # all or nothing

    changed = review(imported, "--coder", "alice", "--import", str(sheet), "--update")
    assert changed.exit_code == 0, changed.output
    assert (
        "Recorded 1 accepted and 1 rejected by alice (1 decision changed, 1 rows without a "
        "decision)" in one_line(changed.output)
    )
    assert decisions(imported) == {
        lieu: ("rejected", "alice"),
        achats: ("accepted", "alice"),
        partage: ("suggested", None),
    }
    with find_project(imported).open_store() as store:
        events = [e["action"] for e in store.events() if e["action"].startswith("coding.")]
    assert events[-3:] == ["coding.unreview", "coding.review", "coding.review"]


def test_another_reviewer_s_decision_is_not_already_recorded(
    imported: Path, tmp_path: Path
) -> None:
    lieu, _, _ = three_suggestions(imported)
    sheet = tmp_path / "revue.xlsx"
    export_sheet(imported, "alice", sheet)
    fill(sheet, {lieu: "accept"})
    assert review(imported, "--coder", "alice", "--import", str(sheet)).exit_code == 0
    result = review(imported, "--coder", "bob", "--import", str(sheet))
    assert result.exit_code == 1, result.output
    assert f"row 2: suggestion {lieu} is not pending in the store" in result.output
    assert "already recorded" not in result.output


def test_an_edited_row_of_a_recorded_decision_is_refused(imported: Path, tmp_path: Path) -> None:
    lieu, _, _ = three_suggestions(imported)
    sheet = tmp_path / "revue.xlsx"
    export_sheet(imported, "alice", sheet)
    fill(sheet, {lieu: "accept"})
    assert review(imported, "--coder", "alice", "--import", str(sheet)).exit_code == 0
    book = load_workbook(sheet)
    book.worksheets[0]["F2"] = "COOP.ACHATS"  # the code cell of the decided row
    book.save(sheet)
    result = review(imported, "--coder", "alice", "--import", str(sheet))
    assert result.exit_code == 1, result.output
    assert f"row 2: suggestion {lieu} is of code COOP.LIEU, not COOP.ACHATS" in result.output


def test_the_second_coder_s_sheet_imported_twice_is_already_recorded(
    imported: Path, tmp_path: Path
) -> None:
    """Blind double coding: bob's rows of his own decisions are « already recorded », and
    alice's decision is never told. Before: « is decided already by bob (accepted) »."""
    assign(imported, BLIND)
    lieu = suggest(imported, LIEU, "COOP.LIEU")
    assert review(imported, "--coder", "alice", keys="r").exit_code == 0
    sheet = tmp_path / "revue-bob.xlsx"
    export_sheet(imported, "bob", sheet)
    fill(sheet, {lieu: "accept"})
    assert review(imported, "--coder", "bob", "--import", str(sheet)).exit_code == 0
    again = review(imported, "--coder", "bob", "--import", str(sheet))
    assert again.exit_code == 0, again.output
    assert "Recorded 0 accepted and 0 rejected by bob (1 already recorded" in again.output
    fill(sheet, {lieu: "reject"})
    changed = review(imported, "--coder", "bob", "--import", str(sheet))
    assert changed.exit_code == 1
    assert f"suggestion {lieu} is recorded as accepted by bob, and the row says reject" in (
        one_line(changed.output)
    )
    assert "alice" not in again.output + changed.output  # blind
    assert review(imported, "--coder", "bob", "--import", str(sheet), "--update").exit_code == 0
    bobs = [row for row in rule_rows(imported) if row.reviewed_by == "bob"]
    assert [row.status for row in bobs] == ["rejected"]


def test_update_applies_only_to_an_import(imported: Path) -> None:
    result = review(imported, "--update")
    assert result.exit_code == 1  # a usage error, as the command's other options
    assert "--update only applies to --import" in result.output


def test_an_export_before_code_writes_no_empty_workbook(imported: Path, tmp_path: Path) -> None:
    """Before: « Wrote 0 suggestions to r.xlsx », exit 0, an empty workbook."""
    sheet = tmp_path / "r.xlsx"
    result = review(imported, "--export", str(sheet))
    assert result.exit_code == 0, result.output
    text = one_line(result.output)
    assert (
        "No suggestion to review yet: run `ptce-coding code` (rules) or `ptce-coding suggest`"
        in (text)
    )
    assert f"nothing was written to {sheet}" in text
    assert not sheet.exists()


def test_an_export_with_every_suggestion_decided_writes_nothing(
    imported: Path, tmp_path: Path
) -> None:
    lieu = suggest(imported, LIEU, "COOP.LIEU")
    assert review(imported, "--coder", "alice", keys="a").exit_code == 0
    assert decisions(imported)[lieu] == ("accepted", "alice")
    sheet = tmp_path / "r.xlsx"
    result = review(imported, "--coder", "alice", "--export", str(sheet))
    assert result.exit_code == 0, result.output
    text = one_line(result.output)
    assert "Nothing to review: no suggestion waits for alice's decision" in text
    assert f"nothing was written to {sheet}" in text
    assert not sheet.exists()
