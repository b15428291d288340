"""The names a project knows that its mapping does not hold: a mapping written before a
members.csv organisation, an alias, a name of private/names.csv, a pole or a documents.csv
organisation was written. An anonymised view hides them all the same (``unreviewed``), and
refuses a mapping whose pseudonym has become another case's folder name
(``refuse_other_cases_names``)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ptce_coding.base.errors import PtceError
from ptce_coding.privacy.folding import key
from ptce_coding.privacy.names import KnownName, ListedName
from ptce_coding.privacy.pseudonyms import (
    PATTERN_PREFIX,
    Entity,
    another_pole_s,
    build_entities,
    pole_pseudonyms,
)


def refuse_other_cases_names(mapping: Sequence[Entity], cases: Iterable[str], path: Path) -> None:
    """A kept pseudonym of the mapping (at ``path``) that is another case's folder name would
    give that pole's name to this one (the exports would mix two poles)."""
    poles = pole_pseudonyms(cases, ())
    for entity in mapping:
        if entity.kept and another_pole_s(entity.pseudonym, entity.variants, poles):
            raise PtceError(
                f"the pseudonym {entity.pseudonym!r} of {entity.id} ({entity.name}) is now the "
                "name of another case's folder: the exports would give that pole's name to "
                "this one; nothing was written",
                path=path,
                hint="Run `ptce-coding pseudonymise --review private/revue-2.xlsx` (it proposes "
                "another pseudonym), then --apply it.",
            )


@dataclass(frozen=True)
class Unreviewed:
    """The names the project knows that the mapping does not hold."""

    entities: list[Entity]  # names no row holds, with their default pseudonyms
    spellings: dict[int, list[str]]  # a kept row's index in the mapping: names it lacks
    pseudonyms: list[str]  # what they are hidden as, for the warning

    @property
    def count(self) -> int:
        return len(self.entities) + sum(map(len, self.spellings.values()))


def unreviewed(
    known: Sequence[KnownName], mapping: Sequence[Entity], listed: Sequence[ListedName] = ()
) -> Unreviewed:
    """The project's poles and organisations (``known``) and the names of its list
    (``listed``) that no row of the mapping names (one made before they were written, or
    before a pole was imported): hidden all the same, with their default pseudonyms (« Pôle
    A », the list's, numbers after the mapping's). A name the review kept or dropped under
    another spelling is left to its decision, and a name the project's files write for it
    (a members.csv alias added since: ``KnownName.declared``) joins its row."""
    rows = {key(v): index for index, entity in enumerate(mapping) for v in entity.variants}
    fresh, spellings = [], defaultdict(list)
    for name in known:
        holders = [rows[key(v)] for v in name.variants if key(v) in rows]
        if not holders:
            fresh.append(name)
            continue
        for variant in name.declared:
            if key(variant) not in rows:
                rows[key(variant)] = holders[0]
                if mapping[holders[0]].kept:  # a dropped name's spellings stay as they are
                    spellings[holders[0]].append(variant)
    unlisted = [
        n
        for n in listed
        if key(n.name if n.pattern is None else PATTERN_PREFIX + n.pattern) not in rows
    ]
    entities = build_entities([], unlisted, previous=mapping, known=fresh)
    for number, entity in enumerate(entities, start=1):
        entity.id = f"project-{number}"
    shown = [e.pseudonym for e in entities]
    shown += [mapping[i].pseudonym for i in spellings]
    return Unreviewed(entities, dict(spellings), sorted(set(shown), key=_numbers_as_numbers))


def _numbers_as_numbers(text: str) -> list[tuple[int, str]]:
    """« Organisation 2 » before « Organisation 10 »."""
    return [(int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", text)]
