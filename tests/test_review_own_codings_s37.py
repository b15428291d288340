"""A reviewer is not asked to decide a suggestion of a code they coded already on that
passage by hand (user trial s37: `code` re-run suggested codes inside segments the coder had
coded with them, and the coder's review sheet listed them). The rules still suggest there
(they stay a coder whose agreement with people is measured); another reviewer still sees it."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook

Invoke = Callable[..., Result]


def exported(invoke: Invoke, path: Path, *options: str) -> list[dict[str, str]]:
    result = invoke(*options, str(path))
    assert result.exit_code == 0, result.output
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def sheet_ids(invoke: Invoke, path: Path, coder: str) -> set[int]:
    result = invoke("review", "--coder", coder, "--export", str(path))
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(path).worksheets[0].iter_rows(values_only=True))
    column = rows[0].index("id")
    return {int(str(row[column])) for row in rows[1:] if row[column] is not None}


def coded_by_hand(invoke: Invoke, root: Path, code: str, document: str, span: tuple[int, int]):
    sheet = root / "alice.csv"
    sheet.write_text(
        f"document,start,end,code,coder\n{document},{span[0]},{span[1]},{code},alice\n",
        encoding="utf-8",
    )
    result = invoke("codings", "import", str(sheet))
    assert result.exit_code == 0, result.output


@pytest.mark.slow  # the French spaCy model (`code`)
def test_a_suggestion_where_the_reviewer_coded_the_code_is_not_theirs_to_decide(
    invoke: Invoke, imported: Path, tmp_path: Path
) -> None:
    assert invoke("code").exit_code == 0
    suggested = exported(invoke, tmp_path / "s.csv", "codings", "export", "--status", "suggested")
    segments = exported(invoke, tmp_path / "g.csv", "segments", "export")
    chosen = next(row for row in suggested if row["method"] == "rule")
    start, end = int(chosen["start"]), int(chosen["end"])
    segment = next(
        row
        for row in segments
        if row["document"] == chosen["document"]
        and int(row["start"]) <= start
        and end <= int(row["end"])
    )
    whole = (int(segment["start"]), int(segment["end"]))
    coded_by_hand(invoke, imported, chosen["code"], chosen["document"], whole)
    assert invoke("code").exit_code == 0  # the rules still suggest it there
    again = exported(invoke, tmp_path / "s2.csv", "codings", "export", "--status", "suggested")
    same = [
        int(row["id"])
        for row in again
        if (row["document"], row["code"]) == (chosen["document"], chosen["code"])
        and whole[0] <= int(row["start"])
        and int(row["end"]) <= whole[1]
    ]
    assert same

    alice = sheet_ids(invoke, tmp_path / "alice.xlsx", "alice")
    bob = sheet_ids(invoke, tmp_path / "bob.xlsx", "bob")
    assert not set(same) & alice  # she coded it: nothing to decide
    assert set(same) <= bob  # bob did not
    assert alice < bob

    # accepting in bulk does not make her a second coding of what she coded
    result = invoke("review", "--coder", "alice", "--accept-above", "0", "--yes")
    assert result.exit_code == 0, result.output
    still = exported(invoke, tmp_path / "s3.csv", "codings", "export", "--status", "suggested")
    assert set(same) <= {int(row["id"]) for row in still}
