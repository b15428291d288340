"""Bars of one axis's codes across cases: grouped, or small multiples.

Every text is FONT (8 points) or larger, and a figure is laid out to print at its own size on
the report's page (placement.py): no wider than the page's text, and split into several
figures, « (1/2) », « (2/2) », when its codes would make it taller than the page, rather than
shrunk until its text cannot be read on paper."""

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
    shorten_label,
    wrap_label,
)
from ptce_coding.report.charts.placement import (
    PRINT_BOX,
    SAVE_PAD,
    PartDrawer,
    draw_parts,
    saved_size,
    text_inches,
)

LABEL_WIDTH = 1.9  # inches: a code's label beside grouped bars wraps to this
LEGEND_CHARS = 24  # characters: a case's name in the legend of grouped bars wraps at this
CASE_CHARS = (20, 26, 34)  # characters: … beside a row of panels (whichever fits best)
BAR = 0.14  # inches: one bar of grouped bars (its value, at FONT, is 0.11 inch tall)
GROUP_GAP = 0.2  # inches: between two codes' groups of bars
PLOT_MIN = 2.0  # inches: the narrowest plot of grouped bars
PANEL_WIDTHS = (1.3, 2.2)  # inches: the narrowest and widest panel
PANEL_GAP = 0.3  # inches: between two panels (room for a value past the last tick)
CASE_SLOT = 0.175  # inches: a case's row in a panel, one line of its name
AXIS_HEIGHT = 0.32  # inches: the value axis's ticks under a panel
TITLE_ROOM = 0.55  # inches: the chart's title above everything (add_title), two lines
BOTTOM_ROOM = 0.45  # inches: the value axis's ticks and legend below the bars
TITLE_LINE = FONT * 1.25 / 72  # inches: a line of a panel's title
TITLE_LINES = 4  # a panel's title takes this many lines at most on the report's page
PANEL_EDGES = 0.3  # inches: the cases' names' pad, a value or tick past the last panel


@dataclass(frozen=True)
class BarScale:
    """The value axis every bar of a chart shares: its ``limits``, the ``decimals`` shown,
    and whether each bar's value is printed at its end (``annotate``)."""

    limits: tuple[float, float]
    decimals: int
    annotate: bool


@dataclass(frozen=True)
class BarData:
    """What a bar chart shows: ``values`` (cases × codes), the names of its ``cases`` and
    ``codes`` as shown, its words and the value axis every part shares."""

    values: np.ndarray
    cases: list[str]
    codes: list[str]
    text: ChartText
    scale: BarScale


@dataclass(frozen=True)
class PanelPlan:
    """Small multiples laid out for the page: ``columns`` panels of ``width`` inches side by
    side, the cases' names (``case_texts``, ``label_width`` inches) left of each row, the
    codes' names (``code_texts``) above their panel, ``parts`` figures."""

    columns: int
    width: float
    case_texts: list[str]
    label_width: float
    code_texts: list[str]
    parts: int


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
    and a shared scale, no legend needed. ``"auto"`` groups up to 6 cases and 72 bars when
    they fit on one page, and uses panels beyond (12 cases × 15 codes would make 180 thin
    bars). Values are printed at the end of the bars (``annotate``); a missing value is
    marked « n.d. ».

    Every text is at least FONT (8 points) and the figure as wide as the report's page
    prints it at its size (placement.py). With a ``text.page`` (the report), a chart whose
    codes a page cannot hold at that size is drawn in several figures, each with every
    case and the same scale, its title ending « (1/2) », « (2/2) », saved as
    ``<stem>-1``, ``<stem>-2``; without, in one figure, whatever its size.
    """
    if layout not in ("auto", "grouped", "panels"):
        raise ValueError(f"unknown layout {layout!r}: choose auto, grouped or panels")
    values = numeric_values(matrix, "bar chart")
    cases = [display_label(key, text.case_labels, "label") for key in matrix.index]
    codes = [
        display_label(key, text.code_labels, text.label_style or "label") for key in matrix.columns
    ]
    n_cases, n_codes = values.shape
    data = BarData(values, cases, codes, text, _bar_scale(values, percent, annotate))
    code_texts = [wrap_label(c, int(LABEL_WIDTH / CHAR)) for c in codes]
    grouped_parts = math.ceil(_grouped_height(code_texts, n_cases) / _room())
    if layout == "auto":
        few = n_cases <= GROUPED_MAX_CASES and n_cases * n_codes <= GROUPED_MAX_BARS
        layout = "grouped" if few and grouped_parts == 1 else "panels"
    draw: PartDrawer
    if layout == "grouped":
        parts, side_by_side = grouped_parts, 1

        def draw(fig: Figure, part: range, suffix: str) -> None:
            _grouped_bars(fig, data, [code_texts[k] for k in part], part, suffix)

    else:
        plan = _panel_plan(data, panel_columns)
        parts, side_by_side = plan.parts, plan.columns

        def draw(fig: Figure, part: range, suffix: str) -> None:
            _panel_bars(fig, data, plan, part, suffix)

    if text.page is None:
        with blank_figure() as fig:
            draw(fig, range(n_codes), "")
            return save_figure(fig, path_stem, formats)
    return draw_parts(
        n_codes,
        [draw],
        path_stem,
        formats,
        grows="height",
        parts=parts,
        side_by_side=side_by_side,
    )


def _bar_scale(values: np.ndarray, percent: bool, annotate: bool) -> BarScale:
    """From 0 (or the lowest negative value) to the highest value, with room for the values
    printed at the bars' ends."""
    finite = values[np.isfinite(values)]
    low = min(0.0, float(finite.min())) if finite.size else 0.0
    high = max(0.0, float(finite.max())) if finite.size else 0.0
    if high <= low:
        high = low + 1
    span = high - low
    limits = (low - (0.12 * span if low < 0 else 0), high + (0.14 * span if annotate else 0))
    return BarScale(limits, decimals_for(finite, percent), annotate)


