"""Shared fixtures: a temporary project built from the small files in tests/data/."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.cli import cli

DATA = Path(__file__).parent / "data"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def tmp_project(tmp_path: Path, runner: CliRunner) -> Path:
    """A project made by `init`, with the test codebook and the two-pole test corpus.

    The test codebook's codes have one-line definitions, too thin for the rules' confidence
    (tagging/relevance.py) to mean anything: the project writes every rule match
    (``coding.min_confidence: 0``), so that these tests see what the rules find.
    tests/test_relevance.py tests the confidence with the default codebook."""
    root = tmp_path / "study"
    result = runner.invoke(cli, ["init", str(root)])
    assert result.exit_code == 0, result.output
    settings = root / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "  min_confidence: 0.35 " in text
    settings.write_text(text.replace("  min_confidence: 0.35 ", "  min_confidence: 0    "))
    shutil.copyfile(DATA / "codebook.yaml", root / "codebooks" / "ptce.yaml")
    shutil.rmtree(root / "corpus")
    shutil.copytree(DATA / "corpus", root / "corpus")
    return root


@pytest.fixture
def invoke(runner: CliRunner, tmp_project: Path) -> Callable[..., Result]:
    """Run a command on the temporary project."""

    def run(*args: str) -> Result:
        return runner.invoke(cli, [*args, "--project", str(tmp_project)])

    return run
