"""`progress` without assignments (helper T's defect 9, session 40): a researcher coding
alone was refused (« the project has no assignments ») and could not see how many
suggestions were decided or waiting. Now each person the store knows, on every document."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from ptce_coding.base.records import Coding
from ptce_coding.store import Store

A, B = "pole-a/directrice.txt", "pole-b/membre.md"


def _rows(result: Result) -> dict[tuple[str, str], dict]:
    assert result.exit_code == 0, result.output
    return {(r["coder"], r["document"]): r for r in json.loads(result.stdout)}


def test_progress_without_assignments_shows_each_coder(
    invoke: Callable[..., Result], suggested: Path
) -> None:
    with Store(suggested / "coding.sqlite") as store:
        first = min(row.id for row in store.coding_rows(methods=["rule"]))
        store.review(first, "accepted", "doctorante")
        document = store.document(B)
        assert document is not None
        start = document.text.index("grand bureau")
        store.add_codings([Coding(B, start, start + 12, "COOP.LIEU", "doctorante")])
    rows = _rows(invoke("progress", "--format", "json"))
    assert sorted(rows) == [("doctorante", A), ("doctorante", B)]
    said = {
        key: (r["coded"], r["decided"], r["by_threshold"], r["pending"]) for key, r in rows.items()
    }
    assert said == {("doctorante", A): (0, 1, 0, 1), ("doctorante", B): (1, 0, 0, 0)}
    assert not any(r["double"] or r["with"] for r in rows.values())
    table = invoke("progress")
    assert table.exit_code == 0, table.output
    assert "No `assignments` in project.yaml: each coder on every document" in table.output
    # a coder who has not started yet: every suggestion still waits for them
    rows = _rows(invoke("progress", "--coder", "encadrant", "--format", "json"))
    assert {key: r["pending"] for key, r in rows.items()} == {
        ("encadrant", A): 1,
        ("encadrant", B): 0,
    }


def test_progress_before_anyone_codes_says_what_waits(
    invoke: Callable[..., Result], suggested: Path
) -> None:
    result = invoke("progress")
    assert result.exit_code == 0, result.output
    assert (
        "Nobody has coded or decided a suggestion yet: 2 suggestions wait for review in "
        "1 document (`ptce-coding review --coder NAME`" in " ".join(result.output.split())
    )
    assert _rows(invoke("progress", "--format", "json")) == {}
