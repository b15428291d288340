"""Grouped bars of one axis's codes: one group per code, one bar per case (colour and hatch),
a legend of the cases; the plot as wide as the labels and the legend leave on the page."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ptce_coding.base.charts import (
    CASE_COLOURS,
    CASE_HATCHES,
    FONT,
    LINE,
    add_title,
    axes_at,
    line_count,
    wrap_label,
)
from ptce_coding.report.charts.bar_scale import BarData, bar_value, value_axis
from ptce_coding.report.charts.placement import PRINT_BOX, saved_size

LABEL_WIDTH = 1.9  # inches: a code's label beside grouped bars wraps to this
LEGEND_CHARS = 24  # characters: a case's name in the legend of grouped bars wraps at this
BAR = 0.14  # inches: one bar of grouped bars (its value, at FONT, is 0.11 inch tall)
GROUP_GAP = 0.2  # inches: between two codes' groups of bars
PLOT_MIN = 2.0  # inches: the narrowest plot of grouped bars


def _group_heights(code_texts: Sequence[str], n_cases: int) -> list[float]:
    return [max(n_cases * BAR, line_count(t) * LINE) for t in code_texts]


def grouped_height(code_texts: Sequence[str], n_cases: int) -> float:
    """The height (inches) of grouped bars of every code."""
    return sum(_group_heights(code_texts, n_cases)) + GROUP_GAP * len(code_texts) + 0.1


def grouped_bars(
    fig: Figure, data: BarData, code_texts: list[str], part: range, suffix: str
) -> None:
    """The codes of ``part`` (their labels ``code_texts``, wrapped) drawn in ``fig``, its
    title ending with ``suffix`` (« (1/2) »)."""
    values, text = data.values[:, part.start : part.stop], data.text
    n_cases, n_codes = values.shape
    limits, decimals, annotate = data.scale.limits, data.scale.decimals, data.scale.annotate
    group = _group_heights(code_texts, n_cases)
    plot_h = grouped_height(code_texts, n_cases) - 0.1
    plot_w = 3.0  # widened or narrowed below, once the labels and the legend are drawn
    fig.set_size_inches(plot_w + 0.1, plot_h + 0.1)
    ax = axes_at(fig, 0, 0.05, plot_w, plot_h)
    # y in inches from the top: group g starts after the groups above it.
    gap = GROUP_GAP
    starts = np.concatenate([[gap / 2], np.cumsum(np.array(group) + gap)[:-1] + gap / 2])
    centres = starts + np.array(group) / 2
    for g in range(n_codes):
        if g % 2:
            ax.axhspan(starts[g] - gap / 2, starts[g] + group[g] + gap / 2, color="0.95", lw=0)
    handles = []
    for c in range(n_cases):
        colour = CASE_COLOURS[c % len(CASE_COLOURS)]
        hatch = CASE_HATCHES[c % len(CASE_HATCHES)]
        ys = centres - n_cases * BAR / 2 + (c + 0.5) * BAR
        row = values[c]
        ax.barh(
            ys,
            np.nan_to_num(row),
            height=BAR * 0.92,
            color=colour,
            hatch=hatch,
            edgecolor="0.2",
            linewidth=0.4,
        )
        handles.append(
            Patch(
                facecolor=colour,
                hatch=hatch,
                edgecolor="0.2",
                linewidth=0.4,
                label=wrap_label(data.cases[c], LEGEND_CHARS),
            )
        )
        if annotate:
            for y, value in zip(ys, row, strict=True):
                bar_value(ax, value, y, decimals)
    ax.set_ylim(plot_h, 0)
    ax.set_yticks(centres, code_texts, multialignment="right")
    value_axis(ax, limits, decimals)
    ax.set_xlabel(text.value_label, fontsize=FONT)
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        frameon=False,
        fontsize=FONT,
        title=text.legend_title,
        title_fontsize=FONT,
        handlelength=2.2,
        handleheight=1.3,
        alignment="left",
    )
    # the plot takes the width the labels and the legend leave on the page
    plot_w = max(PLOT_MIN, plot_w + PRINT_BOX[0] - 0.05 - saved_size(fig)[0])
    fig_w, fig_h = plot_w + 0.1, plot_h + 0.1
    fig.set_size_inches(fig_w, fig_h)
    ax.set_position((0, 0.05 / fig_h, plot_w / fig_w, plot_h / fig_h))
    add_title(fig, text.title + suffix)
