"""A REFI-QDA round trip keeps what is counted: who asks the questions (a project's
`speakers.interviewers`, « PB ») and the title lines (session 34)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml
from click.testing import CliRunner

from ptce_coding.cli import cli

INTERVIEW = (
    "Entretien au pôle, juin 2024\n\n"
    "PB : Comment est né le pôle, et qui était là au tout début de l'aventure ?\n\n"
    "Marie : On a répondu à un appel à projets de la région avec trois associations du "
    "quartier et la communauté de communes, qui nous a prêté un local.\n\n"
    "PB : Et la gouvernance, comment elle s'organise aujourd'hui entre vous tous ?\n\n"
    "Marie : Le conseil d'administration de la SCIC se réunit chaque mois avec les collèges.\n"
)


def _project(root: Path, interviewers: list[str]) -> Path:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    settings = yaml.safe_load((root / "project.yaml").read_text(encoding="utf-8"))
    settings["speakers"]["interviewers"] = interviewers
    (root / "project.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return root


def _counted(root: Path) -> dict[str, tuple[str, str]]:
    result = CliRunner().invoke(cli, ["documents", "--format", "csv", "--project", str(root)])
    assert result.exit_code == 0, result.output
    rows = csv.DictReader(io.StringIO(result.stdout))
    return {row["document"]: (row["words"], row["counted"]) for row in rows}


def test_the_interviewer_and_the_title_lines_survive_a_qdpx_round_trip(tmp_path: Path) -> None:
    """Before: the new project counted PB's questions as the interviewee's words (and the
    title line), since only the default interviewer labels were known there."""
    source = _project(tmp_path / "source", ["PB"])
    folder = source / "corpus" / "pole-a"
    folder.mkdir(parents=True)
    (folder / "entretien.txt").write_text(INTERVIEW, encoding="utf-8")
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["import", str(source / "corpus"), "--project", str(source)]).exit_code
        == 0
    )
    before = _counted(source)
    words, counted = before["pole-a/entretien.txt"]
    assert int(counted) < int(words) - 30  # the questions and the title are not counted
    exported = tmp_path / "projet.qdpx"
    result = runner.invoke(cli, ["export", "qdpx", str(exported), "--project", str(source)])
    assert result.exit_code == 0, result.output
    target = _project(tmp_path / "target", [])  # PB is nobody there
    result = runner.invoke(cli, ["import", str(exported), "--project", str(target)])
    assert result.exit_code == 0, result.output
    assert _counted(target) == before


def test_a_qdpx_source_follows_the_project_s_interviewers(tmp_path: Path) -> None:
    """A source without an `interviewers` variable (another tool's): the project's
    `speakers.interviewers` applies at import (this held before; the roles' new reading must
    keep it)."""
    plain = _project(tmp_path / "plain", [])
    folder = plain / "corpus" / "pole-a"
    folder.mkdir(parents=True)
    (folder / "entretien.txt").write_text(INTERVIEW, encoding="utf-8")
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["import", str(plain / "corpus"), "--project", str(plain)]).exit_code
        == 0
    )
    exported = tmp_path / "plain.qdpx"
    assert (
        runner.invoke(cli, ["export", "qdpx", str(exported), "--project", str(plain)]).exit_code
        == 0
    )
    everyone = _counted(plain)["pole-a/entretien.txt"]
    target = _project(tmp_path / "target", ["PB"])
    assert runner.invoke(cli, ["import", str(exported), "--project", str(target)]).exit_code == 0
    words, counted = _counted(target)["pole-a/entretien.txt"]
    assert words == everyone[0] and int(counted) < int(everyone[1])
