"""`codings export` says which codings were accepted by threshold (`review --accept-above`),
in an `accepted_above` column, and `codings import` of that file reads it as what it is, the
store's record of how a coding came to be: given back unchanged, or edited, it changes
nothing (session 39, B)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
from click.testing import Result

from ptce_coding.store import Store
from tests.test_agreement_threshold_s38b import batch_waiting

__all__ = ["batch_waiting"]  # the fixture, used by name


def exported(invoke: Callable[..., Result], path: Path, *options: str) -> list[dict[str, str]]:
    result = invoke("codings", "export", str(path), *options)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_export_marks_the_acceptances_by_threshold(
    invoke: Callable[..., Result], batch_waiting: Path
) -> None:
    assert invoke("review", "--accept-above", "0.8", "--coder", "bob", "--yes").exit_code == 0
    rows = exported(invoke, batch_waiting / "codages.csv")
    marked = {(r["coder"], r["code"], r["confidence"]): r["accepted_above"] for r in rows}
    assert marked[("bob", "COOP.LIEU", "0.9")] == "0.8"
    assert marked[("bob", "ECO.PUBLIC", "0.85")] == "0.8"
    # alice's and bob's own codings, the suggestion waiting: empty
    assert [r["accepted_above"] for r in rows].count("") == len(rows) - 2 == 12
    assert list(rows[0]).index("accepted_above") == list(rows[0]).index("id") - 1
    book = batch_waiting / "codages.xlsx"
    assert invoke("codings", "export", str(book), "--coder", "bob").exit_code == 0
    sheet = openpyxl.load_workbook(book)["codings"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("accepted_above")
    values = sorted(str(row[column]) for row in sheet.iter_rows(min_row=2, values_only=True))
    assert values == ["0.8", "0.8", "None", "None", "None", "None", "None"]


def test_an_export_with_the_column_goes_back_in_unchanged(
    invoke: Callable[..., Result], batch_waiting: Path
) -> None:
    assert invoke("review", "--accept-above", "0.8", "--coder", "bob", "--yes").exit_code == 0
    book = batch_waiting / "bob.xlsx"
    assert invoke("codings", "export", str(book), "--coder", "bob").exit_code == 0
    again = invoke("codings", "import", str(book))
    assert again.exit_code == 0, again.output
    assert "Imported 0 codings" in again.output and "(7 already present)" in again.output
    # the column emptied (« I read them »): an import does not record a reading
    path = batch_waiting / "codages.csv"
    rows = exported(invoke, path)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**row, "accepted_above": ""} for row in rows)
    updated = invoke("codings", "import", str(path), "--update")
    assert updated.exit_code == 0, updated.output
    assert "changed 0 codings; 14 unchanged" in updated.output
    with Store(batch_waiting / "coding.sqlite") as store:
        assert sorted(store.threshold_acceptances().values()) == [0.8, 0.8]
