"""The pseudonyms of a reviewed workbook checked against the names: a numbered pseudonym
follows its row's kind, a pseudonym that is one of the names replaced or holds one is refused
(the exports would name the wrong person, or name one in clear)."""

from __future__ import annotations

import re
from collections import defaultdict

from ptce_coding.base.notices import say
from ptce_coding.privacy.entity import Entity
from ptce_coding.privacy.folding import key
from ptce_coding.privacy.places import PLACE_WORDS
from ptce_coding.privacy.pseudonyms import NUMBERED_WORDS, PREFIXES
from ptce_coding.privacy.replacer import Replacer

_NUMBERED = re.compile("(" + "|".join(map(re.escape, NUMBERED_WORDS)) + r") (\d+)")


def _kind_words(kind: str) -> set[str]:
    """The words a numbered pseudonym of ``kind`` begins with (« Commune », « Voie »… for a
    place)."""
    return {PREFIXES[kind], *PLACE_WORDS} if kind == "place" else {PREFIXES[kind]}


def pseudonyms_of_their_kind(entities: list[Entity]) -> None:
    """A numbered pseudonym of another kind than its row's (« Personne 2 » of a row the
    researcher made a place: the exports would read « à Personne 2 ») becomes the next
    number of the row's kind (« Commune 31 »), said (``base.notices``); one the researcher
    wrote (« Directrice du pôle ») stays."""
    used: dict[str, int] = defaultdict(int)
    for entity in entities:
        found = _NUMBERED.fullmatch(entity.pseudonym)
        if found:
            used[found.group(1)] = max(used[found.group(1)], int(found.group(2)))
    for entity in entities:
        found = _NUMBERED.fullmatch(entity.pseudonym)
        if not entity.kept or found is None or found.group(1) in _kind_words(entity.kind):
            continue
        word = PREFIXES[entity.kind]
        used[word] += 1
        before, entity.pseudonym = entity.pseudonym, f"{word} {used[word]}"
        say(
            f"{entity.id} ({entity.name}) is now a {entity.kind}: its pseudonym {before!r} "
            f"became {entity.pseudonym!r}."
        )


def pseudonyms_that_are_names(entities: list[Entity]) -> list[str]:
    """A pseudonym that is one of the names of the interviews, its own (nothing hidden),
    another kept entity's (the exports would give one person's name to another) or a
    dropped one's (left in clear: the exports would name two people alike); compared as
    the exports find names, without accents or capitals (« Helene » is « Hélène »)."""
    written: dict[str, Entity] = {}
    for entity in sorted(entities, key=lambda e: not e.kept):  # kept rows win
        for variant in entity.literals:
            written.setdefault(key(variant), entity)
    problems = []
    for entity in entities:
        other = written.get(key(entity.pseudonym)) if entity.kept else None
        if other is None:
            continue
        whose = (
            "its own name" if other.id == entity.id else f"how {other.id} ({other.name}) is written"
        )
        left = "" if other.kept else ", a name left as it is"
        problems.append(
            f"{entity.id}: the pseudonym {entity.pseudonym!r} is {whose} in the interviews"
            f"{left}: choose another (or drop the row to leave the name as it is)"
        )
    return problems


def names_in_pseudonyms(entities: list[Entity]) -> list[str]:
    """A kept pseudonym that holds a name the exports hide (« directrice de la Biscuiterie »,
    « Marie (Encre Vive) »), in any case: a pseudonym is written as it is, never searched
    again, so the name would be in clear in every export. One that is a whole name is
    ``pseudonyms_that_are_names``'s."""
    kept = [e for e in entities if e.kept]
    replacer = Replacer(kept)
    names = {e.id: e.name for e in kept}
    problems = []
    for entity in kept:
        if key(entity.pseudonym) in {key(v) for v in entity.literals}:
            continue  # its own name: said already
        spans = replacer.spans(entity.pseudonym.upper())  # capitals: found whatever the case
        inside = [s for s in spans if (s.start, s.end) != (0, len(entity.pseudonym))]
        if inside:
            whose = names.get(inside[0].entity, "an e-mail address, a phone or a URL")
            problems.append(
                f"{entity.id}: the pseudonym {entity.pseudonym!r} holds a name the exports "
                f"hide ({whose}): it would be written in clear; choose another"
            )
    return problems
