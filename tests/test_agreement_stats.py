"""Tests of `ptce_coding.analysis.agreement_stats`: published values, properties and error messages.

The datasets are in `tests/data/reliability/` (citations and licences in its SOURCES.md). Each
published value is checked to the number of decimals it was published with.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from ptce_coding.analysis.agreement_stats import (
    _n_ik,
    _pe_ac1,
    _pe_bp,
    _pe_fleiss,
    brennan_prediger,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)

RELIABILITY = Path(__file__).parent / "data" / "reliability"
ID_COLUMNS = {"unit", "units", "group", "subject"}

Matrix = NDArray[np.float64]
Loader = Callable[[], Matrix]
Statistic = Callable[[Matrix], float]


# --- loaders: every dataset becomes reliability data of shape (coders, units) -----------------


def _labels_to_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Map text codes to 1, 2, ... in sorted order; NaN stays NaN, numeric frames pass through."""
    if all(pd.api.types.is_numeric_dtype(dtype) for dtype in frame.dtypes):
        return frame
    labels = sorted({value for value in frame.to_numpy().ravel() if pd.notna(value)})
    codes = {label: number for number, label in enumerate(labels, start=1)}
    return frame.apply(lambda column: column.map(codes))


def _read_only(data: Matrix) -> Matrix:
    """Cached datasets are shared between tests: make sure no test can change them."""
    data.flags.writeable = False
    return data


@cache
def _units_by_coders(name: str) -> Matrix:
    """A file with rows = units, columns = coders (after id columns), transposed."""
    frame = pd.read_csv(RELIABILITY / name)
    frame = frame.drop(columns=[c for c in frame.columns if c.lower() in ID_COLUMNS])
    return _read_only(_labels_to_numbers(frame).to_numpy(dtype=np.float64).T)


@cache
def _contingency_table(name: str) -> Matrix:
    """A rater-1 × rater-2 table of counts expanded to two coders' codes 1..q."""
    counts = pd.read_csv(RELIABILITY / name, index_col=0).to_numpy(dtype=int).ravel()
    side = int(np.sqrt(counts.size))
    first, second = np.divmod(np.arange(counts.size), side)
    coded = np.vstack([np.repeat(first, counts), np.repeat(second, counts)]).astype(float) + 1
    return _read_only(coded)


@cache
def _category_counts(name: str) -> Matrix:
    """Units × categories counts of raters expanded to (raters, units) codes 1..q."""
    counts = pd.read_csv(RELIABILITY / name, index_col=0).to_numpy(dtype=int)
    categories = np.arange(1, counts.shape[1] + 1)
    return _read_only(np.array([np.repeat(categories, row) for row in counts], dtype=float).T)


def raw(name: str, coders: tuple[int, ...] | None = None) -> Loader:
    def load() -> Matrix:
        data = _units_by_coders(name)
        return data if coders is None else data[list(coders)]

    return load


def table(name: str) -> Loader:
    return lambda: _contingency_table(name)


def counts(name: str) -> Loader:
    return lambda: _category_counts(name)


# --- statistics that are not one of the six functions but are built from them ---------------


def alpha(level: str) -> Statistic:
    return partial(krippendorff_alpha, level=level)


def kappa(weights: str) -> Statistic:
    return partial(cohen_kappa, weights=weights)


def light_kappa(data: Matrix) -> float:
    """Light (1971): mean Cohen's kappa over all pairs of coders."""
    pairs = itertools.combinations(range(data.shape[0]), 2)
    return float(np.mean([cohen_kappa(data[list(pair)]) for pair in pairs]))


def fleiss_kappa_of_category(category: int) -> Statistic:
    """Fleiss' per-category kappa = Fleiss' kappa of the data dichotomised on that category."""
    return lambda data: fleiss_kappa(np.where(np.isnan(data), np.nan, data == category))