def _room() -> float:
    """The height (inches) the bars of one figure may take on the page."""
    return PRINT_BOX[1] - 2 * SAVE_PAD - TITLE_ROOM - BOTTOM_ROOM


def _bar_value(ax: Axes, value: float, y: float, decimals: int) -> None:
    if np.isnan(value):
        ax.annotate(
            "n.d.",
            (0, y),
            xytext=(2, 0),
            textcoords="offset points",
            va="center",
            fontsize=FONT,
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
        fontsize=FONT,
        color="0.1",
    )


def _value_axis(ax: Axes, limits: tuple[float, float], decimals: int) -> None:
    ax.set_xlim(*limits)
    whole = decimals == 0 and limits[1] >= 3
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10], integer=whole))
    ax.xaxis.set_major_formatter(french_formatter(None))
    ax.xaxis.grid(True, color="0.85", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", labelsize=FONT, length=2, width=0.5, color="0.5")
    ax.tick_params(axis="y", length=0, labelsize=FONT)
    hide_spines(ax)
    if limits[0] < 0:
        ax.axvline(0, color="0.3", linewidth=0.6)
    else:
        ax.spines["left"].set_visible(True)
        ax.spines["left"].set_linewidth(0.6)
        ax.spines["left"].set_color("0.3")


def _group_heights(code_texts: Sequence[str], n_cases: int) -> list[float]:
    return [max(n_cases * BAR, line_count(t) * LINE) for t in code_texts]


def _grouped_height(code_texts: Sequence[str], n_cases: int) -> float:
    """The height (inches) of grouped bars of every code."""
    return sum(_group_heights(code_texts, n_cases)) + GROUP_GAP * len(code_texts) + 0.1


def _grouped_bars(
    fig: Figure, data: BarData, code_texts: list[str], part: range, suffix: str
) -> None:
    values, text = data.values[:, part.start : part.stop], data.text
    n_cases, n_codes = values.shape
    limits, decimals, annotate = data.scale.limits, data.scale.decimals, data.scale.annotate
    group = _group_heights(code_texts, n_cases)
    plot_h = _grouped_height(code_texts, n_cases) - 0.1
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
                _bar_value(ax, value, y, decimals)
    ax.set_ylim(plot_h, 0)
    ax.set_yticks(centres, code_texts, multialignment="right")
    _value_axis(ax, limits, decimals)
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


def _panel_plan(data: BarData, panel_columns: int | None) -> PanelPlan:
    """Of the widths the cases' names may wrap to (CASE_CHARS) and one to ``panel_columns``
    panels side by side (as many as the page's width holds at PANEL_WIDTHS[0] or more), the
    layout that draws the chart in the fewest figures, the most panels side by side on a
    tie; each figure holds as many rows of panels as the page's height (with so many cases
    that a row is taller than the page, the layout whose row is the least so)."""
    if panel_columns is not None and panel_columns < 1:
        raise ValueError("panel_columns must be at least 1")
    n_codes = len(data.codes)
    title_lines = None if data.text.page is None else TITLE_LINES  # no page: whole labels
    narrowest, widest = PANEL_WIDTHS
    best: tuple[tuple[float, int, int], PanelPlan] | None = None
    with blank_figure() as probe:
        for chars in CASE_CHARS:
            case_texts = [wrap_label(c, chars) for c in data.cases]
            label_w = max(text_inches(probe, t, FONT) for t in case_texts)
            room_w = PRINT_BOX[0] - 2 * SAVE_PAD - label_w - PANEL_EDGES
            most = max(1, int((room_w + PANEL_GAP) // (narrowest + PANEL_GAP)))
            for columns in range(min(n_codes, most, panel_columns or most), 0, -1):
                rows = math.ceil(n_codes / columns)
                columns = math.ceil(n_codes / rows)
                width = (room_w - (columns - 1) * PANEL_GAP) / columns
                width = max(narrowest, min(widest, width))
                code_texts = [_wrap_to(probe, c, width, title_lines) for c in data.codes]
                title = max(map(line_count, code_texts)) * TITLE_LINE + 0.1
                block = title + _panel_height(case_texts) + AXIS_HEIGHT
                parts = math.ceil(rows / max(1, int(_room() // block)))
                # a row of panels taller than the page (many cases) shrinks: the least
                score = (max(0.0, block - _room()), parts, -columns)
                if best is None or score < best[0]:
                    best = (
                        score,
                        PanelPlan(columns, width, case_texts, label_w, code_texts, parts),
                    )
    assert best is not None
    return best[1]


def _wrap_to(fig: Figure, text: str, width: float, lines: int | None) -> str:
    """``text`` wrapped on spaces in lines no wider than ``width`` inches in bold at FONT
    (a word longer than that stays whole); in ``lines`` lines at most, what does not fit
    cut after a word, « … » (the report's tables give the whole label); None: whole."""
    chars = max(8, int(width / CHAR))
    while True:
        wrapped = wrap_label(text, chars) if lines is None else shorten_label(text, chars, lines)
        if chars <= 8 or text_inches(fig, wrapped, FONT, bold=True) <= width:
            return wrapped
        chars -= 1


def _case_slots(case_texts: Sequence[str]) -> np.ndarray:
    """One slot per case, taller only for a case whose name takes two lines or more."""
    return np.array([max(CASE_SLOT, line_count(t) * FONT * 1.2 / 72 + 0.04) for t in case_texts])


def _panel_height(case_texts: Sequence[str]) -> float:
    return float(_case_slots(case_texts).sum())


def _panel_bars(fig: Figure, data: BarData, plan: PanelPlan, part: range, suffix: str) -> None:
    values, text = data.values, data.text
    n_cases = values.shape[0]
    limits, decimals, annotate = data.scale.limits, data.scale.decimals, data.scale.annotate
    codes = list(part)
    ncols = min(plan.columns, len(codes))  # every part's panels as wide as the first's
    nrows = math.ceil(len(codes) / ncols)
    panel_w, h_gap = plan.width, PANEL_GAP
    edges = np.concatenate([[0.0], np.cumsum(_case_slots(plan.case_texts))])
    ys = (edges[:-1] + edges[1:]) / 2
    panel_h = float(edges[-1])
    row_title = [
        max(line_count(plan.code_texts[k]) for k in codes[r * ncols : (r + 1) * ncols]) * TITLE_LINE
        + 0.1
        for r in range(nrows)
    ]
    block = [t + panel_h + AXIS_HEIGHT for t in row_title]
    fig_w = ncols * panel_w + (ncols - 1) * h_gap
    fig_h = sum(block) + 0.3
    fig.set_size_inches(fig_w, fig_h)
    y_top = fig_h
    for r in range(nrows):
        bottom = y_top - row_title[r] - panel_h
        for c in range(ncols):
            if r * ncols + c >= len(codes):
                break
            k = codes[r * ncols + c]
            ax = axes_at(fig, c * (panel_w + h_gap), bottom, panel_w, panel_h)
            for i in range(1, n_cases, 2):
                ax.axhspan(edges[i], edges[i + 1], color="0.94", lw=0)
            column = values[:, k]
            ax.barh(ys, np.nan_to_num(column), height=0.11, color=BAR_COLOUR, linewidth=0)
            if annotate:
                for y, value in zip(ys, column, strict=True):
                    _bar_value(ax, value, y, decimals)
            ax.set_ylim(panel_h, 0)
            ax.set_yticks(ys, plan.case_texts if c == 0 else [], multialignment="right")
            _value_axis(ax, limits, decimals)
            ax.set_title(plan.code_texts[k], fontsize=FONT, loc="left", pad=4, fontweight="bold")
        y_top -= block[r]
    fig.text(0.5, 0.04 / fig_h, text.value_label, ha="center", va="bottom", fontsize=FONT)
    add_title(fig, text.title + suffix)
