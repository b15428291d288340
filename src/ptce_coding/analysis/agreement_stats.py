"""Intercoder agreement statistics as pure functions.

Every function takes *reliability data*: a 2-D array-like of shape ``(coders, units)`` — one row
per coder, one column per coded unit (a segment, a question, a document) — the convention of the
``krippendorff`` package. Cells hold category codes as numbers (ints or floats; map labels such as
``"a"``/``"b"`` to numbers first); a missing value (a coder who did not code that unit) is
``NaN`` (``None`` is read as ``NaN``). A unit is *pairable* when at least two coders coded it.
A table with one row per unit and one column per coder (a spreadsheet export) must be
transposed first (``frame.T``).

All coefficients are nominal (unweighted) unless stated. Where a statistic is undefined for the
data (no pairable unit, a single category so that chance agreement is 1, ...) a ``ValueError``
saying why is raised; no placeholder or NaN is ever returned.

Notation follows Gwet (2014), *Handbook of Inter-Rater Reliability*, 4th ed., ch. 2–3, and his
R package irrCAC (``*.raw`` functions): ``n_ik`` is the number of coders who put unit ``i`` in
category ``k``, ``r_i = sum_k n_ik``; ``pa`` is observed agreement, ``pe`` chance agreement and a
coefficient is ``(pa - pe) / (1 - pe)``.
"""

from __future__ import annotations

from typing import Literal, get_args

import krippendorff
import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.metrics import cohen_kappa_score

Level = Literal["nominal", "ordinal", "interval", "ratio"]
KappaWeights = Literal["linear", "quadratic"]

__all__ = [
    "brennan_prediger",
    "cohen_kappa",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "percent_agreement",
]


def _reliability_data(data: ArrayLike) -> NDArray[np.float64]:
    """Validate ``data`` and return it as a float array of shape (coders, units), NaN = missing."""
    try:
        values = np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            "reliability data must hold numeric category codes (NaN or None for missing); "
            "map string labels to numbers first"
        ) from exc
    if values.ndim != 2:
        raise ValueError(
            f"reliability data must be 2-D with shape (coders, units); got {values.ndim}-D "
            f"with shape {values.shape}"
        )
    if values.shape[0] < 2:
        raise ValueError(f"at least two coders (rows) are needed; got {values.shape[0]}")
    if np.isinf(values).any():
        raise ValueError("reliability data contains an infinite value; use NaN for missing")
    return values


