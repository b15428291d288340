"""`code` after a decision more than the saved model was trained on: it still reads the model
`suggest` saved while the coding changed little (``saved_model.STALE_SHARE``), so the rule
suggestions its weighing wrote are not dropped for one decision (trial T, session 38)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.app.project import load_project
from ptce_coding.base.records import CodingRow
from ptce_coding.cli import cli
from tests.assist_support import make_project
from tests.test_suggest import add_rule, set_min_confidence

pytestmark = pytest.mark.slow  # the sentence encoder and the spaCy pipeline


def run(project: Path, *args: str, given: str | None = None) -> Result:
    return CliRunner().invoke(cli, [*args, "--project", str(project)], input=given)


def suggested_rules(project: Path) -> dict[tuple[str, int, str], CodingRow]:
    with load_project(project).open_store() as store:
        rows = store.coding_rows(methods=["rule"], statuses=["suggested"])
    return {(r.document, r.start, r.code): r for r in rows}


def human_and_decided(project: Path) -> list[tuple[object, ...]]:
    with load_project(project).open_store() as store:
        rows = store.coding_rows(statuses=["accepted", "rejected"])
    return sorted((r.id, r.document, r.start, r.end, r.code, r.status, r.coder) for r in rows)


@pytest.fixture
def weighed(tmp_path: Path) -> Path:
    """The assist project coded by the rules, then weighed by `suggest` (every finding written:
    min_confidence 0)."""
    project = make_project(tmp_path / "study")
    add_rule(project, "ECO.COMPOST", r"\bcompost\b")
    add_rule(project, "ECO.BIKE", r"\bvolunteers?\b")
    set_min_confidence(project, 0.0)
    assert run(project, "code").exit_code == 0
    result = run(project, "suggest")
    assert result.exit_code == 0, result.output
    return project


def test_code_after_one_review_decision_still_weighs_with_the_saved_model(weighed: Path) -> None:
    after_suggest = suggested_rules(weighed)
    read = {k: r for k, r in after_suggest.items() if "model (" in (r.evidence or "")}
    assert read  # the model weighed the findings on the segments it did not learn from
    meta = json.loads((weighed / ".cache" / "model" / "meta.json").read_text(encoding="utf-8"))
    assert meta["trained_at"] and len(meta["segment_keys"]) == meta["training_segments"]

    decision = run(weighed, "review", "--method", "model", "--coder", "claire", given="a\nq\n")
    assert decision.exit_code == 0, decision.output
    assert "1 accepted" in decision.output
    kept = human_and_decided(weighed)
    again = run(weighed, "code")
    assert again.exit_code == 0, again.output
    assert "Weighed with the model" in again.output
    assert "trained on an earlier coding" not in again.output
    now = suggested_rules(weighed)
    assert set(now) == set(after_suggest)  # every finding is written at threshold 0
    # the findings the model weighed keep its reading: the same evidence and confidence
    assert {k: (now[k].evidence, now[k].confidence) for k in read} == {
        k: (r.evidence, r.confidence) for k, r in read.items()
    }
    assert human_and_decided(weighed) == kept  # codings and decisions untouched by `code`
