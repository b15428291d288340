"""The word before a replaced name, made to agree with its pseudonym.

French elides and contracts before a vowel and marks gender on the determiner: « la
Coopérative des Prés » becomes « l'Organisation 25 », not « la Organisation 25 »; « du
Potager » becomes « de l'Organisation 9 », « d'Anne » becomes « de Personne 1 ».

The rule, for the determiner or the word just before the name (lower case, or capitalised at
the start of a sentence; a capitalised « La » or « De » inside a sentence is a particle of
the name and is left alone):

- before a pseudonym that starts with a vowel (a, e, i, o, u, y, accented or not): « le »,
  « la » → « l' »; « du » → « de l' »; « au » → « à l' »; « de » → « d' »; « que »,
  « lorsque », « puisque » → « qu' »…; « ma », « ta », « sa » → « mon », « ton », « son »;
  « ce » → « cet »;
- before one that starts with a consonant (« h » included: « le Havre »), the reverse
  (« d' » → « de », « qu' » → « que », « cet » → « ce »), and the article takes the
  pseudonym's gender when its head word tells it (``GENDERS``: « Personne », « Organisation »,
  « Commune » are feminine, « Pôle » masculine: « l'Atelier » → « la Personne 3 », « de
  l'Atelier » → « du Pôle A », « le Havre » → « la Commune 2 », « sa Biscuiterie » → « son
  Pôle A »); when it does not (a role or a first name given in the review), « le » and « la »
  stay as written and an elided « l' » is left out (« avec l'Atelier » → « avec Jeanne »):
  a name needs no article, a wrong gender would read as a mistake;
- a pseudonym that starts with something else (a digit, « [courriel] ») or with an article of
  its own (« la directrice ») leaves the word before it as it is.

A pseudonym is one name in the singular: a plural before it takes its number, with the
pseudonym's gender, when its word tells it (« des » is « de les » contracted: « le budget des
Restos du cœur » → « le budget de l'Organisation 15 », « aux Ateliers » → « à l'Organisation
3 », « les Ateliers » → « l'Organisation 3 », « des Biscuiterie » → « du Pôle A », « nos
Ateliers » → « notre Organisation 3 », « ces Ateliers » → « cette Organisation 3 »); before
« Personne N » it stays (« les Martin », « chez les Dupont »: a family), and so it does before
a pseudonym whose gender is not known.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The gender of the default pseudonyms' head words (pseudonyms.PREFIXES, places.PLACE_WORDS,
# « Pôle A »).
GENDERS = {"personne": "f", "organisation": "f", "commune": "f", "pole": "m"}
GENDERS |= {"voie": "f", "quartier": "m", "parc": "m", "zone": "f", "hameau": "m"}
GENDERS |= {"lieu-dit": "m"}
GENDERS |= {"departement": "m", "region": "f", "pays": "m"}
# a family's name takes a plural (« les Martin »): it stays before a person's pseudonym
_FAMILY = "personne"
_VOWELS = "aeiouy"
_OWN_ARTICLES = {"le", "la", "les", "l'", "un", "une", "des", "du", "au", "aux"}
_QUE = ("que", "lorsque", "puisque", "quoique", "jusque")
_POSSESSIVES = {"mon": ("m", "m"), "ma": ("m", "f"), "ton": ("t", "m"), "ta": ("t", "f")}
_POSSESSIVES |= {"son": ("s", "m"), "sa": ("s", "f")}
_DEMONSTRATIVES = {"ce": "m", "cet": "m", "cette": "f"}
_INDEFINITES = {"un": "m", "une": "f"}
_DEFINITES = {"le": "m", "la": "f"}
_CONTRACTED = {"du": ("de", "m"), "au": ("à", "m")}
# plurals: « des » and « aux » are « de les », « à les »
_PLURAL_DEFINITES = {"les": "", "des": "de", "aux": "à"}
_PLURAL_POSSESSIVES = {"mes": "m", "tes": "t", "ses": "s"}
_INVARIABLE_PLURALS = {"nos": "notre ", "vos": "votre ", "leurs": "leur "}
# the words before the name: an elided one (« l' », « d' », « qu' »), or a word and spaces;
# « de » or « à » before an article
_ELIDED = re.compile(r"(?<![\w'’-])(?P<word>[^\W\d_]{1,7})(?P<apostrophe>['’])$")
_WORD = re.compile(r"(?<![\w'’-])(?P<word>[^\W\d_]{1,8})(?P<gap>\s+)$")
_PREPOSITION = re.compile(r"(?<![\w'’-])(?P<word>[dD]e|[àÀ])\s+$")
_SENTENCE_END = '.!?…:;«"“([—–-#*•■'


@dataclass(frozen=True)
class DeterminerEdit:
    """The text from ``start`` to the name's start, to be written ``text`` instead."""

    start: int
    text: str


