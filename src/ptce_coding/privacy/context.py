"""What the French words around a name say it is: a person, an organisation or a place.

French says the kind of a thing before its name: « la gare de Montaurel », « rue Victor
Hugo », « la ZA des Grands Champs » (a place), « la biscuiterie Fabre-Mazel », « l'entreprise
Vandamme » (an organisation), « mon fils Thomas », « une comptable, Nadia », « un copain
d'Inès » (a person); and after a person's name, their age or their role (« Nadine, elle avait
quarante ans », « Karim Benaïssa, j'ai quarante-deux ans », « Inès, qui est illustratrice »,
« Jean de La Fontaine, le président »). The small NER model often reads these names as the
wrong kind, or not at all. In speech, a hesitation or a note may stand between the noun and
the name (« au collège euh Jaurès », « la cité [pause] Arago »): it is passed over; and two
names said side by side, each a place where it stands alone, are read as the run of places
they are (« on dit Arago Perret »: a street corner), which the NER reads as one person.

Two uses (``ner``, ``pseudonyms``):

- ``context_kinds``: the kinds the contexts of every occurrence of a name give it, which
  outweigh the NER's labels (a name is one kind across the project);
- ``context_detections``: the names such a context announces, which the NER may have missed
  (source ``context``, the weakest: a name the NER found keeps its span).

Head nouns are compared folded (without accents nor capitals).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ptce_coding.corpus.speaker_forms import FUNCTION_WORDS, ROLE_NOUNS
from ptce_coding.corpus.speakers import fold
from ptce_coding.privacy.name_words import PRENOMINAL


def _folded_words(text: str) -> frozenset[str]:
    return frozenset(fold(word) for word in text.split())


# « rue Victor Hugo », « on est ZA des Grands Champs »: the name follows the noun, which
# needs no article; « la place Bellecour », « le quartier Saint-Michel » need one (« mettre
# en place Mobil'Vallons » names no square)
STREET_HEADS = _folded_words(
    "rue avenue boulevard bd impasse allée route chemin quai square lotissement hameau "
    "lieu-dit za zi zac"
)
# « le jardin Villemin », « Jardin François Mitterrand »: a park, a place (named after a
# person, as a street is; « le Parc », alone, is the body « Parc naturel régional » of the demo)
# « métro Jaurès », « la station Télégraphe », « gare Saint-Lazare »: a station, named after
# a street, a square or a person (« métro Robespierre »), is a place; its name follows the
# noun as a street's does (« la gare de Montaurel » is the town's: ``PLACE_OF``)
STATION_HEADS = _folded_words("métro station gare")
PLACE_HEADS = (
    STREET_HEADS
    | STATION_HEADS
    | _folded_words("place résidence cité quartier zone village ville jardin")
)
# « la région Bourgogne », « en région Occitanie », « le département Creuse »
REGION_HEADS = _folded_words("région département")
# « la gare de Montaurel », « le maire de Brésilly », « originaire de Ferrecourt »
PLACE_OF = _folded_words(
    "gare ville commune village bourg hameau mairie maire habitants habitant habitante "
    "quartier canton vallée agglomération banlieue périphérie centre-ville originaire "
    "environs région département"
)
# « la biscuiterie Fabre-Mazel », « l'entreprise Vandamme », « la SCOP Arbre Vert »
ORGANISATION_HEADS = _folded_words(
    "entreprise société boîte biscuiterie scierie usine fabrique manufacture menuiserie "
    "imprimerie brasserie garage transporteur transports cabinet agence magasin boutique "
    "restaurant café bar hôtel librairie boulangerie épicerie association asso coopérative "
    "scop scic sarl sas fondation compagnie collectif atelier label radio journal festival "
    "groupe banque mutuelle laboratoire labo lycée collège école maternelle crèche "
    "université iut clinique hôpital pharmacie réseau fédération syndicat club théâtre "
    "cinéma musée marque enseigne"
)
# « mon fils Thomas », « une comptable, Nadia », « le président, Jean Martin »
PERSON_HEADS = ROLE_NOUNS | _folded_words(
    "fils fille père mère frère sœur soeur mari femme épouse époux compagnon compagne "
    "conjoint conjointe oncle tante cousin cousine neveu nièce grand-père grand-mère "
    "collègue copain copine ami amie voisin voisine patron patronne commercial commerciale "
    "comptable stagiaire apprenti apprentie assistant assistante associé associée "
    "collaborateur collaboratrice conseiller conseillère gars type dame monsieur "
    "administrateur administratrice administrative illustrateur illustratrice graphiste "
    "sérigraphe comédien comédienne metteur artiste musicien musicienne maraîcher "
    "maraîchère agriculteur agricultrice éleveur éleveuse paysan paysanne mécanicien "
    "mécanicienne menuisier menuisière charpentier charpentière ouvrier ouvrière "
    "formateur formatrice encadrant encadrante éducateur éducatrice infirmier infirmière "
    "médecin docteur professeur professeure prof instituteur institutrice doctorante "
    "doctorant chercheur chercheuse sociologue journaliste avocat avocate notaire "
    "sous-préfet préfet préfète député députée sénateur sénatrice conseillère vice-président "
    "vice-présidente"
)
# « un copain d'Inès », « la fille de Bernard »
PERSON_OF = _folded_words(
    "fils fille père mère frère sœur soeur mari femme épouse époux compagnon compagne "
    "conjoint conjointe oncle tante cousin cousine neveu nièce collègue copain copine ami "
    "amie voisin voisine enfants petit-fils petite-fille"
)
# the nouns that say the kind of a name, which are no names by themselves (« la Mairie »)
HEAD_NOUNS = PLACE_HEADS | PLACE_OF | ORGANISATION_HEADS
_DETERMINER = (
    r"(?:[Ll]e|[Ll]a|[Ll]es|[Uu]ne?|[Mm]on|[Mm]a|[Mm]es|[Tt]on|[Tt]a|[Ss]on|[Ss]a|[Ss]es|"
    r"[Nn]otre|[Nn]os|[Vv]otre|[Vv]os|[Ll]eurs?|[Cc]e|[Cc]et|[Cc]ette|[Dd]u|[Dd]es|[Aa]ux?)\s+"
    r"|[Ll]['’]"
)
_UPPER = "A-ZÀ-ÖØ-ÞŒ"
# a capitalised word; after an apostrophe, a capital again (« Mobil'Vallons », not
# « L'entreprise »)
_NAME_WORD = rf"[{_UPPER}]\w*(?:['’][{_UPPER}]\w*)*(?:-[\w'’]+)*"
# a name of a few capitalised words, maybe joined by a particle: « Kessler et Fils »,
# « Jean de La Fontaine », « Terres d'Orlan »
# (on one line: a name does not run into the next speaker's turn)
_GAP = r"[^\S\n]+"
NAME = (
    rf"{_NAME_WORD}(?:(?:{_GAP}(?:de{_GAP}la|de|du|des|et|&){_GAP}|{_GAP}d['’]|{_GAP})"
    rf"{_NAME_WORD}){{0,4}}"
)
_NOUN = r"[^\W\d_][\w-]*"
# an adjective French writes before its noun (« mon petit commercial », « la vieille
# usine »): « le centre commercial Géant Casino » has no « commercial » as its head
_ADJECTIVE = "|".join(sorted(PRENOMINAL, key=len, reverse=True))
# a determiner, maybe an adjective, a head noun, then how the name is linked to it
_HEAD = re.compile(
    rf"(?:(?<![\w'’-])(?P<determiner>{_DETERMINER})(?:(?:{_ADJECTIVE})\s+)??|(?<![\w'’-]))"
    rf"(?P<noun>{_NOUN})"
    r"(?P<link>\s*,\s*|\s+(?:de\s+la|de|du|des)\s+|\s+d['’]|\s+)$"
)
_NAME_AFTER = re.compile(rf"(?P<name>{NAME})(?![\w'’-])")
_AGE = re.compile(
    r"\s*,?\s*(?:j['’]ai|il\s+a|elle\s+a|il\s+avait|elle\s+avait)\s+"
    r"(?:[\w-]+\s+){1,3}ans(?!\w)"
)
# « Inès, qui est illustratrice », « Jean Martin, le président, a signé »: a role said after
# the name (set off by commas: « À Nancy, le maire m'a dit » gives Nancy no role)
_ROLE_AFTER = re.compile(
    r"\s*,?\s*qui\s+(?:est|était)\s+(?:(?:une?|le|la|notre|mon|ma|leur|son|sa)\s+|l['’])?"
    rf"(?P<noun>{_NOUN})"
    r"|\s*,\s*(?:(?:le|la|notre|mon|ma|leur|son|sa|votre)\s+|l['’])?"
    rf"(?P<apposed>{_NOUN})\s*[,;)]"
)


# what speech transcripts put between a noun and the name it announces: a hesitation (« au
# collège euh Jaurès »), a note or a listener's word in square brackets (« la cité [pause]
# Arago », « la rue [ouais] Arago »), ESLO's pause « / »
_FILLER = re.compile(
    r"[^\S\n]*(?:(?<![\w'’-])(?:euh|heu|hum|hm|mmh)(?![\w'’-])|\[[^\[\]\n]*\]|(?<!\S)/(?!\S))"
)
# a paragraph's end, which a noun does not announce a name across (a turn's last word and
# the next turn's speaker label)
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def without_fillers(before: str) -> str:
    """``before`` without the hesitations and bracketed notes of speech (``_FILLER``): « au
    collège euh » reads « au collège »; a text without them is returned as it is."""
    return _FILLER.sub("", before)


# the adjectives that say which kind of school or body a head noun is, written after it
# and before the name (« l'école maternelle Emile Zola », « le collège privé Saint-Michel »)
_KIND_ADJECTIVES = _folded_words(
    "maternelle maternel élémentaire primaire privé privée public publique municipal "
    "municipale communal communale"
)
_LAST_WORD = re.compile(r"(?<=[^\W\d_])[^\S\n]+(?P<word>[^\W\d_]+)[^\S\n]+$")


def head_kind(before: str) -> str | None:
    """The kind the words just before a name give it (``before``: the text up to the name),
    or None.

    A place's noun comes right before its name (« rue Victor Hugo », « la gare de
    Montaurel »); an organisation's too, after its article (« l'entreprise Vandamme »); a
    person's may be set off by a comma (« mon commercial, Patrick »), and « de » without an
    article links a relative to a person (« un copain d'Inès »: « la fille de la
    Biscuiterie » names no person) and an acronym to its town (« l'ADMR de Vernasse »).
    The hesitations of speech between them are passed over (``without_fillers``), and so
    is an adjective that says the kind of a school or a body (« l'école maternelle »)."""
    window = without_fillers(before)[-80:]
    kind = _read_head(window)
    last = _LAST_WORD.search(window)
    if kind is None and last is not None and fold(last.group("word")) in _KIND_ADJECTIVES:
        kind = _read_head(window[: last.start()] + " ")
    return kind


def _read_head(window: str) -> str | None:
    """``head_kind`` of a window without fillers."""
    found = _HEAD.search(window)
    if found is None:
        return None
    ahead = window[: found.start("noun")].rstrip(' \t*«"(')
    opening = not ahead or ahead.endswith((".", "!", "?", ":", "…", "\n"))
    if fold(found.group("noun")) in FUNCTION_WORDS:
        return None
    capitalised = found.group("noun")[0].isupper() and not found.group("noun").isupper()
    if capitalised and not opening:
        return None  # « Marie Dupont »: a name before a name is no head (« Ville de
        # Montaurel », at the start of a name or a sentence, is one)
    if _BLANK_LINE.search(found.group("link")):
        return None  # « au collège\n\nMat Pires : »: a turn ends with the noun, the next
        # one opens with its speaker's label
    noun, link = fold(found.group("noun")), " ".join(found.group("link").split())
    article = found.group("determiner") is not None
    if link == "":
        if noun in STREET_HEADS | STATION_HEADS | REGION_HEADS:
            return "place"
        if article and noun in PLACE_HEADS:
            return "place"
        if article and noun in ORGANISATION_HEADS:
            return "organisation"
    if article and link in ("", ",") and noun in PERSON_HEADS:
        return "person"
    if link in ("de", "d'", "d’", "du", "de la", "des") and noun in PLACE_OF:
        return "place"
    if link in ("de", "d'", "d’") and len(noun) > 1 and found.group("noun").isupper():
        return "place"  # « l'ADMR de Vernasse », « le CCAS d'Ambremont »: a town's service
    if link in ("de", "d'", "d’") and noun in PERSON_OF:
        return "person"
    return None


# « Saint-Ouen », « Sainte-Foy-lès-Lyon », « St-Denis » (« Saint Ouen », as a transcriber
# may write it): a town or a district, as French names thousands
_SAINT = re.compile(r"(?:Saint|Sainte|St|Ste)[- ][A-ZÀ-ÖØ-Þ][\w'’-]*")


def own_head_kind(name: str) -> str | None:
    """The kind a name's own first word gives it: « ZA des Grands Champs », « Rue de la
    Paix », « Biscuiterie Fabre-Mazel »."""
    words = name.split()
    if len(words) < 2:
        return None
    first = fold(words[0])
    if first in PLACE_HEADS:
        return "place"
    if first in ORGANISATION_HEADS:
        return "organisation"
    return None


def after_kind(after: str) -> str | None:
    """« , j'ai quarante ans », « , qui est illustratrice », « , le président »: a person."""
    if _AGE.match(after):
        return "person"
    role = _ROLE_AFTER.match(after)
    if role is not None and fold(role.group("noun") or role.group("apposed")) in PERSON_HEADS:
        return "person"
    return None


# how much text before a name its head noun is looked for in: 80 characters, and the
# fillers of speech (``without_fillers``) that may stand between them
_BEFORE = 120


def mention_kind(text: str, start: int, end: int) -> str | None:
    """The kind the context of the name at ``text[start:end]`` gives it, or None."""
    return (
        own_head_kind(text[start:end])
        or head_kind(text[max(0, start - _BEFORE) : start])
        or after_kind(text[end : end + 80])
    )


# a capitalised word beside a name, on its line: the name is a word of a longer one there
_WORD_AFTER = re.compile(rf"[^\S\n]+[{_UPPER}]")
_WORD_BEFORE = re.compile(rf"[{_UPPER}][\w'’-]*[^\S\n]+$")


def _tally(
    names: Iterable[str], texts: Sequence[str], *, alone: bool = False
) -> dict[str, Counter[str]]:
    """For each name, the kinds the contexts of its occurrences (as whole words, a longer
    name first) in ``texts`` give it; a name no context tells takes its own head's, and a
    hyphenated « Saint-X » is a place. ``alone``: only where no capitalised word stands
    beside it (« Paul » of « la rue Paul Bert » is not counted)."""
    ordered = sorted(set(names), key=len, reverse=True)
    kinds: dict[str, Counter[str]] = {name: Counter() for name in ordered}
    if ordered:
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w-])")
        for text in texts:
            for found in pattern.finditer(text):
                if alone and (
                    _WORD_AFTER.match(text, found.end())
                    or _WORD_BEFORE.search(text, max(0, found.start() - 40), found.start())
                ):
                    continue
                kind = mention_kind(text, found.start(), found.end())
                if kind is not None:
                    kinds[found.group()][kind] += 1
    for name, counts in kinds.items():
        own = own_head_kind(name) or ("place" if _SAINT.fullmatch(name) else None)
        if own is not None and not counts:
            counts[own] += 1
    return kinds


