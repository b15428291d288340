"""Entities and their pseudonyms: one pseudonym per person for the whole project.

Detections are grouped into entities: a person's variants (« Anne Hurand », « Hurand »,
« Anne », and « Mme Hurand », whose title stays in the text) are one entity when the short form
is a word of exactly one full name; the same name is the same entity in every document. Each
entity gets the list's pseudonym or role when it has one, else the one it had in the previous
mapping, else the next number of its kind (« Personne 7 », « Organisation 3 »; a place's word
is the kind of place its French context says: « Commune 2 », « Voie 1 » for « rue X », « Région
1 »…, ``places``). A name written alike for a person and for something else is two entities,
each occurrence the one its context says (``two_kinds``: « Monsieur Kessler », « la scierie
Kessler »).

The mapping they are written to and read from is ``mapping_file``; the other names an entity
goes by (a word of a full name, a hyphenated compound, a file name's) are ``name_variants``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence

from ptce_coding.privacy.context import context_kinds
from ptce_coding.privacy.detect import SOURCES, Detection, after_article
from ptce_coding.privacy.entity import PATTERN_PREFIX, Entity, bare_variant
from ptce_coding.privacy.file_names import FileWords
from ptce_coding.privacy.name_variants import (
    PARTICLE,
    add_compounds,
    add_file_names,
    add_name_parts,
    name_parts,
)
from ptce_coding.privacy.names import KnownName, ListedName
from ptce_coding.privacy.places import PLACE_WORDS, place_word
from ptce_coding.privacy.two_kinds import split_by_context

PREFIXES = {
    "person": "Personne",
    "organisation": "Organisation",
    "place": "Commune",
    "email": "Courriel",
    "phone": "Téléphone",
    "url": "Site web",
}
# every word a numbered pseudonym begins with
NUMBERED_WORDS = tuple(dict.fromkeys([*PREFIXES.values(), *PLACE_WORDS]))


_GUESSED = ("model", "context")


def _best_source(found: list[Detection]) -> str:
    return SOURCES[min(SOURCES.index(d.source) for d in found)]


def _kind_of(found: list[Detection], cues: Counter[str]) -> str:
    """The kind the strongest source gives. A name only the NER found (or a context
    announced) takes the kind the French contexts of its occurrences give it most
    (``cues``, ``context.context_kinds``: « la gare de Montaurel » is a place whatever the
    NER says), else the NER's most frequent one."""
    best = _best_source(found)
    kinds = Counter(d.kind for d in found if d.source == best)
    guessed = kinds.most_common(1)[0][0]
    if best not in _GUESSED or not cues:
        return guessed
    top = max(cues.values())
    tied = [kind for kind, count in cues.most_common() if count == top]
    return guessed if guessed in tied else tied[0]


