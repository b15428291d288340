"""The other names an entity goes by, beyond those the detections found: the words of a
person's full name that stand alone in the texts (« Anne » of « Anne Hurand »), a hyphenated
name holding a name (« Anne-Sophie »), and the names only a file name writes (« Ardoin » of
« Jean-Luc_Ardoin_H_57_SO.TextGrid »). Used by ``pseudonyms.build_entities``."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from ptce_coding.privacy.detect import AFTER, BEFORE, find_literal
from ptce_coding.privacy.entity import Entity
from ptce_coding.privacy.file_names import FileWords, name_form
from ptce_coding.privacy.name_words import PRENOMINAL, TITLES, is_role_word

# a particle of a surname: « de Lattre », « d'Aubigné », « de La Fontaine », « La Fontaine »
PARTICLE = re.compile(r"(?:[Dd]e|[Dd]u|[Dd]es|[Ll]a|[Ll]e)\s+(?=\w)|[Dd]['’](?=\w)")


def name_parts(variant: str) -> list[str]:
    """The parts of a person's full name that may stand for it alone: its capitalised words
    among the first four (not a title, a role, nor an adjective before a capitalised word:
    « Grands » of « Grands Travaux », while « Petit » of « Marie Petit » is a surname), its
    surname of several words (« Dubois de Lattre », « La Fontaine », « Le Bihan ») and its
    surname with the particle it is written with (« de Lattre », « d'Aubigné » and
    « Aubigné »)."""
    words = variant.split()
    if len(words) < 2:
        return []
    parts = [
        word
        for index, word in enumerate(words[:4])
        if len(word) >= 3
        and word[0].isupper()
        and word not in TITLES
        and not is_role_word(word)
        and not (word.casefold() in PRENOMINAL and _capitalised(words[index + 1 :]))
    ]
    if not re.sub(r"^[dD]['’]", "", words[-1])[:1].isupper():
        return parts  # « Marie de »: no surname to take with its particle
    for index in range(1, len(words)):
        rest = " ".join(words[index:])
        if rest.startswith(("la ", "le ")):
            continue  # « la Tour » of « Marie de la Tour » reads as an article and a noun
        particle = PARTICLE.match(rest)
        if rest[0].isupper() and index < len(words) - 1:
            parts.append(rest)  # « Dubois de Lattre », « Le Bihan »: a surname of words
        elif particle is not None and rest[0].islower():
            parts.append(rest)
            bare = rest[particle.end() :]
            if bare[:1].isupper() and len(bare) >= 3:
                parts.append(bare)
    return list(dict.fromkeys(parts))


def _capitalised(words: list[str]) -> bool:
    """The next word is capitalised: an adjective before it qualifies it (« Grands Champs »)."""
    return bool(words) and words[0][:1].isupper()


def add_name_parts(
    entities: list[Entity], owner: dict[str, Entity], texts: Mapping[str, str]
) -> None:
    parts: dict[str, set[int]] = defaultdict(set)
    for number, entity in enumerate(entities):
        if entity.kind != "person":
            continue
        for variant in entity.literals:
            for word in name_parts(variant):
                parts[word].add(number)
    for word, owners in parts.items():
        if len(owners) != 1 or word in owner:
            continue
        if any(next(iter(find_literal(text, word)), None) for text in texts.values()):
            entity = entities[next(iter(owners))]
            entity.variants.append(word)
            owner[word] = entity


_INVERTED = {"je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ce"}
# the pronouns after an imperative: « Excusez-moi », « Dites-le »
_INVERTED |= {"moi", "toi", "lui", "leur", "le", "la", "les", "en", "y"}
_COMPOUND = re.compile(r"(?<![\w-])[^\W\d_][\w'’]*(?:-[\w'’]+)+(?![\w-])")


def add_compounds(
    entities: list[Entity], owner: dict[str, Entity], texts: Mapping[str, str]
) -> None:
    """A hyphenated name with a name inside (« Ferrecourt-sur-Lisonne », « Anne-Sophie »):
    a name is matched as whole words, so the compound would stay in clear; it becomes an
    entity of its own, of the same kind (« Anne-Sophie » is not « Anne »)."""
    for text in texts.values():
        for m in _COMPOUND.finditer(text):
            compound = m.group()
            if compound in owner or not compound[0].isupper():
                continue
            pieces = compound.split("-")
            if pieces[-1].lower() in _INVERTED:
                continue  # « Pouvez-vous », « Dit-il »: a verb and its subject, no name
            inside = next((owner[p] for p in pieces if p in owner), None)
            if inside is None or not inside.kept:
                continue
            entity = Entity("", inside.kind, compound, [compound], "", {"compound"})
            entities.append(entity)
            owner[compound] = entity


# how far a file name's surname may be from the name it goes with: « Jean-Luc Ardoin »
_NEIGHBOURS = 2
FILE_SOURCE = "file name"


def add_file_names(entities: list[Entity], files: Sequence[FileWords]) -> None:
    """The names of the file names (``file_names.file_words``) that no entity holds: the
    words that may be names right before or after a person's name (« Ardoin » of
    « Jean-Luc_Ardoin_H_57_SO.TextGrid », where the text writes only « Jean-Luc ») become
    variants of that person, with the full name; a person the NER reads in a file name
    (« Entretien_Marie_Dupont.docx ») is an entity of its own. Source « file name »."""
    held = {v.casefold() for e in entities for v in e.literals}
    persons = [e for e in entities if e.kind == "person" and e.kept]
    for entry in files:
        for entity in persons:
            for variant in list(entity.literals):
                for found in re.finditer(
                    BEFORE + r"\s+".join(map(re.escape, variant.split())) + AFTER,
                    entry.phrase,
                    re.IGNORECASE,
                ):
                    words = _beside(entry, found.start(), found.end(), held)
                    if not words:
                        continue
                    before = [w for w in words if w[0] < found.start()]
                    after = [w for w in words if w[0] >= found.end()]
                    full = " ".join(
                        [*(name_form(entry.phrase[s:e]) for s, e in before), variant]
                        + [name_form(entry.phrase[s:e]) for s, e in after]
                    )
                    new = [full, *(name_form(entry.phrase[s:e]) for s, e in words)]
                    entity.variants += [n for n in new if n.casefold() not in held]
                    held.update(n.casefold() for n in new)
                    entity.sources.add(FILE_SOURCE)
    for entry in files:
        for start, end in entry.people:
            run = entry.phrase[start:end]
            if any(w.casefold() in held for w in [run, *run.split()]):
                continue
            entities.append(Entity("", "person", run, [run], "", {FILE_SOURCE}))
            held.update(w.casefold() for w in [run, *run.split()])


def _beside(entry: FileWords, start: int, end: int, held: Collection[str]) -> list[tuple[int, int]]:
    """The words of ``entry`` that may be names right before ``start`` and right after
    ``end`` (up to ``_NEIGHBOURS`` each side, nothing but spaces between), none a name an
    entity holds already nor a part of one (« Luc » of « Jean-Luc », in the file name read
    without its hyphens)."""
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", entry.phrase)]
    names = set(entry.words)
    parts = {p for name in held for p in name.split("-")}  # « Luc » of « Jean-Luc »
    found: list[tuple[int, int]] = []
    left = [t for t in tokens if t[1] <= start][::-1]
    right = [t for t in tokens if t[0] >= end]
    for side in (left, right):
        for token in side[:_NEIGHBOURS]:
            if token not in names or entry.phrase[token[0] : token[1]].casefold() in parts:
                break
            found.append(token)
    return sorted(found)