@dataclass(frozen=True)
class _Before:
    kind: str  # definite, possessive, demonstrative, indefinite, de, que, invariable
    word: str  # as it reads, lower case, with « ' » for an elided one
    gender: str | None = None
    preposition: str = ""  # « de » or « à » before a definite article
    stem: str = ""  # m, t, s of a possessive; the conjunction of « que »; « notre » of « nos »
    plural: bool = False


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def pseudonym_gender(pseudonym: str) -> str | None:
    """« f », « m », or None when the pseudonym's first word does not tell."""
    words = pseudonym.split()
    return GENDERS.get(_folded(words[0])) if words else None


def _starts_with_vowel(pseudonym: str) -> bool | None:
    """True, False (a consonant), or None: not a letter, or an article of its own."""
    first = pseudonym.split()[0] if pseudonym.split() else ""
    if not first or not first[0].isalpha():
        return None
    if _folded(first).replace("’", "'") in _OWN_ARTICLES or re.match(r"[lL]['’]", first):
        return None
    return _folded(first[0]) in _VOWELS


def _read(word: str, elided: bool) -> _Before | None:
    """What a lower-case word before a name is, if it is one that agrees."""
    if elided:
        if word == "l":
            return _Before("definite", "l'")
        if word == "d":
            return _Before("de", "d'")
        if word in {"qu", *(q[:-1] for q in _QUE)}:
            return _Before("que", f"{word}'", stem=f"{word}e")
        return None
    if word in _DEFINITES:
        return _Before("definite", word, _DEFINITES[word])
    if word in _CONTRACTED:
        preposition, gender = _CONTRACTED[word]
        return _Before("definite", word, gender, preposition)
    if word == "de":
        return _Before("de", word)
    if word in _QUE:
        return _Before("que", word, stem=word)
    if word in _POSSESSIVES:
        stem, gender = _POSSESSIVES[word]
        return _Before("possessive", word, gender, stem=stem)
    if word in _DEMONSTRATIVES:
        return _Before("demonstrative", word, _DEMONSTRATIVES[word])
    if word in _INDEFINITES:
        return _Before("indefinite", word, _INDEFINITES[word])
    return _read_plural(word)


def _read_plural(word: str) -> _Before | None:
    if word in _PLURAL_DEFINITES:
        return _Before("definite", word, preposition=_PLURAL_DEFINITES[word], plural=True)
    if word in _PLURAL_POSSESSIVES:
        return _Before("possessive", word, stem=_PLURAL_POSSESSIVES[word], plural=True)
    if word == "ces":
        return _Before("demonstrative", word, plural=True)
    if word in _INVARIABLE_PLURALS:
        return _Before("invariable", word, stem=_INVARIABLE_PLURALS[word], plural=True)
    return None


def _definite(before: _Before, gender: str | None, vowel: bool) -> str:
    genders = {"m": "le ", "f": "la "}
    article = "l'" if vowel else genders.get(gender or before.gender or "", "")
    if before.preposition == "de" and article == "le ":
        return "du "
    if before.preposition == "à" and article == "le ":
        return "au "
    return f"{before.preposition} {article}" if before.preposition else article


