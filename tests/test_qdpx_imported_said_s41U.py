"""A REFI-QDA import says how every coding of a ptce-coding file was made, the imported ones
too (user trial, session 41, U).

A research group's project (five coders: suggestions accepted one by one and by threshold,
21 codings imported from spreadsheets with `codings import`) exported with `export qdpx`
and imported into a fresh project said « 165 codings added » and then « As they were made
(variable « coding_provenance »): 0 by hand, 144 suggestions accepted (35 by threshold), 72
rejected, 0 waiting »: the 21 imported codings were in no count (qdpx_replay.sort_codings
counted the codings made by hand only)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from ptce_coding.cli import cli
from ptce_coding.store import Store
from tests.conftest import DATA


def _fresh(tmp_path: Path) -> Path:
    root = tmp_path / "fresh"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    shutil.copyfile(DATA / "codebook.yaml", root / "codebooks" / "ptce.yaml")
    return root


def test_the_imported_codings_are_counted_as_made(
    invoke: Callable[..., Result], two_coders: Path, tmp_path: Path
) -> None:
    with Store(two_coders / "coding.sqlite") as store:
        imported = [row for row in store.coding_rows(with_text=False) if row.method == "import"]
    assert imported  # alice's and bob's codings, from `codings import`
    file = tmp_path / "study.qdpx"
    exported = invoke("export", "qdpx", str(file))
    assert exported.exit_code == 0, exported.output
    root = _fresh(tmp_path)
    result = CliRunner().invoke(cli, ["import", str(file), "--project", str(root)])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    added = re.search(r"(\d+) codings added", output)
    assert added is not None and int(added[1]) == len(imported), output
    assert (
        f"As they were made (variable « coding_provenance »): 0 by hand, {len(imported)} "
        "imported from a file, 0 suggestions accepted" in output
    )


def test_a_file_without_provenance_says_nothing_of_how_codings_were_made(
    invoke: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    """A project with no coding: nothing to say, as before."""
    file = tmp_path / "empty.qdpx"
    assert invoke("export", "qdpx", str(file)).exit_code == 0
    root = _fresh(tmp_path)
    result = CliRunner().invoke(cli, ["import", str(file), "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "As they were made" not in result.output
