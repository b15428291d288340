"""Correspondence analysis (« analyse factorielle des correspondances ») of a contingency table.

Textbook formulas (Greenacre, *Correspondence Analysis in Practice*, 3rd ed., 2017,
Theoretical appendix A; Lebart, Morineau & Piron, *Statistique exploratoire
multidimensionnelle*, 1995, ch. 2), computed with one singular value decomposition:

* correspondence matrix ``P = N / n``; row masses ``r = P 1``, column masses ``c = Pᵀ 1``;
* standardised residuals ``S = D_r^-1/2 (P − r cᵀ) D_c^-1/2 = U Σ Vᵀ``;
* principal inertias (eigenvalues) ``λ_k = σ_k²``, total inertia ``Σ λ_k = χ² / n``;
* standard coordinates ``Φ = D_r^-1/2 U`` (rows), ``Γ = D_c^-1/2 V`` (columns); principal
  coordinates ``F = Φ Σ``, ``G = Γ Σ``;
* contribution of row ``i`` to axis ``k``: ``r_i f_ik² / λ_k`` (they sum to 1 over rows);
* squared cosine (quality on the axis): ``f_ik² / d_i²`` with ``d_i`` the χ² distance of the
  row profile to the average profile; row inertia ``r_i d_i²``. Columns alike.

The sign of an axis is arbitrary (any CA program may flip it); here each axis is oriented so
that the column with the largest absolute standard coordinate is on the positive side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ptce_coding.base.errors import PtceError

TOLERANCE = 1e-12  # eigenvalues below this are zero (a table of rank < min(I, J) − 1)


class AnalysisError(PtceError):
    """A comparison cannot be computed on these data (too few poles, nothing coded…).
    ``report``: the reason in French, for the report's notes (the message is the command
    line's, in English)."""

    def __init__(self, message: str, *, report: str = "", hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.report = report or message


@dataclass(frozen=True)
class CorrespondenceAnalysis:
    """The result of :func:`correspondence_analysis`.

    ``axes``: one row per axis (1, 2, …): ``inertia`` (eigenvalue), ``percent``, ``cumulative``.
    ``rows`` / ``columns``: ``mass``, ``chi_distance``, ``inertia``, then for each axis ``k``
    ``coord_k`` (principal coordinate), ``ctr_k`` (contribution, 0–1) and ``cos2_k`` (0–1).
    ``row_standard`` / ``column_standard``: standard coordinates, one column per axis.
    """

    table: pd.DataFrame  # the analysed table (empty rows and columns removed)
    axes: pd.DataFrame
    rows: pd.DataFrame
    columns: pd.DataFrame
    row_standard: pd.DataFrame
    column_standard: pd.DataFrame
    total: float  # grand total n of the table
    dropped_rows: list[str] = field(default_factory=list)
    dropped_columns: list[str] = field(default_factory=list)

    @property
    def total_inertia(self) -> float:
        return float(self.axes["inertia"].sum())

    @property
    def chi_square(self) -> float:
        return self.total_inertia * self.total

    @property
    def dimensions(self) -> int:
        return len(self.axes)


def correspondence_analysis(table: pd.DataFrame) -> CorrespondenceAnalysis:
    """CA of a table of non-negative counts (rows × columns); every non-trivial axis is kept.

    Rows and columns that sum to zero carry no profile: they are removed and listed in
    ``dropped_rows`` / ``dropped_columns``. Raises :class:`AnalysisError` when fewer than two
    rows or two columns remain, or when the table holds a negative or missing value.
    """
    values = table.astype("float64")
    if values.isna().any().any() or (values.to_numpy() < 0).any():
        raise AnalysisError("correspondence analysis needs counts: no negative or missing value")
    row_sums, column_sums = values.sum(axis=1), values.sum(axis=0)
    dropped_rows = [str(r) for r in values.index[row_sums == 0]]
    dropped_columns = [str(c) for c in values.columns[column_sums == 0]]
    values = values.loc[row_sums > 0, column_sums > 0]
    if values.shape[0] < 2 or values.shape[1] < 2:
        raise AnalysisError(
            f"correspondence analysis needs at least 2 rows and 2 columns with counts "
            f"(here {values.shape[0]} × {values.shape[1]})",
            report="il faut au moins 2 pôles et 2 codes comptés "
            f"(ici {values.shape[0]} × {values.shape[1]})",
        )
    n = float(values.to_numpy().sum())
    p = values.to_numpy() / n
    r, c = p.sum(axis=1), p.sum(axis=0)
    residuals = (p - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    u, sigma, vt = np.linalg.svd(residuals, full_matrices=False)
    keep = sigma**2 > TOLERANCE
    if not keep.any():
        raise AnalysisError(
            "every row has the same profile: there is no axis to show (total inertia 0)",
            report="tous les pôles ont le même profil : aucun axe à montrer (inertie totale 0)",
        )
    u, sigma, v = u[:, keep], sigma[keep], vt[keep].T
    row_std, col_std = u / np.sqrt(r)[:, None], v / np.sqrt(c)[:, None]
    flip = np.sign(col_std[np.abs(col_std).argmax(axis=0), np.arange(col_std.shape[1])])
    row_std, col_std = row_std * flip, col_std * flip
    eigen = sigma**2
    names = list(range(1, len(eigen) + 1))
    axes = pd.DataFrame(
        {
            "inertia": eigen,
            "percent": 100 * eigen / eigen.sum(),
            "cumulative": 100 * np.cumsum(eigen) / eigen.sum(),
        },
        index=pd.Index(names, name="axis"),
    )
    rows = _points(values.index, r, row_std * sigma, eigen)
    columns = _points(values.columns, c, col_std * sigma, eigen)
    return CorrespondenceAnalysis(
        table=values,
        axes=axes,
        rows=rows,
        columns=columns,
        row_standard=pd.DataFrame(row_std, index=values.index, columns=names),
        column_standard=pd.DataFrame(col_std, index=values.columns, columns=names),
        total=n,
        dropped_rows=dropped_rows,
        dropped_columns=dropped_columns,
    )


def _points(
    index: pd.Index, mass: np.ndarray, principal: np.ndarray, eigen: np.ndarray
) -> pd.DataFrame:
    """Mass, χ² distance, inertia, then coordinate, contribution and cos² on each axis."""
    distance2 = (principal**2).sum(axis=1)  # all axes kept: the full χ² distance
    frame = pd.DataFrame(
        {"mass": mass, "chi_distance": np.sqrt(distance2), "inertia": mass * distance2},
        index=index,
    )
    contributions = mass[:, None] * principal**2 / eigen
    cos2 = principal**2 / np.where(distance2 > 0, distance2, 1)[:, None]
    for k in range(len(eigen)):
        frame[f"coord_{k + 1}"] = principal[:, k]
        frame[f"ctr_{k + 1}"] = contributions[:, k]
        frame[f"cos2_{k + 1}"] = cos2[:, k]
    return frame
