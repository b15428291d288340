"""`evaluate --tagger weighed` after a review (session 38, B1): the cross-validated rules
read every held-out passage, decided or not, and are weighed by the other folds' review only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from ptce_coding.app.project import load_project
from ptce_coding.cli import cli
from tests.assist_support import make_project
from tests.test_suggest import add_rule, set_min_confidence

pytestmark = pytest.mark.slow  # the rules' pipeline and the model's folds


def run(project: Path, *args: str, given: str | None = None) -> str:
    result = CliRunner().invoke(cli, [*args, "--project", str(project)], input=given)
    assert result.exit_code == 0, result.output
    return result.stdout


def accept_one_by_one(project: Path, coder: str, document: str | None = None) -> None:
    """Accept every waiting rule suggestion (of ``document``) as ``coder``, one by one: an
    acceptance by threshold (`review --accept-above`) is no decision `evaluate` counts."""
    with load_project(project).open_store() as store:
        waiting = store.coding_rows(
            statuses=["suggested"],
            methods=["rule"],
            documents=[document] if document else None,
            with_text=False,
        )
        for row in waiting:
            store.review(row.id, "accepted", coder)


def rules_cv(project: Path, level: str) -> dict[str, dict[str, Any]]:
    """The ``rules-cv`` rows of `evaluate --tagger weighed` by documents, by code (``level``
    code) or by average (average: micro, macro)."""
    args = ["evaluate", "--tagger", "weighed", "--group", "document", "--level", level]
    rows = json.loads(run(project, *args, "--format", "json"))
    key = "level" if level == "average" else "code"
    return {row[key]: row for row in rows if row["tagger"] == "rules-cv"}


def test_accepted_suggestions_are_found_again_not_missed(tmp_path: Path) -> None:
    """claire coded case-1 and case-2; the rules find most compost and bicycle passages.
    Once every rule suggestion is accepted, the cross-validated rules still find each of
    them: recall does not fall (they predicted nothing where a decision was recorded)."""
    root = make_project(tmp_path / "study")
    add_rule(root, "ECO.COMPOST", r"\bcompost\b")
    add_rule(root, "ECO.BIKE", r"\bbicycles?\b")
    set_min_confidence(root, 0)  # every finding is written: the weights do not matter here
    run(root, "code")
    before = rules_cv(root, "average")["micro"]
    assert before["precision"] == 1.0 and before["recall"] > 0.8
    accept_one_by_one(root, "doctorante")
    after = rules_cv(root, "average")["micro"]
    added = after["support"] - before["support"]  # case-3's accepted suggestions
    assert added > 0
    assert after["predicted"] == before["predicted"] + added  # each of them found again
    assert after["precision"] == 1.0 and after["recall"] >= before["recall"]


def test_a_held_out_documents_decisions_do_not_weigh_its_rules(tmp_path: Path) -> None:
    """No human coding; a wrong rule (weather → ECO.BIKE) is rejected twice, on one document
    only. Scored on that document, the rules know nothing of those rejections: the rule keeps
    its full weight there (0.21 ≥ 0.15, written by `code` before the review) and its two
    findings are false positives. Counting them would halve its weight (0.10) and hide them."""
    root = make_project(tmp_path / "study", coded_cases=())
    settings = yaml.safe_load((root / "project.yaml").read_text(encoding="utf-8"))
    settings["model"]["sentence_vectors"] = False  # the rules' confidence: their record only
    (root / "project.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    set_min_confidence(root, 0.15)
    add_rule(root, "ECO.COMPOST", r"\bcompost\b")
    add_rule(root, "ECO.BIKE", r"\bweather\b")  # wrong: 2 passages of case-1/interview-2
    run(root, "code")
    weather = "case-1/interview-2.txt"
    reject = ["review", "--document", weather, "--code", "ECO.BIKE", "--coder", "claire"]
    run(root, *reject, given="rrq")
    accept_one_by_one(root, "claire", weather)
    accept_one_by_one(root, "claire", "case-1/interview-1.txt")
    scores = rules_cv(root, "code")
    bike = scores.get("ECO.BIKE", {"support": 0, "predicted": 0})  # no row: nothing predicted
    assert bike["support"] == 0  # its two passages are negatives
    assert bike["predicted"] == 2  # its own rejections must not weigh it
    assert scores["ECO.COMPOST"]["recall"] == 1.0
