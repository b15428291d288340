"""What every chart shares (report, comparison, network drawings): style, sizes, French
numbers, labels, a pyplot-free figure and its atomic saving."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from matplotlib import style
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ptce_coding.base.files import MAX_NAME_BYTES, atomic_path, fitting_name

LabelStyle = Literal["code_label", "label", "code"]


BarLayout = Literal["auto", "grouped", "panels"]


Page = tuple[float, float] | None  # the width and height a figure is printed in (inches)


@dataclass(frozen=True)
class ChartText:
    """The words of a chart: its title; what its values are (``value_label``, the colour
    bar's or value axis's legend; empty: the chart's own); the names shown for codes
    (``code_labels``: id → label) and for cases (``case_labels``: id → name); how a code is
    shown (``label_style``: « COOP — Activités… », the label, or the id; None: the chart's
    own default); the title of the legend of cases, if any; the ``page`` it is printed in
    (width, height, inches: ``PAGE`` for the report), for a heatmap to cut a label (« … »)
    rather than shrink all its text (None: every label whole)."""

    title: str
    value_label: str = ""
    code_labels: Mapping[str, str] | None = None
    case_labels: Mapping[str, str] | None = None
    label_style: LabelStyle | None = None
    legend_title: str | None = None
    page: Page = None


FORMATS = ("png", "svg")


DPI = 150


HEATMAP_CMAP = "Blues"


CASE_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#999999",
)


CASE_HATCHES = ("", "////", "....", "xxxx", "\\\\\\\\", "----", "++++", "oo", "||||", "**")


BAR_COLOUR = "#3a7ab8"


MISSING_HATCH = "////"


MISSING_LABEL = "valeur manquante"


NBSP = "\u00a0"


NNBSP = "\u202f"  # espace fine insécable (milliers, « 12 % »)


FONT = 8.0


SMALL = 7.0


TITLE = 10.0


LINE = FONT * 1.25 / 72  # height of one line of tick-label text


READABLE = 7.0  # points: the smallest text a printed figure should have


# inches: where the report prints a figure: as wide as the text of its A4 page (2 cm
# margins), no taller than the page less 3 cm (docx_figures; the HTML allows 235 mm)
PAGE = (17 / 2.54, 22.7 / 2.54)


LABEL_LINES = 3  # a tick label takes this many lines at most; the rest is cut, « … »


LONGEST_WORD = 40  # characters: a longer word (no space in it) of a label is cut too


CHAR = FONT * 0.56 / 72  # average width of one character of DejaVu Sans at FONT


ANNOTATE_MAX = (15, 40)  # cases × codes up to which heatmap cells are annotated


GROUPED_MAX_CASES = 6


GROUPED_MAX_BARS = 72


RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT,
    "axes.titlesize": TITLE,
    "axes.labelsize": FONT,
    "xtick.labelsize": FONT,
    "ytick.labelsize": FONT,
    "legend.fontsize": FONT,
    "axes.unicode_minus": True,
    "svg.fonttype": "none",
    "svg.hashsalt": "ptce-coding",
    # names are text as typed, never formulas: a pole or a code named with dollar signs
    # (« Pôle $B$ ») is neither set as mathtext nor refused with a traceback
    "text.parse_math": False,
    "hatch.linewidth": 0.6,
    "path.simplify": True,
}


METADATA: dict[str, dict[str, str | None]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": "ptce-coding"},
}


def french_number(value: float, decimals: int = 0) -> str:
    """« 1 234,5 »: decimal comma, narrow no-break space between thousands, true minus."""
    text = f"{value:,.{decimals}f}"
    if text.lstrip("-").strip("0,.") == "":
        text = text.lstrip("-")  # no « −0,0 »
    return text.replace(",", NNBSP).replace(".", ",").replace("-", "\u2212")


def numeric_values(matrix: pd.DataFrame, what: str) -> np.ndarray:
    """The matrix as floats (NaN for missing or infinite values); empty → ValueError."""
    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(f"the {what} needs a pandas DataFrame, not {type(matrix).__name__}")
    n_rows, n_columns = matrix.shape
    if n_rows == 0 or n_columns == 0:
        raise ValueError(
            f"cannot draw a {what} of an empty matrix ({n_rows} row(s) × {n_columns} "
            "column(s)): there is nothing coded to show"
        )
    try:
        values = matrix.astype("float64").to_numpy(copy=True)
    except (TypeError, ValueError):
        bad = [str(c) for c in matrix.columns if not pd.api.types.is_numeric_dtype(matrix[c])]
        raise ValueError(
            f"the {what} needs numbers; non-numeric column(s): {', '.join(bad[:5]) or '?'}"
        ) from None
    values[~np.isfinite(values)] = np.nan
    return values


def decimals_for(finite: np.ndarray, percent: bool) -> int:
    if percent:
        return 1
    return 0 if np.allclose(finite, np.round(finite)) else 1


def display_label(key: object, labels: Mapping[str, str] | None, label_style: LabelStyle) -> str:
    if label_style not in ("code_label", "label", "code"):
        raise ValueError(f"unknown label style {label_style!r}: choose code_label, label or code")
    code = str(key)
    mapping: Mapping[Any, str] = labels or {}
    found = mapping.get(key) or mapping.get(code)
    label = " ".join(str(found).split()) if found else ""
    if not label or label_style == "code" or label == code:
        return code
    if label_style == "label":
        return label
    return f"{code} — {label}"


def wrap_label(text: str, width: int) -> str:
    """Wrap on spaces only: ids (« COOP.MUTUALISATION ») and words are never cut."""
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) or text


def shorten_label(text: str, width: int, lines: int = LABEL_LINES) -> str:
    """``text`` wrapped on spaces at ``width`` characters in ``lines`` lines at most, what
    does not fit cut after a word and marked « … »: one long label (a code's 150
    characters) no longer widens the whole figure, which the page then shrinks, every text
    with it. The full label stays in the report's tables. Ids and words are not cut, unless
    longer than ``LONGEST_WORD``."""
    words = [
        word if len(word) <= LONGEST_WORD else word[: LONGEST_WORD - 1] + "…"
        for word in text.split()
    ]
    wrapped = textwrap.wrap(
        " ".join(words), width=width, break_long_words=False, break_on_hyphens=False
    )
    if len(wrapped) <= lines:
        return "\n".join(wrapped) or text
    kept = wrapped[:lines]
    last = kept[-1]
    while len(last) + 1 > width and " " in last:  # room for the « … »
        last = last.rsplit(" ", 1)[0]
    kept[-1] = last.rstrip(" ,;:—–-") + "…"
    return "\n".join(kept)


def line_count(text: str) -> int:
    return text.count("\n") + 1


def text_width(text: str, size: float = FONT) -> float:
    """Approximate width in inches of the longest line of ``text`` at ``size`` points."""
    return max(len(line) for line in text.split("\n")) * CHAR * size / FONT


@contextmanager
def blank_figure() -> Iterator[Figure]:
    """A pyplot-free figure on an Agg canvas, under fixed rcParams; cleared at the end."""
    with style.context(["default", RC]):
        fig = Figure(dpi=DPI, facecolor="white")
        FigureCanvasAgg(fig)
        try:
            yield fig
        finally:
            fig.clear()


def save_figure(fig: Figure, path_stem: str | Path, formats: Sequence[str]) -> list[Path]:
    stem = Path(path_stem)
    if stem.suffix.lower() in {f".{fmt}" for fmt in FORMATS}:
        stem = stem.with_suffix("")
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"chart formats must be among {', '.join(FORMATS)} (got {formats!r})")
    stem = fitting_stem(stem, max(len(fmt) for fmt in formats) + 1)
    paths = []
    for fmt in dict.fromkeys(formats):
        target = stem.with_name(f"{stem.name}.{fmt}")
        with atomic_path(target) as temp:
            fig.savefig(
                temp,
                format=fmt,
                dpi=DPI,
                bbox_inches="tight",
                pad_inches=0.1,
                facecolor="white",
                metadata=METADATA[fmt],
            )
        paths.append(target)
    return paths


def fitting_stem(stem: Path, suffix_bytes: int) -> Path:
    """``stem``, or, when its file name would be too long for the file system (a figure named
    after a pole whose name nears 255 bytes), its name cut on a character and followed by a
    short digest of the whole name, so that two long names stay two files."""
    return stem.with_name(fitting_name(stem.name, MAX_NAME_BYTES - suffix_bytes))


def axes_at(fig: Figure, left: float, bottom: float, width: float, height: float) -> Axes:
    """Axes placed in inches from the figure's lower-left corner."""
    fig_w, fig_h = fig.get_size_inches()
    return fig.add_axes((left / fig_w, bottom / fig_h, width / fig_w, height / fig_h))


def french_formatter(decimals: int | None) -> FuncFormatter:
    """Axis ticks in French; ``None``: as few decimals as the tick needs (at most 2)."""

    def format_tick(value: float, _position: object) -> str:
        if decimals is not None:
            return french_number(value, decimals)
        rounded = round(value, 2)
        places = 0 if rounded == int(rounded) else (1 if round(value, 1) == rounded else 2)
        return french_number(value, places)

    return FuncFormatter(format_tick)


def add_title(fig: Figure, text: str) -> None:
    """A bold title, left-aligned on everything drawn so far and above it, wrapped to its width.

    Called last: the figure's tight box (labels included, even outside the figure) is
    measured on the Agg renderer, so the title never overlaps rotated labels or panel titles.
    """
    fig_w, fig_h = fig.get_size_inches()
    box = fig.get_tightbbox()  # on the canvas's own (Agg) renderer
    chars = max(40, int(box.width / (CHAR * 1.15 * TITLE / FONT)))
    fig.text(
        box.x0 / fig_w,
        (box.y1 + 0.1) / fig_h,
        wrap_label(text, chars),
        ha="left",
        va="bottom",
        fontsize=TITLE,
        fontweight="bold",
    )


def hide_spines(ax: Axes) -> None:
    for spine in ax.spines.values():
        spine.set_visible(False)