def _n_ik(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Counts ``n_ik`` of shape (units, q): coders who put unit ``i`` in category ``k``.

    Categories are the distinct codes in the data (sorted); units that no coder coded are dropped,
    as in irrCAC.
    """
    present = ~np.isnan(values)
    _, category = np.unique(values[present], return_inverse=True)
    q = int(category.max()) + 1 if category.size else 0
    unit = np.nonzero(present)[1]  # row-major, the same order as values[present]
    n_units = values.shape[1]
    counts = np.bincount(unit * q + category, minlength=n_units * q).reshape(n_units, q)
    found: NDArray[np.float64] = counts[counts.sum(axis=1) > 0].astype(np.float64)
    return found


def _pairable(n_ik: NDArray[np.float64]) -> NDArray[np.float64]:
    """Rows of ``n_ik`` for pairable units (``r_i >= 2``); raises if there is none."""
    pairable: NDArray[np.float64] = n_ik[n_ik.sum(axis=1) >= 2]
    if pairable.shape[0] == 0:
        raise ValueError("undefined: no pairable unit (no unit was coded by at least two coders)")
    return pairable


def _pa(n_ik: NDArray[np.float64]) -> float:
    """Observed agreement: mean over pairable units of ``sum_k n_ik (n_ik - 1) / (r_i (r_i - 1))``.

    The share of agreeing coder pairs within each unit, averaged over units: Fleiss (1971)
    with a per-unit number of coders ``r_i`` (Gwet 2014, ch. 2; irrCAC).
    """
    pairable = _pairable(n_ik)
    r_i = pairable.sum(axis=1)
    return float(np.mean((pairable * (pairable - 1)).sum(axis=1) / (r_i * (r_i - 1))))


def _pi_k(n_ik: NDArray[np.float64]) -> NDArray[np.float64]:
    """Classification probabilities ``pi_k = mean_i n_ik / r_i`` over units coded at least once."""
    pi_k: NDArray[np.float64] = (n_ik / n_ik.sum(axis=1, keepdims=True)).mean(axis=0)
    return pi_k


def _require_two_categories(n_ik: NDArray[np.float64], statistic: str) -> None:
    if n_ik.shape[1] < 2:
        raise ValueError(
            f"{statistic} is undefined: all coders used a single category (chance agreement is 1)"
        )


def _pe_fleiss(n_ik: NDArray[np.float64]) -> float:
    """Fleiss' chance agreement ``pe = sum_k pi_k**2`` (Fleiss 1971; irrCAC)."""
    _require_two_categories(n_ik, "Fleiss' kappa")
    return float(np.sum(_pi_k(n_ik) ** 2))


def _pe_ac1(n_ik: NDArray[np.float64]) -> float:
    """Gwet's chance agreement ``pe = sum_k pi_k (1 - pi_k) / (q - 1)`` (Gwet 2008; irrCAC)."""
    _require_two_categories(n_ik, "Gwet's AC1")
    pi_k = _pi_k(n_ik)
    return float(np.sum(pi_k * (1 - pi_k)) / (n_ik.shape[1] - 1))


def _pe_bp(q: int) -> float:
    """Brennan-Prediger chance agreement ``pe = 1 / q`` for ``q`` equiprobable categories."""
    return 1.0 / q


def _coefficient(pa: float, pe: float, statistic: str) -> float:
    """Chance-corrected coefficient ``(pa - pe) / (1 - pe)``; raises if ``pe == 1``."""
    if pe >= 1.0:
        raise ValueError(f"{statistic} is undefined: chance agreement is 1")
    return (pa - pe) / (1.0 - pe)


def percent_agreement(data: ArrayLike) -> float:
    """Percent (observed) agreement ``pa`` in [0, 1] of reliability data (coders, units).

    For each pairable unit ``i`` (``r_i >= 2`` coders), the share of pairs of its coders who chose
    the same category, ``sum_k n_ik (n_ik - 1) / (r_i (r_i - 1))``; then the mean over pairable
    units. With two coders this is the share of units coded by both on which they agree.
    Source: Gwet (2014) ch. 2; irrCAC ``pa.coeff.raw`` (the ``pa`` of ``fleiss.kappa.raw`` and
    ``gwet.ac1.raw``).
    """
    return _pa(_n_ik(_reliability_data(data)))


def cohen_kappa(data: ArrayLike, weights: KappaWeights | None = None) -> float:
    """Cohen's kappa (Cohen 1960; weighted: Cohen 1968) for exactly two coders.

    ``data`` has shape (2, units); units where either coder is missing are dropped. ``weights``
    is ``None`` (unweighted), ``"linear"`` or ``"quadratic"``; disagreement weights use the rank of
    each code among the codes either coder used (as R irr ``kappa2`` and
    ``sklearn.metrics.cohen_kappa_score``, which computes the value).
    """
    if weights is not None and weights not in get_args(KappaWeights):
        raise ValueError(f"unknown weights {weights!r}; expected None, 'linear' or 'quadratic'")
    values = _reliability_data(data)
    if values.shape[0] != 2:
        raise ValueError(f"Cohen's kappa needs exactly two coders (rows); got {values.shape[0]}")
    both = values[:, ~np.isnan(values).any(axis=0)]
    if both.shape[1] == 0:
        raise ValueError("undefined: no pairable unit (no unit was coded by both coders)")
    codes, rank = np.unique(both, return_inverse=True)
    if codes.size < 2:
        raise ValueError(
            "Cohen's kappa is undefined: both coders used a single category (chance agreement is 1)"
        )
    rank = rank.reshape(both.shape)  # integer ranks: sklearn rejects non-integer float labels
    return float(cohen_kappa_score(rank[0], rank[1], weights=weights))


def fleiss_kappa(data: ArrayLike) -> float:
    """Fleiss' kappa (Fleiss 1971) for two or more coders, data of shape (coders, units).

    ``pa`` as in :func:`percent_agreement` (units with fewer than two codes are dropped from it),
    ``pe = sum_k pi_k**2`` with ``pi_k = mean_i n_ik / r_i`` over all units coded at least once.
    With the same number of coders on every unit this is Fleiss' formula; with missing codes it is
    Gwet's generalisation (2014, ch. 2; irrCAC ``fleiss.kappa.raw``, unweighted).
    """
    n_ik = _n_ik(_reliability_data(data))
    return _coefficient(_pa(n_ik), _pe_fleiss(n_ik), "Fleiss' kappa")


def gwet_ac1(data: ArrayLike) -> float:
    """Gwet's AC1 (Gwet 2008), nominal, for two or more coders, data of shape (coders, units).

    ``pa`` as in :func:`percent_agreement`; ``pe = sum_k pi_k (1 - pi_k) / (q - 1)`` with
    ``pi_k`` as in :func:`fleiss_kappa` and ``q`` the number of categories used. Missing codes
    are handled as in irrCAC ``gwet.ac1.raw`` (unweighted). Undefined when ``q < 2``.
    """
    n_ik = _n_ik(_reliability_data(data))
    return _coefficient(_pa(n_ik), _pe_ac1(n_ik), "Gwet's AC1")


def brennan_prediger(data: ArrayLike, categories: int | None = None) -> float:
    """Brennan & Prediger (1981) coefficient, data of shape (coders, units).

    ``pa`` as in :func:`percent_agreement`, ``pe = 1 / q``. ``q`` is ``categories`` — the number
    of categories of the coding scheme, which may include unused ones — or, by default, the
    number of distinct codes in the data (irrCAC ``bp.coeff.raw``, unweighted).
    """
    n_ik = _n_ik(_reliability_data(data))
    pa = _pa(n_ik)
    used = n_ik.shape[1]
    if categories is None:
        _require_two_categories(n_ik, "Brennan-Prediger coefficient")
        q = used
    elif isinstance(categories, bool) or not isinstance(categories, int | np.integer):
        raise ValueError(f"categories must be an int or None; got {categories!r}")
    elif categories < max(used, 2):
        raise ValueError(
            f"categories={categories} is too small: it must be at least 2 and at least the "
            f"{used} distinct codes in the data"
        )
    else:
        q = int(categories)
    return _coefficient(pa, _pe_bp(q), "Brennan-Prediger coefficient")


def krippendorff_alpha(data: ArrayLike, level: Level = "nominal") -> float:
    """Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").

    ``data`` has shape (coders, units); ``level`` is the level of measurement (``"nominal"``,
    ``"ordinal"``, ``"interval"`` or ``"ratio"``, which needs non-negative codes). Computed by
    ``krippendorff.alpha``. Undefined (``ValueError``) without a pairable unit or when pairable
    units hold a single distinct value (expected disagreement is 0).
    """
    if level not in get_args(Level):
        raise ValueError(
            f"unknown level {level!r}; expected 'nominal', 'ordinal', 'interval' or 'ratio'"
        )
    values = _reliability_data(data)
    if level == "ratio" and (values < 0).any():
        raise ValueError("the ratio level needs non-negative codes")
    pairable = _pairable(_n_ik(values))
    if np.count_nonzero(pairable.sum(axis=0)) < 2:
        raise ValueError(
            "Krippendorff's alpha is undefined: pairable units hold a single value "
            "(expected disagreement is 0)"
        )
    return float(krippendorff.alpha(reliability_data=values, level_of_measurement=level))
