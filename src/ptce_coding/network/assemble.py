"""The cooperation network of every pole, from the store: members, mentions, ties, measures,
readings, the comparison with the governance coded by the researchers; and its files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import networkx as nx
import pandas as pd
from networkx.algorithms.community import greedy_modularity_communities, modularity

from ptce_coding.analysis.frames import codings_frame, segments_frame
from ptce_coding.analysis.matrices import coded_segments, interviewee_segments
from ptce_coding.base.cells import write_csv
from ptce_coding.base.coder_selection import STRUCTURE_CODER, CoderSelection
from ptce_coding.base.files import distinct_file_names
from ptce_coding.base.language import DocCache, for_pipeline, load_pipeline
from ptce_coding.base.selected_codings import select_codings
from ptce_coding.codebook.model import Codebook
from ptce_coding.network.candidates import load_ner, propose_organisations
from ptce_coding.network.drawing import draw_pole
from ptce_coding.network.measures import PoleMeasures, pole_measures
from ptce_coding.network.members import Member, UnknownCase, read_members, unknown_cases
from ptce_coding.network.mentions import Mention, SegmentDoc, find_mentions
from ptce_coding.network.settings import NetworkSettings, check_network_settings
from ptce_coding.network.ties import CodedSegment, Tie, build_ties
from ptce_coding.network.typology import UNCODED, Reading, family, read_typology, unlisted
from ptce_coding.store import Store

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

# Governance codes set beside the reading: (column, code id prefix)
GOVERNANCE_CODES = (
    ("codes_monocentrique", "GOUV.CONFIGURATION.MONOCENTRIQUE"),
    ("codes_polycentrique", "GOUV.CONFIGURATION.POLYCENTRIQUE"),
    ("codes_verticale", "GOUV.COORDINATION.VERTICALE"),
    ("codes_horizontale", "GOUV.COORDINATION.HORIZONTALE"),
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


def default_statuses(store: Store) -> tuple[str, ...]:
    """Accepted codings when there are any, else the rules' suggestions too (as the report).
    The interview's structural codings (`ptce-coding structure`), accepted though no one
    coded them, do not count: after them, no cooperation segment would be read."""
    if store.count_codings(["accepted"], except_coder=STRUCTURE_CODER):
        return ("accepted",)
    return ("accepted", "suggested")


def build_network(
    settings: NetworkSettings,
    store: Store,
    codebook: Codebook,
    *,
    members_file: Path,
    cache_folder: Path,
    statuses: tuple[str, ...] | None = None,
    candidates: bool = True,
    selection: CoderSelection | None = None,
) -> NetworkResult:
    """Everything `ptce-coding network` shows and writes, from the members listed in
    ``members_file``; parses kept in ``cache_folder``/docs (the project's ``.cache/``);
    cooperation segments from the codings of ``selection`` (default: every coder's)."""
    documents = store.documents()
    check_network_settings(
        settings,
        {code.id for code in codebook.codes},
        [document.attributes for document in documents],
        store.cases().values(),
    )
    members = read_members(members_file)
    statuses = statuses or default_statuses(store)
    segments = interviewee_segments(segments_frame(store))
    cases = sorted(set(segments["case"]))
    nlp = load_pipeline()
    cache = DocCache(cache_folder / "docs", nlp)
    keep = set(zip(segments["document"], segments["segment"], strict=True))
    parsed: list[SegmentDoc] = []
    for document in documents:
        spans = store.segments(document.id)
        docs = cache.parse(document.text, document.text_hash, [(s.start, s.end) for s in spans])
        parsed.extend(
            SegmentDoc(document.case, document.name, s.position, s.start, doc)
            for s, doc in zip(spans, docs, strict=True)
            if (document.name, s.position) in keep
        )
    mentions = find_mentions(parsed, members, nlp)
    codings = select_codings(
        codings_frame(store), selection or CoderSelection(), segments_frame(store, with_text=False)
    )
    codings = codings[codings["status"].isin(statuses)]
    coded = _cooperation_segments(segments, codings, settings.cooperation_codes)
    speakers, unknown = _speakers(store, members, settings.organisation_attribute)
    ties = build_ties(mentions, coded, speakers, settings.ties, settings.max_members_per_segment)
    texts = store.document_texts()
    attributes = store.cases()
    governance = _governance_counts(segments, codings)
    # coded as the report counts it: a coding on an interviewee's segment, the interview's
    # structure (which marks every interview) aside
    counted = codings[codings["coder"] != STRUCTURE_CODER]
    coded_cases = set(coded_segments(segments, counted)["case"])
    # every pole with interviews: one whose members are not listed is said so, not left out
    poles = [
        _pole(case, members, mentions, ties, attributes.get(case, {}), governance, settings)
        for case in cases
    ]
    listed = {m.case for m in members}
    for pole in poles:
        pole.listed, pole.coded = pole.case in listed, pole.case in coded_cases
        if not pole.read:
            pole.reading = UNCODED if pole.listed else unlisted(members_file.name)
            # its governance segments are not known yet either (not « 0 ») when uncoded
            if not pole.coded:
                pole.governance.update({column: None for column, _ in GOVERNANCE_CODES})
            pole.governance["agreement"] = "—"
    found = None
    if candidates:
        found = propose_organisations(
            zip(
                segments["case"].tolist(),
                segments["document"].tolist(),
                segments["start"].tolist(),
                segments["text"].tolist(),
                strict=True,
            ),
            members,
            mentions,
            load_ner(),
            {case: str(values.get("nom") or case) for case, values in attributes.items()},
        )
    return NetworkResult(
        statuses=statuses,
        poles=poles,
        ties=ties,
        mentions=mentions,
        evidence=_evidence(ties, texts),
        candidates=found,
        rules=settings.ties,
        cooperation_codes=settings.cooperation_codes,
        unknown_organisations=unknown,
        cases_without_interviews=unknown_cases(members, cases),
    )


def _cooperation_segments(
    segments: pd.DataFrame, codings: pd.DataFrame, prefixes: tuple[str, ...]
) -> list[CodedSegment]:
    mine = codings[codings["code"].map(lambda c: any(_under(c, p) for p in prefixes))]
    found = coded_segments(segments, mine)
    rows: list[CodedSegment] = []
    for key, group in found.groupby(["case", "document", "segment"]):
        case, document, segment = cast("tuple[str, str, int]", key)
        rows.append(
            CodedSegment(
                case,
                document,
                int(segment),
                int(group["start"].iloc[0]),
                int(group["end"].iloc[0]),
                tuple(sorted(set(group["code"]))),
            )
        )
    return rows


def _under(code: str, prefix: str) -> bool:
    return code == prefix or code.startswith(prefix + ".")


def _speakers(
    store: Store, members: list[Member], attribute: str
) -> tuple[dict[str, str], dict[str, str]]:
    """document → the member its interviewee belongs to; and values naming no member."""
    speakers: dict[str, str] = {}
    unknown: dict[str, str] = {}
    for document in store.documents():
        value = str(document.attributes.get(attribute) or "").strip()
        if not value:
            continue
        match = next(
            (
                m
                for m in members
                if m.case == document.case and _said(value) in {_said(a) for a in m.aliases}
            ),
            None,
        )
        if match is None:
            unknown[document.name] = value
        else:
            speakers[document.name] = match.name
    return speakers, unknown


def _said(name: str) -> str:
    """An organisation's name as documents.csv and members.csv may both write it: « d’Orge »
    (a word processor's apostrophe) and « d'Orge », a non-breaking space and a space, any
    capitals, are one name, as they are for the mentions in the interviews."""
    return " ".join(for_pipeline(name).casefold().split())


def _governance_counts(segments: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """case × governance column: interviewee segments coded with the code or a child."""
    found = coded_segments(segments, codings)
    counts = {}
    for column, prefix in GOVERNANCE_CODES:
        # astype(bool): an empty object mask would select columns, not rows
        mine = found[found["code"].map(lambda c, p=prefix: _under(c, p)).astype(bool)]
        counts[column] = mine.drop_duplicates(["document", "segment"]).groupby("case").size()
    return pd.DataFrame(counts).fillna(0).astype(int)


def _pole(
    case: str,
    members: list[Member],
    mentions: list[Mention],
    ties: list[Tie],
    attributes: dict,
    governance: pd.DataFrame,
    settings: NetworkSettings,
) -> PoleNetwork:
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
        "agreement": _agreement(reading.configuration, attribute),
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


def _agreement(configuration: str, attribute: object) -> str:
    ours, theirs = family(configuration), family(str(attribute) if attribute else None)
    if ours is None or theirs is None:
        return "—"
    if ours != theirs:
        return "diffère"
    return "concorde" if configuration == str(attribute).strip().lower() else "même famille"


def _evidence(ties: list[Tie], texts: dict[str, str]) -> pd.DataFrame:
    rows = []
    for tie in ties:
        for e in tie.evidence:
            rows.append(
                {
                    "case": tie.case,
                    "organisation_a": tie.a,
                    "organisation_b": tie.b,
                    "weight": tie.weight,
                    "rule": e.rule,
                    "document": e.document,
                    "segment": e.segment,
                    "start": e.start,
                    "end": e.end,
                    "codes": "; ".join(e.codes),
                    "text": texts.get(e.document, "")[e.start : e.end],
                }
            )
    columns = [
        "case",
        "organisation_a",
        "organisation_b",
        "weight",
        "rule",
        "document",
        "segment",
        "start",
        "end",
        "codes",
        "text",
    ]
    return pd.DataFrame(rows, columns=columns)


def write_network(result: NetworkResult, folder: Path) -> list[Path]:
    """ties.csv, evidence.csv, measures.csv, candidates.csv and a drawing per pole."""
    measures = result.measures_frame()
    counts = {column: "Int64" for column in COUNTS if column in measures}  # « 4 », not « 4.0 »
    tables = {
        "ties.csv": result.ties_frame(),
        "evidence.csv": result.evidence,
        "measures.csv": measures.astype(counts),
    }
    if result.candidates is not None:
        tables["candidates.csv"] = result.candidates
    else:  # not asked for this time: an older review file would no longer match the rest
        (folder / "candidates.csv").unlink(missing_ok=True)
    written = []
    for name, frame in tables.items():
        written.append(write_csv(frame, folder / name, index=False))
    pieces = distinct_file_names(pole.case for pole in result.poles)  # « Pôle-Nord », « pôle-nord »
    for pole in result.poles:
        if pole.read and pole.graph.number_of_nodes():
            written.extend(
                draw_pole(
                    pole.graph,
                    pole.members,
                    drawing_title(pole),
                    folder / "figures" / f"reseau-{pieces[pole.case]}",
                )
            )
    return written


def drawing_title(pole: PoleNetwork) -> str:
    return f"{pole.name} : réseau de coopération (lecture : {pole.reading.configuration})"


def network_if_listed(
    settings: NetworkSettings,
    store: Store,
    codebook: Codebook,
    *,
    members_file: Path,
    cache_folder: Path,
    include_suggestions: bool,
    selection: CoderSelection | None = None,
) -> NetworkResult | None:
    """The network for `ptce-coding run` and `report`: None when there is no members file."""
    if not members_file.is_file():
        return None
    statuses = ("accepted", "suggested") if include_suggestions else ("accepted",)
    return build_network(
        settings,
        store,
        codebook,
        members_file=members_file,
        cache_folder=cache_folder,
        statuses=statuses,
        selection=selection,
    )
