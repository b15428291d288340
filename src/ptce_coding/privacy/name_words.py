"""Words that are no names, though the NER or a capital may take them for one.

Courtesy words and fillers that open a sentence (« Merci », « Bon », « Euh »), French
adjectives written before their noun (« les Grands Ateliers », « Bonne question »), the
generic names and acronyms of the field (« SCOP », « Pôle emploi », « la Région »), the
civility titles before a name (« Mme Hurand »: the title stays, the name is a person's), and
the first word of a role (« Directrice », « Chargée de mission »). Compared in lower case
(``casefold``), a role folded (``corpus.speakers.fold``).
"""

from __future__ import annotations

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
    "vraies autre autres même mêmes meilleur meilleure meilleurs meilleures"
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


def is_title(word: str) -> bool:
    """« Monsieur », « monsieur », « Mme », « m. »: a civility title, in any case."""
    return word.casefold() in _FOLDED_TITLES


def is_role_word(word: str) -> bool:
    """« Directrice », « Chargée », « Président », « Personne »: the first word of a role, as
    the speaker labels read one (``corpus.speaker_forms.ROLE_NOUNS``)."""
    return bool(word) and word[0].isupper() and fold(word) in ROLE_NOUNS
