"""A grid of coloured cells, the drawing under every heatmap: each value coloured on one scale
(``CellColours``) and printed in its cell when asked, missing values hatched, a diagonal
outlined out of the scale, rules between top-level axes (``GridMarks``), its colour bar and
keys beside it; and the ways a grid may be drawn for the page (with its values or without)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from ptce_coding.base.charts import (
    CHAR,
    FONT,
    MISSING_HATCH,
    MISSING_LABEL,
    ChartText,
    Page,
    add_title,
    axes_at,
    french_formatter,
    french_number,
    hide_spines,
    wrap_label,
)
from ptce_coding.report.charts.grid_labels import (
    BAR_GAP,
    BAR_WIDTH,
    COLOUR_BAR,
    Band,
    label_band,
    page_bands,
)
from ptce_coding.report.charts.placement import PartDrawer


@dataclass(frozen=True)
class CellColours:
    """How a grid's values are shown: coloured by ``cmap`` on the ``norm`` scale, printed
    in their cells (``annotate``) with ``decimals`` decimals."""

    norm: Normalize
    cmap: str | Colormap
    annotate: bool
    decimals: int


@dataclass(frozen=True)
class GridMarks:
    """What a grid marks besides its values: the ``diagonal`` cells (outlined, out of the
    colour scale), the ``blank`` cells (not drawn), rules before the listed columns and
    rows (between top-level axes), and the ``texts`` printed in the cells instead of their
    values (« 1/2 »: a share coloured, the count it is read from printed). None: no such
    cell, the values printed. ``missing_label``: what a hatched cell is, in its key (the
    report's « non codé »)."""

    diagonal: np.ndarray | None = None
    blank: np.ndarray | None = None
    column_breaks: Sequence[int] = ()
    row_breaks: Sequence[int] = ()
    texts: np.ndarray | None = None
    missing_label: str = MISSING_LABEL  # what its key calls a hatched (missing) cell


def colour_scale(finite: np.ndarray) -> Normalize:
    """From 0 (or the lowest negative value) to the highest value; never an empty range."""
    vmin = min(0.0, float(finite.min())) if finite.size else 0.0
    vmax = float(finite.max()) if finite.size else 0.0
    return Normalize(vmin=vmin, vmax=vmax if vmax > vmin else vmin + 1)


def drawing_ways(
    colours: CellColours, chosen: bool | None, drawer: Callable[[CellColours], PartDrawer]
) -> list[PartDrawer]:
    """How a grid may be drawn for the page: as ``colours`` says and, when its values are
    printed in their cells by default (``chosen`` None), without them too (the report's
    tables give them), should the page hold the grid at a readable size only so."""
    ways = [drawer(colours)]
    if colours.annotate and chosen is None:
        ways.append(drawer(replace(colours, annotate=False)))
    return ways


def axis_breaks(codes: Iterable[object]) -> list[int]:
    """Positions where the top-level axis of dotted code ids changes (COOP.X → GOUV.Y),
    when the codes form several groups of two codes or more on average; otherwise none."""
    axes = [str(code).split(".", 1)[0] for code in codes]
    breaks = [i for i in range(1, len(axes)) if axes[i] != axes[i - 1]]
    return breaks if breaks and len(axes) >= 2 * (len(breaks) + 1) else []


def _grid_labels(
    rows: list[str], columns: list[str], colours: CellColours, cells: list[str], page: Page
) -> tuple[Band, Band]:
    """The row and column labels as drawn, with the cell height and width across them
    (grid_labels.py): whole without a ``page``, else cut where they would shrink the
    printed figure. An annotated cell is as wide as its longest text (``cells``)."""
    if colours.annotate:
        shown = max((len(text) for text in cells), default=3)
        cell_w = max(0.32, 0.12 + shown * CHAR)
        cell_h = 0.27
    else:
        cell_w, cell_h = 0.17, 0.22
    if page is None:
        return label_band(rows, cell_h, 0.05, 28), label_band(columns, cell_w, 0.03, 24)
    return page_bands(rows, columns, (cell_w, cell_h), page)


def grid_chart(
    fig: Figure,
    values: np.ndarray,
    rows: list[str],
    columns: list[str],
    text: ChartText,
    colours: CellColours,
    marks: GridMarks,
) -> None:
    """``values`` (rows × columns) drawn in ``fig`` as a grid of cells, its ``rows`` and
    ``columns`` labelled, with its colour bar and the keys of what it marks."""
    n_rows, n_columns = values.shape
    norm, cmap, annotate, decimals = colours.norm, colours.cmap, colours.annotate, colours.decimals
    diagonal, blank = marks.diagonal, marks.blank
    column_breaks, row_breaks = marks.column_breaks, marks.row_breaks
    diagonal = np.zeros(values.shape, dtype=bool) if diagonal is None else diagonal
    blank = np.zeros(values.shape, dtype=bool) if blank is None else blank
    missing = np.isnan(values) & ~blank
    cells = _cell_texts(values, decimals, marks.texts)
    shown_cells = [cells[i][j] for i, j in zip(*np.nonzero(~np.isnan(values)), strict=True)]
    row_band, column_band = _grid_labels(rows, columns, colours, shown_cells, text.page)
    row_texts, column_texts = row_band.texts, column_band.texts
    cell_w, cell_h = column_band.cell, row_band.cell
    grid_w, grid_h = n_columns * cell_w, n_rows * cell_h
    bar_gap, bar_w = BAR_GAP, BAR_WIDTH
    bar_h = max(1.6, min(grid_h, 3.5))
    notes = []
    if missing.any():
        notes.append("missing")
    if diagonal.any():
        notes.append("diagonal")
    fig_w = grid_w + COLOUR_BAR
    fig_h = max(grid_h, bar_h + 0.6 * len(notes)) + 0.15
    fig.set_size_inches(fig_w, fig_h)
    top = fig_h - 0.15
    ax = axes_at(fig, 0, top - grid_h, grid_w, grid_h)
    colormap = cmap if isinstance(cmap, Colormap) else _colormap(cmap)

    shown = np.ma.masked_array(values, mask=np.isnan(values) | diagonal | blank)
    ax.pcolormesh(
        np.arange(n_columns + 1),
        np.arange(n_rows + 1),
        shown,
        cmap=colormap,
        norm=norm,
        edgecolors="white",
        linewidth=0.6,
    )
    for i, j in zip(*np.nonzero(missing), strict=True):
        ax.add_patch(
            Rectangle((j, i), 1, 1, facecolor="white", edgecolor="0.6", hatch=MISSING_HATCH, lw=0.0)
        )
    for i, j in zip(*np.nonzero(diagonal), strict=True):
        ax.add_patch(
            Rectangle((j + 0.04, i + 0.04), 0.92, 0.92, facecolor="white", edgecolor="0.2", lw=0.8)
        )
    if annotate:
        for i in range(n_rows):
            for j in range(n_columns):
                value = values[i, j]
                if blank[i, j] or np.isnan(value):
                    continue
                if diagonal[i, j]:
                    colour, font_style = "0.15", "italic"
                else:
                    colour, font_style = _text_colour(colormap(norm(value))), "normal"
                ax.text(
                    j + 0.5,
                    i + 0.5,
                    cells[i][j],
                    ha="center",
                    va="center",
                    fontsize=FONT,
                    color=colour,
                    fontstyle=font_style,
                )
    # Rules between top-level axes (MORPH | OBJ | …); in a lower triangle they stop at it.
    lower = bool(blank.any())
    for b in column_breaks:
        ax.plot([b, b], [b if lower else 0, n_rows], color="0.2", lw=1.0, solid_capstyle="butt")
    for b in row_breaks:
        ax.plot([0, b if lower else n_columns], [b, b], color="0.2", lw=1.0, solid_capstyle="butt")
    ax.set_xlim(0, n_columns)
    ax.set_ylim(n_rows, 0)
    ax.set_xticks(
        np.arange(n_columns) + 0.5,
        column_texts,
        rotation=90,
        ha="center",
        va="top",
        multialignment="right",
    )
    ax.set_yticks(np.arange(n_rows) + 0.5, row_texts, multialignment="right")
    ax.tick_params(length=0, pad=3)
    hide_spines(ax)

    cax = axes_at(fig, grid_w + bar_gap, top - bar_h, bar_w, bar_h)
    colourbar = fig.colorbar(ScalarMappable(norm=norm, cmap=colormap), cax=cax)
    colourbar.outline.set_linewidth(0.5)
    whole = decimals == 0
    colourbar.locator = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=whole)
    colourbar.formatter = french_formatter(None)
    colourbar.update_ticks()
    cax.tick_params(labelsize=FONT, length=2, width=0.5)
    chars = max(20, int(bar_h / CHAR))
    colourbar.set_label(wrap_label(text.value_label, chars), fontsize=FONT)

    y = top - bar_h - 0.3
    if "missing" in notes:
        key = axes_at(fig, grid_w + bar_gap, y - 0.14, 0.22, 0.14)
        key.add_patch(
            Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="0.6", hatch=MISSING_HATCH, lw=0.0)
        )
        key.set_axis_off()
        fig.text(
            (grid_w + bar_gap + 0.3) / fig_w,
            (y - 0.07) / fig_h,
            marks.missing_label,
            fontsize=FONT,
            va="center",
        )
        y -= 0.35
    if "diagonal" in notes:
        fig.text(
            (grid_w + bar_gap) / fig_w,
            y / fig_h,
            wrap_label(
                "Diagonale encadrée, en italique : segments codés avec le code (hors échelle)", 24
            ),
            fontsize=FONT,
            va="top",
        )
    add_title(fig, text.title)


def _cell_texts(values: np.ndarray, decimals: int, texts: np.ndarray | None) -> list[list[str]]:
    """What each cell prints: its text when ``texts`` gives one, else its value."""
    if texts is not None and texts.shape != values.shape:
        raise ValueError(
            f"a grid's cell texts must match its values ({texts.shape} for {values.shape})"
        )
    return [
        [
            str(texts[i, j]) if texts is not None else french_number(values[i, j], decimals)
            for j in range(values.shape[1])
        ]
        for i in range(values.shape[0])
    ]


def _colormap(name: str) -> Colormap:
    return colormaps[name]


def _text_colour(rgba: tuple[float, float, float, float]) -> str:
    """Black or white, whichever contrasts more with the cell (WCAG relative luminance)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3]]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "black" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "white"
