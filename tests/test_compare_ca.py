"""Correspondence analysis against a published worked example: Greenacre's smoking data
(tests/data/compare/README.md gives the source and the printed values)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ptce_coding.compare.ca import AnalysisError, correspondence_analysis

SMOKE = Path(__file__).parent / "data" / "compare" / "smoke.csv"


@pytest.fixture(scope="module")
def smoke():
    return correspondence_analysis(pd.read_csv(SMOKE, index_col="staff"))


def same_up_to_sign(found: pd.Series, published: list[float]) -> None:
    """An axis' orientation is arbitrary: the published one may be flipped."""
    values = found.to_numpy()
    sign = np.sign(values @ np.array(published))
    np.testing.assert_allclose(sign * values, published, atol=5e-6)


def test_principal_inertias_are_the_published_ones(smoke) -> None:
    np.testing.assert_allclose(smoke.axes["inertia"], [0.074759, 0.010017, 0.000414], atol=5e-7)
    np.testing.assert_allclose(smoke.axes["percent"], [87.76, 11.76, 0.49], atol=5e-3)
    assert smoke.chi_square == pytest.approx(16.44, abs=0.005)
    assert smoke.total == 193


def test_masses_distances_and_inertias_of_rows_and_columns(smoke) -> None:
    np.testing.assert_allclose(
        smoke.rows["mass"], [0.056995, 0.093264, 0.264249, 0.455959, 0.129534], atol=5e-7
    )
    np.testing.assert_allclose(
        smoke.rows["chi_distance"], [0.216559, 0.356921, 0.380779, 0.240025, 0.216169], atol=5e-7
    )
    np.testing.assert_allclose(
        smoke.rows["inertia"], [0.002673, 0.011881, 0.038314, 0.026269, 0.006053], atol=5e-7
    )
    np.testing.assert_allclose(
        smoke.columns["mass"], [0.316062, 0.233161, 0.321244, 0.129534], atol=5e-7
    )


def test_standard_coordinates_are_the_published_ones(smoke) -> None:
    same_up_to_sign(smoke.row_standard[1], [-0.240539, 0.947105, -1.391973, 0.851989, -0.735456])
    same_up_to_sign(smoke.row_standard[2], [-1.935708, -2.430958, -0.106508, 0.576944, 0.788435])
    same_up_to_sign(smoke.column_standard[1], [-1.438471, 0.363746, 0.718017, 1.074445])
    same_up_to_sign(smoke.column_standard[2], [-0.304659, 1.409433, 0.073528, -1.975960])


def test_principal_coordinates_contributions_and_cos2(smoke) -> None:
    # principal = standard × singular value (Greenacre 2017, appendix A)
    np.testing.assert_allclose(
        smoke.rows["coord_1"].abs(), smoke.row_standard[1].abs() * np.sqrt(0.0747591), rtol=1e-5
    )
    # published (ca summary, per mille): SE gives 512‰ of axis 1, JM 551‰ of axis 2
    assert round(smoke.rows.loc["SE", "ctr_1"] * 1000) == 512
    assert round(smoke.rows.loc["JM", "ctr_2"] * 1000) == 551
    assert round(smoke.columns.loc["none", "ctr_1"] * 1000) == 654
    assert round(smoke.rows.loc["SE", "cos2_1"] * 1000) == 999
    for points in (smoke.rows, smoke.columns):
        for k in (1, 2, 3):
            assert points[f"ctr_{k}"].sum() == pytest.approx(1)
        assert points[["cos2_1", "cos2_2", "cos2_3"]].sum(axis=1).to_numpy() == pytest.approx(1)


def test_empty_rows_and_columns_are_dropped_and_listed() -> None:
    table = pd.read_csv(SMOKE, index_col="staff")
    table.loc["XX"] = 0
    table["never"] = 0
    result = correspondence_analysis(table)
    assert result.dropped_rows == ["XX"] and result.dropped_columns == ["never"]
    assert result.axes["inertia"].iloc[0] == pytest.approx(0.074759, abs=5e-7)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (pd.DataFrame({"a": [1, 0], "b": [0, 0]}), "at least 2 rows and 2 columns"),
        (pd.DataFrame({"a": [1, 2], "b": [2, 4]}), "same profile"),
        (pd.DataFrame({"a": [1, -2], "b": [2, 4]}), "no negative"),
    ],
)
def test_tables_without_an_analysis_are_refused(table: pd.DataFrame, message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        correspondence_analysis(table)
