"""Heatmaps: case × code (or axis) and code × code co-occurrence, drawn as a grid of coloured
cells (grid_chart.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.colors import Colormap
from matplotlib.figure import Figure

from ptce_coding.base.charts import (
    ANNOTATE_MAX,
    FORMATS,
    HEATMAP_CMAP,
    MISSING_LABEL,
    ChartText,
    blank_figure,
    decimals_for,
    display_label,
    numeric_values,
    save_figure,
)
from ptce_coding.report.charts.grid_chart import (
    CellColours,
    GridMarks,
    axis_breaks,
    colour_scale,
    drawing_ways,
    grid_chart,
)
from ptce_coding.report.charts.placement import PartDrawer, draw_parts

COOCCURRENCE_VALUE_LABEL = "Segments codés avec les deux codes"


def heatmap(
    matrix: pd.DataFrame,
    path_stem: str | Path,
    text: ChartText,
    *,
    percent: bool = False,
    annotate: bool | pd.DataFrame | None = None,
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
    ``annotate`` may also be a DataFrame (same rows and columns as ``matrix``): the text
    each cell prints instead of its value (the restitution's « 1/2 », coloured by the
    share of the pole's interviews it stands for).

    Every text is at least FONT (8 points). With a ``text.page`` (the report), a long label
    is cut (« … ») where it would make the figure print smaller (grid_labels.py), and codes
    that a page cannot hold at that size are drawn in several figures, each with every case
    and the same colour scale, its title ending « (1/2) », « (2/2) », saved as
    ``<stem>-1``, ``<stem>-2`` (placement.py).
    """
    return _heatmap(
        matrix, path_stem, text, HeatmapStyle(percent, annotate, transpose, cmap, formats)
    )


def pole_heatmap(
    matrix: pd.DataFrame,
    path_stem: str | Path,
    text: ChartText,
    *,
    missing: str,
    percent: bool = False,
    annotate: bool | pd.DataFrame | None = None,
    transpose: bool = False,
) -> list[Path]:
    """``heatmap`` of poles whose missing values say what they are in the key: the report's
    pole none of whose interviews is coded, hatched and named « (non codé) », was keyed
    « valeur manquante » beside it (helper U, session 42)."""
    style = HeatmapStyle(percent, annotate, transpose, missing_label=missing)
    return _heatmap(matrix, path_stem, text, style)


@dataclass(frozen=True)
class HeatmapStyle:
    """How a heatmap shows its values (``heatmap``'s options), and what its key calls a
    missing one."""

    percent: bool = False
    annotate: bool | pd.DataFrame | None = None
    transpose: bool = False
    cmap: str | Colormap = HEATMAP_CMAP
    formats: Sequence[str] = FORMATS
    missing_label: str = MISSING_LABEL


def _heatmap(
    matrix: pd.DataFrame, path_stem: str | Path, text: ChartText, style: HeatmapStyle
) -> list[Path]:
    percent, annotate, transpose = style.percent, style.annotate, style.transpose
    cmap, formats = style.cmap, style.formats
    values = numeric_values(matrix, "heatmap")
    cases = [display_label(key, text.case_labels, "label") for key in matrix.index]
    codes = [
        display_label(key, text.code_labels, text.label_style or "code_label")
        for key in matrix.columns
    ]
    texts: np.ndarray | None = None
    chosen: bool | None
    if isinstance(annotate, pd.DataFrame):
        given = annotate.reindex(index=matrix.index, columns=matrix.columns).fillna("")
        texts, chosen = given.astype(str).to_numpy(), True
    else:
        chosen = annotate
    printed = chosen
    if printed is None:
        printed = values.shape[0] <= ANNOTATE_MAX[0] and values.shape[1] <= ANNOTATE_MAX[1]
    finite = values[np.isfinite(values)]
    # one colour scale and one number of decimals for every part
    colours = CellColours(colour_scale(finite), cmap, printed, decimals_for(finite, percent))

    def drawer(colours: CellColours) -> PartDrawer:
        def draw(fig: Figure, part: range, suffix: str) -> None:
            shown = values[:, part.start : part.stop]
            rows, columns = cases, codes[part.start : part.stop]
            breaks = axis_breaks(matrix.columns[part.start : part.stop])
            row_breaks: list[int] = []
            cell_texts = None if texts is None else texts[:, part.start : part.stop]
            if transpose:
                shown, rows, columns = shown.T, columns, rows
                breaks, row_breaks = row_breaks, breaks
                cell_texts = None if cell_texts is None else cell_texts.T
            grid_chart(
                fig,
                shown,
                rows,
                columns,
                replace(text, title=text.title + suffix),
                colours,
                GridMarks(
                    column_breaks=breaks,
                    row_breaks=row_breaks,
                    texts=cell_texts,
                    missing_label=style.missing_label,
                ),
            )

        return draw

    if text.page is None:
        with blank_figure() as fig:
            drawer(colours)(fig, range(len(codes)), "")
            return save_figure(fig, path_stem, formats)
    return draw_parts(
        len(codes),
        drawing_ways(colours, chosen, drawer),
        path_stem,
        formats,
        grows="height" if transpose else "width",
    )


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
        colour_scale(finite),
        cmap,
        n <= 25 if annotate is None else annotate,
        decimals_for(all_finite, False),
    )
    marks = GridMarks(
        diagonal=diagonal,
        blank=blank,
        column_breaks=axis_breaks(matrix.index),
        row_breaks=axis_breaks(matrix.index),
    )
    words = replace(text, value_label=text.value_label or COOCCURRENCE_VALUE_LABEL)

    def drawer(colours: CellColours) -> PartDrawer:
        def draw(fig: Figure, _part: range, _suffix: str) -> None:
            grid_chart(fig, values, texts, texts, words, colours, marks)

        return draw

    if text.page is None:
        with blank_figure() as fig:
            drawer(colours)(fig, range(1), "")
            return save_figure(fig, path_stem, formats)
    # a code × code grid is never split: without its values if the page holds it only so
    return draw_parts(1, drawing_ways(colours, annotate, drawer), path_stem, formats, grows="width")