def _written(before: _Before, gender: str | None, vowel: bool) -> str:
    """The words before the name as they should read (lower case, « ' » apostrophe)."""
    if before.kind == "definite":
        return _definite(before, gender, vowel)
    if before.kind == "de":
        return "d'" if vowel else "de "
    if before.kind == "que":
        return f"{before.stem[:-1]}'" if vowel else f"{before.stem} "
    if before.kind == "possessive":
        if vowel or gender == "m":
            return f"{before.stem}on "
        return f"{before.stem}a " if gender == "f" else f"{before.word} "
    if before.kind == "invariable":
        return before.stem
    if before.kind == "demonstrative":
        if gender == "f" or (gender is None and before.word == "cette"):
            return "cette "
        return "cet " if vowel else "ce "
    return {"m": "un ", "f": "une "}.get(gender or "", f"{before.word} ")


def _at_sentence_start(text: str, start: int) -> bool:
    index = start - 1
    while index >= 0 and text[index] in " \t\u00a0":
        index -= 1
    return index < 0 or text[index] == "\n" or text[index] in _SENTENCE_END


def _before_name(text: str, start: int, floor: int) -> tuple[int, _Before, str] | None:
    """(where the words before the name start, what they are, the apostrophe they use)."""
    head = text[max(floor, start - 12) : start]
    offset = start - len(head)
    found = _ELIDED.search(head) or _WORD.search(head)
    if found is None:
        return None
    word = found.group("word")
    capital = word[0].isupper()
    if capital and not (word[1:].islower() or len(word) == 1):
        return None  # « LA », « DE »: capitals, a title or a heading
    elided = "apostrophe" in found.groupdict() and found.group("apostrophe") is not None
    before = _read(word.lower(), elided)
    if before is None:
        return None
    begin = offset + found.start()
    apostrophe = found.group("apostrophe") if elided else ""
    if before.kind == "definite" and not before.preposition and not before.plural:
        preposition = _PREPOSITION.search(text[max(floor, begin - 4) : begin])
        if preposition is not None:
            word = preposition.group("word")
            before = _Before("definite", before.word, before.gender, word.lower())
            begin -= len(preposition.group())
            capital = word[0].isupper()
    if capital and not _at_sentence_start(text, begin):
        return None  # « de La Fontaine », « Jean De »: a particle of the name
    return begin, before, apostrophe


def apostrophe_of(text: str) -> str:
    """The apostrophe ``text`` uses most (« ' » or « ’ »)."""
    return "’" if text.count("’") > text.count("'") else "'"


def determiner_edit(
    text: str, start: int, pseudonym: str, *, floor: int = 0, apostrophe: str = "'"
) -> DeterminerEdit | None:
    """How the words just before the name at ``start`` should read before ``pseudonym``
    (see the module's rule); None when they read right already. ``floor``: where the text
    before may be rewritten from (the end of the name replaced before this one);
    ``apostrophe``: the one to write where the words before had none (``apostrophe_of``)."""
    vowel = _starts_with_vowel(pseudonym)
    if vowel is None:
        return None
    found = _before_name(text, start, floor)
    if found is None:
        return None
    begin, before, elided_with = found
    gender = pseudonym_gender(pseudonym)
    if before.plural and (gender is None or _folded(pseudonym.split()[0]) == _FAMILY):
        return None  # « les Martin », a family; a gender not known: as written
    wanted = _written(before, gender, vowel)
    written = " ".join(text[begin:start].replace("’", "'").lower().split())
    if wanted.strip() == written or (wanted == "" and written == ""):
        return None
    if text[begin].isupper():
        wanted = wanted[:1].upper() + wanted[1:]
    wanted = wanted.replace("'", elided_with or apostrophe)
    # the words that stay (« à » of « à la » → « à l' ») are left out of the edit: a coding
    # that starts after them keeps its start
    kept = 0
    for index, (old, new) in enumerate(zip(text[begin:start], wanted, strict=False)):
        if old != new:
            break
        if old.isspace():
            kept = index + 1
    return DeterminerEdit(begin + kept, wanted[kept:])
