"""`matrix --value share` divides by the segments of the row's coded interviews, as the
report's annex does, and says so (session 36, helper C)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import Result

from ptce_coding.analysis.matrices import share_bases
from ptce_coding.analysis.synthesis_data import synthesis_data
from ptce_coding.app.project import load_project
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.synthesis import build_synthesis

SECOND_INTERVIEW = """Entretien avec le président, pôle A

Enquêtrice : Comment le pôle est-il né ?

Paul Martin : Autour d'un atelier partagé, il y a dix ans.

Paul Martin : Les collectivités nous ont suivis très tôt.

Paul Martin : Aujourd'hui nous cherchons d'autres financements.
"""


@pytest.fixture
def one_uncoded(invoke: Callable[..., Result], tmp_project: Path) -> Path:
    """Pole A has two interviews, the directrice's coded and the président's not; pole B's
    one interview is coded."""
    (tmp_project / "corpus" / "pole-a" / "president.txt").write_text(
        SECOND_INTERVIEW, encoding="utf-8"
    )
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    sheet = tmp_project / "segments.csv"
    assert invoke("segments", "export", str(sheet)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8"))))
    coded = {"Oui, nous avons": "COOP.LIEU", "Une subvention": "ECO.PUBLIC"}
    for row in rows:
        row["code"] = next((c for t, c in coded.items() if row["text"].startswith(t)), "")
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = invoke("codings", "import", str(sheet), "--coder", "alice")
    assert result.exit_code == 0, result.output
    return tmp_project


def _matrix_csv(root: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(root / "outputs" / "matrices" / f"{name}.csv", index_col=0)


def test_matrix_share_is_the_annex_share_when_an_interview_is_not_coded(
    invoke: Callable[..., Result], one_uncoded: Path
) -> None:
    result = invoke("matrix", "--value", "share", "--level", "1")
    assert result.exit_code == 0, result.output
    matrix = _matrix_csv(one_uncoded, "case-x-code-level1-share")

    project = load_project(one_uncoded)
    with project.open_store(create=False) as store:
        data = synthesis_data(store)
    annex = build_synthesis(data, project.load_codebook(), ReportChoices(project="t")).overview

    # pole A: 1 segment of COOP out of the 3 interviewee segments of its coded interview
    # (the président's 3 segments are not coded yet, so not in the base)
    assert matrix.loc["pole-a", "COOP"] == annex.loc["pole-a", "COOP"] == pytest.approx(33.3)
    for case in ("pole-a", "pole-b"):
        for code in annex.columns:
            assert matrix.loc[case, code] == pytest.approx(annex.loc[case, code]), (case, code)


def test_matrix_share_says_its_base(invoke: Callable[..., Result], one_uncoded: Path) -> None:
    result = invoke("matrix", "--value", "share", "--level", "1")
    assert result.exit_code == 0, result.output
    matrix = _matrix_csv(one_uncoded, "case-x-code-level1-share")

    assert matrix.loc["pole-a", "interviews"] == 2
    assert matrix.loc["pole-a", "coded_interviews"] == 1
    assert matrix.loc["pole-a", "base_segments"] == 3
    assert "of the segments of the row's coded interviews" in result.output
    legend = pd.read_excel(
        one_uncoded / "outputs" / "matrices" / "case-x-code-level1-share.xlsx", sheet_name=None
    )
    assert "base_segments" in legend["matrix"].columns
    assert list(legend["codes"]["code"]) == ["COOP", "ECO"]


def test_share_of_a_row_with_no_coded_interview_is_left_empty(
    invoke: Callable[..., Result], one_uncoded: Path
) -> None:
    result = invoke("matrix", "--value", "share", "--rows", "document", "--level", "1")
    assert result.exit_code == 0, result.output
    matrix = _matrix_csv(one_uncoded, "document-x-code-level1-share")

    assert matrix.loc["pole-a/president.txt", "coded_interviews"] == 0
    assert pd.isna(matrix.loc["pole-a/president.txt", "COOP"])  # « not coded », not 0 %
    assert matrix.loc["pole-a/directrice.txt", "COOP"] == pytest.approx(33.3)


def test_share_bases_count_interviews_and_the_segments_divided_by() -> None:
    segments = pd.DataFrame(
        {
            "document": ["a1", "a1", "a2", "a2", "b1"],
            "case": ["a", "a", "a", "a", "b"],
            "segment": [0, 1, 0, 1, 0],
            "start": [0, 10, 0, 10, 0],
            "end": [9, 19, 9, 19, 9],
            "interviewer": [False] * 5,
            "title": [False] * 5,
            "words": [5, 5, 5, 5, 5],
        }
    )
    codings = pd.DataFrame(
        {
            "document": ["a1", "b1"],
            "start": [0, 0],
            "end": [9, 9],
            "code": ["X", "X"],
            "coder": ["alice", "structure"],
        }
    )
    bases = share_bases(segments, codings, "case")
    assert bases.to_dict(orient="index") == {
        "a": {"interviews": 2, "coded_interviews": 1, "base_segments": 2},
        # the interview guide's structure marks every interview: not a coding counted
        "b": {"interviews": 1, "coded_interviews": 0, "base_segments": 0},
    }