def build_entities(
    detections: Sequence[Detection],
    listed: Sequence[ListedName] = (),
    previous: Sequence[Entity] = (),
    texts: Mapping[str, str] | None = None,
    known: Sequence[KnownName] = (),
    cases: Collection[str] = (),
    files: Sequence[FileWords] = (),
) -> list[Entity]:
    """Entities from detections (sorted by document and position), the project's list and
    the poles and organisations its files name (``known``: one entity each, with the
    variants the list does not already hold; its pseudonym gives way to the previous
    review's, unlike the list's, unless that one is now another pole's: ``cases``, the case
    folders, see ``_assign``).

    With ``texts``, a word of a person's full name that stands alone somewhere in the texts
    (« Anne » of « Anne Hurand ») becomes a variant too, when no other person shares it.
    With ``files`` (``file_names.file_words``), the names of the file names that the texts
    never write are proposed too (``name_variants.add_file_names``).
    """
    by_surface: dict[str, list[Detection]] = defaultdict(list)
    for detection in detections:
        by_surface[" ".join(detection.text.split())].append(detection)
    entities: list[Entity] = []
    owner: dict[str, Entity] = {}  # surface or list name -> entity
    for name in listed:
        key = PATTERN_PREFIX + name.pattern if name.pattern is not None else name.name
        if key in owner:
            continue
        entity = Entity("", name.kind, name.name, [key], name.pseudonym or "", {"list"})
        entities.append(entity)
        owner[key] = entity
    for group in known:
        free = [v for v in group.variants if v not in owner]
        if not free:
            continue
        shown = group.name if group.name in free else free[0]
        entity = Entity("", group.kind, shown, free, group.pseudonym, {"project"})
        entities.append(entity)
        owner.update(dict.fromkeys(free, entity))
    # the project's files name places too: « Ville de Montaurel » in members.csv
    said = [*(texts or {}).values(), *(v for group in known for v in group.declared)]
    guessed = [s for s, found in by_surface.items() if _best_source(found) in _GUESSED]
    cues = context_kinds(guessed, said)
    kinds = {
        surface: _kind_of(found, cues.get(surface, Counter()))
        for surface, found in by_surface.items()
    }
    # Full person names first, then the short forms that belong to exactly one of them.
    ordered = sorted(by_surface, key=lambda s: (-len(s.split()), _first_seen(by_surface[s])))
    for surface in ordered:
        found = by_surface[surface]
        listed_by = owner.get(surface) or _pattern_owner(surface, entities)
        if listed_by is not None:  # a list's name, or a spelling its pattern matches
            listed_by.sources.update(d.source for d in found)
            continue
        bare = _without_article_of(surface, owner)
        if bare is not None:  # « Ateliers » of « les Ateliers », « Parc » of « le Parc »
            bare.variants.append(surface)
            bare.sources.update(d.source for d in found)
            owner[surface] = bare
            continue
        alone = len(surface.split()) == 1 or PARTICLE.match(surface)
        whole = _full_name_of(surface, entities) if alone and not _articled(found, texts) else None
        if whole is None:
            entity = Entity("", kinds[surface], surface, [], "", set())
            entities.append(entity)
        else:
            entity = whole
        entity.variants.append(surface)
        entity.sources.update(d.source for d in found)
        owner[surface] = entity
    if texts is not None:
        add_name_parts(entities, owner, texts)
        add_compounds(entities, owner, texts)
        split_by_context(entities, texts)
    add_file_names(entities, files)
    first = {id(e): _entity_first_seen(e, by_surface) for e in entities}
    entities.sort(key=lambda e: (first[id(e)], e.name))
    words = {
        id(e): place_word(e.literals, (texts or {}).values()) for e in entities if e.kind == "place"
    }
    _assign(entities, previous, pole_pseudonyms(cases, known), words)
    return entities


def pole_pseudonyms(cases: Iterable[str], known: Iterable[KnownName]) -> dict[str, set[str]]:
    """What only one pole may be called, folded (casefold): each case's folder name and the
    pseudonyms ``known.pole_names`` gives a pole (``pole-b``, « Pôle B »), each with the
    names it belongs to."""
    owners: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        owners[case.casefold()].add(case)
    for group in known:
        if group.pseudonym:
            owners[group.pseudonym.casefold()].update(group.variants)
    return owners


def another_pole_s(pseudonym: str, variants: Iterable[str], owners: Mapping[str, set[str]]) -> bool:
    """``pseudonym``, given to the name written ``variants``, is another pole's folder name
    or pseudonym (``owners``: ``pole_pseudonyms``): « alpha » as ``pole-a`` beside a folder
    ``pole-a``."""
    found = owners.get(pseudonym.casefold())
    return found is not None and not found & set(variants)


_ARTICLES = ("le ", "la ", "les ", "l'", "l’", "Le ", "La ", "Les ", "L'", "L’")


def _without_article_of(surface: str, owner: Mapping[str, Entity]) -> Entity | None:
    """The one entity (of the list or the project) written ``surface`` with an article
    (« les Ateliers » for « Ateliers »: « le budget des Ateliers », « aux Ateliers »)."""
    found = {id(e): e for a in _ARTICLES if (e := owner.get(a + surface)) is not None}
    return next(iter(found.values())) if len(found) == 1 else None


def _pattern_owner(surface: str, entities: Iterable[Entity]) -> Entity | None:
    return next((e for e in entities if any(re.fullmatch(p, surface) for p in e.patterns)), None)


def _articled(found: Sequence[Detection], texts: Mapping[str, str] | None) -> bool:
    """Every occurrence of a name is written after an article (« la clinique de la
    Lisonne »): French puts none before a person's name, so it is no short form of one
    (« Lisonne » of the model's « Lisonne Habitat »)."""
    return texts is not None and all(
        d.document in texts and after_article(texts[d.document], d.start) for d in found
    )


