"""S40 F: `codings import` of a disagreements sheet written from another project (same
interview names, one interview's text edited) says so, and what to do; before, it said
« the document was imported again since the file was written », which had not happened.
`agreement --disagreements` writes the project beside the sheet (its `origin` sheet,
interop/sheet_origin.py); the sheet goes back into its own project as before."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from ptce_coding.cli import cli
from ptce_coding.store import base as store_base

Invoke = Callable[..., Result]
EDITED = "pole-a/directrice.txt"


@pytest.fixture
def other(
    tmp_path: Path, runner: CliRunner, two_coders: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Another project, « autre », of the same interviews, EDITED with a sentence added
    before its passages; its store begun at another time."""
    root = tmp_path / "autre"
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    shutil.copyfile(two_coders / "codebooks" / "ptce.yaml", root / "codebooks" / "ptce.yaml")
    shutil.rmtree(root / "corpus")
    shutil.copytree(two_coders / "corpus", root / "corpus")
    source = root / "corpus" / EDITED
    source.write_text("Une phrase ajoutée au début.\n\n" + source.read_text("utf-8"), "utf-8")
    with monkeypatch.context() as later:
        later.setattr(store_base, "now", lambda: "2031-01-02T03:04:05+00:00")
        result = runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)])
    assert result.exit_code == 0, result.output
    yield root


def test_a_sheet_imported_into_another_project_is_refused_naming_the_project(
    invoke: Invoke, runner: CliRunner, two_coders: Path, other: Path
) -> None:
    """Written from « study », every row decided yes: refused in « autre », the project named
    with when its store began; imported in « study »."""
    path = two_coders / "desaccords.xlsx"
    written = invoke("agreement", "--coders", "alice,bob", "--disagreements", str(path))
    assert written.exit_code == 0, written.output
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["disagreements", "origin"]
    sheet = book["disagreements"]
    column = [cell.value for cell in sheet[1]].index("decision") + 1
    for number in range(2, sheet.max_row + 1):
        sheet.cell(row=number, column=column).value = "yes"
    book.save(path)

    refused = runner.invoke(cli, ["codings", "import", str(path), "--project", str(other)])
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1
    assert ": this sheet was written from another project (« study », whose store began " in said
    assert "not from this one (« autre », whose store began 2031-01-02 03:04 UTC (" in said
    assert f"quote passages that this project's text of {EDITED} does not have there" in said
    assert "imported again since" not in said
    assert "copy the decisions over" in said

    imported = invoke("codings", "import", str(path))
    assert imported.exit_code == 0, imported.output
    assert "Imported " in imported.output
