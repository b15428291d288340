"""What every bar chart of one axis shares, grouped bars and small multiples alike: the data
it shows (``BarData``), the value axis every part shares (``BarScale``), each bar's value
printed at its end, and the height a page leaves for the bars of one figure."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from ptce_coding.base.charts import (
    FONT,
    ChartText,
    decimals_for,
    french_formatter,
    french_number,
    hide_spines,
)
from ptce_coding.report.charts.placement import PRINT_BOX, SAVE_PAD

TITLE_ROOM = 0.55  # inches: the chart's title above everything (add_title), two lines
BOTTOM_ROOM = 0.45  # inches: the value axis's ticks and legend below the bars


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


def bar_scale(values: np.ndarray, percent: bool, annotate: bool) -> BarScale:
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


def bars_room() -> float:
    """The height (inches) the bars of one figure may take on the page."""
    return PRINT_BOX[1] - 2 * SAVE_PAD - TITLE_ROOM - BOTTOM_ROOM


def bar_value(ax: Axes, value: float, y: float, decimals: int) -> None:
    """A bar's value printed at its end; « n.d. », in italics, where it is missing."""
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


def value_axis(ax: Axes, limits: tuple[float, float], decimals: int) -> None:
    """The value axis of a plot of bars: its limits, French ticks, a light grid, the zero line."""
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
