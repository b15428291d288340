"""S37 G: `agreement --disagreements FILE` never writes over a sheet whose decisions the group
filled in and did not import yet (--force does), as `codings export` and `segments export` do;
a sheet left as written, or imported since, is written again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
from click.testing import Result

Invoke = Callable[..., Result]
AGREE = ("agreement", "--coders", "alice,bob", "--format", "csv")


def decisions(path: Path) -> list[object]:
    sheet = openpyxl.load_workbook(path)["disagreements"]
    header = [cell.value for cell in sheet[1]]
    return [row[header.index("decision")] for row in sheet.iter_rows(2, values_only=True)]


def decide(path: Path, values: list[str]) -> None:
    """Fill `decision` of the first rows with ``values``, as a coder does in a spreadsheet."""
    book = openpyxl.load_workbook(path)
    sheet = book["disagreements"]
    column = [cell.value for cell in sheet[1]].index("decision") + 1
    for number, value in enumerate(values, start=2):
        sheet.cell(row=number, column=column).value = value
    book.save(path)


def test_decisions_not_imported_yet_are_not_written_over(invoke: Invoke, two_coders: Path) -> None:
    sheet = two_coders / "desaccords.xlsx"
    assert invoke(*AGREE, "--disagreements", str(sheet)).exit_code == 0
    decide(sheet, ["oui", "non"])
    filled = sheet.read_bytes()

    result = invoke(*AGREE, "--disagreements", str(sheet))
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "not imported yet (rows 2, 3): it was not written over" in said
    assert f"Import it first (`ptce-coding codings import {sheet}`)" in said
    assert "--force" in said
    assert sheet.read_bytes() == filled  # the group's decisions are still there

    forced = invoke(*AGREE, "--disagreements", str(sheet), "--force")
    assert forced.exit_code == 0, forced.output
    assert not any(decisions(sheet))  # written over, as asked


def test_a_sheet_as_written_or_imported_since_is_written_again(
    invoke: Invoke, two_coders: Path
) -> None:
    """Left as written, the sheet is written again; filled in, it is kept; once imported, it
    is written again with the decisions filled in from the store."""
    sheet = two_coders / "desaccords.xlsx"
    assert invoke(*AGREE, "--disagreements", str(sheet)).exit_code == 0
    again = invoke(*AGREE, "--disagreements", str(sheet))  # nobody saved it since
    assert again.exit_code == 0, again.output
    decide(sheet, ["oui", "non"])
    assert invoke(*AGREE, "--disagreements", str(sheet)).exit_code == 1
    assert decisions(sheet)[:2] == ["oui", "non"]
    imported = invoke("codings", "import", str(sheet))
    assert imported.exit_code == 0, imported.output
    result = invoke(*AGREE, "--disagreements", str(sheet))
    assert result.exit_code == 0, result.output
    assert decisions(sheet)[:2] == ["yes", "no"]  # the decisions, filled in from the store
    assert "2 decided already" in " ".join(result.output.split())


def test_force_without_a_sheet_is_refused(invoke: Invoke, two_coders: Path) -> None:
    result = invoke(*AGREE, "--force")
    assert result.exit_code == 1
    assert (
        "--force writes the --disagreements sheet over one whose decisions are not imported "
        "yet: give --disagreements FILE, or leave --force out" in " ".join(result.output.split())
    )