def _first_seen(found: list[Detection]) -> tuple[str, int]:
    return min((d.document, d.start) for d in found)


def _entity_first_seen(
    entity: Entity, by_surface: Mapping[str, list[Detection]]
) -> tuple[str, int]:
    """Where an entity's names are first found: those it holds in context only count when
    it has no other (an entity ``two_kinds`` made)."""
    variants = [v for v in entity.variants if bare_variant(v) == v] or [
        bare_variant(v) for v in entity.variants
    ]
    seen = [_first_seen(by_surface[v]) for v in variants if v in by_surface]
    return min(seen, default=("~", 0))


def _full_name_of(surface: str, entities: Iterable[Entity]) -> Entity | None:
    """The one person entity with a multi-word variant holding ``surface`` (maybe in
    capitals: « DUPONT » of a heading), a word of it or its surname with its particle (« La
    Fontaine », « D'Aubigné » at the start of a sentence for « Jean de La Fontaine », « Louis
    d'Aubigné »), if only one."""
    folded = _lower_first(surface)
    # « DUPONT » of a heading in capitals is « Dupont »
    written = surface[:1] + surface[1:].lower() if surface.isupper() else surface
    candidates = [
        e
        for e in entities
        if e.kind == "person"
        and any(
            written in v.split() or folded in {_lower_first(p) for p in name_parts(v)}
            for v in e.literals
            if " " in v
        )
    ]
    return candidates[0] if len(candidates) == 1 else None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _assign(
    entities: list[Entity],
    previous: Sequence[Entity],
    poles: Mapping[str, set[str]],
    words: Mapping[int, str],
) -> None:
    """Ids and pseudonyms: the list's, else the previous mapping's (unless it is now another
    pole's: ``poles``, ``pole_pseudonyms``; a folder ``pole-a`` imported after ``alpha`` was
    given ``pole-a``), else the project's default (« Pôle A »), else the next number of its
    word (``words``: a place's, by ``id`` of the entity, ``places.place_word``; else its
    kind's, ``PREFIXES``).

    An entity the previous review dropped is dropped again, and one the previous review had
    (kept or dropped) is not ``new``: a second review only asks about what is new. A number
    is never one another entity has already (« Personne 3 » given in the list): two rows with
    one pseudonym are one person.
    """
    known: dict[str, list[Entity]] = defaultdict(list)
    for entity in previous:
        for variant in entity.variants:
            known[bare_variant(variant)].append(entity)
    used: dict[str, int] = defaultdict(int)
    numbered = re.compile("(" + "|".join(map(re.escape, NUMBERED_WORDS)) + r") (\d+)")
    for entity in previous:
        found = numbered.fullmatch(entity.pseudonym)
        if found:
            used[found.group(1)] = max(used[found.group(1)], int(found.group(2)))
    for number, entity in enumerate(entities, start=1):
        entity.id = f"E{number}"
        before = _previous_row(entity, known)
        entity.new = before is None and bool(previous)
        if before is not None:
            entity.kept = before.kept
            listed = entity.pseudonym if "list" in entity.sources else ""
            mistaken = another_pole_s(before.pseudonym, entity.variants, poles)
            reused = "" if mistaken else before.pseudonym
            entity.pseudonym = listed or reused or entity.pseudonym
    taken = {e.pseudonym.casefold() for e in (*previous, *entities) if e.pseudonym}
    for entity in (e for e in entities if not e.pseudonym):
        word = words.get(id(entity)) or PREFIXES[entity.kind]
        used[word] += 1
        while f"{word} {used[word]}".casefold() in taken:
            used[word] += 1
        entity.pseudonym = f"{word} {used[word]}"
        taken.add(entity.pseudonym.casefold())


def _previous_row(entity: Entity, known: Mapping[str, list[Entity]]) -> Entity | None:
    """The previous mapping's row of ``entity``: the one of its first name that has one, of
    its kind when a name was written alike for two kinds (``two_kinds``: the town Florence
    keeps its « Commune 2 » whichever of the two holds « Florence » in context only now)."""
    for variant in entity.variants:
        rows = known.get(bare_variant(variant))
        if rows:
            return next((row for row in rows if row.kind == entity.kind), rows[-1])
    return None
