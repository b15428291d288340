"""project.yaml's own settings, read for ``project.py``: the top-level texts (the study's
name, its paths, the coder) and `language`, and the sections the project's coding settings
are made of (`coding`, `import`, `model`); every key checked, every mistake named with its
line (``base.settings.setting_error``). The sections of the other packages are read in
``settings_sections.py``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ptce_coding.app.settings_file import check_language
from ptce_coding.app.settings_sections import SECTIONS
from ptce_coding.base.coder_selection import coder_name_problem, tagger_name_problem
from ptce_coding.base.settings import refuse_unknown, setting_error
from ptce_coding.tagging.settings import (
    DEFAULT_FAR_CLOSENESS,
    DEFAULT_MIN_CONFIDENCE,
    ModelSettings,
)

_TEXT_HINTS = {
    "name": "Write the study's name after the colon (in quotes if it starts with a digit: "
    '`name: "2024 enquête"`).',
    "coder": "Write a name after the colon, or remove the line for your login name.",
    "corpus": "Write a folder's path after the colon (`corpus: corpus`).",
    "outputs": "Write a folder's path after the colon (`outputs: outputs`).",
}


@dataclass(frozen=True)
class CodingSection:
    """The `coding` section as read: what the taggers code, and which suggestions they
    write."""

    interviewer_turns: bool
    preamble: str
    min_confidence: float
    far_closeness: float = DEFAULT_FAR_CLOSENESS


def coding_section(data: dict[str, Any], path: Path) -> CodingSection:
    """The `coding` section of project.yaml (``data``: the whole file), checked."""
    coding = data.get("coding") or {}
    if not isinstance(coding, dict):
        raise setting_error(path, "coding", "`coding` must be a mapping")
    refuse_unknown("coding", coding, SECTIONS, path)
    interviewer_turns = coding.get("interviewer_turns", False)
    if not isinstance(interviewer_turns, bool):
        raise setting_error(
            path,
            "coding.interviewer_turns",
            f"`coding.interviewer_turns` must be true or false, not {interviewer_turns!r}",
            hint="Write it without quotes: `interviewer_turns: false`.",
        )
    preamble = coding.get("preamble", "titles")
    if preamble not in ("titles", "all"):
        raise setting_error(
            path,
            "coding.preamble",
            f"`coding.preamble` must be titles or all, not {preamble!r}",
            hint="titles: the title lines outside the speakers' turns are left out; "
            "all: every paragraph is coded and counted.",
        )
    min_confidence = _fraction(
        coding, "min_confidence", DEFAULT_MIN_CONFIDENCE, path, "0 writes every rule match."
    )
    far_closeness = _fraction(
        coding,
        "far_closeness",
        DEFAULT_FAR_CLOSENESS,
        path,
        "0 reads no document as far from the codebook.",
    )
    return CodingSection(interviewer_turns, preamble, min_confidence, far_closeness)


def _fraction(coding: dict[str, Any], key: str, default: float, path: Path, zero: str) -> float:
    """A `coding` setting that is a number from 0 to 1 (excluded), checked; ``zero`` says
    what 0 does."""
    value = coding.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1:
        raise setting_error(
            path,
            f"coding.{key}",
            f"`coding.{key}` must be a number from 0 to 1 (excluded), not {value!r}",
            hint=f"Write a number with a point, such as {default} (the default); {zero}",
        )
    return float(value)


def max_megabytes_setting(data: dict[str, Any], path: Path) -> float:
    """`import.max_megabytes` (``data``: the whole file), the `import` section checked."""
    import_settings = data.get("import") or {}
    if not isinstance(import_settings, dict):
        raise setting_error(path, "import", "`import` must be a mapping")
    refuse_unknown("import", import_settings, SECTIONS, path)
    max_megabytes = import_settings.get("max_megabytes", 50.0)
    if (
        isinstance(max_megabytes, bool)
        or not isinstance(max_megabytes, int | float)
        or not math.isfinite(max_megabytes)
        or max_megabytes <= 0
    ):
        raise setting_error(
            path,
            "import.max_megabytes",
            f"`import.max_megabytes` must be a positive number, not {max_megabytes!r}",
        )
    return float(max_megabytes)


def model_section(data: dict[str, Any], path: Path) -> ModelSettings:
    """The assisted tagger's settings, the `model` section (``data``: the whole file)."""
    model = data.get("model") or {}
    if not isinstance(model, dict):
        raise setting_error(path, "model", "`model` must be a mapping")
    refuse_unknown("model", model, SECTIONS, path)
    min_positive = model.get("min_positive", 5)
    if isinstance(min_positive, bool) or not isinstance(min_positive, int) or min_positive < 2:
        raise setting_error(
            path, "model.min_positive", "`model.min_positive` must be a whole number of at least 2"
        )
    sentence_vectors = model.get("sentence_vectors", True)
    if not isinstance(sentence_vectors, bool):
        raise setting_error(
            path, "model.sentence_vectors", "`model.sentence_vectors` must be true or false"
        )
    return ModelSettings(min_positive=min_positive, sentence_vectors=sentence_vectors)


def text_settings(data: dict[str, Any], path: Path) -> dict[str, str]:
    """The top-level texts given (the study's name, the paths, the coder), by the name of
    the ``Project`` field each sets."""
    strings: dict[str, str] = {}
    for key, attr in (
        ("name", "name"),
        ("codebook", "codebook_file"),
        ("corpus", "corpus_dir"),
        ("cases", "cases_file"),
        ("documents", "documents_file"),
        ("store", "store_file"),
        ("outputs", "outputs_dir"),
        ("coder", "coder"),
    ):
        if key in data:
            if not isinstance(data[key], str) or not data[key].strip():
                raise setting_error(
                    path,
                    key,
                    f"`{key}` must be a non-empty text, not {data[key]!r}",
                    hint=_TEXT_HINTS.get(key, "Write a file's path after the colon."),
                )
            problem = coder_name_problem(data[key]) if key == "coder" else ""
            if problem:
                raise setting_error(
                    path,
                    "coder",
                    f"`coder`: {problem}",
                    hint="Type the name again, in plain letters.",
                )
            if key == "coder" and (problem := tagger_name_problem(data[key])):
                raise setting_error(
                    path,
                    "coder",
                    f"`coder`: {problem}",
                    hint="Write the name of the person who reviews, or remove the line for "
                    "your login name.",
                )
            strings[attr] = data[key]
    return strings


def language_setting(data: dict[str, Any], path: Path) -> str:
    """`language`: a spaCy pipeline's language (``settings_file.check_language``)."""
    language = data.get("language", "fr")
    if not isinstance(language, str) or not language.strip():
        raise setting_error(path, "language", "`language` must be a non-empty text")
    check_language(language, path)
    return language