def _run_words(name: str) -> list[str]:
    """The words of a name written as capitalised words side by side (« Arago Perret »,
    « Saint-Ouen Aubervilliers Pantin »), which may be several names in a row; none for a
    name with a particle (« Jean de La Fontaine ») or of one word."""
    words = name.split()
    if len(words) < 2 or not all(w[0].isupper() and len(w) > 1 for w in words):
        return []
    return words


def _top(counts: Counter[str]) -> str | None:
    """The kind most contexts give, if one does more than any other."""
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def context_kinds(names: Iterable[str], texts: Iterable[str]) -> dict[str, Counter[str]]:
    """For each name, the kinds the contexts of its occurrences (as whole words, a longer
    name first) in ``texts`` give it; a name no context tells takes its own head's, and a
    hyphenated « Saint-X », « Sainte-X » is a place (« à Saint-Ouen », where the NER reads
    a person; « mon ami Saint-Just » is one).

    A name of capitalised words side by side that no context tells, each of which is a
    place where the same document says it alone, no capitalised word beside it (the kind
    most of its contexts there give), or is never said alone there, one at least a place, is
    a run of places: « on dit Arago Perret » of a speaker who says « la rue Arago » and « la
    place Perret » names a street corner, not a person (the NER reads two capitalised words
    as one); « Saint-Ouen Aubervilliers Pantin », of a speaker who says « à Saint-Ouen »
    thirty times and the other two towns only there, is three towns. Another document's « rue
    Matthieu » says nothing of « Matthieu Matthieu » said in an interview about a child,
    nor does « la rue Paul Bert » of « comme Paul Paul il était »."""
    said = list(texts)
    kinds = _tally(names, said)
    runs = {
        name: words for name, counts in kinds.items() if not counts and (words := _run_words(name))
    }
    for text in said:
        present = {name: words for name, words in runs.items() if name in text}
        if not present:
            continue
        run_words = {word for words in present.values() for word in words}
        alone = _tally(run_words, [text], alone=True)
        for name, words in present.items():
            places = [word for word in words if _top(alone[word]) == "place"]
            unsaid = [word for word in words if not _said_alone(word, text)]
            if places and len(places) + len(unsaid) == len(words):
                kinds[name]["place"] += 1
    return kinds


def _said_alone(word: str, text: str) -> bool:
    """Whether ``text`` says ``word`` somewhere with no capitalised word beside it."""
    for found in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
        beside = _WORD_AFTER.match(text, found.end()) or _WORD_BEFORE.search(
            text, max(0, found.start() - 40), found.start()
        )
        if not beside:
            return True
    return False


def announced_names(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, kind) of the names a head noun announces (« l'entreprise Vandamme »,
    « Mon commercial, Patrick ») or an age follows (« Nadia, elle a trente ans »)."""
    for found in _NAME_AFTER.finditer(text):
        start, end = found.start(), found.end()
        if start and (text[start - 1].isalnum() or text[start - 1] in "-'’_"):
            continue
        kind = head_kind(text[max(0, start - _BEFORE) : start])
        if kind is None and _AGE.match(text, end):
            kind = "person"
        if kind is not None:
            yield start, end, kind
