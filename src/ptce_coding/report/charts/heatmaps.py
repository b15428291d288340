"""Heatmaps: case × code (or axis) and code × code co-occurrence."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from ptce_coding.base.charts import (
    ANNOTATE_MAX,
    CHAR,
    FONT,
    FORMATS,
    HEATMAP_CMAP,
    MISSING_HATCH,
    MISSING_LABEL,
    ChartText,
    Page,
    add_title,
    axes_at,
    blank_figure,
    decimals_for,
    display_label,
    french_formatter,
    french_number,
    hide_spines,
    numeric_values,
    save_figure,
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
from ptce_coding.report.charts.placement import PartDrawer, draw_parts

COOCCURRENCE_VALUE_LABEL = "Segments codés avec les deux codes"


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
    colour scale), the ``blank`` cells (not drawn), and rules before the listed columns and
    rows (between top-level axes). None: no such cell."""

    diagonal: np.ndarray | None = None
    blank: np.ndarray | None = None
    column_breaks: Sequence[int] = ()
    row_breaks: Sequence[int] = ()


def _scale(finite: np.ndarray) -> Normalize:
    """From 0 (or the lowest negative value) to the highest value; never an empty range."""
    vmin = min(0.0, float(finite.min())) if finite.size else 0.0
    vmax = float(finite.max()) if finite.size else 0.0
    return Normalize(vmin=vmin, vmax=vmax if vmax > vmin else vmin + 1)


def heatmap(
    matrix: pd.DataFrame,
    path_stem: str | Path,
    text: ChartText,
    *,
    percent: bool = False,
    annotate: bool | None = None,
    transpose: bool = False,
    cmap: str | Colormap = HEATMAP_CMAP,
    formats: Sequence[str] = FORMATS,
) -> list[Path]:
    """Cases × codes (or axes) as a heatmap; writes ``<stem>.png`` and ``<stem>.svg``.

    ``text.code_labels`` maps code ids to labels, shown as « COOP — Activités de
    coopération » (``label_style="code_label"``, the default), the label alone (``"label"``)
    or the id (``"code"``); ``text.case_labels`` maps case ids to the names shown.
    ``percent``: values are shares in %
    (one decimal, decimal comma). ``annotate`` (default: when at most 15 cases × 40 codes)
    prints the value in each cell. ``transpose`` puts the codes in rows (horizontal labels),
    which suits a portrait page when there are many codes. Missing values are hatched.

    Every text is at least FONT (8 points). With a ``text.page`` (the report), a long label
    is cut (« … ») where it would make the figure print smaller (grid_labels.py), and codes
    that a page cannot hold at that size are drawn in several figures, each with every case
    and the same colour scale, its title ending « (1/2) », « (2/2) », saved as
    ``<stem>-1``, ``<stem>-2`` (placement.py).
    """
    values = numeric_values(matrix, "heatmap")
    cases = [display_label(key, text.case_labels, "label") for key in matrix.index]
    codes = [
        display_label(key, text.code_labels, text.label_style or "code_label")
        for key in matrix.columns
    ]
    chosen = annotate
    if annotate is None:
        annotate = values.shape[0] <= ANNOTATE_MAX[0] and values.shape[1] <= ANNOTATE_MAX[1]
    finite = values[np.isfinite(values)]
    # one colour scale and one number of decimals for every part
    colours = CellColours(_scale(finite), cmap, annotate, decimals_for(finite, percent))

    def drawer(colours: CellColours) -> PartDrawer:
        def draw(fig: Figure, part: range, suffix: str) -> None:
            shown = values[:, part.start : part.stop]
            rows, columns = cases, codes[part.start : part.stop]
            breaks = _axis_breaks(matrix.columns[part.start : part.stop])
            row_breaks: list[int] = []
            if transpose:
                shown, rows, columns = shown.T, columns, rows
                breaks, row_breaks = row_breaks, breaks
            _grid_chart(
                fig,
                shown,
                rows,
                columns,
                replace(text, title=text.title + suffix),
                colours,
                GridMarks(column_breaks=breaks, row_breaks=row_breaks),
            )

        return draw

    if text.page is None:
        with blank_figure() as fig:
            drawer(colours)(fig, range(len(codes)), "")
            return save_figure(fig, path_stem, formats)
    return draw_parts(
        len(codes),
        _ways(colours, chosen, drawer),
        path_stem,
        formats,
        grows="height" if transpose else "width",
    )


def _ways(
    colours: CellColours, chosen: bool | None, drawer: Callable[[CellColours], PartDrawer]
) -> list[PartDrawer]:
    """How a grid may be drawn for the page: as ``colours`` says and, when its values are
    printed in their cells by default (``chosen`` None), without them too (the report's
    tables give them), should the page hold the grid at a readable size only so."""
    ways = [drawer(colours)]
    if colours.annotate and chosen is None:
        ways.append(drawer(replace(colours, annotate=False)))
    return ways


