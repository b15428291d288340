"""The review spreadsheet (`review --export` / `--import`) as Excel leaves it: an id stored as
text, a header typed « Decision », a sheet of notes put before the review, a merged `decision`,
a formula without a saved value, French answers. Each is read, or refused with a message that
says where and what to do; never a decision silently lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
from click.testing import Result

from ptce_coding.store import Store

Invoke = Callable[..., Result]


def statuses(root: Path) -> dict[int, tuple[str, str | None]]:
    with Store(root / "coding.sqlite") as store:
        return {
            row.id: (row.status, row.reviewed_by) for row in store.coding_rows(methods=["rule"])
        }


def exported(invoke: Invoke, root: Path) -> tuple[Path, openpyxl.Workbook, list[int]]:
    """The review sheet written by `review --export`, opened, and its rows' ids."""
    sheet = root / "revue.xlsx"
    result = invoke("review", "--export", str(sheet))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(sheet)
    ids = [row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert len(ids) == 2
    return sheet, book, ids


def refused(result: Result, *expected: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output, result.output


def test_an_id_stored_as_text_is_read(invoke: Invoke, suggested: Path) -> None:
    sheet, book, ids = exported(invoke, suggested)
    rows = book.worksheets[0]
    rows["A2"] = str(ids[0])  # « 125 »: pasted, or back from a CSV
    rows["A3"] = f"{ids[1]}.0"  # « 125.0 »
    rows["L2"], rows["L3"] = "accept", "reject"
    book.save(sheet)
    result = invoke("review", "--import", str(sheet), "--coder", "alice")
    assert result.exit_code == 0, result.output
    assert (
        "Recorded 1 accepted and 1 rejected by alice (0 rows without a decision)" in result.output
    )
    assert statuses(suggested) == {ids[0]: ("accepted", "alice"), ids[1]: ("rejected", "alice")}


def test_an_id_that_is_no_number_is_refused(invoke: Invoke, suggested: Path) -> None:
    sheet, book, _ = exported(invoke, suggested)
    rows = book.worksheets[0]
    rows["A2"], rows["L2"], rows["L3"] = "12a", "accept", "accept"
    book.save(sheet)
    refused(
        invoke("review", "--import", str(sheet)),
        "revue.xlsx: sheet 'review': 1 problem(s), nothing was recorded",
        "row 2: id '12a' is not a suggestion's id",
        "put them back as exported",
    )
    assert {status for status, _ in statuses(suggested).values()} == {"suggested"}


def test_a_header_typed_with_a_capital_is_read(invoke: Invoke, suggested: Path) -> None:
    sheet, book, ids = exported(invoke, suggested)
    rows = book.worksheets[0]
    rows["A1"], rows["L1"], rows["L2"] = "ID", "Décision ", "accept"
    book.save(sheet)
    result = invoke("review", "--import", str(sheet), "--coder", "alice")
    assert result.exit_code == 0, result.output
    assert statuses(suggested)[ids[0]] == ("accepted", "alice")


def test_a_missing_column_is_named(invoke: Invoke, suggested: Path) -> None:
    sheet, book, _ = exported(invoke, suggested)
    rows = book.worksheets[0]
    rows["L1"], rows["L2"] = "decisions", "accept"
    book.save(sheet)
    refused(
        invoke("review", "--import", str(sheet)),
        "revue.xlsx, line 1: no sheet has the column(s) `decision` in its first row",
        "the first sheet's: id, document",
    )
    assert {status for status, _ in statuses(suggested).values()} == {"suggested"}


def test_a_sheet_of_notes_before_the_review_is_left_alone(invoke: Invoke, suggested: Path) -> None:
    sheet, book, ids = exported(invoke, suggested)
    book.worksheets[0]["L3"] = "reject"
    notes = book.create_sheet("notes", 0)
    notes.append(["à relire avec Bob"])
    book.active = 0
    book.save(sheet)
    result = invoke("review", "--import", str(sheet), "--coder", "alice")
    assert result.exit_code == 0, result.output
    assert statuses(suggested)[ids[1]] == ("rejected", "alice")


def test_two_review_sheets_are_refused(invoke: Invoke, suggested: Path) -> None:
    sheet, book, _ = exported(invoke, suggested)
    book.worksheets[0]["L2"] = "accept"
    book.copy_worksheet(book.worksheets[0])
    book.save(sheet)
    refused(
        invoke("review", "--import", str(sheet)),
        "2 sheets have `id` and `decision` columns (review, review Copy)",
    )
    assert {status for status, _ in statuses(suggested).values()} == {"suggested"}


def test_a_merged_decision_is_refused(invoke: Invoke, suggested: Path) -> None:
    sheet, book, _ = exported(invoke, suggested)
    rows = book.worksheets[0]
    rows["L2"] = "accept"
    rows.merge_cells("L2:L3")  # meant for both rows: the second would read empty
    book.save(sheet)
    refused(
        invoke("review", "--import", str(sheet)),
        "sheet 'review' has merged cells (L2:L3)",
        "Unmerge them",
    )
    assert {status for status, _ in statuses(suggested).values()} == {"suggested"}


def test_a_formula_without_a_saved_value_is_refused(invoke: Invoke, suggested: Path) -> None:
    sheet, book, _ = exported(invoke, suggested)
    rows = book.worksheets[0]
    rows["L2"] = "accept"
    rows["L3"] = "=L2"  # written by a tool that does not compute it: no value saved
    book.save(sheet)
    refused(
        invoke("review", "--import", str(sheet)),
        "1 cell(s) hold a formula, not a value: L3 (=L2)",
        "Paste special → Values",
    )
    assert {status for status, _ in statuses(suggested).values()} == {"suggested"}


def test_french_answers_are_read(invoke: Invoke, suggested: Path) -> None:
    sheet, book, ids = exported(invoke, suggested)
    rows = book.worksheets[0]
    rows["L2"], rows["L3"] = "Accepté", "rejetée"
    book.save(sheet)
    result = invoke("review", "--import", str(sheet), "--coder", "alice")
    assert result.exit_code == 0, result.output
    assert statuses(suggested) == {ids[0]: ("accepted", "alice"), ids[1]: ("rejected", "alice")}


def test_a_bad_answer_gets_its_own_hint(invoke: Invoke, suggested: Path) -> None:
    sheet, book, _ = exported(invoke, suggested)
    rows = book.worksheets[0]
    rows["L2"], rows["L3"] = "peut-être", "oui"
    book.save(sheet)
    result = invoke("review", "--import", str(sheet))
    refused(
        result,
        "row 2: decision 'peut-être' is not accept or reject",
        "Write accept or reject in `decision` (also yes/no, oui/non, accepté/rejeté)",
    )
    assert "re-coded since the export" not in result.output
    assert {status for status, _ in statuses(suggested).values()} == {"suggested"}
