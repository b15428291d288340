"""Network measures of one pole, on an undirected networkx graph (members as nodes).

Freeman's centralisation compares every node with the most central one and divides by the
largest value possible for a graph of that size, reached by the star: a star scores 1, a
ring or a complete graph 0 (Freeman 1979). Core/periphery is Borgatti and Everett's (1999)
discrete model: the core set whose ideal pattern (core–core and core–periphery ties present,
periphery–periphery absent) correlates best with the observed ties.

Undefined cases raise ``ValueError`` (a centralisation needs three nodes; a share of ties
needs a tie); :func:`pole_measures` records them as missing with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np


def _need_three(graph: nx.Graph, what: str) -> int:
    n = graph.number_of_nodes()
    if n < 3:
        raise ValueError(f"{what} needs at least 3 members (got {n})")
    return n


def degree_centralisation(graph: nx.Graph) -> float:
    """Freeman's degree centralisation: Σ (max degree − degree) / ((n − 1)(n − 2))."""
    n = _need_three(graph, "degree centralisation")
    degrees = [d for _, d in graph.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def betweenness_centralisation(graph: nx.Graph) -> float:
    """Freeman's betweenness centralisation: Σ (max b − b) / (n − 1), b normalised in [0, 1]."""
    n = _need_three(graph, "betweenness centralisation")
    values = list(nx.betweenness_centrality(graph, normalized=True).values())
    top = max(values)
    return sum(top - v for v in values) / (n - 1)


def most_central(graph: nx.Graph) -> tuple[str, float]:
    """The member with most ties (then most weight) and the share of all ties it is part of."""
    edges = graph.number_of_edges()
    if edges == 0:
        raise ValueError("no tie: no member is central")
    node = max(
        graph.nodes,
        key=lambda v: (graph.degree(v), graph.degree(v, weight="weight"), str(v)),
    )
    return node, graph.degree(node) / edges


def core_periphery(graph: nx.Graph) -> tuple[list[str], float]:
    """Borgatti–Everett discrete core/periphery: (core members, fit).

    The fit is the correlation between the observed ties and the ideal pattern. The search
    starts from the k members with most ties for every k, then moves one member at a time
    while the fit improves. Raises when no split has a defined correlation (a complete or an
    empty graph).
    """
    nodes = sorted(graph.nodes, key=lambda v: (-graph.degree(v), str(v)))
    n = len(nodes)
    if n < 3 or graph.number_of_edges() == 0:
        raise ValueError("core/periphery needs at least 3 members and a tie")
    # weight=None (every tie counts 1) is documented by networkx; types-networkx wants a str
    observed = nx.to_numpy_array(graph, nodelist=nodes, weight=None)  # type: ignore[call-overload]
    upper = np.triu_indices(n, k=1)
    ties = observed[upper]

    def fit(core: np.ndarray) -> float:
        ideal = (core[:, None] | core[None, :])[upper].astype(float)
        if ideal.std() == 0 or ties.std() == 0:
            return float("nan")
        return float(np.corrcoef(ties, ideal)[0, 1])

    best_core, best_fit = None, float("-inf")
    for k in range(1, n):
        core = np.zeros(n, dtype=bool)
        core[:k] = True
        improved = True
        value = fit(core)
        while improved:
            improved = False
            for i in range(n):
                trial = core.copy()
                trial[i] = not trial[i]
                if 0 < trial.sum() < n:
                    candidate = fit(trial)
                    if candidate > value + 1e-12:
                        core, value, improved = trial, candidate, True
        if value > best_fit + 1e-12 or (
            best_core is not None and value == best_fit and core.sum() < best_core.sum()
        ):
            best_core, best_fit = core, value
    if best_core is None:
        raise ValueError("no core/periphery split is defined for this network")
    return [nodes[i] for i in range(n) if best_core[i]], best_fit


@dataclass
class PoleMeasures:
    """The measures of one pole; a value is None when undefined (see ``notes``)."""

    case: str
    members: int  # nodes: members named at least once
    ties: int
    density: float | None
    degree_centralisation: float | None
    betweenness_centralisation: float | None
    components: int
    most_central: str | None
    most_central_share: float | None
    core: list[str] = field(default_factory=list)
    core_fit: float | None = None
    notes: list[str] = field(default_factory=list)


def pole_measures(case: str, graph: nx.Graph) -> PoleMeasures:
    notes: list[str] = []

    def measured(function: Callable[..., Any], *args: Any) -> Any:
        try:
            return function(*args)
        except ValueError as exc:
            notes.append(str(exc))
            return None

    central = measured(most_central, graph)
    core = measured(core_periphery, graph)
    n = graph.number_of_nodes()
    return PoleMeasures(
        case=case,
        members=n,
        ties=graph.number_of_edges(),
        density=nx.density(graph) if n >= 2 else None,
        degree_centralisation=measured(degree_centralisation, graph),
        betweenness_centralisation=measured(betweenness_centralisation, graph),
        components=nx.number_connected_components(graph) if n else 0,
        most_central=central[0] if central else None,
        most_central_share=central[1] if central else None,
        core=core[0] if core else [],
        core_fit=core[1] if core else None,
        notes=notes,
    )
