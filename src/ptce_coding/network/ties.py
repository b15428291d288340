"""Ties between members, each with the segments that show it.

Two rules (``network.ties`` in project.yaml), both only in segments coded with a cooperation
code (``network.cooperation_codes``, COOP by default):

* ``co-mention``: two members named in the same segment, unless the segment names more than
  ``max_members_per_segment`` members: a list of the pole's members (« il y a les Ateliers,
  Val Net, l'AI, le garage, la Régie… ») says who belongs, not who works with whom;
* ``interviewee``: a member named by an interviewee who belongs to another member (the
  interview's ``organisation`` attribute names that member).

A tie's weight is the number of distinct segments that show it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from ptce_coding.network.mentions import Mention


@dataclass(frozen=True)
class Evidence:
    document: str
    segment: int
    start: int
    end: int
    rule: str  # co-mention or interviewee
    codes: tuple[str, ...]  # the cooperation codes of the segment


@dataclass
class Tie:
    case: str
    a: str  # the two members, in alphabetical order
    b: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def weight(self) -> int:
        return len({(e.document, e.segment) for e in self.evidence})

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(sorted({e.rule for e in self.evidence}))


@dataclass(frozen=True)
class CodedSegment:
    """A segment coded with at least one cooperation code."""

    case: str
    document: str
    segment: int
    start: int
    end: int
    codes: tuple[str, ...]


def build_ties(
    mentions: Iterable[Mention],
    coded: Iterable[CodedSegment],
    speakers: Mapping[str, str],
    rules: Sequence[str] = ("co-mention", "interviewee"),
    max_members_per_segment: int = 4,
) -> list[Tie]:
    """The ties of every pole, strongest first.

    ``speakers``: document name → the member its interviewee belongs to (documents without
    one give no ``interviewee`` ties).
    """
    cooperation = {(c.document, c.segment): c for c in coded}
    named: dict[tuple[str, int], set[str]] = {}
    for mention in mentions:
        named.setdefault((mention.document, mention.segment), set()).add(mention.member)
    ties: dict[tuple[str, str, str], Tie] = {}

    def add(segment: CodedSegment, first: str, second: str, rule: str) -> None:
        a, b = sorted((first, second))
        tie = ties.setdefault((segment.case, a, b), Tie(segment.case, a, b))
        tie.evidence.append(
            Evidence(
                segment.document, segment.segment, segment.start, segment.end, rule, segment.codes
            )
        )

    for key, members in sorted(named.items()):
        segment = cooperation.get(key)
        if segment is None:
            continue
        if "co-mention" in rules and len(members) <= max_members_per_segment:
            for first, second in combinations(sorted(members), 2):
                add(segment, first, second, "co-mention")
        speaker = speakers.get(segment.document)
        if "interviewee" in rules and speaker:
            for member in sorted(members - {speaker}):
                add(segment, speaker, member, "interviewee")
    return sorted(ties.values(), key=lambda t: (t.case, -t.weight, t.a, t.b))
