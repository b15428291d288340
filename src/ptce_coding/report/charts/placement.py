"""Where the report places a figure, the size its text prints at there, and a figure drawn in
several parts when one would print its text too small.

A figure is saved at its own size (the tight box of what is drawn, padded by ``SAVE_PAD``:
``save_figure``) and placed in the documents scaled:

* the Word documents make its picture as wide as the text of their A4 page (17 cm) and no
  taller than the page less 3 cm (``PAGE``; docx_figures.py places it with ``word_size``);
* the HTML shows its PNG at its natural size, 150 dpi pixels read as CSS pixels of 1/96 inch
  (``HTML_NATURAL`` times its size), no wider than the printed page's text (A4 less 15 mm
  margins and the body's 1.5 rem padding: 169 mm) and no taller than 235 mm
  (synthese.html.j2).

Its text prints at its size in points times the smaller of the two scales (``placed_scale``).
Printed on A4, a text under 8 points is hard to read; a figure of the report keeps every
text at ``MIN_PRINTED`` or more as placed, and one that cannot (more panels or codes than a
page holds at that size) is drawn in several figures, « (1/2) », « (2/2) », rather than
shrunk (``draw_parts``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text

from ptce_coding.base.charts import DPI, FORMATS, PAGE, blank_figure, save_figure

MIN_PRINTED = 8.0  # points: the smallest text of a figure as placed in the report
SAVE_PAD = 0.1  # inches: the padding save_figure adds around what is drawn
WORD_BOX = PAGE  # inches: the Word documents' text width and tallest picture
HTML_BOX = (169 / 25.4, 235 / 25.4)  # inches: the HTML's printed text width, tallest picture
HTML_NATURAL = DPI / 96  # a PNG pixel is a CSS pixel: the HTML enlarges a figure this much
# inches: the room a figure prints in at its own size in both documents
PRINT_BOX = (min(WORD_BOX[0], HTML_BOX[0]), min(WORD_BOX[1], HTML_BOX[1]))

Size = tuple[float, float]  # width, height (inches)
Direction = Literal["width", "height"]
PartDrawer = Callable[[Figure, range, str], None]  # draws the items of a part, given the
# suffix of its title (« (1/2) »; empty for a figure in one part)


def word_size(size: Size, box: Size = WORD_BOX) -> Size:
    """The size at which the Word documents place a figure saved at ``size``: as wide as
    ``box``, or, were it then taller than ``box``, as tall as it and narrower."""
    width, height = size
    placed_w, placed_h = box[0], height * box[0] / width
    if placed_h > box[1]:
        placed_w, placed_h = placed_w * box[1] / placed_h, box[1]
    return placed_w, placed_h


def html_scale(size: Size) -> float:
    """How much the HTML enlarges (above 1) or shrinks a figure saved at ``size``."""
    return min(HTML_NATURAL, HTML_BOX[0] / size[0], HTML_BOX[1] / size[1])


def placed_scale(size: Size) -> float:
    """The smaller of the scales at which the Word documents and the HTML place a figure
    saved at ``size``: its text prints at its size times this."""
    return min(word_size(size)[0] / size[0], html_scale(size))


def saved_size(fig: Figure) -> Size:
    """The size of ``fig`` as ``save_figure`` writes it (its tight box, padded)."""
    box = fig.get_tightbbox()  # inches, on the figure's own (Agg) renderer
    return box.width + 2 * SAVE_PAD, box.height + 2 * SAVE_PAD


def text_inches(fig: Figure, text: str, size: float, *, bold: bool = False) -> float:
    """The width in inches of the longest line of ``text`` at ``size`` points, as the
    figure's renderer draws it."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    font = FontProperties(size=size, weight="bold" if bold else "normal")
    widths = [
        renderer.get_text_width_height_descent(line, font, ismath=False)[0]
        for line in text.split("\n")
    ]
    return max(widths, default=0.0) / fig.dpi


def smallest_text(fig: Figure) -> float:
    """The size in points of the smallest text drawn in ``fig`` (inf: no text)."""
    sizes = [
        float(text.get_fontsize())
        for text in fig.findobj(Text)
        if isinstance(text, Text) and text.get_visible() and text.get_text().strip()
    ]
    return min(sizes, default=float("inf"))


def printed_size(fig: Figure) -> float:
    """The size in points at which the smallest text of ``fig`` prints, as placed."""
    return smallest_text(fig) * placed_scale(saved_size(fig))


