"""`ptce-coding evaluate` printed as a table (session 38, trial T): a caution written whole
in every row made lines of over 2,000 characters, wrapped through the code ids in a
terminal. A long caution is a numbered note under the table, the row saying « [1] »; CSV
and JSON keep the whole caution in its column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ptce_coding.cli import cli
from ptce_coding.cli.evaluate import CAUTION_IN_ROW
from tests.assist_support import make_project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # ECO.RARE is coded once, in case-1: its rows carry long cautions (« not learned … »)
    return make_project(
        tmp_path_factory.mktemp("notes") / "study", coded_cases=("case-1", "case-2", "case-3")
    )


def _evaluate(project: Path, output_format: str) -> str:
    args = ["evaluate", "--tagger", "model", "--folds", "3", "--level", "all"]
    result = CliRunner().invoke(cli, [*args, "--format", output_format, "--project", str(project)])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.slow  # the sentence encoder
def test_long_cautions_are_notes_under_the_printed_table(project: Path) -> None:
    rows = json.loads(_evaluate(project, "json"))
    long = {r["caution"] for r in rows if r["caution"] and len(r["caution"]) > CAUTION_IN_ROW}
    assert long  # the fixture has them: « not learned: 1 coded segment, 5 needed … »
    printed = _evaluate(project, "table")
    lines = printed.splitlines()
    notes = [line for line in lines if line.startswith("[")]
    # each long caution once, numbered, under the table
    assert sorted(note.split("] ", 1)[1] for note in notes) == sorted(long)
    table = lines[: lines.index(notes[0])]
    widest = max(len(line) for line in table)
    assert widest < min(len(caution) for caution in long) + 120, widest
    for number in range(1, len(notes) + 1):
        assert any(f"[{number}]" in line for line in table)
    # CSV keeps the whole caution in its column
    assert all(caution in _evaluate(project, "csv") for caution in list(long)[:1])