def cooccurrence_heatmap(
    matrix: pd.DataFrame,
    path_stem: str | Path,
    text: ChartText,
    *,
    lower_only: bool = True,
    annotate: bool | None = None,
    cmap: str | Colormap = HEATMAP_CMAP,
    formats: Sequence[str] = FORMATS,
) -> list[Path]:
    """Code × code co-occurrences; writes ``<stem>.png`` and ``<stem>.svg``. ``text``: the
    title, the codes' labels (``code_labels``, shown as ``label_style``: « code — label »
    by default) and the value label (default: ``COOCCURRENCE_VALUE_LABEL``).

    The matrix must be square (same ids in rows and columns; columns are put in the rows'
    order) and, with ``lower_only`` (the default: each pair shown once), symmetric. The
    diagonal (segments coded with the code itself) is left out of the colour scale, drawn
    as outlined white cells and annotated in italics. ``annotate`` defaults to at most 25
    codes; with a ``text.page`` (the report), values are left out of the cells when the
    page holds the grid at a readable size only without them (placement.py).
    """
    values = numeric_values(matrix, "co-occurrence heatmap")
    if values.shape[0] != values.shape[1] or set(matrix.index) != set(matrix.columns):
        raise ValueError(
            "a co-occurrence matrix must be square with the same codes in rows and columns "
            f"(got {values.shape[0]} row(s) × {values.shape[1]} column(s))"
        )
    if matrix.columns.has_duplicates or matrix.index.has_duplicates:
        raise ValueError("a co-occurrence matrix cannot repeat a code")
    values = numeric_values(matrix.loc[:, list(matrix.index)], "co-occurrence heatmap")
    if lower_only and not np.allclose(values, values.T, equal_nan=True):
        raise ValueError(
            "the co-occurrence matrix is not symmetric: draw it with lower_only=False "
            "so that no value is hidden"
        )
    n = values.shape[0]
    texts = [
        display_label(key, text.code_labels, text.label_style or "code_label")
        for key in matrix.index
    ]
    diagonal = np.eye(n, dtype=bool)
    blank = np.triu(np.ones((n, n), dtype=bool), k=1) if lower_only else np.zeros_like(diagonal)
    scaled = values[~diagonal & ~blank]
    finite = scaled[np.isfinite(scaled)]
    all_finite = values[np.isfinite(values)]
    colours = CellColours(
        _scale(finite),
        cmap,
        n <= 25 if annotate is None else annotate,
        decimals_for(all_finite, False),
    )
    marks = GridMarks(
        diagonal=diagonal,
        blank=blank,
        column_breaks=_axis_breaks(matrix.index),
        row_breaks=_axis_breaks(matrix.index),
    )
    words = replace(text, value_label=text.value_label or COOCCURRENCE_VALUE_LABEL)

    def drawer(colours: CellColours) -> PartDrawer:
        def draw(fig: Figure, _part: range, _suffix: str) -> None:
            _grid_chart(fig, values, texts, texts, words, colours, marks)

        return draw

    if text.page is None:
        with blank_figure() as fig:
            drawer(colours)(fig, range(1), "")
            return save_figure(fig, path_stem, formats)
    # a code × code grid is never split: without its values if the page holds it only so
    return draw_parts(1, _ways(colours, annotate, drawer), path_stem, formats, grows="width")


def _axis_breaks(codes: Iterable[object]) -> list[int]:
    """Positions where the top-level axis of dotted code ids changes (COOP.X → GOUV.Y),
    when the codes form several groups of two codes or more on average; otherwise none."""
    axes = [str(code).split(".", 1)[0] for code in codes]
    breaks = [i for i in range(1, len(axes)) if axes[i] != axes[i - 1]]
    return breaks if breaks and len(axes) >= 2 * (len(breaks) + 1) else []


def _grid_labels(
    rows: list[str], columns: list[str], colours: CellColours, values: np.ndarray, page: Page
) -> tuple[Band, Band]:
    """The row and column labels as drawn, with the cell height and width across them
    (grid_labels.py): whole without a ``page``, else cut where they would shrink the
    printed figure. An annotated cell is as wide as its longest value."""
    if colours.annotate:
        finite = values[np.isfinite(values)]
        shown = max((len(french_number(v, colours.decimals)) for v in finite), default=3)
        cell_w = max(0.32, 0.12 + shown * CHAR)
        cell_h = 0.27
    else:
        cell_w, cell_h = 0.17, 0.22
    if page is None:
        return label_band(rows, cell_h, 0.05, 28), label_band(columns, cell_w, 0.03, 24)
    return page_bands(rows, columns, (cell_w, cell_h), page)


def _grid_chart(
    fig: Figure,
    values: np.ndarray,
    rows: list[str],
    columns: list[str],
    text: ChartText,
    colours: CellColours,
    marks: GridMarks,
) -> None:
    n_rows, n_columns = values.shape
    norm, cmap, annotate, decimals = colours.norm, colours.cmap, colours.annotate, colours.decimals
    diagonal, blank = marks.diagonal, marks.blank
    column_breaks, row_breaks = marks.column_breaks, marks.row_breaks
    diagonal = np.zeros(values.shape, dtype=bool) if diagonal is None else diagonal
    blank = np.zeros(values.shape, dtype=bool) if blank is None else blank
    missing = np.isnan(values) & ~blank
    row_band, column_band = _grid_labels(rows, columns, colours, values, text.page)
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
                    french_number(value, decimals),
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
            MISSING_LABEL,
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


def _colormap(name: str) -> Colormap:
    return colormaps[name]


def _text_colour(rgba: tuple[float, float, float, float]) -> str:
    """Black or white, whichever contrasts more with the cell (WCAG relative luminance)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3]]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "black" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "white"
