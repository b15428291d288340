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
(``saved_model_reading``, ``saved_model.ModelBasis``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ptce_coding.base.coded_spans import CodedSpans
from ptce_coding.base.errors import PtceError
from ptce_coding.base.language import DocCache
from ptce_coding.base.records import Coding, CodingRow
from ptce_coding.codebook.model import Codebook
from ptce_coding.store import Store
from ptce_coding.tagging.classifier import SegmentCoder, as_frame
from ptce_coding.tagging.languages import pipeline_for
from ptce_coding.tagging.learnable import NOTHING_TO_LEARN, NOTHING_TO_LEARN_HINT, require_decisions
from ptce_coding.tagging.model_evidence import (
    ModelView,
    given_no_rule,
    model_view,
    unfound_rates,
)
from ptce_coding.tagging.saved_model import (
    ModelBasis,
    fitted_model,
    model_metadata,
    saved_model_since,
    segment_keys,
)
from ptce_coding.tagging.sentence_vectors import remember
from ptce_coding.tagging.settings import CodingSettings, ModelSettings
from ptce_coding.tagging.training_data import (
    SegmentItem,
    codebook_examples,
    frame,
    human_coded_documents,
    label_matrix,
    segment_items,
    unread_codings,
)

CODER = "model"
EVIDENCE_TERMS = 5


def examples_for(
    codebook: Codebook, codes: list[str], nlp: Any, settings: ModelSettings
) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The codebook's words as training examples, when the settings want them."""
    if not settings.codebook_examples:
        return as_frame([]), None
    return codebook_examples(codebook, codes, nlp)


@dataclass
class SuggestRun:
    """What a run of the assisted tagger did."""

    segments: int = 0
    training_segments: int = 0
    learned: dict[str, float] = field(default_factory=dict)  # code -> cross-validated F1
    # code -> the coded segments with it that its cross-validated F1 was measured on
    learned_on: dict[str, int] = field(default_factory=dict)
    few_shot: dict[str, int] = field(default_factory=dict)  # code -> coded segments (< min)
    skipped: dict[str, int] = field(default_factory=dict)  # code -> positive segments
    # of those, skipped for want of coded segments *without* the code: code -> (with, without)
    one_sided: dict[str, tuple[int, int]] = field(default_factory=dict)
    # documents coded by hand (training_data.human_coded_documents): without any, only a
    # rejected suggestion says a segment is without a code (an accepted one says where it is)
    hand_coded: int = 0
    removed: int = 0
    added: int = 0
    skipped_decided: int = 0
    already_suggested: int = 0  # a rule suggestion of the code on the segment waits for review
    unread: int = 0  # accepted codings on no segment the model reads (interviewer turns)
    reused: bool = False
    encoded: int = 0  # texts whose sentence vector was not in .cache/vectors/ yet
    language_note: str | None = None


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


def codebook_codes(codebook: Codebook) -> list[str]:
    return [code.id for code in codebook.codes if not code.retired]


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
    suggestions = _suggestions(
        run,
        codebook,
        model,
        data.items,
        data.labels,
        codings,
        data.stop_words,
        coding.min_confidence,
    )
    run.removed, run.added = store.replace_suggestions(
        "model", [d.id for d in store.documents()], suggestions
    )
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


def _suggestions(
    run: SuggestRun,
    codebook: Codebook,
    model: SegmentCoder,
    items: list[SegmentItem],
    labels: np.ndarray,
    codings: list[CodingRow],
    stop_words: frozenset[str],
    min_confidence: float = 0.0,
) -> list[tuple[int, Coding]]:
    """The model's suggestions on the segments not coded for a code: those at or above the
    code's threshold and, for a code learned with a calibrated probability, at or above
    ``min_confidence`` (``coding.min_confidence``, as rule suggestions); a code learned from
    few examples keeps its scaled threshold (its confidence says how little it rests on)."""
    if not model.codes_:
        return []
    codes = codebook_codes(codebook)
    targets = np.flatnonzero((labels == -1).any(axis=1))
    if not len(targets):
        return []
    texts = frame([items[i] for i in targets])
    probabilities = model.predict_proba(texts)
    decided = CodedSpans(
        row
        for row in codings
        if row.status == "accepted" or (row.coder == CODER and row.status != "suggested")
    )

    above = codebook.above
    # a rule suggestion of a code stands for the codes above it too: its confidence already
    # holds the model's reading of the nearest one learned (model_evidence.py)
    rules = [r for r in codings if r.method == "rule"]
    waiting = CodedSpans((r for r in rules if r.status == "suggested"), above)
    rates = unfound_rates(model, items, labels, codes, CodedSpans(rules, above))
    for j, code in enumerate(model.codes_):
        if code in rates:
            fit, rate = model.fits_[code], rates[code]
            probabilities[:, j] = [given_no_rule(fit, p, rate) for p in probabilities[:, j]]
    found = []
    for j, code in enumerate(model.codes_):
        threshold = float(model.thresholds_[j])
        if model.fits_[code].scale >= 1.0:
            threshold = max(threshold, min_confidence)
        chosen = [
            int(k)
            for k in np.flatnonzero(probabilities[:, j] >= threshold)
            if labels[targets[k], codes.index(code)] == -1
        ]
        if not chosen:
            continue
        terms = model.evidence(texts.iloc[chosen], code, 4 * EVIDENCE_TERMS)
        for k, weighed in zip(chosen, terms, strict=True):
            words = _readable(weighed, stop_words)
            item = items[targets[k]]
            if decided.overlap(item.document, code, item.start, item.end):
                run.skipped_decided += 1
                continue
            if waiting.overlap(item.document, code, item.start, item.end):
                run.already_suggested += 1
                continue
            found.append(
                (
                    item.document_id,
                    Coding(
                        document=item.document,
                        start=item.start,
                        end=item.end,
                        code=code,
                        coder=CODER,
                        method="model",
                        status="suggested",
                        confidence=round(float(probabilities[k, j]), 4),
                        evidence=f"{_basis(model, code, rates)}{', '.join(words)} "
                        f"(threshold {threshold:.2f})",
                        codebook_version=codebook.version,
                    ),
                )
            )
    return _most_specific(codebook, found)


def _most_specific(codebook: Codebook, found: list[tuple[int, Coding]]) -> list[tuple[int, Coding]]:
    """The suggestions less those of a code above another one suggested on the same segment:
    the more specific stands for it (one review item)."""
    covered = {
        (coding.document, coding.start, code)
        for _, coding in found
        for code in codebook.above(coding.code)
    }
    return [
        (document, coding)
        for document, coding in found
        if (coding.document, coding.start, coding.code) not in covered
    ]


def _basis(model: SegmentCoder, code: str, rates: dict[str, float]) -> str:
    """What a suggestion rests on, said first in its evidence: few examples, or the share of
    the coded passages without a rule finding that have the code."""
    fit = model.fits_[code]
    if fit.scale >= 1:
        if code not in rates:
            return ""
        return f"no rule finding ({rates[code]:.0%} of such coded passages have the code): "
    return f"few examples ({fit.positives} coded segment(s) and the codebook): "


def _readable(terms: list[str], stop_words: frozenset[str]) -> list[str]:
    """The evidence a reviewer can read: terms with a stop word (« le », « de ») left out,
    unless nothing else is left."""
    kept = [t for t in terms if not any(w in stop_words for w in t.strip("«»").split())]
    return (kept or terms)[:EVIDENCE_TERMS]
