"""Charts of the synthesis report: heatmaps, co-occurrences, per-axis bars (PNG and SVG).

Every function takes DataFrames built by :mod:`ptce_coding.analysis.matrices` (rows = cases,
columns = code ids) plus its words (a :class:`ChartText`: title, value label, display labels),
writes ``<stem>.png`` (150 dpi) and ``<stem>.svg`` atomically and returns their paths.
Nothing here queries a store.

Choices, for a report that is also printed in black and white:

* heatmaps use ``Blues``, a single-hue sequential map whose lightness falls steadily from
  near-white to dark navy: the order of values survives greyscale printing and colour-blind
  reading, and 0 (« code absent ») stays almost white, so sparse count matrices are not
  dominated by dark cells (``cividis``, also uniform, starts dark blue). Missing values are
  left white and hatched; cell annotations switch to white text on dark cells;
* bars use one colour (small multiples, the default for many cases) or, grouped by code,
  the Okabe–Ito colour-blind-safe palette combined with a distinct hatch per case, so
  cases stay distinguishable when printed in grey;
* text is DejaVu Sans (shipped with matplotlib: accents, « », — and narrow no-break spaces
  all have glyphs), numbers use the French decimal comma, long labels are wrapped, and
  figures are saved with ``bbox_inches="tight"`` so nothing is cut; a heatmap told the page
  it is printed in (``ChartText.page``, the report's ``PAGE``) cuts a label too long for it,
  « … », rather than shrink all its text on the page (grid_labels.py);
* every text is 8 points or more as printed: drawn at FONT (8 pt) or larger, in a figure the
  Word documents and the HTML place at its own size or larger (placement.py); a chart told
  its page that the page cannot hold at that size is drawn in several figures, « (1/2) »,
  « (2/2) », its files listed part after part, rather than shrunk (a heatmap first leaves
  the values out of its cells, which the report's tables give);
* no pyplot: figures are plain :class:`~matplotlib.figure.Figure` objects on an Agg canvas
  (no global figure registry, no interactive backend). Drawing happens inside a style
  context reset to matplotlib's defaults, so a user's matplotlibrc changes nothing, with a
  fixed ``svg.hashsalt``, no dates and ``svg.fonttype = "none"`` (text stays text): the
  same input gives byte-identical SVG and PNG files.
"""

from ptce_coding.base.charts import FORMATS, PAGE, ChartText, french_number
from ptce_coding.report.charts.bars import axis_bars
from ptce_coding.report.charts.heatmaps import cooccurrence_heatmap, heatmap, pole_heatmap

__all__ = [
    "FORMATS",
    "PAGE",
    "ChartText",
    "axis_bars",
    "cooccurrence_heatmap",
    "french_number",
    "heatmap",
    "pole_heatmap",
]