def cohen_chance_agreement(data: Matrix) -> float:
    """p_e implied by p_o and kappa: kappa = (p_o - p_e) / (1 - p_e)."""
    p_o, value = percent_agreement(data), cohen_kappa(data)
    return (p_o - value) / (1 - value)


def pe_of(helper: Callable[..., float]) -> Statistic:
    """A chance-agreement helper applied to the category counts of the data."""
    if helper is _pe_bp:
        return lambda data: _pe_bp(_n_ik(data).shape[1])
    return lambda data: helper(_n_ik(data))


# --- published values -----------------------------------------------------------------------

KRIPP_C = "krippendorff_2011/C_4coders_12units_missing.csv"
WIKI_ALPHA = "krippendorff_2011/wikipedia_3coders_15units.csv"
HAYES = "hayes_krippendorff_2007/5observers_40units.csv"
DIAGNOSES = "fleiss/fleiss1971_diagnoses_30subjects_6raters.csv"
ANXIETY = "cohen/R_irr_anxiety_20subjects_3raters.csv"
SAS = "cohen/sas_example_3x3_table.csv"
WIKI_COHEN = "cohen/wikipedia_cohen_2x2_50items.csv"

# fmt: off
PUBLISHED = [
    # Krippendorff (2011), Computing Krippendorff's Alpha-Reliability, examples A-C.
    ("kripp2011_A_binary", raw("krippendorff_2011/A_binary_2coders_10units.csv"),
     krippendorff_alpha, 0.095, 3),
    ("kripp2011_B_nominal", raw("krippendorff_2011/B_nominal_2coders_12units.csv"),
     krippendorff_alpha, 0.692, 3),
    ("kripp2011_C_nominal", raw(KRIPP_C), alpha("nominal"), 0.743, 3),
    ("kripp2011_C_ordinal", raw(KRIPP_C), alpha("ordinal"), 0.815, 3),
    ("kripp2011_C_interval", raw(KRIPP_C), alpha("interval"), 0.849, 3),
    ("kripp2011_C_ratio", raw(KRIPP_C), alpha("ratio"), 0.797, 3),
    ("kripp_wikipedia_nominal", raw(WIKI_ALPHA), alpha("nominal"), 0.691358, 6),
    ("kripp_wikipedia_interval", raw(WIKI_ALPHA), alpha("interval"), 0.810845, 6),
    # Hayes & Krippendorff (2007); nominal and interval are secondary values.
    ("hayes_krippendorff_2007_ordinal", raw(HAYES), alpha("ordinal"), 0.7598, 4),
    ("hayes_krippendorff_2007_nominal", raw(HAYES), alpha("nominal"), 0.477, 3),
    ("hayes_krippendorff_2007_interval", raw(HAYES), alpha("interval"), 0.757, 3),
    # Fleiss (1971) diagnoses; R irr kappam.fleiss, kappam.light, kappa2.
    ("fleiss1971_fleiss_kappa", raw(DIAGNOSES), fleiss_kappa, 0.4302445, 7),
    *[
        (f"fleiss1971_category_{k}", raw(DIAGNOSES), fleiss_kappa_of_category(k), value, 3)
        for k, value in zip(range(1, 6), [0.245, 0.245, 0.520, 0.471, 0.566], strict=True)
    ],
    ("fleiss1971_light_kappa", raw(DIAGNOSES), light_kappa, 0.459, 3),
    ("fleiss1971_cohen_rater2_rater3", raw(DIAGNOSES, (1, 2)), cohen_kappa, 0.631, 3),
    ("fleiss_wikipedia_counts", counts("fleiss/wikipedia_fleiss_10subjects_14raters_counts.csv"),
     fleiss_kappa, 0.210, 3),
    # Cohen: SAS PROC FREQ printout, R irr anxiety, Wikipedia.
    ("cohen_sas_3x3_unweighted", table(SAS), cohen_kappa, 0.4842, 4),
    ("cohen_sas_3x3_linear", table(SAS), kappa("linear"), 0.4701, 4),
    ("cohen_anxiety_r1r2_quadratic", raw(ANXIETY, (0, 1)), kappa("quadratic"), 0.297, 3),
    ("cohen_anxiety_r2r3_unweighted", raw(ANXIETY, (1, 2)), cohen_kappa, -0.006289308, 6),
    ("cohen_anxiety_r2r3_linear", raw(ANXIETY, (1, 2)), kappa("linear"), 0.1459075, 6),
    ("cohen_anxiety_r2r3_quadratic", raw(ANXIETY, (1, 2)), kappa("quadratic"), 0.2520325, 6),
    ("cohen_wikipedia_2x2_kappa", table(WIKI_COHEN), cohen_kappa, 0.4, 3),
    ("cohen_wikipedia_2x2_p_o", table(WIKI_COHEN), percent_agreement, 0.7, 3),
    ("cohen_wikipedia_2x2_p_e", table(WIKI_COHEN), cohen_chance_agreement, 0.5, 3),
]

