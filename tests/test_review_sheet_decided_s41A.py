"""`review --import` of a workbook whose empty rows were decided elsewhere since (the terminal,
`--accept-above`) says they are decided in the store, and counts as « without a decision » only
the rows whose suggestion still waits (session 41, A; helper T's defect 11)."""

from __future__ import annotations

from pathlib import Path

from ptce_coding.app.project import find_project
from tests.test_review_sheet_blind import ACHATS, LIEU, export_sheet, fill, review, suggest

PARTAGE = "partagés"


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_empty_rows_decided_since_in_the_store_are_said_decided(
    imported: Path, tmp_path: Path
) -> None:
    """Before: « Recorded 0 accepted and 0 rejected by alice (1 already recorded, 2 rows
    without a decision) », though one of the two was decided in the store."""
    lieu = suggest(imported, LIEU, "COOP.LIEU")
    achats = suggest(imported, ACHATS, "COOP.ACHATS")
    suggest(imported, PARTAGE, "COOP")
    sheet = tmp_path / "revue.xlsx"
    export_sheet(imported, "alice", sheet)
    fill(sheet, {lieu: "accept"})
    first = review(imported, "--coder", "alice", "--import", str(sheet))
    assert first.exit_code == 0, first.output
    assert "(2 rows without a decision)" in one_line(first.output)
    with find_project(imported).open_store() as store:
        store.review(achats, "rejected", "alice")  # decided in the terminal, say
    again = review(imported, "--coder", "alice", "--import", str(sheet))
    assert again.exit_code == 0, again.output
    assert (
        "Recorded 0 accepted and 0 rejected by alice (1 already recorded, 1 empty row "
        "decided in the store already, 1 rows without a decision)" in one_line(again.output)
    )


def test_an_empty_row_another_reviewer_decided_is_decided_in_the_store(
    imported: Path, tmp_path: Path
) -> None:
    lieu = suggest(imported, LIEU, "COOP.LIEU")
    achats = suggest(imported, ACHATS, "COOP.ACHATS")
    sheet = tmp_path / "revue.xlsx"
    export_sheet(imported, "alice", sheet)
    with find_project(imported).open_store() as store:
        store.review(lieu, "accepted", "bob")
        store.review(achats, "rejected", "bob")
    result = review(imported, "--coder", "alice", "--import", str(sheet))
    assert result.exit_code == 0, result.output
    assert (
        "Recorded 0 accepted and 0 rejected by alice (2 empty rows decided in the store "
        "already by bob, 0 rows without a decision)" in one_line(result.output)
    )
