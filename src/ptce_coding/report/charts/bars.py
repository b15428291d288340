"""Bars of one axis's codes across cases: grouped, or small multiples."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ptce_coding.base.charts import (
    BAR_COLOUR,
    CASE_COLOURS,
    CASE_HATCHES,
    CHAR,
    FONT,
    FORMATS,
    GROUPED_MAX_BARS,
    GROUPED_MAX_CASES,
    LINE,
    SMALL,
    BarLayout,
    ChartText,
    add_title,
    axes_at,
    blank_figure,
    decimals_for,
    display_label,
    french_formatter,
    french_number,
    hide_spines,
    line_count,
    numeric_values,
    save_figure,
    wrap_label,
)


@dataclass(frozen=True)
class BarScale:
    """The value axis every bar of a chart shares: its ``limits``, the ``decimals`` shown,
    and whether each bar's value is printed at its end (``annotate``)."""

    limits: tuple[float, float]
    decimals: int
    annotate: bool


def axis_bars(
    matrix: pd.DataFrame,
    path_stem: str | Path,
    text: ChartText,
    *,
    percent: bool = False,
    layout: BarLayout = "auto",
    panel_columns: int | None = None,
    annotate: bool = True,
    formats: Sequence[str] = FORMATS,
) -> list[Path]:
    """The codes of one axis (columns) across cases (rows) as horizontal bars; ``text``: the
    title, value label, labels of codes and cases (codes shown by their label unless
    ``text.label_style`` says otherwise) and the legend's title.

    ``layout="grouped"``: one group per code, one bar per case (colour + hatch), a legend of
    cases. ``layout="panels"``: small multiples, one panel per code with the cases in rows
    and a shared scale, no legend needed. ``"auto"`` groups up to 6 cases and 72 bars and
    uses panels beyond (12 cases × 15 codes would make 180 thin bars). Values are printed
    at the end of the bars (``annotate``); a missing value is marked « n.d. ».
    """
    if layout not in ("auto", "grouped", "panels"):
        raise ValueError(f"unknown layout {layout!r}: choose auto, grouped or panels")
    values = numeric_values(matrix, "bar chart")
    cases = [display_label(key, text.case_labels, "label") for key in matrix.index]
    codes = [
        display_label(key, text.code_labels, text.label_style or "label") for key in matrix.columns
    ]
    n_cases, n_codes = values.shape
    if layout == "auto":
        grouped = n_cases <= GROUPED_MAX_CASES and n_cases * n_codes <= GROUPED_MAX_BARS
        layout = "grouped" if grouped else "panels"
    finite = values[np.isfinite(values)]
    low = min(0.0, float(finite.min())) if finite.size else 0.0
    high = max(0.0, float(finite.max())) if finite.size else 0.0
    if high <= low:
        high = low + 1
    span = high - low
    limits = (low - (0.12 * span if low < 0 else 0), high + (0.14 * span if annotate else 0))
    scale = BarScale(limits, decimals_for(finite, percent), annotate)
    with blank_figure() as fig:
        if layout == "grouped":
            _grouped_bars(fig, values, cases, codes, text, scale)
        else:
            _panel_bars(fig, values, cases, codes, text, scale, panel_columns)
        return save_figure(fig, path_stem, formats)


def _bar_value(ax: Axes, value: float, y: float, decimals: int, size: float) -> None:
    if np.isnan(value):
        ax.annotate(
            "n.d.",
            (0, y),
            xytext=(2, 0),
            textcoords="offset points",
            va="center",
            fontsize=size,
            fontstyle="italic",
            color="0.4",
        )
        return
    ax.annotate(
        french_number(value, decimals),
        (value, y),
        xytext=(2 if value >= 0 else -2, 0),
        textcoords="offset points",
        ha="left" if value >= 0 else "right",
        va="center",
        fontsize=size,
        color="0.1",
    )