# fmt: on

# Gwet's irrCAC test expectations (3 decimals): (pa, pe, coefficient) per raw dataset, and alpha.
IRRCAC_RAW = {
    "raw_4raters": {
        "fleiss": (0.818, 0.239, 0.761),
        "gwet": (0.818, 0.19, 0.775),
        "bp": (0.818, 0.2, 0.773),
    },
    "raw_5observers": {
        "fleiss": (0.616, 0.291, 0.458),
        "gwet": (0.616, 0.236, 0.497),
        "bp": (0.616, 0.25, 0.487),
    },
    "raw_g1g2": {
        "fleiss": (0.744, 0.252, 0.657),
        "gwet": (0.744, 0.187, 0.685),
        "bp": (0.744, 0.2, 0.679),
    },
    "raw_gender": {
        "fleiss": (0.456, 0.375, 0.129),
        "gwet": (0.456, 0.312, 0.208),
        "bp": (0.456, 0.333, 0.183),
    },
    "raw_ben_gerry": {
        "fleiss": (0.727, 0.222, 0.649),
        "gwet": (0.727, 0.194, 0.661),
        "bp": (0.727, 0.2, 0.659),
    },
}
IRRCAC_RAW_ALPHA = {
    "raw_4raters": 0.743,
    "raw_5observers": 0.481,
    "raw_g1g2": 0.632,
    "raw_gender": 0.143,
    "raw_ben_gerry": 0.665,
}
IRRCAC_METHODS: dict[str, tuple[Statistic, Statistic]] = {
    "fleiss": (fleiss_kappa, pe_of(_pe_fleiss)),
    "gwet": (gwet_ac1, pe_of(_pe_ac1)),
    "bp": (brennan_prediger, pe_of(_pe_bp)),
}
for dataset, results in IRRCAC_RAW.items():
    load = raw(f"irrCAC/{dataset}.csv")
    alpha_value = IRRCAC_RAW_ALPHA[dataset]
    PUBLISHED.append((f"irrCAC_{dataset}_krippendorff", load, krippendorff_alpha, alpha_value, 3))
    for method, (pa, pe, value) in results.items():
        coefficient, chance = IRRCAC_METHODS[method]
        PUBLISHED += [
            (f"irrCAC_{dataset}_{method}_pa", load, percent_agreement, pa, 3),
            (f"irrCAC_{dataset}_{method}_pe", load, chance, pe, 3),
            (f"irrCAC_{dataset}_{method}", load, coefficient, value, 3),
        ]

