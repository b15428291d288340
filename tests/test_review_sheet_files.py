"""The review workbook as a file a researcher keeps: a mistyped path to import is said, not a
traceback; a workbook whose decisions are filled but not recorded is never written over by a
new export (a new-user trial of session 35, findings 5 and 6)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from openpyxl import load_workbook

from ptce_coding.store import Store
from tests.test_bad_input_cli import refused

Invoke = Callable[..., Result]


def _statuses(root: Path) -> list[str]:
    with Store(root / "coding.sqlite") as store:
        return sorted(row.status for row in store.coding_rows(methods=["rule"]))


def _fill(sheet: Path, *decisions: str) -> None:
    book = load_workbook(sheet)
    rows = book["review"]
    column = [c.value for c in rows[1]].index("decision") + 1
    for number, decision in enumerate(decisions, start=2):
        rows.cell(row=number, column=column, value=decision)
    book.save(sheet)


def test_importing_a_review_workbook_that_is_not_there_is_said(
    invoke: Invoke, suggested: Path
) -> None:
    """Before: a FileNotFoundError traceback (from the check of an old Excel file)."""
    refused(invoke("review", "--import", str(suggested / "nope.xlsx")), "nope.xlsx: no such file")


def test_a_filled_review_workbook_is_not_written_over(invoke: Invoke, suggested: Path) -> None:
    """Before: « Wrote 2 suggestions to revue.xlsx », the two decisions gone."""
    sheet = suggested / "revue.xlsx"
    assert invoke("review", "--export", str(sheet)).exit_code == 0
    _fill(sheet, "accept", "non")
    before = sheet.read_bytes()
    refused(
        invoke("review", "--export", str(sheet)),
        "holds 2 decision(s) not recorded yet",
        f"ptce-coding review --import {sheet}",
    )
    assert sheet.read_bytes() == before
    result = invoke("review", "--import", str(sheet), "--coder", "alice")
    assert result.exit_code == 0, result.output
    assert _statuses(suggested) == ["accepted", "rejected"]


def test_a_review_workbook_whose_decisions_are_recorded_is_exported_again(
    invoke: Invoke, suggested: Path
) -> None:
    """Recorded decisions, or none filled: the file is the tool's to write again."""
    sheet = suggested / "revue.xlsx"
    assert invoke("review", "--export", str(sheet)).exit_code == 0
    assert invoke("review", "--export", str(sheet)).exit_code == 0  # nothing filled
    _fill(sheet, "accept")
    assert invoke("review", "--import", str(sheet), "--coder", "alice").exit_code == 0
    result = invoke("review", "--export", str(sheet))
    assert result.exit_code == 0, result.output
    assert "Wrote 1 suggestion to" in result.output
