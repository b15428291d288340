"""`evaluate` after `review --accept-above` (session 38, B5): a suggestion accepted by
threshold is the tagger's own judgement, nobody read it; it is no positive of the reference
(the rules are not scored against their own acceptances), and `evaluate` says how many it
leaves out. A suggestion accepted one by one still counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ptce_coding.cli import cli
from tests.assist_support import make_project
from tests.test_suggest import add_rule, set_min_confidence

pytestmark = pytest.mark.slow  # the rules' pipeline (spaCy)

WEATHER = "case-1/interview-2.txt"  # « weather »: 2 passages, about no bicycle


def invoke(project: Path, *args: str, given: str | None = None) -> Result:
    return CliRunner().invoke(cli, [*args, "--project", str(project)], input=given)


def rules_micro(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    return next(r for r in rows if r["tagger"] == "rules" and r["level"] == "micro")


@pytest.fixture
def batch_accepted(tmp_path: Path) -> Path:
    """claire coded case-1; a wrong rule (weather → ECO.BIKE) fires twice there; the rules'
    other suggestions (compost) are on every case. claire accepts one compost suggestion of
    case-2 one by one, then doctorante accepts all the others by threshold."""
    root = make_project(tmp_path / "study", coded_cases=("case-1",))
    add_rule(root, "ECO.COMPOST", r"\bcompost\b")
    add_rule(root, "ECO.BIKE", r"\bweather\b")
    set_min_confidence(root, 0)  # every finding is written
    assert invoke(root, "code").exit_code == 0
    one = ["review", "--document", "case-2/interview-1.txt", "--code", "ECO.COMPOST"]
    read = invoke(root, *one, "--coder", "claire", given="aq")
    assert read.exit_code == 0, read.output
    batch = invoke(root, "review", "--accept-above", "0", "--yes", "--coder", "doctorante")
    assert batch.exit_code == 0, batch.output
    return root


def test_acceptances_by_threshold_are_not_the_reference(batch_accepted: Path) -> None:
    result = invoke(batch_accepted, "evaluate", "--tagger", "rules", "--format", "json")
    rules = rules_micro(result)
    # the weather passages are not ECO.BIKE in claire's coding: false positives, not
    # positives made by the rules' own acceptance
    assert rules["precision"] < 1.0
    left = [line for line in result.output.splitlines() if "left out of the reference" in line]
    assert len(left) == 1
    assert left[0].endswith(
        "suggestions accepted by threshold (≥ 0) are left out of the reference: nobody read them."
    )
    # case-1's two documents and the one claire reviewed; her decision read one by one counts
    assert "of 3 human-coded or reviewed documents (1 review decisions counted)" in result.output


def test_weighed_says_it_too(batch_accepted: Path) -> None:
    """`--tagger weighed` scores against the same reference, and says what it leaves out."""
    args = ["evaluate", "--tagger", "weighed", "--group", "document", "--format", "json"]
    result = invoke(batch_accepted, *args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    cv = next(r for r in rows if r["tagger"] == "rules-cv" and r["level"] == "micro")
    assert cv["precision"] < 1.0  # the weather passages of case-1 are false positives
    assert "accepted by threshold (≥ 0) are left out of the reference" in result.output


def test_only_acceptances_by_threshold_is_a_clear_error(tmp_path: Path) -> None:
    """No human coding and every decision an acceptance by threshold: nothing to evaluate
    against, and why."""
    root = make_project(tmp_path / "study", coded_cases=())
    add_rule(root, "ECO.COMPOST", r"\bcompost\b")
    set_min_confidence(root, 0)
    assert invoke(root, "code").exit_code == 0
    batch = invoke(root, "review", "--accept-above", "0", "--yes", "--coder", "doctorante")
    assert batch.exit_code == 0, batch.output
    result = invoke(root, "evaluate", "--tagger", "rules")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "no accepted human coding nor review decision to evaluate against (" in result.output
    assert "accepted by threshold (≥ 0) are left out of the reference" in result.output
