"""project.yaml's sections read into the settings objects each package takes: speakers,
analysis (whose coding counts), assignments, structure, network; every key checked
(``SECTIONS``), every mistake named with its line (``base.settings.setting_error``).
``app/project.py`` reads the file and calls these; the top-level settings and the `coding`,
`import` and `model` sections are read in ``app/top_settings.py``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ptce_coding.base.coder_selection import (
    CoderSelection,
    consensus_problem,
    tagger_name_problem,
)
from ptce_coding.base.regex_safety import nested_repeat
from ptce_coding.base.settings import SpeakerSettings, refuse_unknown, setting_error, setting_line
from ptce_coding.codebook.loader import CODE_ID
from ptce_coding.compare.settings import KEYS as COMPARE_KEYS
from ptce_coding.compare.settings import QCA_KEYS
from ptce_coding.evolution.structure import StructureSettings
from ptce_coding.network.settings import SETTING_KEYS as NETWORK_KEYS
from ptce_coding.network.settings import TIE_RULES, NetworkSettings
from ptce_coding.review.assignments import Assignments

# what a list setting of `network` looks like, for messages (network/settings.py defaults)
EXAMPLES = {"cooperation_codes": ("COOP",), "ties": TIE_RULES}

SETTING_KEYS = {
    "name",
    "language",
    "codebook",
    "corpus",
    "cases",
    "documents",
    "store",
    "outputs",
    "speakers",
    "coding",
    "import",
    "network",
    "compare",
    "coder",
    "model",
    "analysis",
    "assignments",
    "structure",
}


# every section's keys: an unknown key is refused, with where a misplaced one belongs
SECTIONS: dict[str, set[str]] = {
    "": SETTING_KEYS,
    "speakers": {"interviewers", "labels"},
    "coding": {"interviewer_turns", "preamble", "min_confidence", "far_closeness"},
    "import": {"max_megabytes"},
    "model": {"min_positive", "sentence_vectors"},
    "network": NETWORK_KEYS,
    "compare": COMPARE_KEYS,
    "compare.qca": QCA_KEYS,
    "analysis": {"coders", "consensus"},
    "assignments": {"coders", "double_coding"},
    "assignments.double_coding": {"share", "seed"},
    "structure": {"code", "topics", "headings"},
}


def speaker_settings(data: Any, path: Path) -> SpeakerSettings:
    if not isinstance(data, dict):
        raise setting_error(path, "speakers", "`speakers` must be a mapping")
    values: dict[str, tuple[str, ...]] = {}
    for key in ("interviewers", "labels"):
        items = data.get(key) or []
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise setting_error(
                path,
                f"speakers.{key}",
                f"`speakers.{key}` must be a list of texts, not {items!r}",
                hint="Write them in brackets: "
                + (
                    "`interviewers: [Enquêtrice, Marc]`."
                    if key == "interviewers"
                    else "`labels: ['^(?P<name>[A-Z]{2,4}) :']` (regular expressions)."
                ),
            )
        values[key] = tuple(items)
    refuse_unknown("speakers", data, SECTIONS, path)
    for pattern in values["labels"]:
        check_label(pattern, path)
    return SpeakerSettings(extra_interviewers=values["interviewers"], labels=values["labels"])


def check_label(pattern: str, path: Path) -> None:
    """A speaker label pattern, checked before any transcript is read (corpus/speakers.py
    compiles it, at import, with no file to name; not imported here: start-up speed)."""
    problem, hint = "", "A label pattern is a regular expression with a (?P<name>…) group."
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        problem = f"invalid regular expression {pattern!r}: {exc}"
    else:
        if "name" not in compiled.groupindex:
            problem = f"{pattern!r} needs a (?P<name>…) group for the speaker"
            hint = "For example `'^(?P<name>[A-Z]{2,4}) :'` reads « MD : … » as speaker MD."
        elif nesting := nested_repeat(pattern):
            problem = f"{pattern!r} nests {nesting}: on a long line it could run for hours"
            hint = "Write the repeat once (`\\w+` rather than `(\\w+\\s?)+`)."
    if problem:
        raise setting_error(path, "speakers.labels", f"`speakers.labels`: {problem}", hint=hint)


def analysis_settings(data: Any, path: Path) -> CoderSelection:
    """`analysis`: whose coding the analyses use (coder_selection.py)."""
    if not isinstance(data, dict):
        raise setting_error(
            path,
            "analysis",
            "`analysis` takes two settings: coders (a list of names), consensus (a name)",
        )
    refuse_unknown("analysis", data, SECTIONS, path)
    coders = data.get("coders") or []
    if not isinstance(coders, list) or not all(isinstance(c, str) and c.strip() for c in coders):
        raise setting_error(
            path,
            "analysis.coders",
            f"`analysis.coders` must be a list of coder names, not {coders!r}",
            hint="Write them in brackets: `coders: [doctorante, encadrant]` (`[]`: every coder).",
        )
    names = [c.strip() for c in coders]
    if twice := sorted({name for name in names if names.count(name) > 1}):
        raise setting_error(
            path,
            "analysis.coders",
            f"`analysis.coders` names {', '.join(twice)} twice",
            hint="Name each coder once.",
        )
    consensus = data.get("consensus")
    if consensus is not None and (not isinstance(consensus, str) or not consensus.strip()):
        raise setting_error(
            path,
            "analysis.consensus",
            f"`analysis.consensus` must be a coder name, not {consensus!r}",
            hint="One name, as the consensus decisions were imported: `consensus: consensus`.",
        )
    if consensus is not None and consensus.strip().lower() == "none":  # as --consensus none
        consensus = None
    if consensus is not None and (problem := consensus_problem(consensus.strip())):
        raise setting_error(
            path,
            "analysis.consensus",
            f"`analysis.consensus`: {problem}",
            hint="Write there the coder name the filled disagreements workbook was imported "
            "under (`ptce-coding codings import desaccords.xlsx --coder consensus`), or delete "
            "the line.",
        )
    selection = CoderSelection(tuple(names), consensus and consensus.strip())
    if selection.consensus and selection.consensus in selection.coders:
        raise setting_error(
            path,
            "analysis.consensus",
            f"`analysis.consensus` ({selection.consensus}) is also in `analysis.coders`",
            hint="The consensus decisions override the coders' codings: list only the coders.",
        )
    return selection


def assignment_settings(data: Any, path: Path) -> Assignments:
    """`assignments`: who codes which documents, the double-coding sample (assignments.py)."""
    if not isinstance(data, dict):
        raise setting_error(
            path, "assignments", "`assignments` takes two settings: coders, double_coding"
        )
    refuse_unknown("assignments", data, SECTIONS, path)
    coders = data.get("coders") or {}
    if not isinstance(coders, dict) or not all(
        isinstance(name, str)
        and isinstance(items, list)
        and all(isinstance(i, str) and i.strip() for i in items)
        for name, items in coders.items()
    ):
        raise setting_error(
            path,
            "assignments.coders",
            "`assignments.coders` must map each coder to a list of cases, documents or patterns",
            hint="For example: `doctorante: [pole-a, pole-b]`.",
        )
    for name in coders:
        if problem := tagger_name_problem(name):
            raise setting_error(
                path,
                f"assignments.coders.{name}",
                f"`assignments.coders`: {problem}",
                hint="Assign the documents to the people who review them.",
            )
    double = data.get("double_coding") or {}
    if not isinstance(double, dict):
        raise setting_error(
            path,
            "assignments.double_coding",
            "`assignments.double_coding` takes two settings: share, seed",
        )
    refuse_unknown("assignments.double_coding", double, SECTIONS, path)
    share, seed = double.get("share", 0.0), double.get("seed", 0)
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
        raise setting_error(
            path,
            "assignments.double_coding.share",
            f"`assignments.double_coding.share` must be a number from 0 to 1, not {share!r}",
        )
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise setting_error(
            path,
            "assignments.double_coding.seed",
            "`assignments.double_coding.seed` must be a whole number",
        )
    return Assignments(
        {str(name): tuple(i.strip() for i in items) for name, items in coders.items()},
        float(share),
        seed,
    )


def structure_settings(data: Any, path: Path) -> StructureSettings:
    """`structure`: the interview guide's questions as codes (structure.py)."""
    if not isinstance(data, dict):
        raise setting_error(
            path, "structure", "`structure` takes three settings: code, topics, headings"
        )
    refuse_unknown("structure", data, SECTIONS, path)
    if not data:
        return StructureSettings()
    code = data.get("code")
    if not isinstance(code, str) or not CODE_ID.match(code) or "." in code:
        raise setting_error(
            path,
            "structure.code",
            f"`structure.code` must be a top-level code id in capitals (STRUCT), not {code!r}",
        )
    topics = data.get("topics", True)
    if not isinstance(topics, bool):
        raise setting_error(path, "structure.topics", "`structure.topics` must be true or false")
    headings = data.get("headings")
    if headings is not None:
        try:
            re.compile(headings)
        except (re.error, TypeError) as exc:
            raise setting_error(
                path,
                "structure.headings",
                f"`structure.headings` is not a regular expression: {exc}",
            ) from None
    return StructureSettings(
        code, topics, headings, source=str(path), line=setting_line(path, "structure", "code")
    )


