"""The `network` section of project.yaml (parsed by app/project.py): what makes a tie; and
the check, once the codebook and the store are open, that it names what they hold."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ptce_coding.base.errors import ProjectError
from ptce_coding.base.settings import setting_line

TIE_RULES = ("co-mention", "interviewee")
ORGANISATION_ATTRIBUTE = "organisation"
GOVERNANCE_ATTRIBUTE = "gouvernance"


@dataclass(frozen=True)
class NetworkSettings:
    """What makes a tie between two members of a pole (`ptce-coding network`)."""

    members: str = "corpus/members.csv"
    cooperation_codes: tuple[str, ...] = ("COOP",)  # code id prefixes whose segments count
    ties: tuple[str, ...] = TIE_RULES
    max_members_per_segment: int = 4  # a segment naming more members is a list: no co-mention
    organisation_attribute: str = ORGANISATION_ATTRIBUTE  # interview attribute: who speaks
    governance_attribute: str = GOVERNANCE_ATTRIBUTE  # case attribute compared with the reading
    source: str = field(default="", compare=False)  # the file that sets them: project.yaml


SETTING_KEYS = set(NetworkSettings.__dataclass_fields__) - {"source"}


def check_network_settings(
    settings: NetworkSettings,
    code_ids: Collection[str],
    document_attributes: Iterable[Mapping[str, Any]],
    case_attributes: Iterable[Mapping[str, Any]],
) -> None:
    """Refuses a cooperation code the codebook does not have (its segments would silently be
    none: empty networks), and an attribute renamed from its default that no interview (or
    pole) has (no interviewee tie, no governance compared, without a word)."""
    for code in settings.cooperation_codes:
        if code not in code_ids:
            close = difflib.get_close_matches(code, sorted(code_ids), n=1)
            raise _error(
                settings,
                "cooperation_codes",
                f"`network.cooperation_codes`: {code} is not a code of the codebook"
                + (f" (did you mean {close[0]}?)" if close else "")
                + ": no segment would count as cooperation",
                "Name codes of the codebook (`ptce-coding codebook show`); a code counts with "
                "the codes under it.",
            )
    checks = (
        ("organisation_attribute", ORGANISATION_ATTRIBUTE, document_attributes, "interview"),
        ("governance_attribute", GOVERNANCE_ATTRIBUTE, case_attributes, "pole"),
    )
    for key, default, tables, owner in checks:
        name = getattr(settings, key)
        if name == default or (
            key == "organisation_attribute" and "interviewee" not in settings.ties
        ):
            continue
        known = sorted({str(k) for values in tables for k in values})
        if name in known:
            continue
        table = "documents.csv" if owner == "interview" else "cases.csv"
        close = difflib.get_close_matches(name, known, n=1)
        raise _error(
            settings,
            key,
            f"`network.{key}`: no {owner} has the attribute {name!r}"
            + (f" (did you mean {close[0]}?)" if close else ""),
            f"Name a column of {table} ({', '.join(known) or 'none yet'}), or remove the line "
            f"for the default ({default}); after editing {table}, run `ptce-coding import` again.",
        )


def _error(settings: NetworkSettings, key: str, message: str, hint: str) -> ProjectError:
    if not settings.source:
        return ProjectError(message, hint=hint)
    path = Path(settings.source)
    return ProjectError(message, path=path, line=setting_line(path, "network", key), hint=hint)
