"""Words that are no names, though the NER or a capital may take them for one.

Courtesy words and fillers that open a sentence (« Merci », « Bon », « Euh »), French
adjectives written before their noun (« les Grands Ateliers », « Bonne question »), the
generic names and acronyms of the field (« SCOP », « Pôle emploi », « la Région »), the
civility titles before a name (« Mme Hurand »: the title stays, the name is a person's), the
first word of a role (« Directrice », « Chargée de mission »), the countries and
continents, which place no pole (« en Allemagne », « l'Europe », « Danemark Suède »), and the
points of the compass (« le Sud de Paris »). Compared in lower case
(``casefold``), a role folded (``corpus.speakers.fold``).
"""

from __future__ import annotations

import re

from babel import Locale

from ptce_coding.corpus.speaker_forms import ROLE_NOUNS
from ptce_coding.corpus.speakers import fold

TITLES = ("M.", "Mme", "Mlle", "Madame", "Monsieur", "Mademoiselle", "Dr", "Docteur", "Maître")
# a title is written in lower case mid-sentence (« c'est monsieur Dreyfus », « le docteur
# Roux »), as ESLO transcribes it: compared folded
_FOLDED_TITLES = frozenset(t.casefold() for t in TITLES)
# Words the small French model sometimes takes for names at the start of a sentence, and
# generic acronyms of the field that name nobody.
NOT_NAMES = {
    "merci",
    "bonjour",
    "alors",
    "euh",
    "ben",
    "bon",
    "bah",
    "voilà",
    "oui",
    "non",
    "ouais",
    "enfin",
    "donc",
    "bref",
    "hein",
    "ah",
    "oh",
    "entretien",
    "enquêteur",
    "enquêtrice",
    "moi",
    "toi",
    "lui",
    "eux",
}
# French adjectives written before their noun: capitalised at the head of a name (« les Grands
# Ateliers », « Petites Mains », « Nouveaux Horizons ») or of a heading (« Grands projets »),
# they name nothing by themselves.
_PRENOMINAL_TEXT = (
    "grand grande grands grandes petit petite petits petites gros grosse grosses beau bel "
    "belle beaux belles bon bonne bons bonnes mauvais mauvaise mauvaises jeune jeunes vieux "
    "vieil vieille vieilles nouveau nouvel nouvelle nouveaux nouvelles haut haute hauts "
    "hautes long longue longs longues joli jolie jolis jolies premier première premiers "
    "premières dernier dernière derniers dernières seul seule seuls seules vrai vraie vrais "
    "vraies autre autres même mêmes meilleur meilleure meilleurs meilleures ancien ancienne "
    "anciens anciennes futur future futurs futures"
)
PRENOMINAL = frozenset(_PRENOMINAL_TEXT.split())
GENERIC = {
    "ess",
    "scop",
    "scic",
    "siae",
    "cae",
    "geiq",
    "ptce",
    "appel",
    "appels",
    "appel à projets",
    "fse",
    "ag",
    "ca",
    "etp",
    "pme",
    "région",
    "la région",
    "département",
    "le département",
    "état",
    "l'état",
    "europe",
    "france",
    "direccte",
    "pôle emploi",
    "rsa",
    "sas",
    "sarl",
    "ei",
    "ai",
    "aci",
    "etti",
    "copil",
    "cifre",
    "leader",
    "feder",
    "ccas",
    "ehpad",
    "esat",
    "apa",
    "drac",
    "ademe",
    "msa",
    "caf",
    "cdi",
    "cdd",
    "cddi",
    "rh",
    "r&d",
    "notre",
    "sroi",
    "bpi",
    "urssaf",
    "sécu",
    "cpam",
    "cap",
    "bep",
    "bts",
    "dut",
    "bac",
}


# The countries, continents and larger regions of the world, as French names them (« en
# Allemagne », « aux États-Unis », « l'Europe »): they place no pole, and stay as the
# interviewee said them. Their names are the Unicode CLDR's French territory names (Babel):
# the two-letter codes are countries, the numbered ones regions of the world. Left out: France's
# own overseas territories (« Guyane française », « La Réunion »), which can place a pole; names
# that are also first names or French towns (« Dominique », « Maurice », « Grenade »,
# « Salvador »); CLDR's codes for no place. Added: the names French speech uses that CLDR does
# not give (« Angleterre », « Hollande », « le Maghreb »).
_FRENCH_TERRITORIES = {"BL", "CP", "GF", "GP", "MF", "MQ", "NC", "PF", "PM", "RE", "TF", "WF", "YT"}
_AMBIGUOUS = {"DM", "GD", "MU", "SV"}
_NO_PLACE = {"EZ", "QO", "UN", "XA", "XB", "ZZ", "001"}  # zone euro, pseudo-locales, « Monde »…
_SPOKEN_COUNTRIES = (
    "Angleterre",
    "Écosse",
    "Pays de Galles",
    "Irlande du Nord",
    "Grande-Bretagne",
    "Hollande",
    "Corée",
    "Macédoine",
    "Bosnie",
    "Centrafrique",
    "Vietnam",
    "Île Maurice",
    "République tchèque",
    "Birmanie",
    "Hong Kong",
    "Macao",
)
_SPOKEN_REGIONS = (
    "Amérique",
    "Maghreb",
    "Moyen-Orient",
    "Proche-Orient",
    "Extrême-Orient",
    "Scandinavie",
    "Balkans",
    "Méditerranée",
    "Arctique",
    "Union européenne",
)
# a name compared without its article, accents, capitals, hyphens nor apostrophes
_ARTICLE_BEFORE = re.compile(r"^(?:(?:les?|la|aux?|du|des)\s+|l['’])(?=\w)", re.IGNORECASE)
_JOINS = re.compile(r"[\s'’-]+")


