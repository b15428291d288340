"""A name written alike for a person and for something else gets two entities.

« Florence » the coordinator and Florence the town, « Kessler » the scierie and « Monsieur
Kessler » its patron: the name stays its entity's (the kind the review gives it), and the
occurrences whose French context rules that kind out for the other one
(``occurrence_kinds.other_kind``) go to an entity of the other kind, which holds the name as
``context:NAME`` (``entity``). That entity is the one person whose full name holds the word
(« Monsieur Kessler » is Bernard Kessler, one pseudonym for both), else a new entity of its
own, numbered like any other: « Personne 4 » and « Commune 2 » for the two Florence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ptce_coding.privacy.detect import AFTER, BEFORE
from ptce_coding.privacy.entity import CONTEXT_PREFIX, PATTERN_PREFIX, Entity
from ptce_coding.privacy.occurrence_kinds import occurrence_kinds, other_kind

TOLD_APART = ("person", "organisation", "place")


def split_by_context(entities: list[Entity], texts: Mapping[str, str]) -> None:
    """Give the occurrences of a name that its context says are of another kind to an
    entity of that kind (see the module's rule); ``entities`` grows with the new ones."""
    owners: dict[str, Entity] = {}
    for entity in entities:
        if entity.kind not in TOLD_APART or not entity.kept:
            continue
        for variant in entity.variants:
            if variant.strip() and not variant.startswith((PATTERN_PREFIX, CONTEXT_PREFIX)):
                owners.setdefault(variant, entity)
    if not owners:
        return
    # the longest name first, as the exports find them: « Kessler » of « Bernard Kessler »
    # is Bernard Kessler's
    alternatives = "|".join(map(re.escape, sorted(owners, key=len, reverse=True)))
    pattern = re.compile(f"{BEFORE}(?:{alternatives}){AFTER}")
    wanted: dict[tuple[str, str], Entity] = {}
    for text in texts.values():
        for found in pattern.finditer(text):
            owner = owners[found.group()]
            kind = other_kind(owner.kind, occurrence_kinds(text, found.start(), found.end()))
            if kind is not None:
                wanted.setdefault((found.group(), kind), owner)
    for (name, kind), owner in wanted.items():
        other = _other_entity(name, kind, owner, entities)
        variant = CONTEXT_PREFIX + name
        if variant not in other.variants:
            other.variants.append(variant)
        other.sources.add("context")


def _other_entity(name: str, kind: str, owner: Entity, entities: list[Entity]) -> Entity:
    """The one person whose full name holds ``name``, or a new entity of ``kind``."""
    if kind == "person":
        full = [
            e
            for e in entities
            if e.kind == "person"
            and e is not owner
            and any(name in v.split() for v in e.literals if " " in v)
        ]
        if len(full) == 1:
            return full[0]
    made = Entity("", kind, name, [], "", {"context"})
    entities.append(made)
    return made
