"""Case × code matrices on a fixture with counts known by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from ptce_coding.analysis.matrices import case_code_matrix, cooccurrence
from ptce_coding.analysis.quotations import framework_matrix, quotations, representative
from ptce_coding.base.errors import PtceError
from ptce_coding.codebook.loader import load_codebook

from .conftest import DATA

BOOK = load_codebook(DATA / "codebook.yaml")

# Two cases; document d1 (case A) has a header (a title line), 1 interviewer and 3 interviewee
# segments;
# d2 (case A) has no speaker labels at all (2 segments, all counted); d3 (case B) has 2.
SEGMENTS = pd.DataFrame(
    [
        ("d1", "A", 0, 0, 10, None, False, 3, True),
        ("d1", "A", 1, 11, 20, "E", True, 4, False),
        ("d1", "A", 2, 21, 30, "Anne", False, 100, False),
        ("d1", "A", 3, 31, 40, "Anne", False, 100, False),
        ("d1", "A", 4, 41, 50, "Anne", False, 100, False),
        ("d2", "A", 0, 0, 10, None, False, 100, False),
        ("d2", "A", 1, 11, 20, None, False, 100, False),
        ("d3", "B", 0, 0, 10, "Paul", False, 200, False),
        ("d3", "B", 1, 11, 20, "Paul", False, 50, False),
    ],
    columns=[
        "document",
        "case",
        "segment",
        "start",
        "end",
        "speaker",
        "interviewer",
        "words",
        "title",
    ],
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


def test_per1000_and_documents() -> None:
    per1000 = case_code_matrix(SEGMENTS, CODINGS, BOOK, value="per1000", level=1)
    # case A: 500 counted words (header and interviewer left out), 2 COOP and 1 ECO segments
    assert per1000.loc["A"].tolist() == [4.0, 2.0]
    assert per1000.loc["B"].tolist() == [8.0, 0.0]  # 2 COOP segments in 250 words
    documents = case_code_matrix(SEGMENTS, CODINGS, BOOK, value="documents")
    assert documents.loc["A", "COOP.LIEU"] == 1  # only d1 (d1 twice: counted once)
    assert documents.loc["A", "ECO.PUBLIC"] == 1  # d2
    assert documents.loc["B", "COOP.LIEU"] == 1


def test_cooccurrence_is_symmetric_with_code_counts_on_the_diagonal() -> None:
    matrix = cooccurrence(SEGMENTS, CODINGS, BOOK)
    assert (matrix.to_numpy() == matrix.T.to_numpy()).all()
    # segments: LIEU on d1/2, d3/0, d3/1; ACHATS on d1/2, d1/3; PUBLIC on d2/0
    assert matrix.loc["COOP.LIEU", "COOP.LIEU"] == 3
    assert matrix.loc["COOP.ACHATS", "COOP.ACHATS"] == 2
    assert matrix.loc["COOP.LIEU", "COOP.ACHATS"] == 1  # together on d1/2 only
    assert matrix.loc["COOP.LIEU", "ECO.PUBLIC"] == 0
    near = cooccurrence(SEGMENTS, CODINGS, BOOK, window=1)
    # pairs at most one segment apart: (d1/2 LIEU, d1/2 ACHATS), (d1/2 LIEU, d1/3 ACHATS)
    assert near.loc["COOP.LIEU", "COOP.ACHATS"] == near.loc["COOP.ACHATS", "COOP.LIEU"] == 2
    jaccard = cooccurrence(SEGMENTS, CODINGS, BOOK, jaccard=True)
    assert jaccard.loc["COOP.LIEU", "COOP.ACHATS"] == pytest.approx(1 / 4)
    assert jaccard.loc["COOP.LIEU", "COOP.LIEU"] == 1.0
    with pytest.raises(PtceError, match="Jaccard index is defined on segments"):
        cooccurrence(SEGMENTS, CODINGS, BOOK, window=2, jaccard=True)


def test_framework_matrix_quotes_the_right_cells() -> None:
    texts = {
        ("d1", 21): "Nous partageons un local depuis dix ans avec trois associations.",
        ("d1", 25): "Les achats groupés de papier. Puis le reste, plus tard, on verra bien.",
        ("d2", 0): "La Région nous a financés au début, très clairement, sans hésiter.",
        ("d3", 0): "Oui.",
    }
    codings = CODINGS.assign(
        status="accepted",
        text=[
            texts.get((d, s), "Texte non cité ici, assez long pour être une citation.")
            for d, s in zip(CODINGS["document"], CODINGS["start"], strict=True)
        ],
    )
    found = quotations(SEGMENTS, codings, BOOK, level=1)
    cells = framework_matrix(found, BOOK, ["A", "B"], level=1, per_cell=1)
    assert cells.loc["A", "ECO"] == (
        "« La Région nous a financés au début, très clairement, sans hésiter. » (d2, sans locuteur)"
    )
    assert cells.loc["A", "COOP"].startswith("« Nous partageons un local")  # shortest usable
    assert cells.loc["B", "ECO"] == "0"
    assert cells.loc["B", "COOP"] == "« Oui. » (d3, Paul)"  # the only one there is


def test_representative_prefers_usable_quotations_from_different_interviews() -> None:
    found = pd.DataFrame(
        [
            ("A", "COOP", "d1", "Anne", "accepted", "Oui.", True),
            (
                "A",
                "COOP",
                "d1",
                "Anne",
                "accepted",
                "On partage le local avec la recyclerie d'ici.",
                True,
            ),
            (
                "A",
                "COOP",
                "d1",
                "Anne",
                "accepted",
                "On mutualise la compta, les achats. " * 2,
                True,
            ),
            (
                "A",
                "COOP",
                "d2",
                "Paul",
                "suggested",
                "Le bureau est commun à tout le monde ici.",
                True,
            ),
        ],
        columns=["case", "code", "document", "speaker", "status", "quotation", "complete"],
    )
    chosen = representative(found, per_cell=2)
    # the shortest usable quotation of each interview, before a second one of d1
    assert chosen["quotation"].tolist() == [
        "Le bureau est commun à tout le monde ici.",
        "On partage le local avec la recyclerie d'ici.",
    ]
    cells = framework_matrix(found, BOOK, ["A"], level=1, per_cell=2)
    assert cells.loc["A", "COOP"].split("\n")[0].endswith("(d2, Paul) [suggestion]")


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
