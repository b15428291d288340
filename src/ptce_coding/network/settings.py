"""The `network` section of project.yaml (parsed by app/project.py): what makes a tie."""

from __future__ import annotations

from dataclasses import dataclass

TIE_RULES = ("co-mention", "interviewee")


@dataclass(frozen=True)
class NetworkSettings:
    """What makes a tie between two members of a pole (`ptce-coding network`)."""

    members: str = "corpus/members.csv"
    cooperation_codes: tuple[str, ...] = ("COOP",)  # code id prefixes whose segments count
    ties: tuple[str, ...] = TIE_RULES
    max_members_per_segment: int = 4  # a segment naming more members is a list: no co-mention
    organisation_attribute: str = "organisation"  # interview attribute: the member speaking
    governance_attribute: str = "gouvernance"  # case attribute compared with the reading
