"""The fitted model kept in the project's ``.cache/model/``: fitted on the training data, or
loaded when the saved one was fitted on the same data, with the same parameters and library
versions (a damaged or foreign file is fitted again, never trusted).

Its metadata also keeps when it was trained and a fingerprint of each coded segment it learned
from, so that `code` can read it after a few more decisions (``saved_model_since``): a review
decision changes the coding, not what the model learned from the rest of it, and the rule
suggestions it weighed are not dropped for one decision. It is read while the segments whose
coding changed since (new, gone, or coded otherwise) are at most a tenth of those it learned
from (``STALE_SHARE``, at least one); past that, or with another codebook, settings or
libraries, `suggest` must train it again."""

from __future__ import annotations

import hashlib
import json
import pickle
import struct
import zlib
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
import scipy
import sklearn
import spacy

from ptce_coding import __version__
from ptce_coding.base.files import atomic_path
from ptce_coding.tagging.classifier import SegmentCoder, as_frame
from ptce_coding.tagging.sentence_vectors import encoder_version
from ptce_coding.tagging.settings import ModelSettings
from ptce_coding.tagging.training_data import SegmentItem, frame

# what unpickling a truncated, damaged or foreign file raises (a cut in a pickle frame is a
# struct.error, a bad opcode an UnpicklingError, a bad memo index a KeyError or IndexError)
_UNREADABLE = (
    OSError,
    ValueError,
    EOFError,
    ImportError,
    AttributeError,
    LookupError,
    TypeError,
    pickle.UnpicklingError,
    struct.error,
    zlib.error,
)


# the share of the segments a saved model learned from whose coding may have changed since,
# for `code` to read it still (at least one segment)
STALE_SHARE = 0.1
# what a model's training data is besides its segments: a saved model fitted on other codes,
# codebook examples, parameters or libraries is never read
_TRAINING_KEYS = ("training_hash", "training_segments")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ModelBasis:
    """What the saved model was trained on, against the present coding."""

    trained_at: str | None  # ISO time (UTC) of its training; None in a model saved before
    segments: int  # the coded segments it learned from
    changed: int  # coded segments whose coding changed since: new, gone or coded otherwise

    @property
    def tolerated(self) -> int:
        """How many changed segments it is read with (``STALE_SHARE``, at least one)."""
        return max(1, int(self.segments * STALE_SHARE))

    @property
    def current(self) -> bool:
        """Whether it is read: trained on the present coding or on one little different."""
        return self.changed <= self.tolerated

    def said_when(self) -> str:
        """« on 7 Dec 2026 at 18:40 UTC », or nothing for a model saved without its time."""
        if self.trained_at is None:
            return ""
        moment = datetime.fromisoformat(self.trained_at).astimezone(UTC)
        month = _MONTHS[moment.month - 1]
        return f" on {moment.day} {month} {moment.year} at {moment:%H:%M} UTC"


@dataclass(frozen=True)
class SavedModel:
    """The model `suggest` saved, and what it was trained on against the present coding."""

    model: SegmentCoder
    basis: ModelBasis


def segment_coder(settings: ModelSettings) -> SegmentCoder:
    """An unfitted segment coder with these settings."""
    return SegmentCoder(
        min_positive=settings.min_positive,
        C=settings.C,
        folds=settings.folds,
        sentence_vectors=settings.sentence_vectors,
        random_state=settings.random_state,
    )


