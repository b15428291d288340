"""`documents` takes --project as every other command does (cli/common.py ``project_option``):
a folder before the command and another after it are refused, not the second one silently
used; `documents --project DIR remove|move` works on DIR, not on the current folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ptce_coding.app.project import find_project
from ptce_coding.cli import cli

DOCUMENT = "pole-a/directrice.txt"


def names(project: Path) -> list[str]:
    with find_project(project).open_store(create=False) as store:
        return [row.document for row in store.document_rows()]


@pytest.fixture
def other(imported: Path) -> Path:
    """A second project holding the same documents."""
    copy = imported.parent / "autre"
    shutil.copytree(imported, copy)
    return copy


def test_two_different_projects_around_documents_are_refused(imported: Path, other: Path) -> None:
    runner = CliRunner()
    twice = runner.invoke(cli, ["--project", str(imported), "documents", "--project", str(other)])
    assert twice.exit_code == 1
    assert (
        f"Error: --project is given twice, before the command ({imported}) and after it "
        f"({other}): give it once" in twice.output
    )
    same = ["--project", str(imported), "documents", "--project", str(imported), "--format", "csv"]
    listed = runner.invoke(cli, same)
    assert listed.exit_code == 0, listed.output
    assert f"{DOCUMENT},pole-a" in listed.output
    alone = runner.invoke(cli, ["documents", "--format", "csv", "--project", str(other)])
    assert alone.exit_code == 0 and f"{DOCUMENT},pole-a" in alone.output


def test_documents_project_reaches_remove_and_move(
    imported: Path, other: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`documents --project A remove X` removed X from the project of the current folder."""
    monkeypatch.chdir(other)
    runner = CliRunner()
    removed = runner.invoke(
        cli, ["documents", "--project", str(imported), "remove", DOCUMENT, "--yes"]
    )
    assert removed.exit_code == 0, removed.output
    assert DOCUMENT not in names(imported)
    assert DOCUMENT in names(other)
    moved = runner.invoke(
        cli,
        [
            *("documents", "--project", str(imported)),
            *("move", "pole-b/membre.md", "--case", "pole-a", "--yes"),
        ],
    )
    assert moved.exit_code == 0, moved.output
    assert "pole-a/membre.md" in names(imported) and "pole-b/membre.md" in names(other)
    twice = runner.invoke(
        cli,
        [
            *("--project", str(imported), "documents", "--project", str(other)),
            *("remove", DOCUMENT, "--yes"),
        ],
    )
    assert twice.exit_code == 1 and "--project is given twice" in twice.output
    assert DOCUMENT in names(other)
