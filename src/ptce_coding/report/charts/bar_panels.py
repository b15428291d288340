"""Small multiples of one axis's codes: one panel per code, the cases in rows, one scale for
every panel; laid out for the page (``panel_plan``): as many panels side by side and rows of
panels per figure as it holds, in the fewest figures."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from ptce_coding.base.charts import (
    BAR_COLOUR,
    CHAR,
    FONT,
    add_title,
    axes_at,
    blank_figure,
    line_count,
    shorten_label,
    wrap_label,
)
from ptce_coding.report.charts.bar_scale import BarData, bar_value, bars_room, value_axis
from ptce_coding.report.charts.placement import PRINT_BOX, SAVE_PAD, text_inches

CASE_CHARS = (20, 26, 34)  # characters: a case's name beside a row of panels (whichever fits)
PANEL_WIDTHS = (1.3, 2.2)  # inches: the narrowest and widest panel
PANEL_GAP = 0.3  # inches: between two panels (room for a value past the last tick)
CASE_SLOT = 0.175  # inches: a case's row in a panel, one line of its name
AXIS_HEIGHT = 0.32  # inches: the value axis's ticks under a panel
TITLE_LINE = FONT * 1.25 / 72  # inches: a line of a panel's title
TITLE_LINES = 4  # a panel's title takes this many lines at most on the report's page
PANEL_EDGES = 0.3  # inches: the cases' names' pad, a value or tick past the last panel


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


def panel_plan(data: BarData, panel_columns: int | None) -> PanelPlan:
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
                parts = math.ceil(rows / max(1, int(bars_room() // block)))
                # a row of panels taller than the page (many cases) shrinks: the least
                score = (max(0.0, block - bars_room()), parts, -columns)
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


def panel_bars(fig: Figure, data: BarData, plan: PanelPlan, part: range, suffix: str) -> None:
    """The panels of the codes of ``part`` drawn in ``fig`` as ``plan`` lays them out, its
    title ending with ``suffix`` (« (1/2) »)."""
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
                    bar_value(ax, value, y, decimals)
            ax.set_ylim(panel_h, 0)
            ax.set_yticks(ys, plan.case_texts if c == 0 else [], multialignment="right")
            value_axis(ax, limits, decimals)
            ax.set_title(plan.code_texts[k], fontsize=FONT, loc="left", pad=4, fontweight="bold")
        y_top -= block[r]
    fig.text(0.5, 0.04 / fig_h, text.value_label, ha="center", va="bottom", fontsize=FONT)
    add_title(fig, text.title + suffix)