def network_settings(data: Any, path: Path) -> NetworkSettings:
    if not isinstance(data, dict):
        raise setting_error(path, "network", "`network` must be a mapping")
    refuse_unknown("network", data, SECTIONS, path)
    values: dict[str, Any] = {}
    for key in ("members", "organisation_attribute", "governance_attribute"):
        if key in data:
            if not isinstance(data[key], str) or not data[key].strip():
                raise setting_error(
                    path, f"network.{key}", f"`network.{key}` must be a non-empty text"
                )
            values[key] = data[key].strip()
    for key in ("cooperation_codes", "ties"):
        if key in data:
            items = data[key]
            if not isinstance(items, list) or not all(
                isinstance(i, str) and i.strip() for i in items
            ):
                raise setting_error(
                    path,
                    f"network.{key}",
                    f"`network.{key}` must be a list of texts, not {items!r}",
                    hint=f"Write them in brackets: `{key}: [{', '.join(EXAMPLES[key])}]`.",
                )
            if not items:
                raise setting_error(
                    path,
                    f"network.{key}",
                    f"`network.{key}` is empty: no segment would make a tie, every network "
                    "would be empty",
                    hint=f"List at least one (default: [{', '.join(EXAMPLES[key])}]), or remove "
                    "the line for the default.",
                )
            values[key] = tuple(i.strip() for i in items)
    if "max_members_per_segment" in data:
        value = data["max_members_per_segment"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 2:
            raise setting_error(
                path,
                "network.max_members_per_segment",
                "`network.max_members_per_segment` must be a whole number, at least 2, "
                f"not {value!r}",
                hint="A segment naming more members than this is a list: it makes no "
                "co-mention ties (default 4).",
            )
        values["max_members_per_segment"] = value
    wrong = sorted(set(values.get("ties", ())) - set(TIE_RULES))
    if wrong:
        raise setting_error(
            path,
            "network.ties",
            f"unknown tie rule(s) in `network.ties`: {', '.join(wrong)}",
            hint=f"Tie rules: {', '.join(TIE_RULES)}.",
        )
    return NetworkSettings(**values, source=str(path))
