"""Which capitalised words are common words: those the corpus writes in lower case
somewhere (``lowercase_vocabulary``) and the French nouns spaCy's lemmatizer knows
(``common_nouns``: « la Maison de la construction bois » is headed by a noun, not a town);
and the French adjectives it knows (``adjectives``: « les Allemands » is a people)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any


def lowercase_vocabulary(texts: Iterable[str]) -> set[str]:
    """The words written in lower case somewhere in the corpus."""
    words: set[str] = set()
    for text in texts:
        words.update(w for w in re.findall(r"[^\W\d_]+", text) if w.islower())
    return words


def common_nouns(nlp: Any) -> Callable[[str], bool]:
    """Whether a word in lower case is a French common noun or one's plural (« maison »,
    « maisons »), by spaCy's own lists: its lemmatizer's index of nouns and table of forms
    (``ner.load_ner`` loads them); never, for a pipeline without them."""
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


def adjectives(nlp: Any) -> Callable[[str], bool]:
    """Whether a word in lower case is a French adjective (« allemand », « sri-lankais »), by
    spaCy's lemmatizer index of adjectives; never, for a pipeline without it."""
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups
        known = frozenset(lookups.get_table("lemma_index")["adj"])
    except (AttributeError, KeyError):
        return lambda word: False
    return known.__contains__
