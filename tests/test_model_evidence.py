"""The model's likelihood ratio weighs a rule finding's confidence (tagging/model_evidence.py)."""

from __future__ import annotations

import math
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from ptce_coding.base.coded_spans import CodedSpans
from ptce_coding.base.records import CodingRow
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.tagging.classifier import CodeFit
from ptce_coding.tagging.model_evidence import (
    ModelView,
    given_no_rule,
    log_ratio,
    unfound_rates,
    with_ratio,
)
from ptce_coding.tagging.training_data import SegmentItem, label_matrix
from tests.assist_support import DATA


def fit(positives: int, negatives: int, scale: float = 1.0) -> CodeFit:
    return CodeFit(None, 1.0, 0.0, 0.5, positives, negatives, 0.8, scale)  # type: ignore[arg-type]


def test_a_calibrated_probability_at_the_base_rate_says_nothing() -> None:
    coded = fit(10, 30)  # base rate 0.25
    assert log_ratio(coded, 0.25) == pytest.approx(0.0)
    assert log_ratio(coded, 0.75) == pytest.approx(math.log(3) - math.log(1 / 3))
    assert log_ratio(coded, 0.1) < 0
    assert with_ratio(0.4, 0.0) == pytest.approx(0.4)
    # odds times the ratio: 0.4 (odds 2/3) with a ratio of 3 gives odds 2, 2/3
    assert with_ratio(0.4, math.log(3)) == pytest.approx(2 / 3)
    assert with_ratio(0.4, -math.log(3)) == pytest.approx((2 / 9) / (1 + 2 / 9))
    assert with_ratio(1.0, -1000.0) < 0.01 and with_ratio(0.0, 1000.0) > 0.99  # no overflow


def test_a_code_learned_from_few_examples_weighs_less() -> None:
    # learned from 2 coded segments of 5 wanted: its probability was scaled by 0.4
    few = fit(2, 40, scale=0.4)
    raw = 0.9  # the classifier's own probability (classes weighed equally: odds = ratio)
    assert log_ratio(few, raw * 0.4) == pytest.approx(0.4 * math.log(9))
    assert log_ratio(few, 0.5 * 0.4) == pytest.approx(0.0)


def test_a_suggestion_reads_its_code_or_the_nearest_learned_one_above_it() -> None:
    book = load_codebook(DATA / "codebook.yaml")
    view = ModelView(
        ratios={("a.txt", 0): {"ECO": 1.5, "ECO.BIKE": -2.0}, ("a.txt", 50): {"ECO": 0.5}},
        positives={"ECO": 12, "ECO.BIKE": 7},
    )
    bike = view.reading(book, "a.txt", 0, "ECO.BIKE")
    assert bike is not None and (bike.code, bike.ratio, bike.positives) == ("ECO.BIKE", -2.0, 7)
    compost = view.reading(book, "a.txt", 0, "ECO.COMPOST")  # not learned: its parent's
    assert compost is not None and (compost.code, compost.ratio) == ("ECO", 1.5)
    assert compost.describe() == f"model (ECO, 12 coded segments): ×{math.exp(1.5):.1f}"
    assert view.reading(book, "a.txt", 50, "ECO.BIKE").code == "ECO"  # type: ignore[union-attr]
    assert view.reading(book, "a.txt", 99, "ECO.BIKE") is None  # a coded segment: no reading
    assert view.reading(book, "b.txt", 0, "ECO") is None
    # a calibrated reading above is preferred to a code's own few-shot one
    view.calibrated = {"ECO"}
    preferred = view.reading(book, "a.txt", 0, "ECO.BIKE")
    assert preferred is not None and (preferred.code, preferred.ratio) == ("ECO", 1.5)


def test_where_no_rule_finds_a_code_its_rate_is_read_among_such_passages() -> None:
    items = [
        SegmentItem(1, "a.txt", "case", k, 100 * k, 100 * k + 90, "lemmas", "text")
        for k in range(8)
    ]
    codes = ["ECO", "ECO.BIKE"]
    # the group coded segments 0-5: ECO.BIKE on 0, 1, 2 (the rules found it on 0 and 1) and
    # on 5 (no rule found it there); segments 6 and 7 are not coded
    labels = np.array([[1, 1], [1, 1], [1, 1], [0, 0], [0, 0], [1, 1], [-1, -1], [-1, -1]])
    rule = CodingRow(
        id=1,
        document="a.txt",
        case="case",
        start=0,
        end=0,
        code="ECO.BIKE",
        coder="rules",
        method="rule",
        status="suggested",
        confidence=0.5,
        evidence="",
        memo="",
    )
    ruled = CodedSpans(
        [replace(rule, start=10, end=20), replace(rule, start=110, end=120)],
        above=lambda code: ["ECO"] if code == "ECO.BIKE" else [],
    )
    model = SimpleNamespace(
        codes_=codes, fits_={"ECO": fit(4, 2), "ECO.BIKE": fit(4, 2), "ECO.RARE": fit(1, 5, 0.2)}
    )
    rates = unfound_rates(model, items, labels, codes, ruled)  # type: ignore[arg-type]
    # 4 coded segments without a rule finding (2, 3, 4, 5), 2 with the code: (2 + .5) / 5
    assert rates == {"ECO": pytest.approx(0.5), "ECO.BIKE": pytest.approx(0.5)}
    everywhere = 4 / 6
    assert given_no_rule(fit(4, 2), everywhere, 0.5) == pytest.approx(0.5)  # no evidence
    assert given_no_rule(fit(4, 2), 0.9, 0.5) < 0.9  # a lower base rate, a lower probability


def test_a_coding_is_about_the_codes_above_it_unless_a_reviewer_said_no() -> None:
    book = load_codebook(DATA / "codebook.yaml")
    items = [
        SegmentItem(1, "a.txt", "case", k, 100 * k, 100 * k + 90, "lemmas", "text")
        for k in range(3)
    ]
    codes = ["ECO", "ECO.BIKE", "ECO.COMPOST"]
    row = CodingRow(id=1, document="a.txt", case="case", start=0, end=0, code="", coder="c")
    codings = [
        replace(row, start=0, end=50, code="ECO.BIKE"),
        replace(row, start=100, end=150, code="ECO.COMPOST"),
        # on the second segment a reviewer rejected ECO itself: that no stands
        replace(row, start=100, end=150, code="ECO", method="rule", status="rejected"),
        # on the third, ECO was rejected and accepted: the acceptance wins
        replace(row, start=200, end=250, code="ECO", method="rule", status="rejected"),
        replace(row, start=200, end=250, code="ECO", coder="d"),
    ]
    flat = label_matrix(items, codes, codings, coded_documents={"a.txt"})
    assert flat.tolist() == [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    tree = label_matrix(items, codes, codings, coded_documents={"a.txt"}, above=book.above)
    assert tree.tolist() == [[1, 1, 0], [0, 0, 1], [1, 0, 0]]
    assert book.above("ECO.BIKE") == ["ECO"] and book.above("ECO") == []
    assert book.above("NOT.A.CODE") == []
