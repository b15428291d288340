"""Reading project.yaml: its bytes as UTF-8, its YAML with no key given twice, and whether its
`language` is one the toolkit has a pipeline for. ``project.py`` turns what is read into
settings; where a setting is written, for messages that give its line, is found by
``base/settings.py`` (compare/ reads its own section and cannot import app/)."""

from __future__ import annotations

import difflib
from collections.abc import Hashable
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import yaml

from ptce_coding.base.errors import ProjectError
from ptce_coding.base.settings import setting_line
from ptce_coding.base.yaml_errors import yaml_stop


class _DuplicateKey(yaml.constructor.ConstructorError):
    """A mapping of project.yaml gives one key twice (YAML would keep the second silently)."""

    def __init__(self, key: object, first: int, node: yaml.Node) -> None:
        super().__init__(None, None, f"`{key}` is given twice", node.start_mark)
        self.key, self.lines = key, (first, node.start_mark.line + 1)


class _SettingsLoader(yaml.SafeLoader):
    """The safe YAML loader, refusing a key given twice in a mapping."""


def _unique_keys(loader: _SettingsLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    first_lines: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":  # `<<:` keys may be overridden
            continue
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):  # construct_mapping says what is wrong with it
            continue
        if key in first_lines:
            raise _DuplicateKey(key, first_lines[key], key_node)
        first_lines[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=True)


_SettingsLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_keys)


def read_settings(path: Path) -> Any:
    """project.yaml parsed: a ProjectError with the line for bytes that are not UTF-8, for a
    key given twice and for malformed YAML (``_malformed``)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProjectError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x} cannot be read)",
            path=path,
            line=data[: exc.start].count(b"\n") + 1,
            hint=f"Save {path.name} as UTF-8 (your editor's « Save as… », encoding UTF-8) "
            "and run the command again.",
        ) from None
    try:
        return yaml.load(text, Loader=_SettingsLoader)
    except _DuplicateKey as exc:
        first, second = exc.lines
        raise ProjectError(
            f"{exc.problem} (lines {first} and {second})",
            path=path,
            line=second,
            hint=f"Keep one `{exc.key}:` (merge what the two say) and run the command again.",
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise _malformed(exc, path) from None


_CLOSE = {
    "a text in double quotes": "Inside double quotes a backslash starts an escape: write "
    "Windows paths with / or in single quotes; and close the quote on the line it opens.",
    "a text in quotes": "Close the quote on that line.",
    "a text in single quotes": "Close the quote on that line (a ' inside is written '').",
    "a list in brackets [ ]": "Close the bracket ] on that line, with a comma between items.",
    "a mapping in braces { }": "Close the brace } on that line, with a comma between items.",
}


def _malformed(exc: yaml.MarkedYAMLError, path: Path) -> ProjectError:
    """A YAML syntax error of project.yaml, with the line where it is and what to do: a tab
    (YAML indents with spaces), a quote or bracket left open (said with the line where it
    opens: YAML notices it lines further down)."""
    stop = yaml_stop(exc, "the file cannot be read as YAML")
    problem, line, start = stop.problem, stop.line, stop.opened_line
    opened = stop.opened if stop.opened in _CLOSE else None
    if stop.tab:
        return ProjectError(
            f"malformed YAML: a tab character ({problem})",
            path=path,
            line=line,
            hint="YAML indents with spaces, never tabs: replace the tab on that line with "
            "spaces (two per level, as the lines around it).",
        )
    if opened and start is not None and start != line:
        return ProjectError(
            f"malformed YAML: {opened} opened here is not closed (YAML stopped at line "
            f"{line}: {problem})",
            path=path,
            line=start,
            hint=_CLOSE[opened],
        )
    if opened:
        return ProjectError(
            f"malformed YAML: {problem}, in {opened}", path=path, line=line, hint=_CLOSE[opened]
        )
    return ProjectError(
        f"malformed YAML: {problem}",
        path=path,
        line=line,
        hint="Each line is `setting: value`; a section's settings are indented by the same "
        "spaces under it; a value holding `: ` or starting with [ { * & ! is written in "
        "quotes. `ptce-coding init DIR` writes a complete example.",
    )


def spacy_languages() -> list[str]:
    """The languages spaCy has a tokenizer for (its ``spacy.lang`` packages), found without
    importing spaCy (slow to import: this runs at every command)."""
    spec = find_spec("spacy")
    folders = list(spec.submodule_search_locations or []) if spec else []
    return sorted(
        entry.name
        for folder in folders
        if (Path(folder) / "lang").is_dir()
        for entry in (Path(folder) / "lang").iterdir()
        if entry.is_dir() and not entry.name.startswith("_") and entry.name != "xx"
    )


def check_language(language: str, path: Path) -> None:
    """`language`: fr (the full French model) or a language spaCy can tokenise (a blank
    pipeline for `suggest` and `evaluate`: tagging/languages.py)."""
    known = spacy_languages()
    if language in known or not known:  # no spaCy found here: `suggest` will say so
        return
    close = difflib.get_close_matches(language.lower().split("-")[0].split("_")[0], known, n=1)
    raise ProjectError(
        f"`language`: spaCy does not know the language {language!r}, so the toolkit has no "
        "pipeline for it" + (f" (did you mean {close[0]}?)" if close else ""),
        path=path,
        line=setting_line(path, "language"),
        hint="Set `language` to fr (the full French model) or to a language spaCy tokenises "
        "(a blank pipeline, for `suggest` and `evaluate`: "
        f"{', '.join(c for c in known if c != 'fr')}).",
    )