# irrCAC's quadratic weights are Krippendorff's interval metric and its ratio weights the ratio
# metric (up to a constant factor, which alpha ignores); Scott's pi is Fleiss' kappa of 2 coders.
RAW_4RATERS = raw("irrCAC/raw_4raters.csv")
PUBLISHED += [
    ("irrCAC_raw_4raters_krippendorff_quadratic", RAW_4RATERS, alpha("interval"), 0.849, 3),
    ("irrCAC_raw_4raters_krippendorff_ratio", RAW_4RATERS, alpha("ratio"), 0.797, 3),
]
IRRCAC_TABLE: dict[str, dict[str, tuple[Statistic, float]]] = {
    "table_cont3x3abstractors": {
        "pa2": (percent_agreement, 0.89),
        "bp": (brennan_prediger, 0.835),
        "cohen": (cohen_kappa, 0.796),
        "cohen_linear": (kappa("linear"), 0.843),
        "cohen_quadratic": (kappa("quadratic"), 0.892),
        "gwet": (gwet_ac1, 0.849),
        "scott": (fleiss_kappa, 0.796),
        "krippendorff": (krippendorff_alpha, 0.797),
        "krippendorff_quadratic": (alpha("interval"), 0.893),
        "krippendorff_ratio": (alpha("ratio"), 0.927),
    },
    "table_cont4x4diagnosis": {
        "pa2": (percent_agreement, 0.587),
        "bp": (brennan_prediger, 0.45),
        "cohen": (cohen_kappa, 0.432),
        "cohen_linear": (kappa("linear"), 0.407),
        "cohen_quadratic": (kappa("quadratic"), 0.383),
        "gwet": (gwet_ac1, 0.456),
        "scott": (fleiss_kappa, 0.43),
    },
}
for dataset, results in IRRCAC_TABLE.items():
    for method, (statistic, value) in results.items():
        PUBLISHED.append(
            (f"irrCAC_{dataset}_{method}", table(f"irrCAC/{dataset}.csv"), statistic, value, 3)
        )


@pytest.mark.parametrize(
    ("load", "statistic", "expected", "decimals"),
    [pytest.param(*case[1:], id=case[0]) for case in PUBLISHED],
)
def test_reproduces_published_value(
    load: Loader, statistic: Statistic, expected: float, decimals: int
) -> None:
    # Half a unit of the last published decimal, inclusive: an exact tie such as 0.3125 was
    # published as 0.312 (round half to even), so allow for the float error on the tie.
    assert statistic(load()) == pytest.approx(expected, abs=0.5 * 10**-decimals + 1e-12)


def test_loaders_give_the_published_shapes() -> None:
    assert raw(KRIPP_C)().shape == (4, 12)
    assert raw(HAYES)().shape == (5, 40)
    assert raw(DIAGNOSES)().shape == (6, 30)
    assert table(SAS)().shape == (2, 19)
    assert counts("fleiss/wikipedia_fleiss_10subjects_14raters_counts.csv")().shape == (14, 10)
    assert np.isnan(raw("irrCAC/raw_ben_gerry.csv")()[1, 9])  # Gerry's unit 10 is missing


# --- properties -------------------------------------------------------------------------------

MULTI_CODER: dict[str, Statistic] = {
    "percent_agreement": percent_agreement,
    "fleiss_kappa": fleiss_kappa,
    "gwet_ac1": gwet_ac1,
    "brennan_prediger": brennan_prediger,
    "alpha_nominal": alpha("nominal"),
    "alpha_ordinal": alpha("ordinal"),
    "alpha_interval": alpha("interval"),
    "alpha_ratio": alpha("ratio"),
}
TWO_CODER: dict[str, Statistic] = {
    "cohen": cohen_kappa,
    "cohen_linear": kappa("linear"),
    "cohen_quadratic": kappa("quadratic"),
}
ALL_STATISTICS = {**MULTI_CODER, **TWO_CODER}
CHANCE_CORRECTED = {name: f for name, f in ALL_STATISTICS.items() if name != "percent_agreement"}

CODE = st.integers(0, 3).map(float)
CODE_OR_MISSING = st.one_of(st.just(np.nan), CODE)