def world_key(name: str) -> str:
    """How a country is compared: « les Etats Unis » as « États-Unis »."""
    return _JOINS.sub(" ", fold(_ARTICLE_BEFORE.sub("", name.strip()))).strip()


def _cldr_names() -> tuple[list[str], list[str]]:
    """CLDR's French names of the countries and of the regions of the world."""
    territories = Locale.parse("fr").territories
    left_out = _FRENCH_TERRITORIES | _AMBIGUOUS | _NO_PLACE
    countries = [n for code, n in territories.items() if code.isalpha() and code not in left_out]
    regions = [n for code, n in territories.items() if code.isdigit() and code not in left_out]
    return countries, regions


_CLDR_COUNTRIES, _CLDR_REGIONS = _cldr_names()
COUNTRIES = frozenset(world_key(n) for n in (*_CLDR_COUNTRIES, *_SPOKEN_COUNTRIES))
WORLD_REGIONS = frozenset(world_key(n) for n in (*_CLDR_REGIONS, *_SPOKEN_REGIONS))
_WORLD_PLACES = COUNTRIES | WORLD_REGIONS


# the eight points of the compass, as French writes them (« le Sud de Paris », « au
# Nord-Est »): a direction from a place, or a part of a country or of the world (« l'Afrique du
# Sud », where the NER may read « Sud » alone), which places no pole
DIRECTIONS = frozenset(
    world_key(n)
    for n in ("Nord", "Sud", "Est", "Ouest", "Nord-Est", "Nord-Ouest", "Sud-Est", "Sud-Ouest")
)


def _world_run(words: list[str]) -> bool:
    """Whether ``words`` (folded) are world places side by side, each of one or more words
    (« danemark suede », « afrique du sud bresil »)."""
    if not words:
        return True
    return any(
        " ".join(words[:n]) in _WORLD_PLACES and _world_run(words[n:])
        for n in range(len(words), 0, -1)
    )


def is_world_place(name: str) -> bool:
    """« Allemagne », « l'Europe », « les Etats Unis »: a country (``COUNTRIES``), a continent
    or a larger region of the world (``WORLD_REGIONS``), which places no pole; so are such
    names said side by side (« Danemark Suède et Norvège », which the NER reads as one
    name) and a point of the compass (« le Sud de Paris », « au Sud-Est »: ``DIRECTIONS``)."""
    key = world_key(name)
    return key in _WORLD_PLACES or key in DIRECTIONS or _world_run(key.split())


# « le Nord » alone is the département (59) or the north of France, a place a pole is found by:
# a direction only when a place follows (« le Nord de Lille ») or precedes it (« l'Amérique du
# Nord », where the NER may read « Nord » alone)
_PLACE_AFTER = re.compile(r"\s+(?:de|du|des|d['’])(?=[\s\w])", re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"[A-ZÀ-Ý][\w’'-]*\s+du\s+$")


def is_world_place_at(text: str, start: int, end: int) -> bool:
    """:func:`is_world_place` of ``text[start:end]`` read where it is said: « dans le Nord »,
    « les gens du Nord » name the département, not a point of the compass."""
    surface = text[start:end]
    if (
        world_key(surface) == "nord"
        and not _PLACE_AFTER.match(text, end)
        and not _PLACE_BEFORE.search(text, max(0, start - 60), start)
    ):
        return False
    return is_world_place(surface)


def is_direction_at(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a point of the compass said as a direction there
    (« au Nord de Montaurel », « l'Amérique du Nord »), which no pseudonym replaces even when
    the review made « Nord » (the département) a place."""
    return world_key(text[start:end]) in DIRECTIONS and is_world_place_at(text, start, end)


# The words a corpus wrote in place of the names it masked itself: ESLO's anonymisation puts
# NPERS for a person's name, NLIEU for a place's, NPROF for a profession (« je suis allée
# voir monsieur NPERS »; eslo.huma-num.fr, « Anonymisation »). Already hidden: no name.
MASKS = frozenset({"NPERS", "NLIEU", "NPROF"})


def is_mask(name: str) -> bool:
    """« NPERS »: what a corpus wrote for a name it masked (``MASKS``), as written."""
    return name.strip() in MASKS


def is_title(word: str) -> bool:
    """« Monsieur », « monsieur », « Mme », « m. »: a civility title, in any case."""
    return word.casefold() in _FOLDED_TITLES


def is_role_word(word: str) -> bool:
    """« Directrice », « Chargée », « Président », « Personne »: the first word of a role, as
    the speaker labels read one (``corpus.speaker_forms.ROLE_NOUNS``)."""
    return bool(word) and word[0].isupper() and fold(word) in ROLE_NOUNS
