"""A rule's record in review counts the decisions read (session 38, after B5): a suggestion
accepted by threshold (`review --accept-above`) is the rule's own confidence taken over
unread, no evidence that the rule is right. It neither lifts the confidence `code` gives
the rule's other findings nor counts as « accepted » in `evaluate --level rules`; a decision
made one by one still does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ptce_coding.app.project import load_project
from tests.assist_support import make_project
from tests.test_evaluate_threshold_s38e2 import invoke
from tests.test_suggest import add_rule, set_min_confidence

pytestmark = pytest.mark.slow  # the rules' pipeline (spaCy)

FIRST = "case-2/interview-1.txt"


def _confidences(root: Path, code: str) -> dict[tuple[str, int, int], float | None]:
    """The rule suggestions of ``code`` still waiting, by passage."""
    with load_project(root).open_store() as store:
        rows = store.coding_rows(statuses=["suggested"], methods=["rule"], with_text=False)
    return {(r.document, r.start, r.end): r.confidence for r in rows if r.code == code}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """claire coded case-1; the compost rule fires on every case (« compost »)."""
    root = make_project(tmp_path / "study", coded_cases=("case-1",))
    add_rule(root, "ECO.COMPOST", r"\bcompost\b")
    set_min_confidence(root, 0)  # every finding is written
    assert invoke(root, "code").exit_code == 0
    return root


def _rule_row(root: Path, code: str) -> dict[str, object]:
    result = invoke(root, "evaluate", "--level", "rules", "--format", "json")
    assert result.exit_code == 0, result.output
    return next(r for r in json.loads(result.stdout) if r["code"] == code)


def test_acceptances_by_threshold_do_not_weigh_a_rule(project: Path) -> None:
    before = _confidences(project, "ECO.COMPOST")
    batch = ["review", "--accept-above", "0", "--yes", "--coder", "doctorante"]
    accepted = invoke(project, *batch, "--document", FIRST)
    assert accepted.exit_code == 0, accepted.output
    waiting = {k: v for k, v in before.items() if k[0] != FIRST}
    assert waiting and len(waiting) < len(before)  # some accepted, others still waiting
    assert invoke(project, "code").exit_code == 0
    assert _confidences(project, "ECO.COMPOST") == waiting  # the record did not move
    assert _rule_row(project, "ECO.COMPOST")["accepted"] == 0


def test_a_decision_read_one_by_one_still_weighs_it(project: Path) -> None:
    read = ["review", "--document", FIRST, "--code", "ECO.COMPOST", "--coder", "claire"]
    decided = invoke(project, *read, given="a" * 20 + "q")
    assert decided.exit_code == 0, decided.output
    assert _rule_row(project, "ECO.COMPOST")["accepted"] >= 1
