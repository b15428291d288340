"""A coding imported with `codings import` records the codebook version it was made under, as a
coding made on the web page does (session 40, T): a thesis must say from which version of the
grid each decision comes, and `codings import` left it empty (NULL in the store), so that a
hand-coded passage could not be tied to the grid its coder read."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from ptce_coding.app.project import find_project


def _first_segments(invoke: Callable[..., Result], root: Path) -> list[dict[str, str]]:
    out = root / "segments.csv"
    assert invoke("segments", "export", str(out)).exit_code == 0
    with out.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))[:2]


def test_imported_codings_carry_the_codebook_version(
    invoke: Callable[..., Result], imported: Path
) -> None:
    rows = _first_segments(invoke, imported)
    sheet = imported / "codages.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "start", "end", "code", "coder"])
        for row in rows:
            writer.writerow([row["document"], row["start"], row["end"], "COOP", "alice"])
    result = invoke("codings", "import", str(sheet))
    assert result.exit_code == 0, result.output
    project = find_project(imported)
    version = project.load_codebook().version
    with project.open_store(create=False) as store:
        stored = store.coding_rows(coders=["alice"], with_text=False)
    assert len(stored) == 2
    assert {row.codebook_version for row in stored} == {version}
    # the version is in the store's list of versions seen, so `codebook diff` can read it
    history = invoke("history", "--action", "codebook.", "--format", "json")
    assert history.exit_code == 0, history.output
    assert version in {json.loads(e["summary"]).get("version") for e in json.loads(history.stdout)}
