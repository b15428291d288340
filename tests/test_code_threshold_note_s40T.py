"""`code` and `run` say what the rule findings left under `coding.min_confidence` are and what
to do to read them (session 40, T): on real speech that is not about PTCE the default 0.35
wrote 4 suggestions and left 94 findings out, and `code` only said « Not written: 94 rule
finding(s) under the confidence threshold 0.35 (coding.min_confidence) », `run` nothing at all."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

pytestmark = pytest.mark.slow  # the rules' pipeline (spaCy, the sentence encoder)


def _threshold(root: Path, value: str) -> None:
    settings = root / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"min_confidence: [0-9.]+", f"min_confidence: {value}", text))


def test_code_and_run_say_how_to_read_the_findings_left_out(
    invoke: Callable[..., Result], imported: Path
) -> None:
    _threshold(imported, "0.99")  # every finding of the test codebook is under it
    result = invoke("code")
    assert result.exit_code == 0, result.output
    assert "Coded " in result.output and ": 0 suggestions" in result.output
    said = re.search(
        r"(\d+) finding\(s\) no coder decided yet are under the threshold", result.output
    )
    assert said and int(said.group(1)) > 0, result.output
    assert "the highest at 0." in result.output
    assert "lower coding.min_confidence in project.yaml (0 writes every finding)" in result.output
    ran = invoke("run")
    assert ran.exit_code == 0, ran.output
    assert f"{said.group(1)} finding(s) no coder decided yet are under the threshold" in ran.output


def test_nothing_is_said_when_every_finding_is_written(
    invoke: Callable[..., Result], imported: Path
) -> None:
    result = invoke("code")  # the test project writes every finding (min_confidence: 0)
    assert result.exit_code == 0, result.output
    assert "under the threshold" not in result.output


def test_the_highest_under_the_threshold_never_reads_as_the_threshold() -> None:
    # 0.3499 under 0.35: rounded it read « the highest at 0.35 », under a threshold of 0.35
    from ptce_coding.cli.run_notes import threshold_lines
    from ptce_coding.tagging.rule_coding import RuleRun

    run = RuleRun(below=[0.3499, 0.2])
    (line,) = threshold_lines(run, 0.35)
    assert "the highest at 0.34 (1 reach 0.25, 2 reach 0.15, 2 reach 0.05)" in line
