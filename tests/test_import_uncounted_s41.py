"""`codings import` says which rows code a passage no matrix counts: an interviewer's turn or
a title line (helper U's proposal P1, session 41). Before, such a coding was imported and
shown by `progress` (« coded 19 »), but counted by no matrix, report or agreement, and only
`evaluate` said so."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from ptce_coding.app.project import find_project

A = "pole-a/directrice.txt"


def _write(root: Path, passages: list[tuple[str, str]]) -> Path:
    with find_project(root).open_store() as store:
        document = store.document(A)
        assert document is not None
        text = document.text
    path = root / "hand.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "start", "end", "code", "coder"])
        for words, code in passages:
            start = text.index(words)
            writer.writerow([A, start, start + len(words), code, "alice"])
    return path


def test_rows_on_interviewer_turns_or_titles_are_said(
    invoke: Callable[..., Result], imported: Path
) -> None:
    path = _write(
        imported,
        [
            ("Est-ce que vous partagez des locaux ?", "COOP.LIEU"),  # the interviewer asks
            ("nous avons des locaux partagés", "COOP.LIEU"),  # the director answers
            ("Entretien avec la directrice", "COOP.ACHATS"),  # the title line
        ],
    )
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Imported 3 codings" in said
    assert (
        "Counted nowhere: rows 2, 4 code a passage that lies only on interviewer turns or "
        "title lines; their codings are kept, but no matrix, report or agreement counts the "
        "interviewer's words" in said
    )


def test_an_answer_alone_says_nothing_more(invoke: Callable[..., Result], imported: Path) -> None:
    path = _write(imported, [("nous avons des locaux partagés", "COOP.LIEU")])
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "Counted nowhere" not in result.output