@st.composite
def reliability_data(draw: st.DrawFn, coders: st.SearchStrategy[int]) -> Matrix:
    n_coders, n_units = draw(coders), draw(st.integers(1, 10))
    row = st.lists(CODE_OR_MISSING, min_size=n_units, max_size=n_units)
    return np.array(draw(st.lists(row, min_size=n_coders, max_size=n_coders)), dtype=float)


def outcome(statistic: Statistic, data: Matrix) -> float | str:
    """The value, or the ValueError message when the statistic is undefined for the data."""
    try:
        return statistic(data)
    except ValueError as error:
        return str(error)


def _assert_same_outcome(before: float | str, after: float | str) -> None:
    if isinstance(before, str):
        assert after == before
    else:
        assert after == pytest.approx(before, abs=1e-12)


@pytest.mark.slow  # a big hypothesis run
@pytest.mark.parametrize("name", sorted(MULTI_CODER))
@settings(deadline=None, max_examples=50)
@given(data=reliability_data(st.integers(2, 5)), draw=st.data())
def test_multi_coder_statistic_is_symmetric_in_coders(
    name: str, data: Matrix, draw: st.DataObject
) -> None:
    order = draw.draw(st.permutations(range(data.shape[0])))
    statistic = MULTI_CODER[name]
    _assert_same_outcome(outcome(statistic, data), outcome(statistic, data[list(order)]))


@pytest.mark.slow  # a big hypothesis run
@pytest.mark.parametrize("name", sorted(TWO_CODER))
@settings(deadline=None, max_examples=50)
@given(data=reliability_data(st.just(2)))
def test_cohen_kappa_is_symmetric_in_coders(name: str, data: Matrix) -> None:
    statistic = TWO_CODER[name]
    _assert_same_outcome(outcome(statistic, data), outcome(statistic, data[::-1]))


@pytest.mark.slow  # a big hypothesis run
@pytest.mark.parametrize("name", sorted(ALL_STATISTICS))
@settings(deadline=None, max_examples=50)
@given(data=reliability_data(st.integers(2, 4)))
def test_defined_values_are_finite_and_at_most_one(name: str, data: Matrix) -> None:
    statistic = ALL_STATISTICS[name]
    value = outcome(statistic, data if name not in TWO_CODER else data[:2])
    assume(not isinstance(value, str))
    assert np.isfinite(value)
    assert value <= 1 + 1e-12
    if name == "percent_agreement":
        assert value >= 0


@pytest.mark.slow  # a big hypothesis run
@pytest.mark.parametrize("name", sorted(set(ALL_STATISTICS) - {"alpha_ratio"}))
@settings(deadline=None, max_examples=50)
@given(data=reliability_data(st.integers(2, 4)))
def test_statistic_ignores_an_increasing_affine_recoding(name: str, data: Matrix) -> None:
    """Codes 0, 1, 2, 3 recoded 0.25, 0.75, ...: only the ratio level depends on the origin."""
    statistic = ALL_STATISTICS[name]
    if name in TWO_CODER:
        data = data[:2]
    _assert_same_outcome(outcome(statistic, data), outcome(statistic, 0.5 * data + 0.25))


@pytest.mark.slow  # a big hypothesis run
@settings(deadline=None)
@given(
    units=st.lists(CODE, min_size=2, max_size=12).filter(lambda codes: len(set(codes)) >= 2),
    coders=st.integers(2, 5),
)
def test_identical_codings_give_perfect_agreement(units: list[float], coders: int) -> None:
    data = np.tile(np.array(units), (coders, 1))
    for name, statistic in ALL_STATISTICS.items():
        assert statistic(data[:2] if name in TWO_CODER else data) == pytest.approx(1.0), name


