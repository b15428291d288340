"""A typology of the poles: agglomerative hierarchical clustering, a cut, and what each type
is made of.

* ``ward``: Ward's criterion on the poles' principal coordinates on every axis of the
  correspondence analysis (the Euclidean distance between these coordinates is the χ²
  distance between the poles' code profiles: « classification ascendante hiérarchique sur
  les facteurs », Lebart, Morineau & Piron, 1995, ch. 2.2);
* ``jaccard``: average linkage on the Jaccard distance between the sets of codes present in
  each pole (1 − shared codes / codes present in either), for presence/absence data.

The number of types is where the dendrogram makes its largest jump: the cut falls in the
widest gap between two successive merge heights (2 types at least, one fewer than the poles
at most), unless the user asks for a number. When another cut's jump is nearly as wide (the
largest is under 1.5 times it), the criterion says that the cut is fragile.

Each type is described by the codes over-represented in it: the test value (« valeur-test »,
Lebart, Morineau & Piron 1995, §3.2) of the type's mean share of segments,
``(mean_type − mean) / sqrt((n − n_type) / (n − 1) · s² / n_type)`` (``s²``: variance over
the ``n`` poles); v ≥ 1.96 is the usual 5 % threshold, rarely reached with a handful of
poles. A type of one pole cannot exceed v = sqrt(n − 1) and its values describe that pole,
not a group: they are never called significant. Case attributes are described by the
modalities more frequent in the type than overall and held by at least half of the type,
with their base (« 2 pôles sur 2, contre 2 sur 5 »).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, leaves_list, linkage
from scipy.spatial.distance import pdist

from ptce_coding.compare.attribute_values import UNKNOWN_VALUES, plain_value
from ptce_coding.compare.ca import AnalysisError

MIN_POLES = 4  # below, a typology groups two or three cases: nothing to compare
METHODS = ("ward", "jaccard")
SIGNIFICANT = 1.96
CODES_PER_TYPE = 5
FRAGILE = 1.5  # a largest jump under 1.5 times the runner-up: the cut is said to be fragile


@dataclass(frozen=True)
class Typology:
    method: str
    poles: list[str]  # in dendrogram order, top to bottom
    linkage: np.ndarray  # scipy linkage matrix on ``poles`` in their input order
    labels: list[str]  # the poles in the linkage's input order
    types: pd.Series  # pole → type number (1 = first in dendrogram order)
    criterion: str  # how the number of types was chosen, in French
    cut_height: float
    # type, code, mean_type, mean_all, test_value, significant, tied (codes of the type at
    # that test value: 1 when it is its own)
    codes: pd.DataFrame
    attributes: pd.DataFrame  # type, attribute, value, in_type, type_size, overall, poles

    @property
    def count(self) -> int:
        return int(self.types.nunique())

    def members(self, number: int) -> list[str]:
        return [p for p in self.poles if self.types[p] == number]


def cluster_poles(
    method: str,
    *,
    coordinates: pd.DataFrame | None = None,
    presence: pd.DataFrame | None = None,
    types: int | None = None,
) -> tuple[np.ndarray, list[str], pd.Series, str, float]:
    """Linkage, pole labels, pole → type, the criterion (French) and the cut height.

    ``coordinates`` (poles × CA axes) for ``ward``, ``presence`` (poles × codes, 0/1) for
    ``jaccard``.
    """
    if method not in METHODS:
        raise AnalysisError(f"unknown clustering method {method!r}: choose ward or jaccard")
    data = coordinates if method == "ward" else presence
    if data is None:
        raise AnalysisError(f"the {method} typology needs its data")
    if method == "jaccard":
        empty = data.index[data.sum(axis=1) == 0]
        if len(empty):
            raise AnalysisError(
                f"no code present in {', '.join(map(str, empty))}: a Jaccard distance needs "
                "at least one code per pole",
                report=f"aucun code présent pour {', '.join(map(str, empty))} : la distance de "
                "Jaccard demande au moins un code par pôle",
            )
    n = len(data)
    if n < MIN_POLES:
        raise AnalysisError(
            f"a typology needs at least {MIN_POLES} poles with coded segments (here {n})",
            report=f"il faut au moins {MIN_POLES} pôles ayant des segments codés (ici {n})",
        )
    if method == "ward":
        matrix = linkage(data.to_numpy(dtype=float), method="ward")
    else:
        matrix = linkage(pdist(data.to_numpy(dtype=bool), metric="jaccard"), method="average")
    heights = matrix[:, 2]
    if not heights.any():
        raise AnalysisError(
            "every pole has the same codes (all distances 0): nothing sets the poles apart",
            report="tous les pôles ont les mêmes codes (distances nulles) : rien ne les distingue",
            hint="A typology needs poles that differ in their codes: code more of the "
            "interviews, or compare them at a deeper --level.",
        )
    if types is None:
        gaps = {k: heights[n - k] - heights[n - k - 1] for k in range(2, n)}
        chosen = max(gaps, key=lambda k: (round(gaps[k], 12), -k))
        criterion = (
            f"{chosen} types, au plus grand saut du dendrogramme (la fusion suivante passe de "
            f"la hauteur {_fr(heights[n - chosen - 1])} à {_fr(heights[n - chosen])}), parmi "
            f"les découpages de 2 à {n - 1} types"
        )
        runner_up = max((k for k in gaps if k != chosen), key=lambda k: gaps[k], default=None)
        if runner_up is not None and gaps[chosen] < FRAGILE * gaps[runner_up]:
            criterion += (
                f" ; le découpage en {runner_up} types a un saut presque aussi grand "
                f"({_fr(gaps[runner_up])} contre {_fr(gaps[chosen])}) : la coupure est fragile"
            )
    else:
        if not 2 <= types < n:
            raise AnalysisError(
                f"--types must be between 2 and {n - 1} for {n} poles (here {types})",
                report=f"le nombre de types demandé ({types}) doit aller de 2 à {n - 1} pour "
                f"{n} pôles",
                hint="Give --types (or compare.types in project.yaml) within these bounds, or "
                "leave it out for the largest jump of the dendrogram.",
            )
        chosen, criterion = types, f"{types} types, nombre demandé par l'utilisateur"
    cut = float((heights[n - chosen - 1] + heights[n - chosen]) / 2)
    raw = fcluster(matrix, chosen, criterion="maxclust")
    if len(set(raw)) != chosen:  # merges at one height: no cut gives that many types
        raise AnalysisError(
            f"the poles cannot be cut into {chosen} types: several merges happen at the same "
            f"height ({cut:.3f})",
            report=f"les pôles ne se partagent pas en {chosen} types : plusieurs regroupements "
            f"se font à la même hauteur ({cut:.3f})",
            hint="Ask for another number with --types, or compare on more codes.",
        )
    order = [str(data.index[i]) for i in leaves_list(matrix)]
    labels = [str(p) for p in data.index]
    by_pole = dict(zip(labels, raw, strict=True))
    renumber: dict[int, int] = {}
    for pole in order:
        renumber.setdefault(int(by_pole[pole]), len(renumber) + 1)
    assigned = pd.Series({p: renumber[int(by_pole[p])] for p in order}, name="type")
    return matrix, labels, assigned, criterion, cut


def _fr(value: float) -> str:
    return f"{value:.3f}".replace(".", ",")


def describe_codes(types: pd.Series, shares: pd.DataFrame) -> pd.DataFrame:
    """The codes each type over-represents, by test value (largest first): 5 a type, and more
    when codes tie with the fifth (all of them, never a pick among equals; ``tied``: how many
    codes of the type share the code's test value)."""
    shares = shares.loc[types.index]
    n = len(shares)
    mean, variance = shares.mean(), shares.var(ddof=0)
    rows = []
    for number, group in shares.groupby(types):
        size = len(group)
        if size == n:
            continue
        spread = np.sqrt((n - size) / (n - 1) * variance / size)
        values = (group.mean() - mean) / spread.where(spread > 0)
        gap = group.mean() - mean
        ranked = pd.DataFrame({"v": values.round(9), "gap": gap})[values > 0].sort_values(
            ["v", "gap"], ascending=False
        )["v"]
        # never a pick among equals: the codes tied with the last one kept are kept too (a
        # one-pole type ties every code that pole alone has, at v = sqrt(n − 1))
        best = (
            ranked[ranked >= ranked.iloc[min(CODES_PER_TYPE, len(ranked)) - 1]]
            if len(ranked)
            else ranked
        )
        ties = best.map(best.value_counts())
        for code, value in best.items():
            rows.append(
                {
                    "type": int(number),
                    "code": code,
                    "mean_type": float(group[code].mean()),
                    "mean_all": float(mean[code]),
                    "test_value": float(value),
                    "significant": bool(value >= SIGNIFICANT and size > 1),
                    "tied": int(ties[code]),
                }
            )
    columns = ["type", "code", "mean_type", "mean_all", "test_value", "significant", "tied"]
    return pd.DataFrame(rows, columns=columns)


def describe_attributes(types: pd.Series, attributes: pd.DataFrame) -> pd.DataFrame:
    """Attribute values more frequent in a type than among all poles, with their base.

    Attributes with a different value for every pole (a name, a year) describe no group and
    are left out; a value nobody knows (« NA », « nc », « ? »: ``inputs.UNKNOWN_VALUES``) is no
    modality, as an empty cell is not."""
    attributes = attributes.reindex(types.index)
    n = len(types)
    rows = []
    for name in attributes.columns:
        values = attributes[name].astype("string").str.strip()
        values = values.mask(values.fillna("").map(plain_value).isin(UNKNOWN_VALUES))
        if values.isna().all() or values.nunique() == values.notna().sum():
            continue
        overall = values.value_counts().to_dict()
        for number, members in types.groupby(types):
            counts = values[members.index].value_counts()
            for value, inside in counts.items():
                size = len(members)
                if inside / size > overall[value] / n and 2 * inside >= size:
                    rows.append(
                        {
                            "type": int(number),
                            "attribute": name,
                            "value": value,
                            "in_type": int(inside),
                            "type_size": size,
                            "overall": int(overall[value]),
                            "poles": n,
                        }
                    )
    columns = ["type", "attribute", "value", "in_type", "type_size", "overall", "poles"]
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return frame
    share = frame["in_type"] / frame["type_size"] - frame["overall"] / frame["poles"]
    return (
        frame.assign(_gap=share)
        .sort_values(["type", "_gap"], ascending=[True, False])
        .drop(columns="_gap")
    )


def pole_typology(
    method: str,
    shares: pd.DataFrame,
    attributes: pd.DataFrame,
    *,
    coordinates: pd.DataFrame | None = None,
    presence: pd.DataFrame | None = None,
    types: int | None = None,
) -> Typology:
    """Cluster the poles and describe each type by codes (``shares``: % of segments) and
    attributes."""
    matrix, labels, assigned, criterion, cut = cluster_poles(
        method, coordinates=coordinates, presence=presence, types=types
    )
    return Typology(
        method=method,
        poles=list(assigned.index),
        linkage=matrix,
        labels=labels,
        types=assigned,
        criterion=criterion,
        cut_height=cut,
        codes=describe_codes(assigned, shares),
        attributes=describe_attributes(assigned, attributes),
    )
