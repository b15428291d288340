"""Network measures on hand-built graphs with known values; ties, members and readings."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from ptce_coding.base.errors import PtceError
from ptce_coding.network.measures import (
    betweenness_centralisation,
    core_periphery,
    degree_centralisation,
    most_central,
    pole_measures,
)
from ptce_coding.network.members import read_members
from ptce_coding.network.mentions import Mention
from ptce_coding.network.ties import CodedSegment, build_ties
from ptce_coding.network.typology import read_typology


def named(graph: nx.Graph) -> nx.Graph:
    return nx.relabel_nodes(graph, lambda v: f"m{v}")


STAR = named(nx.star_graph(6))  # m0 and six others
RING = named(nx.cycle_graph(7))
COMPLETE = named(nx.complete_graph(5))


def test_star_ring_complete_known_values() -> None:
    assert degree_centralisation(STAR) == 1.0
    assert betweenness_centralisation(STAR) == 1.0
    assert nx.density(COMPLETE) == 1.0
    assert degree_centralisation(RING) == 0.0
    assert betweenness_centralisation(RING) == pytest.approx(0.0)
    assert degree_centralisation(COMPLETE) == 0.0
    assert most_central(STAR) == ("m0", 1.0)
    assert most_central(COMPLETE)[1] == pytest.approx(2 / 5)  # 4 of the 10 ties


def test_path_of_five_published_values() -> None:
    """Freeman (1979): P5 has degree centralisation 1/6 and betweenness centralisation 5/12."""
    path = named(nx.path_graph(5))
    assert degree_centralisation(path) == pytest.approx(1 / 6)
    assert betweenness_centralisation(path) == pytest.approx(5 / 12)


def test_core_periphery_finds_the_hub_and_the_clique() -> None:
    assert core_periphery(STAR) == (["m0"], pytest.approx(1.0))
    graph = named(nx.complete_graph(3))  # a core of three, each with two own peripherals
    for i, hub in enumerate(["m0", "m1", "m2"]):
        graph.add_edges_from([(hub, f"p{i}a"), (hub, f"p{i}b")])
    core, fit = core_periphery(graph)
    assert sorted(core) == ["m0", "m1", "m2"]
    assert 0.4 < fit < 1  # peripherals tied to one hub only: the ideal pattern wants all three
    with pytest.raises(ValueError, match="no core/periphery split"):
        core_periphery(COMPLETE)


def test_undefined_measures_raise_and_are_recorded_as_missing() -> None:
    pair = nx.Graph([("a", "b")])
    with pytest.raises(ValueError, match="at least 3 members"):
        degree_centralisation(pair)
    measures = pole_measures("x", pair)
    assert measures.degree_centralisation is None
    assert measures.density == 1.0
    assert any("at least 3 members" in note for note in measures.notes)


def test_readings_of_a_star_a_ring_two_groups_and_a_small_core() -> None:
    assert read_typology(pole_measures("s", STAR), 0, None, 1).configuration == "monocentrique"
    assert read_typology(pole_measures("s", STAR), 0, None, 1).coordination == "verticale"
    ring = read_typology(pole_measures("r", RING), 1, 0.1, 1)
    assert (ring.configuration, ring.coordination) == ("polycentrique", "horizontale")
    two = named(nx.union(nx.complete_graph(3), nx.complete_graph(range(3, 6))))
    assert read_typology(pole_measures("t", two), 2, 0.5, 2).configuration == "multipolaire"
    core = nx.Graph([("A", "B")] + [(hub, f"x{i}") for hub in "AB" for i in range(3)])
    assert core_periphery(core) == (["A", "B"], pytest.approx(1.0))
    reading = read_typology(pole_measures("c", core), 1, 0.1, 1)
    assert reading.configuration == "monocentrique élargie", reading.why
    lonely = nx.Graph([("A", "B")])
    lonely.add_nodes_from(["C", "D", "E"])
    lonely_reading = read_typology(pole_measures("l", lonely), 0, None, 1, isolated=3)
    assert lonely_reading.configuration == "indéterminé"


def mention(document: str, segment: int, member: str) -> Mention:
    return Mention("p", document, segment, 0, 1, member, member)


def coded(document: str, segment: int, start: int = 0) -> CodedSegment:
    return CodedSegment("p", document, segment, start, start + 10, ("COOP.LIEU",))


def test_ties_come_only_from_cooperation_segments_with_their_evidence() -> None:
    mentions = [
        mention("d1", 1, "A"),
        mention("d1", 1, "B"),  # coded: A–B
        mention("d1", 2, "A"),
        mention("d1", 2, "C"),  # not coded: nothing
        mention("d2", 5, "B"),
        mention("d2", 5, "A"),  # coded: A–B again
        mention("d2", 7, "C"),  # coded, said by an interviewee of D: C–D
    ]
    segments = [coded("d1", 1, 100), coded("d2", 5, 500), coded("d2", 7, 700)]
    ties = build_ties(mentions, segments, {"d2": "D"})
    found = {(t.a, t.b): t for t in ties}
    assert set(found) == {("A", "B"), ("A", "D"), ("B", "D"), ("C", "D")}
    assert ("A", "C") not in found
    ab = found[("A", "B")]
    assert ab.weight == 2
    assert [(e.document, e.segment, e.start, e.rule) for e in ab.evidence] == [
        ("d1", 1, 100, "co-mention"),
        ("d2", 5, 500, "co-mention"),
    ]
    assert [(e.segment, e.rule) for e in found[("C", "D")].evidence] == [(7, "interviewee")]
    only_mentions = build_ties(mentions, segments, {"d2": "D"}, rules=("co-mention",))
    assert {(t.a, t.b) for t in only_mentions} == {("A", "B")}


def test_a_list_of_members_makes_no_co_mention_ties() -> None:
    mentions = [mention("d", 1, name) for name in "ABCDE"]
    assert build_ties(mentions, [coded("d", 1)], {}, max_members_per_segment=4) == []
    assert len(build_ties(mentions, [coded("d", 1)], {}, max_members_per_segment=5)) == 10
    star = build_ties(mentions, [coded("d", 1)], {"d": "A"}, max_members_per_segment=4)
    assert {(t.a, t.b) for t in star} == {("A", x) for x in "BCDE"}


def test_members_file_checks(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text(
        "case,organisation,kind,circle,aliases\n"
        "p,Ateliers du Val,SIAE,first,les Ateliers;AI\n"
        "p,Val Net,SIAE,2,\n",
        encoding="utf-8",
    )
    first, second = read_members(path)
    assert first.aliases == ("Ateliers du Val", "les Ateliers", "AI")
    assert (first.circle, second.circle) == (1, 2)
    bad = {
        "p,X,SIAE,third,\n": "line 2: unknown circle 'third'",
        "p,X,SIAE,first,\np,X,SCOP,second,\n": "line 3: 'X' is listed twice",
        "p,X,SIAE,first,Y\np,Z,SCOP,second,y\n": "line 3: the alias 'y' is also given to 'X'",
        "p,,SIAE,first,\n": "line 2: empty `organisation`",
    }
    for rows, message in bad.items():
        path.write_text("case,organisation,kind,circle,aliases\n" + rows, encoding="utf-8")
        with pytest.raises(PtceError, match=message):
            read_members(path)
    path.write_text("case,organisation\np,X\n", encoding="utf-8")
    with pytest.raises(PtceError, match="line 1: missing column"):
        read_members(path)


def test_network_settings_are_checked(tmp_path: Path) -> None:
    from ptce_coding.app.project import init_project, load_project

    root = tmp_path / "study"
    init_project(root)
    assert load_project(root).network.ties == ("co-mention", "interviewee")
    text = (root / "project.yaml").read_text(encoding="utf-8")
    for setting, message in (
        ("  ties: [friendship]", "unknown tie rule(s) in `network.ties`: friendship"),
        ("  max_members_per_segment: 1", "`network.max_members_per_segment` must be"),
        ("  colour: red", "unknown `network` setting(s): colour"),
    ):
        (root / "project.yaml").write_text(
            text.split("\nnetwork:")[0] + "\nnetwork:\n" + setting + "\n", encoding="utf-8"
        )
        with pytest.raises(PtceError, match=message.replace("(", r"\(").replace(")", r"\)")):
            load_project(root)
