"""The comparison's figures: the CA factor map and the typology's dendrogram (PNG, SVG).

Same style and saving as the other charts (no pyplot state, byte-identical output for the
same input). Every figure states how many poles and interviews it rests on.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import dendrogram as tree

from ptce_coding.base.charts import (
    CASE_COLOURS,
    FORMATS,
    ChartText,
    blank_figure,
    french_formatter,
    french_number,
    save_figure,
)
from ptce_coding.compare.label_placement import PointLabel, place_labels

POLE_COLOUR = "#0072B2"
POLE_MARKER = 46  # area of a pole's dot, points²
CODE_COLOUR = "#D55E00"


@dataclass(frozen=True)
class ChartBasis:
    """What a comparison figure rests on, stated in its corner: poles and interviews."""

    poles: int
    interviews: int


def basis_of(interviews: pd.Series, poles: Iterable[object]) -> ChartBasis:
    """The base of a figure that draws ``poles``: how many, and their interviews
    (``interviews``: pole → interviews). A pole the analysis left out (nothing coded) is not
    drawn, so not counted."""
    drawn = [str(pole) for pole in poles]
    return ChartBasis(len(drawn), int(interviews.reindex(drawn, fill_value=0).sum()))


def _basis(fig, basis: ChartBasis, note: str = "") -> None:
    """The base of the figure, in its bottom-left corner (one line, never wrapped)."""
    fig.text(
        0.02,
        0.015,
        f"Base : {basis.poles} pôles, {basis.interviews} entretiens.{note}",
        fontsize=8,
        color="#444444",
    )


def factor_map(
    rows: pd.DataFrame,
    columns: pd.DataFrame,
    axes: pd.DataFrame,
    path_stem: Path,
    text: ChartText,
    basis: ChartBasis,
    *,
    codes_shown: int = 12,
) -> list[Path]:
    """Poles (blue dots) and the codes that contribute most to axes 1–2 (orange triangles),
    in principal coordinates (symmetric map). ``rows``/``columns``/``axes``: from
    :class:`~ptce_coding.compare.ca.CorrespondenceAnalysis`; ``text``: the title and the
    names of poles (``case_labels``) and codes (``code_labels``)."""
    inertia, percent = axes["inertia"], axes["percent"]  # indexed by axis number
    contribution = columns["ctr_1"] * inertia.loc[1] + columns["ctr_2"] * inertia.loc[2]
    shown = columns.loc[contribution.sort_values(ascending=False).index[:codes_shown]]
    with blank_figure() as fig:
        fig.set_size_inches(6.4, 6.2)  # printed at its size: 8 pt text (report/charts/placement.py)
        ax = fig.add_axes((0.1, 0.14, 0.86, 0.76))
        ax.axhline(0, color="#999999", linewidth=0.6)
        ax.axvline(0, color="#999999", linewidth=0.6)
        ax.scatter(
            shown["coord_1"],
            shown["coord_2"],
            marker="^",
            s=28,
            color=CODE_COLOUR,
            label="code (parmi les plus contributifs)",
            zorder=2,
        )
        ax.scatter(
            rows["coord_1"],
            rows["coord_2"],
            marker="o",
            s=POLE_MARKER,
            color=POLE_COLOUR,
            label="pôle",
            zorder=3,
        )
        x = np.concatenate([rows["coord_1"], shown["coord_1"]])
        y = np.concatenate([rows["coord_2"], shown["coord_2"]])
        # room for the labels on either side of the outermost points
        pad_x, pad_y = 0.2 * np.ptp(x) + 1e-9, 0.1 * np.ptp(y) + 1e-9
        ax.set_xlim(x.min() - pad_x, x.max() + pad_x)
        ax.set_ylim(y.min() - pad_y, y.max() + pad_y)
        place_labels(  # poles first: they are what the map is about
            ax,
            [
                PointLabel("\n".join(names), px, py, colour, weight)
                for frame, labels, colour, weight in (
                    (rows, text.case_labels, POLE_COLOUR, "bold"),
                    (shown, text.code_labels, CODE_COLOUR, "normal"),
                )
                for (px, py), names in _same_place(frame, labels).items()
            ],
            np.column_stack([x, y]),
            marker_radius=math.sqrt(POLE_MARKER) / 2,
        )
        ax.xaxis.set_major_formatter(french_formatter(None))
        ax.yaxis.set_major_formatter(french_formatter(None))
        for axis, setter in ((1, ax.set_xlabel), (2, ax.set_ylabel)):
            setter(f"Axe {axis} ({french_number(percent.loc[axis], 1)} % de l'inertie)")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=2, frameon=False)
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
        fig.suptitle(
            textwrap.fill(text.title, 75), fontsize=10, fontweight="bold", x=0.02, ha="left"
        )
        _basis(fig, basis)
        return save_figure(fig, path_stem, FORMATS)


def _same_place(
    frame: pd.DataFrame, labels: Mapping[str, str] | None
) -> dict[tuple[float, float], list[str]]:
    """Labels of the points drawn at one place (codes with the same profile), together."""
    places: dict[tuple[float, float], list[str]] = {}
    for key, point in frame.iterrows():
        where = (round(float(point["coord_1"]), 6), round(float(point["coord_2"]), 6))
        text = (labels or {}).get(str(key), str(key))
        places.setdefault(where, []).append(textwrap.fill(text, 24))
    return places


def dendrogram(
    linkage: np.ndarray,
    labels: list[str],
    types: Mapping[str, int],
    cut_height: float,
    path_stem: Path,
    text: ChartText,
    basis: ChartBasis,
    *,
    distance: str,
) -> list[Path]:
    """The dendrogram, leaves on the left (long names), branches coloured by type, the cut
    drawn as a dashed line; ``text``: the title and the poles' names (``case_labels``)."""
    row_labels = text.case_labels
    shown = [(row_labels or {}).get(label, label) for label in labels]
    layout = tree(linkage, labels=shown, orientation="left", no_plot=True)
    leaves = [labels[i] for i in layout["leaves"]]
    with blank_figure() as fig:
        fig.set_size_inches(6.4, 1.4 + 0.42 * len(labels))  # 8 pt text as printed
        ax = fig.add_axes((0.36, 0.2, 0.6, 0.68))
        for xs, ys in zip(layout["dcoord"], layout["icoord"], strict=True):
            colour = "#555555"
            low, high = min(ys), max(ys)  # the leaves between a link's two children are its own
            members = {types[p] for i, p in enumerate(leaves) if low <= 5 + 10 * i <= high}
            if max(xs) <= cut_height and len(members) == 1:
                colour = CASE_COLOURS[(next(iter(members)) - 1) % len(CASE_COLOURS)]
            ax.plot(xs, ys, color=colour, linewidth=1.4)
        ax.axvline(cut_height, color="#444444", linestyle="--", linewidth=0.8)
        ax.set_yticks([5 + 10 * i for i in range(len(leaves))])
        ax.set_yticklabels(
            [
                textwrap.fill(f"{(row_labels or {}).get(p, p)} — type {types[p]}", 30)
                for p in leaves
            ],
            fontsize=8,
        )
        ax.set_ylim(10 * len(leaves), 0)  # the first leaf (type 1) on top
        for tick, pole in zip(ax.get_yticklabels(), leaves, strict=True):
            tick.set_color(CASE_COLOURS[(types[pole] - 1) % len(CASE_COLOURS)])
        ax.set_xlim(left=0)
        ax.xaxis.set_major_formatter(french_formatter(None))
        ax.set_xlabel(f"hauteur de fusion ({distance})")
        for spine in ("top", "right", "left"):
            ax.spines[spine].set_visible(False)
        ax.tick_params(axis="y", length=0)
        fig.suptitle(
            textwrap.fill(text.title, 75), fontsize=10, fontweight="bold", x=0.02, ha="left"
        )
        _basis(fig, basis, " Tiretés : la coupure qui donne les types.")
        return save_figure(fig, path_stem, FORMATS)