def _binding(fig: Figure) -> Direction:
    """Which side of ``fig`` limits the size it is placed at."""
    width, height = saved_size(fig)
    return "width" if PRINT_BOX[0] / width <= PRINT_BOX[1] / height else "height"


def part_suffix(index: int, parts: int) -> str:
    """« (2/3) » for the second of three parts; nothing for a figure in one part."""
    return f" ({index}/{parts})" if parts > 1 else ""


def split_items(count: int, parts: int) -> list[range]:
    """``count`` items in ``parts`` consecutive parts whose sizes differ by one at most."""
    size, extra = divmod(count, parts)
    ranges, start = [], 0
    for index in range(parts):
        end = start + size + (1 if index < extra else 0)
        ranges.append(range(start, end))
        start = end
    return [r for r in ranges if len(r)]


def draw_parts(
    count: int,
    draws: Sequence[PartDrawer],
    path_stem: str | Path,
    formats: Sequence[str],
    *,
    grows: Direction,
    parts: int = 1,
    side_by_side: int = 1,
) -> list[Path]:
    """Draw ``count`` items (panels, codes) in as few figures as print every text at
    ``MIN_PRINTED`` or more. ``draws``: ways of drawing them, the preferred first (values
    printed in their cells, then without); each is tried in one figure, then, if none prints
    readably so, in parts: from ``parts`` parts on (one figure first only when ``parts`` is
    1), one more part while a figure prints smaller and its items are what make it too
    large, its side ``grows`` (the one more items lengthen) being the one the page limits
    and holding more than ``side_by_side`` items (a row of panels: fewer would not make it
    shorter). If no way prints readably, the one whose smallest text prints the largest. A
    figure in one part is saved as ``<stem>``, part i of n as ``<stem>-<i>``; returns every
    file, part after part."""
    if not draws:
        raise ValueError("draw_parts needs at least one way to draw the figure")
    stem = Path(path_stem)
    if stem.suffix.lower() in {f".{fmt}" for fmt in FORMATS}:
        stem = stem.with_suffix("")
    parts = max(1, min(parts, count))
    whole = _Layout(count, grows, 1, count)  # one figure, never split
    layouts = [whole] if parts == 1 else []
    if count > side_by_side:
        layouts.append(_Layout(count, grows, parts, side_by_side))
    best: tuple[float, _Layout, PartDrawer] | None = None
    for layout in layouts:
        for draw in draws:
            with ExitStack() as stack:
                figures, printed = layout.fit(stack, draw)
                if printed >= MIN_PRINTED:
                    return _save(figures, stem, formats)
            if best is None or printed > best[0] + 0.01:  # a part more only if it helps
                best = (printed, layout, draw)
    assert best is not None
    with ExitStack() as stack:
        return _save(best[1].fit(stack, best[2])[0], stem, formats)


@dataclass(frozen=True)
class _Layout:
    """``count`` items, ``parts`` parts to start from, the side items lengthen and how many
    stand side by side (draw_parts)."""

    count: int
    grows: Direction
    parts: int
    side_by_side: int

    def fit(self, stack: ExitStack, draw: PartDrawer) -> tuple[list[Figure], float]:
        """The figures ``draw`` makes in the fewest parts (from ``parts`` on) that print
        readably, or in which splitting further would not help, each kept open in
        ``stack``; and the size their smallest text prints at."""
        parts = self.parts
        while True:
            chunks = split_items(self.count, parts)
            figures: list[Figure] = []
            smallest = float("inf")
            for index, chunk in enumerate(chunks, start=1):
                fig = stack.enter_context(blank_figure())
                draw(fig, chunk, part_suffix(index, len(chunks)))
                printed = printed_size(fig)
                if (
                    printed < MIN_PRINTED
                    and len(chunk) > self.side_by_side
                    and _binding(fig) == self.grows
                ):
                    break
                figures.append(fig)
                smallest = min(smallest, printed)
            else:
                return figures, smallest
            parts = len(chunks) + 1


def _save(figures: list[Figure], stem: Path, formats: Sequence[str]) -> list[Path]:
    paths: list[Path] = []
    for index, fig in enumerate(figures, start=1):
        name = stem.name if len(figures) == 1 else f"{stem.name}-{index}"
        paths += save_figure(fig, stem.with_name(name), formats)
    return paths