@pytest.mark.slow  # a big hypothesis run
@settings(deadline=None)
@given(draw=st.data(), coders=st.integers(2, 5))
def test_identical_codings_with_missing_values_give_alpha_and_kappa_one(
    draw: st.DataObject, coders: int
) -> None:
    units = draw.draw(st.lists(CODE, min_size=2, max_size=12))
    row = st.lists(st.booleans(), min_size=len(units), max_size=len(units))
    missing = draw.draw(st.lists(row, min_size=coders, max_size=coders))
    data = np.where(missing, np.nan, np.tile(np.array(units), (coders, 1)))
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    assume(np.unique(data[:, pairable][~np.isnan(data[:, pairable])]).size >= 2)
    for statistic in (krippendorff_alpha, alpha("interval"), fleiss_kappa, gwet_ac1):
        assert statistic(data) == pytest.approx(1.0)
    if np.unique(data[:2, ~np.isnan(data[:2]).any(axis=0)]).size >= 2:
        assert cohen_kappa(data[:2]) == pytest.approx(1.0)


@pytest.mark.parametrize("name", sorted(ALL_STATISTICS))
@settings(deadline=None, max_examples=25)
@given(row=st.lists(CODE_OR_MISSING, min_size=1, max_size=10))
def test_one_coder_raises(name: str, row: list[float]) -> None:
    with pytest.raises(ValueError, match="at least two coders"):
        ALL_STATISTICS[name](np.array([row]))


@st.composite
def unpairable_data(draw: st.DrawFn, coders: st.SearchStrategy[int]) -> Matrix:
    """Data where every unit has at most one code."""
    n_coders, n_units = draw(coders), draw(st.integers(0, 8))
    data = np.full((n_coders, n_units), np.nan)
    for unit in range(n_units):
        coder = draw(st.one_of(st.none(), st.integers(0, n_coders - 1)))
        if coder is not None:
            data[coder, unit] = draw(CODE)
    return data


@pytest.mark.parametrize("name", sorted(MULTI_CODER))
@settings(deadline=None, max_examples=25)
@given(data=unpairable_data(st.integers(2, 5)))
def test_no_pairable_unit_raises(name: str, data: Matrix) -> None:
    with pytest.raises(ValueError, match="no pairable unit"):
        MULTI_CODER[name](data)


@pytest.mark.parametrize("name", sorted(TWO_CODER))
@settings(deadline=None, max_examples=25)
@given(data=unpairable_data(st.just(2)))
def test_cohen_without_pairable_unit_raises(name: str, data: Matrix) -> None:
    with pytest.raises(ValueError, match="no pairable unit"):
        TWO_CODER[name](data)


@pytest.mark.parametrize("name", sorted(CHANCE_CORRECTED))
@settings(deadline=None, max_examples=25)
@given(data=reliability_data(st.integers(2, 4)), code=CODE)
def test_a_single_category_raises_for_chance_corrected_statistics(
    name: str, data: Matrix, code: float
) -> None:
    data = np.where(np.isnan(data), np.nan, code)
    if name in TWO_CODER:
        data = data[:2]
    assume(((~np.isnan(data)).sum(axis=0) >= 2).any())  # at least one pairable unit
    with pytest.raises(ValueError, match=r"undefined: .*single (category|value)"):
        CHANCE_CORRECTED[name](data)


@settings(deadline=None, max_examples=25)
@given(data=reliability_data(st.integers(2, 4)), code=CODE)
def test_a_single_category_is_perfect_percent_agreement(data: Matrix, code: float) -> None:
    data = np.where(np.isnan(data), np.nan, code)
    assume(((~np.isnan(data)).sum(axis=0) >= 2).any())
    assert percent_agreement(data) == 1.0
    assert brennan_prediger(data, categories=2) == 1.0


# --- inputs and error messages ----------------------------------------------------------------


def test_accepts_lists_with_none_and_data_frames() -> None:
    codings = [[1, 2, None, 1], [1, 2, 2, 2]]
    assert percent_agreement(codings) == pytest.approx(2 / 3)
    assert cohen_kappa(pd.DataFrame(codings)) == cohen_kappa(np.array(codings, dtype=float))


