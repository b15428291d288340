"""The cooperation network as `network` gives it: each pole's (`PoleNetwork`) and the whole
(`NetworkResult`), with the tables written from them (measures, ties)."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from ptce_coding.network.governance import GOVERNANCE_CODES
from ptce_coding.network.measures import PoleMeasures
from ptce_coding.network.members import Member, UnknownCase
from ptce_coding.network.mentions import Mention
from ptce_coding.network.ties import Tie
from ptce_coding.network.typology import Reading

# The measures of a pole nobody has coded yet, or whose members are not listed: left empty,
# as its ties are not known (not « 0 »)
UNREAD = (
    "ties",
    "density",
    "degree_centralisation",
    "betweenness_centralisation",
    "components",
    "most_central",
    "most_central_share",
    "core",
    "core_fit",
    "groups",
    "modularity",
)

# the columns of measures that count (ties, segments): whole numbers, or empty when unread
COUNTS = ("ties", "components", "groups", *(column for column, _ in GOVERNANCE_CODES))


@dataclass
class PoleNetwork:
    case: str
    name: str  # display name (cases.csv `nom`) or the case
    members: list[Member]  # every listed member of the pole
    graph: nx.Graph  # members named at least once, ties weighted by segments
    measures: PoleMeasures
    reading: Reading
    groups: int
    modularity: float | None
    governance: dict[str, object] = field(default_factory=dict)
    # whether any interview of the pole has a coding counted (the report's « coded »): an
    # uncoded pole has no cooperation segment yet, so no tie is known, not « no tie »
    coded: bool = True
    listed: bool = True  # whether the members file lists any member of the pole

    @property
    def read(self) -> bool:
        """Whether its network is read: members listed and interviews coded."""
        return self.coded and self.listed

    @property
    def never_named(self) -> list[str]:
        return [m.name for m in self.members if m.name not in self.graph]


@dataclass
class NetworkResult:
    statuses: tuple[str, ...]
    poles: list[PoleNetwork]
    ties: list[Tie]
    mentions: list[Mention]
    evidence: pd.DataFrame  # one row per (tie, segment)
    candidates: pd.DataFrame | None
    rules: tuple[str, ...]
    cooperation_codes: tuple[str, ...]
    unknown_organisations: dict[str, str] = field(default_factory=dict)  # document → value
    # the cases the members file names that have no interview, with their lines
    cases_without_interviews: list[UnknownCase] = field(default_factory=list)

    @property
    def includes_suggestions(self) -> bool:
        return "suggested" in self.statuses

    def measures_frame(self) -> pd.DataFrame:
        rows = []
        for pole in self.poles:
            m = pole.measures
            rows.append(
                {
                    "case": pole.case,
                    "members_listed": len(pole.members),
                    "members_named": m.members,
                    "ties": m.ties,
                    "density": m.density,
                    "degree_centralisation": m.degree_centralisation,
                    "betweenness_centralisation": m.betweenness_centralisation,
                    "components": m.components,
                    "most_central": m.most_central,
                    "most_central_share": m.most_central_share,
                    "core": "; ".join(m.core) or None,
                    "core_fit": m.core_fit,
                    "groups": pole.groups,
                    "modularity": pole.modularity,
                    "reading": pole.reading.configuration,
                    "coordination": pole.reading.coordination,
                    "why": pole.reading.why,
                    **pole.governance,
                    "notes": "; ".join(m.notes),
                }
            )
            if not pole.listed:
                rows[-1].update(dict.fromkeys(UNREAD))
                rows[-1]["notes"] = "no member of the pole is listed: no network is read"
            elif not pole.coded:
                rows[-1].update(dict.fromkeys(UNREAD))
                rows[-1]["notes"] = "no interview of the pole is coded yet: no tie is read"
        frame = pd.DataFrame(rows)
        for column in COUNTS:  # counts stay whole beside an empty one: « 4 », not « 4.0 »
            if column in frame:
                frame[column] = pd.Series([row[column] for row in rows], dtype=object)
        return frame

    def ties_frame(self) -> pd.DataFrame:
        rows = [
            {
                "case": t.case,
                "organisation_a": t.a,
                "organisation_b": t.b,
                "weight": t.weight,
                "rules": "; ".join(t.rules),
                "segments": "; ".join(sorted({f"{e.document}#{e.segment}" for e in t.evidence})),
            }
            for t in self.ties
        ]
        columns = ["case", "organisation_a", "organisation_b", "weight", "rules", "segments"]
        return pd.DataFrame(rows, columns=columns)
