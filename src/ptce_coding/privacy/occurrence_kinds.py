"""What one occurrence of a name is, from the French words around it.

A name may be written alike for two things: « Florence » the coordinator and the Italian
town, « Kessler » the scierie and its patron (« Merci, Monsieur Kessler »). Each occurrence
then belongs to the entity its context says (``Entity.cued``, ``context:Kessler``), the others
to the entity the review gave the name (``pseudonyms.build_entities``, ``apply.Replacer``).

What an occurrence's context allows (``occurrence_kinds``), the first that speaks:

- a civility title before it (« Monsieur », « Mme », « M. », « Docteur », « Maître »…), or a
  speaker label (« Florence : »): a person;
- the words ``context.mention_kind`` reads (« la ville de Florence », « mon collègue Paul »,
  « Inès, qui est illustratrice », « la scierie Kessler »), and « X, c'est une ville »;
- a verb of going or living before it (« on est partis à Florence », « elle habite à »,
  « près de »): a place, or an organisation (« je vais à la Biscuiterie »);
- a verb of saying after it or before « à » (« Florence m'a dit », « j'ai écrit à
  Florence »): a person, or an organisation (« la Région a dit »); not « chez », which an
  organisation takes as often (« chez Val Net »).

Only a person and another kind are told apart so (``other_kind``): a verb of saying does not
make a company a person, nor does « à » make a place of one. ``Holders``: the entities that
write one name, and the one each occurrence is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ptce_coding.corpus.speakers import fold
from ptce_coding.privacy.context import (
    ORGANISATION_HEADS,
    PERSON_HEADS,
    PLACE_HEADS,
    PLACE_OF,
    mention_kind,
)
from ptce_coding.privacy.name_words import TITLES, is_direction_at

PERSON = frozenset({"person"})
ANIMATE = frozenset({"person", "organisation"})
DESTINATION = frozenset({"place", "organisation"})

_LONG_TITLES = ("Madame", "Monsieur", "Mademoiselle", "Docteur", "Maître", "Professeur")
_TITLE_FORMS = {*TITLES, "Me", "Pr", "Mmes", *_LONG_TITLES, *(t.lower() for t in _LONG_TITLES)}
_TITLE_BEFORE = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(t.rstrip(".")) for t in sorted(_TITLE_FORMS, key=len, reverse=True))
    + r")\.?\s+$"
)
# « Florence : », « [00:01:02] Florence : », « **Florence :** »
_LABEL_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:\[[\d:.]+\][ \t]*|\*\*)?$")
_LABEL_AFTER = re.compile(r"(?:[ \t]+\([^)\n]*\))?\**[ \t\u00a0]*:")
_GOING = (
    r"all(?:é|ée|és|ées|er|ait|aient|ions|iez)|vais|va|vont|allons|allez|"
    r"parti|partie|partis|parties|partir|pars|part|partait|partaient|"
    r"habit\w*|vis|vit|vivons|vivez|vivent|vivait|vivaient|vivre|vécu|né|née|nés|nées|"
    r"install\w*|déménag\w*|arriv\w*|rentr\w*|retourn\w*|voyag\w*|séjourn\w*|"
    r"situé|située|situés|situées|basé|basée|basés|basées"
)
_TO_A_PLACE = re.compile(
    rf"(?<![\w'’-])(?:{_GOING})\s+(?:à|en|au|vers|dans)\s+$"
    r"|(?<![\w'’-])(?:venu\w*|revenu\w*|viens|vient|viennent|originaire|près|autour|proche|"
    r"côté|alentours|environs)\s+(?:de\s+|d['’])$",
    re.IGNORECASE,
)
_SAYING = (
    r"dit|disait|dira|répond|répondait|répondu|explique|expliquait|expliqué|raconte|"
    r"racontait|raconté|demande|demandait|demandé|pense|pensait|pensé|parle|parlait|parlé|"
    r"appelle|appelait|appelé|appelée|téléphone|téléphoné|écrit|écrivait|propose|proposait|"
    r"proposé"
)
_CLITIC = r"(?:m['’]|t['’]|l['’]|nous\s+|vous\s+|lui\s+|leur\s+|me\s+|te\s+)"
_SAYS_AFTER = re.compile(rf"\s+{_CLITIC}?(?:(?:a|avait|aurait)\s+)?(?:{_SAYING})(?![\w-])")
_SAID_TO = re.compile(rf"(?<![\w'’-])(?:{_SAYING}|dis|écris)\s+à\s+$")
# « Florence, c'est une ville magnifique », « Kessler, c'est une entreprise familiale »
_IS_A = re.compile(
    r"\s*,?\s*(?:c['’]est|c['’]était|est|était)\s+"
    r"(?:une?|la|le|l['’]|ma|mon|notre|votre|leur|sa|son)\s*"
    r"(?:(?:petite?|grande?|belle|beau|vieille|vieux|jolie?)\s+)?"
    r"(?P<noun>[^\W\d_][\w-]*)"
)
_PLACE_NOUNS = PLACE_HEADS | PLACE_OF | {"capitale", "metropole", "pays"}
_PERSON_NOUNS = PERSON_HEADS | {"personne", "femme", "homme", "garcon"}


def occurrence_kinds(text: str, start: int, end: int) -> frozenset[str] | None:
    """The kinds the words around ``text[start:end]`` allow it to be, or None when they say
    nothing (see the module's rule)."""
    before = text[max(0, start - 80) : start]
    if _TITLE_BEFORE.search(before) or (
        _LABEL_BEFORE.search(before) and _LABEL_AFTER.match(text, end)
    ):
        return PERSON
    kind = mention_kind(text, start, end) or _is_a(text, end)
    if kind is not None:
        return frozenset({kind})
    if _TO_A_PLACE.search(before):
        return DESTINATION
    if _SAYS_AFTER.match(text, end) or _SAID_TO.search(before):
        return ANIMATE
    return None


def _is_a(text: str, end: int) -> str | None:
    found = _IS_A.match(text, end)
    if found is None:
        return None
    noun = fold(found.group("noun"))
    if noun in _PERSON_NOUNS:
        return "person"
    if noun in _PLACE_NOUNS:
        return "place"
    return "organisation" if noun in ORGANISATION_HEADS else None


def other_kind(default: str, allowed: frozenset[str] | None) -> str | None:
    """The kind of the other entity an occurrence belongs to, when its context (``allowed``,
    ``occurrence_kinds``) rules out the kind of the entity that holds the name (``default``):
    a place or an organisation said to be a person (« Monsieur Kessler »), a person said to
    be a place (« partis à Florence »); None otherwise."""
    if allowed is None or default in allowed:
        return None
    if default == "person":
        return "place" if "place" in allowed else None
    if default in ("organisation", "place"):
        return "person" if "person" in allowed else None
    return None


@dataclass(frozen=True)
class Holder:
    """An entity that writes a name: its pseudonym, id, kind, and whether it holds the name
    only where the context says its kind (``context:``)."""

    pseudonym: str
    entity: str
    kind: str
    cued: bool


class Holders:
    """The entities that write one name (compared by ``folding.key``): the first that holds
    it without ``context:`` (the name's entity), and those that hold it in context only."""

    def __init__(self) -> None:
        self.default: Holder | None = None
        self.cued: list[Holder] = []

    def add(self, holder: Holder) -> None:
        if holder.cued:
            self.cued.append(holder)
        elif self.default is None:
            self.default = holder

    def at(self, text: str, start: int, end: int) -> Holder | None:
        """The entity the occurrence ``text[start:end]`` is: one that holds the name in
        context only, when the words around it rule out the name's entity's kind
        (``other_kind``), else the name's entity (None: no entity it is;
        the name stays as it is). A point of the compass said as a direction (« au Nord de
        Lille ») is none, whatever the review made of the name."""
        if is_direction_at(text, start, end):
            return None
        if not self.cued:
            return self.default
        allowed = occurrence_kinds(text, start, end)
        if self.default is not None:
            wanted = other_kind(self.default.kind, allowed)
            chosen = [h for h in self.cued if h.kind == wanted]
            return chosen[0] if chosen else self.default
        chosen = [h for h in self.cued if allowed is not None and h.kind in allowed]
        return chosen[0] if chosen else None
