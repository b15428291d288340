"""How transcripts are read into the store: the `speakers`, `coding.preamble` and `import`
settings of project.yaml (parsed by app/project.py).

They live in base/, not corpus/, because the project's settings are read by every command
at start-up: importing ``ptce_coding.corpus`` compiles the speaker-label patterns
(``corpus/__init__`` imports ``corpus.speakers``), which doubled the time of
``import ptce_coding.cli``. Speaker labels are read by privacy/ and interop/ too.

Also what every section's reader (app/project.py, compare/settings.py) says of a wrong
setting: its line in project.yaml, and an unknown key refused with the known ones."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ptce_coding.base.errors import ProjectError

DEFAULT_MAX_MEGABYTES = 50.0  # import.max_megabytes: a bigger file is refused

DEFAULT_INTERVIEWERS = (
    "Enquêteur",
    "Enquêtrice",
    "Enquêteurice",
    "Intervieweur",
    "Intervieweuse",
    "Interviewer",
    "Chercheur",
    "Chercheuse",
    "ENQ",
    "INT",
    "Question",
    "Q",
    "E",
    "E1",
    "E2",
    "I",
)


@dataclass(frozen=True)
class SpeakerSettings:
    """How speaker labels are recognised in transcripts."""

    interviewers: tuple[str, ...] = DEFAULT_INTERVIEWERS
    extra_interviewers: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()  # extra regular expressions with a (?P<name>...) group

    def all_interviewers(self) -> tuple[str, ...]:
        return self.interviewers + self.extra_interviewers


@dataclass(frozen=True)
class ImportSettings:
    """What `import` needs besides the files: speaker labels, the preamble rule, the size
    limit."""

    speakers: SpeakerSettings = field(default_factory=SpeakerSettings)
    preamble: str = "titles"  # coding.preamble: titles (title lines left out) or all
    max_megabytes: float = DEFAULT_MAX_MEGABYTES


def setting_line(path: Path, *keys: str) -> int | None:
    """The line of the setting ``keys`` (``"structure", "code"``) in project.yaml, read
    again as YAML nodes (the settings themselves are plain values); None when not found."""
    try:
        node: yaml.Node | None = yaml.compose(path.read_text(encoding="utf-8"), yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    line = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None
        found = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key]
        if not found:
            return None
        line, node = found[-1][0].start_mark.line + 1, found[-1][1]
    return line


def setting_error(path: Path, key: str, message: str, hint: str | None = None) -> ProjectError:
    """A ProjectError about the setting ``key`` (``"coding.min_confidence"``) of project.yaml,
    with the line where it is written."""
    return ProjectError(message, path=path, line=setting_line(path, *key.split(".")), hint=hint)


def refuse_unknown(
    section: str, data: dict[Any, Any], sections: Mapping[str, Collection[str]], path: Path
) -> None:
    """An unknown key of ``section`` (``""``: the top level; ``"compare.qca"``) is refused,
    never ignored: a typo (`interviewer_turn`) or a setting indented under the wrong section
    would silently leave the default in force. ``sections``: every section's keys, to say
    where a misplaced setting belongs."""
    known = set(sections[section])
    unknown = sorted((str(key) for key in set(data) - known), key=str)
    if not unknown:
        return
    guesses, also = [], []
    for key in unknown:
        homes = [name for name, keys in sections.items() if name != section and key in keys]
        places = " or ".join(
            "at the top level" if not name else f"under `{name}`" for name in homes
        )
        if close := difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6):
            guesses.append(f"`{key}` → did you mean `{close[0]}`?")
            if homes:  # `coder:` under `analysis`: `coders`, or the top-level `coder`?
                also.append(f"`{key}` is a setting {places}.")
        elif homes:
            guesses.append(f"`{key}` belongs {places}")
    where = f"`{section}` setting(s)" if section else "setting(s)"
    hint = " ".join([*also, f"Known {where.replace('(s)', 's')}: {', '.join(sorted(known))}."])
    lines = [
        setting_line(path, *section.split("."), key) if section else setting_line(path, key)
        for key in unknown
    ]
    raise ProjectError(
        f"unknown {where}: {', '.join(unknown)}" + (f" ({'; '.join(guesses)})" if guesses else ""),
        path=path,
        line=min((line for line in lines if line is not None), default=None),
        hint=hint,
    )
