"""Hand codings brought in by `codings import` can be traced (session 41, A; helper T's
defects 5 and 10): the `codings.add` event names the codings added and the file, so that
`history --coding ID` finds an imported coding; `codings export` carries each coding's
`created_at` and `codebook_version`, and its file still goes back in; « N already present »
names the file's rows; a hand coding on a passage its coder rejected as a suggestion of that
code is kept, and said."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from ptce_coding.app.project import find_project
from tests.test_review_sheet_blind import LIEU, A, span_of, suggest

Rows = list[tuple[str, int, int, str, str]]


def write_csv(path: Path, rows: Rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "start", "end", "code", "coder"])
        writer.writerows(rows)
    return path


def exported(invoke: Callable[..., Result], path: Path) -> list[dict[str, str]]:
    result = invoke("codings", "export", str(path))
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def one_line(text: str) -> str:
    return " ".join(text.split())


ALICE: Rows = [(A, 0, 20, "COOP.LIEU", "alice"), (A, 30, 60, "ECO.PUBLIC", "alice")]


def test_history_finds_a_coding_by_the_import_that_added_it(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """Before: « No event in the log is about coding 1 »: the `codings.add` event gave counts,
    coders, documents and codes, but neither the ids nor the file."""
    result = invoke("codings", "import", str(write_csv(imported / "alice.csv", ALICE)))
    assert result.exit_code == 0, result.output
    with find_project(imported).open_store() as store:
        ids = [store.coding_id(*row) for row in ALICE]
    assert None not in ids
    for coding_id in ids:
        found = invoke("history", "--coding", str(coding_id), "--format", "json")
        assert found.exit_code == 0, found.output
        [event] = json.loads(found.stdout)
        assert event["action"] == "codings.add" and event["command"] == "codings import"
        details = json.loads(event["summary"])
        assert details["file"] == "alice.csv" and details["codings"] == ids
        assert details["added"] == 2 and details["already_present"] == 0


def test_the_export_carries_when_and_under_which_codebook_and_goes_back_in(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """Before: no `created_at` and no `codebook_version` column, though both are stored."""
    assert invoke("codings", "import", str(write_csv(imported / "a.csv", ALICE))).exit_code == 0
    path = imported / "codages.csv"
    rows = exported(invoke, path)
    with find_project(imported).open_store() as store:
        stored = {row.id: row for row in store.coding_rows()}
    assert len(rows) == 2
    for row in rows:
        coding = stored[int(row["id"])]
        assert row["created_at"] == coding.created_at and row["codebook_version"]
        assert row["codebook_version"] == coding.codebook_version
    # the file goes back in: the two columns are the store's record, not read
    again = invoke("codings", "import", str(path))
    assert again.exit_code == 0, again.output
    assert "Imported 0 codings" in again.output and "(2 already present)" in again.output
    with path.open("w", encoding="utf-8", newline="") as handle:  # edited: still nothing read
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**r, "created_at": "2020-01-01", "codebook_version": "x"} for r in rows)
    updated = invoke("codings", "import", str(path), "--update")
    assert updated.exit_code == 0, updated.output
    assert "changed 0 codings; 2 unchanged" in updated.output
    with find_project(imported).open_store() as store:
        assert {row.id: row for row in store.coding_rows()} == stored


def test_already_present_names_the_rows(invoke: Callable[..., Result], imported: Path) -> None:
    """Before: « Imported 1 coding from … (13 already present) » and no row named."""
    many: Rows = [(A, start, start + 5, "COOP.LIEU", "alice") for start in range(13)]
    assert invoke("codings", "import", str(write_csv(imported / "a.csv", many))).exit_code == 0
    path = write_csv(imported / "b.csv", [(A, 40, 50, "ECO", "alice"), *many])
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    text = one_line(result.output)
    assert f"Imported 1 coding from {path} (13 already present)" in text
    assert (
        "Already present: rows 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 and 3 more (each gives a "
        "coding the store holds: the same document, passage, code and coder; 13 imported "
        "before)" in text
    )
    few = invoke("codings", "import", str(write_csv(imported / "c.csv", many[:2])))
    assert "Already present: rows 2, 3 (each gives a coding the store holds" in one_line(few.output)


def test_a_hand_coding_on_a_passage_its_coder_rejected_is_kept_and_said(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """alice rejected the rule's COOP.LIEU on « locaux partagés », then coded it by hand on a
    longer passage. Before: imported without a word."""
    lieu = suggest(imported, LIEU, "COOP.LIEU")
    with find_project(imported).open_store() as store:
        store.review(lieu, "rejected", "alice")
    start, end = span_of(imported, LIEU)
    rows: Rows = [
        (A, start - 4, end + 10, "COOP.LIEU", "alice"),  # row 2: warned
        (A, start, end, "COOP.LIEU", "bob"),  # bob did not reject it
        (A, start, end, "ECO", "alice"),  # another code
        (A, end + 50, end + 60, "COOP.LIEU", "alice"),  # another passage
    ]
    result = invoke("codings", "import", str(write_csv(imported / "hand.csv", rows)))
    assert result.exit_code == 0, result.output
    text = one_line(result.output)
    assert "Imported 4 codings" in text
    assert (
        "1 coding imported gives a code to a passage its coder rejected as a suggestion of "
        "that code; the hand coding is kept (and the rejection stays recorded):" in text
    )
    assert (
        f"row 2: alice's COOP.LIEU on {start - 4}-{end + 10} of {A}; alice rejected the rule "
        f"suggestion of COOP.LIEU on {start}-{end} (coding {lieu})" in text
    )
    assert text.count("rejected the rule suggestion") == 1
    with find_project(imported).open_store() as store:
        assert store.coding_id(A, start - 4, end + 10, "COOP.LIEU", "alice") is not None
