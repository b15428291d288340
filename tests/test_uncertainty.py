"""Scores from few examples come with their uncertainty: F1 intervals, small-sample warnings
in `suggest` and `evaluate`, and « too few coded units » in `agreement`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ptce_coding.analysis.uncertainty import MIN_EXAMPLES, caution, f1_counts, f1_interval, wilson
from ptce_coding.cli import cli
from tests.assist_support import make_project


def test_wilson_interval_matches_the_published_values() -> None:
    interval = wilson(8, 10)  # Newcombe (1998): 0.490–0.943
    assert interval is not None
    assert (round(interval.low, 3), round(interval.high, 3)) == (0.490, 0.943)
    assert wilson(0, 0) is None
    assert str(wilson(4, 4)) == "95% CI 0.51–1.00"


def test_f1_interval_narrows_with_more_examples() -> None:
    few = f1_interval(*f1_counts(0.86, 4))
    many = f1_interval(*f1_counts(0.86, 400))
    assert few is not None and many is not None
    assert few.low < 0.5 < 0.86 < few.high  # 4 examples: F1 0.86 says little
    assert many.high - many.low < 0.1 and many.low < 0.86 < many.high
    assert f1_interval(0, 0, 0) is None
    perfect = f1_interval(4, 0, 0)
    assert perfect is not None and perfect.high == 1.0 and perfect.low < 0.6


def test_caution_below_the_minimum_only() -> None:
    assert caution(4) == f"only 4 examples: too few to trust (< {MIN_EXAMPLES})"
    assert caution(MIN_EXAMPLES) == ""
    assert caution(None).startswith("only 0 examples")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("uncertainty") / "study")


def run(project: Path, *args: str):
    return CliRunner().invoke(cli, [*args, "--project", str(project)])


@pytest.mark.slow  # the French spaCy model
def test_suggest_prints_an_interval_and_warns_on_few_examples(project: Path) -> None:
    result = run(project, "suggest", "--min-examples", "2")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "cross-validated F1" in line]
    assert lines
    for line in lines:  # never a bare F1
        assert re.search(r"F1 \d\.\d\d \(95% CI \d\.\d\d–\d\.\d\d; \d+ accepted coding", line)
    counts = [int(re.search(r"; (\d+) accepted coding", line).group(1)) for line in lines]
    for line, count in zip(lines, counts, strict=True):
        assert ("too few to trust" in line) is (count < MIN_EXAMPLES), line


@pytest.mark.slow  # the French spaCy model
def test_evaluate_gives_f1_intervals_and_cautions(project: Path) -> None:
    result = run(project, "evaluate", "--format", "json", "--folds", "2")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    coded = [r for r in rows if r["level"] == "code" and r["support"] > 0]
    assert coded
    # a code the model never learned where it is tested has no F1, hence no interval (not
    # the interval of a 0): in this project, the model's ECO.RARE (1 coded segment) alone
    unscored = [r for r in coded if r["f1"] is None]
    assert [(r["tagger"], r["code"]) for r in unscored] == [("model", "ECO.RARE")]
    assert unscored[0]["recall"] is None and unscored[0]["f1_ci"] == ""
    assert "; not learned: 1 coded segment, " in unscored[0]["caution"]
    for row in coded:
        if row["f1"] is not None:
            low, high = (float(x) for x in row["f1_ci"].split("–"))
            assert low <= row["f1"] <= high
        # « only N examples » under the minimum; an undefined precision is said after it
        assert row["caution"].startswith("only ") is (row["support"] < MIN_EXAMPLES)
        undefined = row["predicted"] == 0
        assert ("precision undefined: nothing predicted" in row["caution"]) is undefined
    rare = next(r for r in rows if r["code"] == "ECO.RARE" and r["tagger"] == "model")
    assert rare["caution"].startswith("only 1 example:")
