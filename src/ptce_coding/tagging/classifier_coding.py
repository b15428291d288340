"""Assisted coding of the store: train the segment coder on the human decisions, save it with
its metadata in ``.cache/model/`` (saved_model.py), and write its suggestions (method and
coder ``model``).

A run replaces the earlier *model suggestions* only; manual, imported, accepted and rejected
codings are never touched. A suggestion is not made again where a reviewer decided on a model
suggestion of that code, nor where a human already coded that code, nor where a rule
suggestion of that code on that passage already waits for review: the reviewer decides a
(passage, code) once, and the decision teaches both taggers (the rule's record, the model's
next training). The fitted model is reused while the training data, the parameters and the
library versions are the same; `code` reads it after a few decisions more too
(``saved_model_reading``, ``saved_model.ModelBasis``). Which suggestions it writes is
``model_suggestions``'; what a run did, ``suggest_run.SuggestRun``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ptce_coding.base.errors import PtceError
from ptce_coding.base.language import DocCache
from ptce_coding.base.records import CodingRow
from ptce_coding.codebook.model import Codebook
from ptce_coding.store import Store
from ptce_coding.tagging.classifier import as_frame
from ptce_coding.tagging.languages import pipeline_for
from ptce_coding.tagging.learnable import NOTHING_TO_LEARN, NOTHING_TO_LEARN_HINT, require_decisions
from ptce_coding.tagging.learned_codes import codebook_codes
from ptce_coding.tagging.model_evidence import (
    ModelView,
    model_view,
)
from ptce_coding.tagging.model_suggestions import model_suggestions
from ptce_coding.tagging.saved_model import (
    ModelBasis,
    fitted_model,
    model_metadata,
    saved_model_since,
    segment_keys,
)
from ptce_coding.tagging.sentence_vectors import remember
from ptce_coding.tagging.settings import CodingSettings, ModelSettings
from ptce_coding.tagging.suggest_run import SuggestRun
from ptce_coding.tagging.training_data import (
    SegmentItem,
    codebook_examples,
    human_coded_documents,
    label_matrix,
    segment_items,
    unread_codings,
)


def examples_for(
    codebook: Codebook, codes: list[str], nlp: Any, settings: ModelSettings
) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The codebook's words as training examples, when the settings want them."""
    if not settings.codebook_examples:
        return as_frame([]), None
    return codebook_examples(codebook, codes, nlp)


def language_cache(cache: Path, language: str) -> tuple[DocCache, str | None]:
    """The parse cache (in ``cache``/docs) with the pipeline of ``language``, and the note
    on it."""
    pipeline = pipeline_for(language)
    return DocCache(cache / "docs", pipeline.nlp), pipeline.note


def remember_vectors(
    cache: Path,
    settings: ModelSettings,
    items: list[SegmentItem],
    examples: pd.DataFrame,
    *,
    prune: bool = False,
) -> int:
    """When the settings read sentence vectors: those of the segments and the codebook's
    examples from ``cache``/vectors (the project's ``.cache/vectors/``), the missing ones
    encoded and kept there
    (``sentence_vectors.remember``). Returns how many were encoded."""
    if not settings.sentence_vectors:
        return 0
    texts = [*(item.text for item in items), *examples["text"]]
    return remember(texts, cache / "vectors", prune=prune)


@dataclass
class _Training:
    """What the model learns from and codes: the store's segments, their labels and the
    codebook's examples."""

    items: list[SegmentItem]
    codes: list[str]
    codings: list[CodingRow]
    labels: np.ndarray
    examples: pd.DataFrame
    example_labels: np.ndarray | None
    pipeline: str
    stop_words: frozenset[str]
    note: str | None

    @property
    def training(self) -> np.ndarray:
        return np.flatnonzero((self.labels != -1).any(axis=1))

    def metadata(self, settings: ModelSettings) -> dict[str, Any]:
        """What a model fitted on this data with these settings depends on."""
        return model_metadata(
            self.items,
            self.labels,
            self.codes,
            settings,
            self.pipeline,
            self.examples,
            self.example_labels,
        )


