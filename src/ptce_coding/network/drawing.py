"""A drawing of one pole's network (PNG and SVG): first circle inside, second circle around.

Node colour: the member's kind (Okabe–Ito colour-blind-safe palette); node size: its number
of ties; line width: the tie's weight (segments that show it). Same style and saving as the
report's charts (no pyplot state, byte-identical output for the same input).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from ptce_coding.base.charts import FORMATS, blank_figure, save_figure
from ptce_coding.network.members import Member

KIND_COLOURS = {
    "association": "#E69F00",
    "scop": "#0072B2",
    "scic": "#56B4E9",
    "siae": "#009E73",
    "collectivité": "#CC79A7",
    "entreprise hors ess": "#D55E00",
    "recherche": "#F0E442",
    "formation": "#FFFFFF",
}
OTHER_COLOUR = "#999999"


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind.strip().lower(), OTHER_COLOUR)


@dataclass(frozen=True)
class TieScale:
    """How a drawing sizes ties and members: a tie's width (base, per segment that shows it,
    up to 6), a member's area (base, per tie) and its outline."""

    edge: tuple[float, float]
    node: tuple[float, float]
    outline: float


ANNEX_SCALE = TieScale(edge=(0.8, 1.2), node=(180, 140), outline=0.8)


def draw_ties(
    ax: Axes,
    graph: nx.Graph,
    positions: Mapping[str, tuple[float, float]],
    members: tuple[Sequence[str], Sequence[str]],
    scale: TieScale,
) -> None:
    """``graph``'s ties and ``members`` (names, their colours) at ``positions`` on ``ax``, as
    every network drawing shows them: grey ties as wide as the segments that show them, each
    member coloured by its kind and as big as its ties are many."""
    names, colours = members
    weights = [graph.edges[e].get("weight", 1) for e in graph.edges]
    nx.draw_networkx_edges(
        graph,
        positions,
        ax=ax,
        edge_color="#555555",
        alpha=0.7,
        width=[scale.edge[0] + scale.edge[1] * min(w, 6) for w in weights],
    )
    nx.draw_networkx_nodes(
        graph,
        positions,
        ax=ax,
        nodelist=list(names),
        node_color=list(colours),
        node_size=[scale.node[0] + scale.node[1] * graph.degree(v) for v in names],
        edgecolors="#222222",
        linewidths=scale.outline,
    )


def _positions(graph: nx.Graph, members: dict[str, Member]) -> dict[str, tuple[float, float]]:
    def order(nodes: list[str]) -> list[str]:
        return sorted(nodes, key=lambda v: (-graph.degree(v), v))

    inner = order([v for v in graph.nodes if members[v].circle == 1])
    outer = order([v for v in graph.nodes if members[v].circle != 1])
    positions: dict[str, tuple[float, float]] = {}
    if len(inner) > 1 and graph.degree(inner[0]) >= 2 * max(graph.degree(inner[1]), 1):
        positions[inner[0]] = (0.0, 0.0)  # a clear hub: drawn at the centre, as a star
        inner = inner[1:]
    for nodes, radius, turn in ((inner, 0.42, 0.0), (outer, 1.0, 0.5)):
        if len(nodes) == 1 and radius < 1 and not positions:
            positions[nodes[0]] = (0.0, 0.0)
            continue
        for i, node in enumerate(nodes):
            angle = math.pi / 2 + 2 * math.pi * (i + turn) / max(len(nodes), 1)
            positions[node] = (radius * math.cos(angle), radius * math.sin(angle))
    return positions


def draw_pole(
    graph: nx.Graph, members: Sequence[Member], title: str, path_stem: Path
) -> list[Path]:
    """``graph``: members as nodes, ``weight`` on ties. Returns the PNG and SVG paths."""

    by_name = {m.name: m for m in members}
    positions = _positions(graph, by_name)
    nodes = list(graph.nodes)
    with blank_figure() as fig:
        fig.set_size_inches(6.4, 6.2)  # printed at its size: 8 pt text (report/charts/placement.py)
        ax = fig.add_axes((0.02, 0.17, 0.96, 0.75))  # room below for three rows of legend
        ax.set_axis_off()
        ax.set_aspect("equal")
        ax.add_patch(Circle((0, 0), 0.7, fill=False, linestyle=":", color="#bbbbbb"))
        ax.text(0, -0.7, "premier cercle", ha="center", va="top", fontsize=8, color="#666666")
        colours = [kind_colour(by_name[v].kind) for v in nodes]
        draw_ties(ax, graph, positions, (nodes, colours), ANNEX_SCALE)
        for node, (x, y) in positions.items():
            ax.text(
                x,
                y - 0.075 - 0.006 * graph.degree(node),
                textwrap.fill(node, 18),
                ha="center",
                va="top",
                fontsize=8,
                bbox={
                    "boxstyle": "round,pad=0.15",
                    "facecolor": "white",
                    "alpha": 0.8,
                    "edgecolor": "none",
                },
            )
        ax.set_xlim(-1.35, 1.35)
        ax.set_ylim(-1.35, 1.3)
        kinds = sorted({by_name[v].kind for v in nodes}, key=str.lower)
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=7,
                markeredgecolor="#222222",
                markerfacecolor=kind_colour(k),
                label=k,
            )
            for k in kinds
        ]
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.01),
            ncol=min(3, len(handles) or 1),
            fontsize=8,
            frameon=False,
        )
        fig.suptitle(textwrap.fill(title, 70), fontsize=10, fontweight="bold", x=0.02, ha="left")
        fig.text(
            0.02,
            0.02,
            "Taille : nombre de liens ; épaisseur : segments d'entretien qui montrent le lien.",
            fontsize=8,
            color="#444444",
        )
        return save_figure(fig, path_stem, FORMATS)