def fitted_model(
    folder: Path,
    items: list[SegmentItem],
    labels: np.ndarray,
    codes: list[str],
    settings: ModelSettings,
    pipeline: str,
    examples: pd.DataFrame | None = None,
    example_labels: np.ndarray | None = None,
) -> tuple[SegmentCoder, bool]:
    """The model for this training data: loaded from ``folder`` (``.cache/model/``) when
    the saved one was fitted on the same data with the same parameters and libraries, else
    fitted and saved. Returns (model, reused)."""
    examples = as_frame([]) if examples is None else examples
    metadata = model_metadata(items, labels, codes, settings, pipeline, examples, example_labels)
    saved = saved_model(folder, metadata)
    if saved is not None:
        _add_segment_keys(folder / "meta.json", items, labels)
        return saved, True
    training = np.flatnonzero((labels != -1).any(axis=1))
    model = segment_coder(settings).fit(
        frame([items[i] for i in training]),
        labels[training],
        codes,
        groups=[items[i].case for i in training],  # the inner folds keep cases whole
        examples=examples,
        example_labels=example_labels,
    )
    metadata["learned"] = list(model.codes_)
    metadata["skipped"] = model.skipped_
    metadata["trained_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    metadata["segment_keys"] = segment_keys(items, labels)
    meta_path, model_path = folder / "meta.json", folder / "model.joblib"
    with atomic_path(model_path) as temp:
        joblib.dump(model, temp)
    with atomic_path(meta_path) as temp:
        Path(temp).write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    return model, False


def saved_model(folder: Path, metadata: dict[str, Any]) -> SegmentCoder | None:
    """The model saved in ``folder`` if it was fitted on what ``metadata`` describes."""
    meta_path, model_path = folder / "meta.json", folder / "model.joblib"
    if meta_path.is_file() and model_path.is_file():
        try:
            saved = json.loads(meta_path.read_text(encoding="utf-8"))
            if {k: saved.get(k) for k in metadata} == metadata:
                model = joblib.load(model_path)
                if isinstance(model, SegmentCoder):
                    return model
        except _UNREADABLE:
            pass  # a damaged or foreign saved model is fitted again, never trusted
    return None


def _add_segment_keys(meta_path: Path, items: list[SegmentItem], labels: np.ndarray) -> None:
    """The segments' fingerprints added to the metadata of a model saved before they were
    kept, that a reused model be read after a decision more too."""
    saved = json.loads(meta_path.read_text(encoding="utf-8"))
    if "segment_keys" in saved:
        return
    saved["segment_keys"] = segment_keys(items, labels)
    with atomic_path(meta_path) as temp:
        Path(temp).write_text(json.dumps(saved, indent=2), encoding="utf-8")


def saved_model_since(
    folder: Path, metadata: dict[str, Any], keys: dict[str, str]
) -> SavedModel | None:
    """The model saved in ``folder`` if it was fitted with what ``metadata`` describes but
    perhaps on another coding, with how many coded segments changed since (``keys``: the
    present ``segment_keys``); None for no model, a damaged or foreign one, or one fitted with
    other codes, codebook examples, parameters or libraries. A model saved before its segments
    were kept counts every segment as changed unless its training hash is the present one."""
    meta_path, model_path = folder / "meta.json", folder / "model.joblib"
    if not (meta_path.is_file() and model_path.is_file()):
        return None
    try:
        saved = json.loads(meta_path.read_text(encoding="utf-8"))
        if not isinstance(saved, dict) or any(
            saved.get(k) != v for k, v in metadata.items() if k not in _TRAINING_KEYS
        ):
            return None
        model = joblib.load(model_path)
    except _UNREADABLE:
        return None  # a damaged or foreign saved model is never trusted
    if not isinstance(model, SegmentCoder):
        return None
    segments = saved.get("training_segments")
    if not isinstance(segments, int):
        return None
    if saved.get("training_hash") == metadata["training_hash"]:
        changed = 0
    else:
        earlier = saved.get("segment_keys")
        changed = _changed(earlier, keys) if isinstance(earlier, dict) else segments + len(keys)
    at = saved.get("trained_at")
    return SavedModel(model, ModelBasis(at if isinstance(at, str) else None, segments, changed))


def segment_keys(items: list[SegmentItem], labels: np.ndarray) -> dict[str, str]:
    """A fingerprint of each coded segment (label known for a code): {where it is: what it
    says and how it is coded}, short hashes, to count later the segments coded otherwise."""
    keys: dict[str, str] = {}
    for i in np.flatnonzero((labels != -1).any(axis=1)):
        item = items[int(i)]
        where = json.dumps([item.document, item.start, item.end])
        what = json.dumps([item.lemmas, item.text, item.case, labels[i].tolist()])
        keys[_short_hash(where)] = _short_hash(what)
    return keys


def _changed(earlier: dict[str, Any], present: dict[str, str]) -> int:
    """The segments coded in one and not the other, or coded otherwise."""
    gone = sum(1 for key in earlier if key not in present)
    return gone + sum(1 for key, what in present.items() if earlier.get(key) != what)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def model_metadata(
    items: list[SegmentItem],
    labels: np.ndarray,
    codes: list[str],
    settings: ModelSettings,
    pipeline: str,
    examples: pd.DataFrame,
    example_labels: np.ndarray | None,
) -> dict[str, Any]:
    """What a fitted model depends on: the training data, parameters and libraries."""
    training = np.flatnonzero((labels != -1).any(axis=1))
    texts = frame([items[i] for i in training])
    groups = [items[i].case for i in training]
    return {
        "ptce_coding": __version__,
        "libraries": _library_versions(settings),
        "pipeline": pipeline,
        "parameters": asdict(settings),
        "codes": codes,
        "training_hash": _training_hash(texts.to_numpy().tolist(), groups, labels[training], codes),
        "examples_hash": _training_hash(
            examples.to_numpy().tolist(),
            [],
            example_labels if example_labels is not None else np.zeros((0, len(codes))),
            codes,
        ),
        "training_segments": len(training),
    }


def _training_hash(
    texts: list[Any], groups: list[str], labels: np.ndarray, codes: list[str]
) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([texts, groups, codes]).encode())
    digest.update(np.ascontiguousarray(labels, dtype=np.int8).tobytes())
    return digest.hexdigest()


def _library_versions(settings: ModelSettings) -> dict[str, str]:
    versions = {
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "spacy": spacy.__version__,
    }
    if settings.sentence_vectors:
        versions["sentence encoder"] = encoder_version()
    return versions