def _training(
    store: Store,
    codebook: Codebook,
    settings: ModelSettings,
    coding: CodingSettings,
    cache_folder: Path,
) -> _Training:
    cache, note = language_cache(cache_folder, coding.language)
    items = segment_items(store, cache, interviewer_turns=coding.interviewer_turns)
    codes = codebook_codes(codebook)
    codings = store.coding_rows()
    labels = label_matrix(
        items,
        codes,
        codings,
        coded_documents=human_coded_documents(codings),
        above=codebook.above,  # a passage coded with a code is about the codes above it
    )
    examples, example_labels = examples_for(codebook, codes, cache.nlp, settings)
    return _Training(
        items,
        codes,
        codings,
        labels,
        examples,
        example_labels,
        cache.version,
        frozenset(cache.nlp.Defaults.stop_words),
        note,
    )


def suggest(
    store: Store,
    codebook: Codebook,
    settings: ModelSettings,
    coding: CodingSettings,
    cache_folder: Path,
    rescore: Callable[[ModelView], object] | None = None,
) -> SuggestRun:
    """Train (or reuse) the model and replace the model suggestions of every document; the
    parses, sentence vectors and the fitted model are kept in ``cache_folder`` (the
    project's ``.cache/``). ``rescore``, if given, is called with the model's reading of the
    segments (``model_evidence.py``) before the model suggestions are written: the rule
    suggestions are weighed with it there (``app/workflow.run_rules``)."""
    require_decisions(store)  # before the language model and the parses
    data = _training(store, codebook, settings, coding, cache_folder)
    run = SuggestRun(language_note=data.note)
    run.segments, run.training_segments = len(data.items), len(data.training)
    run.unread = unread_codings(data.items, data.codings)
    run.hand_coded = len(human_coded_documents(data.codings))
    if not len(data.training):  # e.g. every decision on an interviewer turn, not read
        raise PtceError(NOTHING_TO_LEARN, hint=NOTHING_TO_LEARN_HINT)
    run.encoded = remember_vectors(cache_folder, settings, data.items, data.examples, prune=True)
    model, run.reused = fitted_model(
        cache_folder / "model",
        data.items,
        data.labels,
        data.codes,
        settings,
        data.pipeline,
        data.examples,
        data.example_labels,
    )
    run.skipped = dict(model.skipped_)
    without = (data.labels == 0).sum(axis=0)  # coded segments without each code
    run.one_sided = {
        code: (n, int(without[data.codes.index(code)]))
        for code, n in run.skipped.items()
        if n > 0 and without[data.codes.index(code)] < 2
    }
    run.learned = {c: model.fits_[c].cv_f1 for c in model.codes_ if model.fits_[c].scale == 1}
    run.learned_on = {c: model.fits_[c].positives for c in run.learned}
    run.few_shot = {c: model.fits_[c].positives for c in model.codes_ if model.fits_[c].scale < 1}
    codings = data.codings
    if rescore is not None:
        rescore(model_view(model, data.items, data.labels, data.codes))
        codings = store.coding_rows()  # with the rule suggestions as weighed again
    suggestions = model_suggestions(
        run,
        codebook,
        model,
        data.items,
        data.labels,
        codings,
        data.stop_words,
        coding.min_confidence,
    )
    replaced = store.replace_suggestions_counted(
        "model", [d.id for d in store.documents()], suggestions
    )
    run.removed, run.added, run.kept = replaced.removed, replaced.added, replaced.kept
    return run


@dataclass(frozen=True)
class SavedReading:
    """The model `suggest` saved, as `code` reads it: its reading of the segments while it is
    current (``ModelBasis.current``), and what it was trained on against the present coding
    (None: no model saved, or one fitted with another codebook, settings or libraries)."""

    view: ModelView | None
    basis: ModelBasis | None


def saved_model_reading(
    store: Store,
    codebook: Codebook,
    settings: ModelSettings,
    coding: CodingSettings,
    cache_folder: Path,
) -> SavedReading:
    """The reading of the model `suggest` saved in ``cache_folder``/model when it was fitted
    with these settings and codebook on the store's present coding or on one that a few
    decisions changed since (``saved_model.STALE_SHARE``): a few decisions between two runs
    of `suggest` do not drop the model's weighing of the rule suggestions."""
    folder = cache_folder / "model"
    if not (folder / "meta.json").is_file():
        return SavedReading(None, None)
    data = _training(store, codebook, settings, coding, cache_folder)
    saved = saved_model_since(
        folder, data.metadata(settings), segment_keys(data.items, data.labels)
    )
    if saved is None:
        return SavedReading(None, None)
    if not saved.basis.current:
        return SavedReading(None, saved.basis)
    remember_vectors(cache_folder, settings, data.items, data.examples)
    view = model_view(saved.model, data.items, data.labels, data.codes)
    return SavedReading(view, saved.basis)
