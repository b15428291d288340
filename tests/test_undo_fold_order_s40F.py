"""S40 F: `codebook undo` says what it undid before what came back of the codings the
change had made one with others (« folds »).

A merge that gives a coder's coding a code they had on that passage makes the two one; the
undo gives the other back, and says so. Before, those lines came first, above « Undid
`codebook merge` … »: the reader learnt that a coding « is back » before learning what was
undone."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.base.records import Coding
from ptce_coding.store import Store
from tests.test_split_undo_followed_s39I import A, Row, ok_result, stored_rows

Invoke = Callable[..., Result]


@pytest.fixture
def coded(imported: Path) -> Path:
    """anne's COOP.LIEU and COOP.ACHATS on one passage: a merge of the two makes them one."""
    with Store(imported / "coding.sqlite") as store:
        store.add_codings(
            [
                Coding(A, 105, 150, "COOP.LIEU", "anne"),
                Coding(A, 105, 150, "COOP.ACHATS", "anne"),
            ]
        )
    return imported


def _coding(root: Path, code: str) -> Row:
    (found,) = [row for row in stored_rows(root) if row[4] == code]
    return found


def _give_another_code(invoke: Invoke, root: Path, code: str, other: str) -> None:
    """As a person does: `codings export`, the `code` cell changed, `codings import --update`."""
    out = root / "export.csv"
    ok_result(invoke, "codings", "export", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    for row in rows:
        row["code"] = other if row["code"] == code else row["code"]
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    ok_result(invoke, "codings", "import", str(out), "--update")


def _lines(result: Result) -> list[str]:
    return result.stderr.splitlines()


def _first(lines: list[str], words: str) -> int:
    return next(number for number, line in enumerate(lines) if words in line)


def test_the_undo_says_what_it_undid_before_the_coding_a_fold_gives_back(
    invoke: Invoke, coded: Path
) -> None:
    """anne's COOP.LIEU and COOP.ACHATS codings made one by the merge, the one kept given
    ECO.PUBLIC since: « Undid `codebook merge` », its codings moved back, then her COOP.LIEU
    coding back. Before: the « is back on » line came first."""
    lieu = _coding(coded, "COOP.LIEU")
    ok_result(invoke, "codebook", "merge", "COOP.LIEU", "--into", "COOP.ACHATS")
    _give_another_code(invoke, coded, "COOP.ACHATS", "ECO.PUBLIC")
    lines = _lines(ok_result(invoke, "codebook", "undo"))
    undid = _first(lines, "Undid `codebook merge` of ")
    moved = _first(lines, "COOP.ACHATS → COOP.LIEU: 1 coding")
    back = _first(lines, f"coding {lieu[0]} (anne, {A}) is back on COOP.LIEU")
    done = _first(lines, "undo: done in ")
    assert undid < moved < back < done, lines


def test_the_undo_says_what_it_undid_before_a_coding_that_cannot_come_back(
    invoke: Invoke, coded: Path
) -> None:
    """The text replaced after the merge and the coding kept removed: the warning that the
    coding folded cannot come back follows « Undid … » too. Before: it came first."""
    achats = _coding(coded, "COOP.ACHATS")
    ok_result(invoke, "codebook", "merge", "COOP.LIEU", "--into", "COOP.ACHATS")
    source = coded / "corpus" / A  # a sentence added before the passage, imported again
    source.write_text("Une phrase ajoutée au début.\n\n" + source.read_text("utf-8"), "utf-8")
    ok_result(invoke, "import", str(coded / "corpus"))
    with Store(coded / "coding.sqlite") as store:
        store.delete_manual_coding(achats[0], "anne")
    lines = _lines(ok_result(invoke, "codebook", "undo"))
    undid = _first(lines, "Undid `codebook merge` of ")
    warning = _first(lines, "warning: coding ")
    assert "cannot come back" in " ".join(lines[warning:])
    assert undid < warning < _first(lines, "undo: done in "), lines
