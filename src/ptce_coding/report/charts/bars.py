"""Bars of one axis's codes across cases: grouped (``grouped_bars``), or small multiples
(``bar_panels``), whichever suits the cases and codes.

Every text is FONT (8 points) or larger, and a figure is laid out to print at its own size on
the report's page (placement.py): no wider than the page's text, and split into several
figures, « (1/2) », « (2/2) », when its codes would make it taller than the page, rather than
shrunk until its text cannot be read on paper."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from ptce_coding.base.charts import (
    CHAR,
    FORMATS,
    GROUPED_MAX_BARS,
    GROUPED_MAX_CASES,
    BarLayout,
    ChartText,
    blank_figure,
    display_label,
    numeric_values,
    save_figure,
    wrap_label,
)
from ptce_coding.report.charts.bar_panels import panel_bars, panel_plan
from ptce_coding.report.charts.bar_scale import BarData, bar_scale, bars_room
from ptce_coding.report.charts.grouped_bars import LABEL_WIDTH, grouped_bars, grouped_height
from ptce_coding.report.charts.placement import PartDrawer, draw_parts


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
    data = BarData(values, cases, codes, text, bar_scale(values, percent, annotate))
    code_texts = [wrap_label(c, int(LABEL_WIDTH / CHAR)) for c in codes]
    grouped_parts = math.ceil(grouped_height(code_texts, n_cases) / bars_room())
    if layout == "auto":
        few = n_cases <= GROUPED_MAX_CASES and n_cases * n_codes <= GROUPED_MAX_BARS
        layout = "grouped" if few and grouped_parts == 1 else "panels"
    draw: PartDrawer
    if layout == "grouped":
        parts, side_by_side = grouped_parts, 1

        def draw(fig: Figure, part: range, suffix: str) -> None:
            grouped_bars(fig, data, [code_texts[k] for k in part], part, suffix)

    else:
        plan = panel_plan(data, panel_columns)
        parts, side_by_side = plan.parts, plan.columns

        def draw(fig: Figure, part: range, suffix: str) -> None:
            panel_bars(fig, data, plan, part, suffix)

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
