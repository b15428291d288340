"""Bad user input found by fuzzing the command line: each ends in a short message saying what is
wrong and what to do, exit code 1, no traceback, and nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from ptce_coding.store import Store

Invoke = Callable[..., Result]


def refused(result: Result, *expected: str) -> None:
    """Exit code 1, a message holding ``expected``, no traceback."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output, result.output


def statuses(root: Path) -> dict[int, str]:
    with Store(root / "coding.sqlite") as store:
        return {row.id: row.status for row in store.coding_rows(methods=["rule"])}


# 1. review --import of a file that is not a workbook


def test_review_import_of_a_csv_or_a_fake_xlsx_is_refused(invoke: Invoke, imported: Path) -> None:
    table = imported / "revue.csv"
    table.write_text("id,decision\n1,accept\n", encoding="utf-8")
    refused(
        invoke("review", "--import", str(table)),
        "revue.csv: the review workbook must be an .xlsx file",
        "ptce-coding review --export",
    )
    fake = imported / "revue.xlsx"
    fake.write_text("id,decision\n1,accept\n", encoding="utf-8")
    refused(
        invoke("review", "--import", str(fake)),
        "revue.xlsx: cannot read the review workbook: File is not a zip file",
    )


# 2. --level below 1


@pytest.mark.parametrize("level", ["-1", "0"])
def test_agreement_level_below_one_is_refused(invoke: Invoke, two_coders: Path, level: str) -> None:
    refused(
        invoke("agreement", "--coders", "alice,bob", "--level", level),
        "Invalid value for '--level': a depth of at least 1, or `all`",
    )
    refused(invoke("matrix", "--level", level), "a depth of at least 1, or `all`")
    assert json.loads(invoke("agreement", "--coders", "alice,bob", "--format", "json").stdout)


# 3. history --since


@pytest.mark.parametrize("since", ["notadate", "01/03/2099", "2026-13-01"])
def test_history_since_must_be_an_iso_date(invoke: Invoke, imported: Path, since: str) -> None:
    refused(
        invoke("history", "--since", since),
        f"Invalid value for '--since': {since!r} is not a date",
        "YYYY-MM-DD",
    )


def test_history_since_takes_a_date_or_a_time(invoke: Invoke, imported: Path) -> None:
    every = json.loads(invoke("history", "--format", "json").stdout)
    assert every
    first = every[0]["at"]
    for since, count in (
        ("2000-01-01", len(every)),
        ("2000-01-01T10:00", len(every)),
        (first, len(every)),
        ("2099-03-01", 0),
        ("2099-03-01 10:00:00+02:00", 0),
    ):
        result = invoke("history", "--since", since, "--format", "json")
        assert result.exit_code == 0, result.output
        assert len(json.loads(result.stdout)) == count, since


# 4. review --import of a sheet whose read-only columns were edited


def edited_sheet(invoke: Invoke, root: Path, column: str, value: object) -> tuple[Path, int]:
    """The exported review sheet with ``column`` of its first row set to ``value`` and that
    row accepted; the suggestion's id."""
    sheet = root / "revue.xlsx"
    result = invoke("review", "--export", str(sheet))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(sheet)
    rows = book.worksheets[0]
    header = [cell.value for cell in rows[1]]
    rows.cell(row=2, column=header.index(column) + 1, value=value)
    rows.cell(row=2, column=header.index("decision") + 1, value="accept")
    rows.cell(row=3, column=header.index("decision") + 1, value="reject")
    book.save(sheet)
    return sheet, rows.cell(row=2, column=1).value


def test_review_import_refuses_an_edited_code(invoke: Invoke, suggested: Path) -> None:
    before = statuses(suggested)
    sheet, coding_id = edited_sheet(invoke, suggested, "code", "ECO.PUBLIC")
    refused(
        invoke("review", "--import", str(sheet)),
        "1 problem(s), nothing was recorded",
        f"row 2: suggestion {coding_id} is of code COOP.LIEU, not ECO.PUBLIC",
        "`m` in `ptce-coding review`",
    )
    assert statuses(suggested) == before
    assert set(before.values()) == {"suggested"}


def test_review_import_refuses_an_edited_passage(invoke: Invoke, suggested: Path) -> None:
    before = statuses(suggested)
    sheet, coding_id = edited_sheet(invoke, suggested, "start", 3)
    refused(
        invoke("review", "--import", str(sheet)),
        f"row 2: suggestion {coding_id} starts at",
        "not 3",
    )
    assert statuses(suggested) == before


# 5. unknown codes and negative counts


def test_review_of_an_unknown_code_is_refused(invoke: Invoke, suggested: Path) -> None:
    refused(
        invoke("review", "--code", "NOPE", "--export", str(suggested / "revue.xlsx")),
        "unknown code 'NOPE'",
        "ptce-coding codebook show",
    )
    refused(invoke("review", "--code", "COOP.LIE"), "(did you mean COOP.LIEU?)")
    assert not (suggested / "revue.xlsx").exists()


def test_agreement_of_unknown_codes_is_refused(invoke: Invoke, two_coders: Path) -> None:
    refused(
        invoke("agreement", "--coders", "alice,bob", "--codes", "ZZZ"),
        "no code id starts with 'ZZZ'",
        "ptce-coding codebook show",
    )
    refused(
        invoke("agreement", "--coders", "alice,bob", "--codes", "COOP.LIEU", "--level", "1"),
        "no code id starts with 'COOP.LIEU' at level 1",
    )
    result = invoke("agreement", "--coders", "alice,bob", "--codes", "COOP", "--format", "json")
    assert result.exit_code == 0, result.output


def test_matrix_negative_quotes_or_window_are_refused(invoke: Invoke, imported: Path) -> None:
    refused(
        invoke("matrix", "--kind", "framework", "--quotes", "-1"),
        "Invalid value for '--quotes': -1 is not in the range x>=0",
    )
    refused(
        invoke("matrix", "--kind", "cooccurrence", "--window", "-2"),
        "Invalid value for '--window': -2 is not in the range x>=0",
    )
    assert not (imported / "outputs" / "matrices").exists() or not any(
        (imported / "outputs" / "matrices").iterdir()
    )


# 6. project.yaml not in UTF-8, or with a key twice


def test_project_yaml_in_latin1_says_where_and_what_to_do(
    invoke: Invoke, tmp_project: Path
) -> None:
    settings = tmp_project / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    line = next(n for n, content in enumerate(text.splitlines(), start=1) if "ô" in content)
    settings.write_bytes(text.encode("latin-1"))
    refused(
        invoke("documents"),
        f"project.yaml, line {line}: not UTF-8 (byte 0xf4 cannot be read)",
        "Save project.yaml as UTF-8",
    )


def test_project_yaml_with_a_key_twice_is_refused(invoke: Invoke, tmp_project: Path) -> None:
    settings = tmp_project / "project.yaml"
    lines = settings.read_text(encoding="utf-8").splitlines()
    first = lines.index("coding:") + 1
    lines += ["coding:", "  min_confidence: 0.9"]
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused(
        invoke("documents"),
        f"project.yaml, line {len(lines) - 1}: `coding` is given twice "
        f"(lines {first} and {len(lines) - 1})",
        "Keep one `coding:`",
    )
    nested = tmp_project / "nested.yaml"
    nested.write_text("coding:\n  preamble: all\n  preamble: titles\n", encoding="utf-8")
    settings.write_text(nested.read_text(encoding="utf-8"), encoding="utf-8")
    refused(invoke("documents"), "`preamble` is given twice (lines 2 and 3)")
