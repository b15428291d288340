"""The correspondence analysis of the chapter « Typologie des pôles », in French: the axes'
inertia, then the coordinates, contributions and cos² of the poles and of the codes that
contribute most to the first two axes."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ptce_coding.compare.ca import CorrespondenceAnalysis
from ptce_coding.report.formatting import fr_count, fr_decimal
from ptce_coding.report.labels import pole_order

CODES_SHOWN = 10  # codes of the CA table: the largest contributions to axes 1 and 2


@dataclass
class CaTables:
    """What the chapter shows of a correspondence analysis: its ``axes``, the poles'
    and the codes' ``points`` on axes 1 and 2, and the ``notes`` on the codes left out."""

    axes: pd.DataFrame
    pole_points: pd.DataFrame
    code_points: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def ca_tables(
    ca: CorrespondenceAnalysis, names: dict[str, str], labels: dict[str, str]
) -> CaTables:
    """``names``: pole → the name the report gives it; ``labels``: code id → « id — label »."""
    axes = ca.axes.rename(
        columns={"inertia": "valeur propre", "percent": "% de l'inertie", "cumulative": "% cumulé"}
    )
    axes.index = [f"Axe {k}" for k in axes.index]
    for column in ("% de l'inertie", "% cumulé"):  # one decimal, whatever the table's
        axes[column] = [fr_decimal(v) for v in axes[column]]
    shown = [k for k in (1, 2) if k <= ca.dimensions]

    def points(frame: pd.DataFrame) -> pd.DataFrame:
        columns: dict[str, pd.Series] = {}
        for k in shown:
            columns[f"coord. axe {k}"] = frame[f"coord_{k}"]
            columns[f"contribution axe {k} (%)"] = 100 * frame[f"ctr_{k}"]
            columns[f"cos² axe {k}"] = frame[f"cos2_{k}"]
        return pd.DataFrame(columns)

    poles = points(ca.rows)
    poles = poles.loc[pole_order(poles.index)]  # pole-2 before pole-10, as the report
    poles.index = [names.get(str(p), str(p)) for p in poles.index]
    inertia = ca.axes["inertia"]  # indexed by axis number
    weight = pd.Series(0.0, index=ca.columns.index)
    for k in shown:
        weight += ca.columns[f"ctr_{k}"] * inertia.loc[k]
    codes = points(ca.columns.loc[weight.sort_values(ascending=False).index[:CODES_SHOWN]])
    codes.index = [labels.get(str(c), str(c)) for c in codes.index]
    tables = CaTables(axes, poles, codes)
    if ca.dropped_columns:
        tables.notes.append(
            f"{fr_count(len(ca.dropped_columns), 'code jamais codé', 'codes jamais codés')} "
            f"à ce niveau {'est' if len(ca.dropped_columns) < 2 else 'sont'} hors de l'analyse."
        )
    return tables
