"""Case × code matrices on a fixture with counts known by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from ptce_coding.codebook import load_codebook
from ptce_coding.errors import PtceError
from ptce_coding.matrices import case_code_matrix

from .conftest import DATA

BOOK = load_codebook(DATA / "codebook.yaml")

# Two cases; document d1 (case A) has a header, 1 interviewer and 3 interviewee segments;
# d2 (case A) has no speaker labels at all (2 segments, all counted); d3 (case B) has 2.
SEGMENTS = pd.DataFrame(
    [
        ("d1", "A", 0, 0, 10, None, False),
        ("d1", "A", 1, 11, 20, "E", True),
        ("d1", "A", 2, 21, 30, "Anne", False),
        ("d1", "A", 3, 31, 40, "Anne", False),
        ("d1", "A", 4, 41, 50, "Anne", False),
        ("d2", "A", 0, 0, 10, None, False),
        ("d2", "A", 1, 11, 20, None, False),
        ("d3", "B", 0, 0, 10, "Paul", False),
        ("d3", "B", 1, 11, 20, "Paul", False),
    ],
    columns=["document", "case", "segment", "start", "end", "speaker", "interviewer"],
)
CODINGS = pd.DataFrame(
    [
        ("d1", 0, 10, "COOP.LIEU"),  # header: not counted
        ("d1", 11, 20, "COOP.LIEU"),  # interviewer: not counted
        ("d1", 21, 30, "COOP.LIEU"),
        ("d1", 25, 35, "COOP.ACHATS"),  # overlaps segments 2 and 3
        ("d1", 21, 30, "COOP.LIEU"),  # a second coder on the same segment: counted once
        ("d2", 0, 5, "ECO.PUBLIC"),
        ("d3", 0, 20, "COOP.LIEU"),  # spans both segments
    ],
    columns=["document", "start", "end", "code"],
)


def test_count() -> None:
    matrix = case_code_matrix(SEGMENTS, CODINGS, BOOK, value="count")
    assert list(matrix.columns) == ["COOP", "COOP.LIEU", "COOP.ACHATS", "ECO", "ECO.PUBLIC"]
    assert matrix.loc["A"].tolist() == [0, 1, 2, 0, 1]
    assert matrix.loc["B"].tolist() == [0, 2, 0, 0, 0]


def test_level_one_counts_a_segment_once_per_axis() -> None:
    matrix = case_code_matrix(SEGMENTS, CODINGS, BOOK, value="count", level=1)
    assert matrix.to_dict(orient="index") == {
        "A": {"COOP": 2, "ECO": 1},  # segment 2 has LIEU and ACHATS: one COOP segment
        "B": {"COOP": 2, "ECO": 0},
    }


def test_presence_and_share() -> None:
    presence = case_code_matrix(SEGMENTS, CODINGS, BOOK, value="presence", level=1)
    assert presence.loc["B"].tolist() == [1, 0]
    share = case_code_matrix(SEGMENTS, CODINGS, BOOK, value="share", level=1)
    # case A counts 5 segments (3 of d1, 2 of d2); case B 2
    assert share.loc["A"].tolist() == [40.0, 20.0]
    assert share.loc["B"].tolist() == [100.0, 0.0]


def test_rows_by_document() -> None:
    matrix = case_code_matrix(SEGMENTS, CODINGS, BOOK, rows="document", level=1)
    assert matrix["COOP"].to_dict() == {"d1": 2, "d2": 0, "d3": 2}


def test_codes_missing_from_codebook_stop_the_matrix() -> None:
    codings = pd.concat(
        [CODINGS, pd.DataFrame([("d1", 0, 5, "OLD.CODE")], columns=CODINGS.columns)]
    )
    with pytest.raises(PtceError, match=r"not in the codebook: OLD.CODE \(1 coding\(s\)\)"):
        case_code_matrix(SEGMENTS, codings, BOOK)


def test_no_codings_gives_zeros() -> None:
    matrix = case_code_matrix(SEGMENTS, CODINGS.iloc[0:0], BOOK, level=1)
    assert matrix.to_numpy().sum() == 0
    assert list(matrix.index) == ["A", "B"]
