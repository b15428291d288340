"""The fitted model kept in the project's ``.cache/model/``: fitted on the training data, or
loaded when the saved one was fitted on the same data, with the same parameters and library
versions (a damaged or foreign file is fitted again, never trusted)."""

from __future__ import annotations

import hashlib
import json
import pickle
import struct
import zlib
from dataclasses import asdict
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
