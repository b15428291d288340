"""One pole's network read: its graph of the members named, its measures, its groups
(communities), the typology's reading, and the governance coded beside it."""

from __future__ import annotations

import networkx as nx
import pandas as pd
from networkx.algorithms.community import greedy_modularity_communities, modularity

from ptce_coding.network.governance import GOVERNANCE_CODES, agreement
from ptce_coding.network.measures import pole_measures
from ptce_coding.network.members import Member
from ptce_coding.network.mentions import Mention
from ptce_coding.network.network_result import PoleNetwork
from ptce_coding.network.settings import NetworkSettings
from ptce_coding.network.ties import Tie
from ptce_coding.network.typology import read_typology


def read_pole(
    case: str,
    members: list[Member],
    mentions: list[Mention],
    ties: list[Tie],
    attributes: dict,
    governance: pd.DataFrame,
    settings: NetworkSettings,
) -> PoleNetwork:
    """The network of ``case``: its members, mentions and ties read into a `PoleNetwork`."""
    mine = [m for m in members if m.case == case]
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(sorted({m.member for m in mentions if m.case == case}))
    for tie in ties:
        if tie.case == case:
            graph.add_edge(tie.a, tie.b, weight=tie.weight)
    measures = pole_measures(case, graph)
    groups, score = 0, None
    if graph.number_of_edges():
        communities = greedy_modularity_communities(graph, weight=None)
        score = modularity(graph, [set(c) for c in communities], weight=None)
        groups = sum(1 for c in communities if len(c) >= 3)
    big = sum(1 for c in nx.connected_components(graph) if len(c) >= 2)
    isolated = sum(1 for v in graph.nodes if graph.degree(v) == 0)
    reading = read_typology(measures, groups, score, big, isolated)
    attribute = attributes.get(settings.governance_attribute)
    codes = governance.loc[case].to_dict() if case in governance.index else {}
    compared = {
        "governance_attribute": attribute,
        **{column: int(codes.get(column, 0)) for column, _ in GOVERNANCE_CODES},
        "agreement": agreement(reading.configuration, attribute),
    }
    return PoleNetwork(
        case,
        str(attributes.get("nom") or case),
        mine,
        graph,
        measures,
        reading,
        groups,
        score,
        compared,
    )
