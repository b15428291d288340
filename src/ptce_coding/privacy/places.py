"""What kind of place a name is, for a pseudonym that reads as one: « rue Victor Hugo » →
« rue Voie 3 », « la région Bourgogne » → « la Région 2 ».

French names the kind of a place just before its name; the pseudonym's word is the kind most
of the name's occurrences follow (or its own first word: « ZA des Grands Champs »), one word
for one place across the project:

- « rue », « avenue », « boulevard », « impasse », « allée », « route », « chemin », « quai »,
  and with an article « place », « square » (« la place Bellecour »): a street, « Voie N »
  (the word French addresses use for any of them, « nom de voie »: « rue Voie 3 », « place
  Voie 4 »); not before « de » (« la route de Brésilly » leads to a town), nor « place » in
  « à la place de » (« à la place de l'usine »: instead of it);
- « métro », « station », « gare » right before the name (« métro Jaurès », « la station
  Télégraphe »; « la gare de Montaurel » is the town's): a station, « Station N »;
- « quartier », « cité », « lotissement », « résidence », with an article: « Quartier N »;
- « parc », « jardin », with an article (« le parc Monceau », « Jardin François Mitterrand »:
  a park named after a person, as a street is): « Parc N »;
- « région » right before the name (« la région Bourgogne », « en région Occitanie »; « la
  région de Lyon » is the country around a town): « Région N »;
- « département » (« le département du Jura »): « Département N »;
- « ZA », « ZI », « ZAC », « zone »: « Zone N »; « hameau »: « Hameau N »; « lieu-dit »:
  « Lieu-dit N »;
- a country (``name_words.COUNTRIES``, when the project's list or a review asks to hide
  one: the NER's are not proposed): « Pays N »; a continent or a larger region of the world:
  « Région N »; never « Commune »;
- a town, and a place no noun tells: « Commune N ».

The noun before a name is left out of the pseudonymised text when the pseudonym begins with
it (``head_edit``): « la région Bourgogne » → « la Région 2 », not « la région Région 2 »;
« le département du Jura » → « le Département 1 »; « la commune de Brésilly » → « la Commune
3 ». The article before it agrees already: it is the same noun.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ptce_coding.corpus.speakers import fold
from ptce_coding.privacy.articles import DeterminerEdit
from ptce_coding.privacy.context import without_fillers
from ptce_coding.privacy.name_words import COUNTRIES, WORLD_REGIONS, world_key

TOWN = "Commune"
COUNTRY = "Pays"
# the pseudonym's word of each kind of place, the first winning a tie
PLACE_WORDS = (
    "Voie",
    "Station",
    "Quartier",
    "Parc",
    "Zone",
    "Hameau",
    "Lieu-dit",
    "Département",
    "Région",
    COUNTRY,
    TOWN,
)
_DIRECT, _OF_THE, _OF = "", "of the", "of"  # « rue X », « rue des X », « quartier de X »
# the nouns of the kinds of places: their pseudonym's word, the links they take (d: « rue X »,
# a: « rue des X », o: « quartier de X »), whether they need an article before them
_KINDS_OF_PLACES = (
    ("rue avenue boulevard bd impasse allée route chemin quai voie", "Voie", "d a", False),
    ("place square esplanade", "Voie", "d a", True),
    ("métro station gare", "Station", "d", False),
    ("quartier cité lotissement résidence", "Quartier", "d a o", True),
    ("parc jardin", "Parc", "d a o", True),
    ("région", "Région", "d", False),
    ("département", "Département", "d a o", False),
    ("za zi zac", "Zone", "d a", False),
    ("zone", "Zone", "d a", True),
    ("hameau", "Hameau", "d a o", False),
    ("lieu-dit", "Lieu-dit", "d a o", False),
    ("commune ville village", TOWN, "d a o", True),
)


def _head_table() -> dict[str, tuple[str, frozenset[str], bool]]:
    """Folded noun: (pseudonym's word, links, needs an article)."""
    codes = {"d": _DIRECT, "a": _OF_THE, "o": _OF}
    return {
        fold(noun): (word, frozenset(codes[c] for c in links.split()), article)
        for nouns, word, links, article in _KINDS_OF_PLACES
        for noun in nouns.split()
    }


_HEADS = _head_table()

# the noun, then how the name is linked to it: « rue », « rue des », « quartier de la »
_HEAD_BEFORE = re.compile(
    r"(?<![\w'’-])(?P<head>[^\W\d_][\w-]*)"
    r"(?P<link>\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])|\s+)$"
)
_DETERMINER_BEFORE = re.compile(
    r"(?<![\w'’-])(?:[Ll]es?|[Ll]a|[Uu]ne?|[Dd]u|[Dd]es|[Aa]ux?|[Cc]e|[Cc]ette|[Mm]on|[Mm]a|"
    r"[Nn]otre|[Vv]otre|[Ss]on|[Ss]a|[Ll]eur)\s+$|[Ll]['’]$"
)


# « à la place de », « à la place du »: the preposition « instead of », which names no square
# (« la place de la Mairie » does)
_INSTEAD_OF = re.compile(r"(?<![\w'’-])[àÀ][^\S\n]+la[^\S\n]+$")


def _link(written: str) -> str:
    link = " ".join(written.replace("’", "'").split())
    if link == "":
        return _DIRECT
    return _OF if link in ("de", "d'") else _OF_THE


def _head(before: str) -> tuple[int, str] | None:
    """(where the noun starts in ``before``, the pseudonym's word it gives) when ``before``
    (the text up to a name) ends with a noun of a kind of place and its link."""
    found = _HEAD_BEFORE.search(before[-60:])
    if found is None:
        return None
    head = _HEADS.get(fold(found.group("head")))
    if head is None or _link(found.group("link")) not in head[1]:
        return None
    start = len(before) - len(before[-60:]) + found.start()
    if head[2] and not _DETERMINER_BEFORE.search(before[max(0, start - 8) : start]):
        return None  # « mettre en place Mobil'Vallons » names no square
    if (
        fold(found.group("head")) == "place"
        and _link(found.group("link")) != _DIRECT
        and _INSTEAD_OF.search(before[max(0, start - 8) : start])
    ):
        return None  # « à la place de l'Alstom »: instead of it, no square
    return start, head[0]


def _own_word(name: str) -> str | None:
    """The word a place's own first noun gives it: « ZA des Grands Champs », « Rue de la
    Paix »."""
    words = name.split()
    if len(words) < 2:
        return None
    head = _HEADS.get(fold(words[0]))
    return head[0] if head is not None else None


def place_word(names: Iterable[str], texts: Iterable[str]) -> str:
    """The pseudonym's word for a place written ``names``: the kind of place most of their
    occurrences in ``texts`` say (see the module's rule), « Commune » when none does; a
    country « Pays », a larger region of the world « Région », whatever their contexts."""
    written = sorted({n for n in names if n.strip()}, key=len, reverse=True)
    keys = {world_key(n) for n in written}
    if keys & COUNTRIES:
        return COUNTRY
    if keys & WORLD_REGIONS:
        return "Région"
    votes: Counter[str] = Counter(w for n in written if (w := _own_word(n)) is not None)
    if written:
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, written)) + r")(?![\w-])")
        for text in texts:
            for found in pattern.finditer(text):
                before = without_fillers(text[max(0, found.start() - 120) : found.start()])
                head = _head(before[-80:])  # « la rue euh Arago » is a street
                if head is not None:
                    votes[head[1]] += 1
    if not votes:
        return TOWN
    top = max(votes.values())
    return next(word for word in PLACE_WORDS if votes[word] == top)


def head_edit(text: str, start: int, pseudonym: str, *, floor: int = 0) -> DeterminerEdit | None:
    """The noun of a kind of place (and its link) just before the name at ``start``, to be
    left out because ``pseudonym`` begins with it (« la région Bourgogne » → « la Région
    2 »); None otherwise. ``floor``: where the text before may be rewritten from."""
    words = pseudonym.split()
    if not words:
        return None
    before = text[max(floor, start - 80) : start]
    found = _HEAD_BEFORE.search(before)
    if found is None or fold(found.group("head")) != fold(words[0]):
        return None
    if _link(found.group("link")) not in _HEADS.get(fold(words[0]), ("", {_DIRECT}, False))[1]:
        return None
    return DeterminerEdit(start - len(before) + found.start(), "")
