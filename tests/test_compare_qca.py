"""csQCA against a published example: Lipset's survival of democracy, crisp sets, as in
Ragin (2009) and the R package QCA (tests/data/compare/README.md)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ptce_coding.compare.ca import AnalysisError
from ptce_coding.compare.qca import minimise, truth_table

LIPSET = Path(__file__).parent / "data" / "compare" / "lipset_crisp.csv"


@pytest.fixture(scope="module")
def lipset() -> pd.DataFrame:
    return pd.read_csv(LIPSET, index_col="case")


def test_truth_table_is_the_published_one(lipset: pd.DataFrame) -> None:
    table = truth_table(lipset, "SURV")
    # QCA: rows 32, 22, 24 with OUT 1; 1, 2, 5, 6, 23, 31 with OUT 0 (n 4 2 2 3 2 2 1 1 1)
    assert list(table.rows.index) == [32, 22, 24, 1, 2, 5, 6, 23, 31]
    assert list(table.rows["OUT"]) == ["1"] * 3 + ["0"] * 6
    assert list(table.rows["n"]) == [4, 2, 2, 3, 2, 2, 1, 1, 1]
    assert list(table.rows["consistency"]) == [1.0] * 3 + [0.0] * 6
    assert table.rows.loc[32, "cases"] == "BE,CZ,NL,UK"
    assert table.rows.loc[1, "cases"] == "GR,PT,ES"
    assert table.rows.loc[22, ["DEV", "URB", "LIT", "IND", "STB"]].tolist() == [1, 0, 1, 0, 1]
    assert table.contradictions.empty
    assert table.remainders == 32 - 9


def test_complex_solution_and_its_coverages(lipset: pd.DataFrame) -> None:
    solution = minimise(truth_table(lipset, "SURV"))
    assert solution.expression == "DEV*~URB*LIT*STB + DEV*LIT*IND*STB <-> SURV"
    first, second = solution.terms
    assert (first.consistency, first.raw_coverage, first.unique_coverage) == (1, 0.5, 0.25)
    assert (second.consistency, second.raw_coverage, second.unique_coverage) == (1, 0.75, 0.5)
    assert first.cases == ("FI", "FR", "IE", "SE")
    assert (solution.consistency, solution.coverage) == (1, 1)


def test_parsimonious_solution_uses_the_remainders(lipset: pd.DataFrame) -> None:
    solution = minimise(truth_table(lipset, "SURV"), remainders=True)
    assert solution.expression == "DEV*STB <-> SURV"
    assert solution.terms[0].raw_coverage == 1
    assert solution.remainders_used == 23


def test_negated_outcome_both_solutions(lipset: pd.DataFrame) -> None:
    table = truth_table(lipset, "~SURV")
    assert minimise(table).expression == "~DEV*~URB*~IND + DEV*LIT*IND*~STB <-> ~SURV"
    parsimonious = minimise(table, remainders=True)
    assert parsimonious.expression == "~DEV + ~STB <-> ~SURV"
    assert [t.raw_coverage for t in parsimonious.terms] == [0.8, 0.7]
    assert [round(t.unique_coverage, 3) for t in parsimonious.terms] == [0.3, 0.2]


def test_contradictory_rows_are_shown_and_left_out(lipset: pd.DataFrame) -> None:
    data = lipset.copy()
    data.loc["DE", "STB"] = 1  # Germany now shares Belgium's configuration, without survival
    table = truth_table(data, "SURV")
    assert list(table.contradictions.index) == [32]
    assert table.rows.loc[32, "consistency"] == pytest.approx(0.8)
    assert table.rows.loc[32, "cases"] == "BE,CZ,DE,NL,UK"
    solution = minimise(table)
    assert solution.expression == "DEV*~URB*LIT*STB -> SURV"  # row 32 is left out
    assert solution.coverage == 0.5
    lenient = minimise(truth_table(data, "SURV", cut=0.8))  # 4 of 5 is enough
    assert lenient.expression == "DEV*~URB*LIT*STB + DEV*LIT*IND*STB -> SURV"
    assert lenient.terms[1].deviant == ("DE",)
    assert lenient.consistency == pytest.approx(8 / 9)


def test_no_case_with_the_outcome_is_said() -> None:
    data = pd.DataFrame({"A": [1, 0], "Y": [0, 0]}, index=["p", "q"])
    solution = minimise(truth_table(data, "Y"))
    assert solution.terms == [] and "aucun cas" in solution.notes[0]


@pytest.mark.parametrize(
    ("data", "outcome", "message"),
    [
        (pd.DataFrame({"A": [1, 2], "Y": [0, 1]}), "Y", "0 or 1 only"),
        (pd.DataFrame({"A": [1, 0], "Y": [0, 1]}), "Z", "no column Z"),
        (pd.DataFrame({f"C{i}": [0, 1] for i in range(11)} | {"Y": [0, 1]}), "Y", "at most 10"),
    ],
)
def test_bad_data_is_refused(data: pd.DataFrame, outcome: str, message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        truth_table(data, outcome)
