"""`ptce-coding evaluate` (helper D, session 36): a code the model did not learn where it is
tested (too few coded segments in the folds' training parts: it cannot suggest it there) is
listed as not learned, with its coded segments and how many a code needs, its F1 is not a
0, the macro average leaves it out and says over how many codes it is, and the micro
average says that its coded segments count as misses."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from ptce_coding.analysis.model_folds import Fold
from ptce_coding.analysis.tagger_scores import score_notes, scores_table
from ptce_coding.analysis.unlearned_codes import not_learned
from ptce_coding.cli import cli
from ptce_coding.codebook.loader import parse_codebook
from tests.assist_support import make_project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # ECO.RARE is coded once, in case-1: the fold that tests case-1 trains on none of it
    return make_project(
        tmp_path_factory.mktemp("unlearned") / "study", coded_cases=("case-1", "case-2", "case-3")
    )


@pytest.mark.slow  # the sentence encoder
def test_a_code_the_model_never_learned_has_no_f1_and_is_out_of_the_macro(project: Path) -> None:
    args = ["evaluate", "--tagger", "model", "--folds", "3", "--format", "json"]
    result = CliRunner().invoke(cli, [*args, "--project", str(project)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    codes = {r["code"]: r for r in rows if r["level"] == "code"}
    rare = codes["ECO.RARE"]
    assert rare["support"] == 1  # coded once: tested where no fold's model had learned it
    assert rare["f1"] is None  # was 0.0: « the model is wrong » where it does not know the code
    assert rare["recall"] is None
    assert "not learned: 1 coded segment, 5 needed" in rare["caution"]
    learned = [r for name, r in codes.items() if name != "ECO.RARE" and r["support"] > 0]
    assert learned and all(r["f1"] is not None for r in learned)
    macro = next(r for r in rows if r["level"] == "macro")
    assert macro["f1"] == pytest.approx(np.mean([r["f1"] for r in learned]))
    assert macro["caution"].startswith(f"mean of {len(learned)} of {len(learned) + 1} codes")
    assert "not learned by the model, left out: ECO.RARE" in macro["caution"]
    micro = next(r for r in rows if r["level"] == "micro")
    assert "1 coded segment of codes not learned (ECO.RARE) counted as misses" in (micro["caution"])
    assert "Not learned by the model where it is tested" in result.stderr
    assert f"Macro averages over the codes with coded segments: model {len(learned)} (1 not " in (
        result.stderr
    )
    assert "ECO.RARE (1 coded segment" in result.stderr


def _book():  # type: ignore[no-untyped-def]
    return parse_codebook(
        "name: t\ncodes:\n  - id: A\n    label: A\n    children:\n"
        "      - id: A.X\n        label: X\n      - id: A.Y\n        label: Y\n"
    )


def test_not_learned_reads_the_folds_models() -> None:
    """A.Y's two coded segments are in group g1, whose fold's model did not learn A.Y (the
    other fold learned it, from nothing it is tested on): not learned; A.X is learned by
    the fold that tests one of its two segments: scored, its miss elsewhere said."""
    codes = ["A", "A.X", "A.Y"]
    groups = ["g1", "g1", "g2", "g2"]
    gold = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 0], [0, 0, 0]])
    folds = (
        Fold(("g2",), ("g1",), learned=("A",)),
        Fold(("g1",), ("g2",), learned=("A", "A.X", "A.Y")),
    )
    missing = not_learned(gold, codes, groups, folds, needed=5)
    assert [(m.code, m.segments, m.untested, m.trained_on, m.needed) for m in missing] == [
        ("A.X", 2, 1, 1, 5),
        ("A.Y", 2, 2, 0, 5),
    ]
    assert [m.never for m in missing] == [False, True]
    predicted = np.array([[1, 0, 0], [1, 0, 0], [1, 1, 0], [0, 0, 1]])
    table = scores_table("model", gold, predicted, codes, _book(), missing)
    keyed = table.set_index(["level", "code"])
    assert np.isnan(keyed.loc[("code", "A.Y"), "f1"])  # not 0
    assert keyed.loc[("code", "A.Y"), "precision"] == 0.0  # its one suggestion was wrong
    macro = keyed.loc[("macro", "(all codes)")]  # A and A.X: A.Y's precision left out too
    assert macro["f1"] == pytest.approx((1.0 + 2 / 3) / 2)
    assert macro["precision"] == pytest.approx(1.0)
    micro = keyed.loc[("micro", "(all codes)")]  # A.Y's two segments are misses
    assert micro["recall"] == pytest.approx(4 / 7)
    keys = zip(table["level"], table["code"], strict=True)
    notes = dict(zip(keys, score_notes(table, missing), strict=True))
    assert notes[("code", "A.Y")].startswith("not learned: 2 coded segments, 5 needed")
    assert (
        "1 of its 2 coded segments tested where the model had not learned it"
        in (notes[("code", "A.X")])
    )
    assert notes[("macro", "(all codes)")].startswith(
        "mean of 2 of 3 codes (not learned by the model, left out: A.Y)"
    )
    assert "micro recall without them: 0.80" in notes[("micro", "(all codes)")]
