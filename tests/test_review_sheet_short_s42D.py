"""The review sheet's `decision` read as a reviewer types it quickly: « a » and « r » (the
terminal review's keys; « accepter », « rejeter » and « refuser » start so too), in any case;
anything else refused with the sheet's row and the words it takes."""

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


def filled(invoke: Invoke, root: Path, header: str, *decisions: str) -> tuple[Path, list[int]]:
    """The review sheet `review --export` wrote, its `decision` column headed ``header``
    and filled with ``decisions``; and its rows' ids."""
    sheet = root / "revue.xlsx"
    result = invoke("review", "--export", str(sheet))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(sheet)
    rows = book.worksheets[0]
    ids = [int(str(row[0])) for row in rows.iter_rows(min_row=2, values_only=True)]
    assert len(ids) == len(decisions) == 2
    rows["L1"] = header
    for number, decision in enumerate(decisions, start=2):
        rows[f"L{number}"] = decision
    book.save(sheet)
    return sheet, ids


def test_a_and_r_decide(invoke: Invoke, suggested: Path) -> None:
    sheet, ids = filled(invoke, suggested, "decision", "a", "r")
    result = invoke("review", "--import", str(sheet), "--coder", "alice")
    assert result.exit_code == 0, result.output
    assert (
        "Recorded 1 accepted and 1 rejected by alice (0 rows without a decision)" in result.output
    )
    assert statuses(suggested) == {ids[0]: ("accepted", "alice"), ids[1]: ("rejected", "alice")}


def test_capitals_and_spaces_on_a_french_sheet(invoke: Invoke, suggested: Path) -> None:
    sheet, ids = filled(invoke, suggested, "Décision", " R", "A ")
    result = invoke("review", "--import", str(sheet), "--coder", "alice")
    assert result.exit_code == 0, result.output
    assert statuses(suggested) == {ids[0]: ("rejected", "alice"), ids[1]: ("accepted", "alice")}


def test_a_filled_with_a_is_not_written_over(invoke: Invoke, suggested: Path) -> None:
    sheet, _ = filled(invoke, suggested, "decision", "a", "")
    result = invoke("review", "--export", str(sheet))
    assert result.exit_code == 1, result.output
    assert "this review workbook holds 1 decision(s) not recorded yet" in result.output


def test_another_letter_is_refused_with_its_row(invoke: Invoke, suggested: Path) -> None:
    sheet, _ = filled(invoke, suggested, "decision", "a", "x")
    result = invoke("review", "--import", str(sheet), "--coder", "alice")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "revue.xlsx: sheet 'review': 1 problem(s), nothing was recorded" in result.output
    assert "row 3: decision 'x' is not accept or reject (a or r)" in result.output
    assert "Write accept or reject in `decision` (also yes/no, oui/non, accepté/rejeté)" in (
        result.output
    )
    assert "a or r for short" in result.output
    assert {status for status, _ in statuses(suggested).values()} == {"suggested"}