def test_brennan_prediger_uses_the_given_number_of_categories() -> None:
    data = np.array([[1, 2, 1, 1], [1, 2, 2, 1]], dtype=float)  # pa = 3/4
    assert brennan_prediger(data) == pytest.approx((0.75 - 0.5) / 0.5)
    assert brennan_prediger(data, categories=4) == pytest.approx((0.75 - 0.25) / 0.75)


GOOD = np.array([[1, 2, 3, 1], [1, 2, 2, 1], [1, 3, 3, 1]], dtype=float)


# fmt: off
ERROR_CASES = [
    pytest.param(lambda: fleiss_kappa([1, 2, 3]), r"must be 2-D .* got 1-D", id="1-D"),
    pytest.param(lambda: gwet_ac1(np.ones((2, 2, 2))), r"must be 2-D .* got 3-D", id="3-D"),
    pytest.param(lambda: percent_agreement([["a", "b"], ["a", "a"]]),
                 "numeric category codes", id="strings"),
    pytest.param(lambda: krippendorff_alpha([[1, np.inf], [1, 2]]), "infinite", id="inf"),
    pytest.param(lambda: brennan_prediger([[1, 2, 3]]), "at least two coders .* got 1",
                 id="one-coder"),
    pytest.param(lambda: cohen_kappa(GOOD), "exactly two coders .* got 3", id="cohen-3"),
    pytest.param(lambda: cohen_kappa([[1, np.nan], [np.nan, 2]]),
                 r"no pairable unit \(no unit was coded by both coders\)", id="cohen-unpaired"),
    pytest.param(lambda: fleiss_kappa([[1, np.nan], [np.nan, 2]]),
                 r"no pairable unit \(no unit was coded by at least two coders\)",
                 id="unpaired"),
    pytest.param(lambda: cohen_kappa([[1, 1], [1, 1]]),
                 r"Cohen's kappa is undefined: both coders used a single category "
                 r"\(chance agreement is 1\)", id="cohen-single"),
    pytest.param(lambda: fleiss_kappa([[2, 2], [2, 2]]),
                 r"Fleiss' kappa is undefined: all coders used a single category "
                 r"\(chance agreement is 1\)", id="fleiss-single"),
    pytest.param(lambda: gwet_ac1([[2, 2], [2, 2]]),
                 r"Gwet's AC1 is undefined: all coders used a single category",
                 id="ac1-single"),
    pytest.param(lambda: brennan_prediger([[2, 2], [2, 2]]),
                 r"Brennan-Prediger coefficient is undefined: all coders used a single",
                 id="bp-single"),
    pytest.param(lambda: krippendorff_alpha([[1, 1, 2], [1, 1, np.nan]]),
                 r"Krippendorff's alpha is undefined: pairable units hold a single value "
                 r"\(expected disagreement is 0\)", id="alpha-single"),
    pytest.param(lambda: krippendorff_alpha(GOOD, level="nominl"),  # type: ignore[arg-type]
                 "unknown level 'nominl'", id="level"),
    pytest.param(lambda: cohen_kappa(GOOD[:2], weights="squared"),  # type: ignore[arg-type]
                 "unknown weights 'squared'", id="weights"),
    pytest.param(lambda: krippendorff_alpha([[0, -1], [0, -1]], level="ratio"),
                 "ratio level needs non-negative codes", id="ratio-negative"),
    pytest.param(lambda: brennan_prediger(GOOD, categories=2),
                 "categories=2 is too small: .* the 3 distinct codes", id="bp-too-few"),
    pytest.param(lambda: brennan_prediger([[1, 1], [1, 1]], categories=1),
                 "categories=1 is too small: it must be at least 2", id="bp-one"),
    pytest.param(lambda: brennan_prediger(GOOD, categories=3.0),  # type: ignore[arg-type]
                 "categories must be an int or None", id="bp-float"),
]
# fmt: on


@pytest.mark.parametrize(("call", "message"), ERROR_CASES)
def test_error_messages(call: Callable[[], float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
