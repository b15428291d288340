"""Labels of a scatter plot set beside their points, never over another label or point.

A greedy placement on candidate positions, as cartographers label point features (Imhof,
« Positioning names on maps », 1975; Christensen, Marks & Shieber, 1995): each label, in
the order given (the most important first), takes the first of its candidate boxes that
overlaps no label placed before it, no point of the plot, and stays inside the axes. The
candidates are tried nearest first: beside the point (right, left, above-right, …), where
a label must be nearer its own point than any other (so that it reads as no other point's),
then in widening rings, where a thin line joins it to its point. When no
candidate is free, the one that overlaps least is taken. Everything is measured in display
units on the figure's own renderer, so the result is the same for the same input.

adjustText (an iterative repel) would do it too, but promises no overlap-free result and is
deterministic only under an iteration limit; this needs nothing beyond matplotlib.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.text import Annotation

# the candidates tried at each distance, in the order of preference: a direction from the
# point (x, y) and the share of the label's width and height on the far side of that
# direction's offset (0: the whole label past it; beside or above, a label slid along)
CANDIDATES = (
    ((1, 0), (0, 0.5)),
    ((-1, 0), (1, 0.5)),
    ((1, 1), (0, 0)),
    ((1, -1), (0, 1)),
    ((-1, 1), (1, 0)),
    ((-1, -1), (1, 1)),
    ((0, 1), (0.5, 0)),
    ((0, -1), (0.5, 1)),
    ((1, 0), (0, 0.15)),
    ((1, 0), (0, 0.85)),
    ((-1, 0), (1, 0.15)),
    ((-1, 0), (1, 0.85)),
    ((0, 1), (0.1, 0)),
    ((0, 1), (0.9, 0)),
    ((0, -1), (0.1, 1)),
    ((0, -1), (0.9, 1)),
)
GAP = 3.0  # points between a marker's edge and its label
STEP = 4.0  # points between two rings of candidates
RINGS = 40  # rings tried before the least overlapping candidate is taken
PAD = 1.5  # points kept free around each label
LEADER = 2  # from this ring on, a line joins the label to its point
MARGIN = 8.0  # points: beside its point, a label is nearer it than any other by this much
CLEAR = 24.0  # points: a label farther than this from every other point reads as its own


@dataclass(frozen=True)
class PointLabel:
    """A label to set by its point (data coordinates), in its colour and weight."""

    text: str
    x: float
    y: float
    colour: str
    weight: str = "normal"


def place_labels(
    ax: Axes,
    labels: Sequence[PointLabel],
    points: np.ndarray,
    *,
    marker_radius: float,
    fontsize: float = 8,
) -> list[Annotation]:
    """Sets ``labels`` on ``ax`` (its limits set already), avoiding each other, the axes'
    edges and every point of ``points`` (n × 2, data coordinates) drawn with a marker of
    ``marker_radius`` points. Returns the annotations, in the order of ``labels``."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    scale = ax.figure.dpi / 72  # display units per point
    frame = ax.get_window_extent(renderer)
    bounds = (frame.x0, frame.y0, frame.x1, frame.y1)
    obstacle = (marker_radius + PAD) * scale
    centres = ax.transData.transform(np.asarray(points, dtype=float).reshape(-1, 2))
    blocked = [(x - obstacle, y - obstacle, x + obstacle, y + obstacle) for x, y in centres]
    placed: list[tuple[float, float, float, float]] = []
    annotations = []
    for label in labels:
        anchor = ax.transData.transform((label.x, label.y))
        probe = ax.annotate(
            label.text, (label.x, label.y), fontsize=fontsize, fontweight=label.weight
        )
        size = probe.get_window_extent(renderer)
        probe.remove()
        others = centres[np.hypot(*(centres - anchor).T) > 0.5]
        box, ring = _best_box(
            (float(anchor[0]), float(anchor[1])),
            (size.width, size.height),
            (marker_radius * scale, scale),
            [*placed, *blocked],
            (bounds, others),
        )
        placed.append(_padded(box, PAD * scale))
        annotations.append(_annotate(ax, label, anchor, box, scale, ring >= LEADER, fontsize))
    return annotations


