"""What `ptce-coding matrix` prints in the terminal: not a wall of 0 when nothing is counted,
only the codes with a count when some are (the files, CSV and JSON keep every code)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.test_agreement_cli import segment_spans, write_codings

# The test codebook's codes, in its order.
CODES = ["COOP", "COOP.LIEU", "COOP.ACHATS", "ECO", "ECO.PUBLIC"]


def header_of(table: str) -> list[str]:
    """The column names of the table rich printed (its first line of names)."""
    line = next(row for row in table.splitlines() if "case" in row or "code" in row)
    return [cell.strip() for cell in line.strip("┃│ ").replace("┃", "│").split("│")]


def test_nothing_coded_prints_no_wall_of_zeros(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """Before any coding: a note and what to do, no table; the files are still written, their
    cells empty (no pole is coded: a 0 would read as a theme nobody spoke of)."""
    result = invoke("matrix")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (
        "Nothing coded yet: every cell of this matrix (2 rows × 5 codes) is empty, so it is not "
        "printed; the files below hold it." in result.stderr
    )
    assert "The store has no codings yet, so every cell is empty: run `ptce-coding code`" in (
        result.stderr
    )
    written = imported / "outputs" / "matrices" / "case-x-code-count.csv"
    assert f"Wrote {written}" in result.stderr
    header = next(csv.reader(io.StringIO(written.read_text(encoding="utf-8"))))
    assert header == ["case", *CODES]
    # a machine format keeps the whole table on standard output
    rows = json.loads(invoke("matrix", "--format", "json").stdout)
    assert [row["case"] for row in rows] == ["pole-a", "pole-b"]
    assert all(list(row) == ["case", *CODES] and not any(row[c] for c in CODES) for row in rows)
    cooc = invoke("matrix", "--kind", "cooccurrence")
    assert cooc.stdout == ""
    assert "every cell of this matrix (5 × 5 codes) is 0" in cooc.stderr


def test_only_the_codes_with_a_count_are_printed(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """One coder coded COOP.LIEU alone: the table shows it (the axis COOP counts codings on
    the axis itself, none here) and says that 4 codes were left out; CSV and the files keep
    the 5."""
    spans = segment_spans(invoke, imported)
    sheet = imported / "alice.csv"
    write_codings(sheet, "alice", [("COOP.LIEU", "a2"), ("COOP.LIEU", "b2")], spans)
    assert invoke("codings", "import", str(sheet)).exit_code == 0
    result = invoke("matrix")
    assert result.exit_code == 0, result.output
    assert header_of(result.stdout) == ["case", "COOP.LIEU"]
    assert (
        "Printed the 1 code with a count; 4 codes with none are left out of this table "
        "(COOP, COOP.ACHATS, ECO, ECO.PUBLIC): the files below and --format csv or json keep every "
        "code." in result.stderr
    )
    assert "Nothing coded yet" not in result.stderr
    out = invoke("matrix", "--format", "csv").stdout
    assert next(csv.reader(io.StringIO(out))) == ["case", *CODES]
    written = imported / "outputs" / "matrices" / "case-x-code-count.csv"
    assert next(csv.reader(io.StringIO(written.read_text(encoding="utf-8")))) == ["case", *CODES]
    cooc = invoke("matrix", "--kind", "cooccurrence")
    assert header_of(cooc.stdout) == ["code", "COOP.LIEU"]
    assert "COOP.ACHATS" not in cooc.stdout
    # a selection that counts nothing is not « nothing coded yet »
    none = invoke("matrix", "--codes", "ECO")
    assert none.stdout == ""
    assert (
        "Nothing counted: every cell of this matrix (2 rows × 2 codes) is 0 for the codings it "
        "counts, so it is not printed; the files below hold it." in none.stderr
    )
