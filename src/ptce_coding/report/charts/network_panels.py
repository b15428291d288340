"""The restitution's drawing of the poles' cooperation networks: one small panel per pole that
has a tie, two side by side, its members with a tie on an oval around the centre and the ties
between them (the annex draws each pole's whole network, every member cited, one page each:
network/drawing.py). Same marks as that drawing, so that a reader of both recognises them:
a member's colour is its kind (Okabe–Ito palette), its size its number of ties, a line's
width the segments that show the tie. Every text at 8 points; more poles than a page holds at
that size make several figures, « (1/2) », « (2/2) » (placement.py)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ptce_coding.base.charts import FONT, FORMATS, add_title, axes_at, wrap_label
from ptce_coding.network.drawing import TieScale, draw_ties, kind_colour
from ptce_coding.report.charts.placement import draw_parts

# a small panel's ties and members: thinner and smaller than the annex's full drawing
PANEL_SCALE = TieScale(edge=(0.6, 0.7), node=(50, 45), outline=0.7)

COLUMNS = 2  # panels side by side
PANEL = (3.25, 1.95)  # inches: a panel's drawing (its title above it)
PANEL_TITLE = 0.42  # inches: two lines of its title
OVAL = (0.62, 0.45)  # inches: the half-axes of the oval the members stand on
LABEL_CHARS = 15  # characters a line of a member's name holds
KEY = (
    "Taille : nombre de liens ; épaisseur : segments d'entretien qui montrent le lien. Seuls "
    "les membres reliés figurent ici ; l'annexe dessine tous les membres cités."
)


@dataclass(frozen=True)
class Panel:
    """One pole's network as the restitution draws it: its title (the pole and its
    reading), its ties (``graph``, ``weight`` on each) and each member's kind."""

    title: str
    graph: nx.Graph
    kinds: Mapping[str, str]


def network_panels(panels: Sequence[Panel], path_stem: Path, title: str) -> list[Path]:
    """The ``panels`` (each with at least one tie) in one figure, or several when a page
    cannot hold them with every text at 8 points; writes PNG and SVG, returns their paths
    part after part; none without a panel."""
    if not panels:
        return []

    def draw(fig: Figure, part: range, suffix: str) -> None:
        _draw(fig, [panels[i] for i in part], title + suffix)

    return draw_parts(len(panels), [draw], path_stem, FORMATS, grows="height", side_by_side=COLUMNS)


def _draw(fig: Figure, panels: list[Panel], title: str) -> None:
    rows = math.ceil(len(panels) / COLUMNS)
    columns = min(COLUMNS, len(panels))
    kinds = sorted(
        {panel.kinds.get(v, "") for panel in panels for v in _tied(panel)}, key=str.lower
    )
    key_rows = math.ceil(len(kinds) / 4) + 2  # the kinds, four a row, then the key's two lines
    key_h = 0.17 * key_rows + 0.1
    height = rows * (PANEL[1] + PANEL_TITLE) + key_h
    fig.set_size_inches(columns * PANEL[0], height)
    for index, panel in enumerate(panels):
        row, column = divmod(index, COLUMNS)
        top = height - row * (PANEL[1] + PANEL_TITLE)
        ax = axes_at(fig, column * PANEL[0], top - PANEL_TITLE - PANEL[1], PANEL[0], PANEL[1])
        _panel(ax, panel)
        fig.text(
            (column * PANEL[0] + 0.1) / (columns * PANEL[0]),
            (top - 0.05) / height,
            wrap_label(panel.title, 48),
            fontsize=FONT,
            fontweight="bold",
            va="top",
        )
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=7,
            markeredgecolor="#222222",
            markerfacecolor=kind_colour(kind),
            label=kind or "autre",
        )
        for kind in kinds
    ]
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 0.34 / height),
        ncol=min(4, len(handles) or 1),
        fontsize=FONT,
        frameon=False,
    )
    fig.text(0.01, 0.02 / height, wrap_label(KEY, 105), fontsize=FONT, color="#444444")
    add_title(fig, title)


def _tied(panel: Panel) -> list[str]:
    """The members of the panel's pole that have a tie."""
    return [v for v in panel.graph if panel.graph.degree(v)]


def _in_order(graph: nx.Graph) -> nx.Graph:
    """``graph`` built again in one order whatever the order its ties came in (sets, from
    one run to the next): its members the most tied first, then by name; each tie from the
    earlier of its two ends. The same network is drawn the same, byte for byte."""
    nodes = sorted(graph, key=lambda v: (-graph.degree(v), str(v)))
    rank = {node: i for i, node in enumerate(nodes)}
    ordered: nx.Graph = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from(
        sorted(
            (
                (*sorted((u, v), key=rank.__getitem__), data)
                for u, v, data in graph.edges(data=True)
            ),
            key=lambda edge: (rank[edge[0]], rank[edge[1]]),
        )
    )
    return ordered


def _panel(ax: Axes, panel: Panel) -> None:
    """The members with a tie on an oval (the most tied first, at the top), the ties between
    them, each name outside its member."""
    graph = _in_order(panel.graph.subgraph(_tied(panel)))
    nodes = list(graph)
    positions = {}
    for i, node in enumerate(nodes):
        angle = math.pi / 2 - 2 * math.pi * i / max(len(nodes), 1)
        positions[node] = (OVAL[0] * math.cos(angle), OVAL[1] * math.sin(angle))
    ax.set_axis_off()
    ax.set_xlim(-PANEL[0] / 2, PANEL[0] / 2)
    ax.set_ylim(-PANEL[1] / 2, PANEL[1] / 2)
    colours = [kind_colour(panel.kinds.get(v, "")) for v in nodes]
    draw_ties(ax, graph, positions, (nodes, colours), PANEL_SCALE)
    for node, (x, y) in positions.items():
        reach = 0.1 + 0.012 * graph.degree(node)  # past the node's edge
        if abs(x) < 0.15:  # at the top or the bottom: the name above or under it
            ha, va = "center", "bottom" if y > 0 else "top"
            x_text, y_text = x, y + (reach if y > 0 else -reach)
        else:  # on a side: the name beside it, outwards
            ha, va = "left" if x > 0 else "right", "center"
            x_text, y_text = x + (reach if x > 0 else -reach), y
        label = wrap_label(str(node), LABEL_CHARS)
        ax.text(x_text, y_text, label, fontsize=FONT, ha=ha, va=va)
