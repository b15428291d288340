"""How a heatmap's row and column labels are laid out: wrapped in one to three lines and,
for a figure printed at a known size (``ChartText.page``), cut (« … ») where one long name
would make the whole figure wider, or taller, than the page prints readably.

A figure is printed as wide as the page (or, if taller, as tall as it allows): a 150-character
code label that widens the figure by five inches shrinks every text of it, the values in the
cells too, to 4 pt. With a page, each side's labels get the lines and the width per line that
print the figure the largest, up to ``ENOUGH`` (half a point over ``MIN_PRINTED``), less what is
cut (``LOST_PT`` per character). The report's tables keep every label whole.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ptce_coding.base.charts import (
    FONT,
    LINE,
    line_count,
    shorten_label,
    text_width,
    wrap_label,
)
from ptce_coding.report.charts.placement import MIN_PRINTED

LINES = (1, 2, 3)  # a label takes one to three lines
COLUMN_CAPS = (24, 32, 40)  # characters a line of a column's (vertical) label may hold
ROW_CAPS = (20, 24, 30, 36, 42, 48)  # … of a row's label
LOST_PT = 0.01  # points of printed size a character cut off is worth (100: one point)
ENOUGH = MIN_PRINTED + 0.5  # points: a larger print is not worth a word cut (the sizes here
# are estimates of the saved figure's, hence the half point)
BAR_GAP, BAR_WIDTH = 0.18, 0.14  # inches: the colour bar beside the grid…
COLOUR_BAR = BAR_GAP + BAR_WIDTH + 0.9  # … with its ticks and legend
MARGINS = 0.4  # inches: the saved figure's padding and the tick labels' gap
TITLE = 0.45  # inches: the title above the grid


@dataclass(frozen=True)
class Band:
    """One side's labels as drawn (``texts``), the grid's cell size across them (inches),
    the longest label's length along its lines (inches) and the characters cut off."""

    texts: list[str]
    cell: float
    length: float
    lost: int = 0


def label_band(texts: Sequence[str], base: float, pad: float, narrowest: int) -> Band:
    """Whole labels (no page given), in one to three lines: the number that makes the grid
    side (count × cell size, a cell being at least ``base`` and as thick as its label's
    lines) plus the labels' length the smallest, so 60 codes get long single-line labels and
    few labels wrap."""
    best: tuple[float, Band] | None = None
    for lines in LINES:
        band = _band(texts, _whole(texts, lines, narrowest), base, pad)
        cost = len(texts) * band.cell + band.length
        if best is None or cost < best[0] - 1e-9:
            best = (cost, band)
    assert best is not None
    return best[1]


def page_bands(
    rows: Sequence[str],
    columns: Sequence[str],
    cell: tuple[float, float],
    page: tuple[float, float],
) -> tuple[Band, Band]:
    """The row and column labels of a grid whose cells are at least ``cell`` (width, height)
    for a figure printed in ``page`` (width, height, inches): of every number of lines and
    width per line, those that print it the largest (up to ENOUGH), less LOST_PT for each
    character cut; of those, the largest print."""
    column_bands = _bands(columns, cell[0], 0.03, 24, COLUMN_CAPS)
    row_bands = _bands(rows, cell[1], 0.05, 28, ROW_CAPS)
    best: tuple[tuple[float, float], Band, Band] | None = None
    for column in column_bands:
        for row in row_bands:
            width = len(columns) * column.cell + row.length + COLOUR_BAR + MARGINS
            height = max(len(rows) * row.cell, 1.6) + column.length + TITLE + MARGINS
            printed = FONT * min(page[0] / width, page[1] / height)
            score = (min(printed, ENOUGH) - LOST_PT * (row.lost + column.lost), printed)
            if best is None or score > best[0]:
                best = (score, row, column)
    assert best is not None
    return best[1], best[2]


def _bands(
    texts: Sequence[str], base: float, pad: float, narrowest: int, caps: Sequence[int]
) -> list[Band]:
    """Every way of laying out ``texts``: one to three lines, each cap of a line's width
    (what does not fit is cut: shorten_label), each line as narrow as its labels allow."""
    bands = []
    longest = max(len(t) for t in texts)
    for lines in LINES:
        whole = _no_loss_width(texts, lines, max(narrowest, math.ceil(longest / lines)))
        for cap in caps:
            width = min(cap, whole)
            wrapped = [shorten_label(t, width, lines) for t in texts]
            bands.append(_band(texts, wrapped, base, pad))
            if whole <= cap:  # wider caps change nothing
                break
    return bands


def _no_loss_width(texts: Sequence[str], lines: int, start: int) -> int:
    """The narrowest width from ``start`` on at which shorten_label cuts none of ``texts``
    in ``lines`` lines (a greedy wrap never takes more lines when wider)."""
    low, high = start, max(start, max(len(t) for t in texts))
    while low < high:
        middle = (low + high) // 2
        if _lost(texts, [shorten_label(t, middle, lines) for t in texts]):
            low = middle + 1
        else:
            high = middle
    return low


def _whole(texts: Sequence[str], lines: int, narrowest: int) -> list[str]:
    """Wrap every text at the narrowest width (≥ ``narrowest`` characters) that keeps each
    within ``lines`` lines; a single word longer than that stays whole on its line."""
    longest = max(len(t) for t in texts)
    width = max(narrowest, math.ceil(longest / lines))
    while True:
        wrapped = [wrap_label(t, width) for t in texts]
        if max(line_count(w) for w in wrapped) <= lines or width >= longest:
            return wrapped
        width += 1


def _band(texts: Sequence[str], wrapped: list[str], base: float, pad: float) -> Band:
    cell = max(base, max(line_count(w) for w in wrapped) * LINE + pad)
    return Band(wrapped, cell, max(text_width(w) for w in wrapped), _lost(texts, wrapped))


def _lost(texts: Sequence[str], wrapped: Sequence[str]) -> int:
    """The characters of ``texts`` that their ``wrapped`` labels cut off."""
    count = 0
    for text, label in zip(texts, wrapped, strict=True):
        whole, kept = " ".join(text.split()), " ".join(label.split())
        if kept != whole:
            count += max(1, len(whole) - len(kept.replace("…", "")))
    return count