def _value_axis(ax: Axes, limits: tuple[float, float], decimals: int, size: float) -> None:
    ax.set_xlim(*limits)
    whole = decimals == 0 and limits[1] >= 3
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10], integer=whole))
    ax.xaxis.set_major_formatter(french_formatter(None))
    ax.xaxis.grid(True, color="0.85", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", labelsize=size, length=2, width=0.5, color="0.5")
    ax.tick_params(axis="y", length=0)
    hide_spines(ax)
    if limits[0] < 0:
        ax.axvline(0, color="0.3", linewidth=0.6)
    else:
        ax.spines["left"].set_visible(True)
        ax.spines["left"].set_linewidth(0.6)
        ax.spines["left"].set_color("0.3")


def _grouped_bars(
    fig: Figure,
    values: np.ndarray,
    cases: list[str],
    codes: list[str],
    text: ChartText,
    scale: BarScale,
) -> None:
    n_cases, n_codes = values.shape
    limits, decimals, annotate = scale.limits, scale.decimals, scale.annotate
    code_texts = [wrap_label(c, 34) for c in codes]
    bar = 0.14
    gap = 0.2
    group = [max(n_cases * bar, line_count(t) * LINE) for t in code_texts]
    plot_h = sum(group) + gap * n_codes
    plot_w = 4.2
    fig_w, fig_h = plot_w + 0.1, plot_h + 0.1
    fig.set_size_inches(fig_w, fig_h)
    ax = axes_at(fig, 0, 0.05, plot_w, plot_h)
    # y in inches from the top: group g starts after the groups above it.
    starts = np.concatenate([[gap / 2], np.cumsum(np.array(group) + gap)[:-1] + gap / 2])
    centres = starts + np.array(group) / 2
    for g in range(n_codes):
        if g % 2:
            ax.axhspan(starts[g] - gap / 2, starts[g] + group[g] + gap / 2, color="0.95", lw=0)
    handles = []
    for c in range(n_cases):
        colour = CASE_COLOURS[c % len(CASE_COLOURS)]
        hatch = CASE_HATCHES[c % len(CASE_HATCHES)]
        ys = centres - n_cases * bar / 2 + (c + 0.5) * bar
        row = values[c]
        ax.barh(
            ys,
            np.nan_to_num(row),
            height=bar * 0.92,
            color=colour,
            hatch=hatch,
            edgecolor="0.2",
            linewidth=0.4,
        )
        handles.append(
            Patch(facecolor=colour, hatch=hatch, edgecolor="0.2", linewidth=0.4, label=cases[c])
        )
        if annotate:
            for y, value in zip(ys, row, strict=True):
                _bar_value(ax, value, y, decimals, 6.5)
    ax.set_ylim(plot_h, 0)
    ax.set_yticks(centres, code_texts, multialignment="right")
    _value_axis(ax, limits, decimals, SMALL)
    ax.set_xlabel(text.value_label, fontsize=FONT)
    legend = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        frameon=False,
        fontsize=SMALL,
        title=text.legend_title,
        title_fontsize=FONT,
        handlelength=2.2,
        handleheight=1.3,
        alignment="left",
    )
    for entry in legend.get_texts():
        entry.set_text(wrap_label(entry.get_text(), 30))
    add_title(fig, text.title)


def _panel_bars(
    fig: Figure,
    values: np.ndarray,
    cases: list[str],
    codes: list[str],
    text: ChartText,
    scale: BarScale,
    panel_columns: int | None,
) -> None:
    n_cases, n_codes = values.shape
    limits, decimals, annotate = scale.limits, scale.decimals, scale.annotate
    ncols = min(n_codes, panel_columns or 4)
    if ncols < 1:
        raise ValueError("panel_columns must be at least 1")
    nrows = math.ceil(n_codes / ncols)
    ncols = math.ceil(n_codes / nrows)
    panel_w, h_gap, axis_h, bar = 1.6, 0.25, 0.3, 0.11
    title_size = 7.5
    title_line = title_size * 1.25 / 72
    code_texts = [
        wrap_label(c, int((panel_w + 0.6 * h_gap) / (CHAR * 1.15 * title_size / FONT)))
        for c in codes
    ]
    case_texts = [wrap_label(c, 44) for c in cases]
    # One slot per case, taller only for a case whose name takes two lines.
    slots = np.array([max(0.165, line_count(t) * SMALL * 1.2 / 72 + 0.03) for t in case_texts])
    edges = np.concatenate([[0.0], np.cumsum(slots)])
    ys = (edges[:-1] + edges[1:]) / 2
    panel_h = float(edges[-1])
    row_title = [
        max(line_count(t) for t in code_texts[r * ncols : (r + 1) * ncols]) * title_line + 0.08
        for r in range(nrows)
    ]
    block = [t + panel_h + axis_h for t in row_title]
    fig_w = ncols * panel_w + (ncols - 1) * h_gap
    fig_h = sum(block) + 0.3
    fig.set_size_inches(fig_w, fig_h)
    y_top = fig_h
    for r in range(nrows):
        bottom = y_top - row_title[r] - panel_h
        for c in range(ncols):
            k = r * ncols + c
            if k >= n_codes:
                break
            ax = axes_at(fig, c * (panel_w + h_gap), bottom, panel_w, panel_h)
            for i in range(1, n_cases, 2):
                ax.axhspan(edges[i], edges[i + 1], color="0.94", lw=0)
            column = values[:, k]
            ax.barh(ys, np.nan_to_num(column), height=bar, color=BAR_COLOUR, linewidth=0)
            if annotate:
                for y, value in zip(ys, column, strict=True):
                    _bar_value(ax, value, y, decimals, 6.5)
            ax.set_ylim(panel_h, 0)
            ax.set_yticks(ys, case_texts if c == 0 else [], multialignment="right")
            ax.tick_params(axis="y", labelsize=SMALL)
            _value_axis(ax, limits, decimals, 6.5)
            ax.set_title(code_texts[k], fontsize=title_size, loc="left", pad=4, fontweight="bold")
        y_top -= block[r]
    fig.text(0.5, 0.04 / fig_h, text.value_label, ha="center", va="bottom", fontsize=FONT)
    add_title(fig, text.title)
