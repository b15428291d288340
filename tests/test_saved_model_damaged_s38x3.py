"""The saved model as `code` reads it after a few decisions (``saved_model_since``): a damaged
or foreign file, or metadata not of this tool, is never trusted and never a traceback; a
model saved before its segments' fingerprints were kept counts all of them as changed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import joblib
import numpy as np
import pytest

from ptce_coding.tagging.classifier import SegmentCoder
from ptce_coding.tagging.saved_model import saved_model_since

METADATA = {"codes": ["ECO.COMPOST"], "training_hash": "abc", "training_segments": 12}


def fitted() -> bytes:
    model = SegmentCoder(sentence_vectors=False).fit(
        ["compost heap", "bicycle repair", "compost bin", "bike shop"] * 3,
        np.array([[1], [0], [1], [0]] * 3),
        ["ECO.COMPOST"],
    )
    whole = io.BytesIO()
    joblib.dump(model, whole)
    return whole.getvalue()


def save(folder: Path, meta: object, content: bytes) -> None:
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (folder / "model.joblib").write_bytes(content)


@pytest.mark.parametrize("cut", [3, 12, 200])
def test_a_truncated_saved_model_is_not_read(tmp_path: Path, cut: int) -> None:
    save(tmp_path, METADATA, fitted()[:cut])
    assert saved_model_since(tmp_path, METADATA, {}) is None


@pytest.mark.parametrize("meta", [[1, 2], {**METADATA, "training_segments": "12"}, "x"])
def test_metadata_not_of_this_tool_is_not_read(tmp_path: Path, meta: object) -> None:
    save(tmp_path, meta, fitted())
    assert saved_model_since(tmp_path, METADATA, {}) is None


def test_another_codebook_is_not_read_and_a_model_without_fingerprints_changed_whole(
    tmp_path: Path,
) -> None:
    save(tmp_path, {**METADATA, "codes": ["ECO.BIKE"]}, fitted())
    assert saved_model_since(tmp_path, METADATA, {}) is None
    save(tmp_path, METADATA, fitted())  # saved before `segment_keys` were kept
    same = saved_model_since(tmp_path, METADATA, {"a": "b"})
    assert same is not None and same.basis.changed == 0 and same.basis.current
    other = saved_model_since(tmp_path, {**METADATA, "training_hash": "def"}, {"a": "b"})
    assert other is not None and (other.basis.changed, other.basis.current) == (13, False)
    save(tmp_path, {**METADATA, "segment_keys": {"a": "b", "c": "d"}}, fitted())
    changed = saved_model_since(tmp_path, {**METADATA, "training_hash": "def"}, {"a": "x"})
    assert changed is not None and (changed.basis.changed, changed.basis.current) == (2, False)
    assert changed.basis.tolerated == 1 and changed.basis.said_when() == ""