def _best_box(
    anchor: tuple[float, float],
    size: tuple[float, float],
    units: tuple[float, float],
    taken: list[tuple[float, float, float, float]],
    limits: tuple[tuple[float, float, float, float], np.ndarray],
) -> tuple[tuple[float, float, float, float], int]:
    """A free candidate box of the nearest ring that has one, and that ring: of its free
    boxes, the one farthest from the other points (up to ``CLEAR`` points away; then the
    first in the order of preference); else the least covered box of all.
    ``limits``: the axes' box, and the other points (display units)."""
    radius, scale = units
    bounds, others = limits
    (x, y), (width, height) = anchor, size
    fallback: tuple[float, tuple[float, float, float, float], int] | None = None
    for ring in range(RINGS):
        gap = radius + (GAP + STEP * ring) * scale
        free: list[tuple[float, tuple[float, float, float, float]]] = []
        for (dx, dy), (behind_x, behind_y) in CANDIDATES:
            shift = gap / math.sqrt(2) if dx and dy else gap
            left = x + dx * shift - behind_x * width
            bottom = y + dy * shift - behind_y * height
            box = (left, bottom, left + width, bottom + height)
            inside = (
                box[0] >= bounds[0]
                and box[1] >= bounds[1]
                and box[2] <= bounds[2]
                and box[3] <= bounds[3]
            )
            covered = sum(_overlap(box, other) for other in taken)
            # beside its point, a label is nearer it than any other; farther, a line joins them
            near = ring >= LEADER or _nearest_is_own(box, anchor, others, MARGIN * scale)
            if inside and covered == 0 and near:
                clear = _distance(box, others).min() if len(others) else math.inf
                free.append((min(clear, CLEAR * scale), box))
            cost = covered + (0 if inside else width * height)
            if fallback is None or cost < fallback[0]:
                fallback = (cost, box, ring)
        if free:  # max keeps the first of equals: the order of preference
            return max(free, key=lambda candidate: candidate[0])[1], ring
    assert fallback is not None
    return fallback[1], fallback[2]


def _nearest_is_own(
    box: tuple[float, float, float, float],
    anchor: tuple[float, float],
    others: np.ndarray,
    margin: float,
) -> bool:
    """Whether ``box`` is nearer its own point ``anchor`` than any of ``others``, by
    ``margin`` at least (a nearly equal distance reads either way)."""
    if not len(others):
        return True
    own = _distance(box, np.asarray([anchor]))[0]
    return bool(own + margin < _distance(box, others).min())


def _distance(box: tuple[float, float, float, float], points: np.ndarray) -> np.ndarray:
    dx = np.maximum(np.maximum(box[0] - points[:, 0], points[:, 0] - box[2]), 0)
    dy = np.maximum(np.maximum(box[1] - points[:, 1], points[:, 1] - box[3]), 0)
    return np.hypot(dx, dy)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def _padded(
    box: tuple[float, float, float, float], pad: float
) -> tuple[float, float, float, float]:
    return (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)


def _annotate(
    ax: Axes,
    label: PointLabel,
    anchor: np.ndarray,
    box: tuple[float, float, float, float],
    scale: float,
    leader: bool,
    fontsize: float,
) -> Annotation:
    """The label at ``box`` (display units), as an offset in points from its point: the
    same on every output, whatever its resolution."""
    centre = ((box[0] + box[2]) / 2 - anchor[0], (box[1] + box[3]) / 2 - anchor[1])
    side = "left" if centre[0] > 0 and box[0] >= anchor[0] else "center"
    if box[2] <= anchor[0]:
        side = "right"
    return ax.annotate(
        label.text,
        (label.x, label.y),
        xytext=(centre[0] / scale, centre[1] / scale),
        textcoords="offset points",
        fontsize=fontsize,
        color=label.colour,
        fontweight=label.weight,
        ha="center",
        va="center",
        multialignment=side,
        arrowprops=(
            {"arrowstyle": "-", "color": label.colour, "linewidth": 0.5, "shrinkA": 1}
            if leader
            else None
        ),
    )
