"""`ptce-coding evaluate`: scores against human coding, folds that never share a group."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from ptce_coding.analysis.evaluate import EvaluationPlan, evaluate
from ptce_coding.analysis.tagger_scores import scores_table
from ptce_coding.app.project import load_project
from ptce_coding.cli import cli
from ptce_coding.codebook.loader import parse_codebook
from tests.assist_support import coded_interview, make_project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(
        tmp_path_factory.mktemp("evaluate") / "study", coded_cases=("case-1", "case-2", "case-3")
    )


@pytest.mark.slow  # the French spaCy model
@pytest.mark.parametrize("group", ["case", "document"])
def test_folds_never_share_a_group(project: Path, group: str) -> None:
    settings = load_project(project)
    with settings.open_store() as store:
        result = evaluate(
            store,
            settings.load_codebook(),
            settings.coding,
            settings.cache_path,
            plan=EvaluationPlan(group=group, folds=3, taggers=["model"]),
            settings=settings.model_settings(),
        )
    assert len(result.folds) == 3
    tested = []
    for fold in result.folds:
        assert not set(fold.train_groups) & set(fold.test_groups)
        tested.extend(fold.test_groups)
    assert len(tested) == len(set(tested)) == (3 if group == "case" else 6)
    model = result.scores.set_index(["level", "code"])
    assert model.loc[("code", "ECO.COMPOST"), "f1"] >= 0.9  # the planted signal
    assert model.loc[("code", "ECO.RARE"), "support"] == 1


def test_scores_reproduce_hand_counts() -> None:
    book = parse_codebook(
        "name: t\ncodes:\n  - id: A\n    label: A\n    children:\n"
        "      - id: A.X\n        label: X\n      - id: A.Y\n        label: Y\n"
    )
    codes = ["A", "A.X", "A.Y"]
    gold = np.array([[0, 1, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0]])
    pred = np.array([[0, 1, 0], [0, 0, 0], [0, 1, 1], [0, 0, 1]])
    table = scores_table("model", gold, pred, codes, book).set_index(["level", "code"])
    x = table.loc[("code", "A.X")]  # tp 1, fp 1, fn 1
    assert (x["precision"], x["recall"], x["f1"], x["support"]) == (0.5, 0.5, 0.5, 2)
    y = table.loc[("code", "A.Y")]  # tp 1, fp 1, fn 0
    assert (y["precision"], y["recall"], y["f1"]) == pytest.approx((0.5, 1.0, 2 / 3))  # unrounded
    axis = table.loc[("axis", "A")]  # any of A's codes: rows 0, 1, 2 vs predicted 0, 2, 3
    assert (axis["precision"], axis["recall"], axis["support"]) == pytest.approx((2 / 3, 2 / 3, 3))
    micro = table.loc[("micro", "(all codes)")]  # tp 2, fp 2, fn 1
    assert (micro["precision"], micro["recall"], micro["f1"]) == pytest.approx((0.5, 2 / 3, 4 / 7))
    assert table.loc[("macro", "(all codes)"), "f1"] == pytest.approx((0.5 + 2 / 3) / 2)


@pytest.mark.slow  # the French spaCy model
def test_evaluate_command_json(project: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "evaluate",
            "--format",
            "json",
            "--folds",
            "3",
            "--level",
            "average",
            "--project",
            str(project),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {(r["tagger"], r["level"]) for r in rows} == {
        (t, level) for t in ("rules", "model") for level in ("micro", "macro")
    }
    rules = next(r for r in rows if r["tagger"] == "rules" and r["level"] == "micro")
    assert rules["predicted"] == 0 and rules["support"] > 0  # no rule in this codebook
    assert "The rules made no suggestion on these documents" in result.stderr


def test_evaluate_without_human_coding_is_a_clear_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "empty", coded_cases=())
    result = CliRunner().invoke(cli, ["evaluate", "--project", str(root)])
    assert result.exit_code == 1
    assert "Error: no accepted human coding nor review decision to evaluate against" in (
        result.output
    )


@pytest.mark.slow  # the French spaCy model
def test_evaluate_needs_two_groups(tmp_path: Path) -> None:
    """The model needs 2 groups to be cross-validated; the rules do not: by default they are
    scored and the model's absence is said; the model asked for alone is an error."""
    root = make_project(tmp_path / "one", coded_cases=("case-1",))
    result = CliRunner().invoke(
        cli, ["evaluate", "--format", "json", "--project", str(root)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "the model is not scored: cross-validation needs the coding of 2 cases" in (
        result.stderr
    )
    assert "--group document" in result.stderr
    taggers = {row["tagger"] for row in json.loads(result.stdout)}
    assert taggers == {"rules"}
    alone = CliRunner().invoke(cli, ["evaluate", "--tagger", "model", "--project", str(root)])
    assert alone.exit_code == 1
    assert "cross-validation needs at least 2 groups" in alone.output
    by_document = CliRunner().invoke(
        cli, ["evaluate", "--group", "document", "--project", str(root)]
    )
    assert by_document.exit_code == 0, by_document.output


@pytest.mark.slow  # the French spaCy model
def test_review_decisions_count_and_each_rule_is_listed(tmp_path: Path, runner) -> None:
    """Accepted suggestions are positives and rejected ones negatives; `--level rules` gives
    each rule's suggestions, decisions and precision in review."""
    from ptce_coding.app.project import find_project

    root = coded_interview(tmp_path / "study")
    with find_project(root).open_store() as store:
        rows = store.coding_rows(methods=["rule"])
    lieu = next(r for r in rows if r.code == "COOP.MUTUALISATION.LIEU")
    other = next(r for r in rows if r.code != lieu.code)
    review = runner.invoke(
        cli,
        ["review", "--coder", "claire", "--code", lieu.code, "--project", str(root)],
        input="a\nq\n",
    )
    assert review.exit_code == 0, review.output
    review = runner.invoke(
        cli,
        ["review", "--coder", "claire", "--code", other.code, "--project", str(root)],
        input="r\nq\n",
    )
    assert review.exit_code == 0, review.output
    result = runner.invoke(
        cli,
        [
            "evaluate",
            "--tagger",
            "rules",
            "--level",
            "code",
            "--format",
            "json",
            "--project",
            str(root),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "(2 review decisions counted)" in result.stderr
    assert "an optimistic figure. `--tagger weighed`" in result.stderr  # said what it scores
    scores = {r["code"]: r for r in json.loads(result.stdout) if r["level"] == "code"}
    assert scores[lieu.code]["support"] == 1 and scores[lieu.code]["precision"] == 1.0
    assert scores[other.code]["support"] == 0 and scores[other.code]["predicted"] == 1
    result = runner.invoke(
        cli,
        [
            "evaluate",
            "--tagger",
            "rules",
            "--level",
            "rules",
            "--format",
            "json",
            "--project",
            str(root),
        ],
    )
    assert result.exit_code == 0, result.output
    table = {r["rule"]: r for r in json.loads(result.stdout)}
    lieu_rules = [r for r in table.values() if r["code"] == lieu.code]
    assert lieu_rules and all(
        r["accepted"] == 1 and r["rejected"] == 0 and r["precision"] == 1.0 for r in lieu_rules
    )
    assert all(r["fires"] >= 1 and r["demoted"] is False for r in table.values())


@pytest.mark.slow  # the French spaCy model
def test_progress_counts_every_fit_of_every_fold(project: Path) -> None:
    """A long evaluation shows a bar that goes up to its end: each code's fit, fold after
    fold, the model's folds then the weighed rules' folds."""
    settings = load_project(project)
    calls: list[tuple[int, int]] = []
    with settings.open_store() as store:
        evaluate(
            store,
            settings.load_codebook(),
            settings.coding,
            settings.cache_path,
            plan=EvaluationPlan(folds=3, taggers=["model", "weighed"]),
            settings=settings.model_settings(),
            progress=lambda done, total: calls.append((done, total)),
        )
    codes = len(settings.load_codebook().codes)
    totals = {total for _, total in calls}
    assert totals == {2 * 3 * codes}  # two taggers' folds, each fitting every code once
    counts = [done for done, _ in calls]
    assert counts == list(range(1, 2 * 3 * codes + 1))
