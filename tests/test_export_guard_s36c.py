"""`codings export` and `segments export` never write over a sheet that holds codings typed
in or edited and not imported yet (session 36, helper C); an export is written whole or not
at all."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import Result


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_codings_export_refuses_a_sheet_with_an_edit_not_imported(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    sheet = two_coders / "codages.csv"
    assert invoke("codings", "export", str(sheet)).exit_code == 0
    rows = _rows(sheet)
    edited = next(i for i, row in enumerate(rows) if row["coder"] == "alice")
    rows[edited]["memo"] = "à discuter en réunion"
    _write(sheet, rows)
    before = sheet.read_bytes()

    result = invoke("codings", "export", str(sheet))

    assert result.exit_code == 1, result.output
    assert str(sheet) in result.output
    assert f"row {edited + 2}" in result.output
    assert "not imported" in result.output
    assert "was not written over" in result.output
    assert f"ptce-coding codings import {sheet} --update" in result.output
    assert "--force" in result.output
    assert sheet.read_bytes() == before  # the researcher's memo is still there
    # imported, the sheet holds nothing the store lacks: written over without --force
    assert invoke("codings", "import", str(sheet), "--update").exit_code == 0
    again = invoke("codings", "export", str(sheet))
    assert again.exit_code == 0, again.output
    assert "à discuter en réunion" in sheet.read_text(encoding="utf-8")


def test_codings_export_refuses_a_row_typed_in_and_force_writes_over_it(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    sheet = two_coders / "codages.csv"
    assert invoke("codings", "export", str(sheet), "--coder", "bob").exit_code == 0
    rows = _rows(sheet)
    alice_row = {**rows[0], "coder": "bob", "code": "COOP.ACHATS", "id": ""}
    first = next(r for r in rows if r["code"] != "COOP.ACHATS")
    alice_row.update(document=first["document"], start=first["start"], end=first["end"])
    _write(sheet, [*rows, alice_row])

    refused = invoke("codings", "export", str(sheet), "--coder", "bob")
    assert refused.exit_code == 1, refused.output
    assert f"row {len(rows) + 2}" in refused.output
    assert len(_rows(sheet)) == len(rows) + 1

    forced = invoke("codings", "export", str(sheet), "--coder", "bob", "--force")
    assert forced.exit_code == 0, forced.output
    assert len(_rows(sheet)) == len(rows)


def test_codings_export_writes_over_its_own_unedited_sheet(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    sheet = two_coders / "codages.xlsx"
    assert invoke("codings", "export", str(sheet)).exit_code == 0
    again = invoke("codings", "export", str(sheet), "--coder", "alice")
    assert again.exit_code == 0, again.output
    assert set(pd.read_excel(sheet)["coder"]) == {"alice"}


def test_codings_export_refuses_a_file_it_cannot_read_as_a_codings_sheet(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    other = two_coders / "notes.csv"
    other.write_text("pole,remarque\npole-a,relancer la directrice\n", encoding="utf-8")

    result = invoke("codings", "export", str(other))

    assert result.exit_code == 1, result.output
    assert "cannot be read as a codings sheet" in result.output
    assert "--force" in result.output
    assert "relancer la directrice" in other.read_text(encoding="utf-8")


def test_codings_export_is_whole_or_nothing(
    invoke: Callable[..., Result], two_coders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = two_coders / "codages.csv"
    assert invoke("codings", "export", str(sheet)).exit_code == 0
    before = sheet.read_bytes()

    def half_then_fail(frame: pd.DataFrame, path: Path, **_: object) -> None:
        Path(path).write_text("document,start\npole-a/dir", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_fail)
    result = invoke("codings", "export", str(sheet), "--force")

    assert result.exit_code != 0
    assert sheet.read_bytes() == before
    assert not list(two_coders.glob(".codages.csv.*"))


def _segments_sheet(invoke: Callable[..., Result], root: Path) -> tuple[Path, int]:
    """A segments sheet with one interviewee segment coded COOP.LIEU by hand; its row."""
    sheet = root / "a-coder.csv"
    assert invoke("segments", "export", str(sheet)).exit_code == 0
    rows = _rows(sheet)
    coded = next(i for i, row in enumerate(rows) if row["text"].startswith("Oui, nous avons"))
    rows[coded]["code"] = "COOP.LIEU"
    _write(sheet, rows)
    return sheet, coded


def test_segments_export_refuses_a_sheet_with_codes_typed_in(
    invoke: Callable[..., Result], imported: Path
) -> None:
    sheet, coded = _segments_sheet(invoke, imported)

    result = invoke("segments", "export", str(sheet))

    assert result.exit_code == 1, result.output
    assert f"row {coded + 2}" in result.output
    assert "--coder" in result.output and "--force" in result.output
    assert _rows(sheet)[coded]["code"] == "COOP.LIEU"
    # imported under a coder's name, its code is in the store: written over, emptied
    assert invoke("codings", "import", str(sheet), "--coder", "alice").exit_code == 0
    again = invoke("segments", "export", str(sheet))
    assert again.exit_code == 0, again.output
    assert _rows(sheet)[coded]["code"] == ""


def test_segments_export_force_writes_over_a_filled_sheet(
    invoke: Callable[..., Result], imported: Path
) -> None:
    sheet, coded = _segments_sheet(invoke, imported)
    result = invoke("segments", "export", str(sheet), "--force")
    assert result.exit_code == 0, result.output
    assert _rows(sheet)[coded]["code"] == ""


def test_segments_export_writes_over_a_sheet_left_empty(
    invoke: Callable[..., Result], imported: Path
) -> None:
    sheet = imported / "a-coder.xlsx"
    assert invoke("segments", "export", str(sheet)).exit_code == 0
    again = invoke("segments", "export", str(sheet))
    assert again.exit_code == 0, again.output


def test_codings_export_writes_over_its_sheet_left_as_written_when_the_store_changed(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    sheet = two_coders / "codages.csv"
    assert invoke("codings", "export", str(sheet)).exit_code == 0
    edits = two_coders / "edits.csv"
    assert invoke("codings", "export", str(edits), "--coder", "alice").exit_code == 0
    rows = _rows(edits)
    rows[0]["memo"] = "relu en réunion"
    _write(edits, rows)
    assert invoke("codings", "import", str(edits), "--update").exit_code == 0

    # codages.csv now gives that coding without its memo, but nobody saved it since it was
    # written: the store moved on, the sheet holds no edit
    again = invoke("codings", "export", str(sheet))
    assert again.exit_code == 0, again.output
    assert "relu en réunion" in sheet.read_text(encoding="utf-8")
